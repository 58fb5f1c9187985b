#!/bin/sh
# The build-images step: lint -> fetch -> dockerfile --check -> build -> save
# -> verify [-> push]. Run from the repository root; see --help and the
# README's build-images section. The builders live in scripts/lib/builder.sh.
set -u

JB_LIB=$(cd "$(dirname "$0")/lib" && pwd)
# shellcheck source=scripts/lib/common.sh
. "$JB_LIB/common.sh"
# shellcheck source=scripts/lib/builder.sh
. "$JB_LIB/builder.sh"

STAGES="lint fetch dockerfile build save verify push"

usage() {
	cat <<'EOF'
usage: scripts/build-images.sh [-m MANIFEST] [--builder docker|podman|buildah]
                               [-t TAG] [-o IMAGE.tar] [--push REF] [OPTIONS]

Builds the container image of a jarbake manifest and proves it, in stages;
the first failing stage stops the script. Run from the repository root.

  lint        jarbake lint over the repository's configs
  fetch       jarbake fetch: the manifest's JARs into build/NAME/jars/
  dockerfile  jarbake dockerfile --check: dockerfiles/NAME.Dockerfile is current
  build       build the image from the context build/NAME/ with that Dockerfile
  save        save the image to IMAGE.tar (docker-archive, or oci-archive)
  verify      jarbake verify --classes --sbom SBOM IMAGE.tar
  push        with --push REF only: push the image, then jarbake verify
              docker://REF reads it back from the registry

options:
  -m, --manifest FILE  the manifest (default manifests/akko-spark.json, env
                       JARBAKE_MANIFEST)
  -b, --builder NAME   docker, podman or buildah (default: docker when a
                       Docker daemon answers 'docker info', else podman, else
                       buildah; the script says which and why)
  -t, --tag TAG        the image tag (default NAME:latest)
  -o, --output FILE    the image tarball (default build/NAME-image.tar)
      --sbom FILE      the SBOM written by verify (default build/NAME.sbom.json)
      --save-format F  docker-archive (default) or oci-archive (podman and
                       buildah; docker save writes docker-archive only)
      --push REF       after verify, push the image as REF and verify
                       docker://REF from the registry
      --check-reproducible
                       build twice (the second with --no-cache) and fail
                       (exit 1) when the two image IDs differ
      --mirror URL     download Maven JARs from URL (same as JARBAKE_MIRROR)
  -u, --update-dockerfile
                       after a JAR bump: the dockerfile stage rewrites
                       dockerfiles/NAME.Dockerfile instead of checking it
      --lint PATH      lint PATH instead of '.'; repeatable (env
                       JARBAKE_LINT_PATHS, space-separated)
      --from STAGE     start at STAGE (e.g. --from verify re-checks IMAGE.tar)
      --to STAGE       stop after STAGE (e.g. --to save builds without verify)
      --only STAGE     run only STAGE
  -h, --help           show this help

environment:
  JARBAKE             the jarbake binary (default ./jarbake, else PATH)
  JARBAKE_MIRROR      as --mirror; JARBAKE_CACHE: jarbake's download cache
  SOURCE_DATE_EPOCH   file and creation times of the image (default
                      315532800, 1980-01-01) and its created label
  IMAGE_VERSION, IMAGE_REVISION, IMAGE_SOURCE
                      the OCI labels version (default: TAG's tag),
                      revision (default: git HEAD) and source (default: the
                      git remote 'origin', credentials removed)
  DOCKER_BUILDKIT     0 forces docker's legacy builder
  DOCKER_BUILD_FLAGS  extra flags for 'docker build'
  PODMAN_FLAGS        global podman flags (default: none, the configured
                      store; vfs only when that cannot start)
  PODMAN_BUILD_FLAGS  extra flags for 'podman build' (e.g. --pull=never)
  PODMAN_ISOLATION    podman build's isolation (default chroot)
  BUILDAH_FLAGS       global buildah flags (default: as PODMAN_FLAGS); e.g.
                      --root DIR --runroot DIR for a private image store
  BUILDAH_ISOLATION   buildah isolation (default chroot: works as root in CI)
  BUILDAH_BUD_FLAGS   extra flags for 'buildah bud' (e.g. --pull=never)

exit status: 0 built and verified; otherwise the failing stage's code:
  1 a check failed (lint finding, checksum mismatch, Dockerfile drift,
    image verification failure), 2 usage error or invalid input,
  3 network or I/O failure, and for the build and save stages any failure
    of the builder (or no builder found).
EOF
}

die_usage() {
	echo "build-images: $*" >&2
	echo "build-images: try 'scripts/build-images.sh --help'" >&2
	exit 2
}

stage_index() {
	_i=1
	for _s in $STAGES; do
		if [ "$_s" = "$1" ]; then
			echo "$_i"
			return 0
		fi
		_i=$((_i + 1))
	done
	die_usage "unknown stage '$1' (stages: $STAGES)"
}

manifest=${JARBAKE_MANIFEST:-manifests/akko-spark.json}
builder=""
tag=""
output=""
sbom=""
lint_paths=${JARBAKE_LINT_PATHS:-}
lint_set=""
update_dockerfile=""
save_format=docker-archive
push_ref=""
check_repro=""
to_set=""
from=lint
to=verify

while [ $# -gt 0 ]; do
	opt=$1
	case $opt in
	--*=*)
		val=${opt#*=}
		opt=${opt%%=*}
		shift
		set -- "$opt" "$val" "$@"
		continue
		;;
	-h | --help)
		usage
		exit 0
		;;
	-u | --update-dockerfile)
		update_dockerfile=1
		shift
		continue
		;;
	--check-reproducible)
		check_repro=1
		shift
		continue
		;;
	-m | --manifest | -b | --builder | -t | --tag | -o | --output | --sbom | \
		--mirror | --lint | --from | --to | --only | --save-format | --push)
		[ $# -ge 2 ] || die_usage "option '$opt' needs an argument"
		val=$2
		shift 2
		;;
	*)
		die_usage "unknown argument '$opt'"
		;;
	esac
	case $opt in
	-m | --manifest) manifest=$val ;;
	-b | --builder) builder=$val ;;
	-t | --tag) tag=$val ;;
	-o | --output) output=$val ;;
	--sbom) sbom=$val ;;
	--save-format) save_format=$val ;;
	--push) push_ref=$val ;;
	--mirror)
		JARBAKE_MIRROR=$val
		export JARBAKE_MIRROR
		;;
	--lint)
		if [ -z "$lint_set" ]; then
			lint_paths=""
			lint_set=1
		fi
		lint_paths="$lint_paths $val"
		;;
	--from) from=$val ;;
	--to)
		to=$val
		to_set=1
		;;
	--only)
		from=$val
		to=$val
		to_set=1
		;;
	esac
