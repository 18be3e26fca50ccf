"""Issue 17, the twelfth round's vendor and shipper sets (18 and 16): lines written here in
the shapes real programs print (HAProxy's log of a request no server took, MongoDB 3.0's
slow command without locks, HBase's ``responseTooSlow``, an nginx layout with two spaces
before its time, MongoDB's migration ``critical section``), never copied from a log."""

from __future__ import annotations

from tests.helpers.parsing import parse, samples, utc


def test_haproxy_request_no_server_took_keeps_its_status_and_time() -> None:
    """HAProxy logs ``backend/`` with an empty server name and -1 timers when the request
    reached no server (termination state ``SC--``); the status (503: ERROR) and the total
    time (the last timer, ms) are still the line's."""
    lines = parse(
        "10.20.30.40:51234 [11/Mar/2024:08:15:02.120] www_front www_back/ -1/-1/-1/-1/3 503"
        ' 217 - - SC-- 12/12/0/0/0 0/0 "GET /health HTTP/1.1"\n'
        "10.20.30.41:51240 [11/Mar/2024:08:15:03.004] www_front www_back/app2 0/0/1/12/13 200"
        ' 980 - - ---- 12/12/1/1/0 0/0 "GET /index.html HTTP/1.1"\n'
    )
    assert [samples(e) for e in lines] == [
        {"http_status": 503.0, "response_bytes": 217.0, "request_time_ms": 3.0},
        {"http_status": 200.0, "response_bytes": 980.0, "request_time_ms": 13.0},
    ]
    assert [e.level for e in lines] == ["ERROR", "INFO"]
    assert utc(lines[0].ts) == "2024-03-11T08:15:02"


def test_mongodb_30_slow_command_without_locks_is_a_query_time() -> None:
    """MongoDB 3.0 leaves ``locks:{...}`` out of a command that took none; the line still
    closes with the operation's ``NNNms`` after ``numYields:`` and ``reslen:``. A line that
    merely ends in ms without those counters is no slow operation."""
    lines = parse(
        "2015-03-02T10:20:30.123+0000 I COMMAND  [conn3] command admin.$cmd command:"
        " listDatabases { listDatabases: 1 } ntoreturn:1 keyUpdates:0 numYields:0  reslen:210"
        " 142ms\n"
        "2015-03-02T10:20:31.000+0000 I NETWORK  [initandlisten] waiting 500ms\n"
    )
    assert samples(lines[0]) == {"query_duration_ms": 142.0}
    assert samples(lines[1]) == {}


def test_hbase_response_too_slow_reads_processingtimems_not_the_other_times() -> None:
    """HBase's RpcServer logs a slow call as ``(responseTooSlow): {json}``: the call's time
    is ``processingtimems`` (ms); ``starttimems`` (an epoch) and ``queuetimems`` are not."""
    lines = parse(
        "2019-05-02 08:11:42,117 WARN  [RpcServer.default.handler=12,port=16020]"
        ' ipc.RpcServer: (responseTooSlow): {"call":"Get","starttimems":1556784690000,'
        '"responsesize":"120","method":"Get","processingtimems":12117,'
        '"client":"10.0.0.5:40112","queuetimems":7,"class":"HRegionServer"}\n'
    )
    assert samples(lines[0]) == {"duration_ms": 12117.0}
    assert lines[0].level == "WARNING"


def test_access_line_with_two_spaces_before_the_time_is_read_whole() -> None:
    """An nginx log_format written ``$remote_addr $remote_user  $http_x_real_ip [...]``
    leaves two spaces between the user and the next field: still an access line, its status
    and its closing ``$request_time`` (s) read."""
    lines = parse(
        '10.1.2.3 -  - [12/Mar/2021:10:00:01 +0100] "GET /api/items HTTP/1.1" 200 512 "-"'
        ' "curl/7.68.0" "-" "1615539601-123-4567-89" "-" 0.052\n'
        '10.1.2.4 alice  - [12/Mar/2021:10:00:02 +0100] "POST /api/items HTTP/1.1" 502 0 "-"'
        ' "curl/7.68.0" "-" "1615539602-124-4567-90" "-" 1.250\n'
    )
    assert [samples(e) for e in lines] == [
        {"http_status": 200.0, "response_bytes": 512.0, "request_time_ms": 52.0},
        {"http_status": 502.0, "response_bytes": 0.0, "request_time_ms": 1250.0},
    ]
    assert [e.level for e in lines] == ["INFO", "ERROR"]
    assert utc(lines[0].ts) == "2021-03-12T09:00:01"


