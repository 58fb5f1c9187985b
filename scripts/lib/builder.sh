# shellcheck shell=sh disable=SC2034 # sets variables for the sourcing script
# The builders of scripts/build-images.sh: docker, podman, buildah. POSIX sh;
# source it after common.sh. Every function prints its own explanation on
# stdout ("build-images: ...") and its failures on stderr, and returns 0, or
# 3 for a failure of the builder (2 for a usage error).
#
#   bld_pick [NAME]          sets BLD (and, for docker, BLD_MODE) and says why
#   bld_build DF CTX TAG [--no-cache]   builds TAG
#   bld_save TAG FILE FORMAT            docker-archive or oci-archive
#   bld_push TAG REF                    pushes; sets BLD_PUSHED (REF@DIGEST)
#   bld_image_id TAG / bld_layers TAG   the config digest / the diff IDs
#   bld_untag TAG                       removes that name only
#
# Reproducible layers: BLD_REPRO is "yes" when two builds of the same input
# give the same image (BLD_REPRO_WHY says how, or why not).

BLD=""
BLD_MODE=""
BLD_WHY=""
BLD_REPRO=""
BLD_REPRO_WHY=""
BLD_PUSHED=""
# The epoch of every file time and of the image's creation time.
: "${JB_EPOCH:=${SOURCE_DATE_EPOCH:-315532800}}"

say() { echo "build-images: $*"; }
warn() { echo "build-images: $*" >&2; }

# bld_version_ge A B: true when version A >= B (numeric fields, "v" and any
# suffix after the numbers ignored).
bld_version_ge() {
	_a=${1#v}
	_a=${_a%%[!0-9.]*}
	_b=${2#v}
	_b=${_b%%[!0-9.]*}
	while [ -n "$_a$_b" ]; do
		_x=${_a%%.*} _y=${_b%%.*}
		[ "${_x:-0}" -gt "${_y:-0}" ] && return 0
		[ "${_x:-0}" -lt "${_y:-0}" ] && return 1
		case $_a in *.*) _a=${_a#*.} ;; *) _a="" ;; esac
		case $_b in *.*) _b=${_b#*.} ;; *) _b="" ;; esac
	done
	return 0
}

# ---------------------------------------------------------------------------
# containers-storage (podman and buildah share it)

# bld_storage TOOL: picks the global flags of podman or buildah. The user's
# PODMAN_FLAGS / BUILDAH_FLAGS win, even empty. Otherwise the storage the
# user configured (storage.conf, CONTAINERS_STORAGE_CONF, STORAGE_DRIVER) is
# used, so images from 'podman load' or 'buildah pull' are found; only when
# that store cannot start (e.g. overlay on an overlay file system without
# fuse-overlayfs) does it fall back to vfs, and it says so.
bld_storage() {
	_t=$1
	_var=BUILDAH_FLAGS
	_fmt='{{.store.GraphDriverName}} {{.store.GraphRoot}}'
	if [ "$_t" = podman ]; then
		_var=PODMAN_FLAGS
		_fmt='{{.Store.GraphDriverName}} {{.Store.GraphRoot}}'
	fi
	if eval "[ -n \"\${$_var+set}\" ]"; then
		_flags=""
		eval "_flags=\$$_var"
		say "$_t storage: $_var='$_flags' (yours)"
		return 0
	fi
	if _info=$("$_t" info --format "$_fmt" 2>"$JB_WORK/storage.err"); then
		eval "$_var=''"
		say "$_t storage: ${_info%% *} at ${_info#* } (the configured store: images you loaded there are found)"
		return 0
	fi
	_why=$(grep -m 1 -i 'error' "$JB_WORK/storage.err" | sed 's/^Error: //')
	[ -n "$_why" ] || _why=$(grep . "$JB_WORK/storage.err" | tail -n 1)
	if _info=$("$_t" --storage-driver vfs info --format "$_fmt" 2>/dev/null); then
		eval "$_var='--storage-driver vfs'"
		say "$_t storage: the configured store cannot start here ($_why)"
		say "$_t storage: falling back to vfs at ${_info#* }: images loaded into the other store are not seen there, and vfs copies the whole file system per layer; set $_var to choose"
		return 0
	fi
	warn "$_t cannot open any image store: $_why"
	warn "fix: check 'podman info' / 'buildah info' and /etc/containers/storage.conf, or set $_var (e.g. '--storage-driver vfs --root DIR --runroot DIR')"
	return 3
}

bld_podman() {
	# shellcheck disable=SC2086 # a list of flags
	podman ${PODMAN_FLAGS:-} "$@"
}

# ---------------------------------------------------------------------------
# docker

# The first line of the docker daemon's error, for messages.
bld_docker_error() {
	grep . "$JB_WORK/docker-info.err" 2>/dev/null | head -n 1
}

bld_docker_answers() {
	command -v docker >/dev/null 2>&1 &&
		timeout 20 docker info >/dev/null 2>"$JB_WORK/docker-info.err"
}

# Picks how docker builds: buildx, the CLI's built-in BuildKit client, or
# the legacy builder; says which and why, and whether layers are
# reproducible with it.
bld_docker_mode() {
	_v=$(docker version --format '{{.Client.Version}} {{.Server.APIVersion}} {{.Server.Version}}' 2>/dev/null)
	# shellcheck disable=SC2086 # three words
	set -- $_v
	_cli=${1:-} _api=${2:-} _srv=${3:-}
	if [ "${DOCKER_BUILDKIT:-}" = 0 ]; then
		BLD_MODE=legacy
		BLD_WHY="DOCKER_BUILDKIT=0 is set"
	elif docker buildx version >/dev/null 2>&1; then
		BLD_MODE=buildx
		_bk=$(docker buildx inspect 2>/dev/null |
			sed -n 's/^ *[Bb]uild[Kk]it[^:]*: *v\{0,1\}\([0-9][0-9.]*\).*/\1/p' |
			head -n 1)
		BLD_WHY="the buildx plugin works (BuildKit ${_bk:-of unknown version})"
		if [ -n "$_bk" ] && bld_version_ge "$_bk" 0.13; then
			BLD_REPRO=yes
			BLD_REPRO_WHY="BuildKit $_bk: SOURCE_DATE_EPOCH=$JB_EPOCH and rewrite-timestamp=true"
		else
			BLD_REPRO=no
			BLD_REPRO_WHY="BuildKit ${_bk:-of unknown version} is older than 0.13, which first rewrites file times to SOURCE_DATE_EPOCH (rewrite-timestamp): the directories' times in each layer are the build time"
		fi
		return 0
	elif [ -n "$_cli" ] && ! bld_version_ge "$_cli" 23 &&
		[ -n "$_api" ] && bld_version_ge "$_api" 1.39; then
		BLD_MODE=buildkit
		BLD_WHY="no buildx plugin; the docker CLI $_cli has BuildKit built in (DOCKER_BUILDKIT=1) and the daemon $_srv supports it"
	else
		BLD_MODE=legacy
		if [ -n "$_cli" ] && bld_version_ge "$_cli" 23; then
			BLD_WHY="the docker CLI $_cli needs the buildx plugin for BuildKit and it is missing (install docker-buildx-plugin, or Debian's docker-buildx)"
		else
			BLD_WHY="the daemon ${_srv:-of unknown version} (API ${_api:-?}) has no BuildKit"
		fi
	fi
	BLD_REPRO=no
	case $BLD_MODE in
	legacy) BLD_REPRO_WHY="the legacy builder stamps every layer's directories with the build time and has no SOURCE_DATE_EPOCH support" ;;
	buildkit) BLD_REPRO_WHY="the daemon's built-in BuildKit (Docker $_srv; Docker 20.10 ships BuildKit 0.8) predates SOURCE_DATE_EPOCH (0.11) and rewrite-timestamp (0.13): the directories' times in each layer are the build time" ;;
	esac
}

