"""java.util.logging's XMLFormatter (the JDK's, its ``logger.dtd``): a ``<log>`` of records,
each over lines, its time as it ends:

    <record>
      <date>2012-01-20T07:07:23</date>
      <millis>1327039643864</millis>
      <sequence>0</sequence>
      <logger>pl.otros.logview.gui.LogViewMainFrame</logger>
      <level>INFO</level>
      <class>...</class>
      <method>main</method>
      <thread>10</thread>
      <message>Starting application</message>
      <exception> <message>...</message> <frame>...</frame> ... </exception>
    </record>

``<date>`` is local time with no zone; ``<millis>`` (and from JDK 9 ``<nanos>``) the epoch, the
time taken. The level is JUL's own name (SEVERE ... FINEST). One entry per record."""

from __future__ import annotations

import html
import re
from typing import Final

from console.parse import levels
from console.parse.timestamps import parse_iso

HEAD: Final = "<record>"
CLOSER: Final = "</record>"
_ELEMENT: Final = re.compile(r"<(date|millis|nanos|logger|level|class|method|thread|message)>")
_FIELDS: Final = ("logger", "thread", "class", "method")


def opens(line: str) -> bool:
    """Is ``line`` (its indentation and line end taken off) a record's head?"""
    return line.rstrip() == HEAD


def record(lines: list[str]) -> tuple[float | None, str, dict[str, str], str]:
    """A record's time (None if it wrote none it can be read by), level, fields (logger,
    thread, class, method) and message, from its lines; a thrown exception's own message
    (inside ``<exception>``) is not the record's."""
    values: dict[str, str] = {}
    thrown = False
    for line in lines:
        text = line.strip()
        if text.startswith("<exception>"):
            thrown = True
        m = _ELEMENT.match(text)
        if m is None or thrown:
            continue
        name = m.group(1)
        close = text.find("</" + name + ">", m.end())
        if name not in values:
            # (a message over lines: its first line's text)
            values[name] = html.unescape(text[m.end() : close if close >= 0 else len(text)])
    ts: float | None = None
    millis = values.get("millis", "")
    if millis.isascii() and millis.isdigit() and 9 <= len(millis) <= 14:
        ts = int(millis) / 1000
        nanos = values.get("nanos", "")
        if nanos.isascii() and nanos.isdigit() and len(nanos) <= 6:
            ts += int(nanos) / 1e9  # (JDK 9: the nanoseconds within the millisecond)
    elif values.get("date"):
        ts = parse_iso(values["date"])
    word = values.get("level", "")
    level = levels.word(word) if word.lower() in levels.WORDS else (word or "INFO")
    fields = {k: values[k] for k in _FIELDS if values.get(k)}
    return ts, level, fields, values.get("message", "")
