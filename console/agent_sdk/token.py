"""Where the endpoint's bearer token comes from: given, a file, or the environment."""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from pathlib import Path

from console.errors import EndpointError

TOKEN_ENV = "OPSCONSOLE_AGENT_TOKEN"


def _checked(value: str, where: str) -> str:
    if any(c.isspace() or not c.isprintable() or ord(c) > 126 for c in value):
        raise EndpointError(f"{where} contains spaces, line breaks or non-ASCII characters")
    return value


def _private(p: Path) -> None:
    """A token others can read lets them decide gates; one they can write (or planted before
    the agent started) is a token they chose. Refused, as ssh refuses such keys."""
    st = p.stat()
    mode = st.st_mode & 0o777
    if mode & 0o066 or st.st_uid != os.getuid():
        whose = "" if st.st_uid == os.getuid() else ", owned by another user"
        raise EndpointError(
            f"token file {p} is open to others (mode {mode:o}{whose})",
            f"make it yours alone: chmod 600 {p}",
        )


def read_token_file(path: str | Path) -> str:
    p = Path(path).expanduser()
    try:
        _private(p)
        value = p.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        raise EndpointError(f"token file {p} not found", "create it, or pass a token") from None
    except OSError as exc:
        raise EndpointError(f"cannot read token file {p}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise EndpointError(f"token file {p} is not text") from None
    if not value:
        raise EndpointError(f"token file {p} is empty", "put the agent's token in it")
    return _checked(value, f"the token in {p}")


def resolve_token(
    token: str | None = None,
    token_file: str | Path | None = None,
    env: Mapping[str, str] | None = None,
) -> str:
    """``token`` if given, else the file's content, else ``$OPSCONSOLE_AGENT_TOKEN``."""
    if token is not None:
        if not token.strip():
            raise EndpointError("the endpoint needs a non-empty token")
        return _checked(token.strip(), "the token")
    if token_file is not None:
        return read_token_file(token_file)
    value = ((os.environ if env is None else env).get(TOKEN_ENV) or "").strip()
    if not value:
        raise EndpointError(
            "the endpoint has no token", f"pass token= or token_file=, or set {TOKEN_ENV}"
        )
    return _checked(value, f"${TOKEN_ENV}")


def create_token_file(path: str | Path) -> str:
    """Write a new random token to ``path`` (mode 0600, never over an existing file)."""
    p = Path(path).expanduser()
    token = secrets.token_urlsafe(24)
    try:
        fd = os.open(p, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return read_token_file(p)
    except OSError as exc:
        raise EndpointError(f"cannot create token file {p}: {exc.strerror or exc}") from None
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(token + "\n")
    return token
