# The two commands of the quick start: `make run` and `make test`. Both set up .venv first.
# The system prerequisites (speech, sound, a compiler, a terminal multiplexer, ...) are listed
# once, in scripts/prereqs.sh: `make test` checks them first (and installs them where it can),
# `make run` only warns. .ci/run reads the same list.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
# "ok" or "failed": simpleaudio is built once; a failed build is retried once its
# prerequisites are there (scripts/prereqs.sh simpleaudio).
SIMPLEAUDIO_STAMP := $(VENV)/.simpleaudio
PREREQS := PYTHON=$(PYTHON) bash scripts/prereqs.sh

.PHONY: run test bench lint format sounds screenshot clean prereqs-test prereqs-run simpleaudio i18n

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(TEST_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@rm -f $(SIMPLEAUDIO_STAMP)
	@touch $@ $(STAMP)

prereqs-test:
	@$(PREREQS) check test

prereqs-run:
	@$(PREREQS) check run

simpleaudio: $(TEST_STAMP)
	@$(PREREQS) simpleaudio $(BIN)/python $(SIMPLEAUDIO_STAMP)

run: prereqs-run
	@$(MAKE) -s --no-print-directory $(STAMP)
	$(BIN)/psoas

# -n auto: tests/conftest.py picks the workers (more than CPUs: much of the suite waits on
# real time); --maxschedchunk 1 hands out a test at a time, the slow ones first (conftest).
# PYTHONDONTWRITEBYTECODE cleared: pytest keeps its rewritten test modules in __pycache__
# (each worker otherwise rewrites every test file's asserts again, ~5 s of CPU each).
test: prereqs-test
	@$(MAKE) --no-print-directory simpleaudio
	PYTHONDONTWRITEBYTECODE= $(BIN)/python -m pytest -q -n auto --maxschedchunk 1

bench: simpleaudio
	$(BIN)/python benchmarks/run_all.py

lint: simpleaudio
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: $(TEST_STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

sounds: $(STAMP)
	$(BIN)/python scripts/make_sounds.py

# docs/session.svg, the README's screenshot: the app's own screenshot of a running session.
screenshot: $(TEST_STAMP)
	$(BIN)/python scripts/screenshot.py docs/session.svg

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache

# Translations (docs/translating.md): extract every marked string with Babel into
# psoas_tui/locale/psoas.pot, bring each language's .po up to date, compile the .mo files
# that the package ships (committed; tests/test_i18n.py checks they are current).
LOCALE := psoas_tui/locale
i18n: $(TEST_STAMP)
	$(BIN)/pybabel extract -F pyproject.toml -k N_ -k ngettext:1,2 --no-location --sort-output \
		--add-comments=Translators: --project=psoas --version=0.1.0 -o $(LOCALE)/psoas.pot .
	$(BIN)/pybabel update -i $(LOCALE)/psoas.pot -d $(LOCALE) -D psoas \
		--no-fuzzy-matching --ignore-obsolete
	@for po in $(LOCALE)/*/LC_MESSAGES/psoas.po; do msgfmt --check -o /dev/null "$$po" || exit 1; done
	$(BIN)/pybabel compile -d $(LOCALE) -D psoas --statistics
