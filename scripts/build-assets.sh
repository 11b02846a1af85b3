#!/usr/bin/env bash
# Builds sarkit/static from govuk-frontend (npm) without the GOV.UK brand: our own font stack and
# colour compiled into the Sass, our own icons, and the fonts the PDF letters embed.
# Safe to run again and again; stops with a message at the first thing that goes wrong.
set -euo pipefail
cd "$(dirname "$0")/.."

fail() { echo "build-assets: $*" >&2; exit 1; }

SASS=node_modules/.bin/sass
GOVUK=node_modules/govuk-frontend/dist/govuk
FONTS=node_modules/@fontsource/atkinson-hyperlegible/files
OUT=sarkit/static

[ -x "$SASS" ] && [ -d "$GOVUK" ] && [ -d "$FONTS" ] \
  || fail "node_modules is missing or incomplete: run 'npm ci' (or 'make setup') first."

mkdir -p "$OUT/fonts" "$OUT/images"

# CSS: only the components main.scss asks for, compiled with our settings.
"$SASS" --pkg-importer=node --style=compressed --no-source-map assets/main.scss "$OUT/main.css"
if grep -q "GDS Transport" "$OUT/main.css"; then
  fail "main.css mentions the GDS Transport font, which is for gov.uk only: check assets/main.scss."
fi

# JavaScript (optional enhancement): GOV.UK Frontend's ES module and our two-line starter.
cp "$GOVUK/govuk-frontend.min.js" assets/app.js "$OUT/"

# Icons: ours, not GOV.UK's. The PNGs were drawn from assets/icon.svg with headless Chromium.
cp assets/favicon.svg assets/favicon.ico assets/icon.svg \
   assets/icon-180.png assets/icon-192.png assets/icon-512.png "$OUT/images/"
cp assets/manifest.json "$OUT/"

# Fonts embedded in the PDF letters (Atkinson Hyperlegible, SIL Open Font Licence).
for f in latin-400-normal latin-700-normal latin-ext-400-normal latin-ext-700-normal latin-400-italic; do
  cp "$FONTS/atkinson-hyperlegible-$f.woff" "$OUT/fonts/"
done

css_bytes=$(wc -c <"$OUT/main.css")
css_gzip=$(gzip -9 -c "$OUT/main.css" | wc -c)
echo "build-assets: $OUT/main.css is $css_bytes bytes ($css_gzip gzipped)"

# Pre-compressed copies (gzip and brotli) for WhiteNoise to serve, when the venv is there.
if [ -x .venv/bin/python ]; then
  .venv/bin/python -m whitenoise.compress -q "$OUT" >/dev/null
fi
