"""Issue 17, the twelfth round's sets 19 (highlighters' and log viewers' samples) and 17
(intrusion-prevention tools' test logs): lines written here in the shapes real programs
print (log4j2's ``[thread/LEVEL]``, DDMS's logcat export, logcat's tag layout, npm's debug
log, WeeChat's dates, Apache's level slot, journalctl's banner, an object's printed fields),
never copied from a log."""

from __future__ import annotations

from tests.helpers.parsing import parse, samples, utc

# --- levels -----------------------------------------------------------------------------------


def test_log4j2_thread_slash_level_bracket_gives_the_level() -> None:
    """log4j2's ``[%d{HH:mm:ss}] [%t/%level]: %msg`` (Minecraft servers' default): the level
    is the part behind the thread's name, not the bracket whole."""
    lines = parse(
        "[11:02:07] [main/INFO]: Loading properties\n"
        "[11:02:08] [Worker-Main-3/WARN]: Skipped 4 chunks\n"
        "[11:02:09] [Server thread/ERROR]: Could not bind to port\n"
        "[11:02:09] [Netty Epoll IO #1/FATAL]: Shutting down\n"
    )
    assert [e.level for e in lines] == ["INFO", "WARNING", "ERROR", "FATAL"]


def test_thread_slash_word_that_is_no_level_stays_as_it_was() -> None:
    """A bracket whose part after the slash is no level word is left as the bracket."""
    lines = parse("[11:02:07] [pool/worker]: started\n")
    assert lines[0].level == "pool/worker"


def test_ddms_logcat_export_colon_after_time_assert_and_empty_pid() -> None:
    """Eclipse DDMS's export, ``MM-DD HH:MM:SS.mmm: L/Tag(pid): msg``: the colon after the
    time, ``A`` (assert, Log.wtf) above ERROR, and a tag with an empty pid."""
    lines = parse(
        "04-02 14:20:01.118: D/Choreographer(2210): Skipped 3 frames\n"
        "04-02 14:20:02.500: W/InputMethod(911): no window focus\n"
        "04-02 14:20:03.007: E/MediaPlayer(): prepare failed\n"
        "04-02 14:20:03.009: A/libc(2210): Fatal signal 11 (SIGSEGV)\n"
    )
    assert [e.level for e in lines] == ["DEBUG", "WARNING", "ERROR", "FATAL"]
    assert utc(lines[0].ts) == "2024-04-02T14:20:01"
    assert lines[3].message == "Fatal signal 11 (SIGSEGV)"


def test_logcat_tag_layout_behind_a_time_gives_the_level() -> None:
    """A layout of its own that writes logcat's ``E/Tag: msg`` behind its time and pid; not
    ``I/O:`` (a one-character tag) in a sentence."""
    lines = parse(
        "14.03.2021 08:15:42,100 [4410] E/Uploader: connection reset\n"
        "14.03.2021 08:15:43,200 [4410] W/Uploader: retrying\n"
        "14.03.2021 08:15:44,300 [4410] I/O: queue drained\n"
    )
    assert [e.level for e in lines] == ["ERROR", "WARNING", "UNKNOWN"]
    assert utc(lines[0].ts) == "2021-03-14T08:15:42"


def test_npm_debug_log_numbered_records_are_one_entry_each_at_their_level() -> None:
    """npm-debug.log: ``id level [prefix] line``, every line of one record repeating its id
    and level; an ``Error:`` inside a verbose record is verbose."""
    lines = parse(
        "0 info it worked if it ends with ok\n"
        "1 verbose cli [ 'node', 'npm', 'start' ]\n"
        "2 verbose stack Error: build failed\n"
        "2 verbose stack     at Foo.run (lib/foo.js:10:3)\n"
        "3 warn deprecated left-pad@1.0.0\n"
        "4 error code ELIFECYCLE\n"
        "5 error Failed at the app@1.0.0 start script.\n"
        "5 error This is probably not a problem with npm.\n"
    )
    assert [e.level for e in lines] == ["INFO", "DEBUG", "DEBUG", "WARNING", "ERROR", "ERROR"]
    assert lines[2].detail == ("2 verbose stack     at Foo.run (lib/foo.js:10:3)",)
    assert lines[5].detail == ("5 error This is probably not a problem with npm.",)


def test_apache_error_level_slot_takes_syslogs_full_emergency() -> None:
    """Apache's ``[module:level]`` with syslog's full name ``emergency``: FATAL, the bracket
    off the message as for ``emerg``."""
    lines = parse(
        "[Tue Mar 05 09:10:11.223344 2024] [core:emergency] [pid 77] disk gone\n"
        "[Tue Mar 05 09:10:12.223344 2024] [core:emerg] [pid 77] disk still gone\n"
    )
    assert [e.level for e in lines] == ["FATAL", "FATAL"]
    assert lines[0].message == "[pid 77] disk gone"


# --- times ------------------------------------------------------------------------------------


def test_weechat_year_month_name_day_is_a_full_date() -> None:
    """WeeChat's logger ``%Y %b %d %H:%M:%S``: the year is the line's, not a guess."""
    lines = parse(
        "2011 Mar 07 21:04:10  -->  alice (alice@example.org) has joined #rust\n"
        "2011 Mar 07 21:05:42  <alice> hello\n"
    )
    assert [utc(e.ts) for e in lines] == ["2011-03-07T21:04:10", "2011-03-07T21:05:42"]


def test_journalctl_banner_end_date_places_year_less_lines() -> None:
    """``-- Logs begin at ..., end at ... --`` (and systemd 246+'s ``-- Journal begins at
    ..., ends at ... --``): the year-less dates under it end at the banner's end date."""
    lines = parse(
        "-- Logs begin at Sat 2018-02-03 08:00:00 UTC, end at Thu 2019-01-10 12:00:00 UTC. --\n"
        "Jan 10 11:58:02 box sshd[301]: Accepted publickey for ops\n"
    )
    assert utc(lines[-1].ts) == "2019-01-10T11:58:02"
    newer = parse(
        "-- Journal begins at Mon 2021-05-03 10:00:00 CEST, ends at Wed 2022-03-09 09:30:00"
        " CET. --\n"
        "Mar 09 09:29:01 box cron[88]: job done\n"
    )
    assert utc(newer[-1].ts) == "2022-03-09T09:29:01"


# --- durations --------------------------------------------------------------------------------


def test_duration_field_inside_a_printed_object_is_no_line_duration() -> None:
    """``Name(k=v,...)``, an object's printed form (a Python repr, an OpenFlow reply's flow
    stats): its ``duration_sec`` is a field of the thing printed, not the line's timing."""
    lines = parse(
        "2023-06-01 10:00:00.001 7 DEBUG agent.ofswitch [-] reply FlowStats(cookie=1,"
        "duration_sec=812,duration_nsec=250000000,priority=0) sent\n"
        "2023-06-01 10:00:01.001 7 INFO agent.worker [-] batch done duration_sec=2.5\n"
    )
    assert samples(lines[0]) == {}
    assert samples(lines[1]) == {"duration_ms": 2500.0}


def test_nsec_names_nanoseconds() -> None:
    """A key ending ``_nsec`` is in nanoseconds."""
    lines = parse("2023-06-01 10:00:00.001 7 INFO agent.worker [-] sync done took_nsec=4000000\n")
    assert samples(lines[0]) == {"duration_ms": 4.0}
