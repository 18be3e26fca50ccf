"""The agent SDK: what a deployment agent imports to be watched and gated by opsconsole.

    from console.agent_sdk import AgentEndpoint

    async with AgentEndpoint(service="checkout", version="2.1.0", token_file="agent.token") as ep:
        ep.stage(10); ...; ep.traffic(10)
        decision = await ep.gate(10, 25, timeout=1800)

See docs/agent-sdk.md. The core of opsconsole's protocol (docs/agent-protocol.md) is served
here: resume, heartbeats, bearer tokens, idempotency keys, first decision wins.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from console.agent_sdk.approval import ApprovalDenied, endpoint_approval, needs_approval
    from console.agent_sdk.endpoint import (
        DEFAULT_PLAN,
        FINAL_STATES,
        Aborted,
        AgentEndpoint,
        Decision,
        Gate,
    )
    from console.agent_sdk.threaded import SyncEndpoint
    from console.agent_sdk.token import TOKEN_ENV, create_token_file, resolve_token

# Imported when first used (PEP 562): ``opsconsole`` builds its parser from
# console.agent_sdk.commands, and every command would otherwise load the HTTP server first.
_HOME = {
    "ApprovalDenied": "approval",
    "endpoint_approval": "approval",
    "needs_approval": "approval",
    "DEFAULT_PLAN": "endpoint",
    "FINAL_STATES": "endpoint",
    "Aborted": "endpoint",
    "AgentEndpoint": "endpoint",
    "Decision": "endpoint",
    "Gate": "endpoint",
    "SyncEndpoint": "threaded",
    "TOKEN_ENV": "token",
    "create_token_file": "token",
    "resolve_token": "token",
}


def __getattr__(name: str) -> Any:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value


__all__ = [
    "DEFAULT_PLAN",
    "FINAL_STATES",
    "TOKEN_ENV",
    "Aborted",
    "AgentEndpoint",
    "ApprovalDenied",
    "Decision",
    "Gate",
    "SyncEndpoint",
    "create_token_file",
    "endpoint_approval",
    "needs_approval",
    "resolve_token",
]
