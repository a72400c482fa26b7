# routinec -- plain Makefile.
#
#   make                 build ./routinec (linked statically)
#   make LINK=dynamic    build ./routinec linked with the shared libraries
#   make check           unit + golden tests, then all again under ASan+UBSan
#   make bench           speed and memory benchmarks
#   make fuzz            run the fuzzers (FUZZ_SECONDS each)
#   make analyze         cppcheck + clang-tidy over src/
#   make install         PREFIX=/usr/local DESTDIR=
#
# Generated files (flex/bison output, objects) live under $(BUILD); nothing
# generated is committed.

VERSION   := 0.1.0
PREFIX    ?= /usr/local
BINDIR    ?= $(PREFIX)/bin
MANDIR    ?= $(PREFIX)/share/man
DATADIR   ?= $(PREFIX)/share
BUILD     ?= build
CC        ?= cc
FLEX      ?= flex
BISON     ?= bison

WARN      := -std=c11 -Wall -Wextra -Wpedantic -Werror
# src/ is grouped by stage, in the order the data flows through them:
# text -> AST (front) -> bytecode (codegen, bytecode) -> vm -> session
# -> store; lint reads the checked AST; cli wires them together.
SRC_DIRS  := base front codegen bytecode vm session store lint present handout cli
CPPFLAGS  += -D_POSIX_C_SOURCE=200809L -D_XOPEN_SOURCE=700 -DROUTINEC_VERSION='"$(VERSION)"' \
             $(SRC_DIRS:%=-Isrc/%) -I$(BUILD)
OPT       ?= -O2 -g
SANFLAGS  ?=
CFLAGS    += $(WARN) $(OPT) $(SANFLAGS)
LDFLAGS   += $(SANFLAGS)
# flex/bison output: same standard, narrower warnings (their code is not ours).
GENFLAGS  := -std=c11 -Wall -Wno-unused-function -Wno-sign-compare -Wno-unused-parameter $(OPT) $(SANFLAGS)

# libxml2 is not linked: picture.c loads it (dlopen) when it checks an SVG,
# so a session does not carry it (README, "Timing").  Its headers only.
# -lm: SQLite's SQL maths functions (routinec itself uses none).
UI_LIBS   := $(shell pkg-config --static --libs ncursesw 2>/dev/null || echo -lncursesw -ltinfo) \
             -lsqlite3 -lm -pthread -ldl
XML_CFLAGS := $(shell pkg-config --cflags libxml-2.0 2>/dev/null || echo -I/usr/include/libxml2)

# How ./routinec is linked (README, "How ./routinec is linked").
# LINK=static, the default: libc, SQLite and ncurses are linked in from
# Debian's own archives (libc6-dev, libsqlite3-dev, libncurses-dev), as a
# static PIE, so ASLR still moves the program.  The kernel maps a shared
# library's code 64 KB around each page a process touches, so linked
# dynamically a session keeps 5.2 MB resident, most of it library code it
# never runs; linked statically 3.6 MB (make bench).  pack-relative-relocs:
# the start-up relocations of a static PIE in 1 KB rather than 120 KB.
# The linker warns that picture.c's dlopen (of libxml2) needs the glibc the
# program was linked with at run time: on Debian, libc6 and libc6-dev are
# the same version (a warning, not an error: -Werror is for compiling).
# getpwnam or getaddrinfo would need that too (NSS): routinec calls neither.
# So does a locale whose character set is not UTF-8 (glibc loads its
# converter); the translations are UTF-8, as routinec asks gettext for.
# LINK=dynamic links the shared libraries: for a distribution that wants a
# security update of SQLite or ncurses to reach routinec without a rebuild.
# The sanitizers (SANFLAGS) need it: their run-time libraries are shared.
LINK      ?= $(if $(strip $(SANFLAGS)),dynamic,static)
LINK_static  := -static-pie -Wl,-z,pack-relative-relocs
LINK_dynamic :=
ifeq ($(filter static dynamic,$(LINK)),)
$(error LINK must be static or dynamic, not "$(LINK)")
endif

# The core (compiler, bytecode, VM) uses libc only: it is what gets fuzzed.
# Sources are listed, not globbed, so a half-written file never joins a build.
CORE_NAMES := base/i18n base/arena base/exit base/hash base/source base/diag base/output base/safetext base/vformat base/names base/duration base/json base/kinds \
              front/ast front/syntax front/format front/sema codegen/codegen codegen/compile \
              bytecode/opcodes bytecode/chunk bytecode/crc32 bytecode/bytecode \
              bytecode/verify bytecode/disasm vm/vm vm/snapshot vm/events vm/plan session/driver \
              session/keys session/core \
              lint/lint lint/lint_rules lint/lint_text lint/lint_policy lint/lint_output
