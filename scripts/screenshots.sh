#!/usr/bin/env bash
# make screenshots: a fresh demo run's preview.html and report.html as PNGs in
# docs/images/ (shown in the README), rendered by headless Chromium.
set -euo pipefail
BIN="$1"
cd "$(dirname "$0")/.."
if ! command -v chromium >/dev/null; then
  echo "installing Debian's chromium (and Noto fonts, for the Arabic text)"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-noto-core >/dev/null
fi
scripts/demo.sh "$BIN" | tee /tmp/cube-screenshots-demo.txt
RUN=$(sed -n 's/^sandbox at .*; run directory //p' /tmp/cube-screenshots-demo.txt | head -1)
[ -n "$RUN" ] && [ -f "$RUN/report.html" ] || { echo "the demo left no report.html" >&2; exit 1; }
mkdir -p docs/images
# The runs page over the demo's runs (campaign-runs index), beside the run's own two pages.
"$BIN/campaign-runs" index runs --out runs/index.html
cp runs/index.html "$RUN/index.html"
for page in preview report index; do
  # --no-sandbox: root in a container; the pages hold no script and no URL.
  chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --force-device-scale-factor=1 \
    --window-size=1000,1600 --screenshot="$PWD/docs/images/$page.png" "file://$PWD/$RUN/$page.html" 2>/dev/null
  echo "docs/images/$page.png"
done
