#!/bin/sh
# jarbake verify docker://: Debian's docker-registry on 127.0.0.1 over plain
# http (loopback), images pushed with skopeo, a two-platform index made with
# buildah manifest. A good image passes by tag and by digest; a missing tag
# or repository is exit 2; --platform picks an image of the index, a
# platform it lacks is exit 2 naming those it has; --all-platforms reports
# each; a layer blob altered in the registry's storage is exit 1; the
# containers-storage: and docker-daemon: transports point to skopeo.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source=tests/registry/lib.sh
. "$ROOT/tests/registry/lib.sh"
. "$ROOT/scripts/lib/common.sh"
need docker-registry skopeo buildah python3

reg_fixtures
reg_start plain
R=127.0.0.1:$REG_PORT
M=$FX/jarbake.json
v() { "$JARBAKE" -m "$M" verify --retries 0 "$@"; }

reg_push "oci-archive:$FX/oci-gzip.tar" "$R/fx/good:1" --dest-tls-verify=false
reg_push "docker-archive:$FX/docker25.tar" "$R/fx/docker:1" --dest-tls-verify=false
reg_push "oci-archive:$FX/odd-files.tar" "$R/fx/odd:1" --dest-tls-verify=false
reg_push "oci-archive:$FX/oci-zstd.tar" "$R/fx/zstd:1" --dest-tls-verify=false

# 1. A good image, by tag: OCI manifest, and Docker schema 2 (skopeo keeps
#    docker-archive images as Docker schema 2).
expect_exit 0 v "docker://$R/fx/good:1"
expect_grep "ok            /opt/spark/jars/iceberg-spark-runtime-3.5_2.12-1.5.2.jar" "$TMP/out"
expect_grep "docker://$R/fx/good:1: verified: 1 ok, 1 base" "$TMP/out"
expect_exit 0 v "docker://$R/fx/docker:1"
expect_grep "verified: 1 ok" "$TMP/out"
curl -fsS -H 'Accept: application/vnd.docker.distribution.manifest.v2+json' \
	"http://$R/v2/fx/docker/manifests/1" | grep -q 'distribution.manifest.v2' ||
	fail "fx/docker:1 is not a Docker schema 2 manifest: the test proves nothing"

# zstd layers (tar+zstd) stream through the same reader.
curl -fsS -H 'Accept: application/vnd.oci.image.manifest.v1+json' \
	"http://$R/v2/fx/zstd/manifests/1" | grep -q 'tar+zstd' ||
	fail "fx/zstd:1 has no zstd layer: the test proves nothing"
expect_exit 0 v "docker://$R/fx/zstd:1"
expect_grep "verified: 1 ok" "$TMP/out"

# 2. By digest, and JSON output.
digest=$(skopeo inspect --tls-verify=false --format '{{.Digest}}' "docker://$R/fx/good:1")
expect_exit 0 v --format json "docker://$R/fx/good@$digest"
expect_grep '"status": "ok"' "$TMP/out"
# The SBOM of the image by tag: its hash is the manifest digest.
expect_exit 0 v -q --sbom "$TMP/reg.cdx.json" "docker://$R/fx/good:1"
grep -q "\"content\": \"${digest#sha256:}\"" "$TMP/reg.cdx.json" ||
	fail "the SBOM of docker://$R/fx/good:1 lacks its digest $digest"
# A digest the registry does not hold.
expect_exit 2 v "docker://$R/fx/good@sha256:$(printf x | sha256sum | cut -c1-64)"
expect_grep "is not in the registry $R (HTTP 404)" "$TMP/err"

# 3. Missing tag, missing repository: exit 2.
expect_exit 2 v "docker://$R/fx/good:nope"
expect_grep "'fx/good:nope' is not in the registry $R (HTTP 404)" "$TMP/err"
expect_exit 2 v "docker://$R/fx/absent:1"
expect_grep "is not in the registry" "$TMP/err"
# A malformed reference.
expect_exit 2 v "docker://$R/Fx/UPPER:1"
expect_grep "malformed image reference" "$TMP/err"

