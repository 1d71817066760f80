#!/usr/bin/env bash
# make bench-compare BASE=<commit>: BASE's release binaries against HEAD's, on the same data and
# the same machine, and every artifact of the two compared byte for byte.
#
# Usage: scripts/bench-compare.sh BASE HEAD_BIN
#   BASE       a commit, tag or branch. Its binaries are built once in .build-base/ (sources from
#              `git archive` in .build-base/src, scratch path .build-base/build, apart from HEAD's
#              .build) and reused while .build-base/BASE_SHA names the same commit.
#   HEAD_BIN   this checkout's release bin folder (the Makefile passes $(RELEASE_BIN)).
# Environment:
#   ROUNDS              timed rounds (3); BASE=HEAD gives an A/A run, i.e. the noise floor
#   BENCH_DATA          where the data and runs live (/tmp/cube-bench), shared with scripts/bench.sh
#   CHANGED_ON_PURPOSE  artifact names whose format HEAD changes on purpose ("plan.json" for both
#                       runs, "bench-local/plan.json" for one): listed, not compared
#   SWIFT               the swift driver for BASE's build (swift)
#
# What it does:
#  1. Timed rounds. Each round runs BASE, then HEAD, each with a fresh cube-sandbox of its own
#     binaries, fresh run directories and a fresh contact history: ingest, validate, submit and
#     report of the 1,000,000-row bench-submit data, then the bench-local-time data (ingest and
#     validate untimed, then dry run, submit and report timed).
#  2. One comparison round, untimed: the same steps for BASE and HEAD in turn, step by step, on
#     ONE sandbox (HEAD's). Why not the last timed round: the sandbox draws which recipients fail
#     from the campaign id (FailureReasons.outcome), and campaign ids are random ULIDs, so two
#     sandboxes never fail the same recipients and results.ndjson, report.csv, failed.csv,
#     summary.json, campaigns.json, report.html and even run.json (counts by outcome) would always
#     differ. On one sandbox HEAD's creates carry BASE's idempotency keys (same run id, same plan)
#     and are answered with BASE's campaigns, so the two runs see the very same answers and every
#     artifact can match to the byte; only a few wall-clock fields are set aside (see
#     normalise_rules). A sandbox refusing HEAD's create ("Idempotency-Key ... different request
#     body") means HEAD sends other bytes for the same part: that stops the script, as it should.
#  3. A table of medians (and min..max) per step, the artifact verdicts, and exit 1 if any
#     compared artifact differs.
# Sourcing the file only defines its functions (to try the comparison on folders of one's own).
set -euo pipefail

DATA=${BENCH_DATA:-/tmp/cube-bench}
ROUNDS=${ROUNDS:-3}
CHANGED_ON_PURPOSE=${CHANGED_ON_PURPOSE:-}
SWIFT=${SWIFT:-swift}
BASE_DIR=.build-base
WORK="$DATA/compare"
TIMES="$WORK/times.tsv"
VERDICTS="$WORK/artifacts.tsv"
LOGS="$WORK/logs"
PIPELINE="$DATA/bench-compare.yaml"
LOCAL_PIPELINE="$DATA/bench-compare-local.yaml"
# As scripts/bench.sh starts it for bench-submit, bench-report and bench-local-time.
SANDBOX_FLAGS=(--send-rate 10000000 --start-delay 0 --failure-rate 0.05)
PRODUCTS=(campaign-ingest campaign-validate campaign-submit campaign-report cube-sandbox)
# Every step of one side up to the local report (which needs the sandbox's clock moved first).
STEPS=(ingest validate submit report "local ingest" "local validate" "local dry run" "local submit")
export CUBE_ACCOUNT_ID=sandbox-account

# Stops with exit 1, the sandbox stopped first: left to sandbox.sh's EXIT trap, its `wait` (status
# 143, the killed sandbox's) would become the script's exit status under set -e.
die() {
  echo "bench-compare: $*" >&2
  stop_sandbox
  exit 1
}

have_binaries() {  # BIN: whether every binary the runs need is there
  local product
  for product in "${PRODUCTS[@]}"; do [ -x "$1/$product" ] || return 1; done
}

# ---- BASE's binaries ---------------------------------------------------------------------------

base_swift() { "$SWIFT" build -c release --package-path "$BASE_DIR/src" --scratch-path "$BASE_DIR/build" "$@"; }

