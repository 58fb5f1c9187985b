#!/bin/sh
# The layers of src/, checked with grep (run by 'make check'):
# 1. a folder includes only its own headers and those of the folders below
#    it, in this order (lint/scan is part of lint):
#        core  net  manifest  jar  image  fetch  lint  verify  out  cli  main.c
#    so there is no import circle between folders;
# 2. only src/cli/, src/out/ and src/main.c print to stdout or stderr;
#    core/xalloc.c holds the one fatal exit (xdie: out of memory);
# 3. each library has its one wrapper (and its loader, *_lib.c, for the
#    two loaded when first used): libarchive in image/tar_reader.c,
#    curl in net/http.c, OpenSSL in core/digest.c, libyaml in the YAML
#    scanner, ISA-L in core/inflate.c, zlib nowhere; jansson in the JSON
#    readers (manifest, image config, lint's JSON scanner, registry
#    credential files and token answers) and out/json.c.
# Exit 0 when all hold, 1 with every violation listed.
cd "$(dirname "$0")/.." || exit 2
order="core net manifest jar image fetch lint verify out cli main"
rank() {
	i=0
	for f in $order; do
		[ "$f" = "$1" ] && { echo "$i"; return; }
		i=$((i + 1))
	done
	echo 99
}
folder() { # src/lint/scan/x.c -> lint; src/main.c -> main
	f=${1#src/}
	case $f in
	*/*) echo "${f%%/*}" ;;
	*) echo main ;;
	esac
}
bad=0
for src in $(find src -name '*.[ch]' | sort); do
	from=$(folder "$src")
	rf=$(rank "$from")
	for inc in $(sed -n 's/^#include "\([^"]*\)".*/\1/p' "$src"); do
		to=${inc%%/*}
		[ "$to" = "$inc" ] && continue # same folder, no path
		rt=$(rank "$to")
		if [ "$rt" -gt "$rf" ]; then
			echo "$src: includes $inc: $from must not depend on $to"
			bad=1
		fi
	done
done

# Printing to the terminal: fprintf/fputs/putc/fwrite on stdout or stderr,
# printf, puts, putchar, perror.
print_re='(fprintf|fputs|fputc|putc|fwrite|vfprintf)[[:space:]]*\(.*(stdout|stderr)|(^|[^a-z_])(printf|puts|putchar|perror|vprintf)[[:space:]]*\('
for src in $(find src -name '*.c' | sort); do
	case $src in
	src/cli/* | src/out/* | src/main.c | src/core/xalloc.c) continue ;;
	esac
	grep -nE "$print_re" "$src" | grep -v '^[0-9]*:[[:space:]]*/\?\*' |
		sed "s|^|$src:|;s|$| (modules never print)|" | grep . && bad=1
done

# One wrapper per library.
lib() { # HEADER-REGEX ALLOWED-FILES...
	re=$1
	shift
	for src in $(grep -rlE "^#include <($re)" src | sort); do
		ok=0
		for a in "$@"; do
			[ "$src" = "$a" ] && ok=1
		done
		[ "$ok" -eq 1 ] || { echo "$src: includes <$re>: not its library's wrapper"; bad=1; }
	done
}
lib 'archive\.h|archive_entry\.h' src/image/tar_reader.c src/image/archive_lib.c
lib 'curl/' src/net/http.c src/net/curl_lib.c
lib 'openssl/' src/core/digest.c
lib 'yaml\.h' src/lint/scan/scan_yaml.c
lib 'isa-l|igzip' src/core/inflate.c
lib 'zlib\.h'
lib 'jansson\.h' src/manifest/manifest.c src/image/image_json.c \
	src/lint/scan/scan_json.c src/net/credential.c src/out/json.c
exit $bad
