#!/usr/bin/env bash
# The test suite, on a fresh machine with only python3: installs what it needs first.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh "hanta,test,fuzz,ocr"
# The browser test drives Debian's Chromium; install it where we may (root, apt-get).
if ! command -v chromedriver >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1 \
        && [ "$(id -u)" = 0 ]; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
        chromium chromium-driver >/dev/null) \
        || echo "warning: could not install chromium; the browser tests will be skipped" >&2
fi
.venv/bin/ruff check .
.venv/bin/lint-imports --no-cache  # the layers of pyproject's [tool.importlinter]
# Two workers (the machine's cores), a test module per worker so that module fixtures are
# built once; the wall-clock tests ("timing") run apart, see .ci/run.
.venv/bin/python -m pytest -n 2 --dist loadfile -m "not timing" "$@"
# Quality on real published documents must not fall below the floor kept in the repository.
.venv/bin/python -m benchmarks.quality --check-floor
