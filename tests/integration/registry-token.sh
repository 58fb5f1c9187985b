#!/bin/sh
# jarbake verify docker:// through the WWW-Authenticate Bearer token flow:
# docker-registry with "auth: token:" trusting a token service of ours
# (tests/registry/tokenserver.py, RS256 JWTs with an x5c chain to a test
# CA). Anonymous tokens for public/, credentialed ones for the rest; a
# wrong password, a user whose tokens are expired and a repository the
# anonymous token does not cover are exit 3 saying what was tried. A blob
# redirected to another origin gets no Authorization header. 429 with
# Retry-After is waited for and retried; 5xx is retried, then exit 3.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source=tests/registry/lib.sh
. "$ROOT/tests/registry/lib.sh"
need docker-registry skopeo openssl python3

reg_fixtures
PASS='t0ken-Pa55'
reg_token_start "$TMP/tok" --user "alice:$PASS" --user "late:$PASS" --expired late
reg_start tok "auth:
  token:
    realm: http://127.0.0.1:$TOKEN_PORT/token
    service: jarbake-test-registry
    issuer: jarbake-test-issuer
    rootcertbundle: $TMP/tok/token-ca.pem"
R=127.0.0.1:$REG_PORT
M=$FX/jarbake.json
v() { "$JARBAKE" -m "$M" verify --retries 0 "$@"; }
creds() { # USER PASSWORD: a docker config.json for $R in $TMP/docker
	mkdir -p "$TMP/docker"
	printf '{"auths": {"%s": {"auth": "%s"}}}\n' "$R" "$(printf '%s:%s' "$1" "$2" | base64)" >"$TMP/docker/config.json"
}

reg_push "oci-archive:$FX/oci-gzip.tar" "$R/public/good:1" --dest-tls-verify=false --dest-creds "alice:$PASS"
reg_push "oci-archive:$FX/oci-gzip.tar" "$R/private/good:1" --dest-tls-verify=false --dest-creds "alice:$PASS"
grep -q "user=alice" "$TMP/tok/token.log" || fail "skopeo did not authenticate through the token server"

# 1. Anonymous token for a public repository: the realm, service and scope
#    of the challenge are used.
: >"$TMP/tok/token.log"
expect_exit 0 v "docker://$R/public/good:1"
expect_grep "verified: 1 ok" "$TMP/out"
expect_grep "token user=anonymous service=jarbake-test-registry scope=repository:public/good:pull expired=False" "$TMP/tok/token.log"

# 2. A private repository without credentials: the anonymous token has no
#    access, exit 3 saying what was tried.
expect_exit 3 v "docker://$R/private/good:1"
expect_grep "$R refused access to 'private/good:1' (HTTP 401): tried" "$TMP/err"
expect_grep "an anonymous token from 'http://127.0.0.1:$TOKEN_PORT/token'" "$TMP/err"

# 3. With credentials from $DOCKER_CONFIG: the token service gets them.
creds alice "$PASS"
: >"$TMP/tok/token.log"
DOCKER_CONFIG=$TMP/docker expect_exit 0 v "docker://$R/private/good:1"
expect_grep "token user=alice service=jarbake-test-registry scope=repository:private/good:pull" "$TMP/tok/token.log"
if grep -qF "$PASS" "$TMP/out" "$TMP/err"; then fail "the password was printed"; fi

# 4. Bad credentials: the token service refuses, exit 3.
creds alice wrong-password
DOCKER_CONFIG=$TMP/docker expect_exit 3 v "docker://$R/private/good:1"
expect_grep "the token service 'http://127.0.0.1:$TOKEN_PORT/token' of $R refused (HTTP 401): tried" "$TMP/err"
expect_grep "with the credentials from '$TMP/docker/config.json'" "$TMP/err"
if grep -qF wrong-password "$TMP/err"; then fail "the password was printed"; fi

# 5. Expired tokens: the registry refuses the token, a new one is asked
#    once, refused again: exit 3.
creds late "$PASS"
: >"$TMP/tok/token.log"
DOCKER_CONFIG=$TMP/docker expect_exit 3 v "docker://$R/private/good:1"
expect_grep "refused access to 'private/good:1' (HTTP 401)" "$TMP/err"
expect_grep "a new token again after HTTP 401" "$TMP/err"
[ "$(grep -c 'user=late.*expired=True' "$TMP/tok/token.log")" -eq 2 ] ||
	fail "expected two expired tokens (the first and one renewal): $(cat "$TMP/tok/token.log")"

# 6. Blobs redirected to another origin (127.0.0.2): the manifest request
#    carries the bearer token, the storage host never sees it.
reg_front_start redir "$REG_PORT" --redirect-blobs
creds alice "$PASS"
sed "s/$R/127.0.0.1:$FRONT_PORT/" "$TMP/docker/config.json" >"$TMP/docker/c2" && mv "$TMP/docker/c2" "$TMP/docker/config.json"
DOCKER_CONFIG=$TMP/docker expect_exit 0 v "docker://127.0.0.1:$FRONT_PORT/private/good:1"
expect_grep "/v2/private/good/manifests/1 200 auth=yes" "$TMP/redir.log"
grep -q "storage GET .* auth=no" "$TMP/redir.log" || fail "no blob came from the storage host: $(cat "$TMP/redir.log")"
if grep -q "storage GET .* auth=yes" "$TMP/redir.log"; then
	fail "the Authorization header followed a redirect to another host"
fi

# 7. 429 with Retry-After: 1 on the first two manifest requests: waited
#    for (at least 1 s apart) and retried.
reg_front_start busy "$REG_PORT" --fail-status 429 --fail-count 2 --retry-after 1
"$JARBAKE" -m "$M" verify --retries 3 "docker://127.0.0.1:$FRONT_PORT/public/good:1" >"$TMP/out" 2>"$TMP/err" ||
	{ cat "$TMP/err" >&2; fail "verify did not get through two 429s"; }
python3 - "$TMP/busy.log" <<'PY' || fail "Retry-After was not honoured: $(cat "$TMP/busy.log")"
import sys
t = [float(l.split()[0]) for l in open(sys.argv[1]) if "/manifests/" in l]
assert len(t) == 3, t
assert t[1] - t[0] >= 0.95 and t[2] - t[1] >= 0.95, t
PY

# 8. 503 on every manifest request: retried, then exit 3.
reg_front_start down "$REG_PORT" --fail-status 503 --fail-count -1
expect_exit 3 "$JARBAKE" -m "$M" verify --retries 2 "docker://127.0.0.1:$FRONT_PORT/public/good:1"
expect_grep "answered HTTP 503 (gave up after 3 tries)" "$TMP/err"
[ "$(grep -c '/manifests/.* 503' "$TMP/down.log")" -eq 3 ] || fail "expected 3 tries: $(cat "$TMP/down.log")"
echo "ok: registry with the bearer token flow"
