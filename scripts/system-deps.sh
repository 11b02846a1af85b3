#!/usr/bin/env bash
# Installs the Debian packages sarkit needs, once. Idempotent: does nothing when all are present.
# As root it runs apt-get; otherwise it prints the one command to run and stops.
set -euo pipefail
PACKAGES=(
  libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0  # WeasyPrint
  poppler-utils                                         # pdftotext / pdftoppm in tests
  chromium                                              # browser tests (Playwright drives /usr/bin/chromium)
  redis-server                                          # shared rate limits, and their test
  libreoffice-writer-nogui                              # the DOCX test converts with LibreOffice
  nodejs npm                                            # govuk-frontend and the Sass build
  wrk                                                   # the load part of `make bench`
  caddy openssl                                         # the reference deployment (deploy/) and its HTTPS tests
  tesseract-ocr tesseract-ocr-eng tesseract-ocr-cym     # the reply reader's OCR: English and Welsh
  libtesseract-dev pkg-config                           # to build tesserocr where no wheel fits
)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# node and npm may come from elsewhere (nvm, NodeSource): accept any working pair.
if command -v node >/dev/null && command -v npm >/dev/null; then
  filtered=(); for p in "${missing[@]}"; do [[ $p == nodejs || $p == npm ]] || filtered+=("$p"); done
  missing=("${filtered[@]}")
fi
[ ${#missing[@]} -eq 0 ] && exit 0
cmd="apt-get update && apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
  echo "sarkit needs these system packages. Run this once, then try again:" >&2
  echo "  sudo sh -c '$cmd'" >&2
  exit 1
fi
echo "Installing system packages: ${missing[*]}"
DEBIAN_FRONTEND=noninteractive sh -c "$cmd"
