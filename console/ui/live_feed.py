"""Adapts a LiveSession (console/runner.py) to what the console screen reads."""

from __future__ import annotations

from console import events as ev
from console.runner import LiveSession
from console.state import State
from console.store.replay import ReplayCursor
from console.store.schema import connect
from console.ui.widgets.gate_bar import Availability


class LiveFeed:
    def __init__(self, session: LiveSession) -> None:
        self.session = session
        self._cursor: ReplayCursor | None = None
        self._cursor_session = ""

    @property
    def state(self) -> State:
        return self.session.pipeline.state

    @property
    def session_id(self) -> str:
        return self.session.session_id

    @property
    def badges(self) -> tuple[str, ...]:
        badges = ["LIVE", "RECORDING"]
        if self.session.finished.is_set() or self.state.outcome:
            badges[0] = "ENDED"
        if self.session.read_only:
            badges.append("READ-ONLY")
        if self.session.operator.web:  # through `opsconsole serve`: whose browser this is
            badges.append(f"WEB {self.session.operator.name}")
        return tuple(badges)

    def take_log(self) -> tuple[bool, list[tuple[int, ev.LogLine]]]:
        return False, self.session.take_log()

    def availability(self) -> Availability:
        return {
            verb: (bool(a.enabled), str(a.reason))
            for verb, a in self.session.desk.availability().items()
        }

    def older_log(self, before_seq: int, limit: int) -> list[tuple[int, ev.LogLine]]:
        """From the session's own database, read-only, beside the recorder (WAL allows it)."""
        if self._cursor is not None and self._cursor_session != self.session.session_id:
            self._cursor.close()  # the agent restarted: a new session is being recorded
            self._cursor = None
        if self._cursor is None:
            db = connect(self.session.recorder.path, readonly=True)
            self._cursor = ReplayCursor(db, self.session.session_id)
            self._cursor_session = self.session.session_id
        return self._cursor.log_window(before_seq, limit)

    def describe(self, verb: str, reason: str = "") -> str:
        return self.session.describe(verb, reason)

    async def decide(self, verb: str, reason: str) -> tuple[str, str]:
        outcome = await self.session.decide(verb, reason)
        return outcome.result, outcome.detail
