"""Session 29's sets: shapes written here after the real files named beside each test."""

from __future__ import annotations

import pytest

from tests.helpers.parsing import parse, samples


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
        "[GIN] 2024/05/01 - 12:00:00 | 500 |    1.2046ms |   10.0.0.7 | POST     \"/orders\"\n"
    )
    assert report.message.endswith("panic recovered:")
    assert report.level in ("ERROR", "CRITICAL", "FATAL")
    assert "runtime error: invalid memory address or nil pointer dereference" in report.detail
    assert "\tCreateOrder: total := cart.Total()" in report.detail
    assert samples(row) == {"http_status": 500.0, "response_time_ms": pytest.approx(1.2046)}
