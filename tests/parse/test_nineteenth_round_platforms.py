"""Issue 17, sets 74 and 75 (hosts' daemons and self-hosted platforms): a D-Bus error's name
is no level, spamd's scan times, a JSON record cut between its values, a run of work said
completed, Zabbix's layout and its crash dump, Odoo's perf_info after werkzeug's line,
Metabase's FINISHED steps, Artifactory's statuses and job times. Lines written here in
those shapes (none copied from the corpus files)."""

from __future__ import annotations

from tests.helpers.parsing import parse, samples, utc


def test_a_level_word_inside_a_dotted_name_is_no_level() -> None:
    text = (
        "Oct  3 08:00:01 nas bluetoothd[612]: Get properties failed: "
        "org.freedesktop.DBus.Error.ServiceUnknown: The name is not activatable\n"
        "Oct  3 08:00:02 nas app[77]: handler com.example.error.Mapper registered\n"
        # Monolog's channel.LEVEL keeps its level; a bare word of prose still reads as one
        "Oct  3 08:00:03 nas php[88]: app.ERROR: disk quota exceeded\n"
        "Oct  3 08:00:04 nas app[77]: reply: Error.Timeout while waiting\n"
    )
    lines = parse(text)
    assert [ln.level for ln in lines] == ["INFO", "INFO", "ERROR", "ERROR"]


def test_spamds_check_of_a_message_is_timed() -> None:
    head = "Jun  2 10:00:07 mx1 spamd[2210]: spamd: "
    text = (
        head
        + "clean message (-2.3/5.0) for spamd:110 in 0.8 seconds, 2048 bytes.\n"
        + head
        + "result: . -2 - BAYES_00,SPF_PASS scantime=0.8,size=2048,user=spamd,uid=110,"
        "required_score=5.0,rhost=localhost,raddr=127.0.0.1,rport=51000,mid=<a1@example.org>,"
        "bayes=0.000012,autolearn=ham\n"
        + head
        + "identified spam (14.9/5.0) for nobody:65534 in 3.1 seconds, 7100 bytes.\n"
        # a connection's line says no check's time
        + head
        + "connection from localhost [127.0.0.1]:51000 to port 783, fd 6\n"
    )
    lines = parse(text)
    assert [samples(ln) for ln in lines] == [
        {"duration_ms": 800.0},
        {"duration_ms": 800.0},
        {"duration_ms": 3100.0},
        {},
    ]


def test_a_json_record_cut_between_its_values_keeps_its_time_and_level() -> None:
    text = (
        '{"reqId":"r1","level":2,"time":"2021-03-04T10:00:00+00:00","message":"slow"}\n'
        # cut inside its message object, then the next record: its whole pairs say enough
        '{"reqId":"r2","level":3,"time":"2021-03-04T10:00:05+00:00","app":"files",'
        '"message":{"Exception":"Error","Code":0,\n'
        '{"reqId":"r3","level":1,"time":"2021-03-04T10:00:09+00:00","message":"ok"}\n'
        # the file ends inside a record, after a value
        '{"reqId":"r4","level":3,"time":"2021-03-04T10:00:12+00:00","user":"ann",\n'
    )
    lines = parse(text)
    assert [(utc(ln.ts), ln.level, ln.fmt) for ln in lines] == [
        ("2021-03-04T10:00:00", "WARNING", "json"),
        ("2021-03-04T10:00:05", "ERROR", "json"),
        ("2021-03-04T10:00:09", "INFO", "json"),
        ("2021-03-04T10:00:12", "ERROR", "json"),
    ]
    kept = [t for ln in lines for t in (ln.message, *ln.detail)]
    assert any(t.startswith('{"reqId":"r2"') for t in kept)  # the cut line itself is kept


def test_a_cut_json_record_with_no_time_or_cut_inside_a_string_stays_plain() -> None:
    text = (
        "2021-03-04 10:00:00 INFO starting\n"
        '{"user":"ann","action":"login","detail":{"ip":"10.0.0.1",\n'
        '{"time":"2021-03-04T10:00:05Z","level":"error","msg":"upload failed for fi\n'
    )
    lines = parse(text)
    assert [ln.fmt for ln in lines] == ["text", "plain", "plain"]
