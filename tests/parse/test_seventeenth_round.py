"""Rules from the seventeenth session's unseen sets (issue #17), each with lines of our own."""

from __future__ import annotations

from tests.helpers.parsing import parse, samples, utc


def test_a_rails_rescue_at_the_margin_is_an_error_in_a_layout_without_levels() -> None:
    # Rails 2's production.log (no levels): the request block, then the exception Rails'
    # rescue logged at FATAL, "Class (message):", its backtrace indented under it
    text = (
        "Processing OrdersController#show (for 10.0.0.7 at 2013-03-04 09:10:11) [GET]\n"
        '  Parameters: {"id"=>"42"}\n'
        "\n"
        "ActiveRecord::RecordNotFound (Couldn't find Order with ID=42):\n"
        "  app/controllers/orders_controller.rb:12:in `show'\n"
        "\n"
        "Rendering rescues/layout (not_found)\n"
        "NoMethodError (undefined method `total' for nil:NilClass):\n"
        "  app/models/cart.rb:3:in `sum'\n"
    )
    lines = parse(text)
    errors = [e for e in lines if e.level == "ERROR"]
    assert [e.message[:28] for e in errors] == ["NoMethodError (undefined met"]
    # a record not found is answered 404 (Rails' rescue_responses): the request's fault
    assert [e.level for e in lines if e.message.startswith("ActiveRecord::")] == ["WARNING"]
    # prose that starts with a capital and a parenthesis is no exception
    (plain,) = parse("Rendering layouts/application (12.3ms)\n")
    assert plain.level != "ERROR"


def test_coldfusion_and_lucee_csv_logs_read_their_level_date_and_time() -> None:
    # Adobe ColdFusion's application.log (MM/dd/yy) under its header, Lucee's (MM/dd/yyyy)
    # with a stack trace continuing the quoted message
    text = (
        '"Severity","ThreadID","Date","Time","Application","Message"\n'
        '"Information","ajp-bio-8012-exec-3","06/12/24","10:00:01","SHOP","Cart rebuilt"\n'
        '"Error","ajp-bio-8012-exec-5","06/12/24","10:00:07","SHOP","Element ID is undefined"\n'
        '"ERROR","http-nio-8888-exec-2","05/03/2023","23:59:58","","Datasource refused;java.sql.'
        "SQLException: refused\n"
        "\tat com.example.db.Pool.open(Pool.java:41)\n"
        '\tat com.example.db.Pool.get(Pool.java:12)"\n'
    )
    events = parse(text)
    read = [(utc(e.ts), e.level, e.message[:17]) for e in events if e.fmt == "cfml"]
    assert read == [
        ("2024-06-12T10:00:01", "INFO", "Cart rebuilt"),
        ("2024-06-12T10:00:07", "ERROR", "Element ID is und"),
        ("2023-05-03T23:59:58", "ERROR", "Datasource refuse"),
    ]
    assert len(events[-1].detail) == 2  # the trace stays with its record
    assert events[0].fmt != "cfml"  # the header names the columns


def test_monologs_context_closing_its_line_gives_the_status_and_duration() -> None:
    # LineFormatter's "%message% %context% %extra%", the extra empty: an HTTP client's
    # context (elasticsearch-php's "duration" is seconds, from microtime)
    text = (
        '[2024-06-01 10:00:00] es.INFO: Request Success: {"method":"GET","uri":"http://es:9200/",'
        '"HTTP code":200,"duration":0.0125} []\n'
        "[2024-06-01 10:00:01] app.INFO: nothing beside it [] []\n"
    )
    first, second = parse(text)
    assert samples(first) == {"http_status": 200.0, "duration_ms": 12.5}
    assert first.fields is not None and first.fields["channel"] == "es"
    assert samples(second) == {}


def test_werkzeugs_access_line_through_pythons_default_format_keeps_its_time() -> None:
    # Flask's dev server logging through logging.basicConfig ("LEVEL:logger:msg"), written to
    # a supervisord or systemd stdout file: no time but the access line's own
    text = (
        "INFO:app:cache warmed\n"
        'INFO:werkzeug:10.1.2.3 - - [02/Mar/2025 08:15:04] "GET /health HTTP/1.1" 200 -\n'
        'INFO:werkzeug:10.1.2.3 - - [02/Mar/2025 08:15:09] "POST /api/job HTTP/1.1" 500 -\n'
    )
    events = parse(text)
    assert [utc(e.ts) for e in events[1:]] == ["2025-03-02T08:15:04", "2025-03-02T08:15:09"]
    assert [samples(e).get("http_status") for e in events[1:]] == [200.0, 500.0]
    assert events[1].fields is not None and events[1].fields["logger"] == "werkzeug"


