#!/usr/bin/env bash
# The test suite, on a fresh machine with only python3: installs what it needs first.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh "hanta,test"
.venv/bin/ruff check .
.venv/bin/python -m pytest "$@"
