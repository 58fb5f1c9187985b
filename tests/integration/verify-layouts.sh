#!/bin/sh
# jarbake verify on the layouts buildah cannot make (tests/fixtures/mkimage.py,
# written from the OCI and Docker specifications): whiteouts and a symlinked
# jars_dir, several images with --ref, corrupted blobs (integrity, exit 1),
# truncated, empty, not-an-image and zip-bomb archives (exit 2), a .jar that
# is not a zip (invalid).
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
command -v python3 >/dev/null 2>&1 || fail "python3 is not installed"
F=$TMP/fix
mkdir -p "$F"
python3 "$ROOT/tests/fixtures/mkimage.py" "$F" >/dev/null ||
	fail "tests/fixtures/mkimage.py failed"

# sha_of FIXTURE PATH: the SHA-256 the fixture's .expect gives for PATH.
sha_of() {
	awk -v p="$2" '$1 == "file" && $2 == p { print $3; exit }' "$F/$1.expect"
}
manifest() { # JARS_DIR JARS-JSON
	cat >"$TMP/m.json" <<JSON
{
  "schema": 1,
  "image": {
    "name": "layouts", "base": "scratch", "spark_version": "3.5.1",
    "scala_version": "2.12", "jars_dir": "$1", "user": "spark"
  },
  "repository": "https://repo.invalid/maven2",
  "jars": [ $2 ]
}
JSON
}

# --- overlay: iceberg 1.4.0 was whited out by the layer that added 1.5.2, so
# it is not stale; jars_dir given through a symbolic link.
ice=$(sha_of overlay /opt/spark/jars/iceberg-spark-runtime-3.5_2.12-1.5.2.jar)
[ -n "$ice" ] || fail "no iceberg JAR in overlay.expect"
manifest /opt/app/jars '{ "name": "iceberg", "maven": "org.apache.iceberg:iceberg-spark-runtime-3.5_2.12:1.5.2", "sha256": "'"$ice"'" }'
# Links named .jar that resolve to nothing the image holds (dangling.jar;
# abs-up.jar to a file not named .jar) are invalid; nothing else may fail.
set +e
"$JARBAKE" -m "$TMP/m.json" verify "$F/overlay.tar" >"$TMP/out" 2>"$TMP/err"
rc=$?
set -e
[ "$rc" -eq 1 ] || { cat "$TMP/out" "$TMP/err" >&2; fail "overlay: exit $rc, expected 1"; }
if grep ': error: ' "$TMP/out" | grep -v ': error: .* \[invalid\]$'; then
	fail "overlay: unexpected errors"
fi
expect_grep "invalid       /opt/spark/jars/dangling.jar" "$TMP/out"
expect_grep "'dangling.jar' is a symbolic link to no JAR the image holds" "$TMP/out"
expect_grep "ok            " "$TMP/out"
expect_grep "iceberg-spark-runtime-3.5_2.12-1.5.2.jar (iceberg 1.5.2)" "$TMP/out"
expect_grep "base          " "$TMP/out"
expect_grep "replaced.jar" "$TMP/out"
grep -q "1.4.0" "$TMP/out" && fail "a whited-out JAR is reported"
grep -Eq '^[a-z-]+ +/(etc|abs|opt/lib|data)/' "$TMP/out" && fail "a JAR outside jars_dir is reported"
# The same from standard input, in JSON.
set +e
"$JARBAKE" -m "$TMP/m.json" verify --format json - <"$F/overlay.tar" >"$TMP/out" 2>"$TMP/err"
rc=$?
set -e
[ "$rc" -le 1 ] || { cat "$TMP/err" >&2; fail "overlay from stdin: exit $rc"; }
python3 - "$TMP/out" <<'PY' || fail "overlay JSON"
import json, sys
d = json.load(open(sys.argv[1]))
st = {j["file"]: j["status"] for j in d["jars"]}
assert st["iceberg-spark-runtime-3.5_2.12-1.5.2.jar"] == "ok", st
assert st["replaced.jar"] == "base", st
by = {j["file"]: j for j in d["jars"]}
# replaced.jar's identity comes from its pom.properties
assert by["replaced.jar"]["artifact"] is None or by["replaced.jar"]["group"] in (None, "io.openlineage")
PY
# Another Spark line of the same runtime: the manifest's JAR is incompatible.
manifest /opt/spark/jars '{ "name": "iceberg", "maven": "org.apache.iceberg:iceberg-spark-runtime-3.5_2.12:1.5.2", "sha256": "'"$ice"'" }'
sed -i 's/"spark_version": "3.5.1"/"spark_version": "3.4.1"/' "$TMP/m.json"
expect_exit 1 "$JARBAKE" -m "$TMP/m.json" verify "$F/overlay.tar"
expect_grep "incompatible  /opt/spark/jars/iceberg-spark-runtime-3.5_2.12-1.5.2.jar" "$TMP/out"
expect_grep "built for Spark 3.5, the image has Spark 3.4.1 [incompatible]" "$TMP/out"

# --- several images: --ref picks one.
other=$(sha_of multi-b /opt/spark/jars/other.jar)
manifest /opt/spark/jars '{ "name": "other", "version": "2.0", "url": "https://x.invalid/other-2.0.jar", "file": "other.jar", "sha256": "'"$other"'" }'
expect_exit 2 "$JARBAKE" -m "$TMP/m.json" verify "$F/multi.tar"
expect_grep "several images" "$TMP/err"
expect_exit 0 "$JARBAKE" -m "$TMP/m.json" verify --ref example/b "$F/multi.tar"
expect_grep "ok            /opt/spark/jars/other.jar (other 2.0)" "$TMP/out"
expect_exit 1 "$JARBAKE" -m "$TMP/m.json" verify --ref example/a:1 "$F/multi.tar"
expect_grep "missing       /opt/spark/jars/other.jar" "$TMP/out"
expect_exit 1 "$JARBAKE" -m "$TMP/m.json" verify --ref example/a:1 --format json "$F/multi.tar"
expect_grep '"ref": "' "$TMP/out"
expect_exit 2 "$JARBAKE" -m "$TMP/m.json" verify --ref example/zzz:9 "$F/multi.tar"

# --- a corrupted blob: the view is still checked, integrity fails (exit 1).
manifest /opt/spark/jars ''
for c in corrupt-docker corrupt-oci; do
	expect_exit 1 "$JARBAKE" -m "$TMP/m.json" verify "$F/$c.tar"
	expect_grep "[integrity]" "$TMP/out"
done

# --- malformed archives: exit 2 with what was wrong, nothing on stdout.
for c in truncated:truncated truncated-layer:truncated not-image:neither empty:empty; do
	name=${c%%:*}
	expect_exit 2 "$JARBAKE" -m "$TMP/m.json" verify "$F/$name.tar"
	expect_grep "${c#*:}" "$TMP/err"
	expect_grep "$name.tar" "$TMP/err"
done
expect_exit 2 env JARBAKE_MAX_LAYER_BYTES=32M "$JARBAKE" -m "$TMP/m.json" verify "$F/zipbomb.tar"
expect_grep "zip bomb" "$TMP/err"

# --- a .jar that is not a zip, in jars_dir /jars.
manifest /jars ''
expect_exit 1 "$JARBAKE" -m "$TMP/m.json" verify "$F/odd-files.tar"
expect_grep "invalid       /jars/broken.jar" "$TMP/out"
expect_grep "[invalid]" "$TMP/out"
echo "verify layouts: all checks passed"
