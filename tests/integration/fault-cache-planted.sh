#!/bin/sh
# Things planted in the cache (issue #11 item 10): a symbolic link as
# CACHE/tmp/SHA.part, a FIFO in CACHE/tmp, a cache entry that is a link to
# /dev/zero, a FIFO or a file elsewhere. Each run must end in bounded time,
# the next run must clean up (the link itself, never its target) and DIR must
# only ever hold the right regular files.
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/server/lib.sh"

A=$(make_jar org.example alpha 1.0 --size 300000 --stored)
SHA=$(sha256sum "$A" | cut -d' ' -f1)
start_server s
M=$TMP/m.json
manifest "$M" "http://127.0.0.1:$PORT/ok" a=org.example:alpha:1.0
C=$JARBAKE_CACHE
printf 'victim\n' >"$TMP/victim"

# run CODE DIR: a bounded fetch into DIR that exits CODE.
run() {
	set +e
	timeout -k 2 30 "$JARBAKE" -m "$M" fetch -q -o "$2" --retry-delay 50 \
		>"$TMP/out" 2>"$TMP/err"
	rc=$?
	set -e
	[ "$rc" -ne 124 ] && [ "$rc" -ne 137 ] || fail "fetch did not end within 30 s"
	[ "$rc" -eq "$1" ] || { cat "$TMP/err" >&2; fail "fetch exited $rc, expected $1"; }
}
right() { # DIR: holds exactly the JAR, a regular file, right
	dir_is "$1" alpha-1.0.jar
	[ -f "$1/alpha-1.0.jar" ] && [ ! -L "$1/alpha-1.0.jar" ] || fail "'$1/alpha-1.0.jar' is not a regular file"
	same_file "$1/alpha-1.0.jar" "$A"
	cmp -s "$TMP/victim" - <<V || fail "the link's target was written"
victim
V
}

mkdir -p "$C/tmp" "$C/sha256"
# 1. a link planted as the part: this run and every later one succeed.
ln -s "$TMP/victim" "$C/tmp/$SHA.part"
run 0 "$TMP/d1"
right "$TMP/d1"
[ ! -L "$C/tmp/$SHA.part" ] || fail "the planted link is still there"
rm -rf "$C/sha256"/*
ln -s "$TMP/victim" "$C/tmp/$SHA.part"
run 0 "$TMP/d1b"
right "$TMP/d1b"
run 0 "$TMP/d1c"
right "$TMP/d1c"

# 2. a FIFO and a dangling link in tmp/: removed, never opened for good.
mkfifo "$C/tmp/dl-fifo123" "$C/tmp/$SHA.part"
ln -s /nonexistent "$C/tmp/dl-link123"
run 0 "$TMP/d2"
right "$TMP/d2"
[ -z "$(ls -A "$C/tmp")" ] || fail "left in tmp/: $(ls -A "$C/tmp")"

# 3. the cache entry itself replaced by a link or a FIFO: dropped, fetched
# again; DIR never gets a link.
entry=$C/sha256/$(printf %.2s "$SHA")/$SHA
for kind in zero fifo victim; do
	rm -f "$entry"
	case $kind in
	zero) ln -s /dev/zero "$entry" ;;
	fifo) mkfifo "$entry" ;;
	victim) ln -s "$TMP/victim" "$entry" ;;
	esac
	rm -rf "$TMP/d3"
	run 0 "$TMP/d3"
	right "$TMP/d3"
	[ -f "$entry" ] && [ ! -L "$entry" ] || fail "$kind: the entry was not replaced"
	cache_clean
done
echo "fault-cache-planted: passed"
