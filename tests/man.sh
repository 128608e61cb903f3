#!/usr/bin/env bash
# ctest: the man page renders with man -l, without a roff warning, and names every command.
#   tests/man.sh BUILT_MAN_PAGE BUILT_MESOMIX
set -euo pipefail
page=$1
text=$(MANWIDTH=80 MAN_KEEP_FORMATTING= man -l "$page" 2>"$page.err" | col -b)
if [ -s "$page.err" ]; then echo "man -l warns:" >&2; cat "$page.err" >&2; exit 1; fi
rm -f "$page.err"
grep -q "^NAME" <<<"$text" || { echo "no NAME section" >&2; exit 1; }
grep -q "mesomix - units-safe calculator" <<<"$text" || { echo "no one-line description" >&2; exit 1; }
# every command mesomix has is in the page
for command in $("$2" __complete | grep -v -- '^-'); do
  grep -q "mesomix $command\|^ *$command\b" <<<"$text" || { echo "the man page does not describe '$command'" >&2; exit 1; }
done
echo "man: ok"
