#!/usr/bin/env python3
"""Replaces one file inside a docker-archive image tarball, consistently.

usage: tamper-image.py IN.tar PATH REPLACEMENT OUT.tar

Copies the docker-archive IN.tar (as written by 'docker save' or 'buildah
push IMG docker-archive:FILE') to OUT.tar with the file PATH (e.g.
/opt/spark/jars/x.jar) replaced by the bytes of REPLACEMENT in the topmost
layer that holds it. The layer's diff_id in the image config, the config's
own name and manifest.json are all recomputed, so every digest in OUT.tar
is right: only a check of the file's content against the JAR manifest can
tell. This is what an attacker (or a careless rebuild) with write access to
a registry could do; scripts/demo.sh and tests use it to show 'jarbake
verify' catching it. Exit 0 on success, 1 when PATH is in no layer.
"""
import hashlib
import io
import json
import posixpath
import sys
import tarfile


def read_members(tar):
    out = {}
    for m in tar.getmembers():
        f = tar.extractfile(m) if m.isfile() else None
        out[m.name] = (m, f.read() if f else None)
    return out


def resolve(members, name):
    """The bytes of member name, following symlinks inside the archive."""
    for _ in range(8):
        m, data = members[name]
        if not m.issym():
            return data
        base = posixpath.dirname(name)
        name = posixpath.normpath(posixpath.join(base, m.linkname))
    raise ValueError("symlink loop at '%s'" % name)


def rewrite_layer(data, path, repl):
    """The layer tar data with path replaced, or None if it lacks path."""
    src = tarfile.open(fileobj=io.BytesIO(data))
    found = False
    buf = io.BytesIO()
    dst = tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT)
    for m in src.getmembers():
        if m.name.lstrip("./").lstrip("/") == path and m.isfile():
            found = True
            m.size = len(repl)
            dst.addfile(m, io.BytesIO(repl))
        elif m.isfile():
            dst.addfile(m, src.extractfile(m))
        else:
            dst.addfile(m)
    dst.close()
    return buf.getvalue() if found else None


def add(out, name, data):
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mode = 0o644
    out.addfile(info, io.BytesIO(data))


def main():
    if len(sys.argv) != 5:
        sys.stderr.write(__doc__)
        return 2
    src_path, path, repl_path, out_path = sys.argv[1:]
    path = path.lstrip("/")
    with open(repl_path, "rb") as f:
        repl = f.read()
    with tarfile.open(src_path) as tar:
        members = read_members(tar)
    entry = json.loads(members["manifest.json"][1])[0]
    config = json.loads(resolve(members, entry["Config"]))
    layers = [resolve(members, n) for n in entry["Layers"]]
    for i in range(len(layers) - 1, -1, -1):
        new = rewrite_layer(layers[i], path, repl)
        if new is not None:
            layers[i] = new
            break
    else:
        sys.stderr.write("tamper-image: '/%s' is in no layer\n" % path)
        return 1
    config["rootfs"]["diff_ids"][i] = "sha256:" + hashlib.sha256(new).hexdigest()
    config_bytes = json.dumps(config, separators=(",", ":")).encode()
    # A fresh docker-archive: every blob named by its digest.
    names = [hashlib.sha256(l).hexdigest() + ".tar" for l in layers]
    manifest = [{
        "Config": hashlib.sha256(config_bytes).hexdigest() + ".json",
        "RepoTags": entry.get("RepoTags") or [],
        "Layers": names,
    }]
    with tarfile.open(out_path, "w", format=tarfile.PAX_FORMAT) as out:
        for n, data in zip(names, layers):
            add(out, n, data)
        add(out, manifest[0]["Config"], config_bytes)
        add(out, "manifest.json", json.dumps(manifest).encode())
    return 0


if __name__ == "__main__":
    sys.exit(main())
