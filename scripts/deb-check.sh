#!/bin/sh
# CI stage: build the Debian package from a clean copy of the tree
# (dpkg-buildpackage -us -uc -b), install it with apt-get, and run the
# installed /usr/bin/jarbake: --version, lint on the repository, and the
# demo (fetch, dockerfile, build, verify) with JARBAKE=/usr/bin/jarbake.
# Needs root (apt-get install) and the packages of scripts/deps.sh.
# JARBAKE_DEB_KEEP=1 leaves the package installed; by default it is purged.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
W=$(mktemp -d "${TMPDIR:-/tmp}/jarbake-deb.XXXXXX")
installed=""
cleanup() {
	if [ -n "$installed" ] && [ -z "${JARBAKE_DEB_KEEP:-}" ]; then
		apt-get purge -y -qq jarbake >/dev/null 2>&1 || :
	fi
	rm -rf "$W"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
fail() { echo "deb-check: FAIL: $*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || fail "run as root (it installs the package)"
if dpkg-query -W -f='${Status}' jarbake 2>/dev/null | grep -q 'ok installed'; then
	fail "a jarbake package is already installed; remove it first"
fi

# A clean copy of what git tracks (plus uncommitted edits), so the build
# never touches the working tree's build/ and ./jarbake.
mkdir "$W/src"
(cd "$ROOT" && git ls-files -z --cached --others --exclude-standard |
	xargs -0 tar -cf - --no-recursion) | tar -xf - -C "$W/src"

version=$(sed -n 's/^VERSION := //p' "$ROOT/Makefile")
debver=$(cd "$W/src" && dpkg-parsechangelog -S Version)
[ "$version" = "$debver" ] ||
	fail "debian/changelog says $debver, the Makefile's VERSION is $version"

echo "deb-check: dpkg-buildpackage -us -uc -b"
(cd "$W/src" && dpkg-buildpackage -us -uc -b -j2) >"$W/build.log" 2>&1 ||
	{ tail -40 "$W/build.log" >&2; fail "dpkg-buildpackage failed"; }
deb=$(ls "$W"/jarbake_"$version"_*.deb)
echo "deb-check: built $(basename "$deb") ($(stat -c %s "$deb") bytes)"
dpkg-deb -c "$deb" | awk '{print $6}' | sort >"$W/contents"
for f in ./usr/bin/jarbake ./usr/share/man/man1/jarbake.1.gz \
	./usr/share/bash-completion/completions/jarbake \
	./usr/share/zsh/vendor-completions/_jarbake \
	./usr/share/fish/vendor_completions.d/jarbake.fish; do
	grep -qxF "$f" "$W/contents" || fail "the package lacks $f"
done
dpkg-deb -f "$deb" Depends | grep -q 'libcurl4' || fail "Depends lacks libcurl4 (loaded when first used, named in debian/control)"
dpkg-deb -f "$deb" Depends | grep -q 'libarchive13' || fail "Depends lacks libarchive13"
dpkg-deb -f "$deb" Depends | grep -q 'libjansson4' || fail "Depends lacks the linked libraries (shlibs)"

# Installed the way the GitHub Action does with its 'deb' input (which runs
# apt-get install on it), then the Action's lint steps on the repository.
installed=1
cp "$deb" "$W/src/"
python3 "$ROOT/tests/action/run_action.py" "$ROOT" "$W/src" "$W/action.log" \
	deb="$(basename "$deb")" >"$W/install.log" 2>&1 ||
	{ cat "$W/install.log" "$W/action.log" >&2; fail "the Action with deb=$(basename "$deb") failed"; }
grep -qxF "output findings=0" "$W/action.log" || { cat "$W/action.log" >&2; fail "the Action's lint found something"; }
dpkg-query -W -f='${Status}' jarbake 2>/dev/null | grep -q 'ok installed' ||
	fail "the Action's install step did not install the package"
echo "deb-check: installed by the Action's install step (deb input); its lint steps passed"
JB=/usr/bin/jarbake
readelf -S "$JB" | grep -q '\.symtab' && fail "the installed binary is not stripped"

out=$("$JB" --version)
[ "$out" = "jarbake $version" ] || fail "'jarbake --version' says '$out'"
echo "deb-check: $out"
(cd "$ROOT" && "$JB" lint .) || fail "installed jarbake: lint of the repository failed"
echo "deb-check: installed jarbake lint . ok"
JARBAKE=$JB "$ROOT/scripts/demo.sh" >"$W/demo.log" 2>&1 ||
	{ tail -40 "$W/demo.log" >&2; fail "the demo with the installed jarbake failed"; }
grep -q "<== verify ok" "$W/demo.log" || fail "the demo's verify stage did not pass"
grep -q "verify rejected the tampered copy" "$W/demo.log" ||
	fail "the demo's tampered image was not rejected"
echo "deb-check: the demo (fetch, dockerfile, build, verify) passed with $JB"
echo "deb-check: ok"