# Sets BASE_BIN. The sources come from `git archive` (no worktree metadata to clean up); `tar -m`
# gives them the time of extraction, so the kept scratch folder never takes an older BASE's objects
# for up to date, while the dependencies it compiled before are reused. BASE_SHA is written only
# after a build that produced every binary, so an interrupted build is redone.
build_base() {  # FULL_SHA
  local sha=$1
  if [ "$(cat "$BASE_DIR/BASE_SHA" 2>/dev/null)" = "$sha" ] && [ -f "$BASE_DIR/src/Package.swift" ]; then
    BASE_BIN=$(base_swift --show-bin-path) || BASE_BIN=""
    if have_binaries "$BASE_BIN"; then
      echo "BASE's binaries: reused from $BASE_BIN"
      return 0
    fi
  fi
  rm -rf "$BASE_DIR/src" "$BASE_DIR/BASE_SHA"
  mkdir -p "$BASE_DIR/src"
  git archive --format=tar "$sha" | tar -x -m -C "$BASE_DIR/src"
  # Package.resolved is not committed: BASE gets the dependency versions HEAD's build resolved, so
  # the comparison measures this project's code (SwiftPM resolves again if BASE's manifest differs).
  if [ -f Package.resolved ]; then cp Package.resolved "$BASE_DIR/src/"; fi
  echo "building BASE ${sha:0:7}: $SWIFT build -c release --package-path $BASE_DIR/src --scratch-path $BASE_DIR/build"
  base_swift || die "BASE's release build failed (sources in $BASE_DIR/src)"
  BASE_BIN=$(base_swift --show-bin-path)
  have_binaries "$BASE_BIN" || die "BASE's build has no ${PRODUCTS[*]} in $BASE_BIN"
  echo "$sha" >"$BASE_DIR/BASE_SHA"
}

# ---- data: what scripts/bench.sh generates for bench-submit and bench-local-time -----------------

bench_pipeline() { cp scripts/bench-pipeline.yaml "$1"; }  # FILE: the benchmarks' pipeline, as bench.sh uses it

# Own file names, so a bench.sh run (which rewrites $DATA/bench.yaml) cannot change them midway;
# the contents are bench-submit's and bench-local-time's.
make_data() {
  mkdir -p "$DATA"
  bench_pipeline "$PIPELINE"
  sed -i 's/report: {fetch: full}/report: {fetch: full}\nbatch_size: 50000/' "$PIPELINE"
  bench_pipeline "$LOCAL_PIPELINE"
  sed -i 's/phone: {region: SA}/phone: {region: SA, accept: possible}\nbatch_size: 50000/' "$LOCAL_PIPELINE"
  printf 'schedule: {timezone: Asia/Riyadh, window: "09:00-21:00", local_time: true}\n' >>"$LOCAL_PIPELINE"
  [ -f "$DATA/1m-clean.csv" ] || python3 - "$DATA/1m-clean.csv" <<'PY'
import sys
with open(sys.argv[1], "w") as out:
    out.write("first_name,mobile,order\n")
    for i in range(1000000):
        out.write(f"Name {i},+9665{i:08d},ORD-{i}\n")
PY
  [ -f "$DATA/1m-zones.csv" ] || python3 scripts/gen_data.py zones 1000000 "$DATA/1m-zones.csv"
}

# ---- running the stages ------------------------------------------------------------------------

# start_sandbox (scripts/sandbox.sh) starts cube-sandbox in the background and sets an EXIT trap
# that kills it. Each side needs a fresh one (nothing created by the other side, a clock that was
# never moved), so this stops it the way that trap would, and drops the trap with it; the next
# start_sandbox sets its own (on a new free port, exported in CUBE_BASE_URL).
stop_sandbox() {
  [ -n "${SANDBOX_PID:-}" ] || return 0
  kill "$SANDBOX_PID" 2>/dev/null || true
  wait "$SANDBOX_PID" 2>/dev/null || true  # its exit status is the kill's: not a failure
  rm -f "$SANDBOX_LOG"
  trap - EXIT
  SANDBOX_PID=""
}

