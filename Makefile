# The two set-up commands of README.md:
#   make run    install what is missing, build, run the gateway on config/llmgw.yaml
#   make test   install what is missing, build, run every test (what CI runs)
.PHONY: run test build deps

deps:
	scripts/install-deps.sh run

build: deps
	scripts/build.sh release

run: build
	./build/llmgw --config config/llmgw.yaml

test:
	scripts/test.sh
