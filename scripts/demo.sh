#!/bin/sh
# make demo: the whole build-images path on manifests/demo.json, offline.
#
# Serves real JARs from Debian's /usr/share/maven-repo on a loopback HTTP
# server, builds a tiny Spark-like base image FROM scratch (no registry),
# then runs scripts/build-images.sh stage by stage (lint, fetch, dockerfile,
# build, save, verify with --classes and --sbom) and finally shows verify
# catching a tampered JAR in a copy of the image. Everything lives in a
# temporary directory with a private buildah store; all of it is removed on
# exit (JARBAKE_DEMO_KEEP=1 keeps the directory and says where).
set -u

ROOT=$(cd "$(dirname "$0")/.." && pwd)
JB_LIB=$ROOT/scripts/lib
# shellcheck source=scripts/lib/common.sh
. "$JB_LIB/common.sh"

MAVEN_REPO=${JARBAKE_DEMO_REPO:-/usr/share/maven-repo}
BASE=localhost/jarbake-demo-base:1
JARBAKE=${JARBAKE:-$ROOT/jarbake}
export JARBAKE

if [ -t 1 ] && [ -z "${NO_COLOR:-}" ]; then
	B=$(printf '\033[1m')
	G=$(printf '\033[32m')
	R=$(printf '\033[31m')
	N=$(printf '\033[0m')
else
	B="" G="" R="" N=""
fi

W=""
# shellcheck disable=SC2317 # runs from the trap
cleanup() {
	jb_mirror_stop
	if [ -n "$W" ] && [ -d "$W" ]; then
		jb_buildah rm --all >/dev/null 2>&1 || :
		jb_buildah rmi --all --force >/dev/null 2>&1 || :
		if [ -n "${JARBAKE_DEMO_KEEP:-}" ]; then
			echo "demo: kept $W (buildah store: BUILDAH_FLAGS='$BUILDAH_FLAGS')"
		else
			rm -rf "$W"
		fi
	fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

step_no=0
step() {
	step_no=$((step_no + 1))
	printf '\n%s[%d] %s%s\n' "$B" "$step_no" "$*" "$N"
}
proved() { printf '    %s✓ %s%s\n' "$G" "$*" "$N"; }
note() { printf '    %s\n' "$*"; }
die() {
	printf '%sdemo: %s%s\n' "$R" "$*" "$N" >&2
	# the failing command's code when there is one, else 1
	[ "${rc:-0}" -ne 0 ] || rc=1
	exit "$rc"
}

# run LOG CMD...: runs CMD, keeps its output in LOG, prints it indented.
run() {
	_log=$1
	shift
	"$@" >"$_log" 2>&1
	rc=$?
	sed 's/^/    | /' "$_log"
	return $rc
}

start=$(jb_now_ms)
printf '%sjarbake demo%s: the build-images path, offline, on manifests/demo.json\n' "$B" "$N"

[ -x "$JARBAKE" ] || die "no jarbake binary at '$JARBAKE' (run 'make' first)"
command -v buildah >/dev/null 2>&1 || die "buildah is not installed (scripts/deps.sh installs it)"
command -v python3 >/dev/null 2>&1 || die "python3 is not installed (scripts/deps.sh installs it)"

W=$(mktemp -d "${TMPDIR:-/tmp}/jarbake-demo.XXXXXX") || die "cannot create a temporary directory"
jb_buildah_private "$W/buildah"
JARBAKE_CACHE=$W/cache # a cold cache: every JAR really goes over HTTP
export JARBAKE_CACHE
BUILDAH_BUD_FLAGS=--pull=never # the base is local; never reach a registry
export BUILDAH_BUD_FLAGS

# ---------------------------------------------------------------------------
step "Real JARs from Debian, served on a loopback Maven mirror"
if [ -z "${JARBAKE_DEMO_REPO:-}" ]; then
	jb_debian_jars | sed 's/^/    /' || :
	[ -d "$MAVEN_REPO/commons-cli/commons-cli" ] ||
		die "no Debian JARs in $MAVEN_REPO: run scripts/deps.sh as root"
fi
jb_mirror_start "$MAVEN_REPO" "$W/mirror.log" || die "cannot start the loopback HTTP server"
JARBAKE_MIRROR=$JB_MIRROR_URL
export JARBAKE_MIRROR
note "serving $MAVEN_REPO on $JB_MIRROR_URL (python3 http.server, loopback only)"
proved "fetch will download from $JB_MIRROR_URL: the manifest's repository is a placeholder (.invalid) that no one can reach"

# ---------------------------------------------------------------------------
step "The demo manifest: pins versus what Debian ships here"
mkdir -p "$W/project/manifests" "$W/project/conf"
cp "$ROOT/manifests/demo.json" "$W/project/manifests/demo.json"
cd "$W/project" || die "cannot enter $W/project"
M=manifests/demo.json
# Each line: NAME STATE VERSION, STATE "ok" (pinned bytes served), "rebuilt"
# (same version, other bytes) or "moved" (Debian ships another VERSION).
python3 - "$M" "$MAVEN_REPO" >"$W/pins" <<'EOF' || die "cannot compare the pins with $MAVEN_REPO"
import hashlib, json, os, re, sys
m = json.load(open(sys.argv[1]))
repo = sys.argv[2]
for j in m["jars"]:
    g, a, v = j["maven"].split(":")
    d = os.path.join(repo, g.replace(".", "/"), a)
    p = os.path.join(d, v, "%s-%s.jar" % (a, v))
    if os.path.isfile(p):
        h = hashlib.sha256(open(p, "rb").read()).hexdigest()
        print(j["name"], "ok" if h == j["sha256"] else "rebuilt", v)
        continue
    vs = sorted((x for x in os.listdir(d) if re.match(r"^\d+(\.\d+)+$", x)
                 and os.path.isfile(os.path.join(d, x, "%s-%s.jar" % (a, x)))),
                key=lambda x: [int(n) for n in x.split(".")])
    if not vs:
        sys.exit("no version of %s:%s in %s" % (g, a, repo))
    print(j["name"], "moved", vs[-1])
EOF
sets=""
relock=""
force=""
while read -r name state version; do
	case $state in
	ok) note "$name $version: Debian's JAR has exactly the pinned sha256" ;;
	rebuilt)
		note "$name $version: Debian's JAR differs from the pin (a rebuilt package)"
		# lock refuses a new hash for an unchanged version unless told
		force=" --force"
		relock=1
		;;
	moved)
		note "$name: Debian ships version $version here, not the pinned one"
		sets="$sets --set $name=$version"
		relock=1
		;;
	esac
