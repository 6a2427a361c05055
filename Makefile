# Two commands do all the set-up on a fresh machine with Python 3 and make:
#   make report   the yearly analysis on data/sample/ (creates .venv first if missing)
#   make test     the whole test suite (creates .venv first if missing)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
CONFIG ?= data/sample/analysis.yaml
YEAR   ?=
NB_SANITIZE := tests/nbval_sanitize.cfg

# Keyed hashing of respondent identifiers: the key lives outside git (see README, "Privacy").
export AKHLAK_ID_KEY_FILE ?= $(CURDIR)/.akhlak_id_key
export PYTHONHASHSEED := 0
# the venv's kernelspec starts "python" from PATH: make it the venv's
export PATH := $(CURDIR)/$(VENV)/bin:$(PATH)

.PHONY: report test lab notebooks sample bench coverage lock clean-venv help

help:
	@echo "make report | test | lab | notebooks | sample | bench | coverage | lock"

$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

$(AKHLAK_ID_KEY_FILE):
	$(PYTHON) -c "import secrets; print(secrets.token_hex(32))" > $@
	chmod 600 $@

report: $(STAMP) $(AKHLAK_ID_KEY_FILE)
	$(BIN)/akhlak report --config $(CONFIG) $(if $(YEAR),--year $(YEAR))

test: $(STAMP) $(AKHLAK_ID_KEY_FILE)
	$(BIN)/python -m pytest tests akhlak_analysis notebooks \
	    --nbval --nbval-current-env --nbval-sanitize-with $(NB_SANITIZE)
	$(BIN)/ruff check .

lab: $(STAMP) $(AKHLAK_ID_KEY_FILE)
	$(BIN)/jupyter lab notebooks/

# Re-execute the committed notebooks in place on the sample data (no timing metadata).
notebooks: $(STAMP) $(AKHLAK_ID_KEY_FILE)
	$(BIN)/akhlak notebooks --config $(CONFIG)

# Regenerate the synthetic sample data (deterministic; tests check it is unchanged).
sample: $(STAMP)
	$(BIN)/akhlak sample --out data/sample

bench: $(STAMP) $(AKHLAK_ID_KEY_FILE)
	$(BIN)/python benchmarks/bench_index.py
	$(BIN)/python benchmarks/bench_psychometrics.py
	$(BIN)/python benchmarks/bench_rank.py
	$(BIN)/python benchmarks/bench_read.py

# Coverage of the 95% intervals against the generator's finite-population truth (about 10 min).
coverage: $(STAMP)
	$(BIN)/python benchmarks/coverage.py --reps 300

# Re-pin every package after changing pyproject.toml (then update environment.yml to match).
lock: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	{ echo "# Pinned versions of every package in the project's environment (direct and transitive)."; \
	  echo "# Used by the Makefile: pip install -r requirements.lock. Regenerate with 'make lock'."; \
	  $(BIN)/python -m pip freeze --all --exclude-editable | grep -v -i '^pip=='; } > requirements.lock

clean-venv:
	rm -rf $(VENV)
