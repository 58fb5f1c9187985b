# jarbake: plain non-recursive GNU make.
#   make            build ./jarbake
#   make check      install missing build deps, build, run every test
#   make asan       the same tests under ASan and UBSan
#   make demo       the whole path on the embedded demo manifest, offline
#   make install PREFIX=/usr/local DESTDIR=...  (binary, man page, completions)
#   make uninstall PREFIX=/usr/local DESTDIR=...

VERSION := 0.1.0
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
O ?= build/obj

# Quiet by default, like git and Linux: "make V=1" shows the commands.
ifneq ($(V),1)
Q := @
QUIET_CC = @echo '   CC $<';
QUIET_LINK = @echo '   LINK $@';
endif

CC ?= cc
PKG_CONFIG ?= pkg-config
LIBS_PC := libcurl openssl jansson libarchive yaml-0.1 libisal
# libcurl and libarchive are loaded when first used (src/core/dynlib.h):
# their headers are needed, not their link names
LINK_PC := openssl jansson yaml-0.1 libisal

CFLAGS ?= -O2 -g
WARNINGS := -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes \
	-Wmissing-prototypes -Wformat=2 -Wvla -Wwrite-strings -fno-common
ifeq ($(DEVELOPER),1)
WARNINGS += -Werror
endif
ALL_CFLAGS := -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
	-DJARBAKE_VERSION='"$(VERSION)"' -iquote src $(WARNINGS) \
	$(shell $(PKG_CONFIG) --cflags $(LIBS_PC) 2>/dev/null) $(CPPFLAGS) $(CFLAGS) -MMD -MP
ALL_LDFLAGS := $(LDFLAGS)
LDLIBS := $(shell $(PKG_CONFIG) --libs $(LINK_PC) 2>/dev/null) -lpthread -ldl

SRCS := $(sort $(wildcard src/*.c src/*/*.c src/*/*/*.c))
OBJS := $(SRCS:src/%.c=$(O)/%.o)
LIB_OBJS := $(filter-out $(O)/main.o,$(OBJS))

