"""Adapts a LiveSession (console/runner.py) to what the console screen reads."""

from __future__ import annotations

from pathlib import Path
from typing import Any

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
    def data_dir(self) -> Path:
        """Where the session is recorded: copies and screenshots go beside it."""
        return Path(self.session.recorder.path).parent

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

    # The controller's own verbs (Argo Rollouts), when the decider has any.

    def commands(self) -> Availability:
        verbs = self.session.desk.commands()
        return {v: (bool(a.enabled), str(a.reason)) for v, a in verbs.items()}

    def revisions(self) -> list[Any]:
        listing = getattr(self.session.desk.decider, "revisions", None)
        return list(listing()) if listing else []

    def describe_command(self, verb: str, revision: int | None = None) -> str:
        return self.session.desk.describe_command(verb, revision)

    async def command(self, verb: str, reason: str, revision: int | None) -> tuple[str, str]:
        outcome = await self.session.desk.command(verb, reason, revision)
        return outcome.result, outcome.detail
