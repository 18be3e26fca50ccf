"""Each format's fixture (tests/fixtures/logs/formats/): its time span in UTC, its error count,
its formats, and the measurements read from it (durations in ms, HTTP statuses)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from console import events as ev
from console.ingest import read_chunks
from console.parse import LogParser

FORMATS = Path(__file__).parent.parent / "fixtures" / "logs" / "formats"
# Year-less dates (syslog, glog) are placed before this, as an import places them before
# the file's modification time.
REF = datetime(2024, 6, 1, tzinfo=UTC).timestamp()
NOW = datetime(2030, 1, 1, tzinfo=UTC).timestamp()


def read(name: str) -> tuple[list[ev.LogLine], LogParser]:
    p = LogParser(now=lambda: NOW, year_ref=REF)
    out: list[ev.Event] = []
    for chunk in read_chunks(FORMATS / name):
        out += p.feed_text(chunk)
    out += p.flush()
    return [e for e in out if isinstance(e, ev.LogLine)], p


def utc(ts: float) -> str:
    return datetime.fromtimestamp(ts, UTC).isoformat(timespec="microseconds")[:26]


# file: (entries, first, last, errors, formats)
CASES = {
    "bunyan.jsonl": (4, "2024-05-16T09:00:00.000000", "2024-05-16T09:00:59.999000", 2, {"json"}),
    "pino.jsonl": (5, "2024-05-16T09:00:00.000000", "2024-05-16T09:01:00.000000", 1, {"json"}),
    "zap.jsonl": (5, "2024-05-16T09:00:00.500000", "2024-05-16T09:00:59.000000", 2, {"json"}),
    "zap_console.log": (
        3,
        "2024-05-16T09:00:00.000000",
        "2024-05-16T09:00:30.000000",
        1,
        {"zap-console"},
    ),
    "logrus.jsonl": (5, "2024-05-16T09:00:00.000000", "2024-05-16T09:00:40.000000", 2, {"json"}),
    "structlog.jsonl": (
        4,
        "2024-05-16T09:00:00.000001",
        "2024-05-16T09:00:45.000000",
        1,
        {"json"},
    ),
    "logstash.jsonl": (4, "2024-05-16T09:00:00.123000", "2024-05-16T09:00:50.000000", 1, {"json"}),
    "ecs.jsonl": (4, "2024-05-16T09:00:00.000000", "2024-05-16T09:00:30.000000", 1, {"json"}),
    "otel.jsonl": (5, "2024-05-16T09:00:00.000000", "2024-05-16T09:00:50.000000", 2, {"json"}),
    "journald.json": (4, "2024-05-16T09:00:00.000000", "2024-05-16T09:00:30.000000", 2, {"json"}),
    "logfmt.log": (4, "2024-05-16T09:00:00.000000", "2024-05-16T09:00:30.000000", 1, {"logfmt"}),
    "syslog_3164.log": (
        5,
        "2024-05-06T09:00:03.000000",
        "2024-05-16T09:00:59.000000",
        2,
        {"syslog"},
    ),
    "syslog_5424.log": (
        3,
        "2024-05-16T09:00:00.003000",
        "2024-05-16T09:00:30.500000",
        1,
        {"syslog"},
    ),
    "access_combined.log": (
        6,
        "2024-05-16T09:00:00.000000",
        "2024-05-16T09:00:50.000000",
        2,
        {"access"},
    ),
    "klog.log": (5, "2024-05-16T09:00:00.000001", "2024-05-16T09:00:59.999999", 2, {"klog"}),
    "python.log": (
        6,
        "2024-05-16T09:00:00.001000",
        "2024-05-16T09:00:59.999000",
        2,
        {"text", "python"},
    ),
    "java.log": (5, "2024-05-16T09:00:00.123000", "2024-05-16T09:00:45.000000", 2, {"text"}),
    "monolog.log": (5, "2024-05-16T09:00:00.000000", "2024-05-16T09:00:50.000000", 2, {"monolog"}),
    "postgres.log": (
        7,
        "2024-05-16T09:00:00.123000",
        "2024-05-16T09:00:40.000000",
        2,
        {"postgres"},
    ),
    "nginx_error.log": (
        5,
        "2024-05-16T09:00:00.000000",
        "2024-05-16T09:00:30.000000",
        3,
        {"nginx-error"},
    ),
    "apache_error.log": (
        3,
        "2024-05-16T09:00:00.123456",
        "2024-05-16T09:00:30.000000",
        1,
        {"apache-error"},
    ),
    "compose.log": (
        6,
        "2024-05-16T09:00:00.000000",
        "2024-05-16T09:00:30.000000",
        3,
        {"text", "postgres", "access", "json", "redis"},
    ),
    "kubectl_prefix.log": (
        4,
        "2024-05-16T09:00:00.000000",
        "2024-05-16T09:00:40.000000",
        2,
        {"text", "json", "klog", "logfmt"},
    ),
    "file_prefix.log": (4, "2017-05-16T00:00:00.123000", "2017-05-16T00:00:30.000000", 1, {"text"}),
    # Layouts of loghub's systems and other servers' own.
    "hdfs.log": (5, "2008-11-09T20:36:15.000000", "2008-11-09T20:41:06.000000", 1, {"text"}),
    "spark.log": (4, "2017-06-09T20:10:40.000000", "2017-06-09T20:11:55.000000", 1, {"text"}),
    "logcat.log": (5, "2024-03-17T16:13:38.811000", "2024-03-17T16:14:10.000000", 2, {"logcat"}),
    # (nova-api's wsgi line answered 500 at INFO is an error too: a request's status its level)
    "openstack.log": (4, "2017-05-16T00:00:00.008000", "2017-05-16T00:00:30.000000", 2, {"text"}),
    "uwsgi.log": (
        4,
        "2024-05-16T09:00:00.000000",
        "2024-05-16T09:00:30.000000",
        1,
        {"text", "uwsgi"},
    ),
    "bgl.log": (4, "2005-06-03T22:42:50.000000", "2005-06-04T07:25:00.000000", 1, {"text"}),
    "squid.log": (3, "2024-05-16T09:00:00.123000", "2024-05-16T09:00:30.000000", 1, {"squid"}),
    "envoy.log": (3, "2024-05-16T09:00:00.000000", "2024-05-16T09:00:30.250000", 1, {"envoy"}),
    "access_variants.log": (
        4,
        "2024-05-16T09:00:00.000000",
        "2024-05-16T09:00:40.000000",
        1,
        {"access"},
    ),
    "nginx_json.jsonl": (
        3,
        "2024-05-16T09:00:00.000000",
        "2024-05-16T09:00:30.000000",
        1,
        {"json"},
    ),
    "alb.log": (3, "2024-05-16T09:00:00.123456", "2024-05-16T09:00:30.500000", 2, {"alb"}),
    "iis_w3c.log": (
        7,
        "2024-05-16T09:00:00.000000",
        "2024-05-16T09:00:30.000000",
        1,
        {"plain", "w3c"},
    ),
    "jul.log": (3, "2024-05-16T09:00:00.000000", "2024-05-16T21:00:30.000000", 1, {"jul"}),
    "mongodb.jsonl": (4, "2024-05-16T09:00:00.123000", "2024-05-16T09:00:45.000000", 2, {"json"}),
    # docker compose's erase-line escape before the container's name.
    "compose_ansi.log": (
        5,
        "2024-05-16T09:00:01.250000",
        "2024-05-16T09:02:30.500000",
        1,
        {"redis", "text"},
    ),
    # A leading epoch in ms, us and ns.
    "epoch_ms.log": (4, "2024-05-16T09:00:00.250000", "2024-05-16T09:01:00.000000", 1, {"text"}),
    # Year-less dates over four months and New Year: each after the one before.
    "syslog_months.log": (
        5,
        "2023-11-28T23:50:01.000000",
        "2024-03-02T10:30:00.000000",
        1,
        {"syslog"},
    ),
    # logstash's v0 event schema: the application's keys inside "@fields".
    "logstash_v0.jsonl": (
        4,
        "2024-05-16T09:00:00.000000",
        "2024-05-16T09:00:30.000000",
        2,
        {"json"},
    ),
    # HAProxy's HTTP log behind syslog (with and without a captured host, a priority).
    "haproxy_syslog.log": (
        5,
        "2024-05-16T09:00:00.000000",
        "2024-05-16T09:00:30.000000",
        1,
        {"syslog"},
    ),
    # log_min_duration_statement's "duration: ... ms" lines.
    "postgres_durations.log": (
        7,
        "2024-05-16T09:00:00.100000",
        "2024-05-16T09:00:12.004000",
        1,
        {"postgres"},
    ),
    # Docker's json-file: the application's own line inside "log".
    "docker_json.log": (
        4,
        "2024-05-16T09:00:00.000000",
        "2024-05-16T09:00:10.000000",
        2,
        {"access", "json"},
    ),
    # A cluster's node events with an epoch column (loghub's HPC), out of order.
    "node_events.log": (5, "2024-05-16T09:00:00.000000", "2024-05-16T09:02:30.000000", 1, {"text"}),
    # HealthApp's times without their zeros (9:0:1:120 is 09:00:01.120).
    "healthapp.log": (4, "2024-05-16T09:00:00.005000", "2024-05-16T09:01:00.999000", 1, {"text"}),
    # Access lines sent to syslog (nginx's access_log syslog:, a Tomcat valve's file).
    "syslog_access.log": (
        4,
        "2024-05-16T09:00:01.000000",
        "2024-05-16T09:00:09.000000",
        1,
        {"syslog"},
    ),
    # log4j2's JSON layout: the time as instant.epochSecond + nanoOfSecond; a started_at.
    "log4j2.jsonl": (4, "2024-05-16T09:00:00.125000", "2024-05-16T09:00:30.500000", 2, {"json"}),
    # A Kubernetes node's container log (containerd / CRI-O): the container's line inside.
    "kube_cri.log": (
        5,
        "2024-05-16T09:00:00.123000",  # the container's own times (klog's, the CLF line's)
        "2024-05-16T09:00:03.000000",
        2,
        {"klog", "json", "text", "access"},
    ),
    # Levels below 10: GELF's syslog severities, Nextcloud's 0-4.
    "small_levels.jsonl": (
        4,
        "2024-05-16T09:00:00.250000",
        "2024-05-16T09:00:30.000000",
        2,
        {"json"},
    ),
    # W3C with a #GMT-Offset (local times), padded columns, a quoted value with spaces.
    "w3c_offset.log": (
        5,
        "2024-05-16T09:00:00.000000",
        "2024-05-16T09:00:30.000000",
        1,
        {"plain", "w3c"},
    ),
    # Shapes met in a second set of real files (issue 17's check on files nobody tuned on).
    "couchdb.log": (
        4,
        "2024-05-16T09:00:00.125000",
        "2024-05-16T09:00:30.750000",
        1,
        {"couchdb", "text"},
    ),
    "cloudfront_nofields.log": (
        3,
        "2024-05-16T09:00:00.000000",
        "2024-05-16T09:00:30.000000",
        1,
        {"cloudfront"},
    ),
    "envoy_cri.log": (
        3,
        "2024-05-16T09:00:00.010000",
        "2024-05-16T09:00:29.500000",
        1,
        {"envoy", "json"},
    ),
    "ingress_nginx.log": (
        2,
        "2024-05-16T09:00:00.000000",
        "2024-05-16T09:00:20.000000",
        1,
        {"access"},
    ),
    "syslog_json.log": (
        3,
        "2024-05-06T09:00:03.000000",
        "2024-05-06T09:00:30.250000",
        1,
        {"syslog"},
    ),
    "vdsm.log": (4, "2024-05-16T09:00:00.101000", "2024-05-16T09:00:30.500000", 1, {"vdsm"}),
    "dotted_compact.log": (
        3,
        "2024-05-16T09:00:00.125000",
        "2024-05-16T09:00:30.000000",
        1,
        {"text"},
    ),
    # Shapes of a second real set's tune half.
    "syslog_inner_year.log": (
        3,
        "2022-12-30T23:59:58.000000",
        "2023-01-02T08:00:00.000000",
        1,
        {"syslog"},
    ),
    "asterisk.log": (3, "2024-05-16T07:00:05.151000", "2024-05-16T09:00:30.000000", 2, {"text"}),
    "npm_proxy.log": (3, "2024-05-16T09:00:00.000000", "2024-05-16T09:00:30.000000", 1, {"access"}),
    # (Plug's "Sent 503" at info is an error as a served 5xx is: session 32)
    "elixir.log": (4, "2024-06-01T09:00:00.125000", "2024-06-01T09:00:30.000000", 2, {"text"}),
    "request_tail.log": (
        3,
        "2024-05-16T09:00:00.000000",
        "2024-05-16T09:00:30.000000",
        1,
        {"text"},
    ),
    "webmin.log": (2, "2024-05-16T09:00:00.123457", "2024-05-16T09:00:30.123457", 0, {"text"}),
    "pm2_prefix.log": (2, "2024-05-16T09:00:00.000000", "2024-05-16T09:00:30.000000", 1, {"text"}),
    # The general fallbacks (docs/log-formats.md, "General fallbacks")
    "numeric_dates.log": (
        5,
        "2022-01-25T16:08:02.393003",
        "2024-05-16T09:23:38.000000",
        1,
        {"text"},
    ),
    "anywhere_times.log": (
        4,
        # the year-less "[Jul  2 05:05:24.643]" held until the next line's full date (2021)
        "2021-07-02T05:05:24.643000",
        "2023-07-22T04:27:10.000000",
        1,
        {"text", "logfmt"},
    ),
    "fields_any.jsonl": (
        4,
        "2023-05-17T15:08:22.123456",
        "2023-06-29T14:27:00.000000",
        1,
        {"json"},
    ),
    "date_time_pairs.log": (
        2,
        "2024-10-14T20:46:40.000000",
        "2024-10-14T20:46:53.000000",
        1,
        {"logfmt"},
    ),
    # Its "[BACKEND][time] client - "POST ... HTTP/1.1" 401" lines hold a quoted request and
    # the status beside it: access lines (docs/log-formats.md, section 3), as they read.
    "indented.log": (
        4,
        "2024-11-29T15:58:55.000000",
        "2024-11-29T15:59:01.000000",
        1,
        {"access", "text"},
    ),
    "status_in_message.log": (
        3,
        "2025-07-16T19:42:45.000000",
        "2025-07-16T19:42:47.000000",
        1,
        {"text"},
    ),
}
# Lines that fit no format (the rest: none).
UNINTERPRETED = {"iis_w3c.log": 4, "compose_ansi.log": 1, "w3c_offset.log": 3}
# (W3C's #directives; a container's line without a time)


def test_every_format_fixture_has_a_case() -> None:
    assert sorted(p.name for p in FORMATS.iterdir()) == sorted(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_time_span_errors_and_format(name: str) -> None:
    entries, first, last, errors, fmts = CASES[name]
    lines, parser = read(name)
    assert len(lines) == entries
    assert (utc(min(e.ts for e in lines)), utc(max(e.ts for e in lines))) == (first, last)
    assert sum(e.level in ev.ERROR_LEVELS for e in lines) == errors
    assert {e.fmt for e in lines} == fmts
    assert parser.lines_uninterpreted == UNINTERPRETED.get(name, 0)
    assert all(e.ts < NOW for e in lines)  # no line fell back to the clock


def samples(name: str) -> list[dict[str, float]]:
    return [{n: v for n, v, _s in e.samples} for e in read(name)[0]]


def test_durations_by_name_and_logger_convention() -> None:
    # zap: float seconds, Go duration strings ("1.5s", "850µs").
    zap = samples("zap.jsonl")
    assert [s.get("latency_ms") for s in zap[1:4]] == [12.5, 1500.0, pytest.approx(0.85)]
    # logrus: time.Duration as integer nanoseconds.
    assert [s["duration_ms"] for s in samples("logrus.jsonl")[1:3]] == [1.532, 2500.0]
    # pino-http: responseTime in ms; ECS: event.duration in ns.
    assert [s.get("response_time_ms") for s in samples("pino.jsonl")[1:3]] == [12.0, 1988.0]
    assert [s["duration_ms"] for s in samples("ecs.jsonl")] == [12.0, 3000.0, 4.0, 18.0]
    # structlog: elapsed float seconds; duration_ms as named.
    sl = samples("structlog.jsonl")
    assert sl[1]["duration_ms"] == 2400.5 and sl[2]["elapsed_ms"] == 750.0
    # logfmt: "15ms", "2.5s".
    assert [s["duration_ms"] for s in samples("logfmt.log")[1:3]] == [15.0, 2500.0]
    # Access logs: nginx's appended $request_time (s), Apache's %D (us).
    acc = samples("access_combined.log")
    assert acc[3]["request_time_ms"] == pytest.approx(45.0)
    assert acc[4]["request_time_ms"] == pytest.approx(250.0)
    # OTel attribute http.server.request.duration (s).
    assert samples("otel.jsonl")[0]["request_duration_ms"] == pytest.approx(20.0)
    # uWSGI "in 12 msecs" / "in 850 usecs"; OpenStack wsgi "time: 0.2477829" (s); squid ms.
    assert [s["response_time_ms"] for s in samples("uwsgi.log")[1:]] == [12.0, 2005.0, 0.85]
    ops = samples("openstack.log")
    assert ops[0]["response_time_ms"] == pytest.approx(247.7829)
    assert ops[1]["http_status"] == 500
    assert [s["response_time_ms"] for s in samples("squid.log")] == [120.0, 15.0, 30001.0]
    # Envoy's duration column; Traefik's "1500ms"; nginx's JSON strings in seconds.
    assert [s["request_time_ms"] for s in samples("envoy.log")] == [12.0, 2001.0, 1.0]
    assert samples("access_variants.log")[1]["request_time_ms"] == 1500.0
    nj = samples("nginx_json.jsonl")
    assert [s["request_time_ms"] for s in nj] == [4.0, 60001.0, 1.0]
    assert [s["http_status"] for s in nj] == [200, 504, 404]
    # An ALB's three processing times (s), none when the target never answered (-1).
    assert [s.get("request_time_ms") for s in samples("alb.log")] == [12.0, 1999.0, None]
    assert samples("mongodb.jsonl")[1]["query_duration_ms"] == 1532.0
    # IIS: the columns its #Fields: line names; time-taken in ms.
    iis = samples("iis_w3c.log")[4:]
    assert [(s["http_status"], s["duration_ms"]) for s in iis] == [
        (200, 15.0),
        (500, 2031.0),
        (404, 1.0),
    ]


def test_http_statuses_wherever_they_are_written() -> None:
    def statuses(name: str) -> list[float | None]:
        return [s.get("http_status") for s in samples(name)]

    assert statuses("access_combined.log") == [200, 500, 404, 200, 503, 200]
    assert statuses("ecs.jsonl") == [200, 502, 404, 200]  # flat and nested
    assert statuses("pino.jsonl")[1:3] == [200, 503]  # res.statusCode
    assert statuses("otel.jsonl")[:2] == [200, 500]  # an attribute
    assert statuses("logfmt.log")[1:3] == [200, 503]


def test_levels_on_each_schemes_scale_keep_the_original() -> None:
    pino, _ = read("pino.jsonl")
    assert [e.level for e in pino] == ["INFO", "INFO", "ERROR", "WARNING", "DEBUG"]
    assert pino[0].fields is not None and pino[0].fields["level"] == 30
    journald, _ = read("journald.json")
    assert [e.level for e in journald] == ["INFO", "ERROR", "WARNING", "FATAL"]
    assert journald[1].fields is not None and journald[1].fields["PRIORITY"] == "3"
    assert journald[2].message == "slow query"  # MESSAGE written as bytes
    otel, _ = read("otel.jsonl")
    assert [e.level for e in otel] == ["INFO", "ERROR", "WARNING", "FATAL", "INFO"]
    klog, _ = read("klog.log")
    assert [e.level for e in klog] == ["INFO", "WARNING", "ERROR", "INFO", "FATAL"]
    mono, _ = read("monolog.log")
    assert [e.level for e in mono] == ["INFO", "ERROR", "WARNING", "CRITICAL", "DEBUG"]
    assert mono[1].fields == {"channel": "production", "level_name": "ERROR"}
    assert mono[1].detail[-1] == '"} '  # Laravel's stack trace is the entry's
    sys5424, _ = read("syslog_5424.log")
    assert [e.level for e in sys5424] == ["NOTICE", "ERROR", "INFO"]
    pg, _ = read("postgres.log")
    assert [e.level for e in pg] == ["INFO", "INFO", "ERROR", "INFO", "FATAL", "WARNING", "INFO"]
    logstash, _ = read("logstash.jsonl")
    assert logstash[2].level == "WARNING"  # level_value 30000 alone


def test_service_names_from_dotted_paths() -> None:
    """What `--service` compares: ECS's service.name (flat or nested), an OTel resource's."""
    ecs, _ = read("ecs.jsonl")
    assert [(e.fields or {}).get("service") for e in ecs] == [
        "checkout",
        "checkout",
        "inventory",
        "checkout",
    ]
    otel, _ = read("otel.jsonl")
    assert [(e.fields or {}).get("service") for e in otel] == [
        "frontend",
        "frontend",
        "frontend",
        "cart",
        "cart",
    ]
    assert ecs[1].fields is not None and ecs[1].fields["service.version"] == "3.1.0"


def test_prefixes_are_kept_and_the_line_behind_them_read() -> None:
    compose, _ = read("compose.log")
    assert [(e.fields or {}).get("prefix") for e in compose] == [
        "web-1",
        "db-1",
        "proxy-1",
        "api-1",
        "cache-1",
        "web-1",
    ]
    assert compose[-1].detail == ('web-1    |   File "/app/x.py", line 1',)
    kube, _ = read("kubectl_prefix.log")
    assert (kube[2].fields or {}).get("prefix") == "pod/web-7d9f-fghij/sidecar"
    assert kube[2].message == "upstream reset"


def test_java_util_loggings_second_line_is_the_level() -> None:
    jul, _ = read("jul.log")
    assert [e.level for e in jul] == ["INFO", "ERROR", "WARNING"]
    assert jul[1].detail[0].startswith("SEVERE: Servlet.service()")
    assert len(jul[1].detail) == 3  # and the stack trace


def test_tracebacks_join_their_entry() -> None:
    java, _ = read("java.log")
    assert len(java[1].detail) == 5 and java[1].detail[-2].startswith("Caused by:")
    py, _ = read("python.log")
    assert py[2].detail[-1].startswith("psycopg2.OperationalError")
    zc, _ = read("zap_console.log")
    assert zc[1].detail == ("main.(*Server).handle", "\t/app/server/http.go:88")


def test_lines_before_the_first_time_take_it_not_the_clock() -> None:
    uwsgi, _ = read("uwsgi.log")
    assert uwsgi[0].message.startswith("*** Starting uWSGI")
    assert uwsgi[0].ts == uwsgi[1].ts - 1  # the banner's own "on [Thu May 16 09:00:00 2024]"
    p = LogParser(now=lambda: NOW)
    out = p.feed("starting up") + p.feed("2024-05-16 09:00:00,001 INFO ready") + p.flush()
    assert [utc(e.ts) for e in out if isinstance(e, ev.LogLine)] == [
        "2024-05-16T09:00:00.001000",
        "2024-05-16T09:00:00.001000",
    ]
    # With no time at all in the input, the clock's, as before.
    p = LogParser(now=lambda: NOW)
    out = p.feed("just words") + p.feed("more words") + p.flush()
    assert [e.ts for e in out if isinstance(e, ev.LogLine)] == [NOW, NOW]


def test_a_zone_abbreviation_is_its_offset() -> None:
    pg, _ = read("postgres.log")
    assert utc(pg[0].ts) == "2024-05-16T09:00:00.123000"  # 02:00 PDT
    logrus, _ = read("logrus.jsonl")
    assert utc(logrus[3].ts) == "2024-05-16T09:00:30.123456"  # Go's "+0200 CEST"


def test_a_year_less_date_takes_the_year_before_the_reference() -> None:
    p = LogParser(now=lambda: NOW, year_ref=datetime(2024, 1, 10, tzinfo=UTC).timestamp())
    out = p.feed("Dec 31 23:59:58 h app: last of the year")
    out += p.feed("Jan  1 00:00:01 h app: first of the next")
    out += p.flush()
    assert [utc(e.ts)[:19] for e in out if isinstance(e, ev.LogLine)] == [
        "2023-12-31T23:59:58",
        "2024-01-01T00:00:01",
    ]


def test_an_agent_header_in_a_zone_resolves_its_times_of_day_in_it() -> None:
    p = LogParser(now=lambda: NOW)
    out = p.feed("Session ID: s-1")
    out += p.feed("Start Time: 2024-05-16 01:45:00 PDT")
    out += p.feed("[01:46:00] [INFO] one minute in")
    out += p.flush()
    lines = [e for e in out if isinstance(e, ev.LogLine)]
    assert [utc(e.ts)[:19] for e in lines] == ["2024-05-16T08:45:00", "2024-05-16T08:46:00"]


def test_a_bar_in_prose_is_not_a_container_prefix() -> None:
    p = LogParser(now=lambda: NOW)
    out = p.feed("Status | OK")
    out += p.feed('caddy | {"level":"error","ts":1715850002.0,"msg":"handled","status":502}')
    out += p.flush()
    lines = [e for e in out if isinstance(e, ev.LogLine)]
    assert [(e.fmt, (e.fields or {}).get("prefix")) for e in lines] == [
        ("plain", None),
        ("json", "caddy"),
    ]
    assert lines[0].ts == lines[1].ts  # the line before the first time takes it


def test_a_small_number_under_a_time_key_is_not_a_time() -> None:
    """A "time": 0.25 (a duration some loggers write) or a "t": 5 must not put the line in
    1970: it keeps the stream's time."""
    p = LogParser(now=lambda: NOW)
    out = p.feed('{"ts": 1715850000, "msg": "first"}')
    out += p.feed('{"time": 0.25, "msg": "took a quarter second"}')
    out += p.feed('{"t": 5, "timestamp": "2024-05-16T09:00:01Z", "msg": "t is a count"}')
    out += p.flush()
    assert [utc(e.ts)[:19] for e in out if isinstance(e, ev.LogLine)] == [
        "2024-05-16T09:00:00",
        "2024-05-16T09:00:00",
        "2024-05-16T09:00:01",
    ]


