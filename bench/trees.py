"""The parser's CPU time on one input for two code trees, alternated (a change's cost).

    python -m bench.trees TREE_A TREE_B LOG [ROUNDS]

Each run is a fresh interpreter that imports ``console`` from its tree. The editable install
puts a finder on ``sys.meta_path`` that maps ``console`` to the checkout it was installed
from whatever ``PYTHONPATH`` says, so that finder is removed first: two trees compared
through ``PYTHONPATH`` alone are one tree measured twice. Pure Python in both (a compiled
build belongs to one tree only). Prints each run's best of three and the load average.
"""

from __future__ import annotations

import os
import subprocess
import sys

_RUN = """
import sys, time
sys.meta_path = [f for f in sys.meta_path if "editable" not in repr(f).lower()]
sys.path.insert(0, sys.argv[1])
import console
assert console.__file__.startswith(sys.argv[1]), console.__file__
from console.ingest import read_chunks
from console.parse import LogParser
chunks = list(read_chunks(sys.argv[2]))
best = float("inf")
for _ in range(3):
    parser, t = LogParser(year_ref=0), time.process_time()
    for chunk in chunks:
        parser.feed_text(chunk)
    parser.flush()
    best = min(best, time.process_time() - t)
print(f"{best:.3f}")
"""


def run(tree: str, log: str) -> float:
    env = {**os.environ, "OPSCONSOLE_PURE_PYTHON": "1"}
    out = subprocess.run(
        [sys.executable, "-c", _RUN, os.path.abspath(tree), log],
        capture_output=True, text=True, env=env, check=True,
    )  # fmt: skip
    return float(out.stdout.strip())


def main(argv: list[str]) -> int:
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    a, b, log = argv[:3]
    rounds = int(argv[3]) if len(argv) > 3 else 3
    times: dict[str, list[float]] = {a: [], b: []}
    for _ in range(rounds):
        for tree in (a, b):
            times[tree].append(run(tree, log))
    for tree, ts in times.items():
        print(f"{tree}: {' / '.join(f'{t:.3f}' for t in ts)} s (best {min(ts):.3f})")
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
