from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.helpers.fake_agent import FakeAgent


@pytest.fixture
async def fake_agent() -> AsyncIterator[FakeAgent]:
    agent = FakeAgent("s3cret-token")
    await agent.start()
    yield agent
    await agent.close()
