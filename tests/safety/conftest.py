from __future__ import annotations

import pytest

from tests.safety.corpus import Nasty, hostile_corpus


@pytest.fixture(scope="session")
def corpus() -> list[Nasty]:
    """The hostile inputs, built in code (the 10 MB line is not committed anywhere)."""
    return hostile_corpus()
