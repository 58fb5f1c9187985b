#!/bin/sh
# The GitHub Action (action.yml): its shell steps run here, as the runner
# would run them (tests/action/run_action.py: env from inputs, GITHUB_OUTPUT,
# GITHUB_PATH, bash -eo pipefail), on sample repositories: install from
# source, lint to SARIF with findings (the upload step still comes, then the
# job fails), fail-on-findings false, a clean repository, verify of a good and
# a corrupt image with an SBOM, and a refused deb URL. The upload itself
# (github/codeql-action) is another repository's code: it is recorded, not run.
. "$(dirname "$0")/../lib.sh"
command -v python3 >/dev/null || { echo "SKIP: python3 missing"; exit 77; }
python3 -c 'import yaml' 2>/dev/null || { echo "SKIP: python3-yaml missing"; exit 77; }

RUN="python3 $ROOT/tests/action/run_action.py $ROOT"

W=$TMP/ws
mkdir -p "$W/conf" "$W/clean"
# (the key is spelled in two parts so that linting this repository passes)
printf 'spark.master spark://master:7077\nspark.jars.%s org.postgresql:postgresql:42.7.3\n' \
	packages >"$W/conf/spark-defaults.conf"
printf 'spark.master local\n' >"$W/clean/spark-defaults.conf"
(cd "$W" && git init -q . && git add -A && git -c user.name=t -c user.email=t@t commit -qm init)

# run_case NAME EXPECTED-EXIT INPUT=VALUE...
run_case() {
	name=$1 want=$2
	shift 2
	set +e
	(cd "$W" && $RUN "$W" "$TMP/$name.log" "$@") >"$TMP/$name.out" 2>&1
	got=$?
	set -e
	if [ "$got" -ne "$want" ]; then
		cat "$TMP/$name.out" "$TMP/$name.log" >&2
		fail "action case '$name' exited $got, expected $want"
	fi
}
has() { grep -qxF -- "$2" "$TMP/$1.log" || { cat "$TMP/$1.log" >&2; fail "case '$1': no line '$2'"; }; }

# 1. findings: SARIF written and uploaded, annotations printed, job fails.
run_case findings 1
has findings "step install success 0"
has findings "step lint success 0"
has findings "uses github/codeql-action/upload-sarif@v3 category=jarbake sarif_file=jarbake.sarif"
has findings "step annotate failure 1"
has findings "step verify skipped"
has findings "output findings=1"
has findings "output sarif-file=jarbake.sarif"
expect_grep "::error file=conf/spark-defaults.conf,line=2,col=1" "$TMP/findings.out"
python3 - "$W/jarbake.sarif" <<'PY' || fail "the uploaded SARIF is not the finding"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["version"] == "2.1.0", d["version"]
res = [r for run in d["runs"] for r in run["results"]]
assert len(res) == 1, res
assert res[0]["ruleId"] == "runtime-packages", res[0]
loc = res[0]["locations"][0]["physicalLocation"]
assert loc["artifactLocation"]["uri"].endswith("conf/spark-defaults.conf"), loc
assert loc["region"]["startLine"] == 2, loc
PY
# the installed binary is the one the Action built, put on the PATH
grep -q "^jarbake [0-9]" "$TMP/findings.out" || fail "the install step did not run jarbake --version"

# 2. fail-on-findings false: uploaded, annotated, job passes.
run_case nofail 0 fail-on-findings=false
has nofail "uses github/codeql-action/upload-sarif@v3 category=jarbake sarif_file=jarbake.sarif"
has nofail "step annotate success 0"
expect_grep "::error file=conf/spark-defaults.conf" "$TMP/nofail.out"

# 3. a clean path, another SARIF file, no upload
mkdir -p "$W/out"
run_case clean 0 paths="clean conf/../clean" sarif-file=out/clean.sarif upload-sarif=false
has clean "output findings=0"
grep -q '^uses ' "$TMP/clean.log" && fail "upload-sarif=false still uploaded"

# 4. verify: a good image with an SBOM, then a corrupt one (exit 1 recorded)
python3 "$ROOT/tests/fixtures/mkimage.py" "$TMP/img" >/dev/null
run_case verify-ok 0 paths=clean upload-sarif=false manifest="$TMP/img/jarbake.json" \
	image="$TMP/img/docker25.tar" sbom=sbom.cdx.json
has verify-ok "step verify success 0"
has verify-ok "output verify-exit-code=0"
python3 -c 'import json,sys; assert json.load(open(sys.argv[1]))["bomFormat"] == "CycloneDX"' \
	"$W/sbom.cdx.json" || fail "verify did not write the SBOM"
run_case verify-bad 1 paths=clean upload-sarif=false manifest="$TMP/img/jarbake.json" \
	image="$TMP/img/corrupt-oci.tar"
has verify-bad "step verify failure 1"
has verify-bad "output verify-exit-code=1"
expect_grep "[integrity]" "$TMP/verify-bad.out"

# 5. a deb URL that is not https is refused before anything runs
run_case badurl 1 deb=http://example.invalid/jarbake.deb
has badurl "step install failure 2"
has badurl "step lint skipped"
expect_grep "deb must be a path or an https URL" "$TMP/badurl.out"
echo "action: ok"
