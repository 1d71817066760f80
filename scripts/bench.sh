#!/usr/bin/env bash
# make bench-NAME: generates its data, runs release binaries, prints numbers.
# Usage: scripts/bench.sh ingest|validate|history|sandbox|submit|report BIN
set -euo pipefail
cd "$(dirname "$0")/.."
WHAT="$1"
BIN="$2"
DATA=${BENCH_DATA:-/tmp/cube-bench}
mkdir -p "$DATA"
export CUBE_ACCOUNT_ID=sandbox-account
source scripts/sandbox.sh

measure() { python3 scripts/measure.py "$@"; }

bench_pipeline() { cp scripts/bench-pipeline.yaml "$DATA/bench.yaml"; }

rate() { python3 -c "import sys; print(f'{int(sys.argv[1]) / float(sys.argv[2]):,.0f}')" "$1" "$2"; }

ingest_one() {  # label rows file
  local run="$DATA/run-ingest-$1"
  rm -rf "$run"
  read -r seconds peak rc < <(measure "$BIN/campaign-ingest" --pipeline "$DATA/bench.yaml" --run "$run" "$3")
  [ "$rc" = 0 ] || { echo "campaign-ingest failed on $3" >&2; exit 1; }
  printf '%-28s %10s rows  %7.2f s  %12s rows/s  peak %6.1f MiB\n' "$1" "$2" "$seconds" "$(rate "$2" "$seconds")" "$peak"
}

# The floor under submit and report, measured beside them (this VM's speed moves): one curl
# process POSTs the same 20 create bodies of 50,000 to a fresh sandbox over one keep-alive
# connection, then GETs all 10,000 recipient pages (per_page 100) the same way.
floor() {
  local bodies="$DATA/floor-bodies"
  if [ ! -f "$bodies/20.json" ]; then
    mkdir -p "$bodies"
    python3 - "$bodies" <<'PY'
import json, sys
for part in range(20):
    recipients = []
    for i in range(part * 50000, (part + 1) * 50000):
        recipients.append({"name": f"Name {i}", "phone": f"+9665{i:08d}", "variables": {"1": f"Name {i}", "2": f"ORD-{i}", "3": "CUBE20"}})
    body = {"campaign_name": f"floor part {part + 1}/20", "message_type": "template", "recipients": recipients,
            "template_language": "ar", "template_name": "order_confirmation", "whatsapp_account_id": "sandbox-account"}
    with open(f"{sys.argv[1]}/{part + 1}.json", "w") as out:
        json.dump(body, out, separators=(",", ":"))
PY
  fi
  kill "$SANDBOX_PID" 2>/dev/null; wait "$SANDBOX_PID" 2>/dev/null || true
  start_sandbox "$BIN" --send-rate 10000000 --start-delay 0 --failure-rate 0.05
  local config="$DATA/floor-create.curl"
  : >"$config"
  for part in $(seq 1 20); do
    [ "$part" = 1 ] || echo "next" >>"$config"
    printf 'url = "%s/api/v1/campaigns"\nrequest = "POST"\nheader = "Authorization: Bearer sandbox-key"\nheader = "Content-Type: application/json"\nheader = "Expect:"\ndata-binary = "@%s/%s.json"\noutput = "%s/created-%s.json"\n' \
      "$CUBE_BASE_URL" "$bodies" "$part" "$DATA" "$part" >>"$config"
  done
  read -r create_s _ rc < <(measure curl -sS -K "$config")
  [ "$rc" = 0 ] || { echo "the floor's creates failed" >&2; exit 1; }
  sleep 2
  local pages="$DATA/floor-pages.curl"
  python3 - "$DATA" "$CUBE_BASE_URL" >"$pages" <<'PY'
import json, sys
data, base = sys.argv[1], sys.argv[2]
print('header = "Authorization: Bearer sandbox-key"')
for part in range(1, 21):
    campaign = json.load(open(f"{data}/created-{part}.json"))["data"]["campaign_id"]
    for page in range(1, 501):
        print(f'url = "{base}/api/v1/campaigns/{campaign}/recipients?page={page}&per_page=100"\noutput = "/dev/null"')
PY
  read -r pages_s _ rc < <(measure curl -sS -K "$pages")
  [ "$rc" = 0 ] || { echo "the floor's page fetch failed" >&2; exit 1; }
  printf 'floor: curl POSTs the 20 create bodies: %.2f s (submit is %.2fx that); curl GETs the 10,000 pages: %.2f s' \
    "$create_s" "$(python3 -c "print($submit_s / $create_s)")" "$pages_s"
  [ -n "${report_s:-}" ] && printf ' (report is %.2fx that)' "$(python3 -c "print($report_s / $pages_s)")"
  echo
}