def test_haproxy_status_bytes_and_total_time() -> None:
    got = samples("haproxy_syslog.log")
    assert got[0] == {}  # the proxy's own message
    assert got[4] == {"duration_ms": 1001.0}  # its health check's own time (set 36)
    assert got[1] == {"http_status": 200.0, "response_bytes": 5120.0, "request_time_ms": 41.0}
    assert got[2]["http_status"] == 503.0 and got[2]["request_time_ms"] == 1502.0
    assert got[3]["http_status"] == 404.0  # "+3": the total time logged with option logasap
    lines = read("haproxy_syslog.log")[0]
    assert [e.level for e in lines[1:4]] == ["INFO", "ERROR", "INFO"]  # <150>: info, as written


def test_postgres_statement_durations() -> None:
    assert [s.get("query_duration_ms") for s in samples("postgres_durations.log")] == [
        None,
        12.5,
        1840.22,
        None,
        None,
        0.524,  # log_error_verbosity = verbose: the SQLSTATE before the message
        None,
    ]
    fields = read("postgres_durations.log")[0][5].fields
    assert fields is not None and fields["sqlstate"] == "00000"


def test_docker_json_file_reads_the_line_inside() -> None:
    lines = read("docker_json.log")[0]
    assert [e.fmt for e in lines] == ["access", "access", "json", "json"]
    assert [s.get("http_status") for s in samples("docker_json.log")] == [200.0, 502.0, 504.0, None]
    # The record's own time (ts 1715850005.5), not Docker's; Docker's for a line without one.
    assert utc(lines[2].ts) == "2024-05-16T09:00:05.500000"
    assert utc(lines[3].ts) == "2024-05-16T09:00:10.000000"
    assert lines[2].fields is not None and lines[2].fields["stream"] == "stderr"


