#!/bin/sh
# One list of environment variables, doc/env.list: the README's
# "Environment" table, the man page's ENVIRONMENT section and
# 'jarbake --help' name exactly its variables, and every getenv("X") in
# src/ is in it.
. "$(dirname "$0")/../lib.sh"
cd "$ROOT"
sed -e '/^#/d' -e 's/|.*//' doc/env.list | sort -u >"$TMP/list"
[ "$(wc -l <"$TMP/list")" -ge 10 ] || fail "doc/env.list is nearly empty"

# README: the backquoted names in the first column of the table
awk '/^### Environment$/ {on=1; next} on && /^##/ {exit} on && /^\| `/' README.md |
	cut -d'|' -f2 | grep -o '`[A-Z_]*`' | tr -d '`' | sort -u >"$TMP/readme"
diff -u "$TMP/list" "$TMP/readme" >&2 || fail "README's Environment table differs from doc/env.list"

# man page: the .B/.BR tags of ENVIRONMENT
awk '/^\.SH ENVIRONMENT/ {on=1; next} on && /^\.SH/ {exit} on && prev == ".TP" {sub(/^\.BR? /, ""); print} {prev=$0}' doc/jarbake.1 |
	grep -o '[A-Z][A-Z_]*[A-Z]' | sort -u >"$TMP/man"
diff -u "$TMP/list" "$TMP/man" >&2 || fail "jarbake.1's ENVIRONMENT differs from doc/env.list"

# jarbake --help: the environment paragraph
"$JARBAKE" --help | awk '/^environment/ {on=1} on && /^$/ {exit} on' |
	sed 's/^environment (see jarbake(1)): //' | grep -o '[A-Z][A-Z_]*[A-Z]' |
	sort -u >"$TMP/help"
diff -u "$TMP/list" "$TMP/help" >&2 || fail "'jarbake --help' environment differs from doc/env.list"

# every variable the code reads
grep -rhoE 'getenv\("[A-Za-z_]+"\)' src | sed 's/getenv("\(.*\)")/\1/' | sort -u >"$TMP/code"
missing=$(comm -23 "$TMP/code" "$TMP/list")
[ -z "$missing" ] || fail "read by src/ but not in doc/env.list: $missing"

# the man page no longer says the CA variables add certificates
grep -qi 'extra CA' doc/jarbake.1 && fail "jarbake.1 still says the CA variables add CAs"
echo "env-docs: $(wc -l <"$TMP/list") variables, README, man page, --help and src/ agree"
