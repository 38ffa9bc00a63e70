#!/usr/bin/env python3
"""callgraph.py — the file-level call graph of the compiler library, and its cycles.

Reads the symbol tables of the compiler's static archives with llvm-nm: a file calls (or reads)
another when its object has an undefined symbol that the other's object defines. The pipeline's
stages are meant to be layered, a driver on top of helpers that never call back up:

  decode    decode*.c      decode.c drives; decode_*.c read parts of it
  validate  validate*.c    validate.c drives; validate_*.c check parts of it
  lower     lower*.c       lower.c drives; lower_*.c lower operator classes over lower_emit.c

Checks, one each: each stage has no cycle among its files, the whole library has no cycle
among its files, and (first) the cycle finder finds a cycle planted in a small graph. Prints
each cycle found with the symbols on its edges, then a last line `N passed, N failed`
(tools/summarize.py counts it). Exit status 1 if any check failed.

  tools/callgraph.py [--nm llvm-nm-19] [-v] build/compiler/libw2n_front.a build/compiler/libw2n_codegen.a
  -v also prints every edge: `file -> file: symbols`.
"""
import argparse
import os
import re
import subprocess
import sys
from collections import defaultdict

STAGES = {"decode": "decode", "validate": "validate", "lower": "lower"}
MEMBER_RE = re.compile(r"^(?:.*[/(])?([^/()]+?)\.o\)?:$")
DEFINED = set("TDRBCVWGS")  # global definitions (text, data, rodata, bss, common, weak, ...)


def read_symbols(nm, archives):
    """{file: (defined set, undefined set)} for every member of the archives."""
    files = {}
    for archive in archives:
        out = subprocess.run([nm, archive], check=True, capture_output=True, text=True).stdout
        member = None
        for line in out.splitlines():
            m = MEMBER_RE.match(line)
            if m:
                member = os.path.basename(m.group(1))  # e.g. lower.c (from lower.c.o)
                files[member] = (set(), set())
                continue
            parts = line.split()
            if member is None or len(parts) < 2:
                continue
            kind, name = parts[-2], parts[-1]
            if kind == "U":
                files[member][1].add(name)
            elif kind in DEFINED:
                files[member][0].add(name)
    return files


def build_graph(files):
    """{caller: {callee: sorted symbols}} between distinct files."""
    owner = {}
    for f, (defs, _) in files.items():
        for s in defs:
            owner[s] = f
    graph = {f: defaultdict(list) for f in files}
    for f, (_, undefs) in files.items():
        for s in sorted(undefs):
            g = owner.get(s)
            if g and g != f:
                graph[f][g].append(s)
    return graph


def cycles(graph):
    """Strongly connected components with more than one file (Tarjan), each sorted."""
    index, low, on_stack, stack, found = {}, {}, set(), [], []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                found.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def describe(graph, comp):
    """The edges inside one cycle, with their symbols, one per line."""
    lines = []
    for f in comp:
        for g in sorted(graph[f]):
            if g in comp:
                syms = graph[f][g]
                more = f" (+{len(syms) - 4} more)" if len(syms) > 4 else ""
                lines.append(f"    {f} -> {g}: {' '.join(syms[:4])}{more}")
    return "\n".join(lines)


def subgraph(graph, keep):
    return {f: {g: s for g, s in graph[f].items() if keep(g)} for f in graph if keep(f)}


def check(name, graph, results):
    found = cycles(graph)
    if not found:
        print(f"ok: {name}: no call cycle among {len(graph)} files")
        results.append(True)
        return
    for comp in found:
        print(f"FAIL: {name}: call cycle among {', '.join(comp)}")
        print(describe(graph, comp))
    results.append(False)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--nm", default="llvm-nm-19")
    ap.add_argument("-v", action="store_true", help="print every edge")
    ap.add_argument("archives", nargs="+")
    args = ap.parse_args()
    results = []

    planted = {"a.c": {"b.c": ["f"]}, "b.c": {"c.c": ["g"]}, "c.c": {"a.c": ["h"]}, "d.c": {}}
    if cycles(planted) == [["a.c", "b.c", "c.c"]]:
        print("ok: the cycle finder finds a planted cycle a.c -> b.c -> c.c -> a.c")
        results.append(True)
    else:
        print(f"FAIL: the cycle finder missed a planted cycle: {cycles(planted)}")
        results.append(False)

    graph = build_graph(read_symbols(args.nm, args.archives))
    if args.v:
        for f in sorted(graph):
            for g in sorted(graph[f]):
                print(f"{f} -> {g}: {' '.join(graph[f][g])}")
    for stage, prefix in STAGES.items():
        files = {f for f in graph if f.startswith(prefix)}
        if not files:
            print(f"FAIL: {stage}: no {prefix}*.c object in the archives")
            results.append(False)
            continue
        check(f"{stage} stage ({prefix}*.c)", subgraph(graph, lambda f: f in files), results)
    check("compiler library", graph, results)

    passed = sum(results)
    failed = len(results) - passed
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