def test_critical_section_is_a_lock_not_a_severity() -> None:
    """MongoDB's chunk migration says it enters and leaves its ``critical section`` (a lock's
    region of code): no CRITICAL level; a capitalised CRITICAL still is one."""
    lines = parse(
        "2016-01-05T08:00:01.200-0500 [conn7] About to enter migrate critical section\n"
        "2016-01-05T08:00:01.300-0500 [conn7] waiting to exit critical section\n"
        "2016-01-05T08:00:02.000-0500 CRITICAL section table unreadable\n"
    )
    assert "CRITICAL" not in [e.level for e in lines[:2]]
    assert lines[2].level == "CRITICAL"


def test_logfmt_record_message_saying_took_is_its_duration() -> None:
    """logrus (dockerd, containerd) times work in its message, no key: ``msg="... took
    12.5ms ..."`` is the record's duration; a key that times it still comes first, and a
    message saying no unit gives none."""
    lines = parse(
        'time="2022-05-03T10:11:12.123456789Z" level=debug msg="attach streams took 12.5ms'
        ' for container 4f2a9c"\n'
        'time="2022-05-03T10:11:13Z" level=info msg="pull took 3s" duration=2.5s\n'
        'time="2022-05-03T10:11:14Z" level=info msg="it took 3 tries to connect"\n'
    )
    assert [samples(e) for e in lines] == [
        {"duration_ms": 12.5},
        {"duration_ms": 2500.0},
        {},
    ]
    assert utc(lines[0].ts) == "2022-05-03T10:11:12"


def test_mongodb_startup_summary_steps_are_no_request_durations() -> None:
    """MongoDB 7's ``mongod startup complete`` carries ``"Summary of time elapsed"``: each
    start-up step's ``"N ms"``, no request's time."""
    lines = parse(
        '{"t":{"$date":"2025-01-02T10:00:00.000+00:00"},"s":"I","c":"CONTROL","id":8423403,'
        '"ctx":"initandlisten","msg":"mongod startup complete","attr":{"Summary of time'
        ' elapsed":{"Startup from clean shutdown?":true,"Statistics":{"Transport layer setup":'
        '"0 ms","Build user and roles graph":"12 ms"}}}}\n'
    )
    assert samples(lines[0]) == {}
    assert lines[0].level == "INFO"


def test_glog_with_the_year_in_its_prefix() -> None:
    """glog 0.7 writes the year (``log_year_in_prefix``): ``IYYYYMMDD hh:mm:ss.uuuuuu thread
    file:line] msg``; the date is the line's own, the letter its level; the year-less form
    beside it is still read."""
    lines = parse(
        "W20230914 07:45:10.512300 88231 tablet_manager.cpp:412] tablet 1234 is slow to load\n"
        "E20230914 07:45:11.000001 88231 storage_engine.cpp:77] disk /data2 failed\n"
        "I0914 07:45:12.100000 88232 server.cpp:9] still serving\n"
    )
    assert [utc(e.ts) for e in lines[:2]] == ["2023-09-14T07:45:10", "2023-09-14T07:45:11"]
    assert [e.level for e in lines] == ["WARNING", "ERROR", "INFO"]
    assert lines[0].message == "tablet 1234 is slow to load"
    assert lines[0].fields == {"thread": 88231, "caller": "tablet_manager.cpp:412"}


def test_otel_filelog_record_reads_its_syslog_line_placed_by_the_year_rule() -> None:
    """The OpenTelemetry Collector's filelog receiver (Sumo Logic's collector) ships a
    file's line as ``{"log.file.name": "messages", "log": "<line>"}``: the line inside is
    read as its format, and a year-less syslog time is placed as in a plain file (May: the
    year of the reference), not in the clock's year."""
    lines = parse(
        '{"log.file.name":"messages","log":"May 30 09:12:44 fw2 snort[77]: [1:2000:3]'
        ' probe seen"}\n'
        '{"log.file.name":"messages","log":"May 30 09:12:45 fw2 snort[77]: error: rules'
        ' reload failed"}\n'
    )
    assert [utc(e.ts) for e in lines] == ["2024-05-30T09:12:44", "2024-05-30T09:12:45"]
    assert lines[1].level == "ERROR"
    assert lines[0].message == "[1:2000:3] probe seen"
