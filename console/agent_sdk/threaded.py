"""The endpoint for synchronous agents: it serves from its own thread and event loop."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

from console.agent_sdk.endpoint import AgentEndpoint, Decision
from console.errors import EndpointError

T = TypeVar("T")


class SyncEndpoint:
    """``AgentEndpoint`` for synchronous code: the same arguments and methods, blocking.

    The server runs on a daemon thread, so consoles are answered (status, heartbeats,
    decisions) while the agent's own thread sleeps, shells out or blocks in ``gate``.
    ``on_abort`` is called on that thread."""

    def __init__(self, **kwargs: Any) -> None:
        self._kwargs = kwargs
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self.endpoint: AgentEndpoint | None = None

    def __repr__(self) -> str:
        return f"SyncEndpoint({self.endpoint!r})"

    # --- life --------------------------------------------------------------------------

    def start(self) -> str:
        if self.endpoint is not None:
            return self.endpoint.url
        ready = threading.Event()
        failed: list[BaseException] = []

        def run() -> None:
            loop = asyncio.new_event_loop()
            self._loop = loop
            try:
                self.endpoint = AgentEndpoint(**self._kwargs)
                loop.run_until_complete(self.endpoint.start())
            except BaseException as exc:  # told to the starting thread
                failed.append(exc)
                self.endpoint = None
                ready.set()
                loop.close()
                return
            ready.set()
            try:
                loop.run_forever()
            finally:
                loop.close()

        self._thread = threading.Thread(target=run, name="opsconsole-agent-endpoint", daemon=True)
        self._thread.start()
        ready.wait()
        if failed:
            self._thread.join()
            raise failed[0]
        assert self.endpoint is not None
        return self.endpoint.url

    def close(self, timeout: float = 5.0) -> None:
        loop, ep = self._loop, self.endpoint
        if loop is None or ep is None or loop.is_closed():
            return
        try:
            asyncio.run_coroutine_threadsafe(ep.close(), loop).result(timeout)
        finally:
            loop.call_soon_threadsafe(loop.stop)
            if self._thread is not None:
                self._thread.join(timeout)

    def __enter__(self) -> SyncEndpoint:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        ep = self.endpoint
        if ep is not None and not ep.ended:
            self._call(lambda: ep.end("failed", "the agent stopped before it said how it ended"))
        self.close()

    # --- calls into the loop ----------------------------------------------------------

    def _ep(self) -> AgentEndpoint:
        if self.endpoint is None or self._loop is None:
            raise EndpointError("the endpoint is not started", "call start() first")
        return self.endpoint

    def _call(self, fn: Callable[[], T]) -> T:
        self._ep()
        assert self._loop is not None

        async def inside() -> T:
            return fn()

        return asyncio.run_coroutine_threadsafe(inside(), self._loop).result()

    def _await(self, coro: Coroutine[Any, Any, T]) -> T:
        assert self._loop is not None
        return asyncio.run_coroutine_threadsafe(coro, self._loop).result()

    @property
    def url(self) -> str:
        return self._ep().url

    @property
    def epoch(self) -> str:
        return self._ep().epoch

    @property
    def session_id(self) -> str:
        return self._ep().session_id

    @property
    def state(self) -> str:
        return self._ep().state

    def status(self) -> dict[str, Any]:
        ep = self._ep()
        return self._call(ep.status)

    def log(self, *lines: str, at: float | None = None) -> None:
        ep = self._ep()
        self._call(lambda: ep.log(*lines, at=at))

    def entry(self, level: str, message: str, *detail: str) -> None:
        ep = self._ep()
        self._call(lambda: ep.entry(level, message, *detail))

    def metrics(
        self, samples: Any = None, /, scope: str = "", at: float | None = None, **named: float
    ) -> int:
        ep = self._ep()
        return self._call(lambda: ep.metrics(samples, scope=scope, at=at, **named))

    def set_state(self, state: str) -> None:
        ep = self._ep()
        self._call(lambda: ep.set_state(state))

    def guardrails(self, **limits: float | None) -> None:
        ep = self._ep()
        self._call(lambda: ep.guardrails(**limits))

    def stage(self, green_pct: float) -> None:
        ep = self._ep()
        self._call(lambda: ep.stage(green_pct))

    def traffic(self, actual_pct: float) -> None:
        ep = self._ep()
        self._call(lambda: ep.traffic(actual_pct))

    def report_traffic(
        self, green_pct: float | None = None, actual_pct: float | None = None
    ) -> None:
        ep = self._ep()
        self._call(lambda: ep.report_traffic(green_pct, actual_pct))

    def rollback_gate(self, reason: str, *, timed_out: bool = False) -> Decision | None:
        ep = self._ep()
        return self._call(lambda: ep.rollback_gate(reason, timed_out=timed_out))

    def begin_rollback(self, reason: str = "") -> None:
        ep = self._ep()
        self._call(lambda: ep.begin_rollback(reason))

    def end(self, outcome: str, detail: str = "", *, summary: bool = True) -> None:
        ep = self._ep()
        self._call(lambda: ep.end(outcome, detail, summary=summary))

    def drained(self, timeout: float = 30.0) -> bool:
        ep = self._ep()
        return self._await(ep.drained(timeout))

    def gate(
        self,
        stage_pct: float,
        next_pct: float | None,
        *,
        timeout: float | None = None,
        window_start: float | None = None,
        action: str = "",
    ) -> Decision:
        """Blocks this thread until the gate is decided (or ``timeout`` s pass)."""
        ep = self._ep()
        return self._await(
            ep.gate(stage_pct, next_pct, timeout=timeout, window_start=window_start, action=action)
        )
