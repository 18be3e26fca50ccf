"""Who is deciding, and from where: the operator identity written into the audit trail."""

from __future__ import annotations

import getpass
import os
from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Operator:
    name: str
    origin: str | None = None  # "ip:port" of the SSH client, None on a local terminal


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
    return Operator(name=operator_name(env), origin=ssh_origin(env))
