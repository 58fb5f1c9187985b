#!/bin/sh
# The command line around the commands: manifest selection, help, install.
. "$(dirname "$0")/../lib.sh"

cp "$ROOT/manifests/akko-spark.json" "$TMP/m.json"
sed 's/"name": "akko-spark"/"name": "other"/' "$ROOT/manifests/akko-spark.json" >"$TMP/other.json"

# -m before the command, after it, and JARBAKE_MANIFEST: -m wins over env.
cd "$TMP"
expect_exit 2 "$JARBAKE" dockerfile -o -
expect_grep "cannot open manifest 'manifests/akko-spark.json'" "$TMP/err"
JARBAKE_MANIFEST=other.json expect_exit 0 "$JARBAKE" dockerfile -o -
expect_grep 'org.opencontainers.image.title="other"' "$TMP/out"
JARBAKE_MANIFEST=other.json expect_exit 0 "$JARBAKE" -m m.json dockerfile -o -
expect_grep 'org.opencontainers.image.title="akko-spark"' "$TMP/out"
expect_exit 0 "$JARBAKE" dockerfile -m other.json -o -
expect_grep 'title="other"' "$TMP/out"

# The default output path and --check on it.
expect_exit 0 "$JARBAKE" -m other.json dockerfile
[ -f dockerfiles/other.Dockerfile ] || fail "dockerfiles/other.Dockerfile not written"
expect_exit 0 "$JARBAKE" -m other.json dockerfile --check
[ -z "$(ls dockerfiles | grep -v '^other.Dockerfile$')" ] || fail "temporary file left"

# Writing is deterministic: the same manifest, the same bytes.
"$JARBAKE" -m m.json dockerfile -o a.Dockerfile
"$JARBAKE" -m m.json dockerfile -o b.Dockerfile
cmp a.Dockerfile b.Dockerfile || fail "two runs differ"

# Help and version go to stdout with status 0; every command has --help.
for cmd in fetch dockerfile lint verify lock; do
	expect_exit 0 "$JARBAKE" "$cmd" --help
	expect_grep "usage: jarbake $cmd" "$TMP/out"
done
expect_exit 0 "$JARBAKE" --help
expect_grep "dockerfile" "$TMP/out"
expect_exit 0 "$JARBAKE" -V
expect_grep "jarbake " "$TMP/out"

# A full disk is an I/O error, never success.
if [ -w /dev/full ]; then
	expect_exit 3 sh -c "\"$JARBAKE\" -m m.json dockerfile -o - >/dev/full"
	expect_grep "cannot write to standard output" "$TMP/err"
fi

# -o never replaces what is not a regular file: a device or a FIFO is
# written in place, a symbolic link keeps pointing at its (new) target.
mkdir "$TMP/out-kinds"
cd "$TMP/out-kinds"
"$JARBAKE" -m "$TMP/m.json" dockerfile -o - >"$TMP/want.Dockerfile"
if mknod null c 1 3 2>/dev/null; then
	expect_exit 0 "$JARBAKE" -m "$TMP/m.json" dockerfile -o null
	[ -c null ] || fail "-o replaced a character device with a file"
fi
mkfifo fifo
cat fifo >fifo.out &
reader=$!
expect_exit 0 "$JARBAKE" -m "$TMP/m.json" dockerfile -o fifo
wait "$reader"
[ -p fifo ] || fail "-o replaced a FIFO"
cmp -s fifo.out "$TMP/want.Dockerfile" || fail "the FIFO's reader did not get the Dockerfile"
echo old >target
ln -s target link
expect_exit 0 "$JARBAKE" -m "$TMP/m.json" dockerfile -o link
[ -L link ] || fail "-o replaced a symbolic link"
cmp -s target "$TMP/want.Dockerfile" || fail "the link's target was not written"
mkdir dir.Dockerfile
expect_exit 3 "$JARBAKE" -m "$TMP/m.json" dockerfile -o dir.Dockerfile
cd "$TMP"

# No colour when not a terminal or with NO_COLOR.
expect_exit 2 "$JARBAKE" -m nothere.json dockerfile
if grep -q "$(printf '\033')" "$TMP/err"; then fail "colour on a pipe"; fi

# Names that quote input never reach the terminal with control bytes: a
# file name with an escape sequence is printed with '?' instead.
mkdir "$TMP/esc"
printf 'spark.jars /x.jar\n' >"$TMP/esc/$(printf 'evil\033[2Jname.conf')" # jarbake: allow runtime-jars -- test input
expect_exit 1 "$JARBAKE" lint "$TMP/esc"
grep -q "$(printf '\033')" "$TMP/out" && fail "an escape sequence reached the output"
expect_grep "evil?[2Jname.conf:1:1: error:" "$TMP/out"

# libcurl and libarchive are loaded when first used: lint and dockerfile
# never map them (the dynamic loader says which objects it loads).
LD_DEBUG=files "$JARBAKE" lint "$TMP/esc" >/dev/null 2>"$TMP/ld.log" || true
grep -q 'file=libjansson' "$TMP/ld.log" || fail "LD_DEBUG=files shows no library at all"
grep -E 'file=lib(curl|archive)' "$TMP/ld.log" && fail "lint loaded libcurl or libarchive"
LD_DEBUG=files "$JARBAKE" -m m.json dockerfile -o - >/dev/null 2>"$TMP/ld.log"
grep -E 'file=lib(curl|archive)' "$TMP/ld.log" && fail "dockerfile loaded libcurl or libarchive"

# make install puts the binary and the man page under DESTDIR.
make -C "$ROOT" --no-print-directory -s install DESTDIR="$TMP/dest" PREFIX=/usr >/dev/null
[ -x "$TMP/dest/usr/bin/jarbake" ] || fail "binary not installed"
[ -f "$TMP/dest/usr/share/man/man1/jarbake.1" ] || fail "man page not installed"
if command -v man >/dev/null 2>&1; then
	MANWIDTH=80 man -l "$TMP/dest/usr/share/man/man1/jarbake.1" 2>&1 | grep -q "EXIT STATUS" \
		|| fail "man page does not render"
fi
echo "cli: ok"