done <"$W/pins"
if [ -n "$relock" ]; then
	# The pins are real hashes of Debian bookworm's packages; another Debian
	# release ships other bytes. Re-pin a temporary copy the way a JAR bump
	# is done, from the mirror; the repository's manifest is untouched.
	note "re-pinning the demo's copy: jarbake lock$force$sets"
	# shellcheck disable=SC2086 # a list of options
	run "$W/lock.log" "$JARBAKE" -m "$M" lock --mirror "$JB_MIRROR_URL" $force $sets ||
		die "jarbake lock could not re-pin the demo manifest (exit $rc)"
	proved "jarbake lock pinned sha256 and size of the JARs this machine serves"
else
	proved "the committed pins in manifests/demo.json are the real SHA-256 of the JARs served"
fi

# ---------------------------------------------------------------------------
step "A local base image, FROM scratch"
jb_base_image "$BASE" spark || die "cannot build the base image $BASE"
note "$BASE: /opt/spark/{bin,conf,jars} with a stub spark-core JAR, user spark (uid 185), like apache/spark"
proved "no registry is needed: buildah builds and keeps it in a private store in $W"

# The repository's configs that the lint stage reads: a clean one.
cat >conf/spark-defaults.conf <<'EOF'
spark.ui.enabled false
spark.sql.shuffle.partitions 8
EOF
run "$W/dockerfile.log" "$JARBAKE" -m "$M" dockerfile ||
	die "jarbake dockerfile failed (exit $rc)"
note "jarbake dockerfile wrote the demo project's dockerfiles/akko-spark-demo.Dockerfile"
note "(the real image's Dockerfile is committed; the demo's is generated from its manifest copy)"

# stage NAME: runs one stage of scripts/build-images.sh in the demo project.
stage() {
	run "$W/$1.log" sh "$ROOT/scripts/build-images.sh" -m "$M" --builder buildah \
		-t localhost/akko-spark-demo:demo -o out/akko-spark-demo.tar \
		--sbom out/akko-spark-demo.sbom.json --only "$1" ||
		die "stage $1 failed (exit $rc): see the output above"
}

# ---------------------------------------------------------------------------
step "lint: no config adds JARs at run time"
stage lint
proved "no config, manifest or Dockerfile of the project adds JARs at run time"
mkdir -p "$W/bad-conf"
# jarbake: allow runtime-packages -- the demo's deliberately bad config
printf 'spark.jars.packages org.example:extra:1.0\n' >"$W/bad-conf/spark-defaults.conf"
"$JARBAKE" -m "$M" lint "$W/bad-conf/spark-defaults.conf" >"$W/lint-bad.log" 2>&1
lint_rc=$?
[ "$lint_rc" -eq 1 ] || { cat "$W/lint-bad.log"; die "lint accepted a config that adds JARs at run time (exit $lint_rc)"; }
note "and a config that does add one is refused (exit 1):"
sed "s|$W/||; s/^/    | /" "$W/lint-bad.log"