def test_access_lines_behind_syslog() -> None:
    assert [s.get("http_status") for s in samples("syslog_access.log")] == [
        200.0,
        502.0,
        404.0,
        None,
    ]
    levels = [e.level for e in read("syslog_access.log")[0]]
    assert levels == ["INFO", "ERROR", "WARNING", "INFO"]


def test_log4j2_instant_keeps_its_nanoseconds() -> None:
    lines = read("log4j2.jsonl")[0]
    assert utc(lines[2].ts) == "2024-05-16T09:00:20.987654"
    assert [e.level for e in lines] == ["INFO", "WARNING", "ERROR", "ERROR"]  # 503: no level


def test_kubernetes_cri_lines_are_read_for_the_container_line() -> None:
    lines = read("kube_cri.log")[0]
    assert [e.fmt for e in lines] == ["klog", "json", "text", "text", "access"]
    assert [e.level for e in lines[:2]] == ["INFO", "ERROR"]  # klog's I, the record's level
    got = samples("kube_cri.log")
    assert got[1] == {"http_status": 503.0, "latency_ms": 250.0}
    assert got[4]["http_status"] == 500.0
    assert all(e.fields is not None and e.fields["stream"] in ("stdout", "stderr") for e in lines)


def test_gelf_and_nextcloud_levels() -> None:
    lines = read("small_levels.jsonl")[0]
    assert [e.level for e in lines] == ["ERROR", "WARNING", "ERROR", "INFO"]
    assert lines[0].message == "upstream refused the connection"


