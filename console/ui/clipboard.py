"""Copying text out of the console: OSC 52 to the terminal, and a file beside the sessions.

OSC 52 asks the terminal to set its clipboard, which works over SSH and through tmux (with
``set-clipboard on``); nothing tells us whether the terminal obeyed, so the same text is also
written to ``clipboard.txt`` in the data directory (0600: it may hold log text), and the toast
says where.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.app import App

from console.files import write_private

CLIPBOARD_FILE = "clipboard.txt"


def write_fallback(text: str, data_dir: Path) -> Path:
    """The copied text in a file only its owner can read; returns its path."""
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / CLIPBOARD_FILE
    write_private(path, text)
    return path


def copy_text(app: App[Any], text: str, what: str, data_dir: Path) -> str:
    """Copy ``text`` both ways; returns what to tell the engineer."""
    app.copy_to_clipboard(text)
    try:
        path = write_fallback(text, data_dir)
    except OSError as exc:
        return f"copied {what} to the terminal's clipboard (OSC 52); no file: {exc.strerror}"
    return f"copied {what} to the terminal's clipboard (OSC 52) and to {path}"
