#!/usr/bin/env bash
# The main job: extract the corpus, load it into the store, serve it on 127.0.0.1:8080.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh hanta
export PLANKG_STORE="${PLANKG_STORE:-./data}"
.venv/bin/plankg extract corpus/*.tsv -o out.trig
.venv/bin/plankg load corpus/*.tsv
exec .venv/bin/plankg serve "$@"
