"""Issue 17 (set 27): durations a message says in words that no rule read (``Took 0.04s to
...`` opening a sentence, ``Spent 18ms reading ...``, ``... successfully in 8.25ms``, a
message that is only ``Done in 41.5 ms``), and two layouts whose message was not read as
such: NLog's default ``${longdate}|${level:uppercase=true}|${logger}|${message}`` and log4j's
XMLLayout (``<log4j:event ...>`` over several lines, one entry per event). Lines written here
in those shapes."""

from __future__ import annotations

from tests.helpers.parsing import parse, samples, utc

# --- durations said in words ---------------------------------------------------------------


def test_took_opening_a_sentence_is_the_lines_duration() -> None:
    text = (
        "2025-03-04 10:00:01,250 INFO [loader] Assets - Took 0.0421s to index the texture packs\n"
        "2025-03-04 10:00:01,300 INFO [loader] Assets - Took 12 milliseconds to sort them\n"
        "2025-03-04 10:00:01,400 INFO [loader] Assets - Took the cached index\n"
    )
    lines = parse(text)
    assert samples(lines[0]) == {"duration_ms": 42.1}
    assert samples(lines[1]) == {"duration_ms": 12.0}
    assert samples(lines[2]) == {}


def test_time_spent_on_a_piece_of_work() -> None:
    text = (
        "2025-03-04 10:00:01,250 INFO [loader] Assets - Spent 18ms reading the pack index.\n"
        "2025-03-04 10:00:01,300 INFO [loader] Shop - player spent 40 coins on a lantern\n"
    )
    lines = parse(text)
    assert samples(lines[0]) == {"duration_ms": 18.0}
    assert samples(lines[1]) == {}  # no unit of time: a count


def test_work_done_successfully_in_a_time() -> None:
    text = (
        "2025-03-04 10:00:01,250 INFO [main] Index - Index rebuilt successfully in 8.25ms. "
        "Entries: 4102\n"
        "2025-03-04 10:00:01,300 INFO [main] Migrate - Step 3 ran successfully in 16ms\n"
        "2025-03-04 10:00:01,400 INFO [main] Boot - Server started successfully in 2.1s\n"
    )
    lines = parse(text)
    assert samples(lines[0]) == {"duration_ms": 8.25}
    assert samples(lines[1]) == {"duration_ms": 16.0}
    assert samples(lines[2]) == {}  # a start-up's time, as "initialization completed in"


def test_done_in_a_time_as_the_whole_message() -> None:
    text = (
        "2025-03-04 10:00:02,000 [Worker-Main-3/INFO] [Scripts/]: Done in 41.5 ms\n"
        "2025-03-04 10:00:02,100 INFO [main] Builder - Finished in 120ms.\n"
        "2025-03-04 10:00:02,200 INFO [main] Boot - Root context: initialization completed in "
        "2264 ms\n"
        "2025-03-04 10:00:02,300 INFO [main] Sync - Done in 5s, a retry follows\n"
        "[Scripts/]: Completed in 0.75 seconds\n"
    )
    lines = parse(text)
    assert [samples(x) for x in lines] == [
        {"duration_ms": 41.5},
        {"duration_ms": 120.0},
        {},  # a start-up's, and not the message's opening words
        {},  # the time does not close the message
        {"duration_ms": 750.0},  # a plain line (no time of ours) after a logger's colon
    ]


# --- NLog's default layout -----------------------------------------------------------------


_NLOG = (
    "2025-03-04 10:00:01.2500|INFO|Launcher.Net.Bootstrap|Starting the launcher\n"
    "2025-03-04 10:00:01.3100|DEBUG|Launcher.Net.Bootstrap|Probes: gpu, audio, input\n"
    "2025-03-04 10:00:01.4000|Warn||Config file missing, using defaults\n"
    "2025-03-04 10:00:01.5000|ERROR|Launcher.Net.Updater|Update check failed\n"
    "System.Net.Http.HttpRequestException: Connection refused (updates.example.net:443)\n"
    "   at Launcher.Net.Updater.Check()\n"
    "2025-03-04 10:00:01.6000|INFO|Launcher.Net.Bootstrap|Display modes:\n"
    "1920x1080 @ 60\n"
    "1280x720 @ 60\n"
    "2025-03-04 10:00:01.7000|INFO|Launcher.Net.Bootstrap|Manifest signed successfully in "
    "12.5ms. Key: 7f3a\n"
)


def test_nlog_default_layout_level_logger_and_message() -> None:
    lines = parse(_NLOG)
    assert [x.level for x in lines] == ["INFO", "DEBUG", "WARNING", "ERROR", "INFO", "INFO"]
    assert {x.fmt for x in lines} == {"nlog"}
    assert utc(lines[0].ts, "milliseconds") == "2025-03-04T10:00:01.250"
    assert lines[0].message == "Starting the launcher"
    assert lines[0].fields == {"logger": "Launcher.Net.Bootstrap"}
    assert lines[1].message == "Probes: gpu, audio, input"  # no syslog "host program:" here
    assert lines[2].message == "Config file missing, using defaults"
    assert not lines[2].fields  # an unnamed logger
    assert samples(lines[5]) == {"duration_ms": 12.5}


def test_nlog_event_lines_without_a_date_are_its_message() -> None:
    """Each event opens with ${longdate}: a line with none is the event's (its message's
    next line, its exception's), not a line of its own."""
    lines = parse(_NLOG)
    assert lines[3].detail == (
        "System.Net.Http.HttpRequestException: Connection refused (updates.example.net:443)",
        "   at Launcher.Net.Updater.Check()",
    )
    assert lines[4].detail == ("1920x1080 @ 60", "1280x720 @ 60")


