# shellcheck shell=sh disable=SC2034 # sets variables for the sourcing script
# Shared shell helpers for scripts/build-images.sh, scripts/demo.sh and the
# build/e2e integration tests. POSIX sh; source it, after setting JB_LIB to
# this directory (the sourcing script knows where it lives).
#
#   jb_now_ms                  milliseconds since the epoch
#   jb_seconds MS              "1.234s" for a duration in milliseconds
#   jb_buildah ARGS...         buildah with $BUILDAH_FLAGS (default: none)
#   jb_buildah_private DIR     points BUILDAH_FLAGS at a private store in DIR
#   jb_manifest_field M KEY    a string of the manifest, e.g. image.name
#   jb_mirror_start DIR        serves DIR on 127.0.0.1; sets JB_MIRROR_URL
#   jb_mirror_stop             stops that server
#   jb_base_image NAME [USER]  a tiny local Spark-like base, FROM scratch
#   jb_debian_jars             installs the Debian JARs the demo serves

# GNU date prints nanoseconds with %N; %3N keeps milliseconds.
jb_now_ms() {
	date +%s%3N
}

jb_seconds() {
	printf '%d.%03ds' "$(($1 / 1000))" "$(($1 % 1000))"
}

# Global buildah flags (before the subcommand), e.g. a private store. Unset:
# the store the user configured (build-images.sh picks and says which).
jb_buildah() {
	# shellcheck disable=SC2086 # BUILDAH_FLAGS is a list of words
	buildah ${BUILDAH_FLAGS:-} "$@"
}

# A private image store: tests and the demo never touch the machine's
# /var/lib/containers and never see each other's images.
jb_buildah_private() {
	mkdir -p "$1/root" "$1/run"
	BUILDAH_FLAGS="--storage-driver vfs --root $1/root --runroot $1/run"
	export BUILDAH_FLAGS
}

# jb_manifest_field FILE image.name: prints one string field of a manifest
# (python3: jq is not guaranteed on a fresh machine). Exit 2 when the file
# is unreadable, not JSON or lacks the field; jarbake itself reports where.
jb_manifest_field() {
	python3 - "$1" "$2" <<'EOF'
import json, sys
try:
    with open(sys.argv[1], encoding="utf-8") as f:
        v = json.load(f)
    for k in sys.argv[2].split("."):
        v = v[k]
    if not isinstance(v, str):
        raise TypeError("not a string")
except Exception as ex:
    sys.stderr.write("cannot read '%s' from '%s': %s\n" % (sys.argv[2], sys.argv[1], ex))
    sys.exit(2)
print(v)
EOF
}

# jb_mirror_start DIR [LOG]: a loopback HTTP server on a free port serving DIR
# (a Maven repository layout). Sets JB_MIRROR_PID and JB_MIRROR_URL.
jb_mirror_start() {
	_jb_pf=$(mktemp "${TMPDIR:-/tmp}/jarbake-port.XXXXXX")
	rm -f "$_jb_pf"
	python3 "$JB_LIB/serve.py" "$1" "$_jb_pf" "${2:-/dev/null}" \
		</dev/null >/dev/null 2>&1 &
	JB_MIRROR_PID=$!
	_jb_i=0
	while [ ! -s "$_jb_pf" ]; do
		if ! kill -0 "$JB_MIRROR_PID" 2>/dev/null || [ "$_jb_i" -ge 100 ]; then
			echo "cannot start the loopback HTTP server for '$1'" >&2
			jb_mirror_stop
			return 3
		fi
		_jb_i=$((_jb_i + 1))
		sleep 0.1
	done
	JB_MIRROR_URL="http://127.0.0.1:$(cat "$_jb_pf")"
	rm -f "$_jb_pf"
}

jb_mirror_stop() {
	if [ -n "${JB_MIRROR_PID:-}" ]; then
		kill "$JB_MIRROR_PID" 2>/dev/null || :
		wait "$JB_MIRROR_PID" 2>/dev/null || :
		JB_MIRROR_PID=""
	fi
}

