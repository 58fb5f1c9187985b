#!/usr/bin/env python3
"""Runs the shell steps of a composite Action (action.yml) as the GitHub
runner would, so that tests can check them here.

    run_action.py ACTION_DIR WORKSPACE LOG [NAME=VALUE]...

NAME=VALUE sets an input (others take their default). Each step's `if:` is
evaluated (the subset of GitHub's expression language that action.yml
uses: inputs.*, steps.*.outputs.*, steps.*.outcome, always(), cancelled(),
success(), failure(), !, ==, !=, &&, ||, '...'), `${{ }}` in `env:` and
`with:` values is substituted, `run:` scripts run with
`bash --noprofile --norc -eo pipefail FILE` in WORKSPACE with
GITHUB_OUTPUT, GITHUB_PATH, GITHUB_ENV, GITHUB_ACTION_PATH and RUNNER_TEMP
set, and lines appended to GITHUB_PATH are put in front of PATH for the
following steps. A `uses:` step is not run (it is another repository's
code): it is recorded in LOG as `uses NAME key=value...`. Every step's
result is recorded as `step ID OUTCOME [EXIT]`. Exits 1 when a step
failed, as the job would, else 0. The `outputs:` of the Action are written
to LOG as `output NAME=VALUE` at the end.
"""
import os
import re
import subprocess
import sys
import tempfile

import yaml


def lookup(path, ctx):
    parts = path.split(".")
    if parts[0] == "inputs":
        return ctx["inputs"].get(parts[1], "")
    if parts[0] == "steps":
        step = ctx["steps"].get(parts[1], {})
        if parts[2] == "outputs":
            return step.get("outputs", {}).get(parts[3], "")
        return step.get(parts[2], "")
    if parts[0] == "github":
        return ctx["github"].get(parts[1], "")
    if parts[0] == "runner":
        return ctx["runner"].get(parts[1], "")
    raise SystemExit(f"run_action: unsupported context '{path}'")


TOKEN = re.compile(
    r"\s*(?:(?P<str>'(?:[^']|'')*')|(?P<op>==|!=|&&|\|\||!|\(|\))"
    r"|(?P<fn>always|cancelled|success|failure)\(\)"
    r"|(?P<ref>[A-Za-z_][\w.-]*))"
)


def evaluate(expr, ctx):
    """Translates the expression to Python and evaluates it."""
    expr = expr.strip()
    if expr.startswith("${{") and expr.endswith("}}"):
        expr = expr[3:-2]
    out, pos = [], 0
    while pos < len(expr):
        if expr[pos:].strip() == "":
            break
        m = TOKEN.match(expr, pos)
        if not m:
            raise SystemExit(f"run_action: cannot parse '{expr}' at {pos}")
        pos = m.end()
        if m.group("str") is not None:
            out.append(repr(m.group("str")[1:-1].replace("''", "'")))
        elif m.group("op"):
            out.append({"&&": " and ", "||": " or ", "!": " not "}.get(
                m.group("op"), m.group("op")))
        elif m.group("fn"):
            out.append(repr({"always": True, "cancelled": False,
                             "success": not ctx["failed"],
                             "failure": ctx["failed"]}[m.group("fn")]))
        else:
            ref = m.group("ref")
            out.append(repr({"true": True, "false": False}.get(ref, None)
                            if ref in ("true", "false")
                            else lookup(ref, ctx)))
    return eval("".join(out), {"__builtins__": {}})  # noqa: S307


def substitute(value, ctx):
    return re.sub(r"\$\{\{(.*?)\}\}",
                  lambda m: str(evaluate(m.group(1), ctx)), str(value))


def read_kv(path):
    """GITHUB_OUTPUT lines: NAME=VALUE, or NAME<<EOF ... EOF."""
    out, lines = {}, open(path).read().splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        if "<<" in line and "=" not in line.split("<<")[0]:
            name, delim = line.split("<<", 1)
            i += 1
            buf = []
            while lines[i] != delim:
                buf.append(lines[i])
                i += 1
            out[name] = "\n".join(buf)
        elif "=" in line:
            name, value = line.split("=", 1)
            out[name] = value
        i += 1
    return out


def main():
    action_dir, workspace, log_path = sys.argv[1:4]
    action = yaml.safe_load(open(os.path.join(action_dir, "action.yml")))
    assert action["runs"]["using"] == "composite"
    inputs = {k: str(v.get("default", "")) for k, v in action["inputs"].items()}
    for arg in sys.argv[4:]:
        name, value = arg.split("=", 1)
        if name not in inputs:
            raise SystemExit(f"run_action: unknown input '{name}'")
        inputs[name] = value
    temp = tempfile.mkdtemp(prefix="runner-temp.")
    ctx = {"inputs": inputs, "steps": {}, "failed": False,
           "github": {"action_path": action_dir, "workspace": workspace},
           "runner": {"temp": temp}}
    path_prefix = []
    log = open(log_path, "w")
    for n, step in enumerate(action["runs"]["steps"]):
        sid = step.get("id", f"__{n}")
        cond = step.get("if", "success()")
        if not evaluate(str(cond), ctx):
            ctx["steps"][sid] = {"outcome": "skipped", "outputs": {}}
            print(f"step {sid} skipped", file=log, flush=True)
            continue
        if "uses" in step:
            with_ = {k: substitute(v, ctx) for k, v in step.get("with", {}).items()}
            print("uses " + step["uses"] + "".join(
                f" {k}={v}" for k, v in sorted(with_.items())), file=log, flush=True)
            ctx["steps"][sid] = {"outcome": "success", "outputs": {}}
            continue
        assert step["shell"] == "bash", step
        files = {}
        for name in ("GITHUB_OUTPUT", "GITHUB_PATH", "GITHUB_ENV"):
            fd, files[name] = tempfile.mkstemp(dir=temp)
            os.close(fd)
        env = dict(os.environ)
        env.update({k: substitute(v, ctx) for k, v in step.get("env", {}).items()})
        env.update(files)
        env.update({"GITHUB_ACTION_PATH": action_dir, "GITHUB_WORKSPACE": workspace,
                    "RUNNER_TEMP": temp, "GITHUB_ACTIONS": "true", "CI": "true"})
        env["PATH"] = os.pathsep.join(path_prefix + [os.environ["PATH"]])
        fd, script = tempfile.mkstemp(dir=temp, suffix=".sh")
        with os.fdopen(fd, "w") as f:
            f.write(step["run"])
        rc = subprocess.call(["bash", "--noprofile", "--norc", "-eo", "pipefail",
                              script], cwd=workspace, env=env)
        outcome = "success" if rc == 0 else "failure"
        ctx["steps"][sid] = {"outcome": outcome,
                             "outputs": read_kv(files["GITHUB_OUTPUT"])}
        path_prefix = [p for p in open(files["GITHUB_PATH"]).read().splitlines()
                       if p][::-1] + path_prefix
        print(f"step {sid} {outcome} {rc}", file=log, flush=True)
        if rc:
            ctx["failed"] = True
    for name, spec in action.get("outputs", {}).items():
        print(f"output {name}={substitute(spec['value'], ctx)}", file=log)
    log.close()
    return 1 if ctx["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
