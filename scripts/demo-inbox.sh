#!/usr/bin/env bash
# make demo-inbox: a sandbox and a campaign-inbox watcher on a temporary spool;
# the samples are dropped into inbox/ one by one; each is followed to done/ (or
# failed/); prints where every report is; stops both however it ends.
set -euo pipefail
BIN="$1"
cd "$(dirname "$0")/.."
source scripts/sandbox.sh
start_sandbox "$BIN" --failure-rate 0.1
SPOOL="$(mktemp -d "${TMPDIR:-/tmp}/campaign-spool.XXXXXX")"
# The demo pipeline with its send window open all day: files follow one another here, and a
# campaign scheduled for the window's opening would need the sandbox's clock moved past the time
# the next file is scheduled for (`make demo` shows the window).
mkdir -p "$SPOOL/pipelines"
sed 's/window: "09:00-21:00"/window: "00:00-24:00"/' pipelines/demo.yaml >"$SPOOL/pipelines/demo.yaml"
"$BIN/campaign-inbox" --spool "$SPOOL" --pipelines "$SPOOL/pipelines" --settle 1 --interval 0.5 2>"$SPOOL/watcher.log" &
WATCHER=$!
trap 'kill -TERM "$WATCHER" 2>/dev/null; wait "$WATCHER" 2>/dev/null; kill "$SANDBOX_PID" 2>/dev/null; wait "$SANDBOX_PID" 2>/dev/null; rm -f "$SANDBOX_LOG"' EXIT
echo "sandbox at $CUBE_BASE_URL; watcher on spool $SPOOL (log: $SPOOL/watcher.log)"
for _ in $(seq 1 100); do grep -q 'watching' "$SPOOL/watcher.log" && break; sleep 0.1; done
grep -q 'watching' "$SPOOL/watcher.log" || { cat "$SPOOL/watcher.log" >&2; echo "the watcher did not start" >&2; exit 1; }

for sample in samples/*; do
  name=$(basename "$sample")
  # Copy beside the inbox, then rename in: the watcher never sees half a file.
  cp "$sample" "$SPOOL/$name"
  mv "$SPOOL/$name" "$SPOOL/inbox/$name"
  echo "dropped $name into inbox/"
  for _ in $(seq 1 600); do
    [ -e "$SPOOL/done/$name" ] || [ -e "$SPOOL/failed/$name" ] && break
    kill -0 "$WATCHER" 2>/dev/null || { cat "$SPOOL/watcher.log" >&2; echo "the watcher stopped" >&2; exit 1; }
    sleep 0.2
  done
  if [ -e "$SPOOL/done/$name" ]; then
    run=$(grep -l "\"file\" : \"$name\"" "$SPOOL"/runs/*/inbox.json | head -1 | xargs dirname)
    echo "  done:   $SPOOL/done/$name.report.csv ($(($(wc -l <"$SPOOL/done/$name.report.csv") - 1)) rows)"
    echo "          $run/report.html"
  elif [ -e "$SPOOL/failed/$name" ]; then
    echo "  failed: $SPOOL/failed/$name.error.txt"; sed 's/^/          /' "$SPOOL/failed/$name.error.txt"
  else
    echo "  $name did not finish within 120 s; see $SPOOL/watcher.log" >&2; exit 1
  fi
done
echo "spool left for a look: $SPOOL"
