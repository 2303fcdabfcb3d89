"""`make bench`: run every benchmark script in this folder, one after the other.

Each script is standalone (``python benchmarks/NAME.py``), measures its own baseline in
the same run and prints ratio lines. A script that fails is reported and the rest go on.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    only = set(sys.argv[1:])
    scripts = sorted(
        p for p in HERE.glob("*.py") if p.name != "run_all.py" and not p.name.startswith("_")
    )
    failed = []
    for script in scripts:
        if only and script.stem not in only:
            continue
        print(f"=== {script.stem}", flush=True)
        started = time.perf_counter()
        code = subprocess.call([sys.executable, str(script)])
        print(
            f"=== {script.stem}: exit {code} in {time.perf_counter() - started:.1f} s\n", flush=True
        )
        if code:
            failed.append(script.stem)
    if failed:
        print(f"failed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
