"""Issue 17, sets 71 to 75 (a fourth mainstream draw, structured logs, hosts' daemons, self-hosted
platforms): the rules their tune halves showed. Lines written here in those shapes."""

from __future__ import annotations

from tests.helpers.parsing import parse, utc


def test_a_bracketed_prefix_before_the_time_is_one_word_of_the_prefix() -> None:
    text = (
        # Suricata's engine log: "[pid - thread]" before the time, the level after it
        "[8492 - Suricata-Main] 2024-12-17 21:10:49 Notice: suricata: This is Suricata 7.0.7\n"
        "[8493 - W#01-eth0] 2024-12-17 21:10:50 Error: af-packet: failed to open socket\n"
        # a date in a sentence is still no line's time
        "cache rebuilt for all tenants on 2024-12-17 21:11:00 by the nightly job\n"
    )
    lines = parse(text)
    assert utc(lines[0].ts) == "2024-12-17T21:10:49" and lines[0].level == "NOTICE"
    assert utc(lines[1].ts) == "2024-12-17T21:10:50" and lines[1].level == "ERROR"
    assert utc(lines[2].ts) == "2024-12-17T21:10:50"  # the time before it, not its own
