"""Which text encoding a log file is in, from its first bytes: shared by the import
(``ingest.read_chunks``) and the live follow (``tail``), so a file reads the same either way."""

from __future__ import annotations

import codecs

HEAD = 64  # bytes enough to tell UTF-16 without a mark from UTF-8 (see utf16_unmarked)


def decoder_for(head: bytes) -> codecs.IncrementalDecoder:
    """UTF-8 unless the file opens with a byte-order mark: SQL Server's ERRORLOG and many
    Windows logs are UTF-16 with one, which read as UTF-8 gives NUL-riddled text with no
    time in it. The codecs named here read the mark and drop it; the choice is made once per
    file, so the UTF-8 path costs nothing more."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        name = "utf-16"
    elif head.startswith(codecs.BOM_UTF8):
        name = "utf-8-sig"
    else:
        name = utf16_unmarked(head[:4096]) or "utf-8"
    return codecs.getincrementaldecoder(name)(errors="replace")


def too_short(head: bytes) -> bool:
    """Bytes that say nothing yet, even after a pause: one byte (UTF-16-LE's NUL is the
    second), or a mark not yet whole."""
    return len(head) < 2 or (len(head) < 3 and any(m.startswith(head) for m in _MARKS))


def undecided(head: bytes) -> bool:
    """Too few bytes yet to choose: one, a mark not yet whole, or NULs (UTF-16 without a
    mark, perhaps) in fewer than HEAD bytes. A first UTF-8 line of two bytes or more decides
    at once; a reader that pauses decides with what it has (``tail``)."""
    if len(head) >= HEAD or head.startswith(_MARKS):
        return False
    return too_short(head) or b"\0" in head


_MARKS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def utf16_unmarked(head: bytes) -> str | None:
    """UTF-16 with no mark (a stretch cut from a PowerShell redirect's file, a writer that
    leaves the mark out): text of Latin letters has a NUL in every other byte, UTF-8 none;
    which half holds them says the byte order."""
    if len(head) < 4 or head.count(0) < len(head) // 4:
        return None
    pairs = len(head) // 2
    high_second = head[1::2].count(0)  # little-endian: "a\0"
    high_first = head[0::2].count(0)
    if len(head) < HEAD:
        # a short head (a line and a pause, a file cut short): NULs in three bytes of four of
        # one half (a character past Latin-1, "’" or "€", has none) and in none of the other
        if high_second >= pairs * 0.75 and not high_first:
            return "utf-16-le"
        if high_first >= pairs * 0.75 and not high_second:
            return "utf-16-be"
        return None
    if high_second >= pairs * 0.6 and high_first <= pairs * 0.05:
        return "utf-16-le"
    if high_first >= pairs * 0.6 and high_second <= pairs * 0.05:
        return "utf-16-be"
    return None
