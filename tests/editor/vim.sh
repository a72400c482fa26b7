#!/bin/sh
# vim.sh -- the Vim support of share/vim: *.rt files get filetype routinec,
# and the syntax file gives keywords, texts, durations, numbers and
# comments their groups -- every keyword of grammar/lexer.l included, so a
# keyword added to the language without the syntax file fails here.
#
#   sh tests/editor/vim.sh        (from the top directory)
set -u
. tests/require.sh
require vim "apt-get install -y vim"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
keywords=$(sed -n 's/^"\([a-z]*\)" *TOKEN(KW_.*/\1/p' grammar/lexer.l | tr '\n' ' ')
{
    echo 'routine "R" {  # hold 5s in a comment'
    echo '    cue "hold \"it\" 5s"; hold about 1m30s; rest 5 seconds; repeat 10; kind warm-up;'
    echo '}'
    echo "$keywords"
} >"$tmp/sample.rt"

cat >"$tmp/check.vim" <<'VIM'
set nocompatible
let &runtimepath = getcwd() . '/share/vim,' . &runtimepath
filetype on
syntax on
execute 'edit ' . fnameescape($SAMPLE)
let s:out = []
function! s:group(line, col) abort
  return synIDattr(synID(a:line, a:col, 1), 'name')
endfunction
function! s:expect(what, line, text, group) abort
  let l:col = stridx(getline(a:line), a:text) + 1
  let l:got = s:group(a:line, l:col)
  call add(s:out, (l:got ==# a:group ? 'ok ' : 'FAIL ') . a:what . ': "' . a:text . '" is ' . l:got . ', not ' . a:group)
endfunction
call add(s:out, (&filetype ==# 'routinec' ? 'ok ' : 'FAIL ') . 'filetype of a .rt file: ' . &filetype)
call s:expect('keyword', 1, 'routine', 'routinecStructure')
call s:expect('text', 1, '"R"', 'routinecString')
call s:expect('comment', 1, '# hold', 'routinecComment')
call s:expect('no keyword in a comment', 1, 'hold 5s in', 'routinecComment')
call s:expect('no keyword in a text', 2, 'hold \"', 'routinecString')
call s:expect('escape', 2, '\"it', 'routinecEscape')
call s:expect('keyword', 2, 'hold about', 'routinecStatement')
call s:expect('duration', 2, '1m30s', 'routinecDuration')
call s:expect('duration', 2, '5 seconds', 'routinecDuration')
call s:expect('number', 2, '10;', 'routinecNumber')
call s:expect('a word with a hyphen', 2, 'warm-up', '')
let s:col = 1
for s:word in split(getline(4))
  let s:got = s:group(4, s:col)
  call add(s:out, (s:got ==# 'routinecStructure' || s:got ==# 'routinecStatement' ? 'ok ' : 'FAIL ') .
        \ 'keyword "' . s:word . '" of grammar/lexer.l is ' . s:got . ' in share/vim/syntax/routinec.vim')
  let s:col += len(s:word) + 1
endfor
call add(s:out, (len(split(getline(4))) >= 60 ? 'ok ' : 'FAIL ') . 'the keywords of grammar/lexer.l were found')
call writefile(s:out, $RESULT)
qall!
VIM
SAMPLE=$tmp/sample.rt RESULT=$tmp/result vim -N -u NONE -i NONE -n -Es -S "$tmp/check.vim" </dev/null >/dev/null 2>&1
if [ ! -s "$tmp/result" ]; then
    echo "FAIL vim wrote no result"
    exit 1
fi
grep '^FAIL' "$tmp/result"
passed=$(grep -c '^ok' "$tmp/result")
failed=$(grep -c '^FAIL' "$tmp/result")
echo "vim: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
