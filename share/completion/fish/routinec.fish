# fish completion for routinec.  Every candidate comes from
# `routinec __complete WORD...`, which reads the program's own tables and
# the routine named on the command line: the commands, each command's
# options, an option's choices, lint rule ids and names, and the routine's
# section, level, stage, variant and requirement names.  Installed by `make install` into
# share/fish/vendor_completions.d/.

function __routinec_complete
    set -l tokens (commandline -opc)
    set -l program $tokens[1]
    set -e tokens[1]
    set -l current (commandline -ct)
    for line in ($program __complete $tokens "$current" 2>/dev/null)
        if test "$line" = ":files"
            __fish_complete_path "$current"
        else
            echo $line
        end
    end
end

complete -c routinec -f -a '(__routinec_complete)'
