#!/usr/bin/env bash
# check-format.sh — every C source and header in the tree is already formatted by .clang-format
# (clang-format-19 --dry-run --Werror prints each file that `clang-format-19 -i` would change).
# Counts one check per file; the *.def tables are fenced with `clang-format off` and not passed.
set -uo pipefail
cd "$1"
fmt=${CLANG_FORMAT:-clang-format-19}
passed=0 failed=0
while IFS= read -r f; do
	if "$fmt" --dry-run --Werror "$f" >/dev/null 2>&1; then
		passed=$((passed + 1))
	else
		echo "not formatted: $f (run: $fmt -i $f)"
		"$fmt" --dry-run "$f" 2>&1 | head -20
		failed=$((failed + 1))
	fi
done < <(git ls-files -- '*.c' '*.h' '*.cpp')
echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
