"""`make bench`: run every benchmark in turn and print its figures.

Benchmarks measure; they are not tests and have no pass/fail thresholds. Each one is a
script in this folder that prints its own table; this runner just runs them in order.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHES = ["bench_proposer.py", "bench_editor.py", "bench_release.py", "bench_agreement.py", "bench_scale.py"]


def main() -> int:
    failed = []
    only = sys.argv[1:]
    for name in BENCHES:
        if only and not any(o in name for o in only):
            continue
        script = HERE / name
        if not script.exists():
            print(f"== {name}: missing, skipped\n")
            continue
        print(f"== {name}", flush=True)
        result = subprocess.run([sys.executable, str(script)], cwd=HERE.parent)
        if result.returncode:
            failed.append(name)
        print(flush=True)
    if failed:
        print("Benchmarks that failed to run: " + ", ".join(failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
