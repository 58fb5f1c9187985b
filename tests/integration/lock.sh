#!/bin/sh
# jarbake lock against a loopback Maven repository of real JARs (with .sha1
# sidecars) and a url JAR: pins unpinned JARs giving the exact expected text
# (keys inserted in each object's layout); a second run changes nothing;
# --set bumps of a Maven and a url JAR change only the version, sha256 and
# size lines; bad --set is exit 2; an artifact changed in place is exit 1
# (untouched) unless --force; a bad .sha1 is exit 1; network down is exit 3
# (untouched); --dry-run writes nothing.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
JB_LIB=$ROOT/scripts/lib
# shellcheck source=scripts/lib/common.sh
. "$JB_LIB/common.sh"

command -v python3 >/dev/null 2>&1 || fail "python3 is not installed"
JARBAKE_CACHE=$TMP/cache
export JARBAKE_CACHE
unset JARBAKE_MIRROR JARBAKE_MANIFEST

www=$TMP/www
mkjar() { # GROUP ARTIFACT VERSION CLASS: a Maven JAR and its .sha1
	d=$www/maven2/$(echo "$1" | tr . /)/$2/$3
	mkdir -p "$d"
	python3 "$JB_LIB/mkjar.py" "$d/$2-$3.jar" "$@"
	sha1sum "$d/$2-$3.jar" | cut -c1-40 >"$d/$2-$3.jar.sha1"
}
mkagent() { # VERSION: the url JAR
	d=$www/releases/download/$1
	mkdir -p "$d"
	python3 "$JB_LIB/mkjar.py" "$d/agent-$1.jar" io.example agent "$1" \
		io.example.agent.Agent
}
mkjar org.example alpha 1.0 org.example.alpha.Alpha
mkjar org.example alpha 1.1 org.example.alpha.Alpha org.example.alpha.New
mkjar org.example beta_2.12 2.1 org.example.beta.Beta
mkagent 0.9
mkagent 1.0
jb_mirror_start "$www" "$TMP/www.log" || fail "cannot start the loopback server"
at_exit jb_mirror_stop
URL=$JB_MIRROR_URL

sha() { sha256sum "$1" | cut -c1-64; }
size() { wc -c <"$1" | tr -d ' '; }
alpha10=$www/maven2/org/example/alpha/1.0/alpha-1.0.jar
alpha11=$www/maven2/org/example/alpha/1.1/alpha-1.1.jar
beta=$www/maven2/org/example/beta_2.12/2.1/beta_2.12-2.1.jar
agent09=$www/releases/download/0.9/agent-0.9.jar
agent10=$www/releases/download/1.0/agent-1.0.jar

# Three layouts: one member per line, several per line, a url JAR.
M=$TMP/m.json
head_json() {
	cat <<EOF
{
  "schema": 1,
  "image": {
    "name": "lock-test",
    "base": "apache/spark:3.5.1-python3",
    "spark_version": "3.5.1",
    "scala_version": "2.12",
    "jars_dir": "/opt/spark/jars",
    "user": "spark"
  },
  "repository": "$URL/maven2",
  "jars": [
EOF
}
{
	head_json
	cat <<EOF
    {
      "name": "alpha",
      "maven": "org.example:alpha:1.0",
      "purpose": "test JAR"
    },
    { "name": "beta", "maven": "org.example:beta_2.12:2.1",
      "purpose": "test JAR, several keys a line" },
    { "name": "agent", "version": "0.9",
      "url": "$URL/releases/download/0.9/agent-0.9.jar",
      "file": "agent.jar", "purpose": "test url JAR" }
  ]
}
EOF
} >"$M"
cp "$M" "$TMP/orig.json"
lock() { "$JARBAKE" -m "$M" lock --retries 0 "$@"; }
# diff_count OLD NEW REMOVED ADDED: the exact size of the change.
diff_count() {
	r=$(diff "$1" "$2" | grep -c '^<' || :)
	a=$(diff "$1" "$2" | grep -c '^>' || :)
	[ "$r" = "$3" ] && [ "$a" = "$4" ] ||
		{ diff "$1" "$2" >&2 || :; fail "diff is -$r +$a lines, expected -$3 +$4"; }
}

# 1. Pin everything: only insertions, in the siblings' layout.
expect_exit 0 lock
{
	head_json
	cat <<EOF
    {
      "name": "alpha",
      "maven": "org.example:alpha:1.0",
      "sha256": "$(sha "$alpha10")",
      "size": $(size "$alpha10"),
      "purpose": "test JAR"
    },
    { "name": "beta", "maven": "org.example:beta_2.12:2.1",
      "sha256": "$(sha "$beta")",
      "size": $(size "$beta"),
      "purpose": "test JAR, several keys a line" },
    { "name": "agent", "version": "0.9",
      "url": "$URL/releases/download/0.9/agent-0.9.jar",
      "file": "agent.jar", "sha256": "$(sha "$agent09")", "size": $(size "$agent09"), "purpose": "test url JAR" }
  ]
}
EOF
} >"$TMP/want.json"
cmp "$TMP/want.json" "$M" || { diff "$TMP/want.json" "$M" >&2; fail "pinned manifest differs"; }
diff_count "$TMP/orig.json" "$M" 1 5 # the url JAR's line, 2 + 2 new lines
expect_grep "updated '$M'" "$TMP/out"
expect_grep "3 pinned" "$TMP/out"
[ "$(stat -c %a "$M")" = 644 ] || fail "the manifest's mode changed"

