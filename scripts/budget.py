#!/usr/bin/env python3
"""Size budget of the release site: gzip sizes of the wasm, JS and CSS that a first load fetches.

Fails (exit 1) when the total passes the budget in DESIGN.md (300 KB gzip).
Usage: scripts/budget.py dist [--markdown] [--report-only]
--report-only prints the same verdict but exits 0 (test.sh uses it while a known overrun is being
worked off; the README and the open issue carry the figure).
"""
import gzip
import pathlib
import sys

BUDGET_KB = 300
STRETCH_KB = 170


def gz(path: pathlib.Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=9))


def main() -> int:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    dist = pathlib.Path(args[0] if args else "dist")
    if not dist.is_dir():
        print(f"budget: {dist}/ does not exist; build the release first (trunk build --release)")
        return 1
    rows = []
    for kind in ("wasm", "js", "css"):
        for f in sorted(dist.glob(f"*.{kind}")):
            rows.append((kind, f.name, f.stat().st_size, gz(f)))
    if not rows:
        print(f"budget: no wasm/js/css in {dist}/")
        return 1
    total = sum(r[3] for r in rows)
    md = "--markdown" in sys.argv
    if md:
        print("| file | raw | gzip |\n|---|---:|---:|")
    for kind, name, raw, z in rows:
        if md:
            print(f"| {name} | {raw / 1024:.1f} KB | {z / 1024:.1f} KB |")
        else:
            print(f"{kind:5} {name:50} {raw / 1024:8.1f} KB raw {z / 1024:8.1f} KB gzip")
    verdict = "within" if total <= BUDGET_KB * 1024 else "OVER"
    stretch = " (stretch goal of %d KB met)" % STRETCH_KB if total <= STRETCH_KB * 1024 else ""
    line = f"total gzip {total / 1024:.1f} KB: {verdict} the {BUDGET_KB} KB budget{stretch}"
    print(f"| total | | {total / 1024:.1f} KB |" if md else line)
    if total > BUDGET_KB * 1024 and "--report-only" in sys.argv:
        print("budget: OVER, reported only (--report-only); see README 'Numbers'")
        return 0
    return 0 if total <= BUDGET_KB * 1024 else 1


if __name__ == "__main__":
    sys.exit(main())
