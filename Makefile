# stretchkit: `make lab` to learn, `make test` to check everything.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip install --quiet --constraint constraints.txt
PORT   ?= 8888
HOST   ?= 127.0.0.1
# JupyterLab refuses root without --allow-root; a machine with no screen gets the URL printed.
ROOT_FLAG    := $(if $(filter 0,$(shell id -u)),--allow-root,)
BROWSER_FLAG := $(if $(or $(DISPLAY),$(filter Darwin,$(shell uname -s))),,--no-browser)

export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1

# The class hub (deploy/jupyterhub): its proxy comes from npm, pinned by package-lock.json.
HUB      := deploy/jupyterhub
PROXY    := $(HUB)/node_modules/.bin/configurable-http-proxy
HUB_PORT ?= 8000
N        ?= 30
# Run as root, the hub gives each student an account of their own, which runs the servers'
# Python from HUB_ENV: built from the system's Python in a folder every account can read
# (scripts/build_hub_env.sh). Without root there is one account, and the hub runs from .venv.
IS_ROOT       := $(filter 0,$(shell id -u))
SYSTEM_PYTHON ?= /usr/bin/python3
HUB_ENV       ?= $(if $(IS_ROOT),/opt/stretchkit-hub,$(CURDIR)/$(VENV))
KIT_FILES     := $(shell git ls-files stretchkit data notebooks app share etc pyproject.toml \
                   constraints.txt 2>/dev/null)

# axe-core for the screen tests (tests/test_screens.py), from npm, pinned by package-lock.json.
AXE      := tests/js/node_modules/axe-core/axe.min.js

.PHONY: lab app hub classtest roomtest test lint bench browser notebooks clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# The serving files (share/, etc/) are copied into the environment: a change installs again.
SERVING := $(shell find share etc -type f 2>/dev/null)

$(VENV)/.lab: pyproject.toml constraints.txt $(SERVING) | $(BIN)/python
	$(PIP) -e '.[lab]'
	@touch $@

$(VENV)/.hub: pyproject.toml constraints.txt $(SERVING) | $(BIN)/python
	$(PIP) -e '.[hub]'
	@touch $@ $(VENV)/.lab

$(VENV)/.test: pyproject.toml constraints.txt $(SERVING) | $(BIN)/python
	$(PIP) -e '.[test]'
	@touch $@ $(VENV)/.lab $(VENV)/.hub

$(HUB_ENV)/.built: $(KIT_FILES) scripts/build_hub_env.sh
	sh scripts/build_hub_env.sh $(SYSTEM_PYTHON) $(HUB_ENV)

# The hub's environment, where it is not .venv.
HUB_READY := $(if $(filter $(CURDIR)/$(VENV),$(HUB_ENV)),$(VENV)/.hub,$(HUB_ENV)/.built)

$(PROXY): $(HUB)/package.json $(HUB)/package-lock.json
	@sh scripts/ensure_node.sh
	cd $(HUB) && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

$(AXE): tests/js/package.json tests/js/package-lock.json
	@sh scripts/ensure_node.sh
	cd tests/js && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

## lab: create .venv, install the kit, open JupyterLab on notebooks/
lab: $(VENV)/.lab
	$(BIN)/jupyter lab --ServerApp.root_dir=notebooks --port=$(PORT) $(ROOT_FLAG) $(BROWSER_FLAG)

## app: serve the kit as a Voila app (explore, plan, timer, progress, quiz; no code shown)
# Served beyond this computer (HOST=0.0.0.0), Voila has no login and every device would share
# one log: the app then saves nothing (ROOM=1, set for any HOST but this computer) and leaves
# the progress tab out. The environment's etc/jupyter/voila.py (from the kit) frees the kernel
# of every page that is gone; deploy/room/serve.py renews Voila's server once a room has left
# (README "The app for a room"). VOILA_ARGS adds to or overrides either.
ROOM ?= $(if $(filter 127.0.0.1 localhost,$(HOST)),,1)
app: $(VENV)/.lab
	STRETCHKIT_ROOM=$(ROOM) \
	$(BIN)/python deploy/room/serve.py --port=$(PORT) --ip=$(HOST) $(BROWSER_FLAG) $(VOILA_ARGS) \
		app/stretchkit.ipynb

## hub: JupyterHub for a class on this machine (STRETCHKIT_HUB_PASSWORD=...; see deploy/jupyterhub)
# The hub's state (database, cookie secret) goes to .hub/; the students' homes, unless
# STRETCHKIT_HUB_HOMES says otherwise, to ~/.stretchkit-class (/home/stretchkit-class as root).
# HOST=0.0.0.0 lets a room's devices in: put HTTPS in front.
HUB_HOMES := $(if $(IS_ROOT),/home/stretchkit-class,$(HOME)/.stretchkit-class)
hub: $(HUB_READY) $(PROXY)
	@mkdir -p .hub && chmod 700 .hub
	cd .hub && STRETCHKIT_HUB_HOMES=$${STRETCHKIT_HUB_HOMES:-$(HUB_HOMES)} \
	$(HUB_ENV)/bin/jupyterhub -f $(CURDIR)/$(HUB)/jupyterhub_config.py --ip=$(HOST) --port=$(HUB_PORT)

## classtest: N students (30) log in together on a real hub, use the kit, come back; prints times and memory
# STEP=10 tries classes of 10, 20, ... N and reports the largest that held with no failure.
classtest: $(VENV)/.test $(HUB_READY) $(PROXY)
	STRETCHKIT_HUB_ENV=$(HUB_ENV) \
	$(BIN)/python $(HUB)/classtest.py --students $(N) $(if $(STEP),--step $(STEP))

## roomtest: N devices (30) use `make app` together and leave; prints times, memory, the goals
roomtest: $(VENV)/.test
	$(BIN)/python deploy/room/roomtest.py --devices $(N)

## browser: make sure a Chrome or Chromium is there for the browser tests (never downloads one)
browser:
	@sh scripts/ensure_browser.sh

## test: lint, type check, unit tests and doctests, notebooks under nbval and papermill, browser tests
test: $(VENV)/.test $(HUB_READY) browser $(PROXY) $(AXE)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m mypy
	STRETCHKIT_HUB_ENV=$(HUB_ENV) $(BIN)/python -m pytest

## bench: import and load cost against pandas alone, and every notebook's run time
bench: $(VENV)/.test
	$(BIN)/python benchmarks/run.py

## notebooks: re-run the notebooks and keep only the nbval reference outputs
notebooks: $(VENV)/.test
	$(BIN)/python scripts/refresh_notebooks.py

clean:
	rm -rf $(VENV) build dist .pytest_cache .ruff_cache .hypothesis $(HUB)/node_modules tests/js/node_modules