case "$WHAT" in
ingest)
  bench_pipeline
  [ -f "$DATA/1m.csv.gz" ] || python3 scripts/gen_data.py csv 1000000 "$DATA/1m.csv.gz"
  [ -f "$DATA/1m.xml.gz" ] || python3 scripts/gen_data.py xml 1000000 "$DATA/1m.xml.gz"
  [ -f "$DATA/5m.csv" ] || python3 scripts/gen_data.py csv 5000000 "$DATA/5m.csv"
  echo "bench-ingest (release, $(nproc) cores): input → ingested.ndjson"
  ingest_one "gzip CSV" 1000000 "$DATA/1m.csv.gz"
  ingest_one "gzip XML" 1000000 "$DATA/1m.xml.gz"
  ingest_one "plain CSV (memory check)" 5000000 "$DATA/5m.csv"
  # 200,000 rows, three columns, shared strings: the bench CSV's first rows as a workbook.
  if [ ! -f "$DATA/200k.xlsx" ]; then
    [ -f "$DATA/200k.csv" ] || python3 scripts/gen_data.py csv 200000 "$DATA/200k.csv"
    python3 scripts/gen_workbook.py "$DATA/200k.csv" 200000 "$DATA/200k.xlsx"
  fi
  ingest_one "xlsx (shared strings)" 200000 "$DATA/200k.xlsx"
  if python3 -c "import openpyxl" 2>/dev/null; then
    read -r seconds peak rc < <(measure python3 scripts/openpyxl_read.py "$DATA/200k.xlsx")
    printf '%-28s %10s rows  %7.2f s  %12s rows/s  peak %6.1f MiB\n' "openpyxl read-only (python)" 200000 "$seconds" "$(rate 200000 "$seconds")" "$peak"
  else
    echo "openpyxl is not installed (pip install openpyxl): no comparison printed"
  fi
  ;;
xml-floor)
  [ -f "$DATA/1m.xml.gz" ] || python3 scripts/gen_data.py xml 1000000 "$DATA/1m.xml.gz"
  gcc -O2 -o "$DATA/xml_floor" scripts/xml_floor.c $(pkg-config --cflags --libs libxml-2.0) -lz
  echo "bench-xml-floor: libxml2 alone on the 1,000,000-record gzip XML, gunzip included, no work per node"
  for api in reader sax pull; do
    read -r seconds peak rc < <(measure "$DATA/xml_floor" "$api" "$DATA/1m.xml.gz")
    printf '%-7s %6.2f s  %12s records/s\n' "$api" "$seconds" "$(rate 1000000 "$seconds")"
  done
  ;;
