# Two commands on a fresh machine with python3 and make: `make demo` and `make test`.
PY      ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed
SPEED   ?= 12
SCENARIO ?= pool-exhaustion

.PHONY: demo demo-prometheus test test-deps lint format bench lnav sample-sessions prometheus screenshot clean native

$(STAMP): pyproject.toml setup.py
	@test -x $(BIN)/python || (echo "opsconsole: creating a virtual environment in $(VENV)" && $(PY) -m venv $(VENV))
	@echo "opsconsole: installing opsconsole and its dependencies into $(VENV) (pip; under a minute the first time)"
	@$(BIN)/python -m pip install -q --upgrade pip
	@$(BIN)/python -m pip install -q -e '.[dev]'
	@echo "opsconsole: installed"
	@touch $(STAMP)

# The parser compiled with mypyc (setup.py), opt-in: 10-30 % off a big import, a minute to
# build. Editing the parser after it makes console/native.py run the sources (never a stale
# build) until `make native` again; any reinstall (a pyproject.toml change) goes back to pure.
NATIVE_SOURCES := setup.py console/native.py console/events.py $(wildcard console/parse/*.py)
NATIVE := $(VENV)/.native
native: $(NATIVE)
$(NATIVE): $(STAMP) $(NATIVE_SOURCES)
	OPSCONSOLE_NATIVE=1 $(BIN)/python -m pip install -q -e '.[dev]'
	@touch $(NATIVE)

# The package's bytecode, written once. An editable install doesn't write it, and where
# PYTHONDONTWRITEBYTECODE is set (as on these machines) every process would compile the
# modules it imports at each start: a sixth of the instructions an import's writer process
# runs to start. Checked by a hash of the source, not its time stamp (it costs no more): an
# edit within the same second, or a copy that keeps time stamps, must not run old bytecode.
BYTECODE := $(VENV)/.bytecode
$(BYTECODE): $(STAMP) $(wildcard console/*.py console/*/*.py console/*/*/*.py)
	@$(BIN)/python -m compileall -q --invalidation-mode checked-hash console
	@touch $(BYTECODE)

demo: $(BYTECODE)
	$(BIN)/opsconsole demo --scenario $(SCENARIO) --speed $(SPEED)

# A real Prometheus (Debian's package) scraping the simulated agent's /metrics on loopback.
demo-prometheus: $(BYTECODE) prometheus
	$(BIN)/opsconsole demo --scenario $(SCENARIO) --speed $(SPEED) --with-prometheus

# A rollout through a real router: Debian's nginx between two local services, an agent
# written with the SDK shifting the weights, the console attached with `watch --agent`.
# FAULT=slow-queries makes green fall over at 50 %; AGENT=bash runs the bash agent instead.
FAULT ?= none
AGENT ?= python
.PHONY: demo-real nginx
demo-real: $(BYTECODE) nginx
	@PATH="$$PATH:/usr/sbin" OPSCONSOLE="$(BIN)/opsconsole" PYTHON="$(BIN)/python" \
		FAULT=$(FAULT) AGENT=$(AGENT) bash examples/nginx-blue-green/demo.sh

# Real components the tests use: Prometheus (Debian's package), tmux (the console driven as a
# person would), Chromium (opsconsole serve in a browser), nginx (the router of
# examples/nginx-blue-green). Installed only when missing.
HAVE_NGINX = $(or $(shell command -v nginx),$(wildcard /usr/sbin/nginx))
APT_NEEDS = $(strip $(if $(shell command -v prometheus),,prometheus) \
	$(if $(shell command -v tmux),,tmux) \
	$(if $(shell command -v chromium),,chromium) \
	$(if $(HAVE_NGINX),,nginx-light))

prometheus:
	@command -v prometheus >/dev/null 2>&1 || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq prometheus >/dev/null) || echo "could not install prometheus: run 'apt-get install prometheus' as root"

nginx:
	@test -n "$(HAVE_NGINX)" || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nginx-light >/dev/null) || echo "could not install nginx: run 'apt-get install nginx-light' as root"

test-deps:
	@if [ -n "$(APT_NEEDS)" ]; then \
		echo "installing $(APT_NEEDS) (apt-get)"; \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(APT_NEEDS) >/dev/null) \
		|| echo "could not install $(APT_NEEDS); the tests that need them will say they skipped"; \
	fi

test: $(BYTECODE) test-deps
	$(BIN)/python -m pytest -n 2 -p no:cacheprovider

lint: $(STAMP)
	$(BIN)/ruff check console tests bench examples setup.py
	$(BIN)/ruff format --check console tests bench examples setup.py
	$(BIN)/mypy
	$(BIN)/lint-imports

format: $(STAMP)
	$(BIN)/ruff check --fix console tests bench examples setup.py
	$(BIN)/ruff format console tests bench examples setup.py

# lnav, the peer the import is measured against side by side (Debian's package).
lnav:
	@command -v lnav >/dev/null 2>&1 || (echo "installing lnav (apt-get), the peer make bench compares with" && apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends lnav >/dev/null) || echo "could not install lnav: run 'apt-get install lnav' as root; bench compare runs without it"

bench: $(BYTECODE) lnav
	$(BIN)/python -m bench

sample-sessions: $(BYTECODE)
	$(BIN)/python -m console.sim.samples sample_sessions

# The README's picture, saved by the console itself from a sample session.
screenshot: $(BYTECODE)
	$(BIN)/python -m console.ui.screenshot docs/screenshot.svg

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache build console/native.json
	find . -name '*.so' -not -path './.venv/*' -delete
