"""Answers by idempotency key: a retried request gets the first answer and has no second effect.

A key seen while its first request is still being handled (two clients, or a client that gave
up waiting and retried) waits for that first answer instead of acting again.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import Any

Reply = tuple[int, dict[str, Any]]
KEPT = frozenset({200, 404, 409})  # answers that are the request's effect (or its refusal)
MAX_KEYS = 10_000  # bounded: an agent that runs for weeks keeps the newest answers


class Replies:
    def __init__(self, max_keys: int = MAX_KEYS) -> None:
        self.max_keys = max_keys
        self._done: OrderedDict[tuple[str, str], Reply] = OrderedDict()
        self._pending: dict[tuple[str, str], asyncio.Future[Reply]] = {}

    async def once(
        self, scope: str, key: str | None, handle: Callable[[], Awaitable[Reply]]
    ) -> Reply:
        """``handle()``'s answer, computed once per (scope, key); no key: every time."""
        if not key:
            return await handle()
        k = (scope, key)
        done = self._done.get(k)
        if done is not None:
            return done
        pending = self._pending.get(k)
        if pending is not None:
            return await asyncio.shield(pending)
        fut: asyncio.Future[Reply] = asyncio.get_running_loop().create_future()
        self._pending[k] = fut
        try:
            reply = await handle()
        except BaseException as exc:
            fut.set_exception(exc)
            fut.exception()  # retrieved: a lone first request must not log "never retrieved"
            raise
        finally:
            del self._pending[k]
        # A malformed request had no effect: the client may fix it and send it again.
        if reply[0] in KEPT:
            self._done[k] = reply
            while len(self._done) > self.max_keys:
                self._done.popitem(last=False)
        fut.set_result(reply)
        return reply
