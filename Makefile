# Developer targets. PYTHON defaults to the project venv when it exists.
PYTHON ?= $(shell test -x .venv/bin/python && echo .venv/bin/python || echo python3)
FUZZ_CORPUS ?= build/fuzz-corpus
FUZZ_SECONDS ?= 600
SMOKE_SECONDS ?= 20
TRIALS ?= 20
FUZZ_FLAGS = -rss_limit_mb=2048 -timeout=30 -artifact_prefix=fuzz/crashes/

.PHONY: test fuzz fuzz-smoke fuzz-seeds sigkill bench

test:
	$(PYTHON) -m pytest

fuzz-seeds:
	mkdir -p $(FUZZ_CORPUS) fuzz/crashes
	$(PYTHON) fuzz/make_seeds.py $(FUZZ_CORPUS)

# Long atheris run over all readers; findings land in fuzz/crashes/.
fuzz: fuzz-seeds
	$(PYTHON) fuzz/fuzz_readers.py $(FUZZ_CORPUS) -max_total_time=$(FUZZ_SECONDS) $(FUZZ_FLAGS) \
		2> build/fuzz.log; status=$$?; grep -v '^INFO: Instrumenting' build/fuzz.log | tail -25; \
		exit $$status

fuzz-smoke: fuzz-seeds
	$(PYTHON) fuzz/fuzz_readers.py $(FUZZ_CORPUS) -max_total_time=$(SMOKE_SECONDS) $(FUZZ_FLAGS) \
		2> build/fuzz-smoke.log; status=$$?; grep -v '^INFO: Instrumenting' build/fuzz-smoke.log \
		| tail -25; exit $$status

sigkill:
	$(PYTHON) scripts/sigkill_trials.py --trials $(TRIALS)

bench:
	$(PYTHON) -m benchmarks.bench_store
	$(PYTHON) -m benchmarks.bench_extract
