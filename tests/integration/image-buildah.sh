#!/bin/sh
# The image reader on images built for real by buildah (from scratch,
# offline): docker-archive, oci-archive (gzip, zstd and plain layers) and
# OCI layout directories (OCI and docker v2s2 media types),
# plain, gzip- and zstd-compressed, from a file and from standard input;
# then on every layout tests/fixtures/mkimage.py writes from the specs.
# The checks run in the cmocka driver build/*/tests/image/test_image_read.
. "$(dirname "$0")/../lib.sh"

command -v buildah >/dev/null || fail "buildah is not installed (scripts/deps.sh)"
command -v python3 >/dev/null || fail "python3 is not installed"
command -v zstd >/dev/null || fail "zstd is not installed"

# The driver: the newest build of it (make check or make asan).
driver=$(ls -t "$ROOT"/build/asan/tests/image/test_image_read \
	"$ROOT"/build/obj/tests/image/test_image_read 2>/dev/null | head -n 1)
if [ -z "$driver" ]; then
	make -s -C "$ROOT" build/obj/tests/image/test_image_read >&2 ||
		fail "cannot build test_image_read"
	driver=$ROOT/build/obj/tests/image/test_image_read
fi

mkimage="python3 $ROOT/tests/fixtures/mkimage.py"
B="buildah --root $TMP/root --runroot $TMP/runroot --storage-driver vfs"
export BUILDAH_ISOLATION=chroot STORAGE_DRIVER=vfs
# vfs layers are plain directories; buildah's files need root to remove.
at_exit "$B rm -a >/dev/null 2>&1; $B rmi -a -f >/dev/null 2>&1; true"

mkdir -p "$TMP/ctx" "$TMP/fx"
$mkimage jar "$TMP/ctx/a-1.0.jar" org.example a 1.0
$mkimage jar "$TMP/ctx/b-2.0.jar" org.example b 2.0

# Two layers: a and b, then a again under another name.
c=$($B from scratch)
$B copy "$c" "$TMP/ctx/a-1.0.jar" "$TMP/ctx/b-2.0.jar" /opt/spark/jars/ >/dev/null
$B config --env SPARK_HOME=/opt/spark --label org.example.k=v \
	--user spark --cmd /opt/spark/bin/spark-shell "$c"
$B commit -q "$c" localhost/jarbake-test:1 >/dev/null
c=$($B from localhost/jarbake-test:1)
$B copy "$c" "$TMP/ctx/a-1.0.jar" /opt/spark/jars/c-3.0.jar >/dev/null
$B commit -q "$c" localhost/jarbake-test:2 >/dev/null

fx=$TMP/fx
$B push -q localhost/jarbake-test:2 \
	"docker-archive:$fx/buildah.docker.tar:localhost/jarbake-test:2" >/dev/null
$B push -q localhost/jarbake-test:2 "oci-archive:$fx/buildah.oci.tar" >/dev/null
$B push -q localhost/jarbake-test:2 "oci:$fx/buildah.oci" >/dev/null
$B push -q --compression-format zstd localhost/jarbake-test:2 \
	"oci-archive:$fx/buildah-zstd.oci.tar" >/dev/null
$B push -q -f v2s2 localhost/jarbake-test:2 "oci:$fx/buildah-v2s2.oci" >/dev/null
$B push -q -D localhost/jarbake-test:2 "oci-archive:$fx/buildah-plain.oci.tar" >/dev/null
gzip -c "$fx/buildah.docker.tar" >"$fx/buildah.docker.tar.gz"
zstd -q -c "$fx/buildah.oci.tar" >"$fx/buildah.oci.tar.zst"

sum() { sha256sum "$TMP/ctx/$1" | cut -d' ' -f1; }
size() { wc -c <"$TMP/ctx/$1" | tr -d ' '; }
expect() { # NAME SOURCE [stdin]
	{
		echo "source $2"
		[ $# -gt 2 ] && echo stdin
		echo "file /opt/spark/jars/a-1.0.jar $(sum a-1.0.jar) $(size a-1.0.jar)"
		echo "file /opt/spark/jars/b-2.0.jar $(sum b-2.0.jar) $(size b-2.0.jar)"
		echo "file /opt/spark/jars/c-3.0.jar $(sum a-1.0.jar) $(size a-1.0.jar)"
		echo "dir /opt/spark/jars a-1.0.jar b-2.0.jar c-3.0.jar"
		echo "pom /opt/spark/jars/b-2.0.jar org.example:b:2.0"
		echo "env SPARK_HOME /opt/spark"
		echo "label org.example.k v"
		echo "user spark"
		echo "cmd /opt/spark/bin/spark-shell"
		echo "integrity-count 0"
	} >"$fx/$1.expect"
}
expect buildah-docker buildah.docker.tar stdin
expect buildah-docker-gz buildah.docker.tar.gz stdin
expect buildah-oci buildah.oci.tar stdin
expect buildah-oci-zst buildah.oci.tar.zst
expect buildah-oci-dir buildah.oci
expect buildah-oci-zstd-layers buildah-zstd.oci.tar stdin
expect buildah-oci-v2s2 buildah-v2s2.oci
expect buildah-oci-plain-layers buildah-plain.oci.tar stdin
echo "imgref localhost/jarbake-test:2" >>"$fx/buildah-docker.expect"

# A corrupted copy: one byte of a layer changed (docker-archive: diff_id).
python3 - "$fx/buildah.docker.tar" "$fx/buildah-bad.docker.tar" <<'PY'
import sys
data = bytearray(open(sys.argv[1], "rb").read())
at = data.index(b"META-INF/MANIFEST.MF") + 40   # inside a layer's JAR bytes
data[at] ^= 0x20
open(sys.argv[2], "wb").write(data)
PY
printf 'source buildah-bad.docker.tar\nstdin\nanyfiles\nintegrity is corrupt\n' \
	>"$fx/buildah-bad.expect"

# The layouts no builder writes, from the specifications.
$mkimage "$fx"

JARBAKE_IMAGE_FIXTURES=$fx "$driver" >"$TMP/log" 2>&1 || {
	cat "$TMP/log" >&2
	fail "test_image_read failed"
}
grep -q 'PASSED' "$TMP/log" || { cat "$TMP/log" >&2; fail "no test ran"; }
grep 'PASSED\|test(s) run' "$TMP/log"
