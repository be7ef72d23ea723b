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
# A target that imports a module it does not declare fails the build: the target graph is the
# pipeline (docs/architecture.md), and no import may run back up it.
SWIFT_BUILD := $(SWIFT) build --explicit-target-dependency-import-check error

# `make bench SIZE=10k` runs one size of the benchmark (1k, 10k or 100k); empty runs all three.
SIZE        ?=
BENCH_VENV  := bench/.venv

MANUAL      := build/man/touchpoint.1

.PHONY: all deps build check outbox test endpoint-deps bench bench-deps completions man install clean format lint \
        fuzz-build fuzz fuzz-minimize fuzz-replay test-asan test-tsan

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
	$(SWIFT_BUILD) -c release --product touchpoint

# Check the example practice (or ROOT=…).
check: build
	$(RELEASE_BIN) check --root $(ROOT)

# Compile the example practice (or ROOT=…) into its outbox, out/.
outbox: build
	$(RELEASE_BIN) build --root $(ROOT) --as-of $(AS_OF)

# The SARIF tests check a log's structure themselves. When the official schema is beside the
# repository (../shared/data/sarif-schema-2.1.0.json, never copied in), they also validate against
# it with Python's jsonschema: install that when missing, with pip where this Python allows it,
# else as the Debian package. A clone with nothing beside it needs neither.
SARIF_SCHEMA := ../shared/data/sarif-schema-2.1.0.json

# `touchpoint serve` is tested as its clients see it: curl on 127.0.0.1, and a real browser —
# Debian's chromium and chromium-driver, driven by Selenium from PyPI (in .build/selenium-venv).
# The same browser reads the example practice's `touchpoint review` from file://, with JavaScript
# on and off, and leaves screenshots in .build/review-shots/.
# What is missing is installed; what cannot be installed stops the suite, never skips it.
ENDPOINT_PACKAGES := curl chromium chromium-driver
SELENIUM_VENV := .build/selenium-venv
DEBUG_BIN := .build/debug/touchpoint

