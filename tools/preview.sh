#!/usr/bin/env bash
# Look at the notice as a reader would: the HTML page in headless Chromium, and the Word file
# as LibreOffice lays it out, each as PNG pages in OUT (default: ./preview).
#   apt-get install chromium libreoffice-writer-nogui fonts-noto-cjk poppler-utils
#   tools/preview.sh [PLAN] [OUT]
set -euo pipefail
plan=${1:-data/items.yaml}
out=${2:-preview}
mkdir -p "$out"
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT

rectify report --plan "$plan" --format html -o "$out/notice.html"
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$profile" --window-size=900,1300 \
  --screenshot="$out/notice-html.png" "file://$(realpath "$out/notice.html")" 2>/dev/null
chromium --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
  --user-data-dir="$profile" --no-pdf-header-footer \
  --print-to-pdf="$out/notice-html.pdf" "file://$(realpath "$out/notice.html")" 2>/dev/null

rectify report --plan "$plan" --format docx -o "$out/notice.docx"
soffice --headless --convert-to pdf --outdir "$out" "$out/notice.docx" >/dev/null
pdftoppm -png -r 60 "$out/notice.pdf" "$out/notice-docx"
ls "$out"
