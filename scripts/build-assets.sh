#!/usr/bin/env bash
# Builds sarkit/static from govuk-frontend (npm) without the GOV.UK brand: our own font stack and
# colour compiled into the Sass, our own icons, and the fonts the PDF letters embed.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=sarkit/static
mkdir -p "$OUT/fonts" "$OUT/images"
npx sass --pkg-importer=node --style=compressed --no-source-map assets/main.scss "$OUT/main.css"
cp node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js "$OUT/govuk-frontend.min.js"
cp assets/*.svg assets/*.js "$OUT/" 2>/dev/null || true
cp assets/*.svg "$OUT/images/" 2>/dev/null || true
for f in latin-400-normal latin-700-normal latin-ext-400-normal latin-ext-700-normal latin-400-italic; do
  cp "node_modules/@fontsource/atkinson-hyperlegible/files/atkinson-hyperlegible-$f.woff" "$OUT/fonts/"
done
