"""The fleet view as an application: the fleet table first; Enter opens a rollout's console
over its own LiveSession (recorded as its own session), Esc stops watching it and comes back."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from console.runner import LiveSession
from console.sources.kube.fleet import FleetSource
from console.state import State
from console.textsafe import printable
from console.ui.app import OpsConsoleApp
from console.ui.live_feed import LiveFeed
from console.ui.screens.console import ConsoleScreen
from console.ui.screens.fleet import FleetScreen


class _FleetFeed:
    """What the application reads of a feed (screenshots' names and clock) on the fleet."""

    session_id = "fleet"

    def __init__(self) -> None:
        self.state = State()


class FleetApp(OpsConsoleApp):
    def __init__(
        self,
        fleet: FleetSource,
        make_session: Callable[[str, str], LiveSession],
        *,
        theme: str | None = None,
        refresh_interval: float = 0.2,
        persist_theme: bool = True,
    ) -> None:
        self.fleet = fleet
        self.make_session = make_session
        self.sessions: list[LiveSession] = []  # every rollout opened, in order
        self._closed_sessions: set[str] = set()
        super().__init__(
            _FleetFeed(),  # type: ignore[arg-type]  # the fleet has no session of its own
            screen_factory=lambda feed: FleetScreen(
                fleet, self.open_rollout, refresh_interval=refresh_interval
            ),
            theme=theme,
            refresh_interval=refresh_interval,
            runner=self._watch_fleet,
            persist_theme=persist_theme,
        )

    def on_mount(self) -> None:
        # OpsConsoleApp.on_mount runs too (Textual calls each class's handler in the MRO).
        self._notices_seen = 0
        # The app's timer, not the fleet screen's: that one sleeps while a console is on top.
        self.set_interval(0.25, self._toast_notices)

    def _toast_notices(self) -> None:
        tracker = self.fleet.tracker
        new = min(tracker.notice_count - self._notices_seen, len(tracker.notices))
        self._notices_seen = tracker.notice_count
        fresh = tracker.notices[-new:] if new > 0 else []
        if fresh and not isinstance(self.screen, FleetScreen):
            for notice in fresh:
                self.notify(printable(notice.text, 200), severity="warning", timeout=8)

    async def _watch_fleet(self, stop: asyncio.Event) -> None:
        try:
            await self.fleet.run(stop)
        finally:
            if self.fleet.fatal is not None:
                self.exit(1)

    def open_rollout(self, namespace: str, name: str) -> None:
        session = self.make_session(namespace, name)
        self.sessions.append(session)
        stop = asyncio.Event()

        async def run() -> None:
            try:
                await session.run(stop)
            finally:
                self.close_session(session)

        self.run_worker(run(), name=f"rollout-{namespace}-{name}", exit_on_error=False)

        def back() -> None:
            if stop.is_set():  # a second Esc while the screen is still going
                return
            stop.set()
            self.pop_screen()

        screen: Any = ConsoleScreen(
            LiveFeed(session), refresh_interval=self._refresh_interval, back=back
        )
        self.push_screen(screen)

    def close_session(self, session: LiveSession) -> None:
        if session.session_id not in self._closed_sessions:
            self._closed_sessions.add(session.session_id)
            session.close()

    def close_all(self) -> None:
        """Close every rollout's session (each was recorded as its own)."""
        for session in self.sessions:
            self.close_session(session)
