# The README's two commands: `make run` (set up, build, open the demo) and `make test`.
SHELL := /bin/bash
DEMO := projects/demo
RELEASE := .build/release/opine
ANNOTATOR ?= demo

.PHONY: run test setup build demo clean-demo

run: setup build demo
	$(RELEASE) annotate --project $(DEMO) --annotator $(ANNOTATOR)

# The import checks first (one importer per C library and database client, every target
# importing only what Package.swift declares), then the suite with a throwaway PostgreSQL server
# for the store tests (scripts/with-postgres.sh).
test: setup
	@scripts/check-imports.py
	scripts/with-postgres.sh swift test --explicit-target-dependency-import-check error

setup:
	@scripts/setup.sh

build:
	swift build -c release --product opine

# Builds the demo database from the files beside it, once.
demo: build
	@if [ ! -f $(DEMO)/opine.db ]; then scripts/make-demo-db.sh $(RELEASE) $(DEMO); fi

clean-demo:
	rm -f $(DEMO)/opine.db $(DEMO)/opine.db-wal $(DEMO)/opine.db-shm
