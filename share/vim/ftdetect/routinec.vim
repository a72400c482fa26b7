" Routines for routinec: *.rt files.
autocmd BufRead,BufNewFile *.rt setfiletype routinec
