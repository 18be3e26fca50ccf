"""Every hostile input is shown literally: nothing a terminal would act on gets through."""

from __future__ import annotations

import io
import json
import re

import pytest
from rich.console import Console
from rich.text import Text

from console.redact import redact
from console.textsafe import printable
from console.ui.literal import safe_text
from tests.helpers.hostile_corpus import Nasty

# What must never reach the terminal: C0 except tab/newline handling, DEL, C1, bidi controls,
# line/paragraph separators, lone surrogates.
FORBIDDEN = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ud800-\udfff]"
)


def decodings(item: Nasty) -> list[str]:
    # How a reader may have decoded the bytes: keeping bad bytes as surrogates, or replacing.
    return [
        item.data.decode("utf-8", "surrogateescape"),
        item.data.decode("utf-8", "replace"),
        item.data.decode("latin-1"),  # every byte, C1 bytes included, as a code point
    ]


def test_corpus_has_enough_nasty_inputs(corpus: list[Nasty]) -> None:
    assert len(corpus) >= 20
    assert len({i.name for i in corpus}) == len(corpus)


def test_printable_neutralises_every_input(corpus: list[Nasty]) -> None:
    for item in corpus:
        for text in decodings(item):
            for max_len in (None, 500):
                out = printable(text, max_len)
                bad = FORBIDDEN.search(out)
                assert bad is None, (item.name, max_len, repr(bad.group()) if bad else None)
                out.encode("utf-8")  # strict: nothing that can't be written to the terminal
                if max_len is not None and len(text) > max_len:
                    assert out.endswith(" bytes)") and "… (+" in out


def test_printable_keep_newlines_only_keeps_newlines(corpus: list[Nasty]) -> None:
    for item in corpus:
        out = printable(item.data.decode("utf-8", "surrogateescape"), keep_newlines=True)
        assert FORBIDDEN.search(out.replace("\n", "")) is None, item.name


def test_safe_text_renders_literally(corpus: list[Nasty]) -> None:
    """Through a real Rich console with colour: markup stays text, escapes stay visible."""
    for item in corpus:
        if len(item.data) > 1_000_000:
            continue  # the 10 MB line is covered by printable(); rendering it is just slow
        text = item.data.decode("utf-8", "surrogateescape")
        rendered = safe_text(text)
        assert isinstance(rendered, Text)
        assert rendered.spans == []  # no markup was parsed into styles
        buf = io.StringIO()
        console = Console(file=buf, force_terminal=True, color_system="truecolor", width=200)
        console.print(rendered, soft_wrap=True)
        out = buf.getvalue()
        # Rich writes no styling for an unstyled Text, so any control in the output came from
        # the log line: there must be none but the final newline(s).
        assert FORBIDDEN.search(out.replace("\n", "")) is None, item.name


def test_rich_markup_is_not_interpreted() -> None:
    line = "[bold red]x[/] [link=https://evil.example]go[/link] [@click=app.quit]q[/]"
    text = safe_text(line, style="bold")
    assert text.plain == line
    buf = io.StringIO()
    Console(file=buf, force_terminal=True, color_system="truecolor").print(text)
    assert "[bold red]x[/]" in buf.getvalue()
    assert "\x1b]8;" not in buf.getvalue()  # no hyperlink was made


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("\x1b[31mred\x1b[0m", "␛[31mred␛[0m"),
        ("\x1b]52;c;aGk=\x07", "␛]52;c;aGk=␇"),
        ("\x1bP+q544e\x1b\\", "␛P+q544e␛\\"),
        ("a\x00b\x7fc", "a␀b␡c"),
        ("\u009b2J", "\\x9b2J"),
        ("abc\u202edef", "abc⟨U+202E⟩def"),
        ("\u2066x\u2069", "⟨U+2066⟩x⟨U+2069⟩"),
        ("\u200e\u200f\u061c", "⟨U+200E⟩⟨U+200F⟩⟨U+061C⟩"),
        ("a\tb", "a   b"),
        ("line\r", "line"),  # a CRLF line ending's CR
        ("10%\r100%", "10%␍100%"),
        ("one\ntwo", "one␊two"),
        ("bad \udcff byte", "bad \\xff byte"),
        ("lone \ud800", "lone ⟨U+D800⟩"),
        ("👩\u200d💻 âœ…", "👩\u200d💻 âœ…"),  # ZWJ emoji and mojibake are just text
        ("[bold]x[/]", "[bold]x[/]"),
    ],
)
def test_printable_placeholders(raw: str, shown: str) -> None:
    assert printable(raw) == shown


def test_printable_truncates_with_byte_count() -> None:
    assert printable("é" * 10, 4) == "éééé… (+12 bytes)"
    assert printable("short", 10) == "short"
    big = "x" * (10 * 1024 * 1024)
    out = printable(big, 200)
    assert out == "x" * 200 + f"… (+{len(big) - 200} bytes)"


def test_printable_keeps_newlines_when_asked() -> None:
    assert printable("a\x1b\nb\tc", keep_newlines=True) == "a␛\nb   c"
    assert printable("crlf\r\nnext\r\n", keep_newlines=True) == "crlf\nnext\n"


def test_redact_survives_corpus_and_keeps_json_valid(corpus: list[Nasty]) -> None:
    for item in corpus:
        for text in decodings(item)[:2]:
            out = redact(text)
            assert isinstance(out, str)
            try:
                before = json.loads(text)
            except (ValueError, RecursionError):
                continue
            after = json.loads(out)
            assert after == before or item.name.startswith("nan"), item.name