validate)
  bench_pipeline
  [ -f "$DATA/1m.csv.gz" ] || python3 scripts/gen_data.py csv 1000000 "$DATA/1m.csv.gz"
  run="$DATA/run-validate"
  # A history of its own: the default one (beside the runs' folder) may hold opt-outs from elsewhere.
  export CUBE_STATE_DIR="$run.state"
  rm -rf "$run" "$run.state"
  read -r s1 p1 rc < <(measure "$BIN/campaign-ingest" --pipeline "$DATA/bench.yaml" --run "$run" "$DATA/1m.csv.gz")
  read -r s2 p2 rc2 < <(measure "$BIN/campaign-validate" --pipeline "$DATA/bench.yaml" --run "$run")
  [ "$rc" = 0 ] && [ "$rc2" = 0 ] || { echo "a stage failed" >&2; exit 1; }
  total=$(python3 -c "print(f'{$s1 + $s2:.2f}')")
  echo "bench-validate (release, $(nproc) cores): 1,000,000-row gzip CSV, mixed phone spellings"
  printf 'ingest    %7.2f s  peak %6.1f MiB\nvalidate  %7.2f s  peak %6.1f MiB\ntogether  %7.2f s  %s rows/s\n' "$s1" "$p1" "$s2" "$p2" "$total" "$(rate 1000000 "$total")"
  grep -A12 '"by_reason"' "$run/run.json" | tr -d ' \n' || true; echo
  # The same validate with the phone fast path off: every answer from libphonenumber's own Parse.
  reference="$DATA/run-validate-reference"
  rm -rf "$reference"; mkdir -p "$reference"
  cp "$run/ingested.ndjson" "$run/run.json" "$reference/"
  read -r s3 p3 rc3 < <(CUBE_PHONES_REFERENCE=1 measure "$BIN/campaign-validate" --pipeline "$DATA/bench.yaml" --run "$reference")
  [ "$rc3" = 0 ] || { echo "the reference validate failed" >&2; exit 1; }
  same=no
  cmp -s "$run/recipients.ndjson" "$reference/recipients.ndjson" && cmp -s "$run/rejects.csv" "$reference/rejects.csv" && same=yes
  printf 'reference %7.2f s  (validate on libphonenumber Parse alone)\nrecipients.ndjson and rejects.csv identical to the reference: %s\n' "$s3" "$same"
  [ "$same" = yes ] || exit 1
  # The same run with a filter that keeps everyone, then with a language column (every cell falls
  # back): what the two keys cost, since they take each record off the byte path.
  for key in filter language; do
    variant="$DATA/run-validate-$key"
    rm -rf "$variant"; mkdir -p "$variant"
    cp "$run/ingested.ndjson" "$run/run.json" "$variant/"
    cp "$DATA/bench.yaml" "$DATA/bench-$key.yaml"
    case $key in
      filter) echo 'filter: [{column: order, not_in: ["none"]}]' >>"$DATA/bench-$key.yaml" ;;
      language) echo 'language: {column: first_name, fallback: ar}' >>"$DATA/bench-$key.yaml" ;;
    esac
    read -r s4 p4 rc4 < <(measure "$BIN/campaign-validate" --pipeline "$DATA/bench-$key.yaml" --run "$variant")
    [ "$rc4" = 0 ] || { echo "validate with $key: failed" >&2; exit 1; }
    printf 'with %-8s %6.2f s  peak %6.1f MiB  (%.2fx plain validate)\n' "$key:" "$s4" "$p4" "$(python3 -c "print($s4 / $s2)")"
  done
  ;;
history)
  # 10,000,000 sends in a SQLite history (filled once, kept in $DATA), then a million recipients checked.
  bench_pipeline
  history="$DATA/history-10m"
  if [ ! -f "$history/history.sqlite" ]; then
    rm -rf "$history"
    "$BIN/history-bench" fill --dir "$history" --sends 10000000 --phones 5000000
  fi
  echo "bench-history (release, $(nproc) cores, SQLite): $(du -h "$history/history.sqlite" | cut -f1) history of 10,000,000 sends"
  # The first open by a release with newer migrations copies the file beside it, then migrates.
  read -r s0 p0 rc0 < <(CUBE_STATE_DIR="$history" measure "$BIN/campaign-history" status)
  read -r s1 p1 rc1 < <(CUBE_STATE_DIR="$history" measure "$BIN/campaign-history" status)
  [ "$rc0" = 0 ] && [ "$rc1" = 0 ] || { echo "campaign-history status failed" >&2; exit 1; }
  printf 'campaign-history status %7.2f s  peak %6.1f MiB  (the first open, which may copy and migrate: %.2f s, %.1f MiB)\n' "$s1" "$p1" "$s0" "$p0"
  "$BIN/history-bench" check --dir "$history" --recipients 1000000
  # Retention on a copy: every one of the 10,000,000 sends older than it, removed in batches.
  pruned="$DATA/history-prune"
  rm -rf "$pruned" && mkdir -p "$pruned"
  sqlite3 "$history/history.sqlite" 'PRAGMA wal_checkpoint(TRUNCATE);' >/dev/null
  cp "$history/history.sqlite" "$pruned/history.sqlite"
  read -r s2 p2 rc2 < <(CUBE_STATE_DIR="$pruned" measure "$BIN/campaign-history" prune --older-than 0d)
  [ "$rc2" = 0 ] || { echo "campaign-history prune failed" >&2; exit 1; }
  left=$(sqlite3 "$pruned/history.sqlite" 'SELECT COUNT(*) FROM sends')
  printf 'prune of 10,000,000 sends %7.2f s  peak %6.1f MiB  (%s sends left)\n' "$s2" "$p2" "$left"
  rm -rf "$pruned"
  # The real thing: validate of a million-row export without and with frequency_cap against that history.
  [ -f "$DATA/1m.csv.gz" ] || python3 scripts/gen_data.py csv 1000000 "$DATA/1m.csv.gz"
  run="$DATA/run-history"
  rm -rf "$run"
  "$BIN/campaign-ingest" --pipeline "$DATA/bench.yaml" --run "$run" "$DATA/1m.csv.gz" >/dev/null
  read -r s1 p1 rc1 < <(CUBE_STATE_DIR="$DATA/history-empty" measure "$BIN/campaign-validate" --pipeline "$DATA/bench.yaml" --run "$run")
  { cat "$DATA/bench.yaml"; echo 'frequency_cap: {same_template: 1/7d, any_template: 2/24h}'; } >"$DATA/bench-capped.yaml"
  read -r s2 p2 rc2 < <(CUBE_STATE_DIR="$history" measure "$BIN/campaign-validate" --pipeline "$DATA/bench-capped.yaml" --run "$run")
  [ "$rc1" = 0 ] && [ "$rc2" = 0 ] || { echo "validate failed" >&2; exit 1; }
  capped=$(python3 -c "import json; print(json.load(open('$run/run.json'))['stages']['validate']['by_reason'].get('frequency_cap', 0))")
  printf 'validate without caps  %7.2f s  peak %6.1f MiB
