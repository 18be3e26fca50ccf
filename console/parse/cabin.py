"""Cabin's log lines: a Ruby Hash printed by ``inspect``, one record a line.

Logstash before 5.0 (and fpm, and other Ruby tools on the Cabin logger) wrote each event as
``{:timestamp=>"2014-08-27T17:19:39.340000+0000", :message=>"Reading config file",
:file=>"logstash/agent.rb", :level=>:debug, :line=>"301"}``: symbol keys, ``=>``, strings in
Ruby's double quotes, symbols for levels, and any other object as Ruby inspects it (an
exception's ``#<...>``, an array, a nested hash). No JSON parser takes it; read here, it is
the record a JSON line would be, its keys the names the JSON readers know.
"""

from __future__ import annotations

import re
from typing import Any, Final

_KEY: Final = re.compile(r":([A-Za-z_]\w*)=>")
_STRING: Final = re.compile(r'"((?:[^"\\]|\\.)*)"')
_SYMBOL: Final = re.compile(r":([A-Za-z_]\w*[?!]?)(?=, :|\}$)")
_NUMBER: Final = re.compile(r"-?\d+(?:\.\d+)?(?=, :|\}$)")
# where a value Ruby inspected as an object ends: the next key at the hash's own level
_NEXT_KEY: Final = re.compile(r", :[A-Za-z_]\w*=>")
_SCALARS: Final[dict[str, Any]] = {"nil": None, "true": True, "false": False}
_ESCAPES: Final = re.compile(r"\\(u\{[0-9a-fA-F]{1,6}\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|.)")
_NAMED: Final = {"n": "\n", "t": "\t", "r": "\r", "e": "\x1b", "0": "\0", "a": "\a", "b": "\b"}


def cabin_record(line: str) -> dict[str, Any] | None:
    """The record a Cabin line holds (rule above), or None for any other line: one with no
    ``:timestamp`` or ``:message`` key, or not a hash's shape to its end."""
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
            # an object as Ruby inspects it: up to the next key, else the hash's end
            following = _NEXT_KEY.search(text, at)
            stop = end if following is None else following.start()
            raw = text[at:stop]
            value, at = _SCALARS.get(raw, raw), stop
        record[key.group(1)] = value
        if at >= end:
            break
        if text[at : at + 2] != ", ":
            return None
        at += 2
    if "timestamp" not in record and "message" not in record:
        return None
    return record


def _unescaped(text: str) -> str:
    """A Ruby string's text with its inspect escapes read (``\\"``, ``\\n``, ``\\e``,
    ``\\u{1F600}``, ``\\xE2``: a byte, kept as its code point)."""
    if "\\" not in text:
        return text
    return _ESCAPES.sub(_escape, text)


def _escape(m: re.Match[str]) -> str:
    code = m.group(1)
    if len(code) > 1:
        digits = code[2:-1] if code[1] == "{" else code[1:]
        return chr(int(digits, 16))
    return _NAMED.get(code, code)
