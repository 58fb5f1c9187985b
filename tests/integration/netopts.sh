#!/bin/sh
# fetch and lock share one parser of the network options: each bad value
# gets the same message from both (exit 2), and lock takes every option
# fetch takes (--offline, --allow-http, --timeout, --connect-timeout, ...).
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/server/lib.sh"

A=$(make_jar org.example alpha 1.0 --size 20000)
start_server repo
M=$TMP/m.json
manifest "$M" "http://127.0.0.1:$PORT/ok" a=org.example:alpha:1.0

for bad in "-j 0" "-j 65" "--retries 101" "--retry-delay 0" \
	"--connect-timeout 0" "--timeout 3601" "--timeout x"; do
	# shellcheck disable=SC2086
	expect_exit 2 "$JARBAKE" -m "$M" fetch -o "$TMP/j" $bad
	head -1 "$TMP/err" >"$TMP/fetch.err"
	# shellcheck disable=SC2086
	expect_exit 2 "$JARBAKE" -m "$M" lock $bad
	head -1 "$TMP/err" >"$TMP/lock.err"
	cmp -s "$TMP/fetch.err" "$TMP/lock.err" ||
		fail "'$bad': fetch says '$(cat "$TMP/fetch.err")', lock '$(cat "$TMP/lock.err")'"
	grep -q "wants" "$TMP/lock.err" || fail "'$bad': $(cat "$TMP/lock.err")"
done

# lock --offline: re-checks the pins against the cache only; a JAR not in
# it is exit 3 and nothing is written; --set needs the network
cp "$M" "$TMP/l.json"
expect_exit 3 "$JARBAKE" -m "$TMP/l.json" lock --offline
cmp -s "$M" "$TMP/l.json" || fail "lock --offline changed the manifest"
expect_exit 0 "$JARBAKE" -m "$M" fetch -o "$TMP/j" -q
requests=$(wc -l <"$TMP/repo.log")
expect_exit 0 "$JARBAKE" -m "$TMP/l.json" lock --offline --timeout 5 \
	--connect-timeout 5 --allow-http -j 2 --retries 1 --retry-delay 10
expect_grep "up to date" "$TMP/out"
[ "$(wc -l <"$TMP/repo.log")" -eq "$requests" ] ||
	fail "lock --offline went to the network: $(cat "$TMP/repo.log")"
# --allow-http: a plain-http mirror off loopback passes the policy (here
# refused for the option, accepted with it; nothing listens, so offline)
expect_exit 2 "$JARBAKE" -m "$TMP/l.json" lock --offline --set a=1.1
expect_grep "cannot learn" "$TMP/err"
expect_exit 2 "$JARBAKE" -m "$TMP/l.json" lock --offline \
	--mirror http://mirror.example.invalid/m
expect_grep "allow-http" "$TMP/err"
expect_exit 0 "$JARBAKE" -m "$TMP/l.json" lock --offline --allow-http \
	--mirror http://mirror.example.invalid/m
