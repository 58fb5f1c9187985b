#!/bin/sh
# A full disk and a read-only cache, on small tmpfs mounts (needs root and
# mount(8); otherwise SKIP with the reason). Full DIR, full cache, full
# manifest directory: exit 3 with "No space left on device" naming the file,
# no partial JAR in DIR, the manifest intact; once there is room, a re-run
# succeeds. A read-only cache: a warm one still serves fetch; a cold one is a
# clear exit 3.
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/server/lib.sh"

mnt() { # DIR SIZE [ro]: a tmpfs at DIR, unmounted on exit
	mkdir -p "$1"
	if ! err=$(mount -t tmpfs -o "size=$2${3:+,$3}" tmpfs "$1" 2>&1); then
		echo "SKIP: fault-disk: cannot mount a tmpfs ($err); run as root where mount(2) is allowed"
		exit 0
	fi
	at_exit "umount '$1' 2>/dev/null || umount -l '$1' 2>/dev/null || true"
}

A=$(make_jar org.example alpha 1.0 --size 700000 --stored)
B=$(make_jar org.example beta 2.0 --size 600000 --stored)
start_server s
M=$TMP/m.json
manifest "$M" "http://127.0.0.1:$PORT/ok" a=org.example:alpha:1.0 \
	b=org.example:beta:2.0

# no_partial DIR: every file in DIR is a complete, right JAR.
no_partial() {
	only_right "$1" alpha-1.0.jar="$A" beta-2.0.jar="$B"
	no_tmp "$1"
}

# --- DIR on a 1 MiB file system: both JARs do not fit.
mnt "$TMP/small" 1m
expect_exit 3 "$JARBAKE" -m "$M" fetch -o "$TMP/small/jars" --retries 0
expect_grep "No space left on device" "$TMP/err"
expect_grep "$TMP/small/jars/" "$TMP/err"
no_partial "$TMP/small/jars"
umount "$TMP/small"
mnt "$TMP/small" 4m
expect_exit 0 "$JARBAKE" -m "$M" fetch -o "$TMP/small/jars" --retries 0
dir_is "$TMP/small/jars" alpha-1.0.jar beta-2.0.jar
no_partial "$TMP/small/jars"

# --- the cache on a 1 MiB file system: downloads cannot be kept.
mnt "$TMP/cfull" 1m
expect_exit 3 env JARBAKE_CACHE="$TMP/cfull/cache" "$JARBAKE" -m "$M" \
	fetch -o "$TMP/d2" --retries 0
expect_grep "No space left on device" "$TMP/err"
expect_grep "$TMP/cfull/cache/" "$TMP/err"
no_partial "$TMP/d2"
cache_clean "$TMP/cfull/cache"

# --- lock rewriting a manifest on a full file system: the old file stays.
mnt "$TMP/mfull" 64k
cp "$M" "$TMP/mfull/m.json"
head -c 200000 /dev/zero >"$TMP/mfull/filler" 2>/dev/null || true
cp "$TMP/mfull/m.json" "$TMP/m.before"
sed 's/"sha256": "[0-9a-f]*",//' "$TMP/m.before" >"$TMP/m.nopin"
# the unpinned copy is shorter; make it the file lock must re-pin
cat "$TMP/m.nopin" >"$TMP/mfull/m.json"
cp "$TMP/mfull/m.json" "$TMP/m.before"
expect_exit 3 "$JARBAKE" -m "$TMP/mfull/m.json" lock --retries 0
expect_grep "No space left on device" "$TMP/err"
cmp -s "$TMP/mfull/m.json" "$TMP/m.before" || fail "lock changed the manifest on a full disk"
[ "$(ls -A "$TMP/mfull" | sort | tr '\n' ' ')" = "filler m.json " ] ||
	fail "left beside the manifest: $(ls -A "$TMP/mfull")"
rm "$TMP/mfull/filler"
expect_exit 0 "$JARBAKE" -m "$TMP/mfull/m.json" lock --retries 0
grep -q "$(sha256sum "$B" | cut -d' ' -f1)" "$TMP/mfull/m.json" || fail "lock did not re-pin"

# --- a read-only cache: warm, it serves; cold, a clear error.
mnt "$TMP/ro" 8m
expect_exit 0 env JARBAKE_CACHE="$TMP/ro/cache" "$JARBAKE" -m "$M" fetch -q \
	-o "$TMP/d3" --retries 0
mount -o remount,ro "$TMP/ro"
expect_exit 0 env JARBAKE_CACHE="$TMP/ro/cache" "$JARBAKE" -m "$M" fetch \
	-o "$TMP/d4" --retries 0 --offline
dir_is "$TMP/d4" alpha-1.0.jar beta-2.0.jar
no_partial "$TMP/d4"
mkdir -p "$TMP/ro2"
mnt "$TMP/ro2" 1m ro
expect_exit 3 env JARBAKE_CACHE="$TMP/ro2" "$JARBAKE" -m "$M" fetch \
	-o "$TMP/d5" --retries 0
expect_grep "Read-only file system" "$TMP/err"
[ ! -d "$TMP/d5" ] || no_partial "$TMP/d5"
echo "fault-disk: passed"