# 4. A two-platform index (buildah manifest): amd64 is the good image,
#    arm64/v8 the one with odd files.
jb_buildah_private "$TMP/buildah"
jb_buildah manifest create localhost/multi:1 >/dev/null 2>"$TMP/b.err" ||
	{ cat "$TMP/b.err" >&2; fail "buildah manifest create failed"; }
jb_buildah manifest add --os linux --arch amd64 localhost/multi:1 \
	"docker://$R/fx/good:1" --tls-verify=false >/dev/null 2>"$TMP/b.err" ||
	{ cat "$TMP/b.err" >&2; fail "buildah manifest add failed"; }
jb_buildah manifest add --os linux --arch arm64 --variant v8 localhost/multi:1 \
	"docker://$R/fx/odd:1" --tls-verify=false >/dev/null 2>"$TMP/b.err" ||
	{ cat "$TMP/b.err" >&2; fail "buildah manifest add failed"; }
jb_buildah manifest push --all --tls-verify=false localhost/multi:1 \
	"docker://$R/fx/multi:1" >/dev/null 2>"$TMP/b.err" ||
	{ cat "$TMP/b.err" >&2; fail "buildah manifest push failed"; }
expect_exit 0 v --platform linux/amd64 "docker://$R/fx/multi:1"
expect_grep "verified: 1 ok" "$TMP/out"
expect_exit 1 v --platform linux/arm64 "docker://$R/fx/multi:1"
expect_grep "FAILED" "$TMP/out"
expect_exit 1 v --platform linux/arm64/v8 "docker://$R/fx/multi:1"
if [ "$(uname -m)" = x86_64 ]; then
	expect_exit 0 v "docker://$R/fx/multi:1" # the machine's platform
fi
expect_exit 2 v --platform linux/s390x "docker://$R/fx/multi:1"
expect_grep "jarbake: docker://$R/fx/multi:1: error: no image for platform linux/s390x in the index (it has: linux/amd64, linux/arm64/v8); choose one with --platform" "$TMP/err"
expect_exit 1 v --all-platforms "docker://$R/fx/multi:1"
expect_grep "docker://$R/fx/multi:1 (linux/amd64): verified" "$TMP/out"
expect_grep "docker://$R/fx/multi:1 (linux/arm64/v8): FAILED" "$TMP/out"
expect_exit 1 v --all-platforms --format json "docker://$R/fx/multi:1"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert isinstance(d, list) and len(d) == 2, d' "$TMP/out" ||
	fail "--all-platforms --format json is not an array of two reports"
# A lone manifest is checked against its config's platform.
expect_exit 2 v --platform linux/arm64 "docker://$R/fx/good:1"
expect_grep "the image is for linux/amd64, not linux/arm64" "$TMP/err"
expect_exit 0 v --platform linux/amd64 "docker://$R/fx/good:1"
expect_exit 2 v --platform amd64 "docker://$R/fx/multi:1"
expect_grep "bad --platform 'amd64'" "$TMP/err"

# 5. Other transports: a clear message with the skopeo workaround.
expect_exit 2 v containers-storage:localhost/x:1
expect_grep "skopeo copy containers-storage:localhost/x:1 docker-archive:/dev/stdout | jarbake verify -" "$TMP/err"
expect_exit 2 v docker-daemon:x:1
expect_grep "skopeo copy docker-daemon:x:1 docker-archive:/dev/stdout" "$TMP/err"

# 6. Nothing listens: exit 3.
dead=$(reg_free_port)
expect_exit 3 v "docker://127.0.0.1:$dead/fx/good:1"

