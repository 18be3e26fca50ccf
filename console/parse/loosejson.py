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
            after = _NEXT_KEY.search(line, key.end())
            if after is None:  # the message last: up to the closing '"}'
                end = line.rstrip().rfind('"')
                if end < key.end() or line.rstrip()[-2:] != '"}':
                    return None
                obj[key.group(1)] = _unescaped(line[key.end() : end])
                return obj
            obj[key.group(1)] = _unescaped(line[key.end() : after.start()])
            at = after.start() + 2
            continue
        pair = _PAIR.match(line, at)
        if pair is None:
            return None
        name, text, scalar, closing = pair.groups()
        if text is not None:
            obj[name] = _unescaped(text)
        elif scalar in _SCALARS:
            obj[name] = _SCALARS[scalar]
        else:
            obj[name] = float(scalar) if "." in scalar else int(scalar)
        if closing == "}":
            # the record's end: after its message, the record; else every value decoded
            # here, one JSON would have taken
            return obj if any(k in _TEXT_KEYS for k in obj) else None
        at = pair.end()
    return None


def _unescaped(text: str) -> str:
    """A string's text with its escapes read where they are JSON's, as written where not."""
    if "\\" not in text:
        return text
    try:
        value = json.loads(f'"{text}"')
    except ValueError:
        return text
    return value if isinstance(value, str) else text
