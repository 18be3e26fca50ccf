"""The agent SDK: what a deployment agent imports to be watched and gated by opsconsole.

    from console.agent_sdk import AgentEndpoint

    async with AgentEndpoint(service="checkout", version="2.1.0", token_file="agent.token") as ep:
        ep.stage(10); ...; ep.traffic(10)
        decision = await ep.gate(10, 25, timeout=1800)

See docs/agent-sdk.md. The core of opsconsole's protocol (docs/agent-protocol.md) is served
here: resume, heartbeats, bearer tokens, idempotency keys, first decision wins.
"""

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
