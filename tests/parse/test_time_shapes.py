"""Issue 17, set 27: time shapes of game servers' and launchers' logs and of telephone
switches' call records, read by the general fallback (docs/log-formats.md, section 7):
log4j's ``ddMMMyyyy`` (a locale's month with a dot too) and the times of day after it, a date
then its time in brackets, a 24-hour time with a redundant AM/PM marker, and a call record's
first date-and-time column (pipe-separated, fixed columns after numbers, year-less
``MM/DD``, a quoted CSV column). Lines written here in those shapes."""

from __future__ import annotations

from tests.helpers.parsing import parse, samples, utc

CLOCK = "2030-01-01T00:00:00"  # the helper's clock: a line with no time of its own


def test_log4j_day_month_year_without_separators() -> None:
    lines = parse(
        "[03Feb2023 08:14:05.120] [main/INFO] [net.example.boot.Loader/BOOT]: Loading 12 mods\n"
        "[03Feb2023 08:14:06.002] [main/WARN] [net.example.boot.Loader/BOOT]: No config found\n"
    )
    assert [utc(ln.ts, "milliseconds") for ln in lines] == [
        "2023-02-03T08:14:05.120",
        "2023-02-03T08:14:06.002",
    ]
    assert [ln.level for ln in lines] == ["INFO", "WARNING"]


def test_a_locales_month_with_a_dot_then_times_of_day_on_its_day() -> None:
    lines = parse(
        "[14Mar.2022 21:03:11.004] [main/INFO] [boot.Launcher/MAIN]: Launcher starting\n"
        "[21:03:40] [Render thread/INFO]: Setting user: someone\n"
        "[14Mar.2022 21:03:41.500] [main/INFO] [boot.Launcher/MAIN]: Services loaded\n"
        "[21:05:02] [Render thread/ERROR]: Sound engine failed to start\n"
    )
    assert [utc(ln.ts) for ln in lines] == [
        "2022-03-14T21:03:11",
        "2022-03-14T21:03:40",  # a time of day alone: on the day of the log's dated lines
        "2022-03-14T21:03:41",
        "2022-03-14T21:05:02",
    ]
    assert [ln.level for ln in lines] == ["INFO", "INFO", "INFO", "ERROR"]


def test_a_word_that_is_no_month_makes_no_date() -> None:
    assert utc(parse("[10Foo2023 10:00:00.000] [main/INFO]: hello\n")[0].ts) == CLOCK


def test_a_date_then_its_time_in_brackets() -> None:
    lines = parse(
        '2022-08-09 [06:41:12] [Server thread/INFO]: Preparing level "world"\n'
        "2022-08-09 [06:41:30] [Server thread/WARNING]: Can't keep up! Is the server overloaded?\n"
    )
    assert [utc(ln.ts) for ln in lines] == ["2022-08-09T06:41:12", "2022-08-09T06:41:30"]
    assert [ln.level for ln in lines] == ["INFO", "WARNING"]


def test_a_24_hour_time_with_a_redundant_marker() -> None:
    lines = parse(
        "[19/08/2020 00:12:40 AM] Checking for updates\n"
        "[19/08/2020 14:05:22 PM] Downloading 3 files\n"
        "[19/08/2020 09:05:23 PM] Launching instance\n"
    )
    assert [utc(ln.ts) for ln in lines] == [
        "2020-08-19T00:12:40",
        "2020-08-19T14:05:22",  # over 12: the hour as written
        "2020-08-19T21:05:23",  # a 12-hour clock's as before
    ]


def test_a_24_hour_time_with_the_wrong_marker_is_no_time() -> None:
    assert utc(parse("[19/08/2020 14:05:22 AM] Downloading 3 files\n")[0].ts) == CLOCK


def test_a_call_record_day_first_with_pipes_between_its_columns() -> None:
    lines = parse(
        "03.04.09|09:12:44|3|1402||00:00:51|0612345678||2||||5|\n"
        "03.04.09|09:13:02|5|1417|00:07|00:03:12|0698765432||1|||||\n"
    )
    assert [utc(ln.ts) for ln in lines] == ["2009-04-03T09:12:44", "2009-04-03T09:13:02"]
    assert all(samples(ln) == {} for ln in lines)  # a call's length is no request's time