def test_w3c_padded_columns_and_quoted_values() -> None:
    got = [s.get("http_status") for s in samples("w3c_offset.log")]
    assert got == [None, None, None, 200.0, 500.0]  # three directives, two requests
    fields = read("w3c_offset.log")[0][3].fields
    assert fields is not None and fields["cs(User-Agent)"] == "Mozilla/5.0 (X11; Linux x86_64)"


def test_measurements_of_the_second_real_set_shapes() -> None:
    """CouchDB's status and request time, CloudFront's columns without their #Fields line,
    Envoy inside a container's line (text and JSON: response_code, duration in ms),
    ingress-nginx's $request_time after $request_length, hapi's res.responseTime in JSON
    sent to syslog."""

    def pick(name: str, key: str) -> list[float | None]:
        return [s.get(key) for s in samples(name)]

    assert pick("couchdb.log", "http_status") == [200, 409, None, 500]
    assert pick("couchdb.log", "request_time_ms") == [14.0, 3.0, None, 2003.0]
    assert pick("cloudfront_nofields.log", "http_status") == [200, 502, 404]
    assert pick("cloudfront_nofields.log", "duration_ms") == [2.0, 1250.0, 1.0]
    envoy_cri = samples("envoy_cri.log")
    assert [s["http_status"] for s in envoy_cri] == [200, 503, 404]
    assert [s.get("request_time_ms", s.get("duration_ms")) for s in envoy_cri] == [18, 2001, 0]
    assert pick("ingress_nginx.log", "request_time_ms") == [12.0, 60001.0]
    assert pick("syslog_json.log", "response_time_ms") == [7.0, 1500.0, None]
    assert pick("syslog_json.log", "http_status") == [200, 503, None]


