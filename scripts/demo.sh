#!/usr/bin/env bash
# make demo: every file in samples/ through all four stages against a local
# cube-sandbox; prints a summary; stops the sandbox however it ends.
set -euo pipefail
BIN="$1"
cd "$(dirname "$0")/.."
source scripts/sandbox.sh
start_sandbox "$BIN" --failure-rate 0.1
mkdir -p runs
RUN="runs/demo-$(date -u +%Y%m%dT%H%M%SZ)"
# A fresh sandbox gets a fresh contact history (beside the run, removed by make clean): the last
# demo's sends are not this sandbox's, and would make this one "sent previously" by a run it never saw.
export CUBE_STATE_DIR="$RUN.state"
PIPELINE=pipelines/demo.yaml
echo "sandbox at $CUBE_BASE_URL; run directory $RUN"
"$BIN/campaign-ingest" --pipeline "$PIPELINE" --run "$RUN" samples/* 2>"$RUN.log" || { cat "$RUN.log" >&2; exit 1; }
"$BIN/campaign-validate" --pipeline "$PIPELINE" --run "$RUN" 2>>"$RUN.log" || { cat "$RUN.log" >&2; exit 1; }
# What people will read, and when, before anything is sent (RUN/preview.html).
"$BIN/campaign-submit" --pipeline "$PIPELINE" --run "$RUN" --dry-run 2>>"$RUN.log" || { cat "$RUN.log" >&2; exit 1; }
"$BIN/campaign-submit" --pipeline "$PIPELINE" --run "$RUN" 2>>"$RUN.log" || { cat "$RUN.log" >&2; exit 1; }
advance_to_schedules
"$BIN/campaign-report" --pipeline "$PIPELINE" --run "$RUN" --timeout 90 2>>"$RUN.log" || { cat "$RUN.log" >&2; exit 1; }
mv "$RUN.log" "$RUN/stages.log"
echo "logs: $RUN/stages.log"
echo "pages: $RUN/preview.html $RUN/report.html"
