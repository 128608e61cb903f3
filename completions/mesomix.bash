# bash completion for mesomix                              -*- shell-script -*-
# The words come from mesomix itself (`mesomix __complete`), so they follow its commands.
_mesomix() {
  local cur prev words cword
  if declare -F _init_completion >/dev/null 2>&1; then
    _init_completion || return
  else
    cur=${COMP_WORDS[COMP_CWORD]}
    prev=${COMP_WORDS[COMP_CWORD-1]}
    words=("${COMP_WORDS[@]}")
    cword=$COMP_CWORD
  fi
  local mesomix=${words[0]} command= i
  for ((i = 1; i < cword; i++)); do
    case ${words[i]} in
      -*) ;;
      *) command=${words[i]}; break ;;
    esac
  done

  if [[ $prev == --* ]]; then
    local values
    values=$("$mesomix" __complete "${command:-_}" "$prev" 2>/dev/null)
    if [[ -n $values ]]; then
      COMPREPLY=($(compgen -W "$values" -- "$cur"))
      return
    fi
    case $prev in
      --sessions | --batch-volume | --overage | --allow-over-limit) return ;;
      --*) COMPREPLY=($(compgen -f -- "$cur")); return ;;
    esac
  fi
  if [[ -z $command ]]; then
    COMPREPLY=($(compgen -W "$("$mesomix" __complete 2>/dev/null)" -- "$cur"))
    return
  fi
  if [[ $cur == -* ]]; then
    COMPREPLY=($(compgen -W "$("$mesomix" __complete "$command" 2>/dev/null)" -- "$cur"))
    return
  fi
  COMPREPLY=($(compgen -f -- "$cur"))
}
complete -o filenames -F _mesomix mesomix