UNIT_SRCS := $(sort $(wildcard tests/unit/*/test_*.c))
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(O)/tests/%)
CMOCKA_CFLAGS := $(shell $(PKG_CONFIG) --cflags cmocka 2>/dev/null)
CMOCKA_LIBS := $(shell $(PKG_CONFIG) --libs cmocka 2>/dev/null)

STYLE_FILES = $(shell find src tests/unit tests/fuzz -name '*.[ch]')

FUZZ_SRCS := $(sort $(wildcard tests/fuzz/fuzz_*.c))

.PHONY: all check unit integration asan valgrind fuzz fuzz-bins fuzz-run fuzz-regress install uninstall clean style style-check deps demo

BIN ?= jarbake

all: $(BIN)

$(BIN): $(OBJS)
	$(QUIET_LINK)$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $^ $(LDLIBS)

$(O)/%.o: src/%.c
	@mkdir -p $(@D)
	$(QUIET_CC)$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(O)/tests/%: tests/unit/%.c $(LIB_OBJS)
	@mkdir -p $(@D)
	$(QUIET_LINK)$(CC) $(ALL_CFLAGS) $(CMOCKA_CFLAGS) $(ALL_LDFLAGS) -o $@ $< \
		$(LIB_OBJS) $(CMOCKA_LIBS) $(LDLIBS) \
		$(shell sed -n 's,^/\* *wrap: *\(.*\) *\*/$$,\1,p' $<)

deps:
	@scripts/deps.sh

# Unit tests first (fast), then the integration scripts, which run the binary.
check: deps
	@scripts/check-layers.sh
	@$(MAKE) --no-print-directory all unit-bins
	@$(MAKE) --no-print-directory unit integration fuzz-regress

unit-bins: $(UNIT_BINS)

unit: $(UNIT_BINS)
	@tests/run-unit.sh $(UNIT_BINS)

integration: $(BIN)
	@JARBAKE=$(abspath $(BIN)) tests/run-integration.sh

# JARBAKE_SKIP_BUILDERS: the builder-*.sh tests (docker, podman, buildah)
# run once, in make check; see tests/run-integration.sh.
asan:
	@JARBAKE_SKIP_BUILDERS=1 $(MAKE) --no-print-directory O=build/asan BIN=build/asan/jarbake \
		CFLAGS='-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all' \
		LDFLAGS='-fsanitize=address,undefined' check

# The unit tests under valgrind's memcheck: leaks and invalid accesses fail.
valgrind: $(UNIT_BINS)
	@VALGRIND='valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite' \
		tests/run-unit.sh $(UNIT_BINS)

# Fuzzing (clang, libFuzzer, ASan+UBSan): the library objects are built
# once with coverage, each harness tests/fuzz/fuzz_*.c is linked with them.
# make fuzz-run FUZZ_SECONDS=N runs each harness for N seconds on its seed
# corpus tests/fuzz/corpus/NAME/ and prints exec/s and corpus size.
# make fuzz-regress (part of check) replays the seeds and every input of
# tests/fuzz/regress/NAME/ through each harness built by the normal build.
FUZZ_CC ?= clang
FUZZ_SECONDS ?= 60
FUZZ_NAMES := $(FUZZ_SRCS:tests/fuzz/%.c=%)
FUZZ_BINS := $(FUZZ_NAMES:%=build/fuzz/%)
REPLAY_BINS := $(FUZZ_NAMES:%=$(O)/fuzz/replay_%)

fuzz:
	@$(MAKE) --no-print-directory O=build/fuzz/obj CC=$(FUZZ_CC) \
		CFLAGS='-g -O1 -fno-omit-frame-pointer -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined' \
		fuzz-bins

fuzz-bins: $(FUZZ_BINS)

build/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(LIB_OBJS)
	@mkdir -p $(@D)
	$(QUIET_LINK)$(CC) $(ALL_CFLAGS) -fsanitize=fuzzer -o $@ $< \
		$(LIB_OBJS) $(LDLIBS)

fuzz-run: fuzz
	@FUZZ_SECONDS=$(FUZZ_SECONDS) tests/fuzz/run.sh $(FUZZ_NAMES)

$(O)/fuzz/replay_fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c $(LIB_OBJS)
	@mkdir -p $(@D)
	$(QUIET_LINK)$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $< \
		tests/fuzz/replay.c $(LIB_OBJS) $(LDLIBS)

fuzz-regress: $(REPLAY_BINS)
	@for n in $(FUZZ_NAMES); do \
		set -- tests/fuzz/corpus/$$n; \
		[ ! -d tests/fuzz/regress/$$n ] || set -- "$$@" tests/fuzz/regress/$$n; \
		$(O)/fuzz/replay_$$n "$$@" || exit 1; \
	done

# Installed binaries are stripped (INSTALL_STRIP=-s); debian/rules passes
# INSTALL_STRIP= so that dh_strip does it (and honours nostrip).
DATADIR ?= $(PREFIX)/share
BASHCOMPDIR ?= $(DATADIR)/bash-completion/completions
ZSHCOMPDIR ?= $(DATADIR)/zsh/site-functions
FISHCOMPDIR ?= $(DATADIR)/fish/vendor_completions.d
STRIP ?= strip
INSTALL ?= install
INSTALL_STRIP ?= -s --strip-program=$(STRIP)

install: $(BIN)
	$(INSTALL) -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
		$(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR) $(DESTDIR)$(FISHCOMPDIR)
	$(INSTALL) $(INSTALL_STRIP) -m 0755 $(BIN) $(DESTDIR)$(BINDIR)/jarbake
	$(INSTALL) -m 0644 doc/jarbake.1 $(DESTDIR)$(MANDIR)/man1/jarbake.1
	$(INSTALL) -m 0644 contrib/completions/jarbake.bash $(DESTDIR)$(BASHCOMPDIR)/jarbake
	$(INSTALL) -m 0644 contrib/completions/_jarbake $(DESTDIR)$(ZSHCOMPDIR)/_jarbake
	$(INSTALL) -m 0644 contrib/completions/jarbake.fish $(DESTDIR)$(FISHCOMPDIR)/jarbake.fish

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/jarbake $(DESTDIR)$(MANDIR)/man1/jarbake.1 \
		$(DESTDIR)$(BASHCOMPDIR)/jarbake $(DESTDIR)$(ZSHCOMPDIR)/_jarbake \
		$(DESTDIR)$(FISHCOMPDIR)/jarbake.fish

demo: deps
	@$(MAKE) --no-print-directory all
	@scripts/demo.sh

style:
	clang-format -i $(STYLE_FILES)

style-check:
	clang-format --dry-run --Werror $(STYLE_FILES)

clean:
	rm -rf build/obj build/asan build/fuzz build/tests jarbake

-include $(OBJS:.o=.d)
