"""Issue 17, set 45 part B (docs/log-formats.md, sections 1, 3 and 7): cloud and PaaS
platforms' logs as their consoles and CLIs print them. Lines written here in each platform's
documented shape (none copied from a real file)."""

from __future__ import annotations

from console.parse.anytime import request_in_message
from console.parse.measures import HTTP_STATUS
from tests.helpers.parsing import parse, samples

# --- a request said as METHOD STATUS URL (gcloud's request log lines) ---


def test_method_status_url_lines_give_their_status() -> None:
    text = (
        "2024-03-02 10:00:01 GET 200 https://shop-abc123.a.run.app/catalog/index.html\n"
        "2024-03-02 10:00:02 POST 503 https://shop-abc123.a.run.app/api/cart\n"
        "2024-03-02 10:00:03 GET 404 /favicon.ico\n"
    )
    lines = parse(text)
    assert [samples(e).get(HTTP_STATUS) for e in lines] == [200.0, 503.0, 404.0]
    assert [e.level for e in lines] == ["INFO", "ERROR", "WARNING"]


def test_method_status_url_with_a_time_after_it() -> None:
    # pino-pretty's messageFormat "{method} {status} {url} ({responseTime}ms)"
    assert request_in_message("PUT 201 /api/orders/17 (42ms)") == (201, 42.0)


def test_a_number_after_a_method_word_without_a_url_is_no_status() -> None:
    assert request_in_message("GET 200 items from the cache") is None
    assert request_in_message("retrying GET 500 times") is None


# --- Heroku's router: at=info is the routing's word, the status the app's answer ---


def test_heroku_router_line_answered_5xx_is_an_error() -> None:
    text = (
        '2024-03-02T10:00:01.250000+00:00 heroku[router]: at=info method=GET path="/cart" '
        "host=shop-demo.herokuapp.com request_id=1b2c dyno=web.1 connect=1ms service=88ms "
        "status=500 bytes=1200 protocol=https\n"
        '2024-03-02T10:00:02.250000+00:00 heroku[router]: at=info method=GET path="/" '
        "host=shop-demo.herokuapp.com request_id=1b2d dyno=web.1 connect=0ms service=12ms "
        "status=200 bytes=5120 protocol=https\n"
        '2024-03-02T10:00:03.250000+00:00 heroku[router]: at=error code=H12 desc="Request '
        'timeout" method=GET path="/slow" host=shop-demo.herokuapp.com dyno=web.1 '
        "connect=0ms service=30000ms status=503 bytes=0 protocol=https\n"
    )
    lines = parse(text)
    assert [e.level for e in lines] == ["ERROR", "INFO", "ERROR"]
    assert [samples(e).get(HTTP_STATUS) for e in lines] == [500.0, 200.0, 503.0]


def test_logfmt_router_line_answered_5xx_is_an_error() -> None:
    line = (
        "at=info method=POST path=/api/pay host=pay-demo.herokuapp.com dyno=web.2 "
        "connect=1ms service=240ms status=502 bytes=80"
    )
    (e,) = parse(line + "\n")
    assert e.level == "ERROR"


# --- Node's uncaught exception: the source line that threw is code, not a level ---


def test_node_crash_source_line_says_no_level() -> None:
    text = (
        "Mar  2 10:00:01 ip-10-0-0-7 web: node:internal/modules/cjs/loader:1080\n"
        "Mar  2 10:00:01 ip-10-0-0-7 web:   throw err;\n"
        "Mar  2 10:00:01 ip-10-0-0-7 web:   ^\n"
        "Mar  2 10:00:01 ip-10-0-0-7 web: Error: Cannot find module '/srv/app/main.js'\n"
    )
    lines = parse(text)
    assert [e.level for e in lines].count("ERROR") == 1
    assert lines[-1].level == "ERROR"


# --- a build log's [HH:MM:SS.mmm] lines (Vercel's): a message opening with "Error:" ---


def test_time_of_day_line_opening_with_error_colon_is_an_error() -> None:
    text = (
        '[08:15:02.101] Running "npm run build"\n'
        "[08:15:09.412] Failed to compile.\n"
        "[08:15:09.413] ./src/pages/cart.tsx\n"
        "[08:15:09.413] Error:   x Unexpected token `div`. Expected jsx identifier\n"
        "[08:15:09.414] Warning: the lockfile is out of date\n"
        "[08:15:09.415] Errors are printed above\n"
    )
    lines = parse(text)
    assert [e.level for e in lines] == ["INFO", "INFO", "INFO", "ERROR", "WARNING", "INFO"]
    assert lines[3].message.startswith("Error:")


# --- morgan's line with a path longer than the usual look back (fly logs' prefix) ---


def test_morgan_tiny_with_a_very_long_query_string() -> None:
    query = "&".join(f"p{i}=%2Fapp%2Fitems%2F{i:04d}abcdef" for i in range(30))
    line = (
        f"2024-03-02T10:00:01Z app[3d8e1a0b72c4] ams [info]GET /app/items?{query} 200 - - 61.250 ms"
    )
    (e,) = parse(line + "\n")
    assert samples(e).get(HTTP_STATUS) == 200.0
    assert samples(e).get("response_time_ms") == 61.25


# --- a build tool's "==> " step line: its times are the build's, no request's ---


def test_build_step_marker_lines_give_no_duration() -> None:
    text = (
        "2024-03-02T10:00:01.120000000Z ==> Uploading build...\n"
        "2024-03-02T10:00:09.500000000Z ==> Uploaded in 6.2s. Compression took 1.4s\n"
        "2024-03-02T10:00:10.000000000Z ==> Build successful\n"
        "2024-03-02T10:00:12.000000000Z Cache refresh took 40ms\n"
    )
    lines = parse(text)
    assert [samples(e) for e in lines[:3]] == [{}, {}, {}]
    assert samples(lines[3]) == {"duration_ms": 40.0}
    (plain,) = parse("==> Transferred 80MB in 9s. Extraction took 3s.\n")
    assert samples(plain) == {}
