"""Session 30's sets: shapes written here after the real files named beside each test."""

from __future__ import annotations

from tests.helpers.parsing import parse, samples, utc


def test_express_winstons_request_record_is_an_error_on_a_5xx() -> None:
    # express-winston's default: "HTTP {{req.method}} {{req.url}}" as the message, the
    # request and response under meta, "level": "info" whatever the status (statusLevels off)
    failed, served = parse(
        '{"level":"info","message":"HTTP POST /api/orders","meta":{"req":{"method":"POST",'
        '"url":"/api/orders","httpVersion":"1.1"},"res":{"statusCode":502},"responseTime":87}}\n'
        '{"level":"info","message":"HTTP GET /api/orders/7","meta":{"req":{"method":"GET",'
        '"url":"/api/orders/7"},"res":{"statusCode":200},"responseTime":12}}\n'
    )
    assert failed.level == "ERROR"
    assert samples(failed)["http_status"] == 502.0
    assert samples(failed)["response_time_ms"] == 87.0
    assert served.level == "INFO"


def test_a_message_saying_more_than_its_request_keeps_its_level() -> None:
    # an info record about a request that says something of its own: its logger's level
    (line,) = parse(
        '{"level":"info","message":"GET /api/orders retried once","method":"GET","status":503}\n'
    )
    assert line.level == "INFO"


def test_binds_resolver_errors_are_no_error_level() -> None:
    # BIND 9's lame-servers category through syslog (no PRI in the file): what a query's
    # answer was, logged at info; a named line with its own level word keeps it
    lame, unreachable, failed = parse(
        "May 26 18:22:48 ns1 named[812]: error (insecurity proof failed) resolving "
        "'43.255.188.169.in-addr.arpa/PTR/IN': 193.0.9.3#53\n"
        "May 26 18:22:49 ns1 named[812]: error (network unreachable) resolving './NS/IN': "
        "2001:500:2::c#53\n"
        "May 26 18:22:50 ns1 named[812]: zone example.org/IN: loading from master file "
        "example.org.db failed: file not found\n"
    )
    assert lame.level != "ERROR"
    assert unreachable.level != "ERROR"
    assert failed.level != "ERROR"  # (no level word: as before)


def test_a_v8_frames_function_name_is_no_level() -> None:
    # Heroku's logplex gives each line of a Node stack its own time: a frame whose function
    # is named ".err" or ".error" is a frame, no error entry of its own
    _opened, frame = parse(
        "2017-09-06T18:07:28.017540+00:00 app[web.1]: Unhandled rejection "
        "SequelizeConnectionRefusedError: connect ECONNREFUSED 127.0.0.1:3306\n"
        "2017-09-06T18:07:28.017551+00:00 app[web.1]:     at Promise.tap.then.catch.err "
        "(/app/node_modules/sequelize/lib/dialects/mysql/connection-manager.js:136:19)\n"
    )
    assert frame.level != "ERROR"


def test_only_express_winstons_own_shape_makes_a_5xx_an_error() -> None:
    # (review of 592d2f7) a client's record of a call it made, at info or debug, with the
    # answer's status: no response object of a request served, its logger's level kept
    debug, client = parse(
        '{"level":"debug","message":"GET /v1/charges","method":"GET","status":503,'
        '"upstream":"stripe"}\n'
        '{"level":"info","message":"GET /v1/charges","method":"GET","status":503}\n'
    )
    assert debug.level == "DEBUG"
    assert client.level == "INFO"


def test_a_message_opening_with_at_is_no_frame_unless_it_is_one() -> None:
    # (review of 592d2f7) "at startup: config.error (...)" is a sentence: its level stands
    (line,) = parse(
        "May 26 18:22:48 web1 app[812]: at startup: config.error (missing DATABASE_URL) - exiting\n"
    )
    assert line.level == "ERROR"


def test_held_lines_move_to_their_own_dates_when_a_later_line_says_the_year() -> None:
    # A Raspberry Pi's syslog (no year): a boot on a clock stuck at 30 January, then NTP's
    # jump to 1 March and rsyslog's retry time saying 2017. Guessed in a leap year (2024) and
    # moved to 2017 by seconds, the January lines fell on the 29th.
    lines = parse(
        "Jan 30 11:17:22 raspberrypi systemd[1]: Started User Manager for UID 1000.\n"
        "Jan 30 11:17:23 raspberrypi systemd[1]: Starting Session c2 of user pi.\n"
        "Mar  1 05:17:01 raspberrypi systemd[1]: Time has been changed\n"
        "Mar  1 05:17:02 raspberrypi rsyslogd-2007: action 'action 17' suspended, next retry "
        "is Wed Mar  1 05:17:32 2017\n"
    )  # (the year reference is June 2024, a leap year's)
    assert utc(lines[0].ts) == "2017-01-30T11:17:22"
    assert utc(lines[1].ts) == "2017-01-30T11:17:23"
    assert utc(lines[-1].ts) == "2017-03-01T05:17:02"


def test_a_logcat_crash_reports_timestamp_gives_the_year() -> None:
    # logcat's threadtime lines have no year; debuggerd's tombstone under them says it
    # ("Timestamp: 2022-10-09 13:05:18.384210281+0530"): the lines before it are held and
    # placed in that year, as glog's are (October, by the rule alone, would be 2023's)
    lines = parse(
        "10-09 13:05:18.246  7161  7161 F DEBUG   : *** *** *** *** *** *** *** ***\n"
        "10-09 13:05:18.247  7161  7161 F DEBUG   : Build fingerprint: 'google/x/y:14/AP1A'\n"
        "10-09 13:05:18.560  7161  7161 F DEBUG   : Timestamp: 2022-10-09 "
        "13:05:18.384210281+0530\n"
        "10-09 13:05:18.561  7161  7161 F DEBUG   : pid: 7140, tid: 7140, name: app\n"
    )
    assert [utc(line.ts) for line in lines] == [
        "2022-10-09T13:05:18",
        "2022-10-09T13:05:18",
        "2022-10-09T13:05:18",
        "2022-10-09T13:05:18",
    ]


def test_a_time_of_day_before_the_first_date_is_placed_on_its_day() -> None:
    # (second review) a time of day alone, its day the first date's: placed by seconds,
    # not moved as a year's guess when that date is about a year before the year reference
    start, started = parse("10:00:00 INFO Starting server\n2023-06-02 10:00:05 Started in 5s\n")
    assert utc(start.ts) == "2023-06-02T10:00:00"
    assert utc(started.ts) == "2023-06-02T10:00:05"


def test_logcat_time_lines_wait_for_the_year_too() -> None:
    # (second review) logcat -v time ("E/Tag( pid): msg") as threadtime's lines
    lines = parse(
        "10-09 13:05:18.246 F/DEBUG   ( 7161): *** *** *** *** *** *** *** ***\n"
        "10-09 13:05:18.560 F/DEBUG   ( 7161): Timestamp: 2022-10-09 13:05:18.384210281+0530\n"
    )
    assert [utc(line.ts) for line in lines] == ["2022-10-09T13:05:18", "2022-10-09T13:05:18"]
