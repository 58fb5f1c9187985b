#!/bin/sh
# End to end: 'jarbake dockerfile' -> buildah build (offline, from a local
# base image made FROM scratch) -> 'jarbake verify' exits 0 on both archive
# forms, with the label matching; then the same Dockerfile rebuilt from a
# tampered build context -> exit 1 (mismatch), and a stale JAR left in the
# context's base -> exit 1 (stale).
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source=tests/integration/verify-lib.sh.in
. "$ROOT/tests/integration/verify-lib.sh.in"

# The base image: /etc/passwd with the runtime user, Spark's own JARs.
BC=$TMP/basectx
mkdir -p "$BC/etc" "$BC/jars"
printf 'root:x:0:0:root:/root:/bin/sh\nspark:x:185:185::/opt/spark:/bin/sh\n' >"$BC/etc/passwd"
cp "$J"/base/*.jar "$BC/jars/"
cat >"$BC/Containerfile" <<'CF'
FROM scratch
COPY etc/ /etc/
COPY jars/ /opt/spark/jars/
ENV SPARK_HOME=/opt/spark
CF
$B bud --isolation chroot -q -t localhost/vt-base:1 -f "$BC/Containerfile" "$BC" \
	>/dev/null 2>"$TMP/build.err" || { cat "$TMP/build.err" >&2; fail "cannot build the base"; }

# The project: the manifest with that base, the build context as fetch
# leaves it, the Dockerfile as jarbake writes it.
PR=$TMP/project
mkdir -p "$PR/manifests" "$PR/build/verify-test/jars"
sed 's|"base": "scratch"|"base": "localhost/vt-base:1"|' "$M" >"$PR/manifests/akko-spark.json"
cp "$J"/added/*.jar "$PR/build/verify-test/jars/"
cd "$PR"
expect_exit 0 "$JARBAKE" dockerfile
DF=$PR/dockerfiles/verify-test.Dockerfile
[ -s "$DF" ] || fail "jarbake dockerfile wrote no $DF"
msha=$(vt_sha "$PR/manifests/akko-spark.json")
expect_grep "$msha" "$DF"

build_from_df() { # TAG
	$B bud --isolation chroot --pull=never -q -t "localhost/$1:1" -f "$DF" \
		"$PR/build/verify-test" >/dev/null 2>"$TMP/build.err" ||
		{ cat "$TMP/build.err" >&2; fail "cannot build $1 from $DF"; }
	$B push -q "localhost/$1:1" "docker-archive:$TMP/$1.docker.tar:localhost/$1:1" \
		>/dev/null 2>&1 || fail "cannot push $1"
	$B push -q "localhost/$1:1" "oci-archive:$TMP/$1.oci.tar" >/dev/null 2>&1 ||
		fail "cannot push $1"
}
build_from_df e2e
for form in docker oci; do
	expect_exit 0 "$JARBAKE" verify "$TMP/e2e.$form.tar"
	expect_grep "verified: 3 ok, 2 base; 0 errors, 0 warnings" "$TMP/out"
done
# No note about a missing label: the Dockerfile wrote it.
grep -q '\[label\]' "$TMP/out" && fail "label finding on a jarbake-built image"

# Tampered: same file name in the context, other bytes; same Dockerfile.
$MKJAR "$PR/build/verify-test/jars/commons-io-2.11.0.jar" commons-io commons-io 2.11.0 \
	org.apache.commons.io.IOUtils=evil
build_from_df tampered
expect_exit 1 "$JARBAKE" verify "$TMP/tampered.oci.tar"
expect_grep "mismatch      /opt/spark/jars/commons-io-2.11.0.jar (commons-io 2.11.0)" "$TMP/out"
expect_grep "[mismatch]" "$TMP/out"
expect_exit 1 "$JARBAKE" verify --format json "$TMP/tampered.docker.tar"
python3 - "$TMP/out" <<'PY' || fail "tampered JSON"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["verified"] is False
st = {j["file"]: j["status"] for j in d["jars"]}
assert st["commons-io-2.11.0.jar"] == "mismatch", st
PY

# An older commons-io left in the context and copied by hand: stale.
cp "$J/added/commons-io-2.11.0.jar" "$PR/build/verify-test/jars/"
cp "$J/bad/commons-io-2.8.0.jar" "$PR/build/verify-test/jars/"
{ cat "$DF"; echo "COPY jars/commons-io-2.8.0.jar /opt/spark/jars/"; } >"$TMP/stale.Dockerfile"
$B bud --isolation chroot --pull=never -q -t localhost/stale:1 -f "$TMP/stale.Dockerfile" \
	"$PR/build/verify-test" >/dev/null 2>"$TMP/build.err" ||
	{ cat "$TMP/build.err" >&2; fail "cannot build stale"; }
$B push -q localhost/stale:1 "oci-archive:$TMP/stale.oci.tar" >/dev/null 2>&1 || fail "cannot push stale"
expect_exit 1 "$JARBAKE" verify "$TMP/stale.oci.tar"
expect_grep "stale         /opt/spark/jars/commons-io-2.8.0.jar" "$TMP/out"
expect_grep "ok            /opt/spark/jars/commons-io-2.11.0.jar" "$TMP/out"
echo "verify end to end: all checks passed"
