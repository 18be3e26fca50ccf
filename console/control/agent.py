"""Send gate decisions to an agent over the agent control protocol v1.

Each decision carries an idempotency key, so a request whose answer was lost can be sent again
with the same key and has at most one effect; that is why connection errors are retried.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

import httpx

from console.control.decisions import VERBS, DecisionOutcome
from console.sources import edge
from console.sources.agent import (
    Token,
    as_token,
    base_url,
    clock_z,
    error_text,
    token_refused,
    transport_reason,
)

RETRY_STATUS = frozenset({502, 503, 504})


ANSWER_DEADLINE = 3  # an answer must be whole within this many read timeouts


async def _bounded_post(
    client: httpx.AsyncClient, url: str, body: dict[str, str], headers: dict[str, str]
) -> tuple[httpx.Response, bytes]:
    """The answer and its first MAX_ITEM_BYTES: an agent's reply that goes on and on is
    cut there, not held whole in the console's memory."""
    async with client.stream("POST", url, json=body, headers=headers) as resp:
        content = bytearray()
        async for chunk in resp.aiter_bytes():
            content += chunk
            if len(content) >= edge.MAX_ITEM_BYTES:
                break
    return resp, bytes(content[: edge.MAX_ITEM_BYTES])


class AgentDecider:
    via = "agent"

    def __init__(
        self,
        url: str,
        token: str | Token,
        *,
        timeout: float = 5.0,
        attempts: int = 3,
        retry_delay: float = 0.25,
    ) -> None:
        self.url = base_url(url)
        self._token = as_token(token)
        self.timeout = timeout
        self.attempts = max(1, attempts)
        self.retry_delay = retry_delay

    def __repr__(self) -> str:
        return f"AgentDecider(url={self.url!r})"

    def unsupported(self, decision: str) -> str | None:
        return None if decision in VERBS else f"unknown decision {decision!r}"

    # --- what will be sent ------------------------------------------------------------

    def _request(
        self, decision: str, gate_id: str | None, operator: str, reason: str
    ) -> tuple[str, dict[str, str]]:
        if gate_id is None:
            return "/v1/rollback", {"operator": operator, "reason": reason}
        path = f"/v1/gates/{quote(gate_id, safe='')}/decision"
        return path, {"decision": decision, "operator": operator, "reason": reason}

    def describe(self, decision: str, gate_id: str | None, operator: str, reason: str) -> str:
        path, body = self._request(decision, gate_id, operator, reason)
        return "\n".join(
            [
                f"POST {self.url}{path}",
                "Authorization: Bearer <token, not shown>",
                "Idempotency-Key: <a new key for this decision>",
                json.dumps(body, ensure_ascii=False),
            ]
        )

    # --- sending ------------------------------------------------------------------------

    async def decide(
        self,
        gate_id: str,
        decision: str,
        operator: str,
        reason: str,
        idempotency_key: str,
        *,
        gate: Mapping[str, Any] | None = None,
    ) -> DecisionOutcome:
        why = self.unsupported(decision)
        if why:
            return DecisionOutcome("refused", why)
        path, body = self._request(decision, gate_id, operator, reason)
        return await self._post(path, body, idempotency_key, gate_id=gate_id)

    async def abort(self, operator: str, reason: str, idempotency_key: str) -> DecisionOutcome:
        path, body = self._request("rollback", None, operator, reason)
        return await self._post(path, body, idempotency_key, gate_id=None)

    async def _post(
        self, path: str, body: dict[str, str], key: str, *, gate_id: str | None
    ) -> DecisionOutcome:
        headers = {**self._token.headers(), "Idempotency-Key": key}
        reached = False  # did any attempt get as far as sending the request?
        problem = ""
        for attempt in range(self.attempts):
            if attempt:
                await asyncio.sleep(self.retry_delay * 2 ** (attempt - 1))
            try:
                async with httpx.AsyncClient(timeout=self.timeout) as client:
                    # Each read has its timeout; the whole answer has a deadline too, or an
                    # agent sending a byte now and then would hold the decision for ever.
                    resp, content = await asyncio.wait_for(
                        _bounded_post(client, self.url + path, body, headers),
                        ANSWER_DEADLINE * self.timeout,
                    )
            except TimeoutError:
                reached = True
                problem = f"its answer did not end in {ANSWER_DEADLINE * self.timeout:g} s"
                continue
            except httpx.TransportError as exc:
                # Same key on the next try: the agent applies a decision at most once.
                never_sent = httpx.ConnectError | httpx.ConnectTimeout | httpx.LocalProtocolError
                if not isinstance(exc, never_sent):
                    reached = True
                problem = transport_reason(exc)
                continue
            if resp.status_code in RETRY_STATUS:
                reached = True
                problem = f"HTTP {resp.status_code}: {error_text(content)}"
                continue
            return self._interpret(resp.status_code, content, body, gate_id)
        tries = f"{self.attempts} attempt{'s' if self.attempts > 1 else ''}"
        if reached:
            return DecisionOutcome(
                "failed",
                f"no answer from the agent at {self.url} after {tries} ({problem}); "
                "not known to be applied: watch the gate",
            )
        return DecisionOutcome(
            "failed",
            f"cannot reach the agent at {self.url} after {tries} ({problem}); not applied",
        )

    def _interpret(
        self, code: int, content: bytes, body: dict[str, str], gate_id: str | None
    ) -> DecisionOutcome:
        try:
            answer = json.loads(content.decode("utf-8", "replace"))
        except (ValueError, RecursionError):
            answer = {}
        if not isinstance(answer, dict):
            answer = {}
        if code == 200:
            # The agent's reply is outside text: short, valid, bounded.
            decision = edge.text_or_none(answer.get("decision"), 32) or body.get("decision")
            decision = decision or "rollback"
            who = edge.text_or_none(answer.get("operator"), 200) or body["operator"]
            when = answer.get("decided_at") or answer.get("requested_at")
            at = f" at {clock_z(when)}" if when else ""
            return DecisionOutcome("accepted", f"{decision} by {who}{at}")
        if code == 409:
            if gate_id is None:
                # An abort refused: the agent's reason (already ended, already rolling back)
                # comes first; who rolled back, if it says, after.
                aborter = edge.text_or_none(answer.get("decided_by"), 200)
                at = clock_z(answer.get("decided_at"))
                by = f" (rolled back by {aborter} at {at})" if aborter else ""
                why = error_text(content)
                return DecisionOutcome("refused", f"refused by the agent: {why}{by}")
            if answer.get("decided_by") or answer.get("decision"):
                return DecisionOutcome(
                    "refused",
                    f"already decided: {edge.text_or_none(answer.get('decision'), 32) or '?'} by "
                    f"{edge.text_or_none(answer.get('decided_by'), 200) or '?'} "
                    f"at {clock_z(answer.get('decided_at'))}",
                )
            return DecisionOutcome("refused", f"refused by the agent: {error_text(content)}")
        if code in (401, 403):
            return DecisionOutcome("refused", token_refused(code))
        if code == 404:
            if gate_id is not None:
                return DecisionOutcome("refused", f"no such gate: {gate_id}")
            return DecisionOutcome("refused", "the agent does not support /v1/rollback (404)")
        if code == 400:
            return DecisionOutcome(
                "refused", f"the agent rejected the request: {error_text(content)}"
            )
        return DecisionOutcome("failed", f"unexpected answer HTTP {code}: {error_text(content)}")
