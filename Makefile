# Campaign pipeline — build, test, demo, and runs as file targets.
#   make                 build (debug)
#   make test            install missing system packages, build, run every test
#   make lint            swift format lint --strict with .swift-format (CI runs it first)
#   make demo            release build, sandbox on a free port, samples/ through all stages
#   make demo-inbox      release build, sandbox and campaign-inbox on a temp spool, samples dropped one by one
#   make sandbox         the sandbox in the foreground on 127.0.0.1:8080
#   make screenshots     the demo run's preview.html and report.html as PNGs in docs/images/ (headless Chromium)
#   make run PIPELINE=pipelines/x.yaml INPUT="a.csv b.xml.gz" RUN=runs/x
#   make retry FROM=runs/x RUN=runs/x-retry [PIPELINE=…]   resend x's transient failures as a new run
#   make bench-ingest | bench-validate | bench-history | bench-sandbox | bench-submit | bench-report | bench-xml-floor
#   make bench-compare BASE=<commit> [ROUNDS=3]   HEAD against BASE (built in .build-base/): times, peaks, artifacts
#   make clean

SHELL := /bin/bash
SWIFT ?= swift
DEPS := libxml2-dev zlib1g-dev libphonenumber-dev pkg-config tzdata curl libsqlite3-dev libpq-dev postgresql sqlite3 prometheus
RELEASE_BIN = $(shell $(SWIFT) build -c release --show-bin-path)

PIPELINE ?= pipelines/demo.yaml
INPUT ?= $(wildcard samples/*)
RUN ?= runs/$(basename $(notdir $(PIPELINE)))
export CUBE_ACCOUNT_ID ?= sandbox-account

.PHONY: all build release deps test lint demo demo-inbox screenshots sandbox run retry clean bench-ingest bench-validate bench-history bench-sandbox bench-submit bench-report bench-local-time bench-compare bench-xml-floor

all: build

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

# Installs the Debian packages the C shims link against, only when missing.
deps:
	@missing=""; for p in $(DEPS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  sudo=""; [ "$$(id -u)" = 0 ] || sudo=sudo; \
	  $$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq $$missing; \
	fi

# Tests (and the stages and sandboxes they start) keep their files in one
# scratch folder, removed afterwards whatever the outcome.
# The toolchain's own swift-format with the project's .swift-format; CI runs it before the tests.
lint:
	$(SWIFT) format lint --strict --recursive Sources Tests Package.swift

test: deps
	$(SWIFT) build --build-tests
	scratch=$$(mktemp -d "$${TMPDIR:-/tmp}/cube-tests.XXXXXX"); \
	  TMPDIR=$$scratch $(SWIFT) test --skip-build; status=$$?; rm -rf "$$scratch"; exit $$status

demo: release
	scripts/demo.sh "$(RELEASE_BIN)"

demo-inbox: release
	scripts/demo-inbox.sh "$(RELEASE_BIN)"

screenshots: release
	scripts/screenshots.sh "$(RELEASE_BIN)"

sandbox: release
	"$(RELEASE_BIN)/cube-sandbox" --port 8080

# A run as file targets: each stage runs only when its inputs changed, so a
# second `make run` with nothing changed does nothing and sends nothing.
run: $(RUN)/report.csv

$(RUN)/ingested.ndjson: $(INPUT) $(PIPELINE) | release
	"$(RELEASE_BIN)/campaign-ingest" --pipeline $(PIPELINE) --run $(RUN) $(INPUT)

$(RUN)/recipients.ndjson: $(RUN)/ingested.ndjson $(PIPELINE)
	"$(RELEASE_BIN)/campaign-validate" --pipeline $(PIPELINE) --run $(RUN)

# The journal only grows when something is sent; touch it so make sees the step done.
$(RUN)/journal.ndjson: $(RUN)/recipients.ndjson
	"$(RELEASE_BIN)/campaign-submit" --pipeline $(PIPELINE) --run $(RUN)
	touch $@

$(RUN)/report.csv: $(RUN)/journal.ndjson
	"$(RELEASE_BIN)/campaign-report" --pipeline $(PIPELINE) --run $(RUN)

# A new run of FROM's transient failures, through every stage. Each stage is safe to
# repeat (submit's journal creates nothing twice), so a failed retry is rerun as is.
retry: | release
	@test -n "$(FROM)" || { echo "make retry FROM=runs/OLD RUN=runs/NEW: name the run to retry" >&2; exit 64; }
	@test "$(RUN)" != "$(FROM)" || { echo "make retry: RUN must be a new run directory, not FROM" >&2; exit 64; }
	"$(RELEASE_BIN)/campaign-ingest" --pipeline $(PIPELINE) --run $(RUN) --retry-of $(FROM)
	"$(RELEASE_BIN)/campaign-validate" --pipeline $(PIPELINE) --run $(RUN)
	"$(RELEASE_BIN)/campaign-submit" --pipeline $(PIPELINE) --run $(RUN)
	"$(RELEASE_BIN)/campaign-report" --pipeline $(PIPELINE) --run $(RUN)

bench-ingest bench-validate bench-history bench-sandbox bench-submit bench-report bench-local-time: release
	scripts/bench.sh $(subst bench-,,$@) "$(RELEASE_BIN)"

# BASE's release binaries (built once in .build-base/, apart from HEAD's .build) against HEAD's,
# alternating on the same data, then every artifact compared. Without BASE it refuses at once: the
# release prerequisite and the bin path are only asked for when BASE is given.
bench-compare: $(if $(BASE),release)
	@test -n "$(BASE)" || { echo "make bench-compare BASE=<commit>: name the commit to compare HEAD with" >&2; exit 64; }
	scripts/bench-compare.sh "$(BASE)" "$(if $(BASE),$(RELEASE_BIN))"

# libxml2 alone on the bench's XML: reader API, SAX pushed, SAX pulled (why ingest pulls with SAX).
bench-xml-floor:
	scripts/bench.sh xml-floor ""

clean:
	$(SWIFT) package clean
	rm -rf runs
