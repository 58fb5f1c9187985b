#!/bin/sh
# HTTPS: a self-signed loopback server is refused without --cacert and
# accepted with it (or SSL_CERT_FILE / CURL_CA_BUNDLE); an https -> http
# redirect is refused; plain http to a non-loopback mirror is refused.
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/server/lib.sh"
command -v openssl >/dev/null || { echo "openssl missing" >&2; exit 77; }

A=$(make_jar org.example alpha 1.0 --size 100000)
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1 \
	-addext "subjectAltName=IP:127.0.0.1" \
	-keyout "$TMP/key.pem" -out "$TMP/cert.pem" >/dev/null 2>&1 ||
	fail "openssl req"
start_server plain
HTTP_PORT=$PORT
start_server tls --cert "$TMP/cert.pem" --key "$TMP/key.pem" \
	--redirect-base "http://127.0.0.1:$HTTP_PORT"
M=$TMP/m.json
OUT=$TMP/jars
manifest "$M" "https://127.0.0.1:$PORT/ok" a=org.example:alpha:1.0

# unknown CA: refused, exit 3, says why, nothing placed
expect_exit 3 "$JARBAKE" -m "$M" fetch -o "$OUT" --retries 1 --retry-delay 10
expect_grep "certificate" "$TMP/err"
expect_grep "--cacert" "$TMP/err"
dir_is "$OUT"

# --cacert adds the CA: accepted
expect_exit 0 "$JARBAKE" -m "$M" fetch -o "$OUT" --cacert "$TMP/cert.pem"
same_file "$OUT/alpha-1.0.jar" "$A"
grep -q "GET /ok/org/example/alpha/1.0/alpha-1.0.jar " "$TMP/tls.log" || fail "no https request"

# the environment's CA bundle is honoured
rm -rf "$OUT" "$JARBAKE_CACHE"
expect_exit 0 env -u CURL_CA_BUNDLE SSL_CERT_FILE="$TMP/cert.pem" \
	"$JARBAKE" -m "$M" fetch -o "$OUT"
same_file "$OUT/alpha-1.0.jar" "$A"
rm -rf "$OUT" "$JARBAKE_CACHE"
expect_exit 0 env CURL_CA_BUNDLE="$TMP/cert.pem" \
	SSL_CERT_FILE=/nonexistent "$JARBAKE" -m "$M" fetch -o "$OUT"
same_file "$OUT/alpha-1.0.jar" "$A"

# a --cacert that is no certificate: usage error
echo "not a cert" >"$TMP/bad.pem"
expect_exit 2 "$JARBAKE" -m "$M" fetch -o "$OUT" --cacert "$TMP/bad.pem"
expect_grep "bad.pem" "$TMP/err"
expect_exit 2 "$JARBAKE" -m "$M" fetch -o "$OUT" --cacert "$TMP/missing.pem"
expect_grep "missing.pem" "$TMP/err"

# https -> http redirect: refused, even to loopback
rm -rf "$OUT" "$JARBAKE_CACHE"
manifest "$M" "https://127.0.0.1:$PORT/tohttp" a=org.example:alpha:1.0
expect_exit 3 "$JARBAKE" -m "$M" fetch -o "$OUT" --cacert "$TMP/cert.pem" --retries 1 --retry-delay 10
expect_grep "refusing the redirect" "$TMP/err"
dir_is "$OUT"
! grep -q "alpha-1.0.jar " "$TMP/plain.log" || fail "followed https -> http"
echo "fetch_tls: passed"
