#!/bin/sh
# Runs every cmocka binary given; prints one closing line "N passed, N failed".
passed=0
failed=0
for bin in "$@"; do
	# shellcheck disable=SC2086
	if out=$(${VALGRIND:-} "$bin" 2>&1); then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		printf '%s\n' "$out"
		echo "FAIL: $bin"
	fi
	printf '%s\n' "$out" | grep -E '^\[  PASSED  \]|^\[  FAILED  \]' | sed "s|^|$(basename "$bin"): |"
done
echo "unit: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
