#!/usr/bin/env python3
"""codemap.py — the README's code map says what is true.

    codemap.py SOURCE_ROOT

Reads the code map (the block under "## Code map" in README.md): an entry is a line whose
first column holds one or more names separated by ", " (at column 0 a top-level path, indented
by two a path inside the last top-level folder; ".h" after "x.c, " means x.h; `*` globs), then
a description; lines indented further continue a description. Checks, one per name or file:

- every name matches something in the tree (a stale line fails);
- every file directly in compiler/, runtime/ and include/wasm2native/ is named, and every
  folder directly in runtime/, tests/ and tools/ (a file nobody listed fails).

Files the map cannot name one by one are the contents of the folders it names (runtime/wasi/,
whose map is runtime/wasi/internal.h; docs/runtime.md lists runtime/arch/). Prints each failure,
then `N passed, N failed` (tools/summarize.py counts it); exit status 1 if anything failed.
"""
import fnmatch
import glob
import os
import re
import sys

PATH_TOKEN = re.compile(r"^[\w.*/+-]*[./*][\w.*/+-]*$")  # has a dot, slash or glob
MUST_NAME_FILES = ["compiler", "runtime", "include/wasm2native"]
MUST_NAME_FOLDERS = ["runtime", "tests", "tools"]


def code_map(readme):
    text = open(readme, encoding="utf-8").read()
    return text.split("## Code map", 1)[1].split("```", 2)[1]


def entry_names(line):
    """The names at the start of an entry line, in order, with ".h" shorthands expanded."""
    names = []
    for word in line.split():
        token = word.rstrip(",")
        if not PATH_TOKEN.match(token):
            break
        if token.startswith(".") and names and "/" not in token:  # "validate.c, .h"
            token = re.sub(r"\.[a-z]+$", "", names[-1]) + token
        names.append(token)
        if not word.endswith(","):
            break
    return names


def named_paths(block):
    """Every path the map names, relative to the source root."""
    folder, paths = "", []
    for line in block.splitlines():
        if line.startswith("    ") or not line.strip():
            continue  # a description's continuation
        inner = line.startswith("  ")
        names = entry_names(line)
        if not inner:
            folder = names[0] if names and names[0].endswith("/") else ""
            paths += names
        else:
            paths += [folder + n for n in names]
    return paths


def main():
    root = sys.argv[1]
    paths = named_paths(code_map(os.path.join(root, "README.md")))
    results = []
    for p in paths:
        ok = bool(glob.glob(os.path.join(root, p)))
        if not ok:
            print(f"FAIL: the code map names {p}, which is not in the tree")
        results.append(ok)

    def named(rel):
        return any(fnmatch.fnmatch(rel, p.rstrip("/")) for p in paths)

    for d in MUST_NAME_FILES:
        for f in sorted(os.listdir(os.path.join(root, d))):
            rel = f"{d}/{f}"
            if os.path.isfile(os.path.join(root, rel)) and f != "meson.build":
                results.append(named(rel))
                if not results[-1]:
                    print(f"FAIL: {rel} is not in the README's code map")
    for d in MUST_NAME_FOLDERS:
        for f in sorted(os.listdir(os.path.join(root, d))):
            rel = f"{d}/{f}"
            if os.path.isdir(os.path.join(root, rel)) and not f.startswith((".", "__")):
                results.append(named(rel) or any(p.startswith(rel + "/") for p in paths))
                if not results[-1]:
                    print(f"FAIL: folder {rel}/ is not in the README's code map")
    passed = sum(results)
    print(f"{len(paths)} names in the code map")
    print(f"{passed} passed, {len(results) - passed} failed")
    return 0 if passed == len(results) else 1


if __name__ == "__main__":
    sys.exit(main())
