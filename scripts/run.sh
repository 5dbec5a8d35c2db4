#!/usr/bin/env bash
# The main job: extract the corpus, load it into the store, serve it on 127.0.0.1:8080.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh hanta,ocr
export PLANKG_STORE="${PLANKG_STORE:-./data}"
.venv/bin/plankg extract corpus/ -o out.trig
.venv/bin/plankg load corpus/   # the documents in corpus/ (a directory stands for its files)
exec .venv/bin/plankg serve "$@"
