"""Cabin's log lines: a Ruby Hash printed by ``inspect``, one record a line.

Logstash before 5.0 (and fpm, and other Ruby tools on the Cabin logger) wrote each event as
``{:timestamp=>"2014-08-27T17:19:39.340000+0000", :message=>"Reading config file",
:file=>"logstash/agent.rb", :level=>:debug, :line=>"301"}``: symbol keys, ``=>``, strings in
Ruby's double quotes, symbols for levels, and any other object as Ruby inspects it (an
exception's ``#<...>``, an array, a nested hash). No JSON parser takes it; read here, it is
the record a JSON line would be, its keys the names the JSON readers know. A status in it is
one the tool received (Logstash's Elasticsearch output: ``:message=>"Failed action. ",
:status=>400``; its HTTP output's ``:response_code=>404``): Cabin's programs serve nothing.
"""

from __future__ import annotations

import re
from typing import Any, Final

from console.parse import measures

_KEY: Final = re.compile(r":([A-Za-z_]\w*)=>")
_STRING: Final = re.compile(r'"((?:[^"\\]|\\.)*)"')
_SYMBOL: Final = re.compile(r":([A-Za-z_]\w*[?!]?)(?=, :|\}$)")
_NUMBER: Final = re.compile(r"-?\d+(?:\.\d+)?(?=, :|\}$)")
# where a value Ruby inspected as an object ends: the next key at the hash's own level
_NEXT_KEY: Final = re.compile(r", :[A-Za-z_]\w*=>")
_SCALARS: Final[dict[str, Any]] = {"nil": None, "true": True, "false": False}
_ESCAPES: Final = re.compile(
    r"((?:\\x[0-9a-fA-F]{2})+)|\\(u\{[0-9a-fA-F]{1,6}\}|u[0-9a-fA-F]{4}|.)"
)
_NAMED: Final = {
    "n": "\n", "t": "\t", "r": "\r", "e": "\x1b", "0": "\0", "a": "\a", "b": "\b", "f": "\f",
    "v": "\v", "s": " ",
}  # fmt: skip


def cabin_record(line: str) -> dict[str, Any] | None:
    """The record a Cabin line holds (rule above), or None for any other line: one with no
    ``:timestamp`` key (Cabin writes it first on every event), or not a hash's shape to its
    end."""
    text = line.rstrip()
    if text[:2] != "{:" or text[-1:] != "}":
        return None
    record: dict[str, Any] = {}
    at = 1
    end = len(text) - 1
    while True:
        key = _KEY.match(text, at)
        if key is None:
            return None
        at = key.end()
        value: Any
        if (s := _STRING.match(text, at)) is not None and text[s.end()] in ",}":
            value, at = _unescaped(s.group(1)), s.end()
        elif (sym := _SYMBOL.match(text, at)) is not None:
            value, at = sym.group(1), sym.end()
        elif (num := _NUMBER.match(text, at)) is not None:
            value = float(num.group()) if "." in num.group() else int(num.group())
            at = num.end()
        else:
            # an object as Ruby inspects it: up to the next key outside its brackets and
            # strings, else the hash's end
            stop = _object_end(text, at, end)
            raw = text[at:stop]
            value, at = _SCALARS.get(raw, raw), stop
        name = key.group(1)
        if measures.ROLES.get(name, (0,))[0] == measures.STATUS:
            name = "received_" + name  # (rule above: an answer it got, none it served)
        record[name] = value
        if at >= end:
            break
        if text[at : at + 2] != ", ":
            return None
        at += 2
    return record if "timestamp" in record else None


def _object_end(text: str, at: int, end: int) -> int:
    """Where an inspected object starting at ``at`` ends: the next ``, :key=>`` at its own
    depth (brackets, braces and strings counted), else the hash's end."""
    depth = 0
    quoted = False
    i = at
    while i < end:
        c = text[i]
        if quoted:
            if c == "\\":
                i += 1
            elif c == '"':
                quoted = False
        elif c == '"':
            quoted = True
        elif c in "[{(":
            depth += 1
        elif c in "]})":
            depth -= 1
        elif c == "," and depth <= 0 and _NEXT_KEY.match(text, i) is not None:
            return i
        i += 1
    return end


def _unescaped(text: str) -> str:
    """A Ruby string's text with its inspect escapes read (``\\"``, ``\\n``, ``\\e``,
    ``\\u{1F600}``, ``\\xE2\\x80\\x94``: bytes, read as UTF-8)."""
    if "\\" not in text:
        return text
    return _ESCAPES.sub(_escape, text)


def _escape(m: re.Match[str]) -> str:
    run = m.group(1)
    if run is not None:
        # bytes Ruby showed as "\xE2\x80\x94" (a string not valid in its encoding): read
        # as UTF-8 where they are, each alone where not
        return bytes.fromhex(run.replace("\\x", "")).decode("utf-8", "replace")
    code = m.group(2)
    if len(code) > 1:
        point = int(code[2:-1] if code[1] == "{" else code[1:], 16)
        return chr(point) if point <= 0x10FFFF else m.group(0)
    return _NAMED.get(code, code)
