#!/bin/sh
# jarbake lock --base IMAGE: a base image built with buildah (FROM scratch,
# real JARs in /opt/spark/jars, one of them the manifest's own, a non-JAR
# file and a JAR in a subdirectory), exported as docker-archive and
# oci-archive. lock records "base_jars" after "jars": the base's JARs with
# their sha256, sorted, without the manifest's own; the same image again
# changes nothing; another base changes only the list; a bad image is
# exit 2 with the manifest untouched.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
JB_LIB=$ROOT/scripts/lib
# shellcheck source=scripts/lib/common.sh
. "$JB_LIB/common.sh"

command -v buildah >/dev/null 2>&1 ||
	fail "buildah is not installed (scripts/deps.sh installs it); this test is never skipped"
command -v python3 >/dev/null 2>&1 || fail "python3 is not installed"
JARBAKE_CACHE=$TMP/cache
export JARBAKE_CACHE
unset JARBAKE_MIRROR JARBAKE_MANIFEST

jb_buildah_private "$TMP/buildah"
at_exit 'jb_buildah rm --all >/dev/null 2>&1 || :'
sha() { sha256sum "$1" | cut -c1-64; }

# The repository: the manifest's one JAR.
www=$TMP/www
d=$www/maven2/org/example/alpha/1.0
mkdir -p "$d"
python3 "$JB_LIB/mkjar.py" "$d/alpha-1.0.jar" org.example alpha 1.0 org.example.alpha.Alpha
jb_mirror_start "$www" "$TMP/www.log" || fail "cannot start the loopback server"
at_exit jb_mirror_stop

# The base image's context.
ctx=$TMP/ctx
jars=$ctx/rootfs/opt/spark/jars
mkdir -p "$jars/extra"
python3 "$JB_LIB/mkjar.py" "$jars/spark-core_2.12-3.5.1.jar" org.apache.spark spark-core_2.12 3.5.1 org.apache.spark.SparkContext
python3 "$JB_LIB/mkjar.py" "$jars/avro-1.11.2.jar" org.apache.avro avro 1.11.2 org.apache.avro.Schema
python3 "$JB_LIB/mkjar.py" "$jars/extra/nested.jar" org.example nested 1 org.example.Nested
cp "$d/alpha-1.0.jar" "$jars/alpha-1.0.jar" # the manifest's own: not base
echo "not a jar" >"$jars/README"
printf 'FROM scratch\nCOPY rootfs/ /\n' >"$ctx/Containerfile"
build_base() { # NAME: builds the context as NAME, exports NAME.tar and NAME.oci.tar
	jb_buildah bud --isolation "${BUILDAH_ISOLATION:-chroot}" --pull=never \
		--quiet -f "$ctx/Containerfile" -t "localhost/$1:1" "$ctx" >"$TMP/bud.log" 2>&1 ||
		{ cat "$TMP/bud.log" >&2; fail "buildah bud of $1 failed"; }
	jb_buildah push --quiet "localhost/$1:1" "docker-archive:$TMP/$1.tar:localhost/$1:1" >"$TMP/push.log" 2>&1 ||
		{ cat "$TMP/push.log" >&2; fail "buildah push docker-archive failed"; }
	jb_buildah push --quiet "localhost/$1:1" "oci-archive:$TMP/$1.oci.tar" >"$TMP/push.log" 2>&1 ||
		{ cat "$TMP/push.log" >&2; fail "buildah push oci-archive failed"; }
}
build_base base

M=$TMP/m.json
cat >"$M" <<EOF
{
  "schema": 1,
  "image": {
    "name": "lock-base-test",
    "base": "localhost/base:1",
    "spark_version": "3.5.1",
    "scala_version": "2.12",
    "jars_dir": "/opt/spark/jars",
    "user": "spark"
  },
  "repository": "$JB_MIRROR_URL/maven2",
  "jars": [
    { "name": "alpha", "maven": "org.example:alpha:1.0",
      "sha256": "$(sha "$d/alpha-1.0.jar")", "size": $(wc -c <"$d/alpha-1.0.jar" | tr -d ' '),
      "purpose": "test JAR" }
  ]
}
EOF
cp "$M" "$TMP/orig.json"
lock() { "$JARBAKE" -m "$M" lock --retries 0 "$@"; }

# 1. Recorded after "jars", two-space indentation, one JAR a line.
expect_exit 0 lock --base "$TMP/base.tar"
head -n -2 "$TMP/orig.json" >"$TMP/want.json"
cat >>"$TMP/want.json" <<EOF
  ],
  "base_jars": [
    { "file": "avro-1.11.2.jar", "sha256": "$(sha "$jars/avro-1.11.2.jar")" },
    { "file": "spark-core_2.12-3.5.1.jar", "sha256": "$(sha "$jars/spark-core_2.12-3.5.1.jar")" }
  ]
}
EOF
cmp "$TMP/want.json" "$M" || { diff "$TMP/want.json" "$M" >&2; fail "base_jars differ"; }
expect_grep "2 JARs of the base image recorded" "$TMP/out"

# 2. The same base again, as an OCI archive: nothing changes.
ino=$(stat -c %i "$M")
expect_exit 0 lock --base "$TMP/base.oci.tar"
expect_grep "is up to date" "$TMP/out"
[ "$(stat -c %i "$M")" = "$ino" ] || fail "the same base rewrote the manifest"

# 3. A new base (avro bumped): only the list's lines change.
rm "$jars/avro-1.11.2.jar"
python3 "$JB_LIB/mkjar.py" "$jars/avro-1.11.3.jar" org.apache.avro avro 1.11.3 org.apache.avro.Schema
build_base base2
cp "$M" "$TMP/before.json"
expect_exit 0 lock --base "$TMP/base2.tar"
[ "$(diff "$TMP/before.json" "$M" | grep -c '^[<>]')" = 2 ] ||
	{ diff "$TMP/before.json" "$M" >&2; fail "a new base is not a two-line diff"; }
expect_grep "{ \"file\": \"avro-1.11.3.jar\", \"sha256\": \"$(sha "$jars/avro-1.11.3.jar")\" }," "$M"

# 4. Unreadable or malformed images: exit 2, untouched, before any download.
cp "$M" "$TMP/before.json"
expect_exit 2 lock --base "$TMP/missing.tar"
head -c 3000 "$TMP/base.tar" >"$TMP/truncated.tar"
expect_exit 2 lock --base "$TMP/truncated.tar"
expect_exit 2 lock --ref x
cmp -s "$TMP/before.json" "$M" || fail "a failed --base changed the manifest"
:
