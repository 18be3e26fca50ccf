"""Error text from every usual field, in the shapes real loggers write, through the parser."""

import json
from pathlib import Path

from console.analysis.inputs import events_from_files
from console.analysis.rca.signatures import normalise, records, signatures


def _records(tmp_path: Path, *objs: dict) -> list:
    path = tmp_path / "service.log"
    path.write_text("".join(json.dumps(o) + "\n" for o in objs))
    return records(events_from_files([path]))


def test_error_fields_of_each_shape(tmp_path: Path) -> None:
    recs = _records(
        tmp_path,
        {  # structlog with a Python traceback: its last line says what failed
            "event": "charge failed",
            "level": "error",
            "timestamp": "2026-02-06T12:00:00Z",
            "exception": 'Traceback (most recent call last):\n  File "x.py", line 3\n'
            "TimeoutError: QueuePool limit of size 5 overflow 0 reached",
        },
        {  # pino: numeric level 50, err object, req.url
            "level": 50,
            "time": 1770379201000,
            "msg": "request errored",
            "req": {"method": "POST", "url": "/api/checkout?x=1"},
            "res": {"statusCode": 500},
            "err": {"type": "TypeError", "message": "Cannot read properties of undefined"},
        },
        {  # ECS: nested error, url.path, status code
            "@timestamp": "2026-02-06T12:00:02Z",
            "log.level": "error",
            "message": "provider call failed",
            "error": {
                "type": "ProviderUnavailable",
                "message": "POST https://api.paynova.com/v2 503",
            },
            "url": {"path": "/v1/charges/12345"},
            "http": {"response": {"status_code": 502}},
        },
        {  # logback: stack_trace, level_value
            "@timestamp": "2026-02-06T12:00:03Z",
            "level": "ERROR",
            "message": "order read failed",
            "stack_trace": "java.lang.NullPointerException: null\n\tat com.acme.Orders.read",
        },
        {"level": 30, "time": 1770379204000, "msg": "request completed"},  # pino info
    )
    by_msg = {r.message: r for r in recs}
    assert by_msg["charge failed"].error_text.startswith("TimeoutError: QueuePool limit")
    pino = by_msg["request errored"]
    assert pino.failed and pino.endpoint == "/api/checkout" and pino.status == 500
    assert "TypeError" in pino.error_text
    ecs = by_msg["provider call failed"]
    assert ecs.status == 502
    assert ecs.level == "ERROR" and ecs.endpoint == "/v1/charges/:id"
    assert ecs.host == "api.paynova.com"
    assert by_msg["order read failed"].error_text.startswith("java.lang.NullPointerException")
    assert by_msg["request completed"].level == "INFO"  # pino's 30 is info, not warning


def test_documentation_links_name_no_upstream(tmp_path: Path) -> None:
    (rec,) = _records(
        tmp_path,
        {
            "event": "db timeout",
            "level": "error",
            "timestamp": "2026-02-06T12:00:00Z",
            "error": "QueuePool limit reached, connection timed out, timeout 30.00 (Background"
            " on this error at: https://sqlalche.me/e/20/3o7r)",
        },
    )
    assert rec.host is None


def test_upstream_host_from_dial_errors_and_fields(tmp_path: Path) -> None:
    recs = _records(
        tmp_path,
        {
            "level": "error",
            "ts": 1770379200.5,
            "msg": "call failed",
            "error": "dial tcp inventory-db:5432: connect: connection refused",
        },
        {"level": "error", "ts": 1770379201.5, "msg": "lookup failed", "error": "boom"},
    )
    assert recs[0].host == "inventory-db:5432"
    assert recs[1].host is None  # "lookup failed" names no host


def test_normalised_templates_group_variable_parts() -> None:
    a = normalise("order 12345 for 7f3e2c1a-1b2c-4d5e-8f90-123456789abc failed on 10.0.0.7:5432")
    b = normalise("order 9 for 0a1b2c3d-1b2c-4d5e-8f90-123456789abc failed on 10.2.3.4:5432")
    assert a == b
    assert normalise("GET https://api.x.com/v1/a?id=3 returned 503") == "GET <url> returned <n>"


