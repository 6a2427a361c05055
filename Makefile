# Two commands do all the set-up on a fresh machine with Python 3 and make:
#   make report   the yearly analysis on data/sample/ (creates .venv first if missing)
#   make test     the whole test suite (creates .venv first if missing)
# Your own data: make report CONFIG=analysis.yaml, from your folder with make -C <repo> too;
# make check CONFIG=... reads and checks every input first. Quote a path with spaces:
#   make -C ~/akhlak-analysis report CONFIG="Survei 2025/analysis.yaml"
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
AKHLAK ?= $(CURDIR)/$(BIN)/akhlak
CONFIG ?= data/sample/analysis.yaml
YEAR   ?=
NB_SANITIZE := tests/nbval_sanitize.cfg

# CONFIG as the user typed it is relative to the user's folder: make -C changes into the
# repository, but the shell's PWD still names the folder the command was typed in. The default
# CONFIG is relative to the repository. Commands that take CONFIG run from that folder, with
# the path quoted (spaces are fine).
CALLER_DIR := $(if $(PWD),$(PWD),$(CURDIR))
ifeq ($(origin CONFIG),file)
CONFIG_DIR := $(CURDIR)
else
CONFIG_DIR := $(CALLER_DIR)
endif

# Keyed hashing of respondent identifiers: the key lives outside git (see README, "Privacy").
export AKHLAK_ID_KEY_FILE ?= $(CURDIR)/.akhlak_id_key
export PYTHONHASHSEED := 0
# the venv's kernelspec starts "python" from PATH: make it the venv's
export PATH := $(CURDIR)/$(VENV)/bin:$(PATH)

.PHONY: report check test lab notebooks sample bench coverage lock clean-venv help look

help:
	@echo "make report | check | test | lab | notebooks | sample | bench | coverage | lock | look"
	@echo "  CONFIG=path/to/analysis.yaml (relative to your folder) YEAR=2025"

$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

$(AKHLAK_ID_KEY_FILE):
	$(PYTHON) -c "import secrets; print(secrets.token_hex(32))" > $@
	chmod 600 $@

report: $(STAMP) $(AKHLAK_ID_KEY_FILE)
	cd "$(CONFIG_DIR)" && "$(AKHLAK)" report --config "$(CONFIG)" $(if $(YEAR),--year $(YEAR))

# Read and check the config and every input without running the report.
check: $(STAMP) $(AKHLAK_ID_KEY_FILE)
	cd "$(CONFIG_DIR)" && "$(AKHLAK)" check --config "$(CONFIG)" $(if $(YEAR),--year $(YEAR))

# Two lanes: the fast one (units, doctests, properties, attacks), then the slow one (the whole
# report on the sample and on the gallery of organisations, the browser, the notebooks by nbval).
test: $(STAMP) $(AKHLAK_ID_KEY_FILE)
	$(BIN)/python -m pytest tests akhlak_analysis -m "not slow"
	$(BIN)/python -m pytest tests -m slow
	$(BIN)/python -m pytest notebooks --nbval --nbval-current-env --nbval-sanitize-with $(NB_SANITIZE)
	$(BIN)/ruff check .

lab: $(STAMP) $(AKHLAK_ID_KEY_FILE)
	$(BIN)/jupyter lab notebooks/

# Re-execute the committed notebooks in place on the sample data (no timing metadata).
notebooks: $(STAMP) $(AKHLAK_ID_KEY_FILE)
	cd "$(CONFIG_DIR)" && "$(AKHLAK)" notebooks --config "$(CONFIG)"

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

# Look at the report as its readers will: every artifact of the sample report and of a
# one-year regency (tests/own_data.py) rendered to PNG (Chromium for the pages and cards,
# LibreOffice -> PDF -> pdftoppm for the deck and the workbook) into LOOK_DIR.
LOOK_DIR ?= $(CURDIR)/look
look: $(STAMP) $(AKHLAK_ID_KEY_FILE)
	$(BIN)/python benchmarks/look.py --build --out "$(LOOK_DIR)"
