" Vim syntax file
" Language:    routinec routines (.rt); see routinec(5)
" Maintainer:  the routinec developers
" Kept in step with grammar/lexer.l by tests/editor/vim.sh.
" Installed by `make install` into share/vim/vimfiles/syntax/.

if exists("b:current_syntax")
  finish
endif

" Words may contain '-' and '_' (warm-up, long-isometric-hold).
syn iskeyword @,48-57,_,-

syn keyword routinecStructure routine section exercise exercises test do circuit round rounds variant include level when allow kind
" issue 9 (lang-b): stages, alternatives, unlocks; frequency, load and effort, stage rules
syn keyword routinecStructure stage easier harder requires
" issue 9 (lang-a): ranges, ceilings and the forms therapists write first
syn keyword routinecStatement many relax
syn keyword routinecStatement needed
" issue 9: tempo phases -- tempo 3s up, hold 2s, 3s down; (up, in, hold, relax are keywords above)
syn keyword routinecStatement down lift raise lower push pull return out squeeze pause
" issue 9: sides -- both together, a side by its role, one side at a time
syn keyword routinecStatement both together legs arms leg arm affected unaffected operated weaker injured stronger other one
" issue 9 (coverage): sides counted by the limb -- 10 each leg, both feet, injured hand
syn keyword routinecStatement foot feet hand hands painful sore involved good uninjured
syn keyword routinecStatement breaths steps repetitions repetition bad weak with over open close
syn keyword routinecStatement perform complete alternate uninvolved strong progress increase
syn keyword routinecStatement once twice time every daily hourly least most for weeks load weight equipment effort of pain limit advance sessions session step back stop stops if
syn keyword routinecStatement cue breathe position note safety therapist picture hold holds up to about as long you can repeat times each side sides alternating left right only first on sets set rest between reps rep after tempo at own your pace per get ready build by schedule a day days week in the

syn match routinecNumber   "\<\d\+\(\.\d\+\)\=\>"
syn match routinecDuration "\<\(\d\+\(\.\d\+\)\=\(ms\|seconds\=\|secs\=\|s\|minutes\=\|mins\=\|m\|hours\=\|h\)\)\+\>"
syn match routinecDuration "\<\d\+[ \t]\+\(ms\|seconds\=\|secs\=\|s\|minutes\=\|mins\=\|m\|hours\=\|h\)\>"
syn match routinecNumber   "\<\d\+\(\.\d\+\)\=[ \t]*\(lbs\=\|pounds\=\|kgs\=\|kilos\=\|g\|grams\=\|oz\|ounces\=\)\>"

syn match  routinecEscape  +\\.+ contained
syn region routinecString  start=+"+ skip=+\\.+ end=+"+ end=+$+ contains=routinecEscape,@Spell
syn region routinecString  start=+\%u201c\|\%u201d+ skip=+\\.+ end=+\%u201d+ end=+$+ contains=routinecEscape,@Spell

syn match routinecComment "#.*$"  contains=routinecTodo,@Spell
syn match routinecComment "//.*$" contains=routinecTodo,@Spell
syn keyword routinecTodo TODO FIXME XXX contained

syn match routinecDelimiter "[;,{}]"

hi def link routinecStructure Statement
hi def link routinecStatement Keyword
hi def link routinecNumber    Number
hi def link routinecDuration  Number
hi def link routinecString    String
hi def link routinecEscape    SpecialChar
hi def link routinecComment   Comment
hi def link routinecTodo      Todo
hi def link routinecDelimiter Delimiter

let b:current_syntax = "routinec"
