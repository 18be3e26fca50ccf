"""Issue 17, a review of sets 78 to 81's rules: lines of other products and layouts (and of
the rules' own) they read wrongly. Lines written here in those shapes."""

from __future__ import annotations

from tests.helpers.parsing import parse, samples, utc


def test_a_programs_own_time_after_its_level_word_stays_the_lines_time() -> None:
    # A program's own "LEVEL <time> ..." head behind a syslog header on the host's local
    # clock: the record's time (the new prose rule is for a time the line talks about)
    text = (
        # a daemon under docker's journald driver
        "Mar  5 09:10:01 node1 containerd[812]: ERRO 2020-03-05T07:10:01+00:00 "
        "task/run.go:12 shim exited\n"
        # Django's documented "verbose" formatter ({levelname} {asctime} {module} ...)
        "Mar  5 09:10:02 node1 gunicorn[812]: WARNING 2020-03-05 07:10:02,123 views 812 "
        "1401 Not Found: /x\n"
        # the same time opening the message: taken as it always was
        "Mar  5 09:10:03 node1 gunicorn[812]: 2020-03-05 07:10:03,123 WARNING views Not "
        "Found: /y\n"
        # a time said in prose stays the year's only
        "Mar  5 09:10:04 node1 kernel: rtc_cmos 00:01: setting system clock to "
        "2020-03-05T07:10:02 UTC (1583392202)\n"
    )
    erro, verbose, opening, rtc = parse(text)
    assert (utc(erro.ts), erro.level) == ("2020-03-05T07:10:01", "ERROR")
    assert (utc(verbose.ts), verbose.level) == ("2020-03-05T07:10:02", "WARNING")
    assert utc(opening.ts) == "2020-03-05T07:10:03"
    assert utc(rtc.ts) == "2020-03-05T09:10:04"


def test_serilog_json_formatters_level_is_the_records_whatever_its_status() -> None:
    text = (
        # Serilog.AspNetCore's request line: Information below a 500 (its GetLevel)
        '{"Timestamp":"2023-05-02T10:00:00.0000000+02:00","Level":"Information",'
        '"MessageTemplate":"HTTP {RequestMethod} {RequestPath} responded {StatusCode} in '
        '{Elapsed:0.0000} ms","Properties":{"RequestMethod":"GET","RequestPath":"/missing",'
        '"StatusCode":404,"Elapsed":1.2345}}\n'
        # an error logged with a status in its properties
        '{"Timestamp":"2023-05-02T10:00:01.0000000+02:00","Level":"Error",'
        '"MessageTemplate":"Inventory call to {Url} returned {StatusCode}, order {OrderId} '
        'not reserved","RenderedMessage":"Inventory call to \\"http://inv/x\\" returned 200, '
        'order 7 not reserved","Properties":{"Url":"http://inv/x","StatusCode":200,"OrderId":7}}\n'
        # the compact formatter's record, as it already was: Information
        '{"@t":"2023-05-02T08:00:02Z","@mt":"HTTP {RequestMethod} {RequestPath} responded '
        '{StatusCode} in {Elapsed:0.0000} ms","RequestMethod":"GET","RequestPath":"/missing",'
        '"StatusCode":404,"Elapsed":1.2345}\n'
    )
    request, failed, compact = parse(text)
    assert request.level == "INFO" and compact.level == "INFO"
    assert samples(request) == samples(compact) == {"http_status": 404.0, "elapsed_ms": 1.2345}
    assert failed.level == "ERROR"


def test_serilog_json_formatters_destructured_property_fills_its_hole() -> None:
    text = (
        "{\n"
        '  "Timestamp": "2023-05-02T10:00:05.0000000+02:00",\n'
        '  "Level": "Warning",\n'
        '  "MessageTemplate": "Retrying {@Order} after {Delay}",\n'
        '  "Properties": {\n'
        '    "Order": {"_typeTag": "Order", "Id": 5},\n'
        '    "Delay": "00:00:02"\n'
        "  }\n"
        "}\n"
    )
    (retry,) = parse(text)
    assert retry.level == "WARNING"
    assert retry.message == 'Retrying {"_typeTag":"Order","Id":5} after 00:00:02'
