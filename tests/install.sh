#!/bin/sh
# install.sh -- `make install` puts everything where its users look for it
# (the program, the manual pages, the shell completions, the editor
# support), and `make uninstall` takes it all away again.
#
#   sh tests/install.sh        (from the top directory)
set -u
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0 failed=0
if ! make -s install DESTDIR="$tmp/root" PREFIX=/usr/local >"$tmp/log" 2>&1; then
    echo "FAIL make install:"; sed 's/^/    /' "$tmp/log"; exit 1
fi
for f in bin/routinec share/man/man1/routinec.1 share/man/man5/routinec.5 \
         share/bash-completion/completions/routinec share/zsh/site-functions/_routinec \
         share/fish/vendor_completions.d/routinec.fish \
         share/vim/vimfiles/syntax/routinec.vim share/vim/vimfiles/ftdetect/routinec.vim \
         share/vim/vimfiles/ftplugin/routinec.vim share/routinec/textmate/routinec.tmLanguage.json \
         share/routinec/textmate/package.json; do
    if [ -s "$tmp/root/usr/local/$f" ]; then passed=$((passed + 1)); else
        echo "FAIL make install did not install $f"; failed=$((failed + 1)); fi
done
make -s uninstall DESTDIR="$tmp/root" PREFIX=/usr/local >"$tmp/log" 2>&1
left=$(find "$tmp/root" -type f | sed "s|$tmp/root||")
if [ -z "$left" ]; then passed=$((passed + 1)); else
    echo "FAIL make uninstall left:"; echo "$left" | sed 's/^/    /'; failed=$((failed + 1)); fi
echo "install: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
