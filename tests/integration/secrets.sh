#!/bin/sh
# No secret from a URL, ~/.netrc or a registry config reaches any output
# (#11 item 7): user-info in --mirror or JARBAKE_MIRROR is stripped from
# every message (errors, --json, lock's messages), never lands in the
# rewritten manifest, and a password from .netrc or $DOCKER_CONFIG is never
# printed, on success or failure.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/server/lib.sh"

A=$(make_jar org.example alpha 1.0 --size 20000)
start_server repo
M=$TMP/m.json
manifest "$M" "http://127.0.0.1:$PORT/ok" a=org.example:alpha:1.0
cp "$M" "$TMP/unpinned.json"
python3 - "$TMP/unpinned.json" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
for j in m["jars"]:
    j.pop("sha256", None)
    j.pop("size", None)
json.dump(m, open(sys.argv[1], "w"), indent=2)
PY

# no_secret WORD: WORD is in none of stdout, stderr and the files named.
no_secret() {
	word=$1
	shift
	for f in "$TMP/out" "$TMP/err" "$@"; do
		if grep -q -- "$word" "$f"; then
			cat "$f" >&2
			fail "'$word' printed in $f"
		fi
	done
}

mkdir -p "$TMP/home"
# --- a mirror that refuses: the error names the URL without user-info
expect_exit 3 env HOME="$TMP/home" "$JARBAKE" -m "$M" fetch -o "$TMP/j" \
	--mirror "http://user:TOKEN1@127.0.0.1:$PORT/notfound" --retries 1
expect_grep "http://127.0.0.1:$PORT/notfound" "$TMP/err"
no_secret TOKEN1
expect_exit 3 env HOME="$TMP/home" "$JARBAKE" -m "$M" fetch -o "$TMP/j" \
	--mirror "http://user:TOKEN2@127.0.0.1:$PORT/notfound" --retries 1 --json
no_secret TOKEN2
python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$TMP/out" ||
	fail "--json is not JSON"
expect_exit 3 env HOME="$TMP/home" \
	JARBAKE_MIRROR="https://user:TOKEN3@127.0.0.1:$PORT/notfound" \
	"$JARBAKE" -m "$M" fetch -o "$TMP/j" --retries 1
no_secret TOKEN3
# a refused plain-http mirror: the usage error is redacted too
expect_exit 2 "$JARBAKE" -m "$M" fetch -o "$TMP/j" \
	--mirror "http://user:TOKEN4@mirror.example.invalid/m"
expect_grep "'http://mirror.example.invalid/m'" "$TMP/err"
no_secret TOKEN4

# --- a redirect to a signed URL that fails: its query values are masked
for fmt in "" --json; do
	expect_exit 3 env HOME="$TMP/home" "$JARBAKE" -m "$M" fetch -o "$TMP/j" \
		--mirror "http://127.0.0.1:$PORT/signed" --retries 1 $fmt
	no_secret SIGNEDSECRET
	no_secret AKIASIGNEDCRED
done
expect_grep "X-Amz-Signature=*" "$TMP/out"

# --- credentials that work (user-info in the mirror): quiet about them
expect_exit 0 env HOME="$TMP/home" "$JARBAKE" -m "$M" fetch -o "$TMP/j" \
	--mirror "http://jar:secret@127.0.0.1:$PORT/auth"
same_file "$TMP/j/alpha-1.0.jar" "$A"
no_secret secret

# --- lock: errors, messages and the rewritten manifest
cp "$TMP/unpinned.json" "$TMP/l.json"
expect_exit 3 env HOME="$TMP/home" "$JARBAKE" -m "$TMP/l.json" lock \
	--mirror "http://user:TOKEN5@127.0.0.1:$PORT/notfound" --retries 1
no_secret TOKEN5 "$TMP/l.json"
expect_exit 0 env HOME="$TMP/home" "$JARBAKE" -m "$TMP/l.json" lock \
	--mirror "http://jar:secret@127.0.0.1:$PORT/auth"
expect_grep "pinned" "$TMP/out"
no_secret secret "$TMP/l.json"

# --- ~/.netrc: a wrong password is refused without being printed
printf 'machine 127.0.0.1\nlogin jar\npassword NETRCSECRET\n' >"$TMP/home/.netrc"
chmod 600 "$TMP/home/.netrc"
expect_exit 3 env HOME="$TMP/home" JARBAKE_CACHE="$TMP/c2" "$JARBAKE" -m "$M" fetch -o "$TMP/j2" \
	--mirror "http://127.0.0.1:$PORT/auth" --retries 1
expect_grep "HTTP 401" "$TMP/err"
no_secret NETRCSECRET

# --- a registry config: its auth is never printed (nothing listens there)
mkdir -p "$TMP/docker"
auth=$(printf 'robot:CFGSECRET' | base64)
printf '{"auths": {"127.0.0.1:1": {"auth": "%s"}}}\n' "$auth" >"$TMP/docker/config.json"
set +e
DOCKER_CONFIG=$TMP/docker "$JARBAKE" -m "$M" verify --format json \
	docker://127.0.0.1:1/akko/spark:1 >"$TMP/out" 2>"$TMP/err"
rc=$?
set -e
[ "$rc" -ne 0 ] || fail "verify of a registry nobody serves passed"
no_secret CFGSECRET
no_secret "$auth"

# --- a manifest whose url carries credentials: its errors are redacted too
cat >"$TMP/cred.json" <<'JSON'
{"schema": 1,
 "image": {"name": "t", "base": "scratch", "spark_version": "3.5.1",
           "scala_version": "2.12", "jars_dir": "/opt/spark/jars", "user": "spark"},
 "jars": [{"name": "a", "version": "1.0", "url": "http://me:MANIFESTSECRET@repo.example.org/a.jar",
           "sha256": "0000000000000000000000000000000000000000000000000000000000000000"}]}
JSON
expect_exit 2 "$JARBAKE" -m "$TMP/cred.json" fetch -o "$TMP/j3"
expect_grep "'http://repo.example.org/a.jar' uses plain http" "$TMP/err"
no_secret MANIFESTSECRET
