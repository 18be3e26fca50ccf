"""Windows servers' and .NET tools' logs (issue 17, sets 34 and 35): CMTrace records, the
durations those tools write in their own words. Lines written here in each format's shape."""

from __future__ import annotations

import pytest

from tests.helpers.parsing import parse, samples, utc


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


def test_dotnet_timespan_under_duration_or_after_took() -> None:
    text = (
        '[03/14/2022 09:12:40.0101] [1] Evaluated [Rule:DiskSpace] [Value:"True"] '
        "[Thread:4] [Duration:00:00:01.2500000]\n"
        "[03/14/2022 09:12:41.0101] [1] Finished [Rule:DiskSpace] [Duration:00:01:00.0000001]\n"
        "2022-03-14 09:12:42.10\tw3wp.exe (0x1A2B)\t0x0C0D\tContent Service\tCache\tz9y8\tMedium"
        "\tCatalogLoader LoadAll took: 00:00:00.0420500\t\n"
    )
    got = [samples(e).get("duration_ms") for e in parse(text)]
    assert got == pytest.approx([1250.0, 60000.0001, 42.05])


def test_a_clock_under_a_took_that_is_no_timespan_stays_none() -> None:
    (line,) = parse("2022-03-14 09:12:42 INFO the train took 10:30 from the platform\n")
    assert "duration_ms" not in samples(line)


def test_sharepoint_monitored_scope_execution_time_is_ms() -> None:
    text = (
        "04/05/2022 16:20:11.31 \tw3wp.exe (0x1F40)\t0x2A2A\tSharePoint Foundation\tMonitoring"
        "\tnasq\tMedium  \tLeaving Monitored Scope: (Request (GET:https://intranet/sites/hr))"
        " Execution Time=48.2511; CPU Milliseconds=12; SQL Query Count=3; Parent=None\t"
        "0f0e0d0c-1111-2222-3333-444455556666\n"
    )
    (line,) = parse(text)
    assert samples(line)["duration_ms"] == pytest.approx(48.2511)


def test_work_said_processed_in_a_time_is_its_duration() -> None:
    (line,) = parse("2022-04-05 16:20:11 INFO Resolved and processed 4 role(s) in 37 ms for bob\n")
    assert samples(line)["duration_ms"] == 37.0
    (startup,) = parse("2022-04-05 16:20:11 INFO Initialization processed in 812 ms\n")
    assert "duration_ms" not in samples(startup)  # a start-up's time, as section 7 has it


def test_csv_header_names_a_duration_column_its_records_read_it() -> None:
    text = (
        '"Time of Day","Process Name","PID","Operation","Result","Date & Time","Duration"\n'
        '"3:05:10.1000000 PM","notepad.exe","4410","ReadFile","SUCCESS","2/3/2021 3:05:10 PM",'
        '"0.0004500"\n'
        '"3:05:10.2000000 PM","notepad.exe","4410","CloseFile","SUCCESS","2/3/2021 3:05:10 PM",'
        '"0.0000020"\n'
    )
    lines = parse(text)
    got = [samples(e).get("duration_ms") for e in lines[1:]]
    assert got == pytest.approx([0.45, 0.002])  # a unitless float: seconds
    assert "duration_ms" not in samples(lines[0])


def test_csv_records_opening_with_a_name_keep_their_headers_column() -> None:
    text = (
        '"Process Name","PID","Operation","Duration"\n'
        '"backup.exe","4410","WriteFile","0.0120000"\n'
        '"backup.exe","4410","CloseFile","0.0010000"\n'
    )
    got = [samples(e).get("duration_ms") for e in parse(text)[1:]]
    assert got == pytest.approx([12.0, 1.0])


def test_csv_without_a_duration_column_reads_none() -> None:
    text = '"Name","Started","Count"\n"backup","2/3/2021 3:05:10 PM","0.5"\n'
    assert all("duration_ms" not in samples(e) for e in parse(text))


def test_a_level_word_before_a_plural_of_findings_is_no_level() -> None:
    text = (
        "[05/02/2022 11:00:03.0120] [1] Setup will stop: 2 critical errors were found.\n"
        "[05/02/2022 11:00:03.0130] [1] Scan done, no fatal problems, 3 severe warnings\n"
        "[05/02/2022 11:00:03.0140] [1] critical error in the installer, rolling back\n"
        "[05/02/2022 11:00:03.0150] [1] CRITICAL errors left unhandled\n"
    )
    assert [e.level for e in parse(text)] == ["UNKNOWN", "UNKNOWN", "CRITICAL", "CRITICAL"]


def test_websphere_time_milliseconds_after_a_colon_and_its_zone_applied() -> None:
    text = (
        "[14/03/22 08:05:09:250 EDT] 0000002a SystemOut     O order 7 shipped\n"
        "[14/03/22 08:05:10:500 CET] 0000002a  < exit method=ship\n"
    )
    assert [utc(e.ts, "milliseconds") for e in parse(text)] == [
        "2022-03-14T12:05:09.250",  # EDT: UTC-4
        "2022-03-14T07:05:10.500",  # CET: UTC+1
    ]


def test_work_completed_after_a_time_closing_the_message_is_its_duration() -> None:
    text = (
        "2022-03-14 08:05:09,250 [PID 311] [Thread-2] [jobs.resize] [INFO] Completed after"
        " 41.5ms.\n"
        "2022-03-14 08:05:09,300 [PID 311] [Thread-2] [jobs.resize] [INFO] Retrying after"
        " 500ms.\n"
    )
    got = [samples(e).get("duration_ms") for e in parse(text)]
    assert got == [41.5, None]


def test_plug_sent_line_and_ecto_query_line() -> None:
    text = (
        "[info] PATCH /orders/12\n"
        '[debug] QUERY OK source="orders" db=3.1ms decode=0.2ms queue=0.4ms idle=811.0ms\n'
        "[info] Sent 422 in 9ms\n"
        "[info] Chunked 200 in 850µs\n"
        "[info] Sent 250 messages to the queue\n"
    )
    lines = parse(text)
    assert [samples(e) for e in lines] == [
        {},
        {"query_duration_ms": 3.1},
        {"http_status": 422.0, "response_time_ms": 9.0},
        {"http_status": 200.0, "response_time_ms": 0.85},
        {},
    ]


def test_hotspot_crash_header_is_one_fatal_report() -> None:
    text = (
        "#\n"
        "# A fatal error has been detected by the Java Runtime Environment:\n"
        "#\n"
        "#  SIGSEGV (0xb) at pc=0x00007f3a1c2b4e10, pid=4711, tid=4712\n"
        "#\n"
        "# Problematic frame:\n"
        "# C  [libzip.so+0x12e10]  newEntry+0x60\n"
        "#\n"
        "---------------  T H R E A D  ---------------\n"
    )
    reports = [e for e in parse(text) if e.level != "UNKNOWN"]
    assert [(e.level, len([d for d in e.detail if d])) for e in reports] == [("FATAL", 6)]
