"""Issue 17 (set 28): times that home-lab and embedded consoles state and no rule read: a
test runner's verdict line closed by the test's time (Zephyr's ztest: `` PASS - name in
0.004 seconds``, its summary's `` - FAIL - [suite.name] duration = 0.010 seconds``), a
``took N ms`` on an indented detail line of an entry (Z-Wave JS's driver log), tornado's
access line (``201 POST /upload (10.0.0.5) 43.55ms``, as Moonraker writes it too) and pip's
indented ``ERROR:`` lines. Lines written here in those shapes."""

from __future__ import annotations

from tests.helpers.parsing import parse, samples

# --- a test's verdict closed by its time ------------------------------------------------


def test_an_indented_verdict_line_is_an_entry_with_its_time() -> None:
    text = (
        "Running TESTSUITE sensors\n"
        "START - test_humidity\n"
        "[      2040] <inf> sensors: humidity 41%\n"
        " PASS - test_humidity in 0.004 seconds\n"
        "START - test_pressure\n"
        " FAIL - test_pressure in 0.012 seconds\n"
        "SUITE FAIL -  50.00% [sensors]: pass = 1, fail = 1, skip = 0, total = 2"
        " duration = 0.016 seconds\n"
        " - PASS - [sensors.test_humidity] duration = 0.004 seconds\n"
        " - FAIL - [sensors.test_pressure] duration = 0.012 seconds\n"
    )
    lines = parse(text)
    timed = [(ln.message.strip(), samples(ln).get("duration_ms")) for ln in lines if ln.samples]
    assert timed == [
        ("PASS - test_humidity in 0.004 seconds", 4.0),
        ("FAIL - test_pressure in 0.012 seconds", 12.0),
        (
            "SUITE FAIL -  50.00% [sensors]: pass = 1, fail = 1, skip = 0, total = 2"
            " duration = 0.016 seconds",
            16.0,
        ),
        ("- PASS - [sensors.test_humidity] duration = 0.004 seconds", 4.0),
        ("- FAIL - [sensors.test_pressure] duration = 0.012 seconds", 12.0),
    ]


def test_a_verdict_word_without_its_time_stays_a_detail_line() -> None:
    text = (
        "2025-02-01 10:00:00,100 INFO [selftest] running the board checks\n"
        " PASS - the flash is writable\n"
        " Failed checks: none\n"
    )
    lines = parse(text)
    assert len(lines) == 1
    assert lines[0].detail == (" PASS - the flash is writable", " Failed checks: none")
    assert lines[0].samples == ()


# --- a time on an entry's detail line ---------------------------------------------------


def test_took_on_an_indented_detail_line_is_the_entrys_duration() -> None:
    text = (
        "2025-02-01T08:15:02.410Z DRIVER « [REQ] [SendData]\n"
        "                                    callback id:            3\n"
        "                                    transmit status:        OK, took 30 ms\n"
        "                                    routing attempts:       2\n"
        "2025-02-01T08:15:02.900Z DRIVER « [REQ] [SendData]\n"
        "                                    callback id:            4\n"
        "                                    transmit status:        NoAck\n"
        "2025-02-01T08:15:03.100Z CNTRLR   [Node 007] battery report\n"
        "                                    the tamper switch took the cover off\n"
    )
    lines = parse(text)
    assert [samples(ln) for ln in lines] == [{"duration_ms": 30.0}, {}, {}]


# --- tornado's access line ----------------------------------------------------------------


def test_tornados_access_line_is_a_request_with_its_time() -> None:
    text = (
        "2025-02-01 10:00:00,400 [app.py:post()] - Processing Uploaded File: bed.cfg\n"
        "2025-02-01 10:00:00,500 [app.py:log_request()] - 201 POST /files/upload"
        " (10.0.0.9) [admin] 12.50ms\n"
        "2025-02-01 10:00:00,600 [web.py:log_exception()] - 403 DELETE /files/bed.cfg"
        " (10.0.0.9): Access to bed.cfg forbidden\n"
        "2025-02-01 10:00:00,610 [app.py:log_request()] - 403 DELETE /files/bed.cfg"
        " (10.0.0.9) [admin] 8.02ms\n"
        "[W 2025-02-01 10:00:01.123 ServerApp] 404 GET /api/nbconvert (::1) 3.10ms"
        " referer=None\n"
        "2025-02-01 10:00:02,000 [app.py:post()] - Copied 201 GET files (2 of them) 4.00ms\n"
    )
    got = [samples(ln) for ln in parse(text)]
    assert got == [
        {},
        {"http_status": 201.0, "response_time_ms": 12.5},
        {},  # the same request's warning: its status is the access line's, counted once
        {"http_status": 403.0, "response_time_ms": 8.02},
        {"http_status": 404.0, "response_time_ms": 3.1},
        {},  # no request's summary after the number
    ]


# --- pip's indented ERROR: lines ------------------------------------------------------------


def test_pips_indented_error_line_is_an_error_entry_of_its_own() -> None:
    text = (
        "Collecting https://example.org/archive/widget-2.0.zip\n"
        "  Downloading https://example.org/archive/widget-2.0.zip\n"
        "    ERROR: Command errored out with exit status 1:\n"
        "     command: /srv/venv/bin/python -c 'import setuptools' egg_info\n"
        "    Complete output (4 lines):\n"
        "    Traceback (most recent call last):\n"
        '      File "setup.py", line 12\n'
        "    SyntaxError: invalid syntax\n"
        "    ----------------------------------------\n"
        "ERROR: Command errored out with exit status 1: python setup.py egg_info\n"
    )
    lines = parse(text)
    assert [ln.level for ln in lines] == ["UNKNOWN", "ERROR", "ERROR"]
    assert lines[0].detail == ("  Downloading https://example.org/archive/widget-2.0.zip",)
    assert "Command errored out with exit status 1:" in lines[1].message
    assert lines[1].detail[-2:] == (
        "    SyntaxError: invalid syntax",
        "    ----------------------------------------",
    )


def test_an_indented_error_word_under_a_dated_entry_stays_its_detail() -> None:
    text = (
        "2025-02-01 10:00:00,100 WARN [build] step 3 printed:\n"
        "    ERROR: the cache directory is read-only\n"
    )
    lines = parse(text)
    assert len(lines) == 1
    assert lines[0].detail == ("    ERROR: the cache directory is read-only",)
