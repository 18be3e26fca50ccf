from __future__ import annotations

import pytest

from console.timefmt import age


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(0, "0s"), (59.9, "59s"), (60, "1m"), (3599, "59m"), (7200, "2h"), (86400 * 12, "12d"),
     (-5, "0s"), (None, "?"), (float("nan"), "?")],
)  # fmt: skip
def test_age_as_kubectl_prints_it(seconds: float | None, text: str) -> None:
    assert age(seconds) == text
