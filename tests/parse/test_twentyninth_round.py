"""Session 29's sets: shapes written here after the real files named beside each test."""

from __future__ import annotations

from pathlib import Path

import pytest

from console.ingest import read_chunks
from tests.helpers.parsing import parse, samples, utc


def test_a_status_after_a_url_written_to_is_that_servers_answer() -> None:
    # Telegraf's InfluxDB output failing to write (an agent's log, beside Grafana's in one
    # container): the database's answer to the agent, no request the agent served
    written, fetched, proxied = parse(
        "2024-03-02T10:00:01Z E! [outputs.influxdb] When writing to [http://influx:8086]: "
        '404 Not Found: database not found: "metrics"\n'
        "2024-03-02T10:00:02Z ERROR sync: failed reading from https://api.example.org/v1/x: "
        "503 Service Unavailable\n"
        "2024-03-02T10:00:03Z INFO proxy: GET http://upstream.local/item 404 Not Found\n"
    )
    assert written.level == "ERROR"
    assert "http_status" not in samples(written)
    assert "http_status" not in samples(fetched)
    # a proxy's own request: its method before the URL, the status its answer
    assert samples(proxied)["http_status"] == 404.0


def test_an_audit_records_url_field_keeps_its_result_status() -> None:
    # Ambari's audit log: "url(...)" a field of the record, its ResultStatus the request's
    (line,) = parse(
        "2016-10-03T16:27:24.185Z, User(admin), RemoteIp(10.0.0.1), RequestType(POST), "
        "url(http://ambari.local:8080/api/v1/requests), ResultStatus(202 Accepted)\n"
    )
    assert samples(line)["http_status"] == 202.0


def test_gins_recovery_report_is_one_entry_up_to_its_500_row() -> None:
    # Gin's Recovery middleware (debug mode): the panic's time, the request's dump with a
    # blank line after its headers, the panic's value, the stack (file:line (pc), then a
    # tabbed call), the colour reset; then the logger's row for the same request
    esc = "\x1b"
    report, row = parse(
        f"{esc}[31m2024/05/01 12:00:00 [Recovery] 2024/05/01 - 12:00:00 panic recovered:\n"
        "POST /orders HTTP/1.1\n"
        "Host: shop.local:8080\n"
        "Content-Type: application/json\n"
        "\n"
        "\n"
        "runtime error: invalid memory address or nil pointer dereference\n"
        "/app/handlers/orders.go:41 (0x8ffaf7)\n"
        "\tCreateOrder: total := cart.Total()\n"
        "/go/pkg/mod/github.com/gin-gonic/gin@v1.9.1/context.go:174 (0x8ea0d1)\n"
        "\t(*Context).Next: c.handlers[c.index](c)\n"
        f"{esc}[0m\n"
        '[GIN] 2024/05/01 - 12:00:00 | 500 |    1.2046ms |   10.0.0.7 | POST     "/orders"\n'
    )
    assert report.message.endswith("panic recovered:")
    assert report.level in ("ERROR", "CRITICAL", "FATAL")
    assert "runtime error: invalid memory address or nil pointer dereference" in report.detail
    assert "\tCreateOrder: total := cart.Total()" in report.detail
    assert samples(row) == {"http_status": 500.0, "response_time_ms": pytest.approx(1.2046)}


def test_a_time_at_the_lines_end_is_its_time() -> None:
    # morgan custom formats ending with ":date[iso]": one with dev's "- " before it, one
    # with its response time last but one; neither has a time at its head
    dev, tiny = parse(
        "GET /api/orders?page=2 200 12.169 ms - 2024-03-23T11:42:06.396Z\n"
        "POST /api/cart 500 - - 3.133 ms 2025-01-07T17:06:59.989Z\n"
    )
    assert utc(dev.ts) == "2024-03-23T11:42:06"
    assert samples(dev) == {"http_status": 200.0, "response_time_ms": pytest.approx(12.169)}
    assert utc(tiny.ts) == "2025-01-07T17:06:59"
    assert tiny.level == "ERROR"
    assert samples(tiny)["response_time_ms"] == pytest.approx(3.133)


