#!/bin/sh
# completion.sh -- shell completion: the `routinec __complete` helper, and
# the bash, zsh and fish scripts of share/completion/ driven the way each
# shell drives them (bash: COMP_WORDS and the function; zsh: the function
# with compadd and _files recording what they get; fish: complete -C).
#
#   sh tests/completion.sh [path/to/routinec]      (from the top directory)
set -u
bin=${1:-./routinec}
case $bin in /*) ;; *) bin=$(pwd)/$bin ;; esac
. tests/require.sh
require bash "apt-get install -y bash"
require zsh "apt-get install -y zsh"
require fish "apt-get install -y fish"
passed=0 failed=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# The scripts run the program named on the command line: call it routinec.
mkdir "$tmp/bin"
ln -s "$bin" "$tmp/bin/routinec"
PATH=$tmp/bin:$PATH
export PATH
lowback=routines/lowback.rt

pass() { passed=$((passed + 1)); }
fail() { echo "FAIL $1"; failed=$((failed + 1)); }
# has NAME FILE LINE: FILE has exactly the line LINE; lacks: it does not.
has() { if grep -qxF -- "$3" "$2"; then pass; else fail "$1: no line \"$3\""; sed 's/^/    /' "$2" | head -n 8; fi; }
lacks() { if grep -qxF -- "$3" "$2"; then fail "$1: unexpected line \"$3\""; else pass; fi; }

# ---- the helper ------------------------------------------------------------
c() { routinec __complete "$@" >"$tmp/out" 2>"$tmp/err"; }
c ''
has "first word: commands" "$tmp/out" "plan"
has "first word: commands" "$tmp/out" "fmt"
has "first word: files too" "$tmp/out" ":files"
lacks "__complete is hidden" "$tmp/out" "__complete"
c pl
has "a command by its start" "$tmp/out" "plan"
lacks "only matching commands" "$tmp/out" "run"
c plan --
has "plan's options" "$tmp/out" "--level"
has "plan's options" "$tmp/out" "--format"
lacks "not run's options" "$tmp/out" "--speed"
lacks "hidden options stay hidden" "$tmp/out" "--timing-log"
c lint -
has "lint's short options" "$tmp/out" "-W"
has "lint's options" "$tmp/out" "--explain"
c history --format ''
has "history's formats" "$tmp/out" "csv"
c lint --format=s
has "--opt=value" "$tmp/out" "--format=sarif"
c lint -W RT10
has "rule ids" "$tmp/out" "RT102"
c lint --explain long-
has "rule names" "$tmp/out" "long-isometric-hold"
c plan "$lowback" --level ''
has "levels from the file" "$tmp/out" "initial"
has "levels from the file" "$tmp/out" "advanced"
[ "$(grep -c '^initial$' "$tmp/out")" = 1 ] && pass || fail "a level is offered once"
c run "$lowback" --section Lo
has "sections from the file" "$tmp/out" "Low back stretch"
c plan "$lowback" --variant=''
has "variants from the file" "$tmp/out" "--variant=Both arms and legs"
c build -o ''
has "-o: a file" "$tmp/out" ":files"
c help l
has "help topics" "$tmp/out" "lint"

# ---- bash ------------------------------------------------------------------
# bash_complete WORD... : the candidates for the last word.
bash_complete() {
    bash -c '. share/completion/bash/routinec; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _routinec
             printf "%s\n" "${COMPREPLY[@]}"' bash routinec "$@" >"$tmp/out" 2>&1
}
bash_complete pl
has "bash: commands" "$tmp/out" "plan"
bash_complete plan "$lowback" --section ''
has "bash: a name with spaces is quoted" "$tmp/out" 'Low\ back\ stretch'
bash_complete plan "$lowback" --level = ini
has "bash: --level=VALUE (split at =)" "$tmp/out" "initial"
bash_complete check routines/lowback-s
has "bash: files" "$tmp/out" "routines/lowback-stretch.rt"

# ---- zsh -------------------------------------------------------------------
zsh_complete() {
    zsh -fc 'compadd() { while [[ $1 != -- ]]; do shift; done; shift; print -l -- "$@"; }
             _files() { print ":files"; }
             f() { words=("$@"); CURRENT=$#; . share/completion/zsh/_routinec; }
             f routinec "$@"' zsh "$@" >"$tmp/out" 2>&1
}
zsh_complete plan "$lowback" --variant ''
has "zsh: variants" "$tmp/out" "Both arms and legs"
zsh_complete lint --
has "zsh: options" "$tmp/out" "--max-warnings"
zsh_complete check ''
has "zsh: files" "$tmp/out" ":files"

# ---- fish ------------------------------------------------------------------
fish_complete() {
    fish -c ". share/completion/fish/routinec.fish; complete -C '$1'" >"$tmp/out" 2>&1
}
fish_complete "routinec plan $lowback --level "
has "fish: levels" "$tmp/out" "initial"
fish_complete "routinec lint --format "
has "fish: choices" "$tmp/out" "sarif"
fish_complete "routinec f"
has "fish: commands" "$tmp/out" "fmt"

# ---- inside stage blocks: stage names, and the names within stages ----------
prog=tests/golden/lang/programme.rt
c plan "$prog" --stage ''
has "stage names from the file" "$tmp/out" "Weeks 1-2"
has "stage names from the file" "$tmp/out" "Weeks 3-6"
c plan "$prog" --section ''
has "a section inside a stage" "$tmp/out" "Standing"
c plan "$prog" --variant ''
has "a variant of an exercise inside a stage" "$tmp/out" "Thicker band"
c run "$prog" --enable ph
has "--enable: a requirement inside a stage" "$tmp/out" "physio approval"
c run "$prog" --stage=W
has "--stage=VALUE" "$tmp/out" "--stage=Weeks 1-2"
bash_complete plan "$prog" --stage ''
has "bash: stage names" "$tmp/out" "Weeks\\ 3-6"

echo "completion: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
