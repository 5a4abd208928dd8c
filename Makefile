# virtcheck: make (build), make demo, make check (tests, then the same tests
# under AddressSanitizer + UBSan), make bench, make install, make clean.

PREFIX  ?= /usr/local
DESTDIR ?=
BUILD   ?= build
CC      ?= cc

PKGS     := glib-2.0 z3 json-glib-1.0
DEB_PKGS := libglib2.0-dev libz3-dev libjson-glib-dev pkg-config perl
GLIB_PIN := -DGLIB_VERSION_MIN_REQUIRED=GLIB_VERSION_2_74 -DGLIB_VERSION_MAX_ALLOWED=GLIB_VERSION_2_74

OPT      ?= -O2 -g
SANITIZE ?=
CFLAGS_ALL = -std=c17 $(OPT) $(SANITIZE) -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
             -D_GNU_SOURCE $(GLIB_PIN) $(shell pkg-config --cflags $(PKGS) 2>/dev/null) \
             -Ibase -Iisa-spec -Imachine -Ivmm -Iclassify -Iequiv -Ireports -Igrade -Icli $(CFLAGS)
LDLIBS_ALL = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lm $(LDLIBS)

LIB_SRC  := $(sort $(wildcard base/*.c isa-spec/*.c machine/*.c vmm/*.c classify/*.c equiv/*.c reports/*.c grade/*.c))
CLI_SRC  := $(sort $(wildcard cli/*.c))
TEST_SRC := $(sort $(wildcard tests/test-*.c))
HELP_SRC := tests/gen_isa.c tests/theorems.c
BENCH_SRC:= $(sort $(wildcard bench/bench-*.c))

LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/%.o)
CLI_OBJ  := $(CLI_SRC:%.c=$(BUILD)/%.o)
TESTS    := $(TEST_SRC:tests/%.c=$(BUILD)/tests/%)
BENCHES  := $(BENCH_SRC:bench/%.c=$(BUILD)/bench/%)
HELP_OBJ := $(HELP_SRC:%.c=$(BUILD)/%.o)
LIB      := $(BUILD)/libvirtcheck.a
BIN      := $(BUILD)/virtcheck
DEPS_OK  := $(BUILD)/.deps-ok

.PHONY: all deps test-tools demo check test asan bench soak install clean
all: $(BIN)

# Installs the Debian packages the build needs when they are missing (as root
# with apt-get), or prints the exact command and stops.
deps: $(DEPS_OK)
$(DEPS_OK):
	@missing() { m=""; \
	  command -v pkg-config >/dev/null 2>&1 || m="pkg-config"; \
	  command -v prove >/dev/null 2>&1 || m="$$m prove"; \
	  for p in $(PKGS); do pkg-config --exists $$p 2>/dev/null || m="$$m $$p"; done; \
	  echo $$m; }; \
	m=$$(missing); \
	if [ -n "$$m" ]; then \
	  echo "virtcheck: missing: $$m"; \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "virtcheck: installing $(DEB_PKGS)"; \
	    DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
	      $(DEB_PKGS) >/dev/null || exit 1; \
	    m=$$(missing); \
	    if [ -n "$$m" ]; then echo "virtcheck: still missing after apt-get: $$m"; exit 1; fi; \
	  else \
	    echo "virtcheck: run: sudo apt-get install -y $(DEB_PKGS)"; exit 1; \
	  fi; \
	fi
	@mkdir -p $(@D) && touch $@

# Tools some tests use (SPIN for the Promela export, Chromium to render the
# HTML report, xmllint for JUnit XML, GNU parallel to run shards): installed when root
# with apt-get; otherwise those tests skip and say why.
# Each is COMMAND:PACKAGE (xmllint validates the JUnit XML of virtcheck grade).
TEST_TOOLS := spin:spin chromium:chromium valgrind:valgrind xmllint:libxml2-utils parallel:parallel
test-tools:
	@missing=""; for t in $(TEST_TOOLS); do command -v $${t%%:*} >/dev/null 2>&1 || missing="$$missing $${t#*:}"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "virtcheck: installing test tools:$$missing"; \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null 2>&1 || \
	    { DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; } || \
	    echo "virtcheck: could not install$$missing: those tests will skip"; \
	  else echo "virtcheck: missing$$missing (sudo apt-get install -y$$missing): those tests will skip"; fi; \
	fi

$(BUILD)/%.o: %.c | $(DEPS_OK)
	@mkdir -p $(@D)
	@echo "  CC      $<"
	@$(CC) $(CFLAGS_ALL) -MMD -MP -c -o $@ $<

$(LIB): $(LIB_OBJ)
	@rm -f $@
	@echo "  AR      $@"
	@ar rcs $@ $^

$(BIN): $(CLI_OBJ) $(LIB)
	@echo "  LD      $@"
	@$(CC) $(CFLAGS_ALL) -o $@ $(CLI_OBJ) $(LIB) $(LDLIBS_ALL)

$(BUILD)/tests/%: tests/%.c $(wildcard tests/*.h) $(HELP_OBJ) $(LIB) | $(DEPS_OK)
	@mkdir -p $(@D)
	@echo "  LD      $@"
	@$(CC) $(CFLAGS_ALL) -Itests -o $@ $< $(HELP_OBJ) $(LIB) $(LDLIBS_ALL)

$(BUILD)/bench/%: bench/%.c bench/bench.h $(LIB) | $(DEPS_OK)
	@mkdir -p $(@D)
	@echo "  LD      $@"
	@$(CC) $(CFLAGS_ALL) -O3 -o $@ $< $(LIB) $(LDLIBS_ALL)

demo: $(BIN)
	@sh scenarios/demo.sh $(BIN)

# The suite: GTest binaries (TAP) and shell tests (TAP) under prove. A run
# that executes no test fails (prove exits non-zero on "No tests run").
# THEOREM_ISAS: how many generated ISAs test-theorems checks (fewer under ASan).
THEOREM_ISAS ?= 300
test: $(BIN) $(TESTS) $(BENCHES) # benches are built (not run) so that they keep compiling
	VIRTCHECK=$(abspath $(BIN)) VC_THEOREM_ISAS=$(THEOREM_ISAS) \
	  prove -j2 --failures --exec '' $(TESTS) $(sort $(wildcard tests/*.t))

check: test-tools
	$(MAKE) --no-print-directory test
	$(MAKE) --no-print-directory asan
	$(MAKE) --no-print-directory fuzz-smoke

asan:
	$(MAKE) --no-print-directory BUILD=build-asan OPT="-O1 -g" THEOREM_ISAS=60 \
	  SANITIZE="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" test

# libFuzzer targets (fuzz/*.c) built with clang, ASan and UBSan: `make fuzz`
# runs each for FUZZ_SECONDS (default 60) from seeds in scenarios/ and
# tests/; `make fuzz-smoke` (part of `make check`) for 5 seconds each. New
# crashes are kept in build-fuzz/crashes/. clang and its libFuzzer runtime
# (clang, libclang-rt-14-dev) are installed when root; else it says so.
FUZZ_SECONDS ?= 60
FUZZ_BUILD   := build-fuzz
FUZZ_TARGETS := $(patsubst fuzz/%.c,$(FUZZ_BUILD)/%,$(sort $(wildcard fuzz/fuzz_*.c)))
FUZZ_FLAGS   := -fsanitize=address,undefined -fno-sanitize-recover=all -g -O1
FUZZ_LIB_OBJ := $(LIB_SRC:%.c=$(FUZZ_BUILD)/%.o)
.PHONY: fuzz fuzz-smoke fuzz-tools
.SECONDARY: $(FUZZ_LIB_OBJ)

fuzz-tools:
	@if ! echo 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { (void)d; (void)n; return 0; }' \
	     | clang -x c -fsanitize=fuzzer - -o /dev/null >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "virtcheck: installing clang and libFuzzer (clang libclang-rt-14-dev)"; \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends clang libclang-rt-14-dev >/dev/null 2>&1 || \
	    { DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends clang libclang-rt-14-dev >/dev/null; } || true; \
	  fi; \
	fi

$(FUZZ_BUILD)/%.o: %.c | $(DEPS_OK)
	@mkdir -p $(@D)
	@echo "  CC      $< (fuzz)"
	@clang $(filter-out -O2 -g,$(CFLAGS_ALL)) $(FUZZ_FLAGS) -fsanitize=fuzzer-no-link -MMD -MP -c -o $@ $<

$(FUZZ_BUILD)/fuzz_%: fuzz/fuzz_%.c $(FUZZ_LIB_OBJ) | $(DEPS_OK)
	@echo "  LD      $@"
	@clang $(filter-out -O2 -g,$(CFLAGS_ALL)) -Iclassify $(FUZZ_FLAGS) -fsanitize=fuzzer -o $@ $< \
	  $(FUZZ_LIB_OBJ) $(LDLIBS_ALL)

# Seeds: every spec and program in the tree (a directory per target).
$(FUZZ_BUILD)/seeds: $(wildcard scenarios/*.isa tests/specs/*.isa tests/specs/*/*.isa scenarios/*/*.s tests/programs/*.s scenarios/*.expect scenarios/assignments/*/*.expect tests/shards/*.json)
	@rm -rf $@ && mkdir -p $@/spec $@/asm $@/expect $@/merge
	@cp tests/shards/*.json $@/merge/
	@cp scenarios/*.expect $@/expect/
	@for f in scenarios/assignments/*/*.expect; do cp $$f $@/expect/$$(basename $$(dirname $$f))-$$(basename $$f); done
	@cp scenarios/*.isa tests/specs/*.isa tests/specs/*/*.isa $@/spec/
	@for f in scenarios/*/*.s; do cp $$f $@/asm/$$(basename $$(dirname $$f))-$$(basename $$f); done
	@cp tests/programs/pg-*.s $@/asm/
	@touch $@

fuzz-run = for t in $(FUZZ_TARGETS); do n=$$(basename $$t); \
	  seeds=$(FUZZ_BUILD)/seeds/spec; [ $$n = fuzz_asm ] && seeds=$(FUZZ_BUILD)/seeds/asm; \
	  [ $$n = fuzz_expect ] && seeds=$(FUZZ_BUILD)/seeds/expect; \
	  [ $$n = fuzz_merge ] && seeds=$(FUZZ_BUILD)/seeds/merge; \
	  mkdir -p $(FUZZ_BUILD)/corpus/$$n $(FUZZ_BUILD)/crashes; \
	  echo "fuzz: $$n for $(1) s"; \
	  $$t -max_total_time=$(1) -max_len=1048576 -timeout=20 -rss_limit_mb=4096 -print_final_stats=1 \
	    -dict=fuzz/isa.dict -artifact_prefix=$(FUZZ_BUILD)/crashes/$$n- \
	    $(FUZZ_BUILD)/corpus/$$n $$seeds 2>$(FUZZ_BUILD)/$$n.log \
	    || { tail -40 $(FUZZ_BUILD)/$$n.log; exit 1; }; \
	  grep -E '^stat::number_of_executed_units|^stat::peak_rss_mb' $(FUZZ_BUILD)/$$n.log | sed "s/^/  $$n /"; \
	  grep -o 'cov: [0-9]* ft: [0-9]*' $(FUZZ_BUILD)/$$n.log | tail -1 | sed "s/^/  $$n /"; \
	done

fuzz: fuzz-tools
	@$(MAKE) --no-print-directory $(FUZZ_TARGETS) $(FUZZ_BUILD)/seeds
	@$(call fuzz-run,$(FUZZ_SECONDS))

# A short run of every target when clang can build them; says so when not.
fuzz-smoke: fuzz-tools
	@if echo 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { (void)d; (void)n; return 0; }' \
	     | clang -x c -fsanitize=fuzzer - -o /dev/null >/dev/null 2>&1; then \
	  $(MAKE) --no-print-directory $(FUZZ_TARGETS) $(FUZZ_BUILD)/seeds && \
	  $(MAKE) --no-print-directory fuzz-run-smoke; \
	else echo "fuzz: skipped: clang with libFuzzer is not installed (apt-get install clang libclang-rt-14-dev)"; fi

.PHONY: fuzz-run-smoke
fuzz-run-smoke:
	@$(call fuzz-run,5)

# The theorem-consistency property on SEEDS generated ISAs (tests/theorems.h),
# JOBS processes: prints "N ISAs, V violations" and the statistics.
SEEDS ?= 10000
JOBS  ?= 2
soak: $(BUILD)/tests/soak
	$(BUILD)/tests/soak --seeds $(SEEDS) --jobs $(JOBS)

# Each bench prints its figures, and a `target|...` line per figure of
# issue 15; the table at the end gathers them, ratios first.
bench: $(BENCHES) $(BIN)
	@for b in $(BENCHES); do $$b || exit 1; done | tee $(BUILD)/bench.txt | grep -v '^target|'
	@echo; echo "Targets (docs/performance.md):"
	@grep '^target|' $(BUILD)/bench.txt | sort -t'|' -k2,2n | \
	  awk -F'|' '{ printf "  %-54s %-22s %-16s %s\n", $$3, $$4, $$5, $$6 }' 

install: $(BIN)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/virtcheck/scenarios \
	  $(DESTDIR)$(PREFIX)/share/man/man1 $(DESTDIR)$(PREFIX)/share/doc/virtcheck
	install -m 755 $(BIN) $(DESTDIR)$(PREFIX)/bin/virtcheck
	cp -r scenarios/. $(DESTDIR)$(PREFIX)/share/virtcheck/scenarios/
	install -d $(DESTDIR)$(PREFIX)/share/virtcheck/programs
	install -m 644 tests/programs/*.s $(DESTDIR)$(PREFIX)/share/virtcheck/programs/
	printf '#!/bin/sh\n# The tour of make demo, on the installed scenarios.\nexec sh "%s/share/virtcheck/scenarios/demo.sh" "$${1:-%s/bin/virtcheck}" "$${2:-}"\n' \
	  "$(PREFIX)" "$(PREFIX)" >$(DESTDIR)$(PREFIX)/bin/virtcheck-demo
	chmod 755 $(DESTDIR)$(PREFIX)/bin/virtcheck-demo
	install -m 644 docs/virtcheck.1 $(DESTDIR)$(PREFIX)/share/man/man1/virtcheck.1
	install -m 644 docs/*.md $(DESTDIR)$(PREFIX)/share/doc/virtcheck/

clean:
	rm -rf build build-asan build-fuzz

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d) $(HELP_OBJ:.o=.d) $(FUZZ_LIB_OBJ:.o=.d)