endpoint-deps:
	@missing=""; \
	for pkg in $(ENDPOINT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$pkg 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$pkg"; \
	done; \
	if ! $(SELENIUM_VENV)/bin/python -m pip --version >/dev/null 2>&1; then \
	  scratch=$$(mktemp -d); python3 -m venv $$scratch/venv >/dev/null 2>&1 || missing="$$missing python3-venv"; rm -rf $$scratch; \
	fi; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then sudo=""; \
	  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo="sudo"; \
	  else echo "touchpoint: the endpoint's tests need:$$missing"; echo "run: sudo apt-get install -y$$missing"; exit 1; fi; \
	  echo "installing:$$missing"; \
	  $$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq$$missing >/dev/null; \
	fi; \
	command -v chromium >/dev/null && command -v chromedriver >/dev/null \
	  || { echo "touchpoint: chromium and chromedriver are not on PATH after installing them"; exit 1; }
	@$(SELENIUM_VENV)/bin/python -c 'import selenium' 2>/dev/null || { \
	  rm -rf $(SELENIUM_VENV); python3 -m venv $(SELENIUM_VENV) \
	  && $(SELENIUM_VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r Tests/Endpoint/requirements.txt; }
	@$(SELENIUM_VENV)/bin/python -c 'import selenium' || { echo "touchpoint: Selenium did not install into $(SELENIUM_VENV)"; exit 1; }

# The suite runs after the check that the tree is formatted as .swift-format says (`make format`
# formats it). The delivery tests hand messages to a real Postfix on this machine:
# Tests/Mail/mail-server installs it (and msmtp) from Debian's packages when missing, for local
# delivery only into a test user's Maildir (nothing leaves the machine), starts it before the suite
# and stops it after, whatever the suite's outcome. Without it those tests fail; they never skip.
test: deps lint endpoint-deps
	@if [ -f $(SARIF_SCHEMA) ]; then \
	  python3 -c 'import jsonschema' 2>/dev/null \
	  || python3 -m pip install --quiet --disable-pip-version-check jsonschema >/dev/null 2>&1 \
	  || { if [ "$$(id -u)" = 0 ]; then sudo=""; elif sudo -n true 2>/dev/null; then sudo="sudo"; \
	       else echo "touchpoint: the SARIF tests need Python's jsonschema; run: sudo apt-get install -y python3-jsonschema"; exit 1; fi; \
	       $$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq python3-jsonschema >/dev/null; }; \
	  python3 -c 'import jsonschema' 2>/dev/null || { echo "touchpoint: python3 cannot import jsonschema"; exit 1; }; \
	fi
	$(SWIFT_BUILD) --build-tests
	bash Tests/Mail/mail-server start
	status=0; $(SWIFT) test --skip-build || status=$$?; bash Tests/Mail/mail-server stop; exit $$status
	timeout 300 bash Tests/Endpoint/serve-curl.sh $(DEBUG_BIN)
	timeout 300 $(SELENIUM_VENV)/bin/python Tests/Endpoint/serve-browser.py $(DEBUG_BIN)
	AS_OF=$(AS_OF) timeout 300 $(SELENIUM_VENV)/bin/python Tests/Endpoint/review-browser.py $(DEBUG_BIN)

# Coverage-guided fuzzing (docs/fuzzing.md). `make fuzz` builds one libFuzzer executable per target
# with AddressSanitizer, in its own build folder, and runs each for FUZZ_SECONDS with FUZZ_JOBS
# processes at once (one a core). New inputs are added to the target's corpus when they add
# coverage to it (nothing in it is removed); a crash input goes into its regressions folder, which
# `make test` replays from then on. `make fuzz FUZZ_TARGETS=yaml FUZZ_SECONDS=3600` runs one
# target for an hour.
FUZZ_SECONDS ?= 300
FUZZ_JOBS    ?= $(shell nproc 2>/dev/null || echo 2)
FUZZ_TARGETS ?= yaml csv template expression mime practice
FUZZ_FLAGS   ?=
FUZZ_SCRATCH := .build-fuzz
# `swiftc` keeps only the last `-sanitize=` it is given, and SwiftPM passes `--sanitize fuzzer` and
# `--sanitize address` as two: on their own they build the Swift code with AddressSanitizer and no
# coverage counters, and libFuzzer mutates blindly. The one `-sanitize=fuzzer,address` after them
# gives the Swift modules both; SwiftPM's own flags still instrument the C and link libFuzzer's main.
FUZZ_BUILD   := $(SWIFT) build -c release --scratch-path $(FUZZ_SCRATCH) --sanitize fuzzer --sanitize address \
                -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING
# An object of the Swift code every harness runs: without coverage counters in it, the build is wrong.
FUZZ_PROBE   := $(FUZZ_SCRATCH)/release/TouchpointFrontEnd.build/YAMLComposer.swift.o

fuzz-build: deps
	@for target in $(FUZZ_TARGETS); do \
	  echo "building fuzz-$$target"; $(FUZZ_BUILD) --product fuzz-$$target || exit 1; \
	done
	@readelf -SW $(FUZZ_PROBE) | grep -q __sancov_cntrs || { \
	  echo "make fuzz-build: $(FUZZ_PROBE) has no coverage counters; libFuzzer would fuzz blindly" >&2; exit 1; }

fuzz: fuzz-build
	@failed=""; for target in $(FUZZ_TARGETS); do \
	  folder=$(CURDIR)/Tests/Fuzz/$$target; logs=$(CURDIR)/$(FUZZ_SCRATCH)/logs/$$target; \
	  mkdir -p $$folder/corpus $$folder/regressions $$logs; rm -f $$logs/*.log; \
	  echo "fuzzing $$target for $(FUZZ_SECONDS)s with $(FUZZ_JOBS) jobs (logs in $$logs)"; \
	  new=$(CURDIR)/$(FUZZ_SCRATCH)/new/$$target; rm -rf $$new; mkdir -p $$new; \
	  status=0; ( cd $$logs && SWIFT_BACKTRACE=enable=no $(CURDIR)/$(FUZZ_SCRATCH)/release/fuzz-$$target $$new $$folder/corpus \
	    -dict=$$folder/$$target.dict -artifact_prefix=$$folder/regressions/ \
	    -max_total_time=$(FUZZ_SECONDS) -jobs=$(FUZZ_JOBS) -workers=$(FUZZ_JOBS) \
	    -timeout=10 -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 $(FUZZ_FLAGS) ) >/dev/null 2>&1 || status=$$?; \
	  for log in $$logs/fuzz-*.log; do \
	    grep -E '^(stat::number_of_executed_units|stat::average_exec_per_sec|stat::peak_rss_mb)|cov: .*ft: .*exec/s' $$log \
	      | tail -4 | sed "s|^|  $$target $$(basename $$log): |"; \
	  done; \
	  ( cd $$logs && SWIFT_BACKTRACE=enable=no $(CURDIR)/$(FUZZ_SCRATCH)/release/fuzz-$$target -merge=1 \
	    -artifact_prefix=$$folder/regressions/ $$folder/corpus $$new >/dev/null 2>&1 ) || true; \
	  echo "  $$target: corpus of $$(ls $$folder/corpus | wc -l) inputs"; \
	  if [ $$status -ne 0 ]; then echo "fuzz-$$target failed: see $$folder/regressions and $$logs"; failed="$$failed $$target"; fi; \
	done; \
	if [ -n "$$failed" ]; then echo "make fuzz: failing inputs found by:$$failed"; exit 1; fi

# Shrinks each corpus to a small set of its inputs that reaches every edge the whole corpus
# reaches (libFuzzer's -merge=1 into an empty folder; -use_counters=0 weighs edges, not how often
# each runs, which keeps about a quarter of the inputs), so that `make test` replays it in seconds.
# Run it after long fuzzing runs, then commit the corpus; `make fuzz` itself only adds.
fuzz-minimize: fuzz-build
	@for target in $(FUZZ_TARGETS); do \
	  folder=$(CURDIR)/Tests/Fuzz/$$target; kept=$(CURDIR)/$(FUZZ_SCRATCH)/minimized/$$target; \
	  rm -rf $$kept; mkdir -p $$kept $(FUZZ_SCRATCH)/logs; \
	  ( cd $(FUZZ_SCRATCH) && SWIFT_BACKTRACE=enable=no $(CURDIR)/$(FUZZ_SCRATCH)/release/fuzz-$$target -merge=1 -use_counters=0 \
	    -timeout=10 -rss_limit_mb=2048 -max_len=65536 $$kept $$folder/corpus > logs/minimize-$$target.log 2>&1 ) \
	    || { echo "fuzz-minimize: $$target failed, see $(FUZZ_SCRATCH)/logs/minimize-$$target.log"; exit 1; }; \
	  [ -n "$$(ls $$kept)" ] || { echo "fuzz-minimize: $$target kept nothing; its corpus is left as it is"; exit 1; }; \
	  echo "  $$target: $$(ls $$folder/corpus | wc -l) inputs -> $$(ls $$kept | wc -l)"; \
	  rm -rf $$folder/corpus && mv $$kept $$folder/corpus; \
	done

# Every corpus and regression input through the harnesses' properties, without a fuzzing build:
# the suite does the same (FuzzReplayTests); this is the quick way to check one folder by hand.
fuzz-replay:
	$(SWIFT_BUILD) $(foreach target,$(FUZZ_TARGETS),--product fuzz-$(target)) 2>/dev/null || \
	  for target in $(FUZZ_TARGETS); do $(SWIFT_BUILD) --product fuzz-$$target || exit 1; done
	@for target in $(FUZZ_TARGETS); do \
	  .build/debug/fuzz-$$target Tests/Fuzz/$$target/corpus Tests/Fuzz/$$target/regressions || exit 1; \
	done

# The whole suite under the sanitizers, each in its own build folder (docs/fuzzing.md): AddressSanitizer
# with UndefinedBehaviorSanitizer, and ThreadSanitizer. Swift checks its own arithmetic and bounds
# (and swiftc has no -sanitize=undefined on Linux), so UndefinedBehaviorSanitizer instruments the C
# the package compiles (its own C target and swift-crypto's BoringSSL). What either sanitizer
# suppresses is listed in Tests/Sanitizers/ and explained there.
SANITIZER_SUPPRESSIONS := $(CURDIR)/Tests/Sanitizers
ASAN_FLAGS := --scratch-path .build-asan --sanitize address -Xcc -fsanitize=undefined -Xcc -fno-sanitize-recover=undefined
TSAN_FLAGS := --scratch-path .build-tsan --sanitize thread

test-asan: deps
	$(SWIFT_BUILD) --build-tests $(ASAN_FLAGS)
	bash Tests/Mail/mail-server start
	status=0; TOUCHPOINT_TEST_SLOWDOWN=4 ASAN_OPTIONS=detect_leaks=0:abort_on_error=0:halt_on_error=1 \
	  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:suppressions=$(SANITIZER_SUPPRESSIONS)/ubsan.supp \
	  $(SWIFT) test --skip-build $(ASAN_FLAGS) || status=$$?; \
	  bash Tests/Mail/mail-server stop; exit $$status

test-tsan: deps
	$(SWIFT_BUILD) --build-tests $(TSAN_FLAGS)
	bash Tests/Mail/mail-server start
	status=0; TOUCHPOINT_TEST_SLOWDOWN=8 TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1:suppressions=$(SANITIZER_SUPPRESSIONS)/tsan.supp \
	  $(SWIFT) test --skip-build $(TSAN_FLAGS) || status=$$?; \
	  bash Tests/Mail/mail-server stop; exit $$status

# Shell completions, as argument-parser generates them from the commands.
completions: build
	@mkdir -p build/completions
	$(RELEASE_BIN) --generate-completion-script bash > build/completions/touchpoint.bash
	$(RELEASE_BIN) --generate-completion-script zsh > build/completions/touchpoint.zsh
	$(RELEASE_BIN) --generate-completion-script fish > build/completions/touchpoint.fish

# The manual page, from argument-parser's GenerateManual plugin (it builds the release product).
man: deps
	$(SWIFT) package plugin generate-manual
	@mkdir -p build/man
	cp .build/plugins/GenerateManual/outputs/touchpoint/touchpoint.1 $(MANUAL)

install: build completions man
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 0755 $(RELEASE_BIN) $(DESTDIR)$(PREFIX)/bin/touchpoint
	install -d $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 0644 $(MANUAL) $(DESTDIR)$(PREFIX)/share/man/man1/touchpoint.1
	install -d $(DESTDIR)$(PREFIX)/share/bash-completion/completions
	install -m 0644 build/completions/touchpoint.bash $(DESTDIR)$(PREFIX)/share/bash-completion/completions/touchpoint
	install -d $(DESTDIR)$(PREFIX)/share/zsh/site-functions
	install -m 0644 build/completions/touchpoint.zsh $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_touchpoint
	install -d $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d
	install -m 0644 build/completions/touchpoint.fish $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/touchpoint.fish

# The benchmark (docs/benchmarks.md): Touchpoint's release build against a plain-Python baseline and
# the file system's floor, on generated practices of 1k, 10k and 100k patients. Its deliver rows hand
# messages to this machine's Postfix, which bench/run.py starts (and stops) with Tests/Mail/mail-server.
bench: build bench-deps $(BENCH_VENV)/.installed
	TOUCHPOINT_BIN=$(RELEASE_BIN) AS_OF=$(AS_OF) SIZE=$(SIZE) $(BENCH_VENV)/bin/python bench/run.py --python $(BENCH_VENV)/bin/python

# What the benchmark needs from the system: a C compiler for the floor, GNU time for peak memory,
# and python3-venv where Debian's python3 cannot make a virtual environment without it.
bench-deps:
	@missing=""; \
	command -v $${CC:-cc} >/dev/null 2>&1 || missing="$$missing gcc"; \
	[ -x /usr/bin/time ] || missing="$$missing time"; \
	if ! $(BENCH_VENV)/bin/python -m pip --version >/dev/null 2>&1; then \
	  scratch=$$(mktemp -d); python3 -m venv $$scratch/venv >/dev/null 2>&1 || missing="$$missing python3-venv"; rm -rf $$scratch; \
	fi; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then sudo=""; \
	  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo="sudo"; \
	  else echo "touchpoint: the benchmark needs:$$missing"; echo "run: sudo apt-get install -y$$missing"; exit 1; fi; \
	  echo "installing:$$missing"; \
	  $$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq$$missing >/dev/null; \
	fi

# The baseline's Python packages, from PyPI into bench/.venv.
$(BENCH_VENV)/.installed: bench/requirements.txt
	@$(BENCH_VENV)/bin/python -m pip --version >/dev/null 2>&1 || { rm -rf $(BENCH_VENV); python3 -m venv $(BENCH_VENV); }
	$(BENCH_VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r bench/requirements.txt
	@touch $@

# swift-format, as the toolchain ships it, with the project's .swift-format.
FORMATTED := Package.swift Sources Tests

format:
	$(SWIFT) format format --in-place --parallel --recursive $(FORMATTED)

lint:
	$(SWIFT) format lint --strict --parallel --recursive $(FORMATTED)

clean:
	$(SWIFT) package clean
	rm -rf build
