"""LiveSession's pump: a source's burst is fed in slices, the event loop taking turns."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

from console import events as ev
from console.redact import Redactor
from console.runner import PUMP_SLICE, LiveSession


class _Burst:
    """A source that yields everything at once, never waiting (a flood, a fast file)."""

    def __init__(self, n: int) -> None:
        self.n = n

    async def events(self, stop: asyncio.Event) -> AsyncIterator[ev.Event]:
        for i in range(self.n):
            yield ev.LogLine(
                ts=1_700_000_000.0 + i, source="burst", level="INFO", message=f"line {i}"
            )


async def test_a_burst_is_fed_in_slices_and_the_loop_serves_between_them(tmp_path: Path) -> None:
    n = 4 * PUMP_SLICE
    session = LiveSession(db_path=tmp_path / "s.db", name="burst", sources=[_Burst(n)])
    served = asyncio.Event()
    seen_when_served: list[int] = []
    fed: list[int] = []

    def count(event: ev.Event, seq: int) -> None:
        if event.source == "burst":
            fed.append(seq)
            if len(fed) == 1:  # the burst has begun: something else asks for the loop
                asyncio.get_running_loop().call_soon(serve)

    def serve() -> None:  # what a key press is to the loop: something else to do meanwhile
        seen_when_served.append(len(fed))
        served.set()

    session.pipeline.listeners.append(count)
    await session.run(asyncio.Event())
    session.close()
    assert not session.errors, session.errors
    assert len(fed) == n
    assert served.is_set() and seen_when_served[0] <= PUMP_SLICE  # not after the whole burst


def _line(i: int, message: str, detail: tuple[str, ...] = ()) -> ev.LogLine:
    return ev.LogLine(
        ts=1_700_000_000.0 + i, source="agent", level="INFO", message=message, detail=detail
    )


def test_the_log_taken_for_the_screen_is_redacted_as_line_by_line_in_order(
    tmp_path: Path,
) -> None:
    """Lines are redacted a batch at a time when the screen takes them; what it gets is what
    one Redactor reading every line in order gives, a key block split across two takes
    included."""
    messages = [
        "polling rollout status",
        "-----BEGIN RSA PRIVATE KEY-----",
        "MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun",
        "VTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u+qKhbwKfBstIs+bMY2Zkp18gnTxK",
        "LxoS2tFczGkPLPgizskuemMghRniWaoLcyehkd3qqGElvW/VDL5AaWTg0nLVkjRo",
        "-----END RSA PRIVATE KEY-----",
        "after the key",
        "connecting with password=hunter2 to the pool",
        "plain again",
    ]
    lines = [_line(i, m) for i, m in enumerate(messages)]
    lines.insert(1, _line(99, "checkpoint", ("  - token: abcdef0123456789", "  - ok")))
    session = LiveSession(db_path=tmp_path / "s.db", name="log", sources=[])
    try:
        for line in lines[:4]:  # the take falls inside the key block
            session.pipeline.feed(line)
        taken = session.take_log()
        for line in lines[4:]:
            session.pipeline.feed(line)
        taken += session.take_log()
    finally:
        session.close()
    reference = Redactor()
    expected = [
        (reference(line.message), tuple(reference(d) for d in line.detail)) for line in lines
    ]
    assert [(e.message, e.detail) for _, e in taken] == expected
    shown = "\n".join(e.message + "\n" + "\n".join(e.detail) for _, e in taken)
    assert "hunter2" not in shown and "abcdef0123456789" not in shown
    assert "MIIEowIBAAKCAQEA" not in shown and "VTLw7onLRnrq0" not in shown
    assert taken[0][1].message == "polling rollout status"
    assert [seq for seq, _ in taken] == sorted(seq for seq, _ in taken)


def test_a_batch_without_a_trigger_word_is_taken_as_it_came(tmp_path: Path) -> None:
    session = LiveSession(db_path=tmp_path / "s.db", name="log", sources=[])
    lines = [_line(i, f"routine line {i}", ("  - detail",) * (i % 3)) for i in range(50)]
    try:
        for line in lines:
            session.pipeline.feed(line)
        taken = session.take_log()
    finally:
        session.close()
    assert [e for _, e in taken] == lines
