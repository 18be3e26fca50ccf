"""Java application servers' and enterprise middleware's own logs (set 56): WebSphere's and
Liberty's head in the JVM locale's short date, the durations their neighbours write."""

from __future__ import annotations

from tests.helpers.parsing import parse, samples, utc


def _first(text: str) -> str:
    lines = parse(text)
    assert lines and lines[0].ts is not None
    return utc(lines[0].ts)


def test_liberty_head_in_hungarian_short_date() -> None:
    text = (
        "[2023. 11. 07. 09:14:52:401 CET] 00000044 com.ibm.ws.app.manager.AppMessageHelper"
        "      I CWWKZ0001I: Az alkalmazás elindult: shop.\n"
    )
    assert _first(text) == "2023-11-07T08:14:52"


def test_liberty_head_in_korean_short_date() -> None:
    text = "[23. 7. 4. 18:02:11:050 KST] 0000003a com.acme.Orders  I 주문 7 처리됨\n"
    assert _first(text) == "2023-07-04T09:02:11"


def test_websphere_head_in_chinese_short_date_is_year_first_china_time() -> None:
    # zh_CN's yy-M-d: "12-3-9" is 9 March 2012; CST after it is China's (+08:00)
    text = "[12-3-9 21:40:05:318 CST] 0000012f OrderServlet  E 订单保存失败\n"
    assert _first(text) == "2012-03-09T13:40:05"


def test_dashed_short_date_day_first_when_year_first_cannot_be_or_is_to_come() -> None:
    # da/nl's d-M-yy: read year first, 27-4-23 is a year to come (2027, the reference being
    # June 2024), and 31-4-20 would be 31 April: both day first
    assert _first("[27-4-23 08:00:00:000 GMT] 00000001 Boot  I ready\n") == "2023-04-27T08:00:00"
    assert _first("[20-2-30 08:00:00:000 GMT] 00000001 Boot  I ready\n") == "2030-02-20T08:00:00"


def test_japanese_short_date_year_over_31_is_year_first() -> None:
    text = "[33/02/14 10:30:00:500 JST] 00000022 Billing  I 請求 9 完了\n"
    assert _first(text) == "2033-02-14T01:30:00"


def test_us_and_uk_short_dates_unchanged() -> None:
    us = "[5/16/24 9:23:38:123 CEST] 0000002a SystemOut     O order 7 shipped\n"
    gb = "[16/05/24 09:23:38:123 BST] 0000002a SystemOut     O order 7 shipped\n"
    de = "[16.05.24 09:23:38:123 CET] 0000002a SystemOut     O order 7 shipped\n"
    assert _first(us) == "2024-05-16T07:23:38"
    assert _first(gb) == "2024-05-16T08:23:38"
    assert _first(de) == "2024-05-16T08:23:38"


def test_a_batch_of_counted_items_routed_in_a_time() -> None:
    text = (
        "2021-09-14 06:10:03,118 INFO [store-014] [RouterService] [store-014-job-3] "
        "Routed 12 data events in 37 ms\n"
        "2021-09-14 06:10:04,502 INFO [store-014] [PushService] [store-014-job-7] "
        "Synced 2,400 outgoing batch rows in 1.5 s\n"
    )
    lines = parse(text)
    assert [samples(e) for e in lines] == [{"duration_ms": 37.0}, {"duration_ms": 1500.0}]


def test_a_lifecycle_count_is_no_duration() -> None:
    text = (
        "2021-09-14 06:00:00,001 INFO [store-014] [ClientExtensionService] [main] "
        "Registered 14 extension points in 210 ms\n"
        "2021-09-14 06:00:00,005 INFO [store-014] [Boot] [main] "
        "Started 4 route jobs in 5 s\n"
        "2021-09-14 06:10:00,004 INFO [store-014] [PurgeService] [store-014-job-9] "
        "Purged 310 expired data rows in 12 ms\n"
    )
    assert [samples(e) for e in parse(text)] == [{}, {}, {}]


def test_logback_access_elapsed_time_after_a_written_zero_size_is_ms() -> None:
    # Nexus 2's request.log: %clientHost %l %user [%date] "%requestURL" %statusCode
    # %bytesSent %elapsedTime; a body of none written 0, as Apache's %b never writes it
    text = (
        '10.1.2.3 - - [12/Feb/2019:08:01:17 +0100] "GET /nexus/ HTTP/1.1" 200 0 412\n'
        '10.1.2.3 - admin [12/Feb/2019:08:01:19 +0100] "GET /nexus/service/local/status '
        'HTTP/1.1" 200 2711 53\n'
        '10.1.2.3 - admin [12/Feb/2019:08:01:20 +0100] "GET /nexus/content/x.jar HTTP/1.1"'
        " 200 90422 1380\n"
    )
    got = [samples(e)["request_time_ms"] for e in parse(text)]
    assert got == [412.0, 53.0, 1380.0]


def test_apache_lone_d_after_a_dash_size_stays_microseconds() -> None:
    text = (
        '10.1.2.3 - - [12/Feb/2019:08:01:17 +0100] "GET /health HTTP/1.1" 204 - 412\n'
        '10.1.2.3 - - [12/Feb/2019:08:01:18 +0100] "GET /app.css HTTP/1.1" 200 5120 2390\n'
    )
    got = [samples(e)["request_time_ms"] for e in parse(text)]
    assert [round(v, 3) for v in got] == [0.412, 2.39]


def test_odl_record_body_is_the_records_whatever_it_dates() -> None:
    text = (
        "[2020-03-02T10:15:04.211+0100] [glassfish 5.1] [SEVERE] [NCLS-SEC-01] "
        "[javax.enterprise.system.security.ssl] [tid: _ThreadID=31 _ThreadName=main] "
        "[timeMillis: 1583140504211] [levelValue: 1000] [[\n"
        "  Certificate in store has expired: [\n"
        "[2]: Extension PrivateKeyUsage [\n"
        "Until: Mon Jan 11 08:00:00 CET 2010]]\n"
        "Not After: Tue Jan 12 09:00:00 CET 2010]\n"
        "]]\n"
        "\n"
        "[2020-03-02T10:15:05.002+0100] [glassfish 5.1] [INFO] [] [javax.enterprise.web] "
        "[tid: _ThreadID=31 _ThreadName=main] [timeMillis: 1583140505002] [levelValue: 800] [[\n"
        "  Loading application [shop] at [/shop]]]\n"
    )
    lines = parse(text)
    assert [utc(e.ts) for e in lines] == ["2020-03-02T09:15:04", "2020-03-02T09:15:05"]
    assert [e.level for e in lines] == ["ERROR", "INFO"]


def test_a_builds_counted_step_is_no_duration() -> None:
    # webpack's or a compiler's "Compiled 42 modules in 1.2s": a build step, as the corpora's
    # writers count none; a batch of work a service did keeps its time
    (build,) = parse("2024-06-01T10:00:00.000Z INFO  Compiled 42 modules in 1.2s\n")
    assert samples(build) == {}
    (synced,) = parse("2024-06-01 10:00:00 INFO Synced 12 users in 450ms\n")
    assert samples(synced) == {"duration_ms": 450.0}