@pytest.mark.parametrize(
    "line",
    [
        "certificate for shop.local expires at 2031-01-01T00:00:00Z",  # another moment
        "Next backup scheduled for 2031-01-01T02:00:00Z",
        "Replaying events between 2031-03-01T00:00:00Z and 2031-03-02T00:00:00Z",
        "Lease for node-3 renewed, renewTime 2031-05-31T12:00:00.123456Z",
        "session for user admin opened on tty1, previous login: 2031-01-01T00:00:00Z",
        # a request line, but its last date one of two, or with no fraction and no zone
        "GET /api/report?from=2031-01-01 200 3.1 ms 2031-01-02T00:00:00.000Z",
        "GET /api/report 200 3.1 ms 2031-01-01T00:00:00",
    ],
)
def test_a_time_a_line_ends_with_that_names_another_moment_is_not_its_time(line: str) -> None:
    _first, named = parse("2024-02-02T10:00:00Z INFO starting\n" + line + "\n")
    assert utc(named.ts) == "2024-02-02T10:00:00"  # the line before's, as any undated line


def test_an_httpx_call_behind_celerys_head_is_a_call_made() -> None:
    # Celery's worker format "[%(asctime)s: %(levelname)s/%(processName)s] %(message)s"
    # around httpx's own log line: the other server's answer, no request served
    (call,) = parse(
        "[2025-07-14 11:04:00,126: INFO/ForkPoolWorker-8] HTTP Request: GET "
        'https://data.example.org/archives/2024/index.htm "HTTP/1.1 503 Service Unavailable"\n'
    )
    assert "http_status" not in samples(call)
    assert call.level == "INFO"


def test_go_zeros_access_line_before_1_2() -> None:
    # logx's JSON with the old handler's "%d - %s - %s - %s - %s" (no method; "%.1fms")
    record, slow = parse(
        '{"@timestamp":"2021-07-06T09:08:01.364+08","level":"info","content":"200 - '
        '/api/orders - 10.0.0.4:51781 - curl/7.68.0 - 0.4ms"}\n'
        '{"@timestamp":"2021-07-06T09:08:02.001+08","level":"info","content":"503 - '
        '/api/pay - 10.0.0.4:51782 -  - 1520.3ms"}\n'
    )
    assert utc(record.ts) == "2021-07-06T01:08:01"
    assert samples(record) == {"http_status": 200.0, "response_time_ms": pytest.approx(0.4)}
    assert samples(slow) == {"http_status": 503.0, "response_time_ms": pytest.approx(1520.3)}


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_its_mark_is_read_as_utf16(tmp_path: Path, codec: str) -> None:
    # a stretch cut from a PowerShell redirect ("docker logs grafana > grafana.log" writes
    # UTF-16LE): no byte-order mark in the stretch, every other byte a NUL
    text = (
        'logger=context t=2026-07-08T14:29:03.46+00:00 level=info msg="Request Completed" '
        "method=GET path=/login status=302 remote_addr=172.18.0.1 time_ms=3 duration=3.006ms\r\n"
        'logger=context t=2026-07-08T14:29:04.11+00:00 level=error msg="Request Completed" '
        "method=GET path=/api/ds status=500 remote_addr=172.18.0.1 time_ms=9 duration=9.1ms\r\n"
    )
    path = tmp_path / "grafana.log"
    path.write_bytes(text.encode(codec))
    assert "".join(read_chunks(path)) == text
    ok, failed = parse(text)
    assert utc(ok.ts) == "2026-07-08T14:29:03"
    assert samples(failed)["http_status"] == 500.0


