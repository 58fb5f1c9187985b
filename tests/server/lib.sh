# Helpers for tests/integration/fetch*.sh; source after tests/lib.sh.
# Builds real JARs in $TMP/repo (Maven layout) and serves them on loopback.
SERVER_DIR=$ROOT/tests/server
REPO=$TMP/repo
mkdir -p "$REPO"
export JARBAKE_CACHE="$TMP/cache"
unset JARBAKE_MIRROR JARBAKE_MANIFEST http_proxy https_proxy HTTPS_PROXY \
	ALL_PROXY all_proxy 2>/dev/null || true

# make_jar GROUP ARTIFACT VERSION [mkjar options]: the JAR in the repo.
make_jar() {
	g=$1 a=$2 v=$3
	shift 3
	d=$REPO/$(printf %s "$g" | tr . /)/$a/$v
	mkdir -p "$d"
	python3 "$SERVER_DIR/mkjar.py" "$d/$a-$v.jar" "$g" "$a" "$v" "$@"
	printf '%s\n' "$d/$a-$v.jar"
}

# start_server NAME [jarserver options]: sets PORT; stopped on exit.
start_server() {
	name=$1
	shift
	rm -f "$TMP/$name.port"
	python3 "$SERVER_DIR/jarserver.py" --root "$REPO" \
		--port-file "$TMP/$name.port" --log "$TMP/$name.log" "$@" \
		>"$TMP/$name.out" 2>&1 &
	pid=$!
	at_exit "kill $pid 2>/dev/null || true"
	i=0
	while [ ! -s "$TMP/$name.port" ]; do
		i=$((i + 1))
		[ "$i" -le 100 ] || fail "server $name did not start: $(cat "$TMP/$name.out")"
		kill -0 "$pid" 2>/dev/null || fail "server $name died: $(cat "$TMP/$name.out")"
		sleep 0.1
	done
	PORT=$(cat "$TMP/$name.port")
	eval "${name}_pid=$pid"
}

# manifest OUT REPOSITORY SPEC...: see mkmanifest.py.
manifest() {
	out=$1 repo=$2
	shift 2
	python3 "$SERVER_DIR/mkmanifest.py" "$out" --repository "$repo" \
		--root "$REPO" "$@"
}

# dir_is DIR FILE...: DIR holds exactly these files (and nothing else).
dir_is() {
	dir=$1
	shift
	want=$(printf '%s\n' "$@" | sort)
	got=$(ls -A "$dir" | sort)
	[ "$want" = "$got" ] || fail "'$dir' holds [$got], expected [$want]"
}

# same_file A B: byte-identical.
same_file() { cmp -s "$1" "$2" || fail "'$1' differs from '$2'"; }

# cache_clean: no temporary file and no entry that does not match its name.
cache_clean() {
	c=${1:-$JARBAKE_CACHE}
	[ -d "$c" ] || return 0
	for f in $(find "$c/sha256" -type f 2>/dev/null); do
		[ "$(sha256sum <"$f" | cut -d' ' -f1)" = "$(basename "$f")" ] ||
			fail "cache entry '$f' does not match its name"
	done
}

# no_tmp DIR: no temporary file of ours is left in DIR.
no_tmp() {
	left=$(ls -A "$1" | grep -E '^\..*\.jarbake-tmp$' || true)
	[ -z "$left" ] || fail "temporary files left in '$1': $left"
}

# only_right DIR NAME=FILE...: every visible file in DIR is one of NAME,
# identical to its FILE (a subset may be missing; nothing partial, nothing
# else). no_tmp checks the hidden temporaries.
only_right() {
	dir=$1
	shift
	for f in "$dir"/*; do
		[ -e "$f" ] || continue
		ok=""
		for pair in "$@"; do
			if [ "$(basename "$f")" = "${pair%%=*}" ]; then
				same_file "$f" "${pair#*=}"
				ok=1
			fi
		done
		[ -n "$ok" ] || fail "unexpected '$f' in '$dir'"
	done
}
