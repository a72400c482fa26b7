#!/bin/sh
# Static analysis of src/ (`make analyze`): cppcheck, then clang-tidy with
# the checks chosen in .clang-tidy.  Exits non-zero on any finding.
#
# False positives are suppressed where they are: inline
# (`// cppcheck-suppress ID` or `// NOLINT(check)`, with a reason) or, for
# cppcheck, in tests/cppcheck.supp.  The generated parser/lexer headers
# that src/ includes are made in $ANALYZE_BUILD (default build/analyze).
#
# Environment: ANALYZE_BUILD, ANALYZE_JOBS (clang-tidy processes, default 2).
set -u
here=$(cd "$(dirname "$0")" && pwd)
cd "$here/.." || exit 1
gen=${ANALYZE_BUILD:-build/analyze}
jobs=${ANALYZE_JOBS:-2}
mkdir -p "$gen"

missing=
for tool in cppcheck clang-tidy bison flex; do
    command -v "$tool" >/dev/null 2>&1 || missing="$missing $tool"
done
if [ -n "$missing" ]; then
    echo "analyze: missing:$missing (apt-get install -y cppcheck clang-tidy bison flex)" >&2
    exit 1
fi

# The headers bison and flex generate (src/front/syntax.c and others include them).
# `$1` is missing or older than `$2`.
stale() {
    [ ! -e "$1" ] || [ -n "$(find "$2" -newer "$1")" ]
}
if stale "$gen/parser.h" grammar/parser.y; then
    bison -Wall -Werror --defines="$gen/parser.h" -o "$gen/parser.c" grammar/parser.y || exit 1
fi
if stale "$gen/lexer.h" grammar/lexer.l; then
    flex --header-file="$gen/lexer.h" -o "$gen/lexer.c" grammar/lexer.l || exit 1
fi

# Every stage folder of src/ is on the include path, as in the Makefile.
incs=$(for d in src/*/; do printf ' -I%s' "${d%/}"; done)
# The handout's picture checker includes libxml2's headers.
incs="$incs $(pkg-config --cflags libxml-2.0)"

status=0

echo "analyze: cppcheck $(cppcheck --version | sed 's/^Cppcheck //')"
if ! cppcheck --enable=warning,performance,portability --error-exitcode=1 --inline-suppr \
        --suppressions-list=tests/cppcheck.supp --std=c11 --quiet $incs src/; then
    echo "analyze: cppcheck found problems (above)" >&2
    status=1
fi

echo "analyze: clang-tidy $(clang-tidy --version | sed -n 's/.*version \([0-9.]*\).*/\1/p' | head -n 1)"
out="$gen/clang-tidy.txt"
# One process per file, $jobs at a time; the findings go to $out.
find src -name '*.c' | sort | xargs -P "$jobs" -I{} clang-tidy --quiet {} -- \
    -std=c11 -D_POSIX_C_SOURCE=200809L -D_XOPEN_SOURCE=700 -DROUTINEC_VERSION='"analyze"' \
    $incs -I"$gen" >"$out" 2>"$gen/clang-tidy.err"
findings=$(grep -c ': warning: \|: error: ' "$out")
if [ "$findings" -ne 0 ] || grep -q 'error:' "$gen/clang-tidy.err"; then
    cat "$out"
    grep 'error:' "$gen/clang-tidy.err" >&2
    echo "analyze: clang-tidy: $findings finding(s)" >&2
    status=1
fi

if [ "$status" -eq 0 ]; then
    echo "analyze: no findings"
fi
exit "$status"
