"""``opsconsole agent-sim``: one simulated rollout served until it ends."""

from __future__ import annotations

import asyncio
import os
import secrets
import tempfile
from collections.abc import Callable
from pathlib import Path

from console.sim.agent import DEFAULT_SPEED, check_speed
from console.sim.handle import start_sim
from console.sim.scenarios import SimError, get_scenario


def load_or_create_token(token_file: str | Path | None) -> tuple[str, str]:
    """The token and a sentence saying where it came from (never the token itself)."""
    if token_file is not None:
        path = Path(token_file).expanduser()
        try:
            token = path.read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            raise SimError(
                f"token file {path} not found; create it, or leave --token-file out to generate one"
            ) from None
        except OSError as exc:
            raise SimError(f"cannot read token file {path}: {exc.strerror or exc}") from None
        if not token:
            raise SimError(f"token file {path} is empty")
        return token, f"token read from {path}"
    token = secrets.token_urlsafe(24)
    fd, name = tempfile.mkstemp(prefix="opsconsole-agent-", suffix=".token")  # mode 0600
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(token + "\n")
    return token, f"token written to {name} (mode 0600)"


async def serve_forever(
    scenario: str = "healthy",
    *,
    speed: float = DEFAULT_SPEED,
    host: str = "127.0.0.1",
    port: int = 0,
    token_file: str | Path | None = None,
    log_path: str | Path | None = None,
    seed: int = 0,
    linger: float = 5.0,
    out: Callable[[str], None] = print,
) -> str:
    """Serve one simulated rollout until it ends (plus ``linger`` s for readers); its outcome."""
    get_scenario(scenario)  # bad input fails before a token file is written
    check_speed(speed)
    token, where = load_or_create_token(token_file)
    agent = await start_sim(
        scenario, token=token, speed=speed, host=host, port=port, log_path=log_path, seed=seed
    )
    try:
        out(f"simulated agent: scenario {scenario}, speed {speed:g}x, listening on {agent.url}")
        out(where)
        if log_path is not None:
            out(f"agent log: {log_path}")
        out(f"metrics: {agent.url}/metrics")
        assert agent.task is not None
        outcome = await agent.task
        out(f"rollout ended: {outcome}")
        await asyncio.sleep(linger)
        return outcome
    finally:
        await agent.close()


def run_agent_sim(
    scenario: str = "healthy",
    *,
    speed: float = DEFAULT_SPEED,
    host: str = "127.0.0.1",
    port: int = 0,
    token_file: str | Path | None = None,
    log_path: str | Path | None = None,
    seed: int = 0,
    linger: float = 5.0,
    out: Callable[[str], None] = print,
) -> int:
    """``opsconsole agent-sim``: exit status 0 when the rollout ran to its end, 130 on Ctrl-C.

    Raises ``SimError`` (one line) for bad input: unknown scenario, bad speed, unreadable
    token file, port in use.
    """
    try:
        asyncio.run(
            serve_forever(
                scenario,
                speed=speed,
                host=host,
                port=port,
                token_file=token_file,
                log_path=log_path,
                seed=seed,
                linger=linger,
                out=out,
            )
        )
    except KeyboardInterrupt:
        out("stopped")
        return 130
    return 0
