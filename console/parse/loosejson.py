"""A JSON-looking line that no JSON parser takes, read as the record it was meant to be.

A pattern layout that spells JSON by hand (logback's ``{"timestamp":"%d","level":"%level",
...,"message":"%msg"}``, log4j's and NLog's the same) escapes nothing: a message quoting a
word (``profile: "default"``) or a Windows path (``D:\\EventOs``) leaves a line orjson and
json refuse. Its fields before the message are still plain ``"key":"value"`` pairs, and the
message is the rest of the line up to its closing ``"}``. Only lines that fail to decode come
here, so a file of valid JSON never pays for it.
"""

from __future__ import annotations

import json
import re
from typing import Any, Final

# a key, its colon, then a string (escapes taken as written) or a scalar, then , or }
_PAIR: Final = re.compile(
    r'"([A-Za-z@_][\w.@-]{0,63})"\s*:\s*(?:"((?:[^"\\]|\\.)*)"|(-?\d{1,40}(?:\.\d{1,40})?|true|false|null))'
    r"\s*([,}])\s*"
)
_KEY: Final = re.compile(r'"([A-Za-z@_][\w.@-]{0,63})"\s*:\s*"')
# where a message left unescaped ends when keys follow it: '","logger":'
_NEXT_KEY: Final = re.compile(r'",\s*"[A-Za-z@_][\w.@-]{0,63}"\s*:')
# the keys a hand-written layout puts its unescaped text under, last or nearly
_TEXT_KEYS: Final = frozenset({"message", "msg", "log", "text", "Message"})
_SCALARS: Final[dict[str, Any]] = {"true": True, "false": False, "null": None}


def lenient_object(line: str) -> dict[str, Any] | None:
    """The record a hand-spelt JSON line means (rule above), or None when it is no such line:
    not an object's shape, no message key, or fewer than two pairs before its message."""
    if line[:2] != '{"' or line.rstrip()[-1:] != "}":
        return None
    obj: dict[str, Any] = {}
    at = 1
    while at < len(line):
        key = _KEY.match(line, at)
        if key is not None and key.group(1) in _TEXT_KEYS:
            if len(obj) < 2:
                return None
            rest = _after_message(line, key.end(), obj)
            if rest is not None:
                obj[key.group(1)] = _unescaped(line[key.end() : rest[0]])
                obj.update(rest[1])
                return obj
            # the message last: up to the closing '"}'
            end = line.rstrip().rfind('"')
            if end < key.end() or line.rstrip()[-2:] != '"}':
                return None
            obj[key.group(1)] = _unescaped(line[key.end() : end])
            return obj
        pair = _PAIR.match(line, at)
        if pair is None:
            return None
        name, text, scalar, closing = pair.groups()
        obj[name] = _value(text, scalar)
        if closing == "}":
            # the record's end: after its message, the record; else every value decoded
            # here, one JSON would have taken
            return obj if any(k in _TEXT_KEYS for k in obj) else None
        at = pair.end()
    return None


def _after_message(
    line: str, start: int, before: dict[str, Any]
) -> tuple[int, dict[str, Any]] | None:
    """Keys after a message left unescaped ('...","logger":"a.B"}'): where the message ends
    and the pairs after it, when some '","key":' past ``start`` closes no brace the message
    opened (a JSON body it quotes: 'replied {"code":"E17","status":503}') and every pair
    after it reads to the record's end; else None (the message runs to the line's end)."""
    for tries, after in enumerate(_NEXT_KEY.finditer(line, start)):
        if tries >= 8:
            break  # (a message quoting that many keys is read to the line's end)
        said = line[start : after.start()]
        if said.count("{") != said.count("}"):
            continue
        pairs: dict[str, Any] = {}
        at = after.start() + 2
        while True:
            pair = _PAIR.match(line, at)
            if pair is None:
                break
            name, text, scalar, closing = pair.groups()
            pairs[name] = _value(text, scalar)
            if closing == "}":
                return (after.start(), pairs) if pair.end() >= len(line.rstrip()) else None
            at = pair.end()
    return None


def _value(text: str | None, scalar: str) -> Any:
    if text is not None:
        return _unescaped(text)
    if scalar in _SCALARS:
        return _SCALARS[scalar]
    return float(scalar) if "." in scalar else int(scalar)


def _unescaped(text: str) -> str:
    """A string's text with its escapes read where they are JSON's, as written where not."""
    if "\\" not in text:
        return text
    try:
        value = json.loads(f'"{text}"')
    except ValueError:
        return text
    return value if isinstance(value, str) else text
