# require.sh -- sourced by the test scripts.  A tool a suite needs is there,
# or the suite fails with the exact line that installs it: a suite never
# skips, so a missing tool can never pass for a passing test.
#
#   . tests/require.sh
#   require COMMAND "INSTALL LINE"    (COMMAND: a name on the PATH or a path)

require() {
    if command -v "$1" >/dev/null 2>&1 || [ -x "$1" ]; then
        return 0
    fi
    echo "FAIL: $1 is missing; install it with: $2" >&2
    echo "      (sh setup.sh installs everything the tests use)" >&2
    exit 1
}
