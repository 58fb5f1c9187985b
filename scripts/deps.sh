#!/bin/sh
# Installs the Debian packages that building, testing and the demo need,
# when they are missing. Runs as root (CI) or through sudo when available.
# --build: only what building jarbake needs (the GitHub Action's install).
set -eu

packages="build-essential pkg-config
libcurl4-openssl-dev libssl-dev libjansson-dev libarchive-dev libyaml-dev
libisal-dev zlib1g-dev libzstd-dev libcmocka-dev
python3 openssl curl ca-certificates zstd gzip tar diffutils isal
buildah crun nginx libcommons-io-java libcommons-lang3-java libcommons-cli-java
valgrind time clang-format clang libclang-rt-dev ripgrep
zsh fish debhelper dpkg-dev fakeroot pre-commit git python3-yaml python3-jsonschema
docker.io podman skopeo docker-registry apache2-utils
default-jdk-headless unzip"

if [ "${1:-}" = --build ]; then
	packages="build-essential pkg-config libcurl4-openssl-dev libssl-dev
libjansson-dev libarchive-dev libyaml-dev libisal-dev zlib1g-dev ca-certificates"
fi

missing=""
for p in $packages; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
	sudo=""
elif command -v sudo >/dev/null 2>&1; then
	sudo="sudo"
else
	echo "jarbake: missing packages:$missing (run this script as root)" >&2
	exit 2
fi
echo "deps: installing$missing" >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq >/dev/null
# shellcheck disable=SC2086
$sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
