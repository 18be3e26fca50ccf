"""A batch of JSON records printed over many lines, split into its records as they close.

Exports from hosted platforms are one JSON document: GCP Cloud Logging's download (an array
of LogEntry objects, pretty-printed), ``aws logs filter-log-events`` (``{"events": [...]}``),
``kubectl get events -o json`` (``{"apiVersion": ..., "items": [...]}``), a ``jq .`` of an
array. Read whole, such a file is one value of any size; read here, each record is handed on
the moment its closing brace comes, so a million-record export takes one record's memory.

The scan knows only JSON's brackets and strings: a record's text is everything from its
opening brace to the brace closing it, decoded by the caller. Between records only
whitespace and commas may stand; anything else means the lines are no batch (``BAD``) or,
once records came, that the batch has ended.
"""

from __future__ import annotations

import re
from typing import Final

# the characters that change the depth or open a string
_STRUCTURE: Final = re.compile(r'[{}\[\]"]')
# the rest of a string from just inside it: its closing quote's end, escapes skipped
_STRING_REST: Final = re.compile(r'(?:[^"\\]|\\.)*"')

MORE: Final = 0  # the batch goes on
END: Final = 1  # the batch's container closed (``rest``: the line after it)
BAD: Final = 2  # a line no batch holds there (``rest``: from where it went wrong)

# A record longer than this is no log record: the batch gives up (its lines read as text).
MAX_RECORD_LINES: Final = 10_000


class Batch:
    """Records of a batch whose records open at ``depth`` (1: a top-level array's, 2: the
    array under a wrapper object's key, 0: records one after another with no array, as a
    stretch cut out of an export holds them)."""

    __slots__ = ("base", "depth", "in_string", "lines", "pieces", "records", "seen")

    def __init__(self, depth: int) -> None:
        self.base = depth
        self.depth = depth
        self.in_string = False
        self.pieces: list[str] = []  # the open record's text so far
        self.lines: list[str] = []  # the open record's lines as they came
        self.records: list[tuple[str, list[str]]] = []  # closed, not yet taken
        self.seen = 0  # records closed so far

    def take(self) -> list[tuple[str, list[str]]]:
        """The records closed since the last take: each its text and its lines."""
        out, self.records = self.records, []
        return out

    def feed(self, line: str) -> tuple[int, str]:
        """Read one line: MORE, or END/BAD with the line's text from where the batch
        stopped. Closed records wait in ``take``."""
        base = self.base
        depth = self.depth
        pos = 0
        start = 0 if depth > base else -1  # where the open record's text starts on this line
        if depth > base:
            self.lines.append(line)
            if len(self.lines) > MAX_RECORD_LINES:
                return BAD, line
        if self.in_string:
            m = _STRING_REST.match(line)
            if m is None:
                self.pieces.append(line)
                return MORE, ""
            pos = m.end()
            self.in_string = False
        n = len(line)
        while pos < n:
            m = _STRUCTURE.search(line, pos)
            if depth == base:
                stop = m.start() if m else n
                if line[pos:stop].strip(" \t\r,"):
                    self.depth = depth
                    return (END if self.seen else BAD), line[pos:]
            if m is None:
                break
            ch = m.group()
            at = m.start()
            if ch == '"':
                if depth == base:
                    return (END if self.seen else BAD), line[at:]
                s = _STRING_REST.match(line, at + 1)
                if s is None:
                    self.in_string = True
                    break
                pos = s.end()
                continue
            if ch == "{" or ch == "[":
                if depth == base:
                    if ch == "[":
                        return (END if self.seen else BAD), line[at:]
                    start = at
                    self.lines = [line]
                    self.pieces = []
                depth += 1
            else:
                depth -= 1
                if depth < base:
                    self.depth = base
                    return END, line[at + 1 :]
                if depth == base:
                    self.pieces.append(line[start : at + 1])
                    self.records.append(("\n".join(self.pieces), self.lines))
                    self.seen += 1
                    self.pieces, self.lines = [], []
                    start = -1
            pos = at + 1
        if depth > base:
            self.pieces.append(line[start:] if start >= 0 else line)
        self.depth = depth
        return MORE, ""
