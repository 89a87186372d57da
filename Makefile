# One task runner: `make install`, `make test`, `make lint`, `make bench`.
# Everything lands in .venv; the models are assembled once into the user's data folder.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

# Debian packages the tests run for real: package=program
DEBS := mosquitto=mosquitto dovecot-imapd=dovecot
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: install model services test lint bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	rm -f $(VENV)/.installed-* && touch $(STAMP)

install: $(STAMP)

model: install
	$(BIN)/familiar models pull

services:
	@missing=""; for pair in $(DEBS); do prog=$${pair#*=}; \
	  command -v $$prog >/dev/null || [ -x /usr/sbin/$$prog ] || missing="$$missing $${pair%%=*}"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  $(SUDO) apt-get install -y -q $$missing >/dev/null || \
	  { $(SUDO) apt-get update -q >/dev/null && $(SUDO) apt-get install -y -q $$missing >/dev/null; }; \
	fi

lint: install
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy

test: lint model services
	$(BIN)/python -m pytest -q

bench: model
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	$(BIN)/python -m benchmarks.kernel
	$(BIN)/python -m benchmarks.memory

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
