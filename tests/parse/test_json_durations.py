"""Durations under JSON keys whose unit the record tells another way than the key's name:
a message template's words after a property's hole, a string carrying its unit under a key
naming a time, zap's Gin request middleware's ``cost``. Lines of our own in the real shapes."""

from __future__ import annotations

from tests.helpers.parsing import parse, samples


def test_a_template_unit_after_a_hole_gives_that_property_its_unit() -> None:
    # Serilog's JsonFormatter: the properties under "Properties", the template beside them.
    line = (
        '{"Timestamp":"2024-06-03T09:15:02.1234567+02:00","Level":"Information",'
        '"MessageTemplate":"HTTP {RequestMethod} {RequestPath} responded {StatusCode} in '
        '{Elapsed:0.0000} ms","Properties":{"RequestMethod":"POST","RequestPath":"/orders",'
        '"StatusCode":201,"Elapsed":88.4210033,"SourceContext":"Shop.Requests"}}'
    )
    (got,) = parse(line + "\n")
    assert samples(got)["elapsed_ms"] == 88.4210033
    assert samples(got)["http_status"] == 201


def test_a_template_in_seconds_or_in_clef_says_its_own_unit() -> None:
    text = (
        # a hole followed by "s" (a unitless name AUTO would read as seconds anyway)
        '{"Timestamp":"2024-06-03T09:15:03+00:00","Level":"Information","MessageTemplate":'
        '"Batch {BatchId} finished in {Elapsed:0.00}s","Properties":{"BatchId":7,'
        '"Elapsed":2.5}}\n'
        # CLEF: "Duration" alone is Traefik's ns; the template says milliseconds
        '{"@t":"2024-06-03T09:15:04Z","@mt":"Request {Path} took {Duration} ms",'
        '"Path":"/cart","Duration":12}\n'
        # no unit after the hole: the name's reading stands (Serilog's Elapsed is ms)
        '{"@t":"2024-06-03T09:15:05Z","@mt":"Done {Elapsed} for {Who}","Elapsed":0.25,'
        '"Who":"x"}\n'
    )
    seconds, clef, bare = parse(text)
    assert samples(seconds)["elapsed_ms"] == 2500.0
    assert samples(clef)["request_time_ms"] == 12.0
    assert samples(bare)["elapsed_ms"] == 0.25


def test_a_string_with_its_unit_under_a_key_naming_a_time_is_a_duration() -> None:
    text = (
        '{"jobId":"a1","level":"info","message":"Job done","processingTime":"1520ms",'
        '"timestamp":"2024-06-03T10:00:00.000Z"}\n'
        '{"level":"info","message":"Job done","executionTime":"2.5s",'
        '"timestamp":"2024-06-03T10:00:01.000Z"}\n'
        # a back-off, a limit, a wait or a date under a *Time key: none
        '{"delay":5000,"level":"info","message":"Retry queued","retryTime":"5000ms",'
        '"timestamp":"2024-06-03T10:00:02.000Z"}\n'
        '{"level":"info","message":"Queued","waitTime":"300ms","timeoutTime":"30s",'
        '"timestamp":"2024-06-03T10:00:03.000Z"}\n'
        '{"level":"info","message":"Started","startTime":"2024-06-03T09:59:00Z",'
        '"timestamp":"2024-06-03T10:00:04.000Z"}\n'
        # a bare number under such a key says no unit: none
        '{"level":"info","message":"Job done","processingTime":1520,'
        '"timestamp":"2024-06-03T10:00:05.000Z"}\n'
    )
    done, seconds, retry, queued, started, bare = parse(text)
    assert samples(done) == {"duration_ms": 1520.0}
    assert samples(seconds) == {"duration_ms": 2500.0}
    assert samples(retry) == {} and samples(queued) == {} and samples(started) == {}
    assert samples(bare) == {}


def test_zap_gin_middleware_cost_is_the_request_time_in_seconds() -> None:
    text = (
        # zap's production encoder (ts epoch seconds, lowercase level, caller), the Gin
        # middleware's request fields and zap.Duration("cost", ...) as float seconds
        '{"level":"info","ts":1717405200.5,"caller":"mw/logger.go:40","msg":"/api/items",'
        '"status":200,"method":"GET","path":"/api/items","query":"","ip":"10.0.0.4",'
        '"user-agent":"curl/8.0","errors":"","cost":0.0042}\n'
        # a price beside no request: none
        '{"level":"info","ts":1717405201.0,"caller":"billing/usage.go:12","msg":"usage",'
        '"model":"m1","tokens":1200,"cost":0.0042}\n'
        # a price in a shop's request record without zap's production shape: none
        '{"level":"INFO","time":"2024-06-03T09:00:02Z","msg":"checkout","status":200,'
        '"method":"POST","path":"/cart","cost":19.99}\n'
        # a custom encoder (ISO time, capital levels) writing the duration as a string
        '{"level":"INFO","time":"2024-06-03T09:00:03Z","msg":"/login","status":401,'
        '"method":"POST","path":"/login","cost":"3.25ms"}\n'
        # the template's own encoder config: ts renamed time (ISO8601TimeEncoder), capital
        # levels, the caller kept, SecondsDurationEncoder as in production
        '{"level":"INFO","time":"2022-05-31T19:03:01.939+0800","caller":"logger/logger.go:65",'
        '"msg":"/blog","status":200,"method":"GET","path":"/blog","query":"","ip":"::1",'
        '"errors":"","cost":0.000401208}\n'
    )
    request, usage, shop, custom, template = parse(text)
    assert samples(request) == {"http_status": 200.0, "latency_ms": 4.2}
    assert samples(template) == {"http_status": 200.0, "latency_ms": 0.401208}
    assert "latency_ms" not in samples(usage)
    assert samples(shop) == {"http_status": 200.0}
    assert samples(custom) == {"http_status": 401.0, "latency_ms": 3.25}
