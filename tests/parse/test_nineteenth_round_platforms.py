"""Issue 17, sets 74 and 75 (hosts' daemons and self-hosted platforms): a D-Bus error's name
is no level, spamd's scan times, a JSON record cut between its values, a run of work said
completed, Zabbix's layout and its crash dump, Odoo's perf_info after werkzeug's line,
Metabase's FINISHED steps, Artifactory's statuses and job times. Lines written here in
those shapes (none copied from the corpus files)."""

from __future__ import annotations

from console import events as ev
from console.parse import LogParser, derived
from tests.helpers.parsing import NOW, REF, parse, samples, utc


def test_a_level_word_inside_a_dotted_name_is_no_level() -> None:
    text = (
        "Oct  3 08:00:01 nas bluetoothd[612]: Get properties failed: "
        "org.freedesktop.DBus.Error.ServiceUnknown: The name is not activatable\n"
        "Oct  3 08:00:02 nas app[77]: handler com.example.error.Mapper registered\n"
        # Monolog's channel.LEVEL keeps its level; an error's dotted name in a sentence is
        # none (session 28: a sentence's common noun is no level)
        "Oct  3 08:00:03 nas php[88]: app.ERROR: disk quota exceeded\n"
        "Oct  3 08:00:04 nas app[77]: reply: Error.Timeout while waiting\n"
    )
    lines = parse(text)
    assert [ln.level for ln in lines] == ["INFO", "INFO", "ERROR", "INFO"]


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
    # the check's line its time as a request served (session 36: the latency panel's, its
    # client waits on it); the result line's scantime= the same check's, no second request
    assert [samples(ln) for ln in lines] == [
        {"response_time_ms": 800.0},
        {"duration_ms": 800.0},
        {"response_time_ms": 3100.0},
        {},
    ]
    assert [derived.latency_tier(ln.samples, ln) for ln in lines] == [
        (derived.TIMED, 800.0),
        None,
        (derived.TIMED, 3100.0),
        None,
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


def test_a_run_of_work_said_completed_in_a_time_is_timed() -> None:
    text = (
        "2019-06-02 03:00:00,100 QuartzWorker-1 INFO BackupRunner [admin.DataExport] Data "
        "export completed in 212ms. Wrote 880 entities to export file '/srv/backups/a.zip'.\n"
        "2019-06-02 03:00:01,000 sync-1 INFO Mirror - Sync finished in 2.5s\n"
        # a start-up's step, and work its name does not say is a run of work
        "2019-06-02 03:00:02,000 main INFO Boot - Initialization completed in 2264 ms\n"
        "2019-06-02 03:00:03,000 main INFO Db - Migration completed in 1.5s\n"
    )
    lines = parse(text)
    assert [samples(ln) for ln in lines] == [
        {"duration_ms": 212.0},
        {"duration_ms": 2500.0},
        {},
        {},
    ]


def test_zabbixs_layout_reads_its_time_and_pid_padded_or_not() -> None:
    text = (
        "  2210:20230311:094501.120 Starting Zabbix Proxy (active) [px1]. Zabbix 5.0.3\n"
        "  2210:20230311:094501.121 ****** Enabled features ******\n"
        "1843022:20230311:094502.500 cannot send list of active checks to [127.0.0.1]\n"
        "WARNING: deprecated option in client library\n"
        "  2211:20230311:094503.004 executing housekeeper\n"
    )
    lines = parse(text)
    assert [(utc(ln.ts, "milliseconds"), ln.fmt) for ln in lines] == [
        ("2023-03-11T09:45:01.120", "zabbix"),
        ("2023-03-11T09:45:01.121", "zabbix"),
        ("2023-03-11T09:45:02.500", "zabbix"),
        ("2023-03-11T09:45:02.500", "python"),
        ("2023-03-11T09:45:03.004", "zabbix"),
    ]
    assert lines[2].fields == {"pid": 1843022}
    # a line read alone and the same text fed at once give the same events
    one = LogParser(now=lambda: NOW, year_ref=REF)
    by_line = [e for ln in text.splitlines() for e in one.feed(ln)] + one.flush()
    assert [(e.ts, e.message) for e in by_line if isinstance(e, ev.LogLine)] == [
        (ln.ts, ln.message) for ln in lines
    ]


def test_zabbixs_crash_dump_is_one_entry_and_its_lines_say_no_error() -> None:
    head = "  3301:20230311:101500.200 "
    text = (
        head
        + "Got signal [signal:11(SIGSEGV),reason:1,refaddr:(nil)]. Crashing ...\n"
        + head
        + "====== Fatal information: ======\n"
        + head
        + "=== Registers: ===\n"
        + head
        + "err     =                4 =                    4 =                    4\n"
        + head
        + "=== Memory map: ===\n"
        + head
        + "7f00a1000000-7f00a1004000 r--p 00000000 fc:01 3777   /usr/lib/libgpg-error.so.0\n"
        + head
        + "================================\n"
        + head
        + "Please consider attaching a disassembly listing to your bug report.\n"
        # another process's line in the same second stands on its own
        + "  3302:20230311:101500.300 error connecting to database\n"
    )
    lines = parse(text)
    assert [ln.level for ln in lines] == ["INFO", "FATAL", "INFO", "ERROR"]
    assert len(lines[1].detail) == 5


def test_odoos_perf_info_times_werkzeugs_request() -> None:
    head = "2024-02-05 08:10:11,500 4242 INFO shopdb werkzeug: 10.0.0.7 - - [05/Feb/2024 08:10:11] "
    text = (
        head
        + '"POST /web/dataset/call_kw/sale.order/read HTTP/1.1" 200 - 14 0.021 0.046\n'
        + head
        + '"GET /websocket HTTP/1.1" 101 - 2 0.001 3.250 rw\n'
        # no request's thread: none; werkzeug's own line without Odoo: its status alone
        + head
        + '"GET /web/static/x.js HTTP/1.1" 304 - - - -\n'
        + '10.0.0.7 - - [05/Feb/2024 08:10:12] "GET /health HTTP/1.1" 200 -\n'
    )
    lines = parse(text)
    assert [samples(ln) for ln in lines] == [
        {"http_status": 200.0, "response_time_ms": 67.0},
        {"http_status": 101.0, "response_time_ms": 3251.0},
        {"http_status": 304.0},
        {"http_status": 200.0},
    ]
    assert lines[0].fields is not None and lines[0].fields["query_count"] == 14


def test_a_step_said_finished_with_its_time_in_brackets_is_timed() -> None:
    head = "2024-07-01 12:00:0{} INFO sync.util :: "
    text = (
        head.format(1)
        + "STARTING: step ''sync-tables'' for postgres Database 3 ''shop''\n"
        + head.format(2)
        + "FINISHED: step ''sync-tables'' for postgres Database 3 ''shop'' (41.2 ms) "
        "(free: 0.3G, total: 0.5G, ratio: 0.6)\n"
        + head.format(3)
        + "FINISHED: Sync metadata for postgres Database 3 ''shop'' (2.1 s)\n"
        + head.format(4)
        + "FINISHED: Analyze data for postgres Database 3 ''shop'' (1.5 mins)\n"
        # a step's outcome in brackets says no time
        + "2024-07-01 12:00:05 INFO deploy - Finished: migrate (ok)\n"
    )
    lines = parse(text)
    assert [samples(ln) for ln in lines] == [
        {},
        {"duration_ms": 41.2},
        {"duration_ms": 2100.0},
        {"duration_ms": 90000.0},
        {},
    ]


def test_artifactorys_error_status_and_job_times() -> None:
    head = "2020-05-06 02:00:00,{} [art-exec-2] [INFO ] (o.a.r.s.Job:90) - "
    text = (
        "2020-05-06 01:59:00,001 [http-nio-8081-exec-3] [WARN ] (o.a.r.ArtifactoryResponseBase"
        ":107) - Sending HTTP error code 409: The repository 'libs' rejected the resolution\n"
        + head.format("010")
        + "Trashcan pruning total execution time: '42 millis'\n"
        + head.format("020")
        + "Storage garbage collector report:\n"
        "Number of binaries:      12\n"
        "Total execution time:    97 millis\n"
        "Total size freed:        0 bytes\n"
        + head.format("030")
        + "libs-local export finished with: 3 Items exported (1 files and 2 folders), 0 Item "
        "skipped: (0 files and 0 folders).Duration: 1.25 secs IPS: 2.4 Target: '/backup/x'\n"
        # a limit, a wait before going on, a duration no finished work said
        + head.format("040")
        + "Max execution time: 30 secs for each task\n"
        + "2020-05-06 02:00:00,050 [art-init] [INFO ] (o.a.s.a.AccessServiceImpl:311) - Got "
        "response from Access server after 2100 ms, continuing.\n"
        + head.format("060")
        + "Lease renewed. Duration: 2.5 secs\n"
    )
    lines = parse(text)
    assert [samples(ln) for ln in lines] == [
        {"http_status": 409.0},
        {"duration_ms": 42.0},
        {"duration_ms": 97.0},
        {"duration_ms": 1250.0},
        {},
        {},
        {},
    ]
    assert lines[0].level == "WARNING"