def test_levels_and_tracebacks_of_vdsm_and_dotted_dates() -> None:
    vdsm, _ = read("vdsm.log")
    assert [e.level for e in vdsm] == ["INFO", "DEBUG", "ERROR", "WARNING"]
    assert vdsm[2].detail[-1] == "OSError: [Errno 5] Input/output error"
    assert len(vdsm[2].detail) == 4  # the traceback, its frame lines unindented
    assert vdsm[1].fields is not None and vdsm[1].fields["thread"] == "Thread-12"
    dotted, _ = read("dotted_compact.log")
    assert [(e.level, e.message) for e in dotted][1] == ("ERROR", "job 17 failed: timeout")


def test_year_less_times_take_the_year_a_message_gives() -> None:
    """A relay's year-less time is made whole by the application's full time on the same
    day (its zone's day: Asterisk's EventTV is +02:00); a line without one keeps the year
    the rule of section 4 gives, after the last full time (New Year rolls over)."""
    lines, _ = read("syslog_inner_year.log")
    assert [utc(e.ts)[:19] for e in lines] == [
        "2022-12-30T23:59:58",
        "2022-12-31T00:00:01",
        "2023-01-02T08:00:00",
    ]
    asterisk, _ = read("asterisk.log")
    assert utc(asterisk[1].ts) == "2024-05-16T07:00:05.151000"
    assert [e.level for e in asterisk] == ["NOTICE", "ERROR", "ERROR"]
    assert asterisk[0].fields == {"channel": "NOTICE", "thread": "2211"}


