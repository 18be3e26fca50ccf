from __future__ import annotations

import pytest

from console.timefmt import ago


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(0, "just now"), (59, "just now"), (60, "1 min ago"), (3 * 60 + 59, "3 min ago"),
     (3600, "1 h ago"), (86399, "23 h ago"), (86400, "1 day ago"), (86400 * 400, "400 days ago"),
     (-30, "just now"), (None, "-"), (float("inf"), "-")],
)  # fmt: skip
def test_ago_reads_as_a_person_says_it(seconds: float | None, text: str) -> None:
    assert ago(seconds) == text
