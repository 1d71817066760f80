# Sourced by the demo and benchmarks: starts cube-sandbox on a free loopback
# port, waits for its ready line, and stops it when the caller exits.
# Usage: start_sandbox BIN [sandbox flags…]; then $CUBE_BASE_URL, $CUBE_API_KEY and
# $CUBE_ACCOUNT_ID (the sandbox's account unless already set) are set.
start_sandbox() {
  local bin="$1"; shift
  SANDBOX_LOG=$(mktemp)
  "$bin/cube-sandbox" --port 0 "$@" >"$SANDBOX_LOG" 2>&1 &
  SANDBOX_PID=$!
  trap 'kill "$SANDBOX_PID" 2>/dev/null; wait "$SANDBOX_PID" 2>/dev/null || true; rm -f "$SANDBOX_LOG"' EXIT
  for _ in $(seq 1 200); do
    if grep -q 'listening on' "$SANDBOX_LOG"; then
      export CUBE_BASE_URL=$(sed -n 's/^cube-sandbox listening on //p' "$SANDBOX_LOG" | head -1)
      export CUBE_API_KEY=sandbox-key
      export CUBE_ACCOUNT_ID=${CUBE_ACCOUNT_ID:-sandbox-account}
      return 0
    fi
    kill -0 "$SANDBOX_PID" 2>/dev/null || { cat "$SANDBOX_LOG" >&2; echo "cube-sandbox did not start" >&2; return 69; }
    sleep 0.1
  done
  echo "cube-sandbox did not get ready within 20 s" >&2
  return 69
}

# Campaigns created outside the send window wait for its next opening. In a demo
# the sandbox's virtual clock jumps to the latest start it holds (as a test clock
# would), so the report can follow them at once. Prints one line when it moves.
advance_to_schedules() {
  local latest
  latest=$(curl -fsS "$CUBE_BASE_URL/_sandbox/campaigns" | grep -o '"scheduled_at" *: *"[^"]*"' \
    | sed 's/.*"\([^"]*\)"$/\1/' | sort | tail -1 || true)
  [ -n "$latest" ] || return 0
  echo "campaigns wait for the send window (latest start $latest); the sandbox's clock moves there"
  curl -fsS -X POST "$CUBE_BASE_URL/_sandbox/clock" -H 'content-type: application/json' \
    -d "{\"now\": \"$latest\"}" >/dev/null
}
