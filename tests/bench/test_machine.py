"""The bench's machine figure: two copies of the parser really run, started together."""

from __future__ import annotations

import math
from pathlib import Path

from bench.bench_import import write_log
from bench.machine import capacity


def test_capacity_is_a_ratio_of_real_work(tmp_path: Path) -> None:
    sample = tmp_path / "sample.log"
    write_log(sample, 3_000)
    got = capacity(sample, rounds=1)
    # Not a timing assertion (the figure is whatever the machine gives): a copy that failed
    # to start, parse or report would raise or give no finite, positive ratio.
    assert math.isfinite(got) and got > 0
