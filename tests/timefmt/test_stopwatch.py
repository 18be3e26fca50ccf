"""The stopwatch of the status bar and gate timers."""

from __future__ import annotations

import pytest

from console.timefmt import stopwatch


@pytest.mark.parametrize(
    ("seconds", "shown"),
    [
        (0, "00:00"),
        (90.7, "01:30"),
        (3723, "1:02:03"),
        (47 * 3600 + 59 * 60 + 59, "47:59:59"),
        (48 * 3600, "2d 0:00:00"),
        # two files years apart in one session: days, not a 52733-hour clock
        (52733 * 3600 + 25 * 60 + 34, "2197d 5:25:34"),
        (-5, "00:00"),
    ],
)
def test_stopwatch(seconds: float, shown: str) -> None:
    assert stopwatch(seconds) == shown


def test_an_unknown_time_is_the_placeholder() -> None:
    assert stopwatch(None) == "—" and stopwatch(float("nan"), "?") == "?"
