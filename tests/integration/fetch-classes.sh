#!/bin/sh
# fetch warns (jar/classes: classes_check_dir, printed by cli) when two of
# the manifest's JARs provide a same class with other bytes, and stays
# quiet about it with -q and --json; exit 0 either way.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/server/lib.sh"

# Same artifact, two versions: the same class names, other bytes.
make_jar org.example lib 1.0 --size 6000 >/dev/null
make_jar org.example lib 2.0 --size 6000 >/dev/null
make_jar org.example other 1.0 --size 6000 >/dev/null
M=$TMP/m.json
manifest "$M" "file://$REPO" old=org.example:lib:1.0 new=org.example:lib:2.0 \
	other=org.example:other:1.0
expect_exit 0 "$JARBAKE" -m "$M" fetch -o "$TMP/j"
expect_grep "$TMP/j/lib-1.0.jar: warning: " "$TMP/err"
expect_grep "[class-conflict]" "$TMP/err"
[ "$(grep -c 'class-conflict' "$TMP/err")" -eq 1 ] || fail "other.jar conflicts: $(cat "$TMP/err")"
expect_exit 0 "$JARBAKE" -m "$M" fetch -o "$TMP/j" -q
[ ! -s "$TMP/err" ] || fail "-q printed: $(cat "$TMP/err")"
expect_exit 0 "$JARBAKE" -m "$M" fetch -o "$TMP/j" --json
grep -q "class-conflict" "$TMP/err" && fail "--json warned on stderr"
exit 0
