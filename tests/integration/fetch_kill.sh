#!/bin/sh
# SIGKILL jarbake fetch at random moments, then check: every JAR in DIR is
# right, the cache holds only verified entries, and a re-run ends with
# exactly the manifest's JARs (resuming the parts the killed runs left).
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/server/lib.sh"

A=$(make_jar org.example alpha 1.0 --size 900000 --stored)
B=$(make_jar org.example beta 2.0 --size 600000 --stored)
C=$(make_jar org.example gamma 3.0 --size 300000 --stored)
start_server s
M=$TMP/m.json
OUT=$TMP/jars
manifest "$M" "http://127.0.0.1:$PORT/slow" a=org.example:alpha:1.0 \
	b=org.example:beta:2.0 c=org.example:gamma:3.0

# every visible file in DIR is one of the right JARs, complete
check_dir() {
	[ -d "$OUT" ] || return 0
	for f in "$OUT"/*.jar; do
		[ -e "$f" ] || continue
		case $(basename "$f") in
		alpha-1.0.jar) same_file "$f" "$A" ;;
		beta-2.0.jar) same_file "$f" "$B" ;;
		gamma-3.0.jar) same_file "$f" "$C" ;;
		old-0.1.jar) ;; # the stale one, until a run completes
		*) fail "unexpected '$f'" ;;
		esac
	done
}

seed=$$
mkdir -p "$OUT"
cp "$C" "$OUT/old-0.1.jar"
for i in $(seq 1 15); do
	delay=$(awk -v s="$seed" -v i="$i" 'BEGIN { srand(s + i); printf "%.2f", rand() * 0.7 }')
	"$JARBAKE" -m "$M" fetch -o "$OUT" -q --retry-delay 50 >/dev/null 2>&1 &
	pid=$!
	sleep "$delay"
	kill -9 "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
	check_dir
	cache_clean
	if [ $((i % 5)) -eq 0 ]; then
		expect_exit 0 "$JARBAKE" -m "$M" fetch -o "$OUT" --retry-delay 50
		dir_is "$OUT" alpha-1.0.jar beta-2.0.jar gamma-3.0.jar
		check_dir
		cache_clean
		[ -z "$(ls "$JARBAKE_CACHE/tmp")" ] || fail "parts left in the cache"
		# start cold again, sometimes keeping the cache
		rm -rf "$OUT"
		mkdir -p "$OUT"
		cp "$C" "$OUT/old-0.1.jar"
		[ $((i % 10)) -eq 0 ] || rm -rf "$JARBAKE_CACHE"
	fi
done
# the parts left by killed runs were resumed, not downloaded again
grep -q "range=bytes=[1-9]" "$TMP/s.log" || fail "no run resumed a part"
echo "fetch_kill: passed"
