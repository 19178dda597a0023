#!/usr/bin/env python3
"""Refuses a module that imports from a module that imports it (ARCHITECTURE.md's invariant).

For each crate source folder given, every `.rs` file is a module (`mod.rs`/`lib.rs` its
folder's); an edge A -> B is any path A names that starts `crate::`, `super::` or `self::`, or
a child module's name, and resolves to module B (the longest module prefix). `#[cfg(test)] mod
tests` blocks and comments are left out: tests may reach anywhere. Prints each cycle between
two modules and exits 1 when there is one.
"""
import os
import re
import sys


def modules(root):
    mods = {}
    for dirpath, _, files in os.walk(root):
        for f in files:
            if f.endswith(".rs"):
                path = os.path.join(dirpath, f)
                parts = os.path.relpath(path, root)[:-3].split(os.sep)
                if parts[-1] in ("mod", "lib", "main"):
                    parts = parts[:-1]
                mods["::".join(parts)] = open(path, encoding="utf-8").read()
    return mods


def use_paths(tree):
    """The full paths of a use tree such as `crate::{a::X, b::{c, d}}`."""
    tree = re.sub(r"\s+", "", tree)
    out = []

    def walk(prefix, t):
        i = t.find("{")
        if i < 0:
            for p in t.split(","):
                if p:
                    out.append(prefix + p)
            return
        head, body = t[:i], t[i + 1 : t.rfind("}")]
        depth, start = 0, 0
        for j, ch in enumerate(body + ","):
            if ch == "{":
                depth += 1
            elif ch == "}":
                depth -= 1
            elif ch == "," and depth == 0:
                walk(prefix + head, body[start:j])
                start = j + 1

    walk("", tree)
    return out


def resolve(mods, here, path):
    segs = [s for s in re.split(r"::", path) if s and s != "*"]
    segs = [re.sub(r"as\w+$", "", s) for s in segs]
    cur = here.split("::") if here else []
    if not segs:
        return None
    if segs[0] == "crate":
        base, segs = [], segs[1:]
    elif segs[0] in ("super", "self"):
        base = cur[:]
        while segs and segs[0] == "super":
            base, segs = base[:-1], segs[1:]
        if segs and segs[0] == "self":
            segs = segs[1:]
    elif ("::".join(cur + [segs[0]])) in mods:
        base = cur
    else:
        return None
    full = base + segs
    for k in range(len(full), -1, -1):
        name = "::".join(full[:k])
        if name in mods:
            return name
    return None


def inline_modules_as_self(src):
    """In an inline `mod x { … }`, `super::` names the file's module: written `self::` here."""
    out, i = [], 0
    for m in re.finditer(r"\bmod\s+\w+\s*\{", src):
        if m.start() < i:
            continue
        depth, j = 1, m.end()
        while j < len(src) and depth:
            depth += {"{": 1, "}": -1}.get(src[j], 0)
            j += 1
        out.append(src[i : m.end()])
        out.append(src[m.end() : j].replace("super::", "self::"))
        i = j
    out.append(src[i:])
    return "".join(out)


def edges(mods):
    out = {}
    for name, src in mods.items():
        src = re.split(r"#\[cfg\(test\)\]\s*(?:pub(?:\(crate\))?\s+)?mod tests", src)[0]
        src = re.sub(r"//[^\n]*", "", src)
        src = inline_modules_as_self(src)
        deps = set()
        for tree in re.findall(r"\buse\s+([^;]+);", src):
            for p in use_paths(tree):
                d = resolve(mods, name, p)
                if d is not None and d != name:
                    deps.add(d)
        body = re.sub(r"\buse\s+[^;]+;", "", src)
        for p in re.findall(r"(?<![\w:])((?:crate|super|self|[a-z_]\w*)(?:::\w+)+)", body):
            d = resolve(mods, name, p)
            if d is not None and d != name:
                deps.add(d)
        out[name] = deps
    return out


def main(roots):
    bad = 0
    for root in roots:
        graph = edges(modules(root))
        for a in sorted(graph):
            for b in sorted(graph[a]):
                if a < b and a in graph.get(b, ()):
                    print(f"{root}: {a or '(crate root)'} and {b or '(crate root)'} import each other")
                    bad += 1
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main(sys.argv[1:])
