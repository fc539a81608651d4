# deskpilot: an AI-assisted IT service desk. `make demo` and `make test` are
# all a newcomer needs; `make setup` installs what the full suite uses.
GO      ?= go
BIN     := bin/deskpilot
VERSION := $(shell git describe --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -s -w -X main.version=$(VERSION)
PKGS    := ./...
FUZZTIME ?= 20

.PHONY: build run demo test test-short bench fuzz lint fmt setup clean

build:
	$(GO) build -trimpath -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/deskpilot

run: build
	./$(BIN) serve

demo: build
	./$(BIN) demo --data ./deskpilot-data

test:
	$(GO) test -count=1 -timeout 30m $(PKGS)

bench:
	$(GO) test -run '^$$' -bench . -benchtime 3x $(PKGS)

# Every fuzz target for FUZZTIME seconds; failing inputs land in testdata/fuzz.
fuzz:
	GO=$(GO) ./scripts/fuzz.sh $(FUZZTIME)

lint:
	@out=$$(gofmt -l .); if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) vet $(PKGS)
	./scripts/archcheck.sh

fmt:
	gofmt -w .

setup:
	./scripts/setup.sh

clean:
	rm -rf bin deskpilot-data
