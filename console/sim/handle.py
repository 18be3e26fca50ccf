"""The simulated agent run for others: ``start_sim`` in a running event loop, ``SimHandle``
from synchronous code (tests, the UI, ``opsconsole demo``): its own thread and loop.

The agent serves protocol v1 through the agent SDK (``console.agent_sdk``), as a real agent
does; the console reaches it only through that (and the log file).
"""

from __future__ import annotations

import asyncio
import contextlib
import secrets
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from console.agent_sdk.endpoint import HEARTBEAT_S
from console.sim.agent import DEFAULT_SPEED, SimAgent
from console.sim.scenarios import SimError


async def start_sim(
    scenario: str = "healthy",
    *,
    token: str,
    speed: float = DEFAULT_SPEED,
    host: str = "127.0.0.1",
    port: int = 0,
    log_path: str | Path | None = None,
    seed: int = 0,
    start: float | None = None,
    freeze_at_gates: bool = False,
    gate_timeout: float | None = None,
    heartbeat_s: float = HEARTBEAT_S,
) -> SimAgent:
    """Create the agent in the running loop, listen, and start the rollout (``agent.task``)."""
    agent = SimAgent(
        scenario,
        speed=speed,
        seed=seed,
        start=start,
        log_path=log_path,
        freeze_at_gates=freeze_at_gates,
        gate_timeout=gate_timeout,
        token=token,
        host=host,
        port=port,
        heartbeat_s=heartbeat_s,
    )
    await agent.serve()
    agent.task = asyncio.get_running_loop().create_task(agent.run())
    return agent


class SimHandle:
    """A simulated agent + server running in a background thread with its own event loop."""

    def __init__(self) -> None:
        self.url = ""
        self.token = ""
        self.done = threading.Event()  # set when the rollout has ended
        self.outcome: str | None = None
        self.error: BaseException | None = None
        self.agent: SimAgent | None = None
        self._ready = threading.Event()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self._thread: threading.Thread | None = None

    @classmethod
    def start(
        cls,
        scenario: str = "healthy",
        *,
        speed: float = DEFAULT_SPEED,
        token: str | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        log_path: str | Path | None = None,
        seed: int = 0,
        start: float | None = None,
        freeze_at_gates: bool = False,
        gate_timeout: float | None = None,
        heartbeat_s: float = HEARTBEAT_S,
    ) -> SimHandle:
        """Start and return once the server listens (``.url``); raises ``SimError`` if not."""
        handle = cls()
        handle.token = token or secrets.token_urlsafe(24)
        kwargs: dict[str, Any] = {
            "token": handle.token,
            "speed": speed,
            "host": host,
            "port": port,
            "log_path": log_path,
            "seed": seed,
            "start": start,
            "freeze_at_gates": freeze_at_gates,
            "gate_timeout": gate_timeout,
            "heartbeat_s": heartbeat_s,
        }
        handle._thread = threading.Thread(
            target=handle._run, args=(scenario, kwargs), name="opsconsole-sim", daemon=True
        )
        handle._thread.start()
        handle._ready.wait()
        if handle.error is not None:
            handle._thread.join()
            if isinstance(handle.error, SimError):
                raise handle.error
            raise SimError(f"simulated agent failed to start: {handle.error}") from handle.error
        return handle

    def _run(self, scenario: str, kwargs: dict[str, Any]) -> None:
        loop = asyncio.new_event_loop()
        self._loop = loop
        try:
            loop.run_until_complete(self._main(scenario, kwargs))
        except BaseException as exc:  # reported to the starting thread, never lost
            if not self._ready.is_set():
                self.error = exc
        finally:
            self._ready.set()
            self.done.set()
            loop.close()

    async def _main(self, scenario: str, kwargs: dict[str, Any]) -> None:
        self._stop = asyncio.Event()
        agent = await start_sim(scenario, **kwargs)
        self.agent = agent
        self.url = agent.url
        self._ready.set()
        task = agent.task
        assert task is not None
        stopper = asyncio.ensure_future(self._stop.wait())
        try:
            await asyncio.wait({task, stopper}, return_when=asyncio.FIRST_COMPLETED)
            if task.done() and not task.cancelled():
                self.outcome = task.result() if task.exception() is None else None
                self.done.set()
                await self._stop.wait()  # keep serving the tail until stop()
        finally:
            stopper.cancel()
            await agent.close()

    def call(self, fn: Callable[[], Any]) -> Any:
        """Run ``fn`` in the agent's loop and return its result (for inspection in tests)."""
        loop = self._loop
        if loop is None or loop.is_closed():
            raise SimError("the simulated agent is not running")

        async def wrapper() -> Any:
            return fn()

        return asyncio.run_coroutine_threadsafe(wrapper(), loop).result(timeout=5)

    def wait(self, timeout: float | None = None) -> bool:
        """Wait for the rollout to end; True if it did."""
        return self.done.wait(timeout)

    def stop(self, timeout: float = 5.0) -> None:
        loop, stop = self._loop, self._stop
        if loop is not None and stop is not None and not loop.is_closed():
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(stop.set)
        if self._thread is not None:
            self._thread.join(timeout)

    def __enter__(self) -> SimHandle:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
