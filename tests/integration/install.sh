#!/bin/sh
# make install / make uninstall into a DESTDIR, and the shell completions:
# the binary is installed stripped, the man page and the bash, zsh and fish
# completions land where those shells look; uninstall removes all of it.
# Each completion offers exactly the options of 'jarbake CMD --help' (both
# directions), bash and fish by running their completion for real.
. "$(dirname "$0")/../lib.sh"
cd "$ROOT"

for tool in bash zsh fish readelf make; do
	command -v $tool >/dev/null 2>&1 || { echo "SKIP: $tool missing"; exit 77; }
done

D=$TMP/dest
make --no-print-directory -s install DESTDIR="$D" PREFIX=/usr BIN="$JARBAKE" >"$TMP/make.out" 2>&1 ||
	{ cat "$TMP/make.out" >&2; fail "make install failed"; }
for f in usr/bin/jarbake usr/share/man/man1/jarbake.1 \
	usr/share/bash-completion/completions/jarbake \
	usr/share/zsh/site-functions/_jarbake \
	usr/share/fish/vendor_completions.d/jarbake.fish; do
	[ -f "$D/$f" ] || fail "make install did not install /$f"
done
[ -x "$D/usr/bin/jarbake" ] || fail "installed binary is not executable"
readelf -S "$D/usr/bin/jarbake" | grep -q '\.symtab' && fail "installed binary is not stripped"
readelf -S "$JARBAKE" | grep -q '\.symtab' || fail "the build's own binary lost its symbols"
"$D/usr/bin/jarbake" --version | grep -q '^jarbake [0-9]' || fail "installed binary does not run"
# the man page renders without warnings
if command -v man >/dev/null 2>&1; then
	LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l "$D/usr/share/man/man1/jarbake.1" >/dev/null 2>"$TMP/man.err"
	[ ! -s "$TMP/man.err" ] || { cat "$TMP/man.err" >&2; fail "man page warnings"; }
fi

# INSTALL_STRIP= (what debian/rules passes, so dh_strip decides) keeps symbols
D2=$TMP/dest2
make --no-print-directory -s install DESTDIR="$D2" PREFIX=/usr BIN="$JARBAKE" INSTALL_STRIP= >/dev/null 2>&1 ||
	fail "make install INSTALL_STRIP= failed"
readelf -S "$D2/usr/bin/jarbake" | grep -q '\.symtab' || fail "INSTALL_STRIP= still stripped"

make --no-print-directory -s uninstall DESTDIR="$D" PREFIX=/usr >/dev/null 2>&1 || fail "make uninstall failed"
left=$(find "$D" -type f)
[ -z "$left" ] || fail "make uninstall left: $left"

# The options each command's --help lists (short and long), one a line.
help_options() {
	"$JARBAKE" "$1" --help |
		sed -n 's/^ \{2,\}\(-[A-Za-z0-9]\)\{0,1\},\{0,1\} *\(--[a-z][a-z-]*\).*/\1 \2/p' |
		tr ' ' '\n' | sed '/^$/d' | sort -u
}

BASHC=contrib/completions/jarbake.bash
ZSHC=contrib/completions/_jarbake
FISHC=contrib/completions/jarbake.fish
cmds="fetch dockerfile lint verify lock diff"

bash_complete() { # WORDS... (the last one is completed)
	bash -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _jarbake; printf "%s\n" "${COMPREPLY[@]}"' \
		sh "$BASHC" "$@"
}
fish_complete() { # LINE
	fish -c "source $FISHC; complete -C'$1'" | cut -f1
}

for c in $cmds; do
	help_options "$c" >"$TMP/help.$c"
	[ -s "$TMP/help.$c" ] || fail "no options parsed from 'jarbake $c --help'"
	bash_complete jarbake "$c" - | sort -u >"$TMP/bash.$c"
	diff -u "$TMP/help.$c" "$TMP/bash.$c" >&2 || fail "bash completion of '$c' differs from its --help"
	fish_complete "jarbake $c -" | sort -u >"$TMP/fish.$c"
	diff -u "$TMP/help.$c" "$TMP/fish.$c" >&2 || fail "fish completion of '$c' differs from its --help"
	# zsh: the options in the _arguments specs of the command's block
	awk -v c="$c" '$0 ~ "^\t\t" c "\\)$" {on=1; next} on && /;;/ {on=0} on' "$ZSHC" >"$TMP/zsh.$c.block"
	# the shared arrays a block names: $net, $out
	for arr in net out; do
		grep -q "\\\$$arr" "$TMP/zsh.$c.block" &&
			awk -v a="$arr" '$0 ~ "^\t" a "=\\($" {on=1; next} on && /^\t\)$/ {on=0} on' "$ZSHC" >>"$TMP/zsh.$c.block"
	done
	grep -o -- "--[a-z][a-z-]*\|'-[A-Za-z]\|[{,]-[A-Za-z]" "$TMP/zsh.$c.block" | tr -d "'{," >"$TMP/zsh.$c.raw"
	# common options: -m/--manifest and -h/--help
	printf '%s\n' -m --manifest -h --help >>"$TMP/zsh.$c.raw"
	sort -u "$TMP/zsh.$c.raw" >"$TMP/zsh.$c"
	diff -u "$TMP/help.$c" "$TMP/zsh.$c" >&2 || fail "zsh completion of '$c' differs from its --help"
done

# commands (in the order of 'jarbake --help', plus help)
"$JARBAKE" --help | sed -n 's/^  \([a-z][a-z]*\)  .*/\1/p' | sort >"$TMP/cmds"
grep -qx help "$TMP/cmds" || fail "'jarbake --help' does not list 'help'"
bash_complete jarbake "" | sort >"$TMP/bash.cmds"
diff -u "$TMP/cmds" "$TMP/bash.cmds" >&2 || fail "bash completion's commands differ from --help"
fish_complete "jarbake " | sort >"$TMP/fish.cmds"
diff -u "$TMP/cmds" "$TMP/fish.cmds" >&2 || fail "fish completion's commands differ from --help"

# values: formats, the command after -m FILE, --opt=value
[ "$(bash_complete jarbake lint --format s)" = sarif ] || fail "bash: lint --format s"
[ "$(bash_complete jarbake lint --format = gi)" = github ] || fail "bash: lint --format=gi"
[ "$(bash_complete jarbake -m x.json ve)" = verify ] || fail "bash: -m FILE ve"
[ "$(bash_complete jarbake help li)" = lint ] || fail "bash: help li"
mkdir "$TMP/d" && touch "$TMP/d/image.tar"
[ "$(bash_complete jarbake verify "$TMP/d/im")" = "$TMP/d/image.tar" ] || fail "bash: verify IMAGE file"
[ "$(fish_complete "jarbake lint --format s")" = sarif ] || fail "fish: lint --format s"

# zsh loads it through compinit from its fpath
got=$(zsh -fc "fpath=($ROOT/contrib/completions \$fpath); autoload -U compinit; compinit -u -d $TMP/zcompdump; print -r -- \$_comps[jarbake]")
[ "$got" = _jarbake ] || fail "zsh: compinit does not bind _jarbake (got '$got')"
echo "install and completions: ok"
