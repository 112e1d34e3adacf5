#!/usr/bin/env python3
"""The module graph of src/: an edge A -> B where code of top-level module A (outside its
`#[cfg(test)]` modules) names `crate::B`. `main`, `cli`, `lib` and `prelude` are left aside: they
sit on top and may name anything. Prints the edges with one site each, then every cycle (strongly
connected component of more than one module); exits 1 when there is one. `.ci/run` runs it.

    python3 tools/module_graph.py            # the check
    python3 tools/module_graph.py --edges    # every edge with its sites, for a newcomer
"""
import re
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src"
ASIDE = {"main", "cli", "lib", "prelude"}


def strip_tests(text):
    """Remove `#[cfg(test)] mod x { ... }` blocks (brace-matched) and comments."""
    text = re.sub(r"//[^\n]*", "", text)
    out, i = [], 0
    pat = re.compile(r"#\[cfg\(test\)\]\s*(pub(\([a-z]+\))?\s+)?mod\s+\w+\s*\{")
    while True:
        m = pat.search(text, i)
        if not m:
            out.append(text[i:])
            break
        out.append(text[i:m.start()])
        depth, j = 1, m.end()
        while j < len(text) and depth:
            depth += {"{": 1, "}": -1}.get(text[j], 0)
            j += 1
        i = j
    return "".join(out)


def module_of(path):
    rel = path.relative_to(SRC)
    return rel.parts[0].removesuffix(".rs")


def edges():
    found = {}
    for path in sorted(SRC.rglob("*.rs")):
        a = module_of(path)
        if a in ASIDE:
            continue
        text = strip_tests(path.read_text())
        names = set(re.findall(r"crate::(\w+)", text))
        # `use crate::{a, b::c}` groups
        for group in re.findall(r"crate::\{([^}]*(?:\{[^}]*\}[^}]*)*)\}", text):
            depth, cur = 0, ""
            for ch in group:
                if ch == "{":
                    depth += 1
                elif ch == "}":
                    depth -= 1
                if depth == 0 and ch == ",":
                    names.add(cur.strip().split("::")[0]); cur = ""
                else:
                    cur += ch
            names.add(cur.strip().split("::")[0])
        for b in names:
            if b and b != a and b not in ASIDE and b not in ("self", "super") and (SRC / b).exists() or (SRC / f"{b}.rs").exists():
                if b != a and b not in ASIDE:
                    found.setdefault((a, b), []).append(str(path.relative_to(SRC.parent)))
    return found


def cycles(graph_edges):
    nodes = sorted({n for e in graph_edges for n in e})
    adj = {n: [] for n in nodes}
    for a, b in graph_edges:
        adj[a].append(b)
    index, low, stack, on, comps, counter = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]; counter[0] += 1
        stack.append(v); on.add(v)
        for w in adj[v]:
            if w not in index:
                visit(w); low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop(); on.discard(w); comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                comps.append(sorted(comp))

    sys.setrecursionlimit(10000)
    for v in nodes:
        if v not in index:
            visit(v)
    return comps


def main():
    found = edges()
    if "--edges" in sys.argv:
        for (a, b), sites in sorted(found.items()):
            print(f"{a} -> {b}   ({', '.join(sorted(set(sites)))})")
    comps = cycles(found.keys())
    if not comps:
        print(f"module graph: {len(found)} edges between top-level modules of src/, no cycle")
        return 0
    for comp in comps:
        print(f"module graph: a cycle of {len(comp)} modules: {', '.join(comp)}")
        for (a, b), sites in sorted(found.items()):
            if a in comp and b in comp:
                print(f"  {a} -> {b}   ({sorted(set(sites))[0]})")
    return 1


if __name__ == "__main__":
    sys.exit(main())
