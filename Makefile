# Touchpoint: `make` builds the tool and compiles the example practice; `make test` runs the suite.
#
# On a fresh Debian machine with Swift, these two commands are the whole set-up: missing system
# packages are installed with apt when running as root (or through sudo); otherwise the exact
# command to run is printed.

SWIFT       ?= swift
PREFIX      ?= /usr/local
ROOT        ?= .
# The example practice's data is dated around this day, so a clone builds the same outbox in any
# year. A real practice's Makefile leaves AS_OF out and builds as of now.
AS_OF       ?= 2026-11-30
# The example's unsubscribe links carry a token made with a secret. This one is for the example
# only; a real practice keeps its own in TOUCHPOINT_SECRET or the git-ignored .touchpoint-secret.
export TOUCHPOINT_SECRET ?= example-practice-secret-not-for-real-use

DEB_PACKAGES := libyaml-dev libcmark-gfm-dev libcmark-gfm-extensions-dev pkg-config tzdata python3
PKG_CONFIG_MODULES := yaml-0.1 libcmark-gfm

RELEASE_BIN := .build/release/touchpoint

.PHONY: all deps build check outbox test install clean

all: outbox

# Install what is missing; never reinstall what is there.
deps:
	@missing=""; \
	for pkg in $(DEB_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$pkg 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$pkg"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then sudo=""; \
	  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo="sudo"; \
	  else echo "touchpoint: missing system packages:$$missing"; \
	       echo "run: sudo apt-get install -y$$missing"; exit 1; fi; \
	  echo "installing:$$missing"; \
	  $$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq$$missing >/dev/null; \
	fi; \
	for module in $(PKG_CONFIG_MODULES); do \
	  pkg-config --exists $$module || { echo "touchpoint: pkg-config cannot find '$$module'"; exit 1; }; \
	done

build: deps
	$(SWIFT) build -c release --product touchpoint

# Check the example practice (or ROOT=…).
check: build
	$(RELEASE_BIN) check --root $(ROOT)

# Compile the example practice (or ROOT=…) into its outbox, out/.
outbox: build
	$(RELEASE_BIN) build --root $(ROOT) --as-of $(AS_OF)

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

install: build
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 0755 $(RELEASE_BIN) $(DESTDIR)$(PREFIX)/bin/touchpoint

clean:
	$(SWIFT) package clean
