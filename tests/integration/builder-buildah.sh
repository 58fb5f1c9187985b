#!/bin/sh
# scripts/build-images.sh with buildah on the store its user configured (a
# storage.conf of this test's own, overlay, through CONTAINERS_STORAGE_CONF,
# as /etc/containers/storage.conf would be): a base from 'buildah pull' and
# one from 'podman load' are both found (the issue's "image not known");
# --check-reproducible passes (buildah --timestamp); a store that cannot
# start falls back to vfs and says so; BUILDAH_FLAGS still overrides;
# --push to a loopback docker-registry, verified from the registry.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source=tests/integration/builder-lib.sh.in
. "$(dirname "$0")/builder-lib.sh.in"

bt_base_tar
bt_project
bt_storage_conf overlay
buildah pull -q "docker-archive:$TMP/base.tar" >/dev/null ||
	fail "buildah pull of the base into the configured store failed"

# 1. The configured store: the pulled base is found; the whole pipeline.
bt_build 0 --builder buildah
expect_grep "build-images: builder buildah (--builder buildah)" "$TMP/out"
expect_grep "buildah storage: overlay at $TMP/storage (the configured store" "$TMP/out"
expect_grep "reproducible layers: yes (buildah --timestamp 315532800" "$TMP/out"
expect_grep "build-images: test-image built and verified" "$TMP/out"
bt_check_labels "$P/out/image.tar"
[ ! -d "$TMP/storage/vfs" ] || fail "buildah wrote a vfs store beside the configured overlay one"

# 2. A base loaded with 'podman load' (same store) is found too.
if command -v podman >/dev/null 2>&1; then
	buildah rmi --force "$BASE" localhost/test-image:ci >/dev/null 2>&1 || :
	podman load -i "$TMP/base.tar" >/dev/null || fail "podman load failed"
	bt_build 0 --builder buildah --only build
	expect_grep "<== build ok" "$TMP/out"
else
	fail "podman is not installed (scripts/deps.sh installs it)"
fi

# 3. Two builds, the second with --no-cache, give the same image ID.
bt_build 0 --builder buildah --only build --check-reproducible
expect_grep "reproducible: two builds gave the same image ID" "$TMP/out"

# 4. --push to a loopback registry, then verify what the registry serves.
bt_registry_start
bt_build 0 --builder buildah --from build --push "$REG/akko/test-image:ci"
expect_grep "is a loopback registry that speaks plain HTTP" "$TMP/out"
expect_grep "build-images: pushed $REG/akko/test-image@sha256:" "$TMP/out"
expect_grep "<== push ok" "$TMP/out"
bt_registry_verified builder-buildah

# 5. BUILDAH_FLAGS overrides the configured store (a private vfs one, empty:
# the base is not there, and the failure says where to load it).
BUILDAH_FLAGS="--storage-driver vfs --root $TMP/private/root --runroot $TMP/private/run" \
	BUILDAH_BUD_FLAGS=--pull=never bt_build 3 --builder buildah --only build
expect_grep "buildah storage: BUILDAH_FLAGS='--storage-driver vfs --root $TMP/private/root" "$TMP/out"
expect_grep "cause: the base image is not in buildah's image store" "$TMP/err"
expect_grep "fix: 'buildah pull BASE' (or 'podman load')" "$TMP/err"
buildah --storage-driver vfs --root "$TMP/private/root" --runroot "$TMP/private/run" \
	rmi --all --force >/dev/null 2>&1 || :

# 6. A configured store that cannot start here (btrfs on this file
# system): vfs, said so; the base must then be loaded into that store.
sed 's/^driver = .*/driver = "btrfs"/' "$TMP/storage.conf" >"$TMP/btrfs.conf"
sed -i "s|$TMP/storage\"|$TMP/btrfs-store\"|" "$TMP/btrfs.conf"
export CONTAINERS_STORAGE_CONF="$TMP/btrfs.conf"
if CONTAINERS_STORAGE_CONF=$TMP/btrfs.conf buildah info >/dev/null 2>&1; then
	echo "builder-buildah: SKIP part 6: btrfs works here, no store that fails to start"
else
	buildah --storage-driver vfs pull -q "docker-archive:$TMP/base.tar" >/dev/null ||
		fail "cannot pull the base into the vfs store"
	bt_build 0 --builder buildah --only build
	expect_grep "buildah storage: the configured store cannot start here (" "$TMP/out"
	expect_grep "not on a btrfs filesystem" "$TMP/out"
	expect_grep "falling back to vfs at $TMP/btrfs-store" "$TMP/out"
	buildah --storage-driver vfs rmi --all --force >/dev/null 2>&1 || :
fi
export CONTAINERS_STORAGE_CONF="$TMP/storage.conf"
echo "builder-buildah: configured store, podman load, reproducible, --push, vfs fallback passed"