# jb_base_image NAME [USER]: builds NAME (e.g. localhost/spark-base:demo) in
# the current buildah store, FROM scratch, offline: /etc/passwd with root and
# the non-root user USER (default spark, uid 185 as in apache/spark),
# /opt/spark/{bin,conf,jars} with one stub spark-core JAR, a
# spark-defaults.conf, SPARK_HOME, and
# USER set to that user, like the real apache/spark images.
jb_base_image() {
	_jb_ctx=$(mktemp -d "${TMPDIR:-/tmp}/jarbake-base.XXXXXX")
	_jb_user=${2:-spark}
	mkdir -p "$_jb_ctx/rootfs/etc" "$_jb_ctx/rootfs/opt/spark/bin" \
		"$_jb_ctx/rootfs/opt/spark/conf" "$_jb_ctx/rootfs/opt/spark/jars" \
		"$_jb_ctx/rootfs/tmp"
	printf 'root:x:0:0:root:/root:/bin/sh\n%s:x:185:185::/opt/spark:/bin/sh\n' \
		"$_jb_user" >"$_jb_ctx/rootfs/etc/passwd"
	printf 'root:x:0:\n%s:x:185:\n' "$_jb_user" >"$_jb_ctx/rootfs/etc/group"
	printf 'spark.ui.enabled false\nspark.sql.shuffle.partitions 8\n' \
		>"$_jb_ctx/rootfs/opt/spark/conf/spark-defaults.conf"
	# One stub Spark JAR, as the real base ships ~250: verify reports it as
	# the base's, and --classes checks the added JARs against it.
	python3 "$JB_LIB/mkjar.py" "$_jb_ctx/rootfs/opt/spark/jars/spark-core_2.12-3.5.1.jar" \
		org.apache.spark spark-core_2.12 3.5.1 \
		org.apache.spark.SparkContext org.apache.spark.SparkConf || return 3
	chmod 0644 "$_jb_ctx/rootfs/opt/spark/jars/spark-core_2.12-3.5.1.jar"
	printf '#!/bin/sh\necho "fake spark-submit of the jarbake test base"\n' \
		>"$_jb_ctx/rootfs/opt/spark/bin/spark-submit"
	chmod 0755 "$_jb_ctx/rootfs/opt/spark/bin/spark-submit"
	chmod 1777 "$_jb_ctx/rootfs/tmp"
	cat >"$_jb_ctx/Containerfile" <<EOF
FROM scratch
COPY rootfs/ /
ENV SPARK_HOME=/opt/spark PATH=/opt/spark/bin:/usr/bin:/bin
LABEL org.opencontainers.image.title="jarbake test base (fake Spark layout)"
WORKDIR /opt/spark
USER $_jb_user
EOF
	jb_buildah bud --isolation "${BUILDAH_ISOLATION:-chroot}" --pull=never \
		--quiet -f "$_jb_ctx/Containerfile" -t "$1" "$_jb_ctx" >/dev/null
	_jb_rc=$?
	rm -rf "$_jb_ctx"
	return $_jb_rc
}

# The Debian packages whose JARs (in /usr/share/maven-repo) the demo serves;
# scripts/deps.sh installs them too.
JB_DEMO_PACKAGES="libcommons-io-java libcommons-lang3-java libcommons-cli-java"

# jb_debian_jars: makes sure /usr/share/maven-repo has them, installing the
# packages when missing (as root). Returns 0, or 3 with a message.
jb_debian_jars() {
	_jb_r=/usr/share/maven-repo
	if [ -d "$_jb_r/commons-io/commons-io" ] &&
		[ -d "$_jb_r/org/apache/commons/commons-lang3" ] &&
		[ -d "$_jb_r/commons-cli/commons-cli" ]; then
		return 0
	fi
	if [ "$(id -u)" -ne 0 ]; then
		echo "missing $JB_DEMO_PACKAGES: run scripts/deps.sh as root" >&2
		return 3
	fi
	echo "installing $JB_DEMO_PACKAGES (they provide $_jb_r)"
	# shellcheck disable=SC2086 # a list of packages
	if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
		--no-install-recommends $JB_DEMO_PACKAGES >/dev/null 2>&1; then
		apt-get update -qq >/dev/null 2>&1
		# shellcheck disable=SC2086
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			--no-install-recommends $JB_DEMO_PACKAGES >/dev/null || {
			echo "cannot install $JB_DEMO_PACKAGES" >&2
			return 3
		}
	fi
}
