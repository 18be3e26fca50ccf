"""Windows servers' and .NET tools' logs (issue 17, sets 34 and 35): CMTrace records, the
durations those tools write in their own words. Lines written here in each format's shape."""

from __future__ import annotations

from tests.helpers.parsing import parse, utc


def test_cmtrace_records_one_a_line_their_bias_in_minutes_added_for_utc() -> None:
    text = (
        '<![LOG[Starting the backup step]LOG]!><time="08:15:02.250+300" date="4-9-2023" '
        'component="Backup" context="" type="1" thread="88" file="step.cpp:12">\n'
        '<![LOG[Disk nearly full]LOG]!><time="08:15:03.500+300" date="4-9-2023" '
        'component="Backup" context="" type="2" thread="88" file="">\n'
        '<![LOG[Copy failed (0x80070005)]LOG]!><time="08:15:04.000-060" date="4-9-2023" '
        'component="Backup" context="" type="3" thread="91" file="">\n'
    )
    lines = parse(text)
    assert [e.level for e in lines] == ["INFO", "WARNING", "ERROR"]
    # +300: five hours behind UTC (UTC = local + bias); -060: one hour ahead
    assert [utc(e.ts) for e in lines] == [
        "2023-04-09T13:15:02",
        "2023-04-09T13:15:03",
        "2023-04-09T07:15:04",
    ]
    assert lines[0].message == "Starting the backup step"
    assert lines[2].fields == {"component": "Backup", "thread": "91"}


def test_cmtrace_record_over_lines_is_one_entry_at_its_closing_lines_time() -> None:
    text = (
        '<![LOG[Sync started]LOG]!><time="21:40:00.1234567" date="11-30-2025" '
        'component="Sync" context="" type="1" thread="4" file="">\r\n'
        "<![LOG[Sync of item 7 failed\r\n"
        "System.IO.IOException: the share went away\r\n"
        "2025-11-30 21:40:01 is the time the share said\r\n"
        "   at Contoso.Sync.Worker.Copy(Item item)\r\n"
        '   at Contoso.Sync.Worker.Run()]LOG]!><time="21:40:02.7654321" date="11-30-2025" '
        'component="Sync" context="" type="3" thread="4" file="">\r\n'
        '<![LOG[Sync done]LOG]!><time="21:40:05.0000000" date="11-30-2025" '
        'component="Sync" context="" type="1" thread="4" file="">\r\n'
    )
    lines = parse(text)
    assert [e.level for e in lines] == ["INFO", "ERROR", "INFO"]
    assert [utc(e.ts) for e in lines] == [  # no bias: UTC
        "2025-11-30T21:40:00",
        "2025-11-30T21:40:02",
        "2025-11-30T21:40:05",
    ]
    failed = lines[1]
    assert failed.message == "Sync of item 7 failed"
    assert failed.detail[-1] == "   at Contoso.Sync.Worker.Run()"
    assert len(failed.detail) == 4


def test_cmtrace_first_record_over_lines_takes_its_own_time() -> None:
    text = (
        "<![LOG[Policy evaluation\n"
        'Key = a1b2c3]LOG]!><time="06:00:09.5" date="1-2-2024" component="Agent" '
        'context="" type="2" thread="1" file="">\n'
    )
    (line,) = parse(text)
    assert (utc(line.ts), line.level) == ("2024-01-02T06:00:09", "WARNING")
    assert line.message == "Policy evaluation"
