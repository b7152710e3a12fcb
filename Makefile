# optlab — the README's two commands are `make demo` and `make test`.
GO      ?= go
BIN     := bin/optlab
# An execution count, not a duration: Go 1.26's fuzz coordinator can fail a
# duration-bounded run with a spurious "context deadline exceeded" at the
# deadline on a busy machine (golang/go#75804, fixed in Go 1.27).
FUZZTIME ?= 20000x
STATICCHECK_VERSION := v0.8.2

.PHONY: all build demo test test-race vet lint fuzz bench bench-peer clean

all: build

build:
	$(GO) build -o $(BIN) ./cmd/optlab

# The main job on the built-in example: writes out/quickstart/*.png.
demo: build
	./$(BIN) run configs/quickstart.yaml

# Regenerates every figure in docs/figures with the freshly built binary.
.PHONY: docs
docs: build
	./docs/figures/make.sh ./$(BIN)

# docs/figures from configs/: every figure of make docs plus the animated
# trajectories (run/compare --gif) and a recorded optlab play session.
.PHONY: gallery
gallery: build
	./docs/figures/gallery.sh ./$(BIN)

# Every test, vet and gofmt; what CI runs.
test:
	@unformatted=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	  if [ -n "$$unformatted" ]; then echo "gofmt would change:"; echo "$$unformatted"; exit 1; fi
	$(GO) vet ./...
	$(GO) test -count=1 ./...

test-race:
	$(GO) test -race -count=1 ./...

lint:
	$(GO) run honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION) ./...

# A short run of every fuzz target (the corpus lives in testdata/fuzz).
fuzz:
	@for pkg in $$($(GO) list ./...); do \
	  for t in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz'); do \
	    echo "fuzz $$pkg $$t"; $(GO) test -run '^$$' -fuzz "^$$t$$" -fuzztime $(FUZZTIME) $$pkg || exit 1; \
	  done; \
	done

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

# Whole-process timing of `compare` against the torch + matplotlib peer
# (needs hyperfine, python3-torch and python3-matplotlib).
bench-peer: build
	hyperfine -N -w1 -r5 \
	  '/usr/bin/python3 bench/torch_compare.py /tmp/tc 5000 sgd momentum nesterov adagrad rmsprop adam radam' \
	  './$(BIN) compare sgd momentum nesterov adagrad rmsprop adam radam --steps 5000 --out /tmp/oc -q'

clean:
	rm -rf bin out
