#!/bin/sh
# Runs every tests/integration/*.sh (or those named) with ./jarbake built.
# Each script exits 0 on success, 77 when a tool it needs is absent (which
# counts as a failure here: CI installs everything), anything else on failure.
cd "$(dirname "$0")/.." || exit 2
JARBAKE="${JARBAKE:-$(pwd)/jarbake}"
export JARBAKE
passed=0
failed=0
skipped=0
scripts=${*:-$(ls tests/integration/*.sh 2>/dev/null)}
for t in $scripts; do
	# make asan sets JARBAKE_SKIP_BUILDERS=1: the builder tests drive docker,
	# podman and buildah (minutes), and jarbake's own part of them runs
	# under the sanitizers in build-images.sh; make check runs them.
	case $t in
	*/builder-*.sh)
		if [ -n "${JARBAKE_SKIP_BUILDERS:-}" ]; then
			skipped=$((skipped + 1))
			echo "skip $t (JARBAKE_SKIP_BUILDERS is set; make check runs it)"
			continue
		fi
		;;
	esac
	start=$(date +%s)
	if out=$(sh "$t" 2>&1); then
		passed=$((passed + 1))
		echo "ok   $t ($(($(date +%s) - start))s)"
	else
		failed=$((failed + 1))
		printf '%s\n' "$out" | tail -40
		echo "FAIL $t"
	fi
done
echo "integration: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
