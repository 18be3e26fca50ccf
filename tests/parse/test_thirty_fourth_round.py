"""Session 34's sets: shapes written here after the real files named beside each test."""

from __future__ import annotations

from console.parse import derived, measures
from tests.helpers.parsing import parse, samples


def test_traefiks_access_line_with_no_status_is_timed_as_a_served_request() -> None:
    # Traefik v2's CLF access log: a scanner's request that matched no router has "-" for
    # its status and size, its duration all the same; the answered ones keep theirs
    text = (
        '212.192.241.99 - - [25/Feb/2022:11:11:35 +0000] "GET /config/getuser?index=0 '
        'HTTP/1.1" - - "-" "-" 53 "-" "-" 0ms\n'
        '86.115.89.79 - - [25/Feb/2022:14:24:27 +0000] "GET / HTTP/2.0" 200 760 "-" "-" 97 '
        '"catapp@docker" "http://192.168.128.3:5000" 10ms\n'
    )
    unsent, answered = parse(text)
    assert samples(unsent) == {measures.UNANSWERED_MS: 0.0}
    assert derived.latency_tier(unsent.samples, unsent) == (derived.SERVED, 0.0)
    assert samples(answered)[measures.HTTP_STATUS] == 200
    assert derived.latency_tier(answered.samples, answered) == (derived.SERVED, 10.0)


def test_envoys_tcp_record_times_a_connection_served_with_no_status() -> None:
    # istio-proxy's sidecar log (an istioctl bug-report): its TCP listener's records, "- - -"
    # for the request line and 0 for the code, among istio-agent's own lines; Envoy's HTTP
    # code 0 (the client gone before an answer) is timed the same way
    text = (
        '[2024-04-04T15:05:22.803Z] "- - -" 0 - - - "-" 1117 1383 1767887 - "-" "-" "-" "-" '
        '"10.244.0.9:5432" inbound|5432|| 127.0.0.6:60887 10.244.0.9:5432 10.244.0.15:49146 '
        "outbound_.5432_._.db-service.default.svc.cluster.local -\n"
        '[2024-04-04T15:06:00.000Z] "GET /api HTTP/1.1" 0 DC downstream_remote_disconnect - "-" '
        '0 0 35 - "-" "curl/8.5" "5f1c" "api" "10.244.0.9:8080" inbound|8080|| 127.0.0.6:1 '
        "10.244.0.9:8080 10.244.0.15:3 - default\n"
    )
    tcp, gone = parse(text)
    assert tcp.fmt == "envoy" and gone.fmt == "envoy"
    assert samples(tcp) == {measures.UNANSWERED_MS: 1767887.0}
    assert "method" not in (tcp.fields or {})
    assert derived.latency_tier(tcp.samples, tcp) == (derived.SERVED, 1767887.0)
    assert samples(gone) == {measures.UNANSWERED_MS: 35.0}
    # a quoted run of dashes that is no Envoy request line stays text
    (other,) = parse('[2024-04-04T15:06:00.000Z] "- -" 0 - - 1 2 3\n')
    assert other.fmt != "envoy"