# ---------------------------------------------------------------------------
step "fetch: download over HTTP, check every SHA-256, fill the build context"
stage fetch
find build/akko-spark-demo/jars -type f -printf '    %10s  %p\n' | sort -k2
proved "each JAR matched its pinned sha256 and size before it entered build/akko-spark-demo/jars/"

# ---------------------------------------------------------------------------
step "dockerfile: the Dockerfile is the manifest's, byte for byte"
sed 's/^/    > /' dockerfiles/akko-spark-demo.Dockerfile
stage dockerfile
proved "dockerfiles/akko-spark-demo.Dockerfile is exactly what the manifest generates (no drift)"

# ---------------------------------------------------------------------------
step "build: buildah bud, offline"
stage build
proved "the image was built from build/akko-spark-demo/ with nothing downloaded at build time"

step "save: the image as a docker-archive tarball"
stage save
proved "out/akko-spark-demo.tar is what 'docker save' would give; verify reads that"

# ---------------------------------------------------------------------------
step "verify: the JAR set of the built image, its classes, its SBOM"
stage verify
proved "every JAR in /opt/spark/jars is a pinned one, byte for byte; no class is provided twice"
python3 - out/akko-spark-demo.sbom.json <<'EOF' || die "the SBOM is not readable JSON"
import json, sys
d = json.load(open(sys.argv[1]))
fmt = ("CycloneDX %s" % d.get("specVersion", "")) if "bomFormat" in d else \
      (d.get("spdxVersion") or "JSON")
comps = d.get("components") or d.get("packages") or []
print("    SBOM: %s, %d components" % (fmt.strip(), len(comps)))
for c in comps[:10]:
    print("      - %s %s" % (c.get("name", "?"), c.get("version") or c.get("versionInfo") or ""))
EOF
proved "the SBOM lists what the image carries"

# ---------------------------------------------------------------------------
step "classes: every class a Spark setting names is in the image"
# The job's configuration, outside the image: one class misspelt.
cat >"$W/job.conf" <<'EOF'
spark.extraListeners  org.apache.commons.lang3.StringUtil
spark.sql.catalog.lake.type rest
EOF
sed 's/^/    > /' "$W/job.conf"
"$JARBAKE" -m "$M" verify --conf "$W/job.conf" out/akko-spark-demo.tar >"$W/classes.log" 2>&1
classes_rc=$?
sed "s|$W/||; s/^/    | /" "$W/classes.log"
[ "$classes_rc" -eq 1 ] || die "verify did not catch the misspelt class (exit $classes_rc, expected 1)"
finding=$(grep -F '[class-not-found]' "$W/classes.log" | head -n 1)
[ -n "$finding" ] || die "verify failed but reported no class-not-found"
proved "a listener that would fail at session start is caught before the job runs:"
note "  ${finding#"$W/"}"

# ---------------------------------------------------------------------------
step "tamper: one JAR replaced in a copy of the image"
victim=$(python3 -c 'import json,sys
j = json.load(open(sys.argv[1]))["jars"][-1]
g, a, v = j["maven"].split(":")
print("%s-%s.jar" % (a, v))' "$M") || die "cannot read the manifest"
# The real JAR plus one class: looks legitimate, same name and version.
python3 - "build/akko-spark-demo/jars/$victim" "$W/evil.jar" <<'EOF' || die "cannot make the tampered JAR"
import shutil, sys, zipfile
shutil.copyfile(sys.argv[1], sys.argv[2])
with zipfile.ZipFile(sys.argv[2], "a") as z:
    z.writestr("org/apache/commons/cli/Backdoor.class", bytes.fromhex("cafebabe00000037"))
EOF
python3 "$JB_LIB/tamper-image.py" out/akko-spark-demo.tar "/opt/spark/jars/$victim" \
	"$W/evil.jar" out/tampered.tar || die "cannot tamper the image copy"
note "out/tampered.tar: /opt/spark/jars/$victim gained a Backdoor.class;"
note "its layer digest and image config were recomputed, so the archive is self-consistent"
"$JARBAKE" -m "$M" verify --classes out/tampered.tar >"$W/tampered.log" 2>&1
verify_rc=$?
sed 's/^/    | /' "$W/tampered.log"
[ "$verify_rc" -eq 1 ] || die "verify did not reject the tampered image (exit $verify_rc, expected 1)"
finding=$(grep ': error: ' "$W/tampered.log" | grep -F "$victim" | head -n 1)
[ -n "$finding" ] || die "verify failed but reported no error naming $victim"
proved "verify rejected the tampered copy (exit 1) with the finding:"
note "  $finding"

printf '\n%sdemo: all steps passed in %s%s (cleaning up the server, images and %s)\n' \
	"$G" "$(jb_seconds $(($(jb_now_ms) - start)))" "$N" "$W"
exit 0