# Runs STEP of SIDE's runs under ROOT (bench/ for the bench-submit data, bench-local/ for the
# local-time data: the same folder names for both sides, because the run id goes into campaign
# names and idempotency keys). Stops the script if the step fails. A timed step's seconds and
# peak MiB go to $TIMES; LAST_SECONDS keeps the seconds for the progress line.
do_step() {  # SIDE BIN ROOT STEP yes|no
  local side=$1 bin=$2 root=$3 step=$4 timed=$5
  local run="$root/bench" pipeline="$PIPELINE" input="$DATA/1m-clean.csv" cmd
  case $step in
  local*) run="$root/bench-local" pipeline="$LOCAL_PIPELINE" input="$DATA/1m-zones.csv" ;;
  esac
  case $step in
  ingest | "local ingest") cmd=("$bin/campaign-ingest" --pipeline "$pipeline" --run "$run" "$input") ;;
  validate | "local validate") cmd=("$bin/campaign-validate" --pipeline "$pipeline" --run "$run") ;;
  "local dry run") cmd=("$bin/campaign-submit" --pipeline "$pipeline" --run "$run" --dry-run) ;;
  submit | "local submit") cmd=("$bin/campaign-submit" --pipeline "$pipeline" --run "$run") ;;
  report | "local report") cmd=("$bin/campaign-report" --pipeline "$pipeline" --run "$run" --timeout 600) ;;
  *) die "unknown step $step" ;;
  esac
  # A run starts from nothing: no run directory and no contact history from an earlier round.
  case $step in
  ingest | "local ingest") rm -rf "$run" "$run.state" ;;
  esac
  mkdir -p "$LOGS"
  local log="$LOGS/$side-${step// /-}.log" out seconds peak rc
  # measure.py prints "seconds peak rc"; the stage's own log (stderr) goes to $log.
  out=$(CUBE_STATE_DIR="$run.state" python3 scripts/measure.py "${cmd[@]}" 2>"$log") || true
  read -r seconds peak rc <<<"$out" || true
  if [ "${rc:-}" != 0 ]; then
    echo "bench-compare: $side ($PHASE): $step failed with exit ${rc:-?} (${cmd[*]}); the end of $log:" >&2
    tail -n 15 "$log" >&2
    if [ "$PHASE" = "comparison round" ] && [ "$side" = head ] && [[ $step == *submit* ]]; then
      echo "(on the sandbox shared with BASE: a refused create means HEAD sends other bytes under BASE's idempotency key)" >&2
    fi
    stop_sandbox
    exit 1
  fi
  if [ "$timed" = yes ]; then
    printf '%s\t%s\t%s\t%s\t%s\n' "$ROUND" "$side" "$step" "$seconds" "$peak" >>"$TIMES"
  fi
  LAST_SECONDS=$seconds
}

# One timed round: BASE, then HEAD, each on a fresh sandbox of its own binaries.
timed_round() {
  local side bin root step progress
  for side in base head; do
    if [ "$side" = base ]; then bin=$BASE_BIN; else bin=$HEAD_BIN; fi
    root="$WORK/timed/$side"
    start_sandbox "$bin" "${SANDBOX_FLAGS[@]}" || die "$side ($PHASE): cube-sandbox did not start"
    progress=""
    for step in "${STEPS[@]}"; do
      case $step in
      "local ingest" | "local validate") do_step "$side" "$bin" "$root" "$step" no ;;
      *)
        do_step "$side" "$bin" "$root" "$step" yes
        progress+=" $step $LAST_SECONDS s,"
        ;;
      esac
    done
    advance_to_schedules >/dev/null || die "$side ($PHASE): the sandbox's clock could not be moved to the schedules"
    do_step "$side" "$bin" "$root" "local report" yes
    stop_sandbox
    echo "$PHASE, $side:$progress local report $LAST_SECONDS s"
  done
}

# The untimed round whose artifacts are compared: both sides step by step on one sandbox (see the
# top of the file). Both local submits come before the clock moves, so each creates (or replays)
# while its schedule is still ahead of the sandbox's clock.
comparison_round() {
  local step root="$WORK/same-sandbox"
  rm -rf "$root"
  start_sandbox "$HEAD_BIN" "${SANDBOX_FLAGS[@]}" || die "comparison round: cube-sandbox did not start"
  for step in "${STEPS[@]}"; do
    do_step base "$BASE_BIN" "$root/base" "$step" no
    do_step head "$HEAD_BIN" "$root/head" "$step" no
  done
  advance_to_schedules >/dev/null || die "comparison round: the sandbox's clock could not be moved to the schedules"
  do_step base "$BASE_BIN" "$root/base" "local report" no
  do_step head "$HEAD_BIN" "$root/head" "local report" no
  stop_sandbox
}

# ---- comparing the artifacts --------------------------------------------------------------------

