"""Issue 17, misreads known from earlier rounds, each fixed by its format's documented
behaviour: Tomcat's %D unit, pino-pretty's times of day and levelFirst, loguru's SUCCESS,
PgBouncer's levels, CloudNativePG's records, PostgreSQL's csvlog with its time quoted. Every
line here is written in the format's shape, not copied from a log."""

from __future__ import annotations

import pytest

from tests.helpers.parsing import parse, samples, utc

CLF = '10.0.0.{} - - [16/May/2024:09:00:0{} +0000] "GET /cart HTTP/1.1" 200 512 "-" "curl/8.1" '


def _times(text: str) -> list[float | None]:
    return [samples(e).get("request_time_ms") for e in parse(text)]


def test_a_lone_time_of_10_to_99_is_tomcat_s_milliseconds_not_microseconds() -> None:
    """Tomcat before 10.0 wrote %D in ms; Apache's %D (and Tomcat's from 10.0) is in µs. A
    request answered in under 0.1 ms is no real request's time, so 10-99 is Tomcat's ms."""
    assert _times(CLF.format(1, 1) + "45\n") == [45.0]
    assert _times(CLF.format(1, 1) + "1532\n") == [1.532]  # µs, one line alone: Apache's
    assert _times(CLF.format(1, 1) + "3\n") == [3000.0]  # %T, whole seconds


def test_a_stream_mostly_of_10_to_99_reads_all_its_lone_times_as_milliseconds() -> None:
    """Tomcat 9's %D file: most requests take tens of ms, so after three of them the file's
    slower requests (1532) and faster ones (3) are ms too, not µs and seconds."""
    lines = "".join(CLF.format(1, i) + f"{n}\n" for i, n in enumerate((45, 23, 61, 1532, 3, 0)))
    assert _times(lines) == [45.0, 23.0, 61.0, 1532.0, 3.0, 0.0]


def test_apache_s_microseconds_stay_microseconds_beside_a_rare_fast_request() -> None:
    lines = "".join(
        CLF.format(1, i) + f"{n}\n" for i, n in enumerate((1532, 250000, 87, 3100, 950, 12000))
    )
    assert _times(lines) == pytest.approx([1.532, 250.0, 0.087, 3.1, 0.95, 12.0])


def test_pino_pretty_s_time_of_day_takes_the_log_s_day_not_today() -> None:
    """``translateTime: 'HH:MM:ss.l'``: a time of day alone, placed as section 4 says (the
    day of the log's last time, else of the file's modification time)."""
    lines = parse(
        "2024-05-16T23:59:58.000Z dated line\n"
        "[23:59:59.500] INFO (42): before midnight\n"
        "[00:00:01.250] ERROR (42 on web-1): after midnight\n"
    )
    assert [utc(e.ts) for e in lines] == [
        "2024-05-16T23:59:58",
        "2024-05-16T23:59:59",
        "2024-05-17T00:00:01",
    ]
    (alone,) = parse("[09:00:01.250] WARN (42): no date in the file\n")
    assert utc(alone.ts) == "2024-06-01T09:00:01"  # the file's modification day, not 2030
    assert alone.level == "WARNING"


def test_pino_pretty_s_level_first_layout() -> None:
    """``levelFirst: true``: the level, then the time, the pid and host, a colon."""
    lines = parse(
        "INFO [2024-05-16 09:00:00.000 +0000] (42 on web-1): listening\n"
        "ERROR [09:00:01.250] (42 on web-1): upstream failed\n"
        "WARN [1715850002000]: slow\n"
        "ERROR (42 on web-1): no time shown\n"
        "INFO [09:00:03.000] (shop on web-1): a name, no pid\n"
    )
    assert [e.level for e in lines] == ["INFO", "ERROR", "WARNING", "ERROR", "INFO"]
    assert [utc(e.ts) for e in lines] == [
        "2024-05-16T09:00:00",
        "2024-05-16T09:00:01",
        "2024-05-16T09:00:02",
        "2024-05-16T09:00:02",
        "2024-05-16T09:00:03",
    ]
    assert [e.message for e in lines] == [
        "listening",
        "upstream failed",
        "slow",
        "no time shown",
        "a name, no pid",
    ]
    assert lines[1].fields == {"pid": "42", "hostname": "web-1"}
    assert lines[4].fields == {"name": "shop", "hostname": "web-1"}


def test_loguru_s_success_is_info_and_kept_as_written() -> None:
    lines = parse(
        "2024-05-16 09:00:00.125 | SUCCESS  | app.jobs:run:42 - job 7 done\n"
        "2024-05-16 09:00:01.000 | ERROR    | app.jobs:run:48 - job 8 failed\n"
        '{"text": "x\\n", "record": {"level": {"icon": "s", "name": "SUCCESS", "no": 25},'
        ' "message": "job 9 done", "time": {"repr": "2024-05-16 09:00:02+00:00",'
        ' "timestamp": 1715850002.0}}}\n'
    )
    assert [e.level for e in lines] == ["INFO", "ERROR", "INFO"]
    assert [e.message for e in lines[:2]] == ["job 7 done", "job 8 failed"]
    assert lines[0].fields is not None and lines[0].fields["level"] == "SUCCESS"
    assert lines[0].fields["source"] == "app.jobs:run:42"
    assert utc(lines[0].ts, "milliseconds") == "2024-05-16T09:00:00.125"
    assert lines[2].fields is not None and "SUCCESS" in lines[2].fields.values()


