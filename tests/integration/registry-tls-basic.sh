#!/bin/sh
# jarbake verify docker:// against docker-registry with TLS (a test CA made
# with openssl, never in the system store) and htpasswd basic auth.
# Without the CA: exit 3 (TLS verified, never skipped). Without
# credentials: exit 3 naming where it looked. Credentials from
# $DOCKER_CONFIG/config.json ("auth"), REGISTRY_AUTH_FILE
# (username/password), $XDG_RUNTIME_DIR/containers/auth.json, a
# credHelpers docker-credential helper and credsStore; a wrong password
# is exit 3 naming its origin. The password never appears in the output.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source=tests/registry/lib.sh
. "$ROOT/tests/registry/lib.sh"
need docker-registry skopeo htpasswd openssl python3

reg_fixtures
reg_ca "$TMP/tls"
PASS='s3cret-Pa55'
htpasswd -Bbn alice "$PASS" >"$TMP/htpasswd" 2>/dev/null || skip "htpasswd failed"
REG_TLS_CERT=$TMP/tls/server.pem REG_TLS_KEY=$TMP/tls/server.key
reg_start tls "auth:
  htpasswd:
    realm: jarbake-test
    path: $TMP/htpasswd"
R=127.0.0.1:$REG_PORT
M=$FX/jarbake.json
CA=$TMP/tls/ca.pem
v() { "$JARBAKE" -m "$M" verify --retries 0 "$@"; }
no_secret() {
	if grep -qF "$PASS" "$TMP/out" "$TMP/err"; then fail "the password was printed"; fi
	if grep -qF "$(printf 'alice:%s' "$PASS" | base64)" "$TMP/out" "$TMP/err"; then
		fail "the base64 credentials were printed"
	fi
}

mkdir -p "$TMP/certs.d"
cp "$CA" "$TMP/certs.d/ca.crt"
reg_push "oci-archive:$FX/oci-gzip.tar" "$R/fx/good:1" \
	--dest-cert-dir "$TMP/certs.d" --dest-creds "alice:$PASS"

# 1. TLS is verified: the test CA is unknown to the system.
expect_exit 3 v "docker://$R/fx/good:1"
expect_grep "cannot verify the TLS certificate" "$TMP/err"

# 2. With the CA but no credentials: exit 3, saying where it looked.
expect_exit 3 v --cacert "$CA" "docker://$R/fx/good:1"
expect_grep "$R asks for a user name and password (Basic): no credentials for $R in '$XDG_RUNTIME_DIR/containers/auth.json', '$HOME/.config/containers/auth.json', '$HOME/.docker/config.json'" "$TMP/err"

# 3. $DOCKER_CONFIG/config.json, "auth" = base64(user:password); CA by
#    SSL_CERT_FILE (curl's default bundle replaced, as curl does).
mkdir -p "$TMP/docker"
printf '{"auths": {"%s": {"auth": "%s"}}}\n' "$R" "$(printf 'alice:%s' "$PASS" | base64)" >"$TMP/docker/config.json"
DOCKER_CONFIG=$TMP/docker expect_exit 0 v --cacert "$CA" "docker://$R/fx/good:1"
expect_grep "verified: 1 ok" "$TMP/out"
no_secret
DOCKER_CONFIG=$TMP/docker SSL_CERT_FILE=$CA expect_exit 0 v "docker://$R/fx/good:1"
# A URL key ("https://HOST/v1/"), as docker login writes for some hosts.
printf '{"auths": {"https://%s/v1/": {"auth": "%s"}}}\n' "$R" "$(printf 'alice:%s' "$PASS" | base64)" >"$TMP/docker/config.json"
DOCKER_CONFIG=$TMP/docker expect_exit 0 v --cacert "$CA" "docker://$R/fx/good:1"

# 4. A wrong password: exit 3 naming the file the credentials came from.
printf '{"auths": {"%s": {"auth": "%s"}}}\n' "$R" "$(printf 'alice:wrong' | base64)" >"$TMP/docker/config.json"
DOCKER_CONFIG=$TMP/docker expect_exit 3 v --cacert "$CA" "docker://$R/fx/good:1"
expect_grep "$R refused access to" "$TMP/err"
expect_grep "(HTTP 401): tried Basic with the credentials from '$TMP/docker/config.json' (auths \"$R\")" "$TMP/err"
if grep -qF wrong "$TMP/err"; then fail "the wrong password was printed"; fi
# A malformed credential file: exit 2 naming it.
echo '{"auths": ' >"$TMP/docker/config.json"
DOCKER_CONFIG=$TMP/docker expect_exit 2 v --cacert "$CA" "docker://$R/fx/good:1"
expect_grep "$TMP/docker/config.json:" "$TMP/err"
rm -r "$TMP/docker"

# 5. REGISTRY_AUTH_FILE with username/password (podman's auth.json form).
printf '{"auths": {"%s": {"username": "alice", "password": "%s"}}}\n' "$R" "$PASS" >"$TMP/auth.json"
REGISTRY_AUTH_FILE=$TMP/auth.json expect_exit 0 v --cacert "$CA" "docker://$R/fx/good:1"
no_secret

# 6. $XDG_RUNTIME_DIR/containers/auth.json, keyed by HOST/NAMESPACE.
mkdir -p "$XDG_RUNTIME_DIR/containers"
printf '{"auths": {"%s/fx": {"auth": "%s"}}}\n' "$R" "$(printf 'alice:%s' "$PASS" | base64)" >"$XDG_RUNTIME_DIR/containers/auth.json"
expect_exit 0 v --cacert "$CA" "docker://$R/fx/good:1"
rm "$XDG_RUNTIME_DIR/containers/auth.json"

# 7. credHelpers and credsStore: a real docker-credential-NAME program on
#    PATH, speaking the protocol (get, the server on stdin, JSON out).
mkdir -p "$TMP/bin" "$TMP/docker"
cat >"$TMP/bin/docker-credential-jbtest" <<SH
#!/bin/sh
[ "\$1" = get ] || exit 1
read -r server
echo "\$server" >>"$TMP/helper.log"
if [ "\$server" = "$R" ]; then
	printf '{"ServerURL":"%s","Username":"alice","Secret":"%s"}\n' "\$server" "$PASS"
else
	echo "credentials not found in native keychain"
	exit 1
fi
SH
chmod +x "$TMP/bin/docker-credential-jbtest"
printf '{"auths": {}, "credHelpers": {"%s": "jbtest"}}\n' "$R" >"$TMP/docker/config.json"
PATH=$TMP/bin:$PATH DOCKER_CONFIG=$TMP/docker expect_exit 0 v --cacert "$CA" "docker://$R/fx/good:1"
no_secret
expect_grep "$R" "$TMP/helper.log"
printf '{"credsStore": "jbtest"}\n' >"$TMP/docker/config.json"
PATH=$TMP/bin:$PATH DOCKER_CONFIG=$TMP/docker expect_exit 0 v --cacert "$CA" "docker://$R/fx/good:1"
# A helper that is not installed: exit 2 naming it.
printf '{"credHelpers": {"%s": "absent-helper"}}\n' "$R" >"$TMP/docker/config.json"
DOCKER_CONFIG=$TMP/docker expect_exit 2 v --cacert "$CA" "docker://$R/fx/good:1"
expect_grep "docker-credential-absent-helper" "$TMP/err"
echo "ok: registry with TLS and basic auth"