# What two runs on one sandbox may legitimately write differently, by file name: pairs of a Python
# regular expression and its replacement (applied to the whole file), in RULES; what they set
# aside, in WHAT. Every other file is compared as it is. All of these are small files.
#   plan.json       planned_at: the wall clock when the plan was made; instance: run.json's (random)
#   run.json        instance: a random id ingest gives each run (part of the history's run key)
#   journal.ndjson  the `planned` line: planned_at, and plan_digest (plan.json's SHA-256, which
#                   covers planned_at and instance)
#   preview.html    "planned <time>" at the foot of the page
#   summary.json    timings (seconds) and requests (set aside as the issue asks; on one sandbox
#                   the count is in fact the same for equal code)
#   report.html     the same two, as the Timings table and the request count
normalise_rules() {  # NAME: sets RULES and WHAT; fails when the file is compared as it is
  case $1 in
  plan.json)
    RULES=('("planned_at"\s*:\s*)"[^"]*"' '\1"<planned_at>"' '("instance"\s*:\s*)"[0-9a-f]*"' '\1"<instance>"')
    WHAT="planned_at, instance" ;;
  run.json)
    RULES=('("instance"\s*:\s*)"[0-9a-f]*"' '\1"<instance>"')
    WHAT="instance" ;;
  journal.ndjson)
    RULES=('("planned_at"\s*:\s*)"[^"]*"' '\1"<planned_at>"' '("plan_digest"\s*:\s*)"[^"]*"' '\1"<plan_digest>"')
    WHAT="planned_at, plan_digest" ;;
  preview.html)
    RULES=('planned \d{4}-\d\d-\d\dT[0-9:.]+(Z|[+-]\d\d:?\d\d)?' 'planned <planned_at>')
    WHAT="the planned time" ;;
  summary.json)
    RULES=('("timings"\s*:\s*)\{[^{}]*\}' '\1{<timings>}' '("requests"\s*:\s*)[0-9]+' '\1<requests>')
    WHAT="timings, requests" ;;
  report.html)
    RULES=('(<h2>Timings</h2>)<table>.*?</table>' '\1<table><timings></table>' '(API requests while reporting: )[0-9]+' '\1<requests>')
    WHAT="timings, request count" ;;
  *) return 1 ;;
  esac
}

normalise() {  # SRC DST PATTERN REPLACEMENT [PATTERN REPLACEMENT]…
  python3 - "$@" <<'PY'
import re, sys
src, dst, rules = sys.argv[1], sys.argv[2], sys.argv[3:]
data = open(src, "rb").read().decode("utf-8", "surrogateescape")
for pattern, replacement in zip(rules[::2], rules[1::2]):
    data = re.sub(pattern, replacement, data, flags=re.S)
open(dst, "wb").write(data.encode("utf-8", "surrogateescape"))
PY
}

# Where two files first differ: both sides of that place, a line's worth around it. Read in blocks,
# so a difference deep in a 100 MB file costs no more than cmp.
show_difference() {  # A B
  python3 - "$1" "$2" <<'PY'
import sys
with open(sys.argv[1], "rb") as a, open(sys.argv[2], "rb") as b:
    offset, line, seen = 0, 1, b""  # bytes and lines before this block; the end of the last block
    while True:
        x, y = a.read(1 << 20), b.read(1 << 20)
        if x == y:
            if not x:
                print("      (no difference)")
                break
            offset, line, seen = offset + len(x), line + x.count(b"\n"), (seen + x)[-200:]
            continue
        m = min(len(x), len(y))
        n = next((i for i in range(m) if x[i] != y[i]), m)
        line += x[:n].count(b"\n")
        before = (seen + x[:n]).rsplit(b"\n", 1)[-1][-100:]
        def show(rest):
            if not rest:
                return "(ends here)"
            text = before + rest.split(b"\n", 1)[0][:100]
            try:
                if b"\0" not in text:
                    return text.decode("utf-8")
            except UnicodeDecodeError:
                pass
            return "bytes " + rest[:16].hex(" ")  # a binary file (recipients.zones): the bytes from there
        print(f"      first difference at byte {offset + n + 1}, line {line}")
        print(f"      base: {show(x[n:])}")
        print(f"      head: {show(y[n:])}")
        break
PY
}

on_purpose() {  # NAME (run/file): whether CHANGED_ON_PURPOSE lists it, as run/file or as file
  local listed
  for listed in $CHANGED_ON_PURPOSE; do
    [ "$listed" = "$1" ] || [ "$listed" = "${1##*/}" ] && return 0
  done
  return 1
}

