"""Files the console writes for its user: readable by that user only, in the data directory.

Exports, screenshots, the crash log and the config may quote what a log held (a secret
redaction did not know), so every one is created 0600 and an existing one is made 0600
before it is written.
"""

from __future__ import annotations

import os
from pathlib import Path


def data_dir() -> Path:
    """Where the console keeps what it writes by itself (the session store, screenshots)."""
    from platformdirs import user_data_path

    return user_data_path("opsconsole")


def screenshots_dir() -> Path:
    return data_dir() / "screenshots"


def write_private(path: Path, text: str) -> None:
    """Write ``text`` to ``path``, mode 0600 (an existing file keeps its mode otherwise).
    Raises OSError; the caller words it."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8", errors="surrogateescape") as fh:
        os.fchmod(fh.fileno(), 0o600)
        fh.write(text)