def test_pipes_after_a_time_without_a_level_are_no_nlog_line() -> None:
    lines = parse("2025-03-04 10:00:01 |col a|col b|value\n")
    assert lines[0].fmt != "nlog"


# --- log4j's XMLLayout ----------------------------------------------------------------------


def test_log4j_xml_events_indented_one_entry_each() -> None:
    """log4j2's legacy XML layout as a game launcher keeps it: each event three lines, the
    file indented by two spaces."""
    text = (
        '  <log4j:Event logger="net.example.Shaders" timestamp="1741082401250" level="INFO" '
        'thread="Render thread">\n'
        "    <log4j:Message><![CDATA[Shader cache warm-up took 317 milliseconds]]>"
        "</log4j:Message>\n"
        "  </log4j:Event>\n"
        '  <log4j:Event logger="net.example.Sound" timestamp="1741082402500" level="WARN" '
        'thread="Sound engine">\n'
        "    <log4j:Message><![CDATA[Missing sound for event: ui.click]]></log4j:Message>\n"
        "  </log4j:Event>\n"
    )
    lines = parse(text)
    assert len(lines) == 2
    first, second = lines
    assert utc(first.ts, "milliseconds") == "2025-03-04T10:00:01.250"
    assert (first.level, first.fmt) == ("INFO", "log4j-xml")
    assert first.message == "Shader cache warm-up took 317 milliseconds"
    assert first.fields == {"logger": "net.example.Shaders", "thread": "Render thread"}
    assert samples(first) == {"duration_ms": 317.0}
    assert first.detail[-1] == "  </log4j:Event>"
    assert (second.level, second.message) == ("WARNING", "Missing sound for event: ui.click")
    assert utc(second.ts) == "2025-03-04T10:00:02"


def test_log4j_1_xml_layout_with_a_throwable_and_blank_lines() -> None:
    """log4j 1.2's XMLLayout: lower-case elements, CRLF, a blank line after each event; a
    throwable's lines, and a message line that opens with a date, stay the event's."""
    text = (
        '<log4j:event logger="com.example.Billing" timestamp="1741082403000" level="ERROR" '
        'thread="pool-2-thread-1">\r\n'
        "<log4j:message><![CDATA[Invoice run failed]]></log4j:message>\r\n"
        "<log4j:throwable><![CDATA[java.lang.IllegalStateException: ledger closed\r\n"
        "\tat com.example.Billing.run(Billing.java:88)\r\n"
        "]]></log4j:throwable>\r\n"
        "</log4j:event>\r\n"
        "\r\n"
        '<log4j:event logger="com.example.Billing" timestamp="1741082404000" level="INFO" '
        'thread="main">\r\n'
        "<log4j:message><![CDATA[2025-03-04 10:00:04 retry scheduled\r\n"
        "2025-03-04 10:05:04 next window]]></log4j:message>\r\n"
        "</log4j:event>\r\n"
        "\r\n"
    )
    lines = parse(text)
    assert [(x.level, x.message) for x in lines] == [
        ("ERROR", "Invoice run failed"),
        ("INFO", "2025-03-04 10:00:04 retry scheduled"),
    ]
    assert "\tat com.example.Billing.run(Billing.java:88)" in lines[0].detail
    assert [utc(x.ts) for x in lines] == ["2025-03-04T10:00:03", "2025-03-04T10:00:04"]


def test_a_cut_log4j_xml_event_ends_at_a_line_another_layout_dates() -> None:
    """An event cut before its closing tag (the writer killed): a line another layout reads
    as a dated head, or a new event, is no line of it."""
    text = (
        '<log4j:event logger="com.example.Sync" timestamp="1717408800000" level="INFO" '
        'thread="main">\n'
        "<log4j:message><![CDATA[sync started]]></log4j:message>\n"
        "2024-06-03 10:00:06,000 ERROR [main] com.example.Sync - store unreachable\n"
        "2024-06-03 10:00:07,000 INFO  [main] com.example.Sync - retrying\n"
        '<log4j:event logger="com.example.Sync" timestamp="1717408810000" level="WARN" '
        'thread="main">\n'
        "<log4j:message><![CDATA[half a message\n"
        "2024-06-03 10:00:11,000 ERROR [main] com.example.Sync - store gone\n"
    )
    lines = parse(text)
    assert [(x.level, x.message) for x in lines] == [
        ("INFO", "sync started"),
        ("ERROR", "[main] com.example.Sync - store unreachable"),
        ("INFO", "[main] com.example.Sync - retrying"),
        ("WARNING", "half a message"),
        ("ERROR", "[main] com.example.Sync - store gone"),
    ]
    assert [utc(x.ts) for x in lines] == [
        "2024-06-03T10:00:00",
        "2024-06-03T10:00:06",
        "2024-06-03T10:00:07",
        "2024-06-03T10:00:10",
        "2024-06-03T10:00:11",
    ]


def test_log4j_xml_event_on_one_line_its_text_escaped() -> None:
    """An event written on one line (NLog's and log4net's log4j-compatible layouts), its
    message as escaped text instead of CDATA."""
    text = (
        '<log4j:event logger="Shop.Checkout" level="WARN" timestamp="1741082405000" '
        'thread="7"><log4j:message>Cart total &lt; 0 for order 88</log4j:message>'
        "</log4j:event>\n"
        '<log4j:event logger="Shop.Checkout" level="INFO" timestamp="1741082406000" '
        'thread="7"><log4j:message>Payment took 85ms</log4j:message></log4j:event>\n'
    )
    lines = parse(text)
    assert [(x.level, x.message) for x in lines] == [
        ("WARNING", "Cart total < 0 for order 88"),
        ("INFO", "Payment took 85ms"),
    ]
    assert samples(lines[1]) == {"duration_ms": 85.0}