# Every file of either side's runs (the contact histories beside them are SQLite databases, not
# artifacts), one line each; "run/file<TAB>verdict" into $VERDICTS. Returns 1 if any differs.
compare_artifacts() {  # BASE_ROOT HEAD_ROOT
  local base=$1 head=$2 name file a b verdict status=0 norm
  norm=$(mktemp -d)
  : >"$VERDICTS"
  echo "artifacts of the comparison round (base: $base, head: $head):"
  while IFS= read -r name; do
    file=${name##*/}
    a="$base/$name" b="$head/$name"
    if on_purpose "$name"; then
      verdict="format changed on purpose (not compared)"
    elif [ "$file" = .lock ]; then
      verdict="not compared (holds the pid of its last writer)"
    elif [ ! -f "$a" ]; then
      verdict="only in head" status=1
    elif [ ! -f "$b" ]; then
      verdict="only in base" status=1
    else
      local set_aside=""
      if normalise_rules "$file"; then
        mkdir -p "$norm/base/${name%/*}" "$norm/head/${name%/*}"
        normalise "$a" "$norm/base/$name" "${RULES[@]}"
        normalise "$b" "$norm/head/$name" "${RULES[@]}"
        a="$norm/base/$name" b="$norm/head/$name" set_aside=" ($WHAT set aside)"
      fi
      if cmp -s "$a" "$b"; then
        verdict="identical$set_aside"
      else
        verdict="differs$set_aside" status=1
      fi
    fi
    printf '  %-36s %s\n' "$name" "$verdict"
    [[ $verdict == differs* ]] && show_difference "$a" "$b"
    printf '%s\t%s\n' "$name" "$verdict" >>"$VERDICTS"
  done < <({ (cd "$base" && find . -type f -not -path './*.state/*'); (cd "$head" && find . -type f -not -path './*.state/*'); } \
    | sed 's|^\./||' | LC_ALL=C sort -u)
  rm -rf "$norm"
  campaigns_note "$base" "$head"
  return $status
}

# When HEAD's submit did not get BASE's campaigns back (its keys differ), the sandbox drew other
# failures for them: the report's files cannot match then, and this says why.
campaigns_note() {  # BASE_ROOT HEAD_ROOT
  local run
  for run in bench bench-local; do
    if [ ! -f "$1/$run/journal.ndjson" ] || [ ! -f "$2/$run/journal.ndjson" ]; then continue; fi
    if ! cmp -s <(grep -o '"campaign_id" *: *"[^"]*"' "$1/$run/journal.ndjson" | sort) \
      <(grep -o '"campaign_id" *: *"[^"]*"' "$2/$run/journal.ndjson" | sort); then
      echo "  note: $run: HEAD's submit got campaigns other than BASE's (its idempotency keys differ, see plan.json),"
      echo "        so the sandbox failed other recipients and the report's files cannot match."
      if [ "$run" = bench-local ]; then
        echo "        A key covers its part's start: if a send window opened between the two plans, run it again."
      fi
    fi
  done
}

# ---- the table ----------------------------------------------------------------------------------

print_table() {  # TITLE: medians and ranges from $TIMES, verdicts from $VERDICTS
  python3 - "$TIMES" "$VERDICTS" "$1" <<'PY'
import collections, statistics, sys, textwrap
times, verdicts, title = sys.argv[1:4]
steps = ["ingest", "validate", "submit", "report", "local dry run", "local submit", "local report"]
runs = collections.defaultdict(list)  # (side, step) -> [(seconds, MiB)] over the rounds
for line in open(times):
    _, side, step, seconds, mib = line.rstrip("\n").split("\t")
    runs[side, step].append((float(seconds), float(mib)))
steps = [s for s in steps if runs["base", s] and runs["head", s]]

def ratio(base, head):
    return f"{head / base:.2f}x" if base > 0 else "n/a"

print(title)
print(f"{'step':<14}{'base s':>9}{'head s':>9}{'ratio':>8}{'base MiB':>11}{'head MiB':>11}{'ratio':>8}")
for step in steps:
    (bs, bm), (hs, hm) = [[statistics.median(v[i] for v in runs[side, step]) for i in (0, 1)] for side in ("base", "head")]
    print(f"{step:<14}{bs:>9.2f}{hs:>9.2f}{ratio(bs, hs):>8}{bm:>11.1f}{hm:>11.1f}{ratio(bm, hm):>8}")
print()
print(f"{'min..max':<14}{'base s':>14}{'head s':>14}{'base MiB':>16}{'head MiB':>16}")
for step in steps:
    cells = []
    for i, digits, width in ((0, 2, 14), (1, 1, 16)):
        for side in ("base", "head"):
            values = [v[i] for v in runs[side, step]]
            cells.append(f"{min(values):.{digits}f}..{max(values):.{digits}f}".rjust(width))
    print(f"{step:<14}{cells[0]}{cells[1]}{cells[2]}{cells[3]}")
print()

# One entry per file name, in the order the stages write them; a name whose verdict is not the same
# in both runs (bench, bench-local) names each run: "plan.json differs (bench) / identical (bench-local)".
order = ["run.json", "ingested.ndjson", "recipients.ndjson", "rejects.csv", "fix.csv", "template.json", "plan.json",
         "preview.html", "recipients.zoned.ndjson", "recipients.zones", "journal.ndjson", "campaigns.json",
         "results.ndjson", "report.csv", "summary.json", "report.html", "failed.csv"]
by_file = collections.defaultdict(list)
for line in open(verdicts):
    name, verdict = line.rstrip("\n").split("\t")
    run, _, file = name.rpartition("/")
    short = "changed on purpose" if verdict.startswith("format") else verdict.split(" (")[0]
    by_file[file].append((run, short))
entries = []
for file in sorted(by_file, key=lambda f: (order.index(f) if f in order else len(order), f)):
    seen = by_file[file]
    if len({v for _, v in seen}) == 1:
        entries.append(f"{file} {seen[0][1]}")
    else:
        entries.append(f"{file} " + " / ".join(f"{v} ({r})" for r, v in seen))
print(textwrap.fill("artifacts: " + ", ".join(entries), width=110, subsequent_indent="  ", break_on_hyphens=False))
PY
}

# ---- main ---------------------------------------------------------------------------------------

main() {
  cd "$(dirname "$0")/.."
  local base_rev=${1:-} head_label status=0
  HEAD_BIN=${2:-}
  if [ -z "$base_rev" ]; then
    echo "usage: make bench-compare BASE=<commit>  (scripts/bench-compare.sh BASE HEAD_BIN): name the commit to compare HEAD with" >&2
    exit 64
  fi
  local base_sha
  base_sha=$(git rev-parse --verify --quiet "$base_rev^{commit}") || {
    echo "bench-compare: BASE=$base_rev is not a commit of this repository" >&2
    exit 64
  }
  if [ -z "$HEAD_BIN" ] || ! have_binaries "$HEAD_BIN"; then
    echo "bench-compare: HEAD's release binaries (${PRODUCTS[*]}) are not in '${HEAD_BIN}': run it as make bench-compare BASE=…" >&2
    exit 64
  fi
  [[ $ROUNDS =~ ^[1-9][0-9]*$ ]] || { echo "bench-compare: ROUNDS must be a whole number from 1, not '$ROUNDS'" >&2; exit 64; }
  # HEAD's binaries are built from the working tree: say so when it is not HEAD's commit (new,
  # untracked sources are built too, so they count).
  head_label=$(git rev-parse --short HEAD)
  [ -z "$(git status --porcelain 2>/dev/null)" ] || head_label+=" + uncommitted changes"

  # shellcheck source=scripts/sandbox.sh
  source scripts/sandbox.sh
  build_base "$base_sha"
  make_data
  rm -rf "$WORK"
  mkdir -p "$WORK" "$LOGS"
  : >"$TIMES"
  local rounds="$ROUNDS rounds"
  [ "$ROUNDS" != 1 ] || rounds="1 round"
  echo "bench-compare: BASE ${base_sha:0:7} ($(git log -1 --format=%s "$base_sha" | cut -c1-60)) vs HEAD $head_label; $rounds, runs in $WORK"

  for ((ROUND = 1; ROUND <= ROUNDS; ROUND++)); do
    PHASE="round $ROUND/$ROUNDS"
    timed_round
  done
  PHASE="comparison round"
  echo "comparison round: BASE and HEAD step by step on one sandbox (untimed)"
  comparison_round
  echo
  compare_artifacts "$WORK/same-sandbox/base" "$WORK/same-sandbox/head" || status=1
  echo
  print_table "bench-compare: BASE ${base_sha:0:7} vs HEAD $head_label (release, $(nproc) cores, $rounds, medians)"
  if [ "$status" != 0 ]; then
    echo "bench-compare: artifacts differ between BASE and HEAD (see above); list a format changed on purpose in CHANGED_ON_PURPOSE" >&2
  fi
  return $status
}

if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
  main "$@"
fi