def test_signatures_are_counted_before_and_after_the_onset(tmp_path: Path) -> None:
    lines = []
    for i in range(40):
        lines.append(
            {
                "level": "error",
                "ts": 1770379200 + i * 30,
                "msg": "query failed" if i >= 20 else "validation failed",
                "error": f"timeout after {i}ms" if i >= 20 else "bad sku",
            }
        )
    sigs = signatures(_records(tmp_path, *lines), onset=1770379200 + 20 * 30)
    assert sigs[0].template == "query failed | timeout after <n>ms"
    assert (sigs[0].before, sigs[0].after, sigs[0].new) == (0, 20, True)
    assert sigs[1].before == 20 and sigs[1].after == 0


def test_upstream_host_from_name_resolution_errors(tmp_path: Path) -> None:
    errors = [
        "java.net.UnknownHostException: api.parcelwise.com",
        "Failed to resolve 'api.parcelwise.com' ([Errno -3] Temporary failure in name resolution)",
        "getaddrinfo ENOTFOUND api.parcelwise.com",
        "dial tcp: lookup api.parcelwise.com on 10.0.0.10:53: no such host",
        "NXDOMAIN for api.parcelwise.com",
        "System.Net.Http.HttpRequestException: No such host is known. (api.parcelwise.com:443)",
    ]
    recs = _records(
        tmp_path,
        *(
            {"level": "error", "ts": 1770379200.5 + i, "msg": "carrier lookup failed", "error": e}
            for i, e in enumerate(errors)
        ),
    )
    assert [r.host for r in recs] == ["api.parcelwise.com"] * len(errors)


def test_database_named_by_its_replica_set_or_its_port(tmp_path: Path) -> None:
    recs = _records(
        tmp_path,
        {
            "level": "error",
            "time": "2026-05-19T04:31:05Z",
            "msg": "session store error",
            "error": "connection(sessions-mongo-0.sessions-mongo:27017[-3]) incomplete read of"
            " message header: EOF",
        },
        {
            "level": "error",
            "time": "2026-05-19T04:32:00Z",
            "msg": "session store error",
            "error": "(NotWritablePrimary) not primary",
            "replset": "sessions-mongo",
        },
        {
            "level": "error",
            "time": "2026-05-19T04:32:01Z",
            "msg": "query failed",
            "error": 'connection to server at "orders-db.prod.internal" (10.1.2.3), port 5432'
            " failed: FATAL: the database system is starting up",
        },
        {"level": "error", "time": "2026-05-19T04:32:02Z", "msg": "boom", "error": "port 27017"},
    )
    assert [r.db for r in recs] == ["sessions-mongo", "sessions-mongo", "orders-db", None]


def test_a_top_level_url_is_the_upstream_only_beside_an_explained_error(tmp_path: Path) -> None:
    recs = _records(
        tmp_path,
        {
            "level": "error",
            "time": "2026-05-16T15:37:00Z",
            "msg": "carrier call failed",
            "error": "[Errno -2] Name or service not known",
            "url": "https://api.carrier.example/v1/track/1",
        },
        {  # an access log's own 500: its URL is the request served, not a call made
            "level": "error",
            "time": "2026-05-16T15:37:01Z",
            "msg": "request finished",
            "status": 500,
            "url": "https://shop.example/api/cart",
        },
    )
    assert [r.host for r in recs] == ["api.carrier.example", None]


def test_a_client_field_names_the_upstream_and_a_cluster_member_its_set(tmp_path: Path) -> None:
    recs = _records(
        tmp_path,
        {
            "message": "Failed to publish driver offer",
            "level": "ERROR",
            "@timestamp": "2026-02-06T12:00:00Z",
            "stack_trace": "org.springframework.amqp.AmqpConnectException: Connection refused",
            "amqp.host": "rabbitmq-prod-2.rabbitmq-prod.messaging.svc",
            "req": {"headers": {"host": "dispatch.acme.example"}},  # the request's own host
        },
    )
    assert recs[0].host == "rabbitmq-prod.messaging.svc"


