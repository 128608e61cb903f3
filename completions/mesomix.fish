# fish completion for mesomix. The words come from mesomix itself (`mesomix __complete`).
function __mesomix_command
    set -l tokens (commandline -opc)
    for t in $tokens[2..-1]
        if not string match -q -- '-*' $t
            echo $t
            return
        end
    end
end

function __mesomix_words
    set -l tokens (commandline -opc)
    set -l command (__mesomix_command)
    set -l current (commandline -ct)
    set -l prev $tokens[-1]
    if string match -q -- '--*' $prev
        set -l values (mesomix __complete (test -n "$command"; and echo $command; or echo _) $prev 2>/dev/null)
        if test (count $values) -gt 0
            printf '%s\n' $values
            return
        end
        __fish_complete_path $current
        return
    end
    if test -z "$command"
        mesomix __complete 2>/dev/null
    else if string match -q -- '-*' $current
        mesomix __complete $command 2>/dev/null
    else
        __fish_complete_path $current
    end
end

complete -c mesomix -f -a '(__mesomix_words)'
