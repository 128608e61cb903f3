#!/usr/bin/env bash
# ctest: the shell completions complete mesomix's commands, options and option values.
#   tests/completions.sh BUILT_MESOMIX SOURCE_DIR
set -euo pipefail
PATH="$(dirname "$1"):$PATH"
source "$2/completions/mesomix.bash"
fail() { echo "completions: $*" >&2; exit 1; }

complete -p mesomix | grep -q -- '-F _mesomix' || fail "complete -p mesomix does not name _mesomix"

# completes the words of a command line whose last word is being typed
words() {
  COMP_WORDS=("$@")
  COMP_CWORD=$(($# - 1))
  COMP_LINE="$*"
  COMP_POINT=${#COMP_LINE}
  COMPREPLY=()
  _mesomix mesomix "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
  printf '%s\n' "${COMPREPLY[@]}"
}
expect() {  # expect WORD -- COMMAND LINE...
  local want=$1
  shift 2
  local got
  got=$(words "$@")
  grep -qx -- "$want" <<<"$got" || fail "'$*' does not offer $want (got: $(tr '\n' ' ' <<<"$got"))"
}
refuse() {
  local unwanted=$1
  shift 2
  local got
  got=$(words "$@")
  if grep -qx -- "$unwanted" <<<"$got"; then fail "'$*' offers $unwanted"; fi
}

for command in dose mix record check convert catalog new config; do expect "$command" -- mesomix ""; done
expect dose -- mesomix do
refuse mix -- mesomix do
expect --catalog -- mesomix --
expect --sessions -- mesomix mix --
expect --batch-volume -- mesomix mix --batch
expect --format -- mesomix dose --f
expect --batch -- mesomix record FILE --
expect --verify -- mesomix record FILE --
refuse --sessions -- mesomix dose --
for format in text markdown json html; do expect "$format" -- mesomix dose --format ""; done
expect json -- mesomix catalog --format j
# a file argument completes to files
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
touch "$tmp/protocol.toml"
expect "$tmp/protocol.toml" -- mesomix dose "$tmp/pro"

# zsh and fish: the files parse (their completion machinery needs an interactive shell)
if command -v zsh >/dev/null; then zsh -n "$2/completions/_mesomix" || fail "zsh cannot parse _mesomix"; fi
if command -v fish >/dev/null; then fish -n "$2/completions/mesomix.fish" || fail "fish cannot parse mesomix.fish"; fi
# fish: the words it would offer come from the same source
if command -v fish >/dev/null; then
  out=$(fish -c "source $2/completions/mesomix.fish; complete -C 'mesomix mi'" 2>&1) || true
  grep -q '^mix' <<<"$out" || fail "fish does not complete 'mesomix mi' (got: $out)"
fi
echo "completions: ok"
