"""Review of session 23's rules (HttpClient's wire log, requests with no status sent,
journalctl's longer locale months, a log shipper's store answers) against real shapes they
were not written for. Lines written here in those shapes."""

from __future__ import annotations

from tests.helpers.parsing import parse, samples, utc


def test_okhttps_logged_answer_is_no_served_request() -> None:
    # OkHttp's HttpLoggingInterceptor (okhttp-logging-interceptor, HttpLoggingInterceptor.kt:
    # "<-- ${response.code} ${response.message} ${url} (${tookMs}ms" and ", $bodySize body"
    # at BASIC): the answer to a call the service made, as HttpClient's '<<' is; a 500 from
    # the other side was this service's error and its time in the latency panel
    text = (
        "2024-05-01 10:00:00.124  INFO 7 --- [OkHttp https://api.example.test/...] "
        "okhttp3.OkHttpClient : <-- 200 OK https://api.example.test/v1/orders (35ms)\n"
        "2024-05-01 10:00:01.124  INFO 7 --- [OkHttp https://api.example.test/...] "
        "okhttp3.OkHttpClient : <-- 500 https://api.example.test/v1/orders (120ms, "
        "21-byte body)\n"
        # a request the service served, beside them, keeps its status
        "2024-05-01 10:00:02.000  INFO 7 --- [nio-8080-exec-1] c.e.Access : GET /orders "
        "200 12ms\n"
    )
    ok, failed, served = parse(text)
    assert samples(ok) == {} and samples(failed) == {}
    assert failed.level == "INFO"
    assert samples(served) == {"http_status": 200.0, "response_time_ms": 12.0}


def test_nginxs_000_is_no_status_sent() -> None:
    # nginx's ngx_http_log_status: "%03ui" of 0 when no status was sent (the client gone
    # first), so "000" in the combined format and in a JSON log_format's "$status": the
    # request's time is an unanswered one, as Traefik's 0 is, no status 0 counted
    text = (
        '10.0.0.1 - - [25/Feb/2024:10:27:45 +0000] "GET /ws HTTP/1.1" 000 0 "-" "curl/8.5" '
        "0.512\n"
        '{"time":"2024-10-12T14:14:20+09:00","status":"000","request_time":"0.512",'
        '"method":"GET","uri":"/ws"}\n'
    )
    clf, json = parse(text)
    assert samples(clf) == {"response_bytes": 0.0, "unanswered_ms": 512.0}
    assert samples(json) == {"unanswered_ms": 512.0}


def test_a_finnish_journals_november_is_no_march() -> None:
    # glibc's localedata/locales/fi_FI abmon: tammi helmi maalis huhti touko kesä heinä elo
    # syys loka marras joulu; "marras" (November) starts as "Mar" does. sv_SE's May "maj".
    (november,) = parse("marras 05 17:37:29 NAS systemd[1]: Started Docker.\n")
    assert utc(november.ts)[4:] == "-11-05T17:37:29"
    (june,) = parse("kesä 12 08:00:00 NAS systemd[1]: Started Docker.\n")
    assert utc(june.ts)[4:] == "-06-12T08:00:00"
    (may,) = parse("maj 12 08:00:00 NAS systemd[1]: Started Docker.\n")
    assert utc(may.ts)[4:] == "-05-12T08:00:00"


def test_vectors_sink_retries_are_the_stores_answers() -> None:
    # Vector's sinks/util/retries.rs ("Retrying after response." reason=..., "Retrying after
    # error."), in its sink span as the debugging guide prints it: the answer of the store
    # it ships to, as Fluent Bit's [output:...] lines' are
    text = (
        '2025-02-12T19:10:54.562556Z  WARN sink{component_kind="sink" component_id=out '
        "component_type=http}:request{request_id=19}: vector::sinks::util::retries: Retrying "
        "after response. reason=503 Service Unavailable internal_log_rate_limit=true\n"
        '2025-02-12T19:10:55.000000Z ERROR sink{component_kind="sink" component_id=es '
        "component_type=elasticsearch}:request{request_id=20}: vector::sinks::util::retries: "
        "Retrying after error. error=Server responded with an error: 502 Bad Gateway\n"
    )
    for line in parse(text):
        assert samples(line) == {}
