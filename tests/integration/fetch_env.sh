#!/bin/sh
# The environment a CI gives: a proxy from http_proxy, credentials for a
# private mirror from ~/.netrc, a mirror from JARBAKE_MIRROR.
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/server/lib.sh"

A=$(make_jar org.example alpha 1.0 --size 50000)
start_server repo
REPO_PORT=$PORT
start_server proxy
PROXY_PORT=$PORT
M=$TMP/m.json
OUT=$TMP/jars
manifest "$M" "http://127.0.0.1:$REPO_PORT/ok" a=org.example:alpha:1.0

# --- http_proxy: every request goes through the proxy
expect_exit 0 env http_proxy="http://127.0.0.1:$PROXY_PORT" no_proxy= NO_PROXY= \
	"$JARBAKE" -m "$M" fetch -o "$OUT"
same_file "$OUT/alpha-1.0.jar" "$A"
expect_grep "GET proxied /ok/org/example/alpha/1.0/alpha-1.0.jar range=- status=200" "$TMP/proxy.log"
[ ! -e "$TMP/repo.log" ] || fail "bypassed the proxy"

# --- no_proxy wins
rm -rf "$OUT" "$JARBAKE_CACHE"
expect_exit 0 env http_proxy="http://127.0.0.1:$PROXY_PORT" no_proxy=127.0.0.1 \
	"$JARBAKE" -m "$M" fetch -o "$OUT"
expect_grep "GET /ok/org/example/alpha/1.0/alpha-1.0.jar range=- status=200" "$TMP/repo.log"

# --- a mirror that wants credentials: 401 without ~/.netrc, fine with it
rm -rf "$OUT" "$JARBAKE_CACHE"
mkdir -p "$TMP/home"
expect_exit 3 env HOME="$TMP/home" "$JARBAKE" -m "$M" fetch -o "$OUT" \
	--mirror "http://127.0.0.1:$REPO_PORT/auth" --retries 1 --retry-delay 10
expect_grep "HTTP 401" "$TMP/err"
dir_is "$OUT"
printf 'machine 127.0.0.1\nlogin jar\npassword secret\n' >"$TMP/home/.netrc"
chmod 600 "$TMP/home/.netrc"
expect_exit 0 env HOME="$TMP/home" JARBAKE_MIRROR="http://127.0.0.1:$REPO_PORT/auth" \
	"$JARBAKE" -m "$M" fetch -o "$OUT"
same_file "$OUT/alpha-1.0.jar" "$A"
expect_grep "GET /auth/org/example/alpha/1.0/alpha-1.0.jar range=- status=200" "$TMP/repo.log"
# --mirror wins over JARBAKE_MIRROR
rm -rf "$OUT" "$JARBAKE_CACHE"
expect_exit 0 env JARBAKE_MIRROR=http://127.0.0.1:9/nothing \
	"$JARBAKE" -m "$M" fetch -o "$OUT" --mirror "http://127.0.0.1:$REPO_PORT/ok"
same_file "$OUT/alpha-1.0.jar" "$A"
echo "fetch_env: passed"
