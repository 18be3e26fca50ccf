"""Durations as a person types them on the command line (``--timeout 30m``)."""

from __future__ import annotations

import pytest

from console.timefmt import parse_duration


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("90", 90), ("90s", 90), ("30m", 1800), ("1h30m", 5400), ("2d", 172800), ("1.5m", 90)],
)
def test_durations(text: str, seconds: float) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["", "m", "30x", "30 m", "-5", "0", "1h30", "nan", "inf"])
def test_not_durations(text: str) -> None:
    with pytest.raises(ValueError):
        parse_duration(text)
