" Filetype plugin for routinec routines: the layout `routinec fmt` writes
" (4 spaces a block) and its comments.
if exists("b:did_ftplugin")
  finish
endif
let b:did_ftplugin = 1

setlocal expandtab shiftwidth=4 softtabstop=4 tabstop=8
setlocal commentstring=#\ %s comments=:#,://
setlocal formatoptions-=t
let b:undo_ftplugin = "setlocal expandtab< shiftwidth< softtabstop< tabstop< commentstring< comments< formatoptions<"
