"""Review of session 21's sets 97-100 rules (second): their own products' other shapes.
Lines written here in those shapes."""

from __future__ import annotations

from tests.helpers.parsing import parse, samples


def test_fastifys_default_request_completed_without_the_request_on_a_5xx() -> None:
    # Fastify's own onResponse record: { res, responseTime } only, the request (method, url)
    # in its "incoming request" record before it
    text = (
        '{"level":30,"time":1718105118000,"pid":7,"hostname":"h","reqId":"req-1",'
        '"req":{"method":"POST","url":"/orders"},"msg":"incoming request"}\n'
        '{"level":30,"time":1718105119000,"pid":7,"hostname":"h","reqId":"req-1",'
        '"res":{"statusCode":500},"responseTime":12.5,"msg":"request completed"}\n'
        '{"level":30,"time":1718105120000,"pid":7,"hostname":"h","reqId":"req-2",'
        '"res":{"statusCode":200},"responseTime":1.5,"msg":"request completed"}\n'
        # another product's record at info naming a 5xx, no access record: its level stands
        '{"level":30,"time":1718105121000,"res":{"statusCode":503},"msg":"upstream said"}\n'
    )
    incoming, failed, ok, other = parse(text)
    assert incoming.level == "INFO"
    assert failed.level == "ERROR" and samples(failed)["http_status"] == 500.0
    assert ok.level == "INFO" and other.level == "INFO"


def test_http_servers_refusal_line_under_its_own_client_and_date_head() -> None:
    # http.server's log_message: "%s - - [%s] %s" (the client, its date, then the text)
    text = (
        "127.0.0.1 - - [11/Sep/2024 22:17:43] code 404, message File not found\n"
        '127.0.0.1 - - [11/Sep/2024 22:17:43] "GET /nope HTTP/1.1" 404 -\n'
        "::1 - - [11/Sep/2024 22:17:44] code 400, message Bad request syntax ('\\x16')\n"
        # a status another server answered, said in a message: no refusal of this one
        "2024-09-11 22:17:45 WARN upstream said code 503, message Service Unavailable\n"
    )
    refused, access, bad, said = parse(text)
    assert samples(refused) == {"http_status": 404.0} and refused.level == "WARNING"
    assert samples(access) == {"http_status": 404.0}
    assert samples(bad) == {"http_status": 400.0}
    assert "http_status" not in samples(said)
