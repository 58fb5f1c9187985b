#!/bin/sh
# Golden tests as data: each tests/golden/<case>/ holds "args" (one line,
# split by the shell), its inputs, and the expected "stdout", "stderr" and
# "status". The case runs in a scratch copy of its directory.
. "$(dirname "$0")/../lib.sh"

failures=0
count=0
for dir in "$ROOT"/tests/golden/*/; do
	name=$(basename "$dir")
	work="$TMP/$name"
	cp -r "$dir" "$work"
	count=$((count + 1))
	set +e
	# shellcheck disable=SC2046
	(cd "$work" && eval "set -- $(cat args)" && NO_COLOR=1 "$JARBAKE" "$@" \
		>"$TMP/stdout" 2>"$TMP/stderr")
	status=$?
	set -e
	for stream in stdout stderr; do
		if ! cmp -s "$dir/$stream" "$TMP/$stream"; then
			echo "golden $name: $stream differs:" >&2
			diff -u "$dir/$stream" "$TMP/$stream" >&2 || true
			failures=$((failures + 1))
		fi
	done
	if [ "$status" != "$(cat "$dir/status")" ]; then
		echo "golden $name: exit $status, expected $(cat "$dir/status")" >&2
		failures=$((failures + 1))
	fi
done
echo "golden: $count cases, $failures failures"
[ "$count" -gt 0 ] && [ "$failures" -eq 0 ]
