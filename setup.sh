#!/bin/sh
# setup.sh -- get a Debian 12 machine ready for routinec, then build it.
#
#   sh setup.sh
#
# Installs the packages of .ci/packages that are missing (with sudo when not
# run as root), the pinned Node test tools of tests/node (npm ci), and
# builds ./routinec.  Running it again installs nothing new.
set -eu
cd "$(dirname "$0")"

# A package counts as there when dpkg has it installed; Node.js and npm also
# when the commands exist (for example from NodeSource, whose nodejs
# package carries npm and conflicts with Debian's).
present() {
    case $1 in
        nodejs) command -v node >/dev/null 2>&1 && return 0 ;;
        npm) command -v npm >/dev/null 2>&1 && return 0 ;;
    esac
    [ "$(dpkg-query -W -f '${Status}' "$1" 2>/dev/null)" = "install ok installed" ]
}

missing=
for p in $(sed 's/#.*//' .ci/packages); do
    present "$p" || missing="$missing $p"
done

if [ -n "$missing" ]; then
    if [ "$(id -u)" -eq 0 ]; then
        as_root=
    elif command -v sudo >/dev/null 2>&1; then
        as_root=sudo
    else
        echo "setup: installing$missing needs root: run sh setup.sh as root, or install sudo" >&2
        exit 1
    fi
    echo "setup: installing$missing"
    $as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    # Only what .ci/packages names and what it depends on: the packages'
    # Recommends (a desktop's printing, Avahi, polkit, git, gdb, LLVM's
    # tools...) are used by no build step and no suite, and would be a
    # third of the download and of the unpacking.
    # shellcheck disable=SC2086
    $as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

# The Node test tools, exactly as pinned by tests/node/package-lock.json.
if ! cmp -s tests/node/package-lock.json tests/node/node_modules/.package-lock.json.routinec 2>/dev/null; then
    echo "setup: npm ci --prefix tests/node"
    npm ci --prefix tests/node --no-audit --no-fund --loglevel=error
    cp tests/node/package-lock.json tests/node/node_modules/.package-lock.json.routinec
fi

make -j"$(nproc)"