def test_a_year_less_date_on_the_windows_edge_takes_the_earlier_year() -> None:
    """May 30 read after June 29: a month (and a few hours) before the log's last time is
    still the same year, not eleven months after it."""
    from console.parse.timestamps import following, month_day_time

    last = datetime(2024, 6, 29, 13, 54, 29, tzinfo=UTC).timestamp()
    ts = month_day_time(5, 30, "06:10:12", 0, following(last))
    assert ts is not None and utc(ts)[:19] == "2024-05-30T06:10:12"


def syslog_days(stamps: list[str], year_ref: datetime) -> list[str]:
    p = LogParser(year_ref=year_ref.timestamp())
    text = "".join(f"{s} gw sshd[41]: session {i} opened\n" for i, s in enumerate(stamps))
    out = p.feed_text(text) + p.flush()
    return [utc(e.ts)[:10] for e in out if isinstance(e, ev.LogLine)]


@pytest.mark.parametrize(
    ("stamps", "year_ref", "want"),
    [
        # New Year forwards: December then January, the file changed in January or later
        (
            ["Dec 30 23:59:01", "Dec 31 10:00:00", "Jan  1 00:00:05", "Jan  2 08:00:00"],
            datetime(2025, 1, 3, tzinfo=UTC),
            ["2024-12-30", "2024-12-31", "2025-01-01", "2025-01-02"],
        ),
        (
            ["Dec 30 23:59:01", "Jan  2 08:00:00"],
            datetime(2025, 6, 1, tzinfo=UTC),
            ["2024-12-30", "2025-01-02"],
        ),
        # ... and backwards: a January file with a December line, the year before's
        (
            ["Jan  2 08:00:00", "Jan  3 09:00:00", "Dec 31 23:00:00", "Jan  4 10:00:00"],
            datetime(2025, 6, 1, tzinfo=UTC),
            ["2025-01-02", "2025-01-03", "2024-12-31", "2025-01-04"],
        ),
        # a month 8 to 11 ahead of the last line's is the year before's ...
        (
            ["Jan 31 08:00:00", "Sep  2 09:00:00"],
            datetime(2025, 6, 1, tzinfo=UTC),
            ["2025-01-31", "2024-09-02"],
        ),
        (
            ["Feb 10 08:00:00", "Nov  3 09:23:38"],
            datetime(2025, 6, 1, tzinfo=UTC),
            ["2025-02-10", "2024-11-03"],
        ),
        (
            ["May 30 08:00:00", "Jan  3 09:23:38"],
            datetime(2025, 6, 1, tzinfo=UTC),
            ["2025-05-30", "2025-01-03"],
        ),
        # ... one up to 7 ahead is later the same way round, whatever the days ...
        (
            ["Mar  1 08:00:00", "Oct 30 09:00:00"],
            datetime(2026, 2, 1, tzinfo=UTC),
            ["2025-03-01", "2025-10-30"],
        ),
        (
            ["May  1 08:00:00", "Dec 31 09:00:00", "Jan  2 10:00:00"],
            datetime(2026, 2, 1, tzinfo=UTC),
            ["2025-05-01", "2025-12-31", "2026-01-02"],
        ),
        # ... unless that is after the file's last change: no line was written after it
        (
            ["Mar  1 08:00:00", "Oct 30 09:00:00"],
            datetime(2025, 6, 1, tzinfo=UTC),
            ["2025-03-01", "2024-10-30"],
        ),
    ],
)
def test_a_year_less_month_takes_the_year_keeping_the_file_closest_to_monotonic(
    stamps: list[str], year_ref: datetime, want: list[str]
) -> None:
    assert syslog_days(stamps, year_ref) == want


