# lib.sh -- shared by the end-to-end scripts (sourced, not run).
#
#   . "$(dirname "$0")/lib.sh"
#   e2e_setup NAME [path/to/routinec]
#
# sets BIN (absolute), T (a temporary directory removed on exit), a private
# XDG_STATE_HOME under T (so test sessions never touch the user's history)
# and the counters behind ok/fail/check; e2e_finish prints the closing line
# and gives the exit status.  `check DESC CMD...` shows the file named by
# DETAIL (if any) when CMD fails.

e2e_setup() {
    BIN=${2:-./build/routinec}
    case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
    T=$(mktemp -d "${TMPDIR:-/tmp}/routinec-$1.XXXXXX") || exit 1
    trap 'rm -rf "$T"' EXIT
    trap 'exit 1' INT TERM HUP
    XDG_STATE_HOME=$T/state
    export XDG_STATE_HOME
    passed=0
    failed=0
    DETAIL=
}

ok() { passed=$((passed + 1)); echo "ok   - $1"; }

fail() {
    failed=$((failed + 1))
    echo "FAIL - $1"
    if [ -n "${2:-}" ]; then printf '%s\n' "$2" | sed 's/^/       | /'; fi
}

check() {
    desc=$1
    shift
    if "$@"; then ok "$desc"; else fail "$desc" "$(cat "$DETAIL" 2>/dev/null)"; fi
}

e2e_finish() {
    echo "$passed passed, $failed failed"
    [ "$failed" -eq 0 ]
}
