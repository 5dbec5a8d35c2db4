#!/usr/bin/env bash
# Create .venv (once) and install plankg with the given extras. Needs only python3.
set -euo pipefail
cd "$(dirname "$0")/.."
extras="${1:-hanta}"
if [ ! -x .venv/bin/python ]; then
    python3 -m venv .venv
fi
stamp=".venv/.plankg-installed-${extras//,/-}"
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
    .venv/bin/python -m pip install --quiet --upgrade pip
    .venv/bin/python -m pip install --quiet -e ".[${extras}]"
    touch "$stamp"
fi
# OCR of scanned pages drives Debian's tesseract with its German model; install them
# where we may (root, apt-get), as scripts/test.sh does Chromium.
if [[ ",$extras," == *",ocr,"* ]] && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ] \
        && ! { command -v tesseract >/dev/null 2>&1 && tesseract --list-langs 2>/dev/null \
               | grep -qx deu; }; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
        tesseract-ocr tesseract-ocr-deu >/dev/null) \
        || echo "warning: could not install tesseract; scanned pages will not be read" >&2
fi
