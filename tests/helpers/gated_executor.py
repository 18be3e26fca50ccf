"""An executor whose jobs wait for a gate: a test holds work "under way" for as long as it
likes, and sees what goes on meanwhile, without timing anything."""

from __future__ import annotations

import concurrent.futures
import threading
from collections.abc import Callable
from typing import Any

HOLD_LIMIT_S = 60.0  # a job still held after this fails (the test forgot to open the gate)


class GatedExecutor(concurrent.futures.ThreadPoolExecutor):
    def __init__(self) -> None:
        super().__init__(max_workers=1, thread_name_prefix="gated")
        self.gate = threading.Event()
        self.submitted = 0
        self.finished = 0

    def submit(
        self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any
    ) -> concurrent.futures.Future[Any]:
        self.submitted += 1

        def held() -> Any:
            if not self.gate.wait(HOLD_LIMIT_S):
                raise TimeoutError("the gate was never opened")
            try:
                return fn(*args, **kwargs)
            finally:
                self.finished += 1

        return super().submit(held)
