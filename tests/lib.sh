# Shared helpers for tests/integration/*.sh; source it.
# Each test gets a private scratch directory, removed on exit.
set -eu
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
JARBAKE=${JARBAKE:-$ROOT/jarbake}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/jarbake-test.XXXXXX")
cleanup_hooks=""
on_exit() { eval "$cleanup_hooks"; rm -rf "$TMP"; }
trap on_exit EXIT INT TERM
at_exit() { cleanup_hooks="$1; $cleanup_hooks"; }

fail() { echo "FAIL: $*" >&2; exit 1; }

# expect_exit CODE CMD...: runs CMD, stdout to $TMP/out, stderr to $TMP/err.
expect_exit() {
	want=$1
	shift
	set +e
	"$@" >"$TMP/out" 2>"$TMP/err"
	got=$?
	set -e
	if [ "$got" -ne "$want" ]; then
		echo "--- stdout" >&2; cat "$TMP/out" >&2
		echo "--- stderr" >&2; cat "$TMP/err" >&2
		fail "'$*' exited $got, expected $want"
	fi
}

# expect_grep PATTERN FILE: FILE must contain the fixed string PATTERN.
expect_grep() {
	grep -qF -- "$1" "$2" || { cat "$2" >&2; fail "'$2' lacks '$1'"; }
}