UI_NAMES   := cli/cli cli/cli_lint cli/cli_fmt cli/cli_complete session/screen session/session store/store store/progress \
              store/history store/programme session/voice session/outputs session/persist session/rig \
              session/virtual
# What the patient and the therapist take away (handout, timeline picture,
# calendar, report): around the core, not in it; libxml2 checks pictures.
HANDOUT_NAMES := present/layout handout/markup handout/timeline handout/picture \
              handout/handout handout/pdf handout/calendar handout/report handout/handout_cli
CORE_SRC  := $(CORE_NAMES:%=src/%.c)
GEN_SRC   := $(BUILD)/parser.c $(BUILD)/lexer.c
CORE_OBJ  := $(CORE_NAMES:%=$(BUILD)/%.o) $(GEN_SRC:.c=.o)
UI_OBJ    := $(UI_NAMES:%=$(BUILD)/%.o) $(HANDOUT_NAMES:%=$(BUILD)/%.o)
MAIN_OBJ  := $(BUILD)/cli/main.o

UNIT_NAMES := diag output safetext json format lexer parser sema codegen lint hostile duration bytecode verify disasm vm events driver store voice session \
              layout picture programme stages keys
UNIT_BIN  := $(UNIT_NAMES:%=$(BUILD)/tests/test_%)

# A recipe that fails removes the target it was writing.
.DELETE_ON_ERROR:

.PHONY: FORCE pot all check test unit golden e2e memcheck man bench fuzz analyze install uninstall clean

all: routinec

# The translations of routinec's own words (po/LL.po), compiled for the
# build tree (the program finds them beside itself) and for make install.
LANGUAGES := de es
LOCALEDIR ?= $(PREFIX)/share/locale
MO_FILES  := $(LANGUAGES:%=$(BUILD)/locale/%/LC_MESSAGES/routinec.mo)
$(BUILD)/locale/%/LC_MESSAGES/routinec.mo: po/%.po
	@mkdir -p $(@D)
	msgfmt --check -o $@ $<
$(BUILD)/base/i18n.o: CPPFLAGS += -DROUTINEC_LOCALEDIR='"$(LOCALEDIR)"'

# `make pot`: the template translators start from, from the sources.
pot:
	xgettext --from-code=UTF-8 --keyword=_ --keyword=N_ --keyword=LOCAL --keyword=LOCALN:1,2 --keyword=KEYS_LETTER:1c,2 --add-comments=TRANSLATORS: \
	    --package-name=routinec --package-version=$(VERSION) --no-location --sort-output \
	    -o po/routinec.pot $$(grep -rl '_("' src | sort)

routinec: $(BUILD)/routinec $(MO_FILES)
	cp $< $@

$(BUILD)/routinec: $(CORE_OBJ) $(UI_OBJ) $(MAIN_OBJ) $(BUILD)/link-flags
	$(CC) $(LDFLAGS) $(LINK_$(LINK)) -o $@ $(filter %.o,$^) $(UI_LIBS)

# The link command's flags, rewritten only when they change: `make
# LINK=dynamic` after `make` links again rather than saying it is done.
$(BUILD)/link-flags: FORCE | $(BUILD)
	@echo '$(LDFLAGS) $(LINK_$(LINK)) $(UI_LIBS)' | cmp -s - $@ || \
	    echo '$(LDFLAGS) $(LINK_$(LINK)) $(UI_LIBS)' >$@
FORCE:

# The same objects linked dynamically, for valgrind: memcheck finds leaks
# and heap errors by replacing malloc, which it cannot do inside a static
# executable.  Beside build/routinec, so it finds the same catalogues.
$(BUILD)/routinec-dynamic: $(CORE_OBJ) $(UI_OBJ) $(MAIN_OBJ)
	$(CC) $(LDFLAGS) -o $@ $^ $(UI_LIBS)

$(BUILD)/parser.c $(BUILD)/parser.h &: grammar/parser.y | $(BUILD)
	$(BISON) -Wall -Werror --defines=$(BUILD)/parser.h -o $(BUILD)/parser.c $<

$(BUILD)/lexer.c $(BUILD)/lexer.h &: grammar/lexer.l $(BUILD)/parser.h | $(BUILD)
	$(FLEX) --header-file=$(BUILD)/lexer.h -o $(BUILD)/lexer.c $<

$(BUILD)/parser.o: $(BUILD)/parser.c $(BUILD)/lexer.h
	$(CC) $(CPPFLAGS) $(GENFLAGS) -c -o $@ $<

$(BUILD)/lexer.o: $(BUILD)/lexer.c $(BUILD)/parser.h
	$(CC) $(CPPFLAGS) $(GENFLAGS) -c -o $@ $<

