"""The one way text from outside reaches an output: terminal, Markdown or JSON.

Log text, agent replies, operator names and reasons are data. They may carry terminal escape
sequences (CSI, OSC 52 clipboard writes, DCS, BEL), bidi overrides that reorder what is read,
or bytes that were never UTF-8. Every output goes through one of these:

- ``printable``: for a terminal (headless lines, ``sessions``, error lines, the screen):
  every control character becomes a visible placeholder, nothing is left to act on;
- ``markdown``: ``printable`` on one line, and Markdown's structure characters escaped, so a
  log line can't open a table cell, a link, HTML or a heading in an export;
- ``json_text``: a JSON document (already dumped) with the characters JSON leaves raw but a
  terminal acts on (C1, DEL, bidi, separators, lone surrogates) as ``\\uXXXX`` escapes: the
  data is unchanged, ``cat`` of the file is harmless.

The screen's Rich/Textual side (``console/ui/literal.py``) builds on ``printable``; this
module imports nothing, so every layer may use it.
"""

from __future__ import annotations

import re

# C0 controls become their Unicode "control picture" (U+2400 + code: NUL ␀, BEL ␇, ESC ␛ ...),
# DEL becomes ␡; C1 controls (0x80-0x9F, e.g. CSI 0x9B) have no pictures and become \xNN.
_TABLE: dict[int, str] = {c: chr(0x2400 + c) for c in range(0x20)}
_TABLE[0x7F] = "\u2421"
_TABLE.update({c: f"\\x{c:02x}" for c in range(0x80, 0xA0)})
# Characters that reorder or break lines without looking like anything: bidi embeddings,
# overrides, isolates and marks, the Arabic letter mark, line/paragraph separators.
_INVISIBLE = (
    *range(0x202A, 0x202F),
    *range(0x2066, 0x206A),
    0x200E,
    0x200F,
    0x061C,
    0x2028,
    0x2029,
)
_TABLE.update({c: f"⟨U+{c:04X}⟩" for c in _INVISIBLE})
del _TABLE[0x09]  # tabs are expanded instead

# Lone surrogates (undecodable bytes kept by surrogateescape, or "\ud800" in JSON) can't be
# encoded for the terminal: show the byte they stand for, or the code point.
_SURROGATE = re.compile("[\ud800-\udfff]")
_UNSAFE = re.compile(
    "[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029"
    "\ud800-\udfff]"
)

TAB_SIZE = 4


def _surrogate(m: re.Match[str]) -> str:
    code = ord(m.group())
    if 0xDC80 <= code <= 0xDCFF:  # surrogateescape: the original byte
        return f"\\x{code - 0xDC00:02x}"
    return f"⟨U+{code:04X}⟩"


def printable(text: str, max_len: int | None = None, *, keep_newlines: bool = False) -> str:
    """``text`` with nothing a terminal would interpret, every control visible.

    Control characters become placeholders (ESC → ␛, BEL → ␇, NUL → ␀, CSI 0x9B → \\x9b),
    bidi controls become ``⟨U+202E⟩``, tabs become spaces, one trailing CR (a CRLF line
    ending) is dropped. Newlines become ␊ unless ``keep_newlines``. With ``max_len``, text
    longer than that is cut and ends with ``… (+N bytes)``, N counting the UTF-8 bytes cut.
    """
    if text.endswith("\r"):
        text = text[:-1]
    suffix = ""
    if max_len is not None and len(text) > max_len:
        rest = text[max_len:]
        text = text[:max_len]
        cut = len(rest.encode("utf-8", "surrogatepass"))
        suffix = f"… (+{cut} bytes)"
    if _UNSAFE.search(text) is not None:
        if keep_newlines:
            lines = text.split("\n")
            text = "\n".join(_clean(line.removesuffix("\r")) for line in lines)
        else:
            text = _clean(text)
    if "\t" in text:
        text = text.expandtabs(TAB_SIZE)
    return text + suffix


def _clean(text: str) -> str:
    text = text.translate(_TABLE)
    if _SURROGATE.search(text) is not None:
        text = _SURROGATE.sub(_surrogate, text)
    return text


_MD_SPECIAL = re.compile(r"([\\`*\[\]<>|#&~]|(?<!\w)_|_(?!\w))")


def markdown(text: object, max_len: int | None = None) -> str:
    """``text`` as literal Markdown on one line: controls visible, structure escaped.

    Line breaks become spaces (a table row or list item stays one). Underscores inside
    words (``rolled_back``) can't start emphasis, so they stay unescaped and readable.
    """
    flat = " ".join(str(text).splitlines())
    return _MD_SPECIAL.sub(r"\\\1", printable(flat, max_len))


def markdown_code(text: object) -> str:
    """``text`` as inline code when it can be (no backtick, no control), else ``markdown``."""
    value = str(text)
    if "`" in value or _UNSAFE.search(value) is not None or "\t" in value:
        return markdown(value)
    return f"`{value}`"


# What json.dumps(ensure_ascii=False) leaves raw though a terminal may act on it or can't
# encode it; C0 controls and the quote and backslash it escapes itself.
_JSON_RAW = re.compile(
    "[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ud800-\udfff]"
)


def json_text(dumped: str) -> str:
    """A dumped JSON document with every character a terminal would act on escaped."""
    if _JSON_RAW.search(dumped) is None:
        return dumped
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", dumped)
