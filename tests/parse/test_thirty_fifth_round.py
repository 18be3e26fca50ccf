"""Session 35's sets: shapes written here after the real files named beside each test."""

from __future__ import annotations

from tests.helpers.parsing import parse, samples, utc


def test_go_test_json_elapsed_is_seconds() -> None:
    # `go test -json` (test2json's TestEvent): a test's and a package's Elapsed in float
    # seconds; Serilog's request Elapsed stays milliseconds
    text = (
        '{"Time":"2024-03-01T10:00:00.22Z","Action":"pass","Package":"example.com/pkg",'
        '"Test":"TestFoo","Elapsed":0.1}\n'
        '{"Time":"2024-03-01T10:00:00.3Z","Action":"fail","Package":"example.com/pkg",'
        '"Elapsed":1.25}\n'
        '{"@t":"2024-03-01T10:00:01Z","RequestPath":"/x","StatusCode":200,"Elapsed":12.5}\n'
    )
    test, package, request = parse(text)
    assert samples(test) == {"elapsed_ms": 100.0}
    assert samples(package) == {"elapsed_ms": 1250.0}
    assert samples(request)["elapsed_ms"] == 12.5


def test_go_test_lines_behind_a_ci_runners_time_keep_their_verdicts_and_times() -> None:
    # a GitHub Actions raw job log of `go test -v`: the runner's time (seven digits, Z), then
    # go test's own line
    text = (
        "2024-03-01T10:00:00.1234567Z === RUN   TestFoo\n"
        "2024-03-01T10:00:00.3234567Z --- FAIL: TestFoo (1.50s)\n"
        "2024-03-01T10:00:00.5234567Z FAIL\texample.com/pkg\t1.234s\n"
        "2024-03-01T10:00:00.6234567Z FAILED to download module\n"
    )
    run, verdict, package, other = parse(text)
    assert utc(run.ts) == "2024-03-01T10:00:00" and run.level == "INFO"
    assert verdict.level == "ERROR" and samples(verdict) == {"task_ms": 1500.0}
    assert utc(verdict.ts, "milliseconds") == "2024-03-01T10:00:00.323"
    assert package.level == "ERROR" and samples(package) == {"run_ms": 1234.0}
    assert other.fmt != "go-test" and not samples(other)


def test_vllm_heads_with_no_message_do_not_stop_the_parse() -> None:
    # vLLM's banner (set 364): its head with nothing after it opens and closes the ASCII art;
    # a blank message continuing the same head used to raise IndexError
    head = "(APIServer pid=23283) INFO 08-01 20:59:09 [api_utils.py:339] "
    text = f"{head}\n{head}  version 0.25.1\n{head}\n{head}\n"
    entries = parse(text)
    assert entries and all(e.level == "INFO" for e in entries)
    assert any("version 0.25.1" in e.message for e in entries)


def test_jupyter_letters_are_levels() -> None:
    # JupyterHub with its proxy and the single-user server (set 364): traitlets' LogFormatter,
    # the letter, an ISO date, the logger (JupyterHub's module and line too)
    text = (
        "[C 2025-08-05 20:55:30.052 ServerApp] received signal 15, stopping\n"
        "[E 2025-08-05 20:55:30.200 JupyterHub app:3502] Failed to stop user: ''\n"
        "[I 2025-08-05 20:54:33,497 configurable_http_proxy] 201 POST /api/routes/\n"
        "[W 2025-08-05 20:54:40,258 tornado.access] 403 POST /x/api/cleanup (192.168.99.63) "
        "43.34ms\n"
        "[I 2025-08-05 20:54:40.220 JupyterHub log:192] 302 GET /user/bdx/lab -> "
        "/hub/user/bdx/lab (@192.168.99.63) 0.90ms\n"
    )
    crit, err, proxy, access, redirect = parse(text)
    assert (crit.level, err.level, proxy.level, access.level) == (
        "CRITICAL",
        "ERROR",
        "INFO",
        "WARNING",
    )
    assert crit.message == "received signal 15, stopping"
    assert (err.fields or {})["module"] == "app"
    assert utc(err.ts, "milliseconds") == "2025-08-05T20:55:30.200"
    assert samples(access) == {"http_status": 403, "response_time_ms": 43.34}
    # JupyterHub names a redirect's target between the URI and the client
    assert samples(redirect) == {"http_status": 302, "response_time_ms": 0.9}