$(BUILD)/%.o: src/%.c | $(BUILD)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -MMD -MP -c -o $@ $<

# Sources that include the generated headers must wait for them.
$(CORE_NAMES:%=$(BUILD)/%.o) $(UI_OBJ) $(MAIN_OBJ): $(BUILD)/parser.h $(BUILD)/lexer.h

$(BUILD)/handout/picture.o: CPPFLAGS += $(XML_CFLAGS)

$(BUILD):
	mkdir -p $(BUILD)/tests

# The answers' keys are checked in every language: against the catalogues.
$(BUILD)/tests/test_keys: $(MO_FILES)

# Tests of the modules around the core link those objects and SQLite too.
UNIT_UI_OBJ := $(BUILD)/store/store.o $(BUILD)/store/progress.o $(BUILD)/store/history.o \
               $(BUILD)/store/programme.o \
               $(BUILD)/session/voice.o
$(BUILD)/tests/test_store $(BUILD)/tests/test_voice: $(BUILD)/tests/test_%: tests/unit/test_%.c \
		$(CORE_OBJ) $(UNIT_UI_OBJ) | $(BUILD)
	@mkdir -p $(BUILD)/tests
	$(CC) $(CPPFLAGS) $(CFLAGS) -Itests/unit -o $@ $< $(CORE_OBJ) $(UNIT_UI_OBJ) -lcmocka -lsqlite3

# The session's hosts without a terminal: the virtual host and its sinks.
SESSION_UI_OBJ := $(BUILD)/session/outputs.o $(BUILD)/session/persist.o $(BUILD)/session/rig.o \
                  $(BUILD)/session/virtual.o
$(BUILD)/tests/test_session $(BUILD)/tests/test_stages: $(BUILD)/tests/test_%: tests/unit/test_%.c $(CORE_OBJ) $(UNIT_UI_OBJ) $(SESSION_UI_OBJ) | $(BUILD)
	@mkdir -p $(BUILD)/tests
	$(CC) $(CPPFLAGS) $(CFLAGS) -Itests/unit -o $@ $< $(CORE_OBJ) $(UNIT_UI_OBJ) $(SESSION_UI_OBJ) \
		-lcmocka -lsqlite3 -pthread

# The handout's units: the layout words over the checked model; the
# picture checker, which loads libxml2 itself.
$(BUILD)/tests/test_layout: tests/unit/test_layout.c $(CORE_OBJ) $(BUILD)/present/layout.o | $(BUILD)
	@mkdir -p $(BUILD)/tests
	$(CC) $(CPPFLAGS) $(CFLAGS) -Itests/unit -o $@ $< $(CORE_OBJ) $(BUILD)/present/layout.o -lcmocka
$(BUILD)/tests/test_picture: tests/unit/test_picture.c $(BUILD)/handout/picture.o $(CORE_OBJ) | $(BUILD)
	@mkdir -p $(BUILD)/tests
	$(CC) $(CPPFLAGS) $(CFLAGS) -Itests/unit -o $@ $< $(BUILD)/handout/picture.o $(CORE_OBJ) -lcmocka -ldl

$(BUILD)/tests/%: tests/unit/%.c $(CORE_OBJ) | $(BUILD)
	@mkdir -p $(BUILD)/tests
	$(CC) $(CPPFLAGS) $(CFLAGS) -Itests/unit -o $@ $< $(CORE_OBJ) -lcmocka

# ---- tests ---------------------------------------------------------------

unit: $(UNIT_BIN)
	@set -e; for t in $(UNIT_BIN); do echo "== $$t"; $$t; done

golden: $(BUILD)/routinec $(BUILD)/tests/test_keys
	@sh tests/golden/run.sh ./$(BUILD)/routinec
	@sh tests/lint/run.sh ./$(BUILD)/routinec
	@sh tests/coverage/measure.sh ./$(BUILD)/routinec
	@sh tests/docs.sh ./$(BUILD)/routinec
	@sh tests/diag_ids.sh ./$(BUILD)/routinec
	@sh tests/structure.sh
	@sh tests/hostile/run.sh ./$(BUILD)/routinec
	@sh tests/cli.sh ./$(BUILD)/routinec
	@sh tests/completion.sh ./$(BUILD)/routinec
	@node tests/editor/textmate.js
	@sh tests/editor/vim.sh
	@sh tests/install.sh
	@sh tests/i18n.sh ./$(BUILD)/routinec

e2e: $(BUILD)/routinec
	@sh tests/e2e/run.sh ./$(BUILD)/routinec
	@sh tests/e2e/crash.sh ./$(BUILD)/routinec
	@sh tests/e2e/voice.sh ./$(BUILD)/routinec
	@sh tests/e2e/history.sh ./$(BUILD)/routinec
	@sh tests/handout/run.sh ./$(BUILD)/routinec

