#!/usr/bin/env python3
"""Adds up the tests that cargo test and Playwright reported in their logs; prints 'passed failed'."""
import re
import sys

passed = failed = 0
for path in sys.argv[1:]:
    try:
        text = open(path, encoding="utf-8", errors="replace").read()
    except OSError:
        continue
    text = re.sub(r"\x1b\[[0-9;]*m", "", text)
    for m in re.finditer(r"test result: \w+\. (\d+) passed; (\d+) failed", text):
        passed += int(m.group(1))
        failed += int(m.group(2))
    # Playwright's list reporter closes with "  N passed (12s)" and "  N failed".
    m = re.search(r"^\s*(\d+) passed \(", text, re.M)
    if m:
        passed += int(m.group(1))
    m = re.search(r"^\s*(\d+) failed\s*$", text, re.M)
    if m:
        failed += int(m.group(1))
print(passed, failed)