def test_pgbouncer_s_levels_read_as_postgresql_s() -> None:
    """PgBouncer (libusual's logging): ``time [pid] LEVEL message``, no colon after the
    level; LOG is info, NOISE debug."""
    lines = parse(
        "2024-05-16 09:23:38.123 UTC [812] LOG C-0x55d1e0f1a2b0: shop/app@10.0.0.9:51234 "
        "login attempt: db=shop user=app tls=no\n"
        "2024-05-16 09:23:38.200 UTC [812] WARNING C-0x55d1e0f1a2b0: shop/app@10.0.0.9:51234 "
        "pooler error: no more connections allowed (max_client_conn)\n"
        "2024-05-16 09:23:38.300 UTC [812] ERROR accept() failed: Too many open files\n"
        "2024-05-16 11:23:38.400 CEST 812 LOG stats: 12 xacts/s, 40 queries/s\n"
        "2024-05-16 09:23:38.500 UTC [812] NOISE sbuf_process_pending: end\n"
    )
    assert [e.level for e in lines] == ["INFO", "WARNING", "ERROR", "INFO", "DEBUG"]
    assert lines[0].message.startswith("C-0x55d1e0f1a2b0: shop/app@")
    assert lines[2].message == "accept() failed: Too many open files"
    assert utc(lines[3].ts, "milliseconds") == "2024-05-16T09:23:38.400"
    assert lines[0].fields is not None and lines[0].fields["pid"] == "812"


CNPG = (
    '{{"level":"info","ts":1715851419.001,"logger":"postgres","msg":"record",'
    '"logging_pod":"shop-db-1","record":{{"log_time":"2024-05-16 09:23:38.120 UTC",'
    '"user_name":"app","database_name":"shop","process_id":"4711",'
    '"error_severity":"{}","sql_state_code":"{}","message":"{}",'
    '"backend_type":"client backend"}}}}\n'
)


def test_cloudnativepg_s_record_gives_the_level_time_and_message() -> None:
    """CloudNativePG wraps each PostgreSQL csvlog record: the operator's ``level`` is info
    for all of them; the record's ``error_severity`` and ``log_time`` are the entry's."""
    lines = parse(
        CNPG.format("ERROR", "42P01", 'relation \\"carts\\" does not exist')
        + CNPG.format("LOG", "00000", "duration: 12.500 ms  statement: select 1")
        + CNPG.format("FATAL", "53300", "sorry, too many clients already")
        + '{"level":"info","ts":1715851420.5,"logger":"setup","msg":"Starting CloudNativePG"}\n'
    )
    assert [e.level for e in lines] == ["ERROR", "INFO", "FATAL", "INFO"]
    assert [utc(e.ts, "milliseconds") for e in lines[:3]] == ["2024-05-16T09:23:38.120"] * 3
    assert lines[0].message == 'relation "carts" does not exist'
    assert lines[3].message == "Starting CloudNativePG"
    assert lines[0].fields is not None and lines[0].fields["logger"] == "postgres"
    assert samples(lines[1]) == {"query_duration_ms": 12.5}


def test_postgres_csvlog_with_its_first_column_quoted() -> None:
    lines = parse(
        '"2024-05-16 09:23:38.123 UTC","app","shop",4711,"10.0.0.9:51234",66460a1e.1267,7,'
        '"SELECT","2024-05-16 09:20:14 UTC","5/112",0,ERROR,42P01,"relation ""carts"" does '
        'not exist",,,,,,"select * from carts",15,,"psql","client backend",,0\n'
        '"2024-05-16 11:23:39.500 CEST","app","shop",4711,"10.0.0.9:51234",66460a1e.1267,8,'
        '"SELECT","2024-05-16 09:20:14 UTC","5/113",0,LOG,00000,"duration: 7.250 ms",,,,,,,,,'
        '"psql","client backend",,0\n'
    )
    assert [e.level for e in lines] == ["ERROR", "INFO"]
    assert [e.fmt for e in lines] == ["postgres", "postgres"]
    assert lines[0].message == 'relation "carts" does not exist'
    assert [utc(e.ts, "milliseconds") for e in lines] == [
        "2024-05-16T09:23:38.123",
        "2024-05-16T09:23:39.500",
    ]
    assert samples(lines[1]) == {"query_duration_ms": 7.25}


def test_mysql_s_error_log_labels() -> None:
    """MySQL 8.0's traditional error log: thread, label, error code, subsystem. System (startup
    and shutdown, logged at any verbosity) and Note are no errors; 5.7 has no code."""
    lines = parse(
        "2024-05-16T09:23:51.123456Z 0 [System] [MY-010116] [Server] /usr/sbin/mysqld "
        "(mysqld 8.0.36) starting as process 1\n"
        "2024-05-16T09:23:52.123456Z 8 [Warning] [MY-010055] [Server] IP address '10.0.0.9' "
        "could not be resolved\n"
        "2024-05-16T09:23:53.123456Z 0 [ERROR] [MY-012574] [InnoDB] Unable to lock ./ibdata1\n"
        "2024-05-16T09:23:54.123456Z 0 [Note] InnoDB: Buffer pool(s) load completed\n"
    )
    assert [e.level for e in lines] == ["INFO", "WARNING", "ERROR", "INFO"]
    assert lines[2].message == "Unable to lock ./ibdata1"
    assert lines[2].fields is not None and lines[2].fields["subsystem"] == "InnoDB"
    assert utc(lines[0].ts, "milliseconds") == "2024-05-16T09:23:51.123"