test: unit golden e2e

# Memcheck over the unit suites and every golden command (no errors, no leaks).
VALGRIND := valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=all \
            --suppressions=$(CURDIR)/tests/valgrind.supp
memcheck: $(UNIT_BIN) $(BUILD)/routinec-dynamic
	@. tests/require.sh; require valgrind "apt-get install -y valgrind"; \
	set -e; for t in $(UNIT_BIN); do echo "== valgrind $$t"; $(VALGRIND) $$t >/dev/null; done; \
	RUNNER="$(VALGRIND)" sh tests/golden/run.sh ./$(BUILD)/routinec-dynamic

# The README's test command: everything, then everything under sanitizers.
check:
	$(MAKE) test
	$(MAKE) memcheck
	$(MAKE) BUILD=build/asan OPT='-O1 -g -fno-omit-frame-pointer' \
	    SANFLAGS='-fsanitize=address,undefined -fno-sanitize-recover=all' test
	@echo "make check: all suites passed"

bench: $(BUILD)/routinec
	@sh tests/bench/run.sh ./$(BUILD)/routinec

FUZZ_SECONDS ?= 60
fuzz:
	@sh tests/fuzz/run.sh $(FUZZ_SECONDS)

analyze:
	@sh tests/analyze.sh

# The manual page, from doc/routinec.1.scd.  A failed scdoc leaves no
# empty page behind (.DELETE_ON_ERROR, below).
man: $(BUILD)/routinec.1 $(BUILD)/routinec.5
$(BUILD)/routinec.%: doc/routinec.%.scd | $(BUILD)
	scdoc < $< > $@

install: routinec man
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5
	install -m 755 routinec $(DESTDIR)$(BINDIR)/routinec
	install -m 644 $(BUILD)/routinec.1 $(DESTDIR)$(MANDIR)/man1/routinec.1
	install -m 644 $(BUILD)/routinec.5 $(DESTDIR)$(MANDIR)/man5/routinec.5
	install -d $(DESTDIR)$(DATADIR)/bash-completion/completions $(DESTDIR)$(DATADIR)/zsh/site-functions \
	    $(DESTDIR)$(DATADIR)/fish/vendor_completions.d
	install -m 644 share/completion/bash/routinec $(DESTDIR)$(DATADIR)/bash-completion/completions/routinec
	install -m 644 share/completion/zsh/_routinec $(DESTDIR)$(DATADIR)/zsh/site-functions/_routinec
	install -m 644 share/completion/fish/routinec.fish $(DESTDIR)$(DATADIR)/fish/vendor_completions.d/routinec.fish
	install -d $(DESTDIR)$(DATADIR)/vim/vimfiles/syntax $(DESTDIR)$(DATADIR)/vim/vimfiles/ftdetect \
	    $(DESTDIR)$(DATADIR)/vim/vimfiles/ftplugin $(DESTDIR)$(DATADIR)/routinec/textmate
	for d in syntax ftdetect ftplugin; do \
	    install -m 644 share/vim/$$d/routinec.vim $(DESTDIR)$(DATADIR)/vim/vimfiles/$$d/routinec.vim || exit 1; done
	install -m 644 share/textmate/routinec.tmLanguage.json share/textmate/package.json \
	    share/textmate/language-configuration.json $(DESTDIR)$(DATADIR)/routinec/textmate/
	for l in $(LANGUAGES); do install -d $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES && \
	    install -m 644 $(BUILD)/locale/$$l/LC_MESSAGES/routinec.mo $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/ || exit 1; done

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/routinec $(DESTDIR)$(MANDIR)/man1/routinec.1 $(DESTDIR)$(MANDIR)/man5/routinec.5 \
	    $(DESTDIR)$(DATADIR)/bash-completion/completions/routinec \
	    $(DESTDIR)$(DATADIR)/zsh/site-functions/_routinec \
	    $(DESTDIR)$(DATADIR)/fish/vendor_completions.d/routinec.fish \
	    $(DESTDIR)$(DATADIR)/vim/vimfiles/syntax/routinec.vim \
	    $(DESTDIR)$(DATADIR)/vim/vimfiles/ftdetect/routinec.vim \
	    $(DESTDIR)$(DATADIR)/vim/vimfiles/ftplugin/routinec.vim
	rm -rf $(DESTDIR)$(DATADIR)/routinec/textmate
	for l in $(LANGUAGES); do rm -f $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/routinec.mo; done

clean:
	rm -rf build routinec

-include $(wildcard $(BUILD)/*.d $(BUILD)/*/*.d)