done

case $builder in
"" | docker | podman | buildah) ;;
*) die_usage "unknown builder '$builder' (docker, podman or buildah)" ;;
esac
case $save_format in
docker-archive | oci-archive) ;;
*) die_usage "unknown save format '$save_format' (docker-archive or oci-archive)" ;;
esac
case $push_ref in
docker://*) die_usage "--push takes a reference without 'docker://' ('${push_ref#docker://}')" ;;
"" | [a-z0-9]*/*) ;;
*) die_usage "--push needs HOST[:PORT]/REPO[:TAG] ('$push_ref')" ;;
esac
# --push REF runs the push stage even when --to is not given.
[ -n "$push_ref" ] && [ -z "$to_set" ] && to=push
from_i=$(stage_index "$from") || exit 2
to_i=$(stage_index "$to") || exit 2
[ "$from_i" -le "$to_i" ] || die_usage "stage '$from' comes after '$to'"
case $output in
*:*) die_usage "the output path must not contain ':' ('$output')" ;;
esac

if [ -z "${JARBAKE:-}" ]; then
	if [ -x ./jarbake ]; then
		JARBAKE=./jarbake
	elif [ -x "$JB_LIB/../../jarbake" ]; then
		JARBAKE=$(cd "$JB_LIB/../.." && pwd)/jarbake
	else
		JARBAKE=jarbake
	fi
fi

# The stage being run, for the failure message.
current=""
current_start=0
total_start=$(jb_now_ms)

stage_begin() {
	current=$1
	current_start=$(jb_now_ms)
	echo "==> $1"
}

# stage_end RC: reports the stage; a non-zero RC stops the script with it.
stage_end() {
	_t=$(jb_seconds $(($(jb_now_ms) - current_start)))
	if [ "$1" -ne 0 ]; then
		echo "build-images: stage '$current' failed (exit $1) after $_t" >&2
		exit "$1"
	fi
	echo "<== $current ok ($_t)"
}

# want STAGE: true when STAGE is between --from and --to.
want() {
	_w=$(stage_index "$1")
	[ "$_w" -ge "$from_i" ] && [ "$_w" -le "$to_i" ]
}

# The image name (and so every default path) comes from the manifest. Read
# only when a stage needs it: lint and fetch report an invalid manifest
# with jarbake's own FILE:LINE:COL message first.
name=""
need_name() {
	[ -n "$name" ] && return 0
	if ! name=$(jb_manifest_field "$manifest" image.name); then
		echo "build-images: cannot take the image name from '$manifest'" >&2
		return 2
	fi
	: "${tag:=$name:latest}"
	: "${output:=build/$name-image.tar}"
	: "${sbom:=build/$name.sbom.json}"
}

# Scratch files of this run (builder logs, digests), removed on exit.
JB_WORK=$(mktemp -d "${TMPDIR:-/tmp}/build-images.XXXXXX") || exit 3
trap 'rm -rf "$JB_WORK"' EXIT
trap 'exit 130' INT TERM

# The labels that are not in the manifest (the Dockerfile's ARGs): taken
# from the environment, else from the tag and git; never a credential.
label_values() {
	_epoch=${SOURCE_DATE_EPOCH:-315532800}
	JB_IMAGE_CREATED=$(date -u -d "@$_epoch" +%Y-%m-%dT%H:%M:%SZ) || return 2
	case ${tag##*/} in
	*:*) _v=${tag##*:} ;;
	*) _v=latest ;;
	esac
	JB_IMAGE_VERSION=${IMAGE_VERSION:-$_v}
	JB_IMAGE_REVISION=${IMAGE_REVISION:-$(git rev-parse HEAD 2>/dev/null)}
	: "${JB_IMAGE_REVISION:=unknown}"
	_src=${IMAGE_SOURCE:-$(git config --get remote.origin.url 2>/dev/null)}
	# https://user:token@host/x -> https://host/x
	JB_IMAGE_SOURCE=$(printf '%s' "${_src:-unknown}" | sed 's|^\([a-z+]*://\)[^/@]*@|\1|')
}

