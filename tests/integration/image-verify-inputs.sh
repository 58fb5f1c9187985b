#!/bin/sh
# `jarbake verify` on every input form the image reader takes, through the
# command line: files, a layout directory, standard input, compressed
# outer archives; and the exit status and message of broken inputs
# (corrupt blob: 1, truncated or malformed: 2, zip bomb: 2, several
# images without --ref: 2). Fixtures: tests/fixtures/mkimage.py.
. "$(dirname "$0")/../lib.sh"

command -v python3 >/dev/null || fail "python3 is not installed"
command -v zstd >/dev/null || fail "zstd is not installed"
fx=$TMP/fx
python3 "$ROOT/tests/fixtures/mkimage.py" "$fx"
M=$fx/jarbake.json

for f in docker-legacy.tar docker-legacy.tar.zst docker25.tar \
	docker25.tar.gz docker25-index.tar oci-gzip.tar \
	oci-gzip-late-index.tar oci-zstd.tar oci-mixed.tar oci-dir; do
	expect_exit 0 "$JARBAKE" -m "$M" verify "$fx/$f"
	expect_grep "iceberg-spark-runtime-3.5_2.12-1.5.2.jar" "$TMP/out"
	expect_grep "verified" "$TMP/out"
	case $f in oci-dir) continue ;; esac
	# The same from standard input, as "docker save IMG | jarbake verify -".
	set +e
	"$JARBAKE" -m "$M" verify - <"$fx/$f" >"$TMP/out" 2>"$TMP/err"
	rc=$?
	set -e
	[ "$rc" -eq 0 ] || { cat "$TMP/out" "$TMP/err" >&2; fail "stdin $f: exit $rc"; }
done

# Several images: --ref chooses, by RepoTags or OCI ref name.
expect_exit 2 "$JARBAKE" -m "$M" verify "$fx/multi.tar"
expect_grep "several images" "$TMP/err"
expect_grep "example/b:2" "$TMP/err"
expect_exit 0 "$JARBAKE" -m "$M" verify --ref example/a:1 "$fx/multi.tar"
expect_exit 0 "$JARBAKE" -m "$M" verify --ref a-one "$fx/multi-oci.tar"
expect_exit 2 "$JARBAKE" -m "$M" verify --ref nope:1 "$fx/multi.tar"
expect_grep "no image 'nope:1'" "$TMP/err"

# Integrity: a changed byte in a blob is a check failure, not malformed.
expect_exit 1 "$JARBAKE" -m "$M" verify "$fx/corrupt-oci.tar"
expect_grep "[integrity]" "$TMP/out"
expect_grep "is corrupt" "$TMP/out"
expect_exit 1 "$JARBAKE" -m "$M" verify - <"$fx/corrupt-docker.tar"
expect_grep "diff_id" "$TMP/out"

# Truncated or not an image: exit 2 saying what is wrong.
for f in truncated.tar truncated.tar.gz truncated-layer.tar not-image.tar empty.tar; do
	expect_exit 2 "$JARBAKE" -m "$M" verify "$fx/$f"
	expect_grep "jarbake: " "$TMP/err"
done
expect_grep "is empty" "$TMP/err"
expect_exit 2 "$JARBAKE" -m "$M" verify - <"$fx/truncated.tar"
expect_grep "truncated" "$TMP/err"
expect_exit 2 "$JARBAKE" -m "$M" verify "$fx/no-such-file.tar"

# A zip bomb stops at the cap.
expect_exit 2 env JARBAKE_MAX_LAYER_BYTES=32M "$JARBAKE" -m "$M" verify \
	"$fx/zipbomb.tar"
expect_grep "zip bomb" "$TMP/err"

# Path traversal is kept inside the root and reported.
expect_exit 1 "$JARBAKE" -m "$M" verify "$fx/overlay.tar"
expect_grep "[unsafe-path]" "$TMP/out"