# ---------------------------------------------------------------------------

# bld_pick [NAME]: docker when its daemon answers, else podman, else
# buildah; NAME (--builder) overrides. Says which and why.
bld_pick() {
	[ -n "$BLD" ] && return 0
	_want=${1:-}
	if [ -z "$_want" ]; then
		if bld_docker_answers; then
			_want=docker
			_why="a Docker daemon answers 'docker info'"
		elif command -v podman >/dev/null 2>&1; then
			_want=podman
			if command -v docker >/dev/null 2>&1; then
				_why="no Docker daemon answers ($(bld_docker_error)); podman is installed (picked before buildah)"
			else
				_why="docker is not installed; podman is (picked before buildah)"
			fi
		elif command -v buildah >/dev/null 2>&1; then
			_want=buildah
			_why="no Docker daemon answers and podman is not installed; buildah is"
		else
			warn "no builder: no Docker daemon answers 'docker info', and neither podman nor buildah is installed"
			warn "fix: start dockerd, or install podman or buildah (Debian: apt-get install podman)"
			return 3
		fi
	else
		_why="--builder $_want"
		if ! command -v "$_want" >/dev/null 2>&1; then
			warn "builder '$_want' is not installed (Debian: apt-get install $([ "$_want" = docker ] && echo docker.io || echo "$_want"))"
			return 3
		fi
		if [ "$_want" = docker ] && ! bld_docker_answers; then
			warn "no Docker daemon answers 'docker info': $(bld_docker_error)"
			warn "fix: start dockerd (systemctl start docker), set DOCKER_HOST, or use --builder podman"
			return 3
		fi
	fi
	BLD=$_want
	say "builder $BLD ($_why)"
	case $BLD in
	docker)
		bld_docker_mode
		say "docker builds with $BLD_MODE: $BLD_WHY"
		;;
	podman | buildah)
		bld_storage "$BLD" || return $?
		BLD_REPRO=yes
		BLD_REPRO_WHY="$BLD --timestamp $JB_EPOCH fixes every file time and the creation time"
		;;
	esac
	if [ "$BLD_REPRO" = yes ]; then
		say "reproducible layers: yes ($BLD_REPRO_WHY)"
	else
		say "reproducible layers: no ($BLD_REPRO_WHY)"
	fi
}