validate with caps     %7.2f s  peak %6.1f MiB  (%s rejected frequency_cap; the history adds %.2f s)
' \
    "$s1" "$p1" "$s2" "$p2" "$capped" "$(python3 -c "print($s2 - $s1)")"
  ;;
sandbox)
  command -v wrk >/dev/null || { echo "installing wrk"; apt-get install -y -qq wrk >/dev/null; }
  start_sandbox "$BIN" --send-rate 1000000 --start-delay 0 --failure-rate 0.05
  python3 - "$DATA/create-50k.json" <<'PY'
import json, sys
recipients = [{"phone": f"+9665{i:08d}", "name": f"R{i}", "variables": {"1": f"R{i}", "2": f"ORD-{i}", "3": "CUBE20"}} for i in range(50000)]
json.dump({"whatsapp_account_id": "sandbox-account", "message_type": "template", "template_name": "order_confirmation",
           "template_language": "ar", "recipients": recipients}, open(sys.argv[1], "w"))
PY
  echo "bench-sandbox (release, $(nproc) cores shared by sandbox and load generator)"
  create=$(curl -s -o "$DATA/created.json" -w '%{time_total}' -X POST "$CUBE_BASE_URL/api/v1/campaigns" \
    -H 'Authorization: Bearer sandbox-key' -H 'Content-Type: application/json' -H 'Expect:' --data-binary @"$DATA/create-50k.json")
  id=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['data']['campaign_id'])" "$DATA/created.json")
  printf 'create with 50,000 recipients: %.3f s (%s bytes)\n' "$create" "$(stat -c %s "$DATA/create-50k.json")"
  sleep 1
  for target in "GET campaign|/api/v1/campaigns/$id" "recipient page of 100|/api/v1/campaigns/$id/recipients?page=250&per_page=100"; do
    label=${target%%|*}; path=${target#*|}
    rps=$(wrk -t2 -c16 -d10s -H 'Authorization: Bearer sandbox-key' "$CUBE_BASE_URL$path" | awk '/Requests\/sec/ {print $2}')
    printf '%-24s %10s requests/s (16 connections, 10 s)\n' "$label" "$rps"
  done
  ;;
submit|report)
  bench_pipeline
  sed -i 's/report: {fetch: full}/report: {fetch: full}\nbatch_size: 50000/' "$DATA/bench.yaml"
  [ -f "$DATA/1m-clean.csv" ] || python3 - "$DATA/1m-clean.csv" <<'PY'
import sys
with open(sys.argv[1], "w") as out:
    out.write("first_name,mobile,order\n")
    for i in range(1000000):
        out.write(f"Name {i},+9665{i:08d},ORD-{i}\n")
