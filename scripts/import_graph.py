#!/usr/bin/env python3
"""The `use crate::` / `super::` graph of a crate's files, and its circles.

Usage: scripts/import_graph.py SRC_DIR [SRC_DIR ...]

For each crate source folder, every path that starts with `crate::` or
`super::` (in `use` trees, braces expanded, and inline in code; comments and
string literals ignored) becomes an edge from the file that writes it to the
file that defines the module it names. Then it prints the strongly connected
components of more than one file (each is at least one circle) and the number
of elementary circles, and exits 1 if there is any.
"""
import os
import re
import sys


def strip_comments_and_strings(text):
    out, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j < 0 else j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            i = n if j < 0 else j + 2
        elif c == "r" and re.match(r'r#*"', text[i:i + 8]) and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_")):
            m = re.match(r'r(#*)"', text[i:])
            end = '"' + m.group(1)
            j = text.find(end, i + len(m.group(0)))
            i = n if j < 0 else j + len(end)
            out.append('""')
        elif c == '"':
            j = i + 1
            while j < n and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            i = j + 1
            out.append('""')
        elif c == "'" and re.match(r"'(\\.|[^\\'])'", text[i:i + 4]):
            m = re.match(r"'(\\.|[^\\'])'", text[i:])
            i += len(m.group(0))
        else:
            out.append(c)
            i += 1
    return "".join(out)


def expand(tree):
    """`a::{b, c::{d, e}}` -> ['a::b', 'a::c::d', 'a::c::e']"""
    tree = tree.strip()
    depth, start = 0, None
    for k, ch in enumerate(tree):
        if ch == "{":
            if depth == 0:
                start = k
            depth += 1
        elif ch == "}":
            depth -= 1
    if start is None:
        return [tree]
    prefix = tree[:start]
    inner = tree[start + 1:tree.rfind("}")]
    parts, depth, cur = [], 0, ""
    for ch in inner:
        if ch == "," and depth == 0:
            parts.append(cur)
            cur = ""
            continue
        depth += ch == "{"
        depth -= ch == "}"
        cur += ch
    parts.append(cur)
    result = []
    for p in parts:
        p = p.strip()
        if not p:
            continue
        for e in expand(p):
            result.append(prefix + e if e != "self" else prefix.rstrip(":"))
    return result


def module_of(root, path):
    rel = os.path.relpath(path, root)[:-3].split(os.sep)
    if rel[-1] in ("mod", "lib", "main"):
        rel = rel[:-1]
    return rel


def file_of(root, segments):
    """The file defining the longest prefix of `segments` that is a module."""
    for k in range(len(segments), -1, -1):
        seg = segments[:k]
        if not seg:
            for name in ("lib.rs", "main.rs"):
                if os.path.exists(os.path.join(root, name)):
                    return os.path.join(root, name)
            return None
        base = os.path.join(root, *seg)
        for cand in (base + ".rs", os.path.join(base, "mod.rs")):
            if os.path.exists(cand):
                return cand
    return None


def edges(root):
    graph = {}
    for dirpath, _, files in os.walk(root):
        if os.path.basename(dirpath) == "bin":
            continue
        for f in files:
            if not f.endswith(".rs"):
                continue
            path = os.path.join(dirpath, f)
            code = strip_comments_and_strings(open(path, encoding="utf-8").read())
            # Test modules inside a file may import anything from above.
            code = re.split(r"#\[cfg\(test\)\]\s*mod\s+tests", code)[0]
            mod = module_of(root, path)
            is_mod_file = f in ("mod.rs", "lib.rs", "main.rs")
            paths = []
            if is_mod_file:
                # A parent reaching into a child it declares (not a mere
                # `pub use` re-export) is an edge too.
                children = set(re.findall(r"\bmod\s+(\w+)\s*;", code))
                body = re.sub(r"\bpub(?:\([^)]*\))?\s+use\s+[^;]+;", "", code)
                for m in re.finditer(r"(?<![\w:])(\w+)((?:::\w+)+)", body):
                    if m.group(1) in children:
                        paths.append("self::" + m.group(1) + m.group(2))
            for m in re.finditer(r"\buse\s+([^;]+);", code):
                paths.extend(expand(m.group(1)))
            for m in re.finditer(r"(?<![\w:])((?:crate|super)(?:::\w+)+)", code):
                paths.append(m.group(1))
            targets = set()
            for p in paths:
                p = re.sub(r"\s+as\s+\w+$", "", p.strip())
                segs = [s for s in p.split("::") if s]
                if not segs:
                    continue
                if segs[0] == "crate":
                    abs_segs = segs[1:]
                elif segs[0] == "self":
                    abs_segs = list(mod) + segs[1:]
                elif segs[0] == "super":
                    base = list(mod) if is_mod_file else list(mod[:-1]) if False else list(mod)
                    while segs and segs[0] == "super":
                        base = base[:-1]
                        segs = segs[1:]
                    abs_segs = base + segs
                else:
                    continue
                target = file_of(root, abs_segs)
                if target and target != path:
                    targets.add(target)
            graph[path] = targets
    return graph


def sccs(graph):
    index, low, stack, on, out, counter = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            out.append(comp)

    sys.setrecursionlimit(10000)
    for v in sorted(graph):
        if v not in index:
            visit(v)
    return [c for c in out if len(c) > 1]


def count_cycles(graph, nodes, cap=1_000_000):
    """Elementary circles within `nodes` (each counted once, from its smallest node)."""
    order = sorted(nodes)
    rank = {v: k for k, v in enumerate(order)}
    total = 0
    for s in order:
        stack = [(s, iter(sorted(graph.get(s, ()))))]
        on_path = {s}
        while stack:
            v, it = stack[-1]
            advanced = False
            for w in it:
                if w not in rank or rank[w] < rank[s]:
                    continue
                if w == s:
                    total += 1
                    if total >= cap:
                        return total
                elif w not in on_path:
                    on_path.add(w)
                    stack.append((w, iter(sorted(graph.get(w, ())))))
                    advanced = True
                    break
            if not advanced:
                stack.pop()
                on_path.discard(v)
    return total


def main(roots):
    bad = False
    for root in roots:
        graph = edges(root)
        comps = sccs(graph)
        n_edges = sum(len(t) for t in graph.values())
        circles = sum(count_cycles(graph, set(c)) for c in comps)
        print(f"{root}: {len(graph)} files, {n_edges} edges, {len(comps)} circular groups, {circles} circles")
        for c in comps:
            print("  circle through: " + " ".join(sorted(os.path.relpath(p, root) for p in c)))
        bad |= bool(comps)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or ["src"]))