# The image labels that are not in the manifest (see the Dockerfile's ARGs).
bld_label_args() {
	echo "IMAGE_VERSION=$JB_IMAGE_VERSION"
	echo "IMAGE_REVISION=$JB_IMAGE_REVISION"
	echo "IMAGE_SOURCE=$JB_IMAGE_SOURCE"
	echo "IMAGE_CREATED=$JB_IMAGE_CREATED"
}

# bld_build DOCKERFILE CONTEXT TAG [--no-cache]: the builder's output goes
# to the terminal and to $JB_WORK/build.log (read by bld_hint).
bld_build() {
	_df=$1 _ctx=$2 _tag=$3 _nc=${4:-}
	set --
	while IFS= read -r _a; do
		set -- "$@" --build-arg "$_a"
	done <<EOF
$(bld_label_args)
EOF
	[ -n "$_nc" ] && set -- "$@" --no-cache
	case $BLD in
	docker)
		case $BLD_MODE in
		buildx)
			if [ "$BLD_REPRO" = yes ]; then
				set -- "$@" --build-arg "SOURCE_DATE_EPOCH=$JB_EPOCH" \
					--output "type=docker,rewrite-timestamp=true"
			else
				set -- "$@" --build-arg "SOURCE_DATE_EPOCH=$JB_EPOCH" --load
			fi
			# shellcheck disable=SC2086 # a list of flags
			SOURCE_DATE_EPOCH=$JB_EPOCH docker buildx build "$@" \
				${DOCKER_BUILD_FLAGS:-} -f "$_df" -t "$_tag" "$_ctx"
			;;
		buildkit)
			# shellcheck disable=SC2086
			DOCKER_BUILDKIT=1 docker build "$@" ${DOCKER_BUILD_FLAGS:-} \
				-f "$_df" -t "$_tag" "$_ctx"
			;;
		legacy)
			# shellcheck disable=SC2086
			DOCKER_BUILDKIT=0 docker build "$@" ${DOCKER_BUILD_FLAGS:-} \
				-f "$_df" -t "$_tag" "$_ctx"
			;;
		esac
		;;
	podman)
		# --layers: one layer per COPY (the default for podman too, said
		# anyway); --timestamp: file times and the creation time fixed.
		# shellcheck disable=SC2086
		bld_podman build --isolation "${PODMAN_ISOLATION:-chroot}" \
			--layers --timestamp "$JB_EPOCH" "$@" \
			${PODMAN_BUILD_FLAGS:-} -f "$_df" -t "$_tag" "$_ctx"
		;;
	buildah)
		# --layers: one layer per Dockerfile instruction, so one JAR bump
		# changes one layer blob (buildah squashes them without it).
		# shellcheck disable=SC2086
		jb_buildah bud --isolation "${BUILDAH_ISOLATION:-chroot}" --layers \
			--timestamp "$JB_EPOCH" "$@" \
			${BUILDAH_BUD_FLAGS:-} -f "$_df" -t "$_tag" "$_ctx"
		;;
	esac >"$JB_WORK/build.run.log" 2>&1
	_rc=$?
	cat "$JB_WORK/build.run.log" >>"$JB_WORK/build.log"
	cat "$JB_WORK/build.run.log"
	return $_rc
}

# bld_hint LOG: after a failure, names the cause and the fix when the
# builder's output shows a known one.
bld_hint() {
	_log=$1
	if grep -q 'requires BuildKit\|option requires BuildKit' "$_log"; then
		warn "cause: the Dockerfile uses a BuildKit-only option and docker builds with the legacy builder"
		warn "fix: regenerate it with this jarbake ('jarbake dockerfile': no COPY --chmod), or install the buildx plugin"
	elif grep -q 'buildx component is missing' "$_log"; then
		warn "cause: DOCKER_BUILDKIT=1 with a docker CLI that needs the buildx plugin, which is missing"
		warn "fix: install docker-buildx-plugin (Debian: docker-buildx), or unset DOCKER_BUILDKIT"
	elif grep -qi 'image not known\|could not be found locally\|no such image\|pull access denied\|manifest unknown\|repository does not exist\|no such host\|dial tcp\|connection refused\|initializing source\|failed to resolve source metadata\|not found: not found\|reading manifest' "$_log"; then
		warn "cause: the base image is not in $BLD's image store and could not be pulled"
		case $BLD in
		docker) warn "fix: 'docker pull BASE' or 'docker load -i BASE.tar' into the daemon at ${DOCKER_HOST:-the default socket}, or give the registry access" ;;
		podman) warn "fix: 'podman pull BASE' or 'podman load -i BASE.tar' into the store build-images uses (see 'podman storage' above)" ;;
		buildah) warn "fix: 'buildah pull BASE' (or 'podman load') into the store build-images uses (see 'buildah storage' above)" ;;
		esac
	elif grep -qi 'no space left' "$_log"; then
		warn "cause: the disk is full"
	elif grep -qi 'permission denied\|operation not permitted' "$_log"; then
		warn "cause: $BLD lacks a permission; rootless builds need subuid/subgid ranges, root builds need the store's directories writable"
	fi
}

