"""log4j's XMLLayout (log4j 1.2's ``org.apache.log4j.xml.XMLLayout``, the ``log4j:event``
schema Chainsaw reads; log4j2's legacy XML layout that Minecraft's launchers keep, with
``log4j:Event``/``log4j:Message``; NLog's and log4net's log4j-compatible layouts). Each event:

    <log4j:event logger="..." timestamp="<epoch ms>" level="INFO" thread="main">
    <log4j:message><![CDATA[the message]]></log4j:message>
    <log4j:throwable><![CDATA[java.lang.Exception: ...
        at ...
    ]]></log4j:throwable>
    </log4j:event>

log4j 1.2 writes CRLF and a blank line after each; the others indent the elements, or write
an event on one line with its message as escaped text. One entry per event: its time, level,
logger and thread from the head's attributes, its message from the message element."""

from __future__ import annotations

import html
import re
from typing import Final

from console.parse import levels
from console.parse.timestamps import parse_iso

_HEADS: Final = ("<log4j:event ", "<log4j:Event ")
_CLOSERS: Final = ("</log4j:event>", "</log4j:Event>")
_ATTRIBUTE: Final = re.compile(r'([\w:.-]+)="([^"]*)"')
_MESSAGE: Final = re.compile(r"<log4j:[Mm]essage>")
_CDATA: Final = "<![CDATA["


def opens(line: str) -> bool:
    """Is ``line`` (its indentation taken off) an event's head?"""
    return line.startswith(_HEADS)


def closes(line: str) -> bool:
    """Does ``line`` close an event?"""
    return line.rstrip().endswith(_CLOSERS)


def cdata_open(lines: list[str]) -> bool:
    """Do an event's lines so far leave a CDATA section open (a message or a throwable
    whose ``]]>`` has not come)?"""
    opened = False
    for line in lines:
        at = line.rfind(_CDATA)
        if at >= 0:
            opened = line.find("]]>", at) < 0
        elif opened and "]]>" in line:
            opened = False
    return opened


def event_head(line: str) -> tuple[float, str, dict[str, str], str] | None:
    """An event's head: (its time, its level, fields (logger, thread), its message if the
    head's line holds it (an event on one line), else ""); None for any other line, or a
    head without a time."""
    if not line.startswith(_HEADS):
        return None
    end = line.find(">")
    if end < 0:
        return None
    attrs = dict(_ATTRIBUTE.findall(line, 0, end))
    stamp = attrs.get("timestamp", "")
    if stamp.isdigit():
        ts: float | None = int(stamp) / 1000  # System.currentTimeMillis()
    else:
        ts = parse_iso(stamp) if stamp else None  # log4net's own: an ISO time
    if ts is None:
        return None
    word = attrs.get("level", "")
    level = levels.word(word) if word.lower() in levels.WORDS else word or "INFO"
    fields = {k: html.unescape(attrs[k]) for k in ("logger", "thread") if attrs.get(k)}
    return ts, level, fields, message([line[end + 1 :]])


def message(lines: list[str]) -> str:
    """The first line of the message element's text among an event's lines ("" if none):
    CDATA as written, escaped text unescaped."""
    for line in lines:
        m = _MESSAGE.search(line)
        if m is None:
            continue
        text = line[m.end() :]
        if text.startswith(_CDATA):
            text = text[len(_CDATA) :]
            stop = text.find("]]>")
            return (text if stop < 0 else text[:stop]).rstrip("\r")
        stop = text.find("</log4j:")
        return html.unescape(text if stop < 0 else text[:stop]).rstrip("\r")
    return ""