def test_utf8_with_nuls_in_it_stays_utf8(tmp_path: Path) -> None:
    # a few NULs (a binary field dumped into a line) are no UTF-16
    text = "2024-01-01T00:00:00Z INFO payload \x00\x00 received\n" * 20
    path = tmp_path / "app.log"
    path.write_bytes(text.encode())
    assert "".join(read_chunks(path)) == text


def test_a_cost_key_with_a_time_unit_is_the_requests_time() -> None:
    # a Spring Boot interceptor's own JSON access record (no level, no zone), its time in
    # "cost_ms"; a bare "cost" with no request beside it stays a price
    served, priced = parse(
        '{"trace_id":"req-1","timestamp":"2026-07-10 12:13:12.766","method":"POST",'
        '"path":"/api/auth/login","status":500,"cost_ms":53,"client_ip":"127.0.0.1"}\n'
        '{"timestamp":"2026-07-10 12:13:13.001","msg":"credits bought","cost":12.5}\n'
    )
    assert samples(served) == {"http_status": 500.0, "latency_ms": 53.0}
    assert samples(priced) == {}


def test_a_relayed_line_replayed_hours_later_keeps_the_headers_time() -> None:
    # rsyslog's file behind a host on local time (dockerd's records say -06:00): a
    # container's access lines replayed by "docker start -a" from the day before keep the
    # header's time; supervisord's own zone-less time (the container's UTC, six hours off)
    # and HAProxy's accept dates (a zone's hours, a long session's) stay the lines' own
    replayed, other_clock, zoned, session = parse(
        'Feb 19 08:09:57 web docker[871]: 10.0.0.20 - - [18/Feb/2019:14:08:42 +0000] "GET / '
        'HTTP/1.1" 302 442 "-" "-"\n'
        "Feb 19 08:09:58 web docker[871]: 2019-02-19 14:09:58,647 INFO success: apache2 "
        "entered RUNNING state\n"
        'Feb 19 16:29:36 lb haproxy[489]: 10.0.0.2 - - [19/Feb/2019:10:29:36 -0600] "GET /a '
        'HTTP/1.1" 503 212 "" ""\n'
        "Feb 19 10:13:53 lb haproxy[489]: 10.0.0.33:50502 [19/Feb/2019:09:05:31.559] front "
        "back/web1 1/1/4100000 2150 -- 0/0/0/0/0 0/0\n"
    )
    assert utc(replayed.ts) == "2019-02-19T08:09:57"
    assert utc(other_clock.ts) == "2019-02-19T14:09:58"
    assert utc(zoned.ts) == "2019-02-19T16:29:36"
    assert utc(session.ts) == "2019-02-19T09:05:31"


def test_a_relayed_lines_own_time_across_new_year_is_its_time() -> None:
    # a host nine hours east of UTC relaying nginx's UTC times: around both midnights the
    # message's time is the line's, in its own year
    before, after_local, after_utc, reverse = parse(
        'Dec 31 23:59:59 web1 nginx: 10.0.0.9 - - [31/Dec/2023:14:59:59 +0000] "GET / '
        'HTTP/1.1" 200 612 "-" "curl/8.0"\n'
        'Jan  1 08:00:00 web1 nginx: 10.0.0.9 - - [31/Dec/2023:23:00:00 +0000] "GET / '
        'HTTP/1.1" 200 612 "-" "curl/8.0"\n'
        'Jan  1 09:30:00 web1 nginx: 10.0.0.9 - - [01/Jan/2024:00:30:00 +0000] "GET / '
        'HTTP/1.1" 200 612 "-" "curl/8.0"\n'
        'Dec 31 23:59:58 web2 nginx: 10.0.0.9 - - [01/Jan/2024:00:00:03 +0000] "GET / '
        'HTTP/1.1" 200 612 "-" "curl/8.0"\n'
    )
    assert [utc(x.ts) for x in (before, after_local, after_utc, reverse)] == [
        "2023-12-31T14:59:59",
        "2023-12-31T23:00:00",
        "2024-01-01T00:30:00",
        "2024-01-01T00:00:03",
    ]


