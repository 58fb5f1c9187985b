#!/bin/sh
# The build-images step: lint -> fetch -> dockerfile --check -> build -> save
# -> verify. Run from the repository root; see --help and doc/readme/build.md.
set -u

JB_LIB=$(cd "$(dirname "$0")/lib" && pwd)
# shellcheck source=scripts/lib/common.sh
. "$JB_LIB/common.sh"

STAGES="lint fetch dockerfile build save verify"

usage() {
	cat <<'EOF'
usage: scripts/build-images.sh [-m MANIFEST] [--builder docker|buildah] [-t TAG]
                               [-o IMAGE.tar] [OPTIONS]

Builds the container image of a jarbake manifest and proves it, in stages;
the first failing stage stops the script. Run from the repository root.

  lint        jarbake lint over the repository's configs
  fetch       jarbake fetch: the manifest's JARs into build/NAME/jars/
  dockerfile  jarbake dockerfile --check: dockerfiles/NAME.Dockerfile is current
  build       build the image from the context build/NAME/ with that Dockerfile
  save        save the image to IMAGE.tar (docker-archive)
  verify      jarbake verify --classes --sbom SBOM IMAGE.tar

options:
  -m, --manifest FILE  the manifest (default manifests/akko-spark.json, env
                       JARBAKE_MANIFEST)
  -b, --builder NAME   docker or buildah (default: docker when a Docker daemon
                       answers 'docker info', else buildah)
  -t, --tag TAG        the image tag (default NAME:latest)
  -o, --output FILE    the image tarball (default build/NAME-image.tar)
      --sbom FILE      the SBOM written by verify (default build/NAME.sbom.json)
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
  BUILDAH_FLAGS       global buildah flags (default --storage-driver vfs); add
                      --root DIR --runroot DIR for a private image store
  BUILDAH_ISOLATION   buildah isolation (default chroot: works as root in CI)
  BUILDAH_BUD_FLAGS   extra flags for 'buildah bud' (e.g. --pull=never)
  DOCKER_BUILD_FLAGS  extra flags for 'docker build'

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
	-m | --manifest | -b | --builder | -t | --tag | -o | --output | --sbom | \
		--mirror | --lint | --from | --to | --only)
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
	--to) to=$val ;;
	--only)
		from=$val
		to=$val
		;;
	esac
done

case $builder in
"" | docker | buildah) ;;
*) die_usage "unknown builder '$builder' (docker or buildah)" ;;
esac
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

builder_said=""
# Picks the builder once: docker when its daemon answers, else buildah.
pick_builder() {
	if [ -z "$builder" ]; then
		if command -v docker >/dev/null 2>&1 &&
			timeout 20 docker info >/dev/null 2>&1; then
			builder=docker
		elif command -v buildah >/dev/null 2>&1; then
			builder=buildah
		else
			echo "build-images: no builder: no Docker daemon answers 'docker info' and buildah is not installed" >&2
			return 3
		fi
	fi
	if ! command -v "$builder" >/dev/null 2>&1; then
		echo "build-images: builder '$builder' is not installed" >&2
		return 3
	fi
	if [ -z "$builder_said" ]; then
		echo "build-images: builder $builder"
		builder_said=1
	fi
}

do_build() {
	need_name || return $?
	pick_builder || return $?
	_df=dockerfiles/$name.Dockerfile
	_ctx=build/$name
	if [ ! -f "$_df" ] || [ ! -d "$_ctx" ]; then
		echo "build-images: '$_df' or the context '$_ctx/' is missing (run the dockerfile and fetch stages)" >&2
		return 2
	fi
	echo "build-images: $_df, context $_ctx/, tag $tag"
	case $builder in
	docker)
		# shellcheck disable=SC2086 # flag lists
		if docker buildx version >/dev/null 2>&1; then
			# With BuildKit, SOURCE_DATE_EPOCH fixes the times
			# in the layers, as --timestamp does for buildah.
			SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-315532800} \
			docker buildx build --load ${DOCKER_BUILD_FLAGS:-} \
				--build-arg SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-315532800}" \
				-f "$_df" -t "$tag" "$_ctx"
		else
			docker build ${DOCKER_BUILD_FLAGS:-} -f "$_df" -t "$tag" "$_ctx"
		fi
		;;
	buildah)
		# --layers: one layer per Dockerfile instruction, so one JAR bump
		# changes one layer blob (buildah squashes them without it).
		# --timestamp: file and directory times in the layers (and the
		# image's creation time) are fixed, so an unchanged JAR gives the
		# same layer blob in every build and registries reuse it.
		# shellcheck disable=SC2086
		jb_buildah bud --isolation "${BUILDAH_ISOLATION:-chroot}" --layers \
			--timestamp "${SOURCE_DATE_EPOCH:-315532800}" \
			${BUILDAH_BUD_FLAGS:-} -f "$_df" -t "$tag" "$_ctx"
		;;
	esac || {
		echo "build-images: $builder failed to build '$tag'" >&2
		return 3
	}
}

do_save() {
	need_name || return $?
	pick_builder || return $?
	mkdir -p "$(dirname "$output")" || return 3
	rm -f "$output" "$output.tmp" || return 3
	case $builder in
	docker) docker save -o "$output.tmp" "$tag" ;;
	buildah) jb_buildah push --quiet "$tag" "docker-archive:$output.tmp:$tag" ;;
	esac || {
		echo "build-images: $builder failed to save '$tag' to '$output'" >&2
		rm -f "$output.tmp"
		return 3
	}
	mv "$output.tmp" "$output" || return 3
	echo "build-images: saved $output ($(wc -c <"$output") bytes)"
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
total=$(jb_seconds $(($(jb_now_ms) - total_start)))
if [ "$from" = lint ] && [ "$to" = verify ]; then
	echo "build-images: $name built and verified in $total"
elif [ "$to" != verify ] && [ "$from" != "$to" ]; then
	echo "build-images: stopped after stage '$to' as asked: the image is not verified"
fi