def test_statuses_and_times_of_the_second_real_sets_shapes() -> None:
    def pick(name: str, key: str) -> list[float | None]:
        return [s.get(key) for s in samples(name)]

    assert pick("npm_proxy.log", "http_status") == [200, 502, 404]
    assert pick("elixir.log", "http_status") == [None, 200, 503, None]
    assert pick("elixir.log", "request_time_ms") == [None, pytest.approx(0.413), 1502.0, None]
    assert pick("request_tail.log", "http_status") == [200, 502, None]
    pm2, _ = read("pm2_prefix.log")
    assert [(e.fields or {}).get("prefix") for e in pm2] == ["0|api", "0|api"]


def test_a_full_time_near_the_head_of_a_line_of_no_known_layout() -> None:
    """vsftpd's ctime, Samba's audit time in brackets, a level before the time, a client's
    address before PostgreSQL's prefix, Serilog's offset after a space, an unpadded hour;
    not a date inside a sentence, not a traceback's line."""
    p = LogParser(now=lambda: NOW, year_ref=REF)
    lines = [
        'Mon Jun 8 12:08:44 2020 [pid 27245] CONNECT: Client "::ffff:10.0.0.9"',
        "Auth: [SMB2,(null)] user [WG]\\[root] at [Thu, 14 Oct 2021 15:24:12.023984 UTC] with",
        "ERROR    2025-07-16T19:42:45 - Incorrect username or password from 127.0.0.1",
        "10.0.0.7 2023-03-12 10:17:27.491 UTC [23429] app@shop FATAL:  password failed",
        "2023-04-23 21:53:37.311 -05:00 [WRN] Failed login attempt",
        "2021-11-09  5:13:12 8 [Warning] Access denied for user 'root'@'10.0.0.9'",
        "backup finished, next run 2020-01-01 10:00:00",
    ]
    out: list[ev.Event] = []
    for line in lines:
        out += p.feed(line)
    out += p.flush()
    got = [(utc(e.ts)[:19], e.level) for e in out if isinstance(e, ev.LogLine)]
    assert got == [
        ("2020-06-08T12:08:44", "UNKNOWN"),
        ("2021-10-14T15:24:12", "UNKNOWN"),
        ("2025-07-16T19:42:45", "ERROR"),
        ("2023-03-12T10:17:27", "FATAL"),
        ("2023-04-24T02:53:37", "WARNING"),
        ("2021-11-09T05:13:12", "WARNING"),
        ("2021-11-09T05:13:12", "UNKNOWN"),  # the sentence's date is not the line's time
    ]
