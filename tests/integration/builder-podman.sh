#!/bin/sh
# scripts/build-images.sh with podman on the store its user configured (a
# storage.conf of this test's own, overlay, through CONTAINERS_STORAGE_CONF):
# a base loaded with 'podman load' is found; with no Docker daemon, podman
# is picked before buildah and the script says why; the image's OCI labels;
# --check-reproducible passes (podman --timestamp); --save-format
# oci-archive; a missing base fails naming cause and fix; --push to a
# loopback docker-registry, verified from the registry.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source=tests/integration/builder-lib.sh.in
. "$(dirname "$0")/builder-lib.sh.in"

command -v podman >/dev/null 2>&1 ||
	skip "podman is not installed (Debian podman; scripts/deps.sh installs it)"
bt_base_tar
bt_project
bt_storage_conf overlay
at_exit 'podman rmi --all --force >/dev/null 2>&1 || :'
podman load -i "$TMP/base.tar" >/dev/null 2>"$TMP/load.err" || {
	cat "$TMP/load.err" >&2
	skip "podman cannot load an image into an overlay store here"
}
# No Docker daemon: a socket that nothing listens on.
DOCKER_HOST=unix://$TMP/no-docker.sock
export DOCKER_HOST

# 1. Detection, the configured store, the whole pipeline.
bt_build 0
expect_grep "build-images: builder podman (" "$TMP/out"
expect_grep "podman is installed (picked before buildah)" "$TMP/out"
expect_grep "podman storage: overlay at $TMP/storage (the configured store" "$TMP/out"
expect_grep "reproducible layers: yes (podman --timestamp 315532800" "$TMP/out"
expect_grep "build-images: test-image built and verified" "$TMP/out"
bt_check_labels "$P/out/image.tar"

# 2. Two builds, the second with --no-cache, give the same image ID.
bt_build 0 --builder podman --only build --check-reproducible
expect_grep "reproducible: two builds gave the same image ID" "$TMP/out"

# 3. oci-archive, verified as such.
bt_build 0 --builder podman --from save --to verify --save-format oci-archive
tar tf "$P/out/image.tar" | grep -qx 'oci-layout' || fail "out/image.tar is not an oci-archive"
expect_grep "saved out/image.tar (oci-archive" "$TMP/out"

# 4. A base that is not in the store, with pulling off.
podman rmi "$BASE" >/dev/null 2>&1 || fail "cannot remove the base"
PODMAN_BUILD_FLAGS=--pull=never bt_build 3 --builder podman --only build
expect_grep "cause: the base image is not in podman's image store" "$TMP/err"
expect_grep "fix: 'podman pull BASE' or 'podman load -i BASE.tar'" "$TMP/err"
podman load -i "$TMP/base.tar" >/dev/null || fail "podman load failed"

# 5. --push to a loopback registry (plain HTTP allowed for it alone), then
# verify what the registry serves.
bt_registry_start
bt_build 0 --builder podman --from build --push "$REG/akko/test-image:ci"
expect_grep "127.0.0.1:${REG#*:} is a loopback registry that speaks plain HTTP" "$TMP/out"
expect_grep "build-images: pushed $REG/akko/test-image@sha256:" "$TMP/out"
expect_grep "<== push ok" "$TMP/out"
bt_registry_verified builder-podman
curl -sf "http://$REG/v2/akko/test-image/tags/list" | grep -q '"ci"' ||
	fail "the registry has no tag ci"
echo "builder-podman: configured store, detection, reproducible, oci-archive, --push passed"
