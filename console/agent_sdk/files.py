"""The agent's runtime log on disk: readable by its owner only, since it holds operators'
names and reasons."""

from __future__ import annotations

import os
from pathlib import Path
from typing import IO


def open_private(path: Path, *, fresh: bool = False) -> IO[str]:
    """Open ``path`` for appending (``fresh``: emptied first), line-buffered, mode 0600 (an
    existing file is made so too). Raises OSError."""
    path.parent.mkdir(parents=True, exist_ok=True)
    flags = os.O_WRONLY | os.O_CREAT | (os.O_TRUNC if fresh else os.O_APPEND)
    fd = os.open(path, flags, 0o600)
    try:
        os.fchmod(fd, 0o600)
        # backslashreplace: a lone surrogate in a line must not stop the rollout.
        return os.fdopen(fd, "a", encoding="utf-8", errors="backslashreplace", buffering=1)
    except BaseException:
        os.close(fd)
        raise
