# The set-up commands of README.md (each installs the Debian packages it needs that are missing,
# with apt-get, via sudo when not root):
#   make run    build the gateway only (not the tests) and run it on config/llmgw.yaml
#   make demo   build the gateway and run it on config/examples/demo.yaml in front of a local
#               fake upstream: a streamed answer with no provider key (scripts/demo.sh)
#   make test   build everything and run every test (what CI runs, scripts/test.sh)
#   make check-fresh-machine   the README's `make run` and the Dockerfile's build stage in a
#               fresh Debian 12 root (scripts/check-fresh-machine.sh, needs root)
.PHONY: run demo test build deps check-fresh-machine

deps:
	scripts/install-deps.sh run

build: deps
	scripts/build.sh release llmgw

run: build
	./build/llmgw --config config/llmgw.yaml

demo:
	scripts/demo.sh

test:
	scripts/test.sh

check-fresh-machine:
	scripts/check-fresh-machine.sh