# The JARs' mode in the image is their mode in the context (no COPY
# --chmod: the legacy builder rejects it). fetch writes them 0644; a JAR
# copied in by hand or under umask 077 would reach the image unreadable by
# its non-root user, so they are made 0644 here, saying so.
context_modes() {
	_bad=$(find "$1/jars" -maxdepth 1 -type f -name '*.jar' ! -perm 0644 2>/dev/null)
	[ -z "$_bad" ] && return 0
	echo "build-images: making the context's JARs mode 0644 (the image keeps the context's modes):"
	printf '%s\n' "$_bad" | sed 's/^/  /'
	printf '%s\n' "$_bad" | while IFS= read -r _f; do chmod 0644 "$_f"; done
}

# check_tag: a tag for the second build of --check-reproducible.
check_tag() {
	case ${tag##*/} in
	*:*) echo "$tag-repro" ;;
	*) echo "$tag:repro" ;;
	esac
}

# reproducible: builds again with --no-cache (the wall clock a second on)
# and compares the image IDs; exit 1 when they differ, naming the layers.
reproducible() {
	_id1=$(bld_image_id "$tag") || return 3
	bld_layers "$tag" >"$JB_WORK/layers1" || return 3
	sleep 1
	_t2=$(check_tag)
	echo "build-images: --check-reproducible: building again with --no-cache as $_t2"
	if ! bld_build "$_df" "$_ctx" "$_t2" --no-cache >"$JB_WORK/build2.log" 2>&1; then
		cat "$JB_WORK/build2.log"
		echo "build-images: the second build failed" >&2
		return 3
	fi
	_id2=$(bld_image_id "$_t2") || return 3
	bld_layers "$_t2" >"$JB_WORK/layers2" || return 3
	bld_untag "$_t2"
	if [ "$_id1" = "$_id2" ]; then
		echo "build-images: reproducible: two builds gave the same image ID $_id1"
		return 0
	fi
	echo "build-images: not reproducible: two builds gave image IDs $_id1 and $_id2" >&2
	paste -d' ' "$JB_WORK/layers1" "$JB_WORK/layers2" |
		awk '$1 != $2 { printf "build-images:   layer %d differs: %s vs %s\n", NR, $1, $2 }' >&2
	if [ "$BLD_REPRO" = yes ]; then
		echo "build-images: $BLD should be reproducible here ($BLD_REPRO_WHY): something in the context or the base changed between the builds" >&2
	else
		echo "build-images: expected with this builder: $BLD_REPRO_WHY" >&2
		echo "build-images: fix: use podman or buildah, or docker with the buildx plugin and BuildKit >= 0.13" >&2
	fi
	return 1
}

do_build() {
	need_name || return $?
	bld_pick "$builder" || return $?
	_df=dockerfiles/$name.Dockerfile
	_ctx=build/$name
	if [ ! -f "$_df" ] || [ ! -d "$_ctx" ]; then
		echo "build-images: '$_df' or the context '$_ctx/' is missing (run the dockerfile and fetch stages)" >&2
		return 2
	fi
	label_values || return 2
	context_modes "$_ctx" || return 3
	echo "build-images: $_df, context $_ctx/, tag $tag"
	echo "build-images: labels version=$JB_IMAGE_VERSION revision=$JB_IMAGE_REVISION created=$JB_IMAGE_CREATED"
	if ! bld_build "$_df" "$_ctx" "$tag"; then
		echo "build-images: $BLD${BLD_MODE:+ ($BLD_MODE builder)} failed to build '$tag'" >&2
		bld_hint "$JB_WORK/build.log"
		return 3
	fi
	[ -z "$check_repro" ] || reproducible
}

