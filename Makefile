# Every target sets itself up from nothing: a virtualenv in .venv with the project installed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
EXTRAS ?= test,lint,mcp

.PHONY: help demo test lint bench eval eval-frames eval-indep eval-speech soak fuzz clean

help:
	@echo "make demo   - run peepshow on the bundled sample video and print the payload"
	@echo "make test   - run the whole test suite"
	@echo "make lint   - ruff + mypy"
	@echo "make bench  - speed benchmarks (ratios against baselines run in the same process)"
	@echo "make fuzz   - the property tests with fresh random inputs, many more of them (not in make test)"
	@echo "make soak   - the sink fault matrix, many rounds (docs/RELIABILITY.md; not in make test)"
	@echo "make eval   - accuracy evaluations (docs/ACCURACY.md): eval-frames (frame selection),"
	@echo "              eval-indep (frame selection on an independent generator's corpus) and"
	@echo "              eval-speech (the transcript)"

$(STAMP): pyproject.toml devtools/setup.sh
	@echo "setting up $(VENV) (first run only)" >&2
	@PYTHON=$(PYTHON) VENV=$(VENV) EXTRAS=$(EXTRAS) sh devtools/setup.sh >&2
	@touch $(STAMP)

# The tests also exercise the optional openai-whisper engine (CPU torch, no weights downloaded)
# and the Ray engine of `peepshow batch` (a real local Ray cluster).
$(TEST_STAMP): $(STAMP)
	@PYTHON=$(PYTHON) VENV=$(VENV) EXTRAS=$(EXTRAS) WITH_OPENAI_WHISPER=1 WITH_RAY=1 sh devtools/setup.sh >&2
	@touch $(TEST_STAMP)

demo: $(STAMP)
	@$(BIN)/peepshow samples/sample.mp4 --out .peepshow-demo --emit json --no-sinks

test: $(TEST_STAMP)
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python -m pytest -n 2 --dist loadgroup $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# Every built-in sink x every fault class, many rounds: tried/held/failed per class.
fuzz: $(TEST_STAMP)
	HYPOTHESIS_PROFILE=explore $(BIN)/python -m pytest -q -p no:cacheprovider tests/contract/test_properties.py

soak: $(TEST_STAMP)
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python -m devtools.soak $(SOAK_ARGS)

bench: $(STAMP)
	$(BIN)/pip install -q -e '.[bench,ray]'
	$(BIN)/python -m devtools.bench $(BENCH_ARGS)

eval: eval-frames eval-indep eval-speech

# Not part of `make test`: renders a corpus of screen recordings and camera clips with the ffmpeg
# CLI (cached in .eval-cache/frames/). EVAL_FRAMES_ARGS="--only s04 --mode default --no-docs"
# narrows it.
eval-frames: $(STAMP)
	@sh devtools/setup_ffmpeg.sh
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python -m devtools.eval_frames $(EVAL_FRAMES_ARGS)

# Frame selection on recordings from devtools/indep, a generator written without reading
# devtools/corpus (cached in .eval-cache/indep/). EVAL_INDEP_ARGS="--only i03 --exact"
eval-indep: $(STAMP)
	@sh devtools/setup_ffmpeg.sh
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python -m devtools.eval_indep $(EVAL_INDEP_ARGS)

# Needs espeak-ng (devtools/setup.sh installs it where it can); the corpus is cached in .eval-cache/.
eval-speech: $(STAMP)
	$(BIN)/python -m devtools.eval_speech $(EVAL_ARGS)

clean:
	rm -rf $(VENV) .peepshow-demo .pytest_cache .mypy_cache .ruff_cache
