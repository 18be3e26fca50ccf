"""Issue 17: more access layouts of their own. An nginx ``log_format`` may leave the request
line unquoted (``$request`` outside quotes) and quote the status; it may label its seconds
with words (``upstream $upstream_response_time request $request_time``) or keys (``rt=``,
``urt="..."``). Envoy's reading takes only lines whose field after the status is Envoy's
response flags. Every line here is written for this file in the shape those directives
produce, not copied from a log."""

from __future__ import annotations

from tests.helpers.parsing import parse, samples, utc

# log_format plain '$remote_addr - $remote_user [$time_local] $request "$status" '
#                  '$body_bytes_sent "$http_referer" "$http_user_agent" "$http_x_forwarded_for"';
UNQUOTED_REQUEST = (
    "198.51.100.8 - - [04/Mar/2024:08:12:40 +0000] POST /cart/checkout HTTP/1.1 "
    '"502" 173 "https://shop.example/cart" "Mozilla/5.0 (X11; Linux x86_64)" "-"\n'
)


def test_an_unquoted_request_line_with_a_quoted_status_after_it() -> None:
    [line] = parse(UNQUOTED_REQUEST)
    assert line.fmt == "access"
    assert utc(line.ts) == "2024-03-04T08:12:40"
    assert line.level == "ERROR"
    assert line.fields is not None
    assert (line.fields["method"], line.fields["path"]) == ("POST", "/cart/checkout")
    assert line.fields["client"] == "198.51.100.8"
    assert samples(line) == {"http_status": 502.0, "response_bytes": 173.0}


def test_an_unquoted_request_line_with_a_bare_status_before_it() -> None:
    """``$time_iso8601 $status $request "$http_user_agent"``."""
    [line] = parse('2024-03-04T08:12:41+01:00 404 GET /favicon.ico HTTP/2.0 "curl/8.5.0"\n')
    assert line.fmt == "access"
    assert utc(line.ts) == "2024-03-04T07:12:41"
    assert line.level == "WARNING"
    assert samples(line) == {"http_status": 404.0}


def test_an_unquoted_request_line_with_no_status_beside_it_is_no_access_line() -> None:
    """A message naming a request it passes on says nothing of how it went."""
    [line] = parse("2024-03-04 08:12:42 INFO proxying GET /api/items HTTP/1.1 to 10.0.0.4 200\n")
    assert line.fmt != "access"
    assert "http_status" not in samples(line)


# log_format times '$remote_addr - $remote_user [$time_local] "$request" $status '
#   'upstream $upstream_response_time request $request_time [for $host via $upstream_addr]';
def _labelled(upstream: str, request: str) -> str:
    return (
        '192.0.2.61 - - [04/Mar/2024:08:13:00 +0100] "GET /orders/77 HTTP/1.1" 200 '
        f"upstream {upstream} request {request} [for shop.example via 10.0.3.7:9000]\n"
    )


def test_seconds_labelled_by_words_are_the_request_s_and_the_upstream_s() -> None:
    [line] = parse(_labelled("0.212", "0.250"))
    assert line.fmt == "access"  # not Envoy's: "upstream" is no response flag
    assert utc(line.ts) == "2024-03-04T07:13:00"
    assert samples(line) == {
        "http_status": 200.0,
        "request_time_ms": 250.0,
        "upstream_time_ms": 212.0,
    }


def test_a_labelled_list_of_upstream_tries_is_their_sum() -> None:
    [line] = parse(_labelled("0.100, 0.050 : 0.020", "0.180"))
    assert samples(line)["upstream_time_ms"] == 170.0
    assert samples(line)["request_time_ms"] == 180.0


def test_the_upstream_s_seconds_alone_are_no_request_time() -> None:
    [line] = parse(
        '192.0.2.61 - - [04/Mar/2024:08:13:01 +0100] "GET /orders/78 HTTP/1.1" 504 '
        "upstream 60.001 [for shop.example via 10.0.3.7:9000]\n"
    )
    assert line.level == "ERROR"
    assert samples(line) == {"http_status": 504.0, "upstream_time_ms": 60001.0}


def test_no_upstream_then_the_request_s_seconds() -> None:
    [line] = parse(_labelled("-", "0.001"))
    assert samples(line) == {"http_status": 200.0, "request_time_ms": 1.0}


def test_seconds_labelled_by_keys_in_a_layout_of_its_own() -> None:
    """``[$time_local] $status "$request" ... rt=$request_time urt="$upstream_response_time"``."""
    [line] = parse(
        '203.0.113.40 [04/Mar/2024:08:13:02 +0000] 503 "POST /api/pay HTTP/1.1" 10.0.0.2 '
        'rt=0.731 uct="0.001" urt="0.400, 0.300"\n'
    )
    assert line.fmt == "access"
    assert samples(line) == {
        "http_status": 503.0,
        "request_time_ms": 731.0,
        "upstream_connect_ms": 1.0,
        "upstream_time_ms": 700.0,
    }


def test_envoy_s_line_with_several_response_flags_stays_envoy_s() -> None:
    [line] = parse(
        '[2024-03-04T08:13:03.120Z] "GET /cart HTTP/1.1" 503 UF,URX 0 91 1500 - "10.0.0.3" '
        '"okhttp/4.12.0" "9f2c1d7e-0b1a-4c55-9e1e-0d2b3c4d5e6f" "shop" "10.0.5.2:8080"\n'
    )
    assert line.fmt == "envoy"
    assert samples(line) == {"http_status": 503.0, "request_time_ms": 1500.0}


def test_a_combined_line_with_labelled_keys_reads_as_before() -> None:
    [line] = parse(
        '192.0.2.9 - - [04/Mar/2024:08:13:04 +0000] "GET /a HTTP/1.1" 200 12 "-" "curl/8" '
        'rt=0.052 urt="0.050"\n'
    )
    assert line.fmt == "access"
    assert samples(line)["request_time_ms"] == 52.0
    assert samples(line)["http_status"] == 200.0
