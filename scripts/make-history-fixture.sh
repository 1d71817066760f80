#!/usr/bin/env bash
# Makes Tests/EndToEndTests/Fixtures/previous-release-history: a contact history written by the
# previous release's binaries, once in SQLite (history.sqlite) and once in PostgreSQL (a plain
# pg_dump, history.pg.sql), each from one run of the same 200 recipients against a sandbox where 30% of
# the recipients fail (131050 among them, so the history holds opt-outs as well as sends).
#
# Usage: scripts/make-history-fixture.sh BIN
#   BIN  the previous release's binaries: `make bench-compare BASE=2a10c1e` leaves them in
#        .build-base/build/release. Needs PostgreSQL's server binaries (apt-get install postgresql).
set -euo pipefail
BIN=$(cd "$1" && pwd)
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT="$ROOT/Tests/EndToEndTests/Fixtures/previous-release-history"
PG=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
. "$ROOT/scripts/sandbox.sh"
work=$(mktemp -d)
chmod 755 "$work"
mkdir -p "$OUT"
rm -f "$OUT"/history.sqlite "$OUT"/history.pg.sql

cat > "$OUT/pipeline.yaml" <<'YAML'
name: nightly
account: sandbox-account
template: {name: order_confirmation, language: ar}
mapping: {phone: mobile, name: first_name, variables: {"1": first_name, "2": order, "3": {value: X}}}
schedule: {timezone: Asia/Riyadh, window: "00:00-24:00"}
batch_size: 100
reject_limit: 100%
YAML
{ echo "first_name,mobile,order"; for i in $(seq 0 199); do printf 'N%d,+9665%08d,O%d\n' "$i" "$i" "$i"; done; } > "$OUT/input.csv"

# One run of the export, sent and reported, against a sandbox of its own.
send() {
  ( start_sandbox "$BIN" --failure-rate 0.3 --send-rate 10000
    run="$work/$1/night-1"
    common=(--pipeline "$OUT/pipeline.yaml" --run "$run")
    "$BIN/campaign-ingest" "${common[@]}" "$OUT/input.csv"
    "$BIN/campaign-validate" "${common[@]}"
    "$BIN/campaign-submit" "${common[@]}"
    advance_to_schedules
    "$BIN/campaign-report" "${common[@]}" --timeout 60 )
}

CUBE_STATE_DIR="$work/state" send sqlite
sqlite3 "$work/state/history.sqlite" 'PRAGMA wal_checkpoint(TRUNCATE);' >/dev/null
cp "$work/state/history.sqlite" "$OUT/history.sqlite"

chown postgres "$work"
runuser -u postgres -- "$PG/initdb" -D "$work/pg" -A trust -U postgres --no-sync >/dev/null
port=$((20000 + RANDOM % 20000))
runuser -u postgres -- "$PG/pg_ctl" -D "$work/pg" -w -l "$work/pg.log" -o "-p $port -k $work -h 127.0.0.1" start >/dev/null
trap 'runuser -u postgres -- "$PG/pg_ctl" -D "$work/pg" -m fast stop >/dev/null; rm -rf "$work"' EXIT
runuser -u postgres -- "$PG/createdb" -h 127.0.0.1 -p "$port" -U postgres history
CUBE_STATE_URL="postgres://postgres@127.0.0.1:$port/history" send postgres
"$PG/pg_dump" -h 127.0.0.1 -p "$port" -U postgres --no-owner --no-privileges history > "$OUT/history.pg.sql"

echo "made $OUT: $(sqlite3 "$OUT/history.sqlite" 'SELECT COUNT(*) FROM sends') sends and" \
  "$(sqlite3 "$OUT/history.sqlite" 'SELECT COUNT(*) FROM opt_outs') opt-outs in SQLite;" \
  "$(grep -c '^INSERT\|^+966' "$OUT/history.pg.sql" || true) lines of rows in the dump"
