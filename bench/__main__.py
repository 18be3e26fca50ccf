"""`make bench`: run every benchmark in its own process (so peak RSS is its own) and print figures.

python -m bench            all of them
python -m bench demo tty   just these
"""

from __future__ import annotations

import json
import subprocess
import sys
import time

BENCHES = {
    "demo": "bench.bench_demo",
    "import": "bench.bench_import",
    "compare": "bench.bench_compare",
    "replay": "bench.bench_replay",
    "tty": "bench.bench_tty",
    "load": "bench.bench_load",
}


def main(argv: list[str]) -> int:
    wanted = argv or list(BENCHES)
    failed = 0
    for name in wanted:
        module = BENCHES.get(name)
        if module is None:
            print(f"unknown bench {name!r}; choose from {', '.join(BENCHES)}", file=sys.stderr)
            return 2
        print(f"== {name}", flush=True)
        started = time.monotonic()
        code = (
            f"import json, {module} as m; r = m.run(); "
            "print('RESULT ' + json.dumps(r, default=str))"
        )
        proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
        result = None
        for line in proc.stdout.splitlines():
            if line.startswith("RESULT "):
                result = json.loads(line[7:])
            else:
                print(f"   {line}")
        if proc.returncode != 0 or result is None:
            failed += 1
            tail = (proc.stderr or "").strip().splitlines()[-3:]
            print(f"   FAILED ({proc.returncode}): {' | '.join(tail)}")
            continue
        for key, value in result.items():
            print(f"   {key:<34} {value}")
        print(f"   {'(bench wall time)':<34} {time.monotonic() - started:.1f} s", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
