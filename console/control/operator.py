"""Who is deciding, and from where: the operator identity written into the audit trail."""

from __future__ import annotations

import getpass
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass

# Set by `opsconsole serve` (console/serve.py) in the environment of the console it starts
# for a browser: the person who authenticated with their token, not the Unix user that runs
# the server (every web session shares that one).
WEB_OPERATOR_ENV = "OPSCONSOLE_WEB_OPERATOR"
WEB_ORIGIN_ENV = "OPSCONSOLE_WEB_ORIGIN"
# What a name given to `serve` may hold: it reaches the audit trail, the screen and exports.
OPERATOR_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@+-]{0,63}")


@dataclass(frozen=True, slots=True)
class Operator:
    name: str
    origin: str | None = None  # "ip:port" of the SSH client, "web ip:port", None on a terminal
    web: bool = False  # authenticated by `opsconsole serve`


def operator_name(env: Mapping[str, str] | None = None) -> str:
    env = os.environ if env is None else env
    name = (env.get("USER") or "").strip()
    if name:
        return name
    try:
        return getpass.getuser()
    except Exception:  # no passwd entry (some containers): still record *something*
        return "unknown"


def ssh_origin(env: Mapping[str, str] | None = None) -> str | None:
    """``$SSH_CONNECTION`` is "client_ip client_port server_ip server_port"; keep the client."""
    env = os.environ if env is None else env
    parts = (env.get("SSH_CONNECTION") or "").split()
    if len(parts) < 2:
        return None
    ip, port = parts[0], parts[1]
    return f"[{ip}]:{port}" if ":" in ip else f"{ip}:{port}"


def current_operator(env: Mapping[str, str] | None = None) -> Operator:
    env = os.environ if env is None else env
    web = (env.get(WEB_OPERATOR_ENV) or "").strip()
    if web and OPERATOR_NAME.fullmatch(web):
        origin = (env.get(WEB_ORIGIN_ENV) or "").strip()[:80] or None
        return Operator(name=web, origin=f"web {origin}" if origin else "web", web=True)
    return Operator(name=operator_name(env), origin=ssh_origin(env))
