#!/bin/sh
# Runs each fuzz harness (build/fuzz/NAME, from make fuzz) for FUZZ_SECONDS
# seconds on a working copy of its seed corpus tests/fuzz/corpus/NAME/ and
# prints one line per harness: seconds, executions, exec/s, corpus files and
# bytes after the run, and what it found. Crashing, leaking, slow (> 10 s)
# or memory-hungry (> 2 GiB) inputs land in build/fuzz/artifacts/NAME/;
# copy them to tests/fuzz/regress/NAME/ once fixed. Exit 1 if any was found.
# FUZZ_JOBS=N runs N harnesses at once (default 1).
set -u
cd "$(dirname "$0")/../.."
secs=${FUZZ_SECONDS:-60}
found=0
printf '%-18s %7s %10s %8s %7s %9s  %s\n' harness seconds execs exec/s files bytes result
for n in "$@"; do
	work=build/fuzz/corpus/$n
	art=build/fuzz/artifacts/$n
	mkdir -p "$work" "$art"
	log=build/fuzz/$n.log
	./build/fuzz/"$n" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
		-print_final_stats=1 -artifact_prefix="$art/" \
		"$work" "tests/fuzz/corpus/$n" >"$log" 2>&1
	rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
	eps=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
	files=$(find "$work" -type f | wc -l)
	bytes=$(du -sb "$work" | cut -f1)
	arts=$(find "$art" -type f | wc -l)
	if [ "$rc" -ne 0 ] || [ "$arts" -ne 0 ]; then
		result="FOUND $arts (see $log)"
		found=1
	else
		result=clean
	fi
	printf '%-18s %7s %10s %8s %7s %9s  %s\n' "$n" "$secs" "${execs:-?}" \
		"${eps:-?}" "$files" "$bytes" "$result"
done
exit $found