# 6a. A loopback registry without TLS is asked over plain http first: no
#     TLS handshake reaches it (a loopback registry with TLS answers that
#     with 400 and is then asked over https: registry-tls-basic.sh).
reg_front_start probe "$REG_PORT"
expect_exit 0 "$JARBAKE" -m "$M" verify --retries 0 "docker://127.0.0.1:$FRONT_PORT/fx/good:1"
sleep 0.5 # a handshake would be logged once the connection closed
if grep -q ' BAD ' "$TMP/probe.log"; then
	fail "something not HTTP (a TLS handshake) reached the plain registry: $(cat "$TMP/probe.log")"
fi
grep -q ' GET /v2/ 200 ' "$TMP/probe.log" || fail "no plain /v2/ ping: $(cat "$TMP/probe.log")"

# 6b. Transfers that break half way: resumed with a Range request (206),
#     or, when the server sends the whole blob again, what was already read
#     is skipped; either way the image verifies.
reg_front_start cut "$REG_PORT" --cut-blobs 3
expect_exit 0 "$JARBAKE" -m "$M" verify --retries 2 "docker://127.0.0.1:$FRONT_PORT/fx/good:1"
expect_grep "verified: 1 ok" "$TMP/out"
[ "$(grep -c '^cut ' "$TMP/cut.log")" -eq 3 ] || fail "expected 3 cut transfers: $(cat "$TMP/cut.log")"
grep -q ' 206 auth=no range=bytes=[1-9]' "$TMP/cut.log" || fail "no transfer was resumed with a Range: $(cat "$TMP/cut.log")"
reg_front_start cutall "$REG_PORT" --cut-blobs 3 --no-range
expect_exit 0 "$JARBAKE" -m "$M" verify --retries 2 "docker://127.0.0.1:$FRONT_PORT/fx/good:1"
expect_grep "verified: 1 ok" "$TMP/out"
[ "$(grep -c '^cut ' "$TMP/cutall.log")" -eq 3 ] || fail "expected 3 cut transfers: $(cat "$TMP/cutall.log")"
if grep -q ' 206 ' "$TMP/cutall.log"; then fail "the registry answered a Range it was not sent"; fi
# Always cut: retried, then exit 3.
reg_front_start cutever "$REG_PORT" --cut-blobs 1000
expect_exit 3 "$JARBAKE" -m "$M" verify --retries 1 "docker://127.0.0.1:$FRONT_PORT/fx/good:1"

# 6c. A registry that sends more than a layer's descriptor says: cut off
#     there, exit 2.
reg_front_start pad "$REG_PORT" --pad-blobs 4096
expect_exit 2 "$JARBAKE" -m "$M" verify --retries 0 "docker://127.0.0.1:$FRONT_PORT/fx/good:1"
expect_grep "more than the" "$TMP/err"

# 7. A layer altered in the registry's storage: the blob's digest differs,
#    exit 1 naming the layer. (Last: blobs are shared between repositories.)
layer=$(curl -fsS -H 'Accept: application/vnd.oci.image.manifest.v1+json' \
	"http://$R/v2/fx/good/manifests/1" |
	python3 -c 'import json,sys; print(json.load(sys.stdin)["layers"][-1]["digest"])')
blob=$(reg_blob_path "$layer")
[ -f "$blob" ] || fail "no blob file '$blob' in the registry's storage"
python3 - "$blob" <<'PY'
import gzip, io, sys, tarfile
p = sys.argv[1]
with tarfile.open(p) as t:
    members = [(m, t.extractfile(m).read() if m.isfile() else None) for m in t.getmembers()]
out = io.BytesIO()
with tarfile.open(fileobj=out, mode="w") as t:
    for m, data in members:
        if data is not None:
            data = data.replace(b"PK", b"PK", 1) + b"tampered"
            m.size = len(data)
        t.addfile(m, io.BytesIO(data) if data is not None else None)
open(p, "wb").write(gzip.compress(out.getvalue()))
PY
expect_exit 1 v "docker://$R/fx/good:1"
expect_grep "layer 'blobs/sha256/${layer#sha256:}' is corrupt: its SHA-256 is" "$TMP/out"
echo "ok: registry over plain http"
