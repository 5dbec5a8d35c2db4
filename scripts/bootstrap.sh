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
