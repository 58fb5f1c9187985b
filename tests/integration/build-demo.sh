#!/bin/sh
# scripts/demo.sh (make demo) when this machine's Debian ships other JARs than
# manifests/demo.json pins: one JAR at another version, one rebuilt with other
# bytes. The demo must notice, re-pin a temporary copy with 'jarbake lock'
# from its loopback mirror, pass every step, leave the committed manifest
# untouched, and leave nothing behind (temp dir, server). CI's 'make demo'
# covers the case where the pins match.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"

command -v buildah >/dev/null 2>&1 ||
	fail "buildah is not installed (scripts/deps.sh installs it); this test is never skipped"
JB_LIB=$ROOT/scripts/lib
# shellcheck source=scripts/lib/common.sh
. "$JB_LIB/common.sh"
jb_debian_jars || fail "the Debian JARs the demo serves are missing"
src=/usr/share/maven-repo

# A Maven repository like Debian's, but "another release": commons-lang3 as
# is, commons-cli moved to 1.5.1, commons-io 2.11.0 rebuilt (same classes,
# other zip bytes).
repo=$TMP/repo
mkdir -p "$repo/org/apache/commons" "$repo/commons-cli/commons-cli/1.5.1" \
	"$repo/commons-io/commons-io/2.11.0"
cp -rL "$src/org/apache/commons/commons-lang3" "$repo/org/apache/commons/"
# rezip IN OUT [OLD NEW]: IN's entries into OUT (stored, so other bytes),
# with version OLD replaced by NEW in its pom.properties.
rezip() {
	python3 - "$@" <<'EOF' || fail "cannot rewrite '$1'"
import sys, zipfile
src, dst = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(src) as a, zipfile.ZipFile(dst, "w", zipfile.ZIP_STORED) as b:
    for i in a.infolist():
        data = a.read(i)
        if len(sys.argv) > 4 and i.filename.endswith("/pom.properties"):
            data = data.replace(b"version=" + sys.argv[3].encode(),
                                b"version=" + sys.argv[4].encode())
        b.writestr(i.filename, data)
EOF
}
rezip "$src/commons-cli/commons-cli/1.5.0/commons-cli-1.5.0.jar" \
	"$repo/commons-cli/commons-cli/1.5.1/commons-cli-1.5.1.jar" 1.5.0 1.5.1
rezip "$src/commons-io/commons-io/2.11.0/commons-io-2.11.0.jar" \
	"$repo/commons-io/commons-io/2.11.0/commons-io-2.11.0.jar"

cp "$ROOT/manifests/demo.json" "$TMP/demo.json.orig"
mkdir -p "$TMP/tmpdir"
cd "$ROOT"
expect_exit 0 env TMPDIR="$TMP/tmpdir" JARBAKE_DEMO_REPO="$repo" NO_COLOR=1 \
	sh scripts/demo.sh
expect_grep "commons-cli: Debian ships version 1.5.1 here" "$TMP/out"
expect_grep "commons-io 2.11.0: Debian's JAR differs from the pin" "$TMP/out"
expect_grep "re-pinning the demo's copy: jarbake lock --force --set commons-cli=1.5.1" "$TMP/out"
expect_grep "/opt/spark/jars/commons-cli-1.5.1.jar" "$TMP/out"
expect_grep "demo: all steps passed" "$TMP/out"
cmp "$ROOT/manifests/demo.json" "$TMP/demo.json.orig" ||
	fail "the demo changed manifests/demo.json"
left=$(ls -A "$TMP/tmpdir")
[ -z "$left" ] || fail "the demo left '$left' in its TMPDIR"
if pgrep -f "serve.py $repo" >/dev/null 2>&1; then
	fail "the demo left its HTTP server running"
fi
echo "build-demo: re-pinned and passed"
