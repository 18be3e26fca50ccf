"""Text for Rich that shows a string literally: markup not parsed, controls made visible."""

from __future__ import annotations

from rich.text import Text

from console.textsafe import printable


def safe_text(
    text: str,
    style: str | None = None,
    max_len: int | None = None,
    *,
    keep_newlines: bool = False,
) -> Text:
    """A Rich ``Text`` showing ``text`` literally: markup is not parsed, controls are visible."""
    return Text(printable(text, max_len, keep_newlines=keep_newlines), style=style or "", end="")