def test_yajsw_wrapper_log_reads_its_two_digit_year_first() -> None:
    # AbstractWrappedProcess's "yy-MM-dd HH:mm:ss": 24-10-15 is 2024-10-15, not 2015-10-24
    text = (
        "INFO|wrapper|Service Billing|24-10-15 12:46:48|stopping process with pid 5732\n"
        "INFO|5732/0|Service Billing|24-10-15 12:46:50.25|Billing started on port 8080\n"
        "ERROR|wrapper|Service Billing|23-01-31 23:00:00|process exit code: 1\n"
    )
    events = parse(text)
    assert [(utc(e.ts), e.level, e.fmt) for e in events] == [
        ("2024-10-15T12:46:48", "INFO", "yajsw"),
        ("2024-10-15T12:46:50", "INFO", "yajsw"),
        ("2023-01-31T23:00:00", "ERROR", "yajsw"),
    ]
    assert events[1].message == "Billing started on port 8080"


def test_stunnels_dotted_date_and_log_level_digit() -> None:
    # log.c: "%04d.%02d.%02d %02d:%02d:%02d LOG%d[%s]: %s", the digit syslog's level
    text = (
        "2020.02.03 04:05:06 LOG5[main]: stunnel 5.56 on x86_64-pc-linux-gnu\n"
        "2020.02.03 04:05:07 LOG3[12]: SSL_accept: Peer suddenly disconnected\n"
        "2020.02.03 04:05:08 LOG7[12]: Deallocating application specific data\n"
    )
    events = parse(text)
    assert [(utc(e.ts), e.level) for e in events] == [
        ("2020-02-03T04:05:06", "NOTICE"),
        ("2020-02-03T04:05:07", "ERROR"),
        ("2020-02-03T04:05:08", "DEBUG"),
    ]
    assert events[1].message == "SSL_accept: Peer suddenly disconnected"


def test_fluent_bits_file_output_reads_the_record_and_its_time() -> None:
    # out_file's default format, "tag: [time, {record}]": a docker json-file record keeps
    # its own time and inner line; a record with no time takes Fluent Bit's
    text = (
        'docker.var.lib.docker.containers.ab12.ab12-json.log: [1717236000.25, {"log":"2024-06-01'
        ' 10:00:00.250 UTC [1] ERROR:  relation \\"jobs\\" does not exist\\n","stream":"stderr",'
        '"time":"2024-06-01T10:00:00.250Z"}]\n'
        'app.web: [1717236005.5, {"level":"info","msg":"request done","status":503}]\n'
    )
    first, second = parse(text)
    assert (utc(first.ts), first.level) == ("2024-06-01T10:00:00", "ERROR")
    assert first.message.startswith('relation "jobs" does not exist')
    assert utc(second.ts) == "2024-06-01T10:00:05"
    assert samples(second)["http_status"] == 503.0
    assert second.fields is not None and second.fields["prefix"] == "app.web"


def test_samba_headers_give_time_and_debug_level_and_the_message_under_them() -> None:
    # lib/util/debug.c's header, the message indented under it; debug.h: DBG_ERR is 0,
    # DBG_WARNING 1, DBG_NOTICE 3, DBG_INFO 5, DBG_DEBUG 10
    text = (
        "[2022/11/04 07:08:09.123456,  0] ../../source3/smbd/server.c:1741(main)\n"
        "  smbd: bind to port 445 failed: Address already in use\n"
        "[2022/11/04 07:08:10,  1] smbd/service.c:1132(make_connection_snum)\n"
        "  printer share not found\n"
        "[2022/11/04 07:08:11.5,  3, pid=812, effective(0, 0), real(0, 0)] ../lib/x.c:9(f)\n"
        "  connection accepted\n"
    )
    events = parse(text)
    assert [(utc(e.ts), e.level, e.fmt) for e in events] == [
        ("2022-11-04T07:08:09", "ERROR", "samba"),
        ("2022-11-04T07:08:10", "WARNING", "samba"),
        ("2022-11-04T07:08:11", "NOTICE", "samba"),
    ]
    assert events[0].message == "smbd: bind to port 445 failed: Address already in use"
    assert events[0].fields is not None and events[0].fields["source"].endswith("(main)")


def test_a_request_closing_an_epoch_line_with_connect_reads_its_status() -> None:
    # a Squid custom logformat "%ts.%03tu %>a %un %rm %ru %>Hs": CONNECT is a method too
    text = (
        "1718000000.125 10.0.0.9 alice CONNECT api.example.org:443 200\n"
        "1718000001.250 10.0.0.9 alice CONNECT 127.0.0.1:853 503\n"
    )
    first, second = parse(text)
    assert samples(first)["http_status"] == 200.0
    assert (samples(second)["http_status"], second.level) == (503.0, "ERROR")