def test_text_logs_give_their_request_line_and_their_exception(tmp_path: Path) -> None:
    path = tmp_path / "orders.log"
    path.write_text(
        "2026-07-02T09:58:41.120Z ERROR 1 --- [orders] [nio-8080-exec-3]"
        " c.a.o.stock.StockClient : Stock reservation failed\n"
        "org.springframework.web.client.ResourceAccessException: I/O error on POST request for"
        ' "http://inventory-api.prod.svc:8080/v2/reservations": Connection refused\n'
        "\tat com.acme.orders.stock.StockClient.reserve(StockClient.java:64)\n"
        "2026-07-02T09:58:41.130Z  INFO 1 --- [orders] [nio-8080-exec-3]"
        " c.a.web.RequestLoggingFilter : POST /api/orders -> 502 in 41 ms\n"
        "2026-07-02 09:58:42,001 ERROR [app.api] unhandled exception\n"
        "Traceback (most recent call last):\n"
        '  File "/srv/app/api.py", line 3, in create\n'
        "sqlalchemy.exc.InternalError: (psycopg2.errors.ReadOnlySqlTransaction) cannot execute"
        " INSERT in a read-only transaction\n"
        "[SQL: INSERT INTO ledger (a) VALUES (1)]\n"
        '2026-07-02 09:58:42,002 ERROR [uvicorn.access] 10.1.2.3:5123 - "POST'
        ' /wallets/42/topups HTTP/1.1" 500\n'
    )
    recs = records(events_from_files([path]))
    # The parser keeps "[SQL: ...]" as a line of its own; the others are read by their text.
    spring, access, python, uvicorn = (
        next(r for r in recs if word in r.message)
        for word in ("Stock reservation", "/api/orders", "unhandled", "uvicorn")
    )
    assert "Connection refused" in spring.error_text
    assert spring.host == "inventory-api.prod.svc"
    assert "StockClient.java:64" in spring.detail
    assert (access.endpoint, access.status, access.failed) == ("/api/orders", 502, True)
    assert "read-only transaction" in python.error_text  # not the "[SQL: ...]" line after it
    assert (uvicorn.endpoint, uvicorn.status) == ("/wallets/:id/topups", 500)


def test_error_text_from_less_usual_fields(tmp_path: Path) -> None:
    recs = _records(
        tmp_path,
        {  # logstash-logback's nested exception object
            "message": "charge failed",
            "level": "ERROR",
            "@timestamp": "2026-02-06T12:00:00Z",
            "exception": {
                "exception_class": "java.net.SocketTimeoutException",
                "exception_message": "Read timed out",
            },
        },
        {  # camelCase and a cause
            "msg": "lookup failed",
            "level": "error",
            "time": "2026-02-06T12:00:01Z",
            "errorMessage": "ECONNRESET while reading from ledger",
            "error": {"cause": "socket hang up"},
        },
    )
    assert "Read timed out" in recs[0].error_text
    assert "SocketTimeoutException" in recs[0].error_text
    assert "ECONNRESET" in recs[1].error_text
    assert "socket hang up" in recs[1].error_text


def test_a_paths_last_word_is_not_a_lookup_and_a_db_field_names_the_database(
    tmp_path: Path,
) -> None:
    recs = _records(
        tmp_path,
        {
            "event": "Internal Server Error: /api/returns/lookup",
            "level": "error",
            "timestamp": "2026-07-30T09:32:23Z",
            "exception": 'Traceback (most recent call last):\n  File "/srv/x.py", line 1, in f\n'
            "django.db.utils.OperationalError: canceling statement due to statement timeout",
        },
        {
            "level": "error",
            "time": "2026-07-30T09:32:24Z",
            "msg": "query failed",
            "db": "identity-pg",
            "error": "FATAL: terminating connection due to administrator command",
        },
        {"level": "error", "time": "2026-07-30T09:32:25Z", "msg": "cache", "db": "0"},
        {
            "level": "error",
            "time": "2026-07-30T09:32:26Z",
            "msg": "upstream call failed",
            "error": "dial tcp: lookup zones.prod.svc.cluster.local on 10.96.0.10:53: i/o timeout",
        },
    )
    assert [r.host for r in recs[:3]] == [None, None, None]
    assert [r.db for r in recs[:3]] == [None, "identity-pg", None]
    assert recs[3].host == "zones.prod.svc.cluster.local"