def test_torchserve_access_line_from_an_ipv6_peer_is_timed() -> None:
    # TorchServe's access_log.log (set 364): Netty's peer in brackets with its scope
    text = (
        '2024-08-13T01:39:14,943 - /[0:0:0:0:0:0:0:1%0]:62885 "POST /predictions/m '
        'HTTP/1.1" 503 1206\n'
    )
    (line,) = parse(text)
    assert samples(line) == {"http_status": 503, "request_time_ms": 1206.0}


def test_an_inference_servers_model_readiness_is_no_work_done() -> None:
    # vLLM's engine start-up (set 364): compiling, profiling, warming up, loading its graphs
    head = "(EngineCore pid=23397) INFO 08-01 20:59:30 [monitor.py:53] "
    text = "".join(
        f"{head}{m}\n"
        for m in (
            "torch.compile took 3.48 s in total",
            "Initial profiling/warmup run took 629.28 s",
            "init engine (profile, create kv cache, warmup model) took 867.33 s",
            "Directly load the compiled graph(s) for compile range (1, 2048) from the cache, "
            "took 0.987 s",
        )
    )
    assert all(not samples(e) for e in parse(text))


def test_strapis_request_lines_are_served_requests_and_its_banner_gives_no_time() -> None:
    # `strapi develop` (set 365): winston's "[time] level: message", the request logger's
    # "METHOD url (N ms) status"; the banner's box shows the start's time as data
    text = (
        "[2026-01-20 12:24:28.327] \x1b[33mwarn\x1b[39m: deprecated option\n"
        "\x1b[90m│\x1b[39m Time               \x1b[90m│\x1b[39m Tue Jan 20 2026 12:24:31 "
        "GMT+0100 (Central Euro… \x1b[90m│\x1b[39m\n"
        "[2026-01-20 12:24:46.337] \x1b[32mhttp\x1b[39m: POST /api/auth/local (112 ms) 200\n"
        "[2026-01-20 12:24:47.001] \x1b[32mhttp\x1b[39m: GET /api/invoices?populate=* (25 ms) 500\n"
    )
    entries = parse(text)
    assert min(utc(e.ts) for e in entries) == "2026-01-20T12:24:28"
    ok, failed = entries[-2:]
    assert samples(ok) == {"http_status": 200, "response_time_ms": 112.0}
    assert samples(failed)["http_status"] == 500 and failed.level == "ERROR"


def test_a_python_exceptions_message_goes_on_after_its_traceback() -> None:
    # Odoo's ParseError (set 360): the exception's line closes the frames, its message's
    # other lines (an "Error ..." among them) after it, up to the next record
    text = (
        "2024-09-03 21:58:07,127 41498 ERROR odoofinal odoo.modules.registry: Failed to load "
        "registry\n"
        "Traceback (most recent call last):\n"
        '  File "/odoo/tools/convert.py", line 698, in _tag_root\n'
        "    f(rec)\n"
        "odoo.tools.convert.ParseError: while parsing /x/views/pivot_view.xml:2\n"
        "Error while validating view near:\n"
        "\n"
        '                <field name="invoice_id" type="col"/>\n'
        'Field "customer_id" does not exist in model "client.app.payment"\n'
        "2024-09-03 21:58:07,132 41498 INFO odoofinal odoo.modules.loading: loading 1 "
        "modules...\n"
    )
    error, info = parse(text)
    assert error.level == "ERROR" and info.level == "INFO"