def test_a_call_record_date_after_numeric_columns_and_a_calls_length() -> None:
    lines = parse(
        "1022 214   031 00:02:07 15/03/08 09:41 O5553210           **     0           0\n"
        "1023 206   012 00:00:31 15/03/08 09:40 I5557788\n"
    )
    # 00:02:07 is the call's length: the date beside 09:41 says which is the time
    assert [utc(ln.ts) for ln in lines] == ["2008-03-15T09:41:00", "2008-03-15T09:40:00"]
    assert all(samples(ln) == {} for ln in lines)


def test_a_date_after_words_is_still_what_a_message_talks_about() -> None:
    line = parse("please call back the desk on 15/03/08 09:41 about it\n")[0]
    assert utc(line.ts) == CLOCK


def test_a_yearless_month_first_call_record() -> None:
    lines = parse(
        "  2 411       #705 03/14 08:02:55 00:01:10 O  5551234#                  0.00\n"
        "  2 415       #701 03/14 08:01:30 00:02:01 I  5559876                   0.00\n"
    )
    # no year: the year rule's (June 2024 reference), a guess no full date came to correct
    assert [utc(ln.ts) for ln in lines] == ["2024-03-14T08:02:55", "2024-03-14T08:01:30"]
    december = parse("  1 402       #702 12/02 17:30:01 00:00:20 O  5550001#    0.00\n")
    assert utc(december[0].ts) == "2023-12-02T17:30:01"


def test_a_yearless_pair_without_seconds_is_no_date() -> None:
    assert utc(parse("job 3/4 10:00 queued\n")[0].ts) == CLOCK


def test_a_quoted_csv_records_first_date_time_column() -> None:
    lines = parse(
        '"acct7","5551001","5552002","from-internal","""Front Desk"" <5551001>",'
        '"SIP/5551001-0000a1","SIP/5552002-0000a2","Dial","SIP/5552002,30,tT",'
        '"2021-03-05 14:22:10","2021-03-05 14:22:15","2021-03-05 14:25:40",210,205,'
        '"ANSWERED","DOCUMENTATION","1614954130.42",""\n'
        '"","5551003","5552002","from-internal","","SIP/5551003-0000a3","","Dial",'
        '"SIP/5552002,30,tT","2021-03-05 14:31:02","","2021-03-05 14:31:20",18,0,'
        '"NO ANSWER","DOCUMENTATION","1614954662.43",""\n'
    )
    # the start column: the answer and end columns come after it
    assert [utc(ln.ts) for ln in lines] == ["2021-03-05T14:22:10", "2021-03-05T14:31:02"]
    assert all(samples(ln) == {} for ln in lines)
    assert {ln.level for ln in lines} == {"UNKNOWN"}  # NO ANSWER is a call's outcome


def test_a_progress_counter_before_a_clock_is_no_yearless_date() -> None:
    # a word before "N/M" (a step of a count, a time remaining after it): no date; one digit
    # for the month or the day neither, whatever stands before it
    for line in (
        "Downloading 3/10 00:00:05 remaining\n",
        "Epoch 3/10 00:01:23 - loss: 0.2\n",
        "test 5/5 00:00:10 ok\n",
        "Progress 12/20 10:00:00 elapsed\n",
        "Stage 04/11 08:15:30 left\n",
        "3/10 00:00:05 remaining\n",
    ):
        assert utc(parse(line)[0].ts) == CLOCK, line


def test_a_progress_counter_does_not_redate_the_lines_before_it() -> None:
    lines = parse(
        "npm info it worked if it ends with ok\n"
        "npm verb cli [ 'node', 'npm', 'install' ]\n"
        "Downloading 3/10 00:00:05 remaining\n"
    )
    assert {utc(ln.ts) for ln in lines} == {CLOCK}


def test_a_yearless_date_at_the_head_or_after_numeric_columns_only() -> None:
    head = parse("12/25 17:06:12 trunk 3 seized\n")
    assert utc(head[0].ts) == "2023-12-25T17:06:12"
    record = parse("  1 450       #702 12/25 17:06:12 00:00:18 O  5550001#    0.00\n")
    assert utc(record[0].ts) == "2023-12-25T17:06:12"
