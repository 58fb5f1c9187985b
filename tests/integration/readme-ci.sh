#!/bin/sh
# The README's CI snippets, extracted from README.md and run as written:
# the GitHub workflow (its permission; its run: steps in order on sample
# repositories: with a finding the SARIF report holds it and the upload step
# is reached before the job fails; a clean one passes), the Action snippet
# (its inputs exist; run through tests/action/run_action.py), and both
# pre-commit configurations with Debian's pre-commit, offline.
. "$(dirname "$0")/../lib.sh"
for tool in python3 git pre-commit; do
	command -v $tool >/dev/null 2>&1 || { echo "SKIP: $tool missing"; exit 77; }
done
snippet() { python3 "$ROOT/tests/readme/snippet.py" "$ROOT/README.md" "tests/integration/readme-ci.sh ($1)"; }
BIN=$TMP/bin
mkdir -p "$BIN"
ln -s "$JARBAKE" "$BIN/jarbake"
export PATH="$BIN:$PATH"
export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@t GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@t
export PRE_COMMIT_HOME=$TMP/pre-commit-home
unset JARBAKE_MANIFEST

# new_repo DIR [clean]: a git repository with configs in conf/, deploy/ and
# jobs/; conf/ holds a finding unless 'clean'. (The key is spelled in two
# parts so that linting this repository passes.)
new_repo() {
	mkdir -p "$1/conf" "$1/deploy" "$1/jobs"
	if [ "${2:-}" = clean ]; then
		printf 'spark.master local\n' >"$1/conf/spark-defaults.conf"
	else
		printf 'spark.jars.%s org.postgresql:postgresql:42.7.3\n' packages >"$1/conf/spark-defaults.conf"
	fi
	printf 'spark.master local\n' >"$1/deploy/spark-defaults.conf"
	printf '#!/bin/sh\nexec spark-submit --master local app.py\n' >"$1/jobs/run.sh"
	(cd "$1" && git init -q . && git add -A && git commit -qm init)
}

# --- the workflow -----------------------------------------------------
snippet workflow >"$TMP/workflow.yml"
new_repo "$TMP/wf-findings"
new_repo "$TMP/wf-clean" clean
python3 - "$TMP/workflow.yml" "$TMP/wf-findings" "$TMP/wf-clean" <<'PY' || fail "the README's workflow does not work as written"
import json, os, subprocess, sys
import yaml
wf = yaml.safe_load(open(sys.argv[1]))
assert wf["permissions"].get("security-events") == "write", wf["permissions"]
steps = wf["jobs"]["lint"]["steps"]

def run(repo, findings):
    uploaded = False
    for n, step in enumerate(steps):
        if "uses" in step:
            if step["uses"].startswith("actions/checkout@"):
                continue
            assert step["uses"].startswith("github/codeql-action/upload-sarif@"), step
            sarif = json.load(open(os.path.join(repo, step["with"]["sarif_file"])))
            results = [r for run in sarif["runs"] for r in run["results"]]
            assert len(results) == findings, results
            uploaded = True
            continue
        rc = subprocess.call(["bash", "--noprofile", "--norc", "-eo", "pipefail",
                              "-c", step["run"]], cwd=repo, stdout=subprocess.DEVNULL)
        if rc:
            assert findings and rc == 1 and n == len(steps) - 1, (repo, n, rc, step)
            assert uploaded, "the job failed before the upload"
            return
    assert not findings, "no step failed on a finding"
    assert uploaded, "no upload step"

run(sys.argv[2], 1)
run(sys.argv[3], 0)
PY

# --- the Action snippet -----------------------------------------------
snippet action >"$TMP/action-snippet.yml"
new_repo "$TMP/act" clean
python3 "$ROOT/tests/fixtures/mkimage.py" "$TMP/img" >/dev/null
mkdir -p "$TMP/act/manifests" "$TMP/act/build"
cp "$TMP/img/jarbake.json" "$TMP/act/manifests/akko-spark.json"
cp "$TMP/img/docker25.tar" "$TMP/act/build/akko-spark-image.tar"
python3 - "$TMP/action-snippet.yml" "$ROOT/action.yml" >"$TMP/action-inputs" <<'PY' || fail "the README's Action snippet"
import sys
import yaml
doc = yaml.safe_load(open(sys.argv[1]))
action = yaml.safe_load(open(sys.argv[2]))
assert doc["permissions"].get("security-events") == "write", doc
step = [s for s in doc["steps"] if s.get("uses", "").startswith("akko/jarbake@")][0]
for k, v in step["with"].items():
    assert k in action["inputs"], f"the README names input '{k}', action.yml has no such input"
    print(f"{k}={v}")
