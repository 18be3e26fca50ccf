"""Human approval for an agent framework's tool calls, answered by an operator in the console.

``await endpoint_approval(ep, "drop table users")`` opens a gate whose ``action`` says what
is asked and returns True on approve, False on rollback (or a timeout). ``needs_approval(ep)``
wraps a function (sync or async) so that each call waits for that answer first and raises
``ApprovalDenied`` when the operator says no.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any, TypeVar

from console.agent_sdk.endpoint import AgentEndpoint, Decision
from console.agent_sdk.threaded import SyncEndpoint
from console.errors import EndpointError

F = TypeVar("F", bound=Callable[..., Any])


class ApprovalDenied(EndpointError):
    """The operator rolled back (or nobody answered in time) instead of approving."""

    def __init__(self, action: str, decision: Decision) -> None:
        who = "nobody answered in time" if decision.timed_out else f"denied by {decision.operator}"
        super().__init__(f"{action}: {who}", decision.reason or None)
        self.action = action
        self.decision = decision


def describe_call(fn: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]) -> str:
    parts = [repr(a) for a in args] + [f"{k}={v!r}" for k, v in kwargs.items()]
    text = f"{getattr(fn, '__name__', 'call')}({', '.join(parts)})"
    return text if len(text) <= 300 else text[:297] + "..."


async def ask(endpoint: AgentEndpoint, action: str, *, timeout: float | None = None) -> Decision:
    """A gate for ``action`` at the current traffic split; the operator's Decision."""
    pct = endpoint.actual_green_pct or 0.0
    return await endpoint.gate(pct, pct, timeout=timeout, action=action)


async def endpoint_approval(
    endpoint: AgentEndpoint, action: str, *, timeout: float | None = None
) -> bool:
    """True if an operator approved ``action``; a framework's approval hook can return this."""
    return (await ask(endpoint, action, timeout=timeout)).approved


def needs_approval(
    endpoint: AgentEndpoint | SyncEndpoint,
    *,
    describe: Callable[..., str] | None = None,
    timeout: float | None = None,
) -> Callable[[F], F]:
    """Decorator: every call waits for an operator's approval in the console first.

    Async functions need an ``AgentEndpoint`` in their loop; plain functions a
    ``SyncEndpoint``. ``describe(*args, **kwargs)`` says what is asked (default: the call)."""

    def wrap(fn: F) -> F:
        def what(args: tuple[Any, ...], kwargs: dict[str, Any]) -> str:
            return describe(*args, **kwargs) if describe else describe_call(fn, args, kwargs)

        if inspect.iscoroutinefunction(fn):
            if not isinstance(endpoint, AgentEndpoint):
                raise TypeError("an async function needs an AgentEndpoint (not a SyncEndpoint)")

            @functools.wraps(fn)
            async def awrapper(*args: Any, **kwargs: Any) -> Any:
                action = what(args, kwargs)
                decision = await ask(endpoint, action, timeout=timeout)
                if not decision.approved:
                    raise ApprovalDenied(action, decision)
                return await fn(*args, **kwargs)

            return awrapper  # type: ignore[return-value]

        if not isinstance(endpoint, SyncEndpoint):
            raise TypeError("a plain function needs a SyncEndpoint (not an AgentEndpoint)")

        @functools.wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            action = what(args, kwargs)
            pct = endpoint.status()["traffic"]["actual_green_pct"] or 0.0
            decision = endpoint.gate(pct, pct, timeout=timeout, action=action)
            if not decision.approved:
                raise ApprovalDenied(action, decision)
            return fn(*args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return wrap
