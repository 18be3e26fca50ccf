"""Issue 17, session 23's sets (112 to 116: the issue's formats, web frameworks,
cloud-native infrastructure, databases, a week on call's mix of loggers): the rules their
files showed. Lines written here in those shapes."""

from __future__ import annotations

from tests.helpers.parsing import parse, samples


def test_apache_httpclients_wire_log_of_an_answer_received_is_no_served_status() -> None:
    # HttpClient 4's org.apache.http.wire and .headers loggers, and 5's hc.client5 wire,
    # behind Spring Boot's layout and logback's: '<<' is what came back from the server
    text = (
        "2019-10-11 10:59:40.321 DEBUG 11008 --- [main] o.a.h.wire                    "
        ': http-outgoing-0 << "HTTP/1.1 200 OK[\\r][\\n]"\n'
        "2020-04-11 01:15:23.076 DEBUG 3366 --- [timer://trigger] org.apache.http.headers "
        "   : http-outgoing-0 << HTTP/1.1 503 Service Unavailable\n"
        "2020-04-11 01:15:24.000 [main] DEBUG org.apache.hc.client5.http.wire - "
        'http-outgoing-1 << "HTTP/1.1 401 [\\r][\\n]"\n'
    )
    lines = parse(text)
    assert len(lines) == 3
    assert all(samples(line) == {} for line in lines)
    assert [line.level for line in lines] == ["DEBUG"] * 3


def test_a_request_a_server_logs_with_arrows_keeps_its_status() -> None:
    # an arrow elsewhere on a served request's line is not the wire log's '<< "HTTP/1.1'
    (line,) = parse(
        "2019-10-11 10:59:40.321 INFO 11008 --- [main] c.e.Access : "
        "10.0.0.1 << GET /x HTTP/1.1 200 12ms\n"
    )
    assert samples(line) == {"http_status": 200.0, "response_time_ms": 12.0}