do_save() {
	need_name || return $?
	bld_pick "$builder" || return $?
	mkdir -p "$(dirname "$output")" || return 3
	rm -f "$output" "$output.tmp" || return 3
	bld_save "$tag" "$output.tmp" "$save_format" || {
		_rc=$?
		echo "build-images: $BLD failed to save '$tag' to '$output'" >&2
		rm -f "$output.tmp"
		[ "$_rc" -eq 2 ] && return 2
		return 3
	}
	mv "$output.tmp" "$output" || return 3
	echo "build-images: saved $output ($save_format, $(wc -c <"$output") bytes)"
}

# registry_verify REF: jarbake verify docker://REF. A jarbake that cannot
# read registries yet gets a copy pulled back with skopeo instead, and says so.
registry_verify() {
	_ref=$1
	if "$JARBAKE" verify --help 2>&1 | grep -q 'docker://'; then
		echo "build-images: jarbake verify docker://$_ref"
		"$JARBAKE" -m "$manifest" verify --classes "docker://$_ref"
		return $?
	fi
	command -v skopeo >/dev/null 2>&1 || {
		echo "build-images: this jarbake cannot read registries and skopeo is not installed: cannot verify what the registry serves" >&2
		return 3
	}
	echo "build-images: this jarbake cannot read registries: verifying a copy pulled back with skopeo"
	set --
	bld_plain_http "$(bld_registry_host "$_ref")" && set -- --src-tls-verify=false
	skopeo copy -q "$@" "docker://$_ref" "docker-archive:$JB_WORK/pulled.tar" || return 3
	"$JARBAKE" -m "$manifest" verify --classes "$JB_WORK/pulled.tar"
}

do_push() {
	need_name || return $?
	bld_pick "$builder" || return $?
	echo "build-images: pushing $tag as $push_ref"
	bld_push "$tag" "$push_ref" || {
		echo "build-images: $BLD failed to push '$tag' to '$push_ref'" >&2
		bld_hint "$JB_WORK/push.log" 2>/dev/null
		return 3
	}
	registry_verify "$BLD_PUSHED"
}

if want lint; then
	stage_begin lint
	# shellcheck disable=SC2086 # a list of paths
	"$JARBAKE" -m "$manifest" lint ${lint_paths:-.}
	stage_end $?
fi
if want fetch; then
	stage_begin fetch
	[ -n "${JARBAKE_MIRROR:-}" ] && echo "build-images: mirror $JARBAKE_MIRROR"
	"$JARBAKE" -m "$manifest" fetch
	stage_end $?
fi
if want dockerfile; then
	stage_begin dockerfile
	if [ -n "$update_dockerfile" ]; then
		"$JARBAKE" -m "$manifest" dockerfile
		rc=$?
		[ "$rc" -eq 0 ] && echo "build-images: rewrote the Dockerfile from '$manifest': commit both"
	else
		"$JARBAKE" -m "$manifest" dockerfile --check
		rc=$?
		[ "$rc" -eq 1 ] &&
			echo "build-images: the Dockerfile differs from what '$manifest' generates; after a JAR bump, rerun with --update-dockerfile and commit both" >&2
	fi
	stage_end "$rc"
fi
if want build; then
	stage_begin build
	do_build
	stage_end $?
fi
if want save; then
	stage_begin save
	do_save
	stage_end $?
fi
if want verify; then
	stage_begin verify
	rc=0
	need_name || rc=$?
	if [ "$rc" -eq 0 ]; then
		mkdir -p "$(dirname "$sbom")"
		"$JARBAKE" -m "$manifest" verify --classes --sbom "$sbom" "$output"
		rc=$?
		[ "$rc" -eq 0 ] && echo "build-images: SBOM $sbom"
	fi
	stage_end "$rc"
fi
if want push && [ -n "$push_ref" ]; then
	stage_begin push
	do_push
	stage_end $?
fi
total=$(jb_seconds $(($(jb_now_ms) - total_start)))
if [ "$from" = lint ] && [ "$to" = push ]; then
	echo "build-images: $name built, verified, pushed as $BLD_PUSHED and verified from the registry in $total"
elif [ "$from" = lint ] && [ "$to" = verify ]; then
	echo "build-images: $name built and verified in $total"
elif [ "$to_i" -lt 6 ] && [ "$from" != "$to" ]; then
	echo "build-images: stopped after stage '$to' as asked: the image is not verified"
fi
