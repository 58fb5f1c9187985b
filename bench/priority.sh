# Sourced by the benches. With BENCH_NICE=N (say -10; below 0 needs root),
# the bench runs again in a session of its own whose autogroup has nice N.
# On a machine shared with other sessions (each session its own autogroup,
# where a process's own nice does not weigh against other groups), jarbake
# and the plain tools it is compared with then both get the CPU first, and
# the ratios mean what they would on a quiet machine.
if [ -n "${BENCH_NICE:-}" ] && [ -z "${BENCH_NICED:-}" ]; then
	BENCH_NICED=1
	export BENCH_NICED
	exec setsid -w sh -c 'echo "$BENCH_NICE" >/proc/self/autogroup 2>/dev/null ||
		echo "bench: cannot set the autogroup nice to $BENCH_NICE: default priority" >&2
		exec sh "$@"' bench "$0" "$@"
fi
# bench_priority: a line for the report
bench_priority() {
	echo "load average $(cut -d' ' -f1-3 /proc/loadavg); priority: $(cat /proc/self/autogroup 2>/dev/null || echo "nice $(nice)")"
}
