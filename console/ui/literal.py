"""Text from outside as the screen shows it: redacted, every control visible, never markup.

``shown`` is what every panel, toast and title draws from data (a reason, an agent's reply,
an operator's name, a finding quoting the log): redaction first, so the live screen and a
ctrl+s screenshot hold no more than the store does, then ``printable``. ``safe_text`` wraps
it in a Rich ``Text`` (never a markup string, so ``[bold]`` in a log line stays those
characters).
"""

from __future__ import annotations

from rich.text import Text

from console.redact import redact
from console.textsafe import printable


def shown(text: object, max_len: int | None = None, *, keep_newlines: bool = False) -> str:
    """``text`` redacted and made printable (see console/textsafe.py)."""
    return printable(redact(str(text)), max_len, keep_newlines=keep_newlines)


def safe_text(
    text: str,
    style: str | None = None,
    max_len: int | None = None,
    *,
    keep_newlines: bool = False,
) -> Text:
    """A Rich ``Text`` showing ``text`` literally: markup is not parsed, controls are visible."""
    return Text(printable(text, max_len, keep_newlines=keep_newlines), style=style or "", end="")