PY
# shellcheck disable=SC2046
(cd "$TMP/act" && IFS='
' && python3 "$ROOT/tests/action/run_action.py" "$ROOT" "$TMP/act" "$TMP/act.log" \
	$(cat "$TMP/action-inputs")) >"$TMP/act.out" 2>&1 ||
	{ cat "$TMP/act.out" "$TMP/act.log" >&2; fail "the README's Action snippet failed"; }
grep -qxF "output verify-exit-code=0" "$TMP/act.log" || fail "the Action snippet did not verify the image"
[ -s "$TMP/act/build/akko-spark.sbom.json" ] || fail "the Action snippet wrote no SBOM"

# --- pre-commit -------------------------------------------------------
# A clone of this repository stands for https://github.com/akko/jarbake.
git clone -q "$ROOT" "$TMP/jarbake-clone"
sha=$(git -C "$TMP/jarbake-clone" rev-parse HEAD)
git -C "$TMP/jarbake-clone" cat-file -e HEAD:.pre-commit-hooks.yaml ||
	fail ".pre-commit-hooks.yaml is not committed"

# precommit_case NAME CONFIG: the commit of a finding fails, of a clean file passes
precommit_case() {
	r=$TMP/pc-$1
	new_repo "$r" clean
	cp "$2" "$r/.pre-commit-config.yaml"
	(cd "$r" && git add .pre-commit-config.yaml && git commit -qm config && pre-commit install >/dev/null) ||
		fail "pre-commit install ($1)"
	printf 'spark.jars.%s org.postgresql:postgresql:42.7.3\n' packages >"$r/deploy/spark-defaults.conf"
	(cd "$r" && git add deploy && git commit -qm bad) >"$TMP/pc-$1.out" 2>&1 &&
		{ cat "$TMP/pc-$1.out" >&2; fail "pre-commit ($1) let a finding be committed"; }
	expect_grep "deploy/spark-defaults.conf:1:1: error:" "$TMP/pc-$1.out"
	expect_grep "[runtime-packages]" "$TMP/pc-$1.out"
	printf 'spark.master yarn\n' >"$r/deploy/spark-defaults.conf"
	(cd "$r" && git add deploy && git commit -qm good) >"$TMP/pc-$1.out" 2>&1 ||
		{ cat "$TMP/pc-$1.out" >&2; fail "pre-commit ($1) refused a clean commit"; }
	expect_grep "jarbake lint" "$TMP/pc-$1.out"
}
snippet "pre-commit remote" | sed -e "s|https://github.com/akko/jarbake|$TMP/jarbake-clone|" \
	-e "s|COMMIT_SHA|$sha|" >"$TMP/remote.yaml"
grep -q "rev: $sha" "$TMP/remote.yaml" || fail "the remote snippet has no 'rev: COMMIT_SHA'"
precommit_case remote "$TMP/remote.yaml"
snippet "pre-commit local" >"$TMP/local.yaml"
precommit_case local "$TMP/local.yaml"

# try-repo: the hook of the clone on one file
new_repo "$TMP/try"
(cd "$TMP/try" && pre-commit try-repo "$TMP/jarbake-clone" jarbake-lint \
	--files conf/spark-defaults.conf) >"$TMP/try.out" 2>&1 &&
	{ cat "$TMP/try.out" >&2; fail "try-repo passed a finding"; }
expect_grep "conf/spark-defaults.conf:1:1: error:" "$TMP/try.out"
(cd "$TMP/try" && pre-commit try-repo "$TMP/jarbake-clone" jarbake-lint \
	--files deploy/spark-defaults.conf) >"$TMP/try.out" 2>&1 ||
	{ cat "$TMP/try.out" >&2; fail "try-repo refused a clean file"; }
echo "readme-ci: ok"
