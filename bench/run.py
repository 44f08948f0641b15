"""`make bench`: run every benchmark in turn and print its figures.

Benchmarks measure; they are not tests and have no pass/fail thresholds. Each one is a
script in this folder that prints its own table; this runner just runs them in order.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHES = [
    ["bench_proposer.py"],
    ["bench_editor.py"],
    ["bench_release.py"],
    ["bench_agreement.py"],
    ["bench_scale.py"],
    # PolNeAR-length articles at 1,000 and 8,000: the release's memory (spaCy alone and all
    # five formats) and the list page's search should cost about the same at both sizes.
    ["bench_scale.py", "--sizes", "1000,8000", "--quotes", "25", "--steps", "release,release-spacy,pages"],
    # 20,000 PolNeAR-length articles through propose_archive on 1 and 2 Dask workers, and
    # propose_quotes on one process (about an hour and a half on 2 cores).
    ["bench_archive.py"],
]


def main() -> int:
    failed = []
    only = sys.argv[1:]
    for name, *args in BENCHES:
        if only and not any(o in name for o in only):
            continue
        script = HERE / name
        if not script.exists():
            print(f"== {name}: missing, skipped\n")
            continue
        print(f"== {' '.join([name, *args])}", flush=True)
        result = subprocess.run([sys.executable, str(script), *args], cwd=HERE.parent)
        if result.returncode:
            failed.append(" ".join([name, *args]))
        print(flush=True)
    if failed:
        print("Benchmarks that failed to run: " + ", ".join(failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