bld_save() {
	_tag=$1 _out=$2 _fmt=$3
	case $BLD:$_fmt in
	docker:docker-archive) docker save -o "$_out" "$_tag" ;;
	docker:*)
		warn "docker save writes docker-archive only; use --save-format docker-archive or --builder podman/buildah"
		return 2
		;;
	podman:*) bld_podman save --format "$_fmt" -o "$_out" "$_tag" ;;
	buildah:*) jb_buildah push --quiet "$_tag" "$_fmt:$_out:$_tag" ;;
	esac
}

bld_image_id() {
	case $BLD in
	docker) docker image inspect --format '{{.Id}}' "$1" ;;
	podman) bld_podman image inspect --format '{{.Id}}' "$1" ;;
	buildah) jb_buildah inspect --type image --format '{{.FromImageID}}' "$1" ;;
	esac
}

bld_layers() {
	case $BLD in
	docker) docker image inspect --format '{{range .RootFS.Layers}}{{println .}}{{end}}' "$1" ;;
	podman) bld_podman image inspect --format '{{range .RootFS.Layers}}{{println .}}{{end}}' "$1" ;;
	buildah) jb_buildah inspect --type image --format '{{range .OCIv1.RootFS.DiffIDs}}{{println .}}{{end}}' "$1" ;;
	esac | grep .
}

bld_untag() {
	case $BLD in
	docker) docker rmi "$1" ;;
	podman) bld_podman untag "$1" "$1" ;;
	buildah) jb_buildah rmi "$1" ;;
	esac >/dev/null 2>&1
}

# bld_registry_host REF: HOST[:PORT] of a registry reference.
bld_registry_host() {
	case $1 in
	*/*) echo "${1%%/*}" ;;
	*) echo docker.io ;;
	esac
}

# bld_plain_http HOST: true when HOST is a loopback registry that answers
# plain HTTP on /v2/ (the only case where TLS is not required).
bld_plain_http() {
	case $1 in
	localhost | localhost:* | 127.* | "[::1]" | "[::1]:"*) ;;
	*) return 1 ;;
	esac
	_code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "http://$1/v2/" 2>/dev/null)
	case $_code in 200 | 401) return 0 ;; esac
	return 1
}

# bld_push TAG REF: pushes TAG as REF; BLD_PUSHED is REF's repository at the
# pushed digest (what verify then reads).
bld_push() {
	_tag=$1 _ref=$2
	_host=$(bld_registry_host "$_ref")
	set --
	if bld_plain_http "$_host"; then
		say "push: $_host is a loopback registry that speaks plain HTTP: TLS is off for it alone"
		set -- --tls-verify=false
	fi
	rm -f "$JB_WORK/digest"
	case $BLD in
	docker)
		# The daemon allows plain HTTP to 127.0.0.0/8 on its own.
		docker tag "$_tag" "$_ref" &&
			docker push "$_ref" >"$JB_WORK/push.log" 2>&1
		_rc=$?
		cat "$JB_WORK/push.log"
		[ "$_rc" -eq 0 ] || return 3
		sed -n 's/.*digest: \(sha256:[0-9a-f]\{64\}\).*/\1/p' "$JB_WORK/push.log" |
			tail -n 1 >"$JB_WORK/digest"
		;;
	podman)
		bld_podman push "$@" --digestfile "$JB_WORK/digest" "$_tag" "docker://$_ref" || return 3
		;;
	buildah)
		jb_buildah push "$@" --digestfile "$JB_WORK/digest" "$_tag" "docker://$_ref" || return 3
		;;
	esac
	_digest=$(cat "$JB_WORK/digest" 2>/dev/null)
	_repo=${_ref%@*}
	case ${_repo##*/} in *:*) _repo=${_repo%:*} ;; esac
	if [ -n "$_digest" ]; then
		BLD_PUSHED=$_repo@$_digest
	else
		BLD_PUSHED=$_ref
	fi
	say "pushed $BLD_PUSHED"
}