PY
  start_sandbox "$BIN" --send-rate 10000000 --start-delay 0 --failure-rate 0.05
  run="$DATA/run-submit"
  # A fresh contact history each time: the default one (beside the runs' folder) would hold the last bench's sends.
  export CUBE_STATE_DIR="$run.state"
  rm -rf "$run" "$run.state"
  "$BIN/campaign-ingest" --pipeline "$DATA/bench.yaml" --run "$run" "$DATA/1m-clean.csv" 2>/dev/null >/dev/null
  "$BIN/campaign-validate" --pipeline "$DATA/bench.yaml" --run "$run" 2>/dev/null >/dev/null
  read -r s p rc < <(measure "$BIN/campaign-submit" --pipeline "$DATA/bench.yaml" --run "$run")
  [ "$rc" = 0 ] || { echo "campaign-submit failed" >&2; exit 1; }
  echo "bench-$WHAT (release, $(nproc) cores, sandbox on the same machine)"
  submit_line=$(printf 'submit 1,000,000 recipients (%s campaigns): %.2f s, peak %.1f MiB' "$(grep -c '"created"' "$run/journal.ndjson")" "$s" "$p")
  echo "$submit_line"
  if [ "$WHAT" = report ]; then
    read -r s p rc < <(measure "$BIN/campaign-report" --pipeline "$DATA/bench.yaml" --run "$run" --timeout 600)
    [ "$rc" = 0 ] || { echo "campaign-report failed ($rc)" >&2; exit 1; }
    printf 'poll, fetch and join 1,000,000 recipients: %.2f s, peak %.1f MiB\n' "$s" "$p"
    report_s=$s
  fi
  submit_s=$(sed -n 's/.*: \([0-9.]*\) s, peak.*/\1/p' <<<"$submit_line")
  floor
  ;;
local-time)
  # 1,000,000 recipients of Saudi Arabia, Egypt, Britain and the US (interleaved): the plan in input
  # order against the plan by zone group, then the zoned run sent and reported.
  bench_pipeline
  sed -i 's/phone: {region: SA}/phone: {region: SA, accept: possible}\nbatch_size: 50000/' "$DATA/bench.yaml"
  cp "$DATA/bench.yaml" "$DATA/bench-local.yaml"
  printf 'schedule: {timezone: Asia/Riyadh, window: "09:00-21:00", local_time: true}\n' >>"$DATA/bench-local.yaml"
  [ -f "$DATA/1m-zones.csv" ] || python3 scripts/gen_data.py zones 1000000 "$DATA/1m-zones.csv"
  start_sandbox "$BIN" --send-rate 10000000 --start-delay 0 --failure-rate 0.05
  echo "bench-local-time (release, $(nproc) cores, sandbox on the same machine)"
  for kind in input local; do
    pipeline="$DATA/bench.yaml"; [ "$kind" = local ] && pipeline="$DATA/bench-local.yaml"
    run="$DATA/run-$kind"
    rm -rf "$run" "$run.state"
    export CUBE_STATE_DIR="$run.state"
    "$BIN/campaign-ingest" --pipeline "$pipeline" --run "$run" "$DATA/1m-zones.csv" 2>/dev/null >/dev/null
    "$BIN/campaign-validate" --pipeline "$pipeline" --run "$run" 2>/dev/null >/dev/null
    read -r s p rc < <(measure "$BIN/campaign-submit" --pipeline "$pipeline" --run "$run" --dry-run)
    [ "$rc" = 0 ] || { echo "campaign-submit --dry-run failed" >&2; exit 1; }
    printf '%-5s order: dry run (plan and preview), %s recipients, %s parts: %.2f s, peak %.1f MiB\n' "$kind" \
      "$(wc -l <"$run/recipients.ndjson")" "$(grep -c '"idempotency_key"' "$run/plan.json")" "$s" "$p"
    read -r s p rc < <(measure "$BIN/campaign-submit" --pipeline "$pipeline" --run "$run")
    [ "$rc" = 0 ] || { echo "campaign-submit failed" >&2; exit 1; }
    printf '%-5s order: submit (%s campaigns): %.2f s, peak %.1f MiB\n' "$kind" "$(grep -c '"created"' "$run/journal.ndjson")" "$s" "$p"
    advance_to_schedules >/dev/null
    read -r s p rc < <(measure "$BIN/campaign-report" --pipeline "$pipeline" --run "$run" --timeout 600)
    [ "$rc" = 0 ] || { echo "campaign-report failed ($rc)" >&2; exit 1; }
    printf '%-5s order: report (poll, fetch, join): %.2f s, peak %.1f MiB\n' "$kind" "$s" "$p"
  done
  ;;
*)
  echo "unknown benchmark $WHAT (ingest, validate, sandbox, submit, report, local-time)" >&2
  exit 64
  ;;
esac