# 2. Again: up to date, not rewritten (same inode).
ino=$(stat -c %i "$M")
expect_exit 0 lock
expect_grep "is up to date" "$TMP/out"
cmp -s "$TMP/want.json" "$M" || fail "a second lock changed the manifest"
[ "$(stat -c %i "$M")" = "$ino" ] || fail "a second lock rewrote the manifest"

# 3. Bump a Maven JAR: the coordinates, sha256 and size lines, nothing else.
cp "$M" "$TMP/before.json"
chmod 0640 "$M"
expect_exit 0 lock --set alpha=1.1
diff_count "$TMP/before.json" "$M" 3 3
expect_grep '"maven": "org.example:alpha:1.1",' "$M"
expect_grep "\"sha256\": \"$(sha "$alpha11")\"," "$M"
expect_grep "bumped    alpha 1.0 -> 1.1" "$TMP/out"
[ "$(stat -c %a "$M")" = 640 ] || fail "the manifest's mode was not kept"
chmod 0644 "$M"

# 4. Bump the url JAR: version and url (file has no version), sha256, size.
cp "$M" "$TMP/before.json"
expect_exit 0 lock --set agent=1.0
diff_count "$TMP/before.json" "$M" 3 3
expect_grep "{ \"name\": \"agent\", \"version\": \"1.0\"," "$M"
expect_grep "\"url\": \"$URL/releases/download/1.0/agent-1.0.jar\"," "$M"
expect_grep "\"file\": \"agent.jar\", \"sha256\": \"$(sha "$agent10")\", \"size\": $(size "$agent10")," "$M"

# 5. Invalid --set: exit 2, nothing downloaded or written.
cp "$M" "$TMP/before.json"
expect_exit 2 lock --set nope=1.0
expect_grep "no JAR named 'nope'" "$TMP/err"
expect_exit 2 lock --set alpha
expect_exit 2 lock --set =1.0
expect_exit 2 lock --set alpha=1/2
expect_exit 2 lock --set alpha=1.1 --set alpha=1.0
expect_exit 2 lock --bogus
cmp -s "$TMP/before.json" "$M" || fail "a refused --set changed the manifest"

# 6. --dry-run reports and writes nothing.
expect_exit 0 lock --set alpha=1.0 --dry-run
expect_grep "would update" "$TMP/out"
cmp -s "$TMP/before.json" "$M" || fail "--dry-run wrote the manifest"

# 7. The repository changes beta 2.1 in place: refused loudly, untouched.
old=$(sha "$beta")
python3 "$JB_LIB/mkjar.py" "$beta" org.example beta_2.12 2.1 \
	org.example.beta.Beta org.example.beta.Injected
sha1sum "$beta" | cut -c1-40 >"$beta.sha1"
new=$(sha "$beta")
expect_exit 1 lock
for s in "'beta' 2.1" "$old" "$new" \
	"the repository changed the artifact in place: an attack or an accident; re-run with --force if intended"; do
	expect_grep "$s" "$TMP/err"
done
cmp -s "$TMP/before.json" "$M" || fail "a changed artifact reached the manifest"

# 8. --force accepts it: the sha256 and size lines of beta.
expect_exit 0 lock --force
diff_count "$TMP/before.json" "$M" 2 2
expect_grep "\"sha256\": \"$new\"," "$M"
expect_grep "repinned  beta 2.1" "$TMP/out"

# 9. The repository's checksum file disagrees with the JAR: exit 1, untouched.
cp "$M" "$TMP/before.json"
cp "$beta.sha1" "$TMP/beta.sha1"
echo 0000000000000000000000000000000000000000 >"$beta.sha1"
expect_exit 1 lock
cmp -s "$TMP/before.json" "$M" || fail "a JAR failing its .sha1 reached the manifest"
cp "$TMP/beta.sha1" "$beta.sha1"

# 10. Network down (the server is gone): exit 3, untouched, even with --set.
cp "$M" "$TMP/before.json"
jb_mirror_stop
expect_exit 3 lock
# every JAR that could not be downloaded is named, not only the first
for name in alpha beta agent; do
	grep -q "'$name'" "$TMP/err" || { cat "$TMP/err" >&2; fail "JAR '$name' not named"; }
done
expect_exit 3 lock --set alpha=1.0
cmp -s "$TMP/before.json" "$M" || fail "a failed lock changed the manifest"
ls -a "$TMP" | grep -q '^\.m\.json\|m\.json\.tmp' && fail "a temporary file was left beside the manifest"
:
