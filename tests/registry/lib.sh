# Helpers for tests/integration/registry-*.sh; source after tests/lib.sh.
# Real services on 127.0.0.1, started here and stopped on exit: Debian's
# docker-registry (distribution 2.8) with a config of ours, and small
# python3 servers of ours (tests/registry/*.py). A service that cannot
# start makes the test print SKIP and exit 77, which the runner counts as
# a failure: never a pass.
REG_LIB=$ROOT/tests/registry
unset http_proxy https_proxy HTTPS_PROXY HTTP_PROXY ALL_PROXY all_proxy \
	DOCKER_CONFIG REGISTRY_AUTH_FILE SSL_CERT_FILE CURL_CA_BUNDLE \
	JARBAKE_MANIFEST 2>/dev/null || true
# No credential file of the machine's user is ever read.
HOME=$TMP/home
XDG_RUNTIME_DIR=$TMP/run
mkdir -p "$HOME" "$XDG_RUNTIME_DIR"
export HOME XDG_RUNTIME_DIR

skip() {
	echo "SKIP: $*"
	exit 77
}

need() {
	for t in "$@"; do
		command -v "$t" >/dev/null 2>&1 ||
			skip "'$t' is not installed (scripts/deps.sh installs it)"
	done
}

reg_free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# reg_wait_port PORT PID LOG WHAT: until PORT accepts connections.
reg_wait_port() {
	i=0
	until python3 -c "import socket,sys; socket.create_connection(('127.0.0.1', $1), 1)" 2>/dev/null; do
		i=$((i + 1))
		kill -0 "$2" 2>/dev/null || skip "$4 did not start: $(tail -5 "$3")"
		[ "$i" -le 100 ] || skip "$4 did not listen on 127.0.0.1:$1 within 10 s: $(tail -5 "$3")"
		sleep 0.1
	done
}

# reg_start NAME [YAML]: docker-registry with filesystem storage in
# $TMP/NAME/data, extra top-level YAML (auth:) appended, TLS when
# REG_TLS_CERT and REG_TLS_KEY are set. Sets REG_PORT and REG_DATA.
reg_start() {
	name=$1
	dir=$TMP/$name
	mkdir -p "$dir/data"
	REG_PORT=$(reg_free_port)
	REG_DATA=$dir/data
	{
		printf 'version: 0.1\nlog:\n  level: error\n'
		printf 'storage:\n  filesystem:\n    rootdirectory: %s\n' "$dir/data"
		printf '  delete:\n    enabled: true\n'
		printf 'http:\n  addr: 127.0.0.1:%s\n  secret: jarbake-test\n' "$REG_PORT"
		if [ -n "${REG_TLS_CERT:-}" ]; then
			printf '  tls:\n    certificate: %s\n    key: %s\n' "$REG_TLS_CERT" "$REG_TLS_KEY"
		fi
		[ -z "${2:-}" ] || printf '%s\n' "$2"
	} >"$dir/config.yml"
	docker-registry serve "$dir/config.yml" >"$dir/log" 2>&1 &
	pid=$!
	at_exit "kill $pid 2>/dev/null || :"
	reg_wait_port "$REG_PORT" "$pid" "$dir/log" "docker-registry $name"
}

# reg_ca DIR NAME...: a test CA in DIR/ca.pem and a server certificate
# DIR/server.pem (key DIR/server.key) for 127.0.0.1, localhost and NAMEs.
reg_ca() {
	d=$1
	shift
	mkdir -p "$d"
	san="IP:127.0.0.1,DNS:localhost"
	for n in "$@"; do san="$san,DNS:$n"; done
	openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=jarbake test CA" \
		-keyout "$d/ca.key" -out "$d/ca.pem" \
		-addext "basicConstraints=critical,CA:TRUE" \
		-addext "keyUsage=critical,keyCertSign,cRLSign" >/dev/null 2>&1 ||
		skip "openssl cannot make a test CA"
	openssl req -newkey rsa:2048 -nodes -subj "/CN=127.0.0.1" \
		-keyout "$d/server.key" -out "$d/server.csr" >/dev/null 2>&1
	printf 'subjectAltName=%s\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' "$san" >"$d/ext.cnf"
	openssl x509 -req -in "$d/server.csr" -CA "$d/ca.pem" -CAkey "$d/ca.key" \
		-CAcreateserial -days 2 -extfile "$d/ext.cnf" -out "$d/server.pem" >/dev/null 2>&1 ||
		skip "openssl cannot sign a test certificate"
}

# reg_push SRC DEST [skopeo options]: skopeo copy to docker://DEST.
reg_push() {
	src=$1 dest=$2
	shift 2
	skopeo copy --quiet "$@" "$src" "docker://$dest" >"$TMP/push.log" 2>&1 ||
		{ cat "$TMP/push.log" >&2; fail "skopeo copy $src to $dest failed"; }
}

# reg_fixtures: the image fixtures of tests/fixtures/mkimage.py in $TMP/fx.
reg_fixtures() {
	python3 "$ROOT/tests/fixtures/mkimage.py" "$TMP/fx" >/dev/null ||
		fail "mkimage.py failed"
	FX=$TMP/fx
}

# reg_blob_path DIGEST: the blob's data file in the registry's storage.
reg_blob_path() {
	hex=${1#sha256:}
	printf '%s/docker/registry/v2/blobs/sha256/%s/%s/data\n' "$REG_DATA" "$(printf %s "$hex" | cut -c1-2)" "$hex"
}

# reg_token_start DIR [tokenserver.py options]: a token service on loopback
# signing with a certificate of a CA in DIR/token-ca.pem. Sets TOKEN_PORT.
reg_token_start() {
	d=$1
	shift
	mkdir -p "$d"
	openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=jarbake token CA" \
		-keyout "$d/token-ca.key" -out "$d/token-ca.pem" \
		-addext "basicConstraints=critical,CA:TRUE" \
		-addext "keyUsage=critical,keyCertSign,digitalSignature" >/dev/null 2>&1 ||
		skip "openssl cannot make the token CA"
	openssl req -newkey rsa:2048 -nodes -subj "/CN=jarbake token signer" \
		-keyout "$d/token.key" -out "$d/token.csr" >/dev/null 2>&1
	printf 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\n' >"$d/token-ext.cnf"
	openssl x509 -req -in "$d/token.csr" -CA "$d/token-ca.pem" -CAkey "$d/token-ca.key" \
		-CAcreateserial -days 2 -extfile "$d/token-ext.cnf" -out "$d/token.pem" >/dev/null 2>&1 ||
		skip "openssl cannot sign the token certificate"
	python3 "$REG_LIB/tokenserver.py" --port-file "$d/token.port" --key "$d/token.key" \
		--cert "$d/token.pem" --issuer jarbake-test-issuer --log "$d/token.log" "$@" \
		>"$d/token.out" 2>&1 &
	pid=$!
	at_exit "kill $pid 2>/dev/null || :"
	i=0
	while [ ! -s "$d/token.port" ]; do
		i=$((i + 1))
		kill -0 "$pid" 2>/dev/null || skip "the token server did not start: $(tail -5 "$d/token.out")"
		[ "$i" -le 100 ] || skip "the token server did not start within 10 s"
		sleep 0.1
	done
	TOKEN_PORT=$(cat "$d/token.port")
}

# reg_front_start NAME UPSTREAM-PORT [front.py options]: sets FRONT_PORT;
# the log is $TMP/NAME.log.
reg_front_start() {
	name=$1 up=$2
	shift 2
	rm -f "$TMP/$name.port"
	python3 "$REG_LIB/front.py" --upstream "http://127.0.0.1:$up" \
		--port-file "$TMP/$name.port" --log "$TMP/$name.log" "$@" \
		>"$TMP/$name.out" 2>&1 &
	pid=$!
	at_exit "kill $pid 2>/dev/null || :"
	i=0
	while [ ! -s "$TMP/$name.port" ]; do
		i=$((i + 1))
		kill -0 "$pid" 2>/dev/null || skip "the front server $name did not start: $(tail -5 "$TMP/$name.out")"
		[ "$i" -le 100 ] || skip "the front server $name did not start within 10 s"
		sleep 0.1
	done
	FRONT_PORT=$(cat "$TMP/$name.port")
}

# reg_top_layer HOST:PORT REPO TAG: the digest of the image's top layer
# (Docker schema 2 or OCI manifest, over plain http).
reg_top_layer() {
	curl -fsS -H 'Accept: application/vnd.docker.distribution.manifest.v2+json' \
		-H 'Accept: application/vnd.oci.image.manifest.v1+json' \
		"http://$1/v2/$2/manifests/$3" |
		python3 -c 'import json,sys; print(json.load(sys.stdin)["layers"][-1]["digest"])' ||
		fail "no manifest for $2:$3 in the registry $1"
}
