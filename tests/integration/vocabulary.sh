#!/bin/sh
# One vocabulary: every command that reports (fetch, lint, verify, lock)
# takes -f/--format, --json, -q/--quiet and --color (lint and verify also
# the sarif and github formats); 'jarbake help CMD' is 'jarbake CMD --help';
# every --help ends with the command's exit status. The old spellings
# (fetch --json, lint --format, verify -f) are golden cases in tests/golden/.
. "$(dirname "$0")/../lib.sh"
for c in fetch dockerfile lint verify lock; do
	"$JARBAKE" "$c" --help >"$TMP/help.$c" || fail "'$c --help' failed"
	"$JARBAKE" help "$c" >"$TMP/helpcmd.$c" || fail "'help $c' failed"
	cmp -s "$TMP/help.$c" "$TMP/helpcmd.$c" || fail "'help $c' differs from '$c --help'"
	# the last paragraph is the exit status, with every code
	awk 'BEGIN {RS=""} {last=$0} END {print last}' "$TMP/help.$c" >"$TMP/last.$c"
	grep -q '^exit status: 0 ' "$TMP/last.$c" || fail "'$c --help' does not end with its exit status"
	for code in 1 2 3; do
		grep -qE "(^|[ ;,])$code [A-Za-z-]" "$TMP/last.$c" || fail "'$c --help' exit status lacks $code"
	done
done
for c in fetch lint verify lock; do
	for o in "-f, --format FORMAT" "--json" "-q, --quiet" "--color WHEN"; do
		grep -qF -- "$o" "$TMP/help.$c" || fail "'$c --help' lacks '$o'"
	done
done
for c in lint verify; do
	grep -q 'text, json, sarif or github' "$TMP/help.$c" || fail "'$c --help': not every format"
done
for c in fetch lock; do
	grep -q 'text or json' "$TMP/help.$c" || fail "'$c --help': formats"
	expect_exit 2 "$JARBAKE" "$c" -f sarif
	expect_grep "unknown format 'sarif' (text or json)" "$TMP/err"
done
expect_exit 2 "$JARBAKE" lint --color=sometimes .
expect_grep "--color wants auto, always or never, not 'sometimes'" "$TMP/err"
"$JARBAKE" help >"$TMP/top" || fail "'jarbake help' failed"
"$JARBAKE" --help | cmp -s - "$TMP/top" || fail "'jarbake help' differs from --help"
echo "vocabulary: ok"
