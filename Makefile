# habeas — the two commands of the README, and the benchmarks.
#   make demo   install what is missing, build, make synthetic data, import and
#               link it, then serve it on http://127.0.0.1:8080/ (a demo login
#               is printed)
#   make check  install what is missing, build, run every test
#   make bench  run the benchmarks in bench/ (by hand; they print figures);
#               FEBRL=DIR adds the public FEBRL 4 benchmark (bench/febrl says
#               where to get the data, and is skipped without it)
BUILD ?= build
SAN_BUILD ?= build-asan
FEBRL ?=
HABEAS = $(BUILD)/habeas

.PHONY: all bootstrap build demo check check-asan bench clean

all: build

bootstrap:
	@scripts/bootstrap

$(BUILD)/build.ninja:
	meson setup $(BUILD) --buildtype=debugoptimized -Dwerror=true

build: bootstrap $(BUILD)/build.ninja
	ninja -C $(BUILD)

demo: build
	$(HABEAS) demo --dir demo
	HABEAS=$(HABEAS) scripts/demo-serve demo

check: build
	meson test -C $(BUILD) --print-errorlogs --num-processes 2

$(SAN_BUILD)/build.ninja:
	meson setup $(SAN_BUILD) --buildtype=debug -Dwerror=true -Db_sanitize=address,undefined -Db_lundef=false

check-asan: bootstrap $(SAN_BUILD)/build.ninja
	ninja -C $(SAN_BUILD)
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	    HABEAS_TEST_PERSONS=15000 meson test -C $(SAN_BUILD) --print-errorlogs --num-processes 2 --timeout-multiplier 4

bench: build
	bench/import
	bench/synth
	bench/link
	bench/link 750000 1
	bench/link 200000 1
	bench/febrl $(FEBRL)
	bench/estimate
	bench/trace
	bench/trace 750000 2000 1
	bench/http

clean:
	rm -rf $(BUILD) $(SAN_BUILD)
