#!/usr/bin/env python3
"""summarize.py — one total over every meson test suite, for tools/test.sh.

Reads build/meson-logs/testlog.json (one JSON object per test run by `meson test`) and counts
individual checks, not meson tests:
  - a Check suite prints `NN%: Checks: C, Failures: F, Errors: E` (CK_VERBOSITY=normal):
    C-F-E passed, F+E failed;
  - the spec runner prints a last line `N passed, N failed, N skipped`: taken as is;
  - any other test counts as one check, passed if meson's verdict is OK or EXPECTEDFAIL.
A test that meson judged failed (crash, sanitizer report at exit, timeout, unexpected pass) but
whose own lines report no failure adds one failed, so the total never hides a failed test.

Prints one line per suite, then last, alone, `N passed, N failed`. Exit status 1 if anything
failed or no test ran.
"""
import json
import re
import sys
from collections import defaultdict

CHECK_RE = re.compile(r"^\d+%: Checks: (\d+), Failures: (\d+), Errors: (\d+)\s*$", re.M)
TOTAL_RE = re.compile(r"^(\d+) passed, (\d+) failed(?:, (\d+) skipped)?\s*$", re.M)
GOOD = {"OK", "EXPECTEDFAIL"}


def count(test):
    """(passed, failed, skipped) of one meson test."""
    out = (test.get("stdout") or "") + "\n" + (test.get("stderr") or "")
    verdict = test.get("result", "FAIL")
    if verdict == "SKIP":
        return 0, 0, 1
    checks = CHECK_RE.findall(out)
    totals = TOTAL_RE.findall(out)
    if checks:
        passed = sum(int(c) - int(f) - int(e) for c, f, e in checks)
        failed = sum(int(f) + int(e) for c, f, e in checks)
        skipped = 0
    elif totals:
        p, f, s = totals[-1]
        passed, failed, skipped = int(p), int(f), int(s or 0)
    else:
        return (1, 0, 0) if verdict in GOOD else (0, 1, 0)
    if verdict not in GOOD and failed == 0:
        failed = 1
    return passed, failed, skipped


def suite_of(name):
    """`project:suite / test` → `suite`."""
    head = name.split(" / ", 1)[0]
    return head.split(":", 1)[-1] if " / " in name else "(none)"


def main(path):
    per_suite = defaultdict(lambda: [0, 0, 0, 0])  # passed, failed, skipped, meson tests
    bad = []
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            if not line.strip():
                continue
            test = json.loads(line)
            p, fl, s = count(test)
            row = per_suite[suite_of(test["name"])]
            row[0] += p
            row[1] += fl
            row[2] += s
            row[3] += 1
            if fl:
                bad.append(f"{test['name']} ({test.get('result')})")
    print()
    print("Summary (individual checks):")
    for suite in sorted(per_suite):
        p, fl, s, n = per_suite[suite]
        extra = f", {s} skipped" if s else ""
        print(f"  {suite:<8} {p} passed, {fl} failed{extra}  [{n} meson test(s)]")
    for name in bad:
        print(f"  failed: {name}")
    passed = sum(r[0] for r in per_suite.values())
    failed = sum(r[1] for r in per_suite.values())
    print(f"{passed} passed, {failed} failed")
    return 1 if failed or not per_suite else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "build/meson-logs/testlog.json"))