def test_a_year_a_syslog_lines_record_said_holds_for_the_lines_after() -> None:
    # Ubuntu's syslog (no year), dockerd's logfmt record saying 2024; the year-less lines
    # after it are in its year, not the year the file's change puts them in
    before, said, after, later = parse(
        "Nov 18 09:10:41 master1 systemd[1]: Finished Cleanup of Temporary Directories.\n"
        'Nov 18 09:12:24 master1 dockerd[1768]: time="2024-11-18T09:12:24.124257469Z" '
        'level=error msg="Handler for POST /v1.47/images/create returned error"\n'
        "Nov 18 09:15:02 master1 systemd[1]: Stopping Network Name Resolution...\n"
        "Nov 18 09:15:02 master1 systemd[1]: systemd-resolved.service: Deactivated.\n"
    )  # (parse places a year-less November alone in 2023: the twelve months before June 2024)
    assert [utc(x.ts)[:4] for x in (before, said, after, later)] == ["2024"] * 4


def test_ngroks_dur_is_its_requests_time() -> None:
    # ngrok's agent, logfmt: its local web API's request, the time Go prints it in
    (line,) = parse(
        "t=2025-12-27T12:19:05+0100 lvl=info msg=end pg=/api/tunnels id=b80826ec31a974ec "
        "status=200 dur=393.541µs\n"
    )
    assert utc(line.ts) == "2025-12-27T11:19:05"
    assert samples(line) == {"http_status": 200.0, "duration_ms": pytest.approx(0.393541)}


def test_a_review_of_this_sessions_rules_the_cases_it_found() -> None:
    # (a reviewer's cases, each wrong in a first version of the rules above)
    dumped, preflight, forwarded, dependency = parse(
        # go-zero's failed request: its dump after the access line, in the same record
        '{"@timestamp":"2024-06-01T10:00:00.000+00:00","level":"error","content":"500 - '
        "/api/items - 10.0.0.4:5123 - curl/8.0 - 0.4ms\\nGET /api/items HTTP/1.1\\r\\nHost: "
        'api:8888\\r\\n\\r\\n"}\n'
        # this server's own answers, a URL in their words
        "2024-06-01T10:00:01Z WARN cors: rejected preflight from https://evil.example.com: "
        "403 Forbidden\n"
        "2024-06-01T10:00:02Z ERROR proxy: POST /api/upload forwarded to http://backend:8080 "
        "failed: 502 Bad Gateway\n"
        # a dependency's time, its name before "cost"
        '{"level":"info","time":"2024-06-01T10:00:03Z","msg":"query done","mysql_cost_ms":1830}\n'
    )
    assert samples(dumped) == {"http_status": 500.0, "response_time_ms": pytest.approx(0.4)}
    assert samples(preflight)["http_status"] == 403.0
    assert samples(forwarded)["http_status"] == 502.0
    assert "latency_ms" not in samples(dependency)


def test_gins_recovery_report_ends_with_its_stack() -> None:
    report, healthz, failed = parse(
        "2024/06/01 10:00:00 [Recovery] 2024/06/01 - 10:00:00 panic recovered:\n"
        "GET /api/items/7 HTTP/1.1\n"
        "Host: localhost:8080\n"
        "\n"
        "runtime error: index out of range [7] with length 3\n"
        "/app/handlers/items.go:42 (0x8ffaf7)\n"
        "\tGetItem: return c.JSON(200, items[id])\n"
        '10.0.0.7 - - "GET /healthz" 200 0.1ms\n'
        '10.0.0.7 - - "GET /api/items/8" 500 0.9ms\n'
    )
    assert report.detail[-1] == "\tGetItem: return c.JSON(200, items[id])"
    assert samples(healthz)["http_status"] == 200.0
    assert failed.level == "ERROR"
