#!/bin/sh
# The real manifest's OpenMetadata agent reference against a loopback Maven
# repository (through --mirror): with a JAR at the Maven path its
# coordinates give, lock pins it; without it, lock exits 3 naming the
# coordinates and the URL it tried, and leaves the manifest untouched. A url
# JAR's 404 names its version and URL.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
JB_LIB=$ROOT/scripts/lib
# shellcheck source=scripts/lib/common.sh
. "$JB_LIB/common.sh"
command -v python3 >/dev/null 2>&1 || fail "python3 is not installed"
export JARBAKE_CACHE=$TMP/cache
unset JARBAKE_MIRROR JARBAKE_MANIFEST

www=$TMP/www
mkdir -p "$www/maven2"
jb_mirror_start "$www" "$TMP/www.log" || fail "cannot start the loopback server"
at_exit jb_mirror_stop
URL=$JB_MIRROR_URL

M=$TMP/akko-spark.json
cp "$ROOT/manifests/akko-spark.json" "$M"
coords=$(python3 -c 'import json,sys; print([j["maven"] for j in json.load(open(sys.argv[1]))["jars"] if j["name"] == "openmetadata-spark-agent"][0])' "$M")
[ "$coords" = "org.open-metadata:openmetadata-spark-agent:1.0-spark_3.5" ] ||
	fail "the manifest pins '$coords' for the OpenMetadata agent"
path=org/open-metadata/openmetadata-spark-agent/1.0-spark_3.5/openmetadata-spark-agent-1.0-spark_3.5.jar
cp "$M" "$TMP/before.json"

# 1. nothing served: every Maven JAR is a 404 naming coordinates and URL
expect_exit 3 "$JARBAKE" -m "$M" lock --mirror "$URL/maven2" --retries 0
line=$(grep -n '"name": "openmetadata-spark-agent"' "$M" | cut -d: -f1)
expect_grep "akko-spark.json:$((line - 1)):5: error: 'openmetadata-spark-agent': $coords is not in the repository: '$URL/maven2/$path' answered HTTP 404" "$TMP/err"
cmp -s "$M" "$TMP/before.json" || fail "lock changed the manifest after a 404"
# the README shows this very line (with Maven Central for the mirror)
grep "^jarbake: manifests/akko-spark.json:.*is not in the repository" "$ROOT/README.md" |
	sed -e "s|manifests/akko-spark.json|$M|" -e "s|https://repo1.maven.org/maven2|$URL/maven2|" >"$TMP/readme-line"
[ -s "$TMP/readme-line" ] || fail "README lacks the 404 example"
grep -qxF -f "$TMP/readme-line" "$TMP/err" || { cat "$TMP/readme-line" "$TMP/err" >&2; fail "README's 404 example is not what lock prints"; }

# 2. the agent at that path (and the other four): lock pins it
python3 - "$M" "$www/maven2" "$JB_LIB/mkjar.py" <<'PY'
import json, os, subprocess, sys
m = json.load(open(sys.argv[1]))
for j in m["jars"]:
    g, a, v = j["maven"].split(":")
    d = os.path.join(sys.argv[2], g.replace(".", "/"), a, v)
    os.makedirs(d, exist_ok=True)
    subprocess.check_call(["python3", sys.argv[3], os.path.join(d, f"{a}-{v}.jar"),
                           g, a, v, "org.example.Main"])
PY
expect_exit 0 "$JARBAKE" -m "$M" lock --mirror "$URL/maven2" --retries 0 --force
want=$(sha256sum "$www/maven2/$path" | cut -c1-64)
python3 - "$M" "$want" <<'PY' || fail "lock did not pin the agent from its Maven path"
import json, sys
j = [j for j in json.load(open(sys.argv[1]))["jars"] if j["name"] == "openmetadata-spark-agent"][0]
assert j["sha256"] == sys.argv[2], j
PY
expect_grep "GET /maven2/$path" "$TMP/www.log"

# 3. a url JAR's 404
cat >"$TMP/url.json" <<EOF
{
  "schema": 1,
  "image": {"name": "t", "base": "apache/spark:3.5.1-python3", "spark_version": "3.5.1",
            "scala_version": "2.12", "jars_dir": "/opt/spark/jars", "user": "spark"},
  "jars": [
    {"name": "agent", "version": "1.0", "url": "$URL/releases/download/1.0/agent-1.0.jar"}
  ]
}
EOF
expect_exit 3 "$JARBAKE" -m "$TMP/url.json" lock --retries 0
expect_grep "url.json:6:5: error: 'agent': version 1.0 is not at its url: '$URL/releases/download/1.0/agent-1.0.jar' answered HTTP 404" "$TMP/err"
echo "lock-404: ok"
