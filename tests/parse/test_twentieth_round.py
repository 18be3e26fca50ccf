"""Issue 17, sets 78 to 81 (two mainstream draws, the issue's formats, structured logs): the
rules their tune halves showed. Lines written here in those shapes."""

from __future__ import annotations

from tests.helpers.parsing import parse, samples, utc


def test_a_time_said_in_prose_in_another_zone_gives_a_yearless_header_its_year_only() -> None:
    text = (
        # the header is the host's local clock; the kernel says the hardware clock's, in UTC
        "Oct 14 08:02:11 web1 kernel: [    0.61] rtc_cmos 00:01: setting system clock to "
        "2023-10-14 13:02:09 UTC (1697288529)\n"
        "Oct 14 08:02:12 web1 kernel: [    0.62] Freeing unused kernel memory: 2048K\n"
        # a field's time is the event's (Asterisk's EventTV, a CEF devUtcTime): taken whole
        'Oct 14 08:05:00 pbx asterisk[42]: Event="Hangup" EventTV="2023-10-14T10:05:00+02:00"\n'
    )
    rtc, freeing, hangup = parse(text)
    assert utc(rtc.ts) == "2023-10-14T08:02:11"
    assert utc(freeing.ts) == "2023-10-14T08:02:12"
    assert utc(hangup.ts) == "2023-10-14T08:05:00"


def test_python_http_servers_enum_status_is_its_code() -> None:
    text = (
        '10.0.0.5 - - [03/Mar/2024 09:15:02] "GET /health HTTP/1.1" 200 -\n'
        # before Python 3.11 an error the server answers itself is logged by the enum's name
        '10.0.0.5 - - [03/Mar/2024 09:15:04] "\\x16\\x03\\x01 garbage" HTTPStatus.BAD_REQUEST -\n'
        '10.0.0.5 - - [03/Mar/2024 09:15:05] "GET / HTTP/2.0" '
        "HTTPStatus.HTTP_VERSION_NOT_SUPPORTED -\n"
        '10.0.0.5 - - [03/Mar/2024 09:15:06] "GET / HTTP/1.1" HTTPStatus.NO_SUCH_NAME -\n'
    )
    ok, bad, version, unknown = parse(text)
    assert samples(ok) == {"http_status": 200.0}
    assert samples(bad) == {"http_status": 400.0} and bad.level == "WARNING"
    assert samples(version) == {"http_status": 505.0} and version.level == "ERROR"
    assert "http_status" not in samples(unknown)


def test_pumas_startup_banner_carries_its_time_and_offset() -> None:
    text = (
        "=== puma startup: 2024-02-10 09:30:00 +0530 ===\n"
        "[311] - Worker 0 (pid: 312) booted, phase: 0\n"
        'I, [2024-02-10T09:31:00.000001 #312]  INFO -- : Started GET "/" for ::1\n'
    )
    banner, booted, started = parse(text)
    assert utc(banner.ts) == "2024-02-10T04:00:00"
    assert utc(booted.ts) == "2024-02-10T04:00:00"  # the time before it
    assert utc(started.ts) == "2024-02-10T09:31:00"


def test_indented_json_records_one_closing_where_the_next_opens() -> None:
    text = (
        # Serilog's JsonFormatter, indented: "} {" between records
        "{\n"
        '  "Timestamp": "2023-05-02T10:00:00.1234567+02:00",\n'
        '  "Level": "Information",\n'
        '  "MessageTemplate": "Order {OrderId} placed by {User}",\n'
        '  "Properties": {\n'
        '    "OrderId": 77,\n'
        '    "User": "ana"\n'
        "  }\n"
        "} {\n"
        '  "Timestamp": "2023-05-02T10:00:05.0000000+02:00",\n'
        '  "Level": "Error",\n'
        '  "MessageTemplate": "Payment for {OrderId} failed",\n'
        '  "RenderedMessage": "Payment for 77 failed (card declined)",\n'
        '  "Properties": {"OrderId": 77}\n'
        "}\n"
    )
    placed, failed = parse(text)
    assert (utc(placed.ts), placed.level) == ("2023-05-02T08:00:00", "INFO")
    assert placed.message == "Order 77 placed by ana"
    assert (utc(failed.ts), failed.level) == ("2023-05-02T08:00:05", "ERROR")
    assert failed.message == "Payment for 77 failed (card declined)"


def test_a_json_records_message_of_pairs_gives_its_duration() -> None:
    text = (
        '{"@timestamp":"2024-07-01T10:00:00.000Z","level":"INFO","logger_name":"c.x.Billing",'
        '"message":"INVOICE_DONE | invoiceId=9f1 | lines=12 | duration=240ms"}\n'
        # a pair that is no time keeps the record untimed
        '{"@timestamp":"2024-07-01T10:00:01.000Z","level":"INFO","logger_name":"c.x.Billing",'
        '"message":"config loaded | retries=3 | region=eu-west-1"}\n'
    )
    done, config = parse(text)
    assert samples(done) == {"duration_ms": 240.0}
    assert samples(config) == {}


def test_kernel_result_of_none_in_parentheses_is_no_error() -> None:
    text = (
        "Jan  5 10:00:01 h kernel: [    3.1] snd_hda: Unknown symbol pci_probe_x (err 0)\n"
        "Jan  5 10:00:01 h kernel: [    3.2] Error: Driver 'pcspkr' is already registered\n"
        "Jan  5 10:00:02 h kernel: [    3.3] usb 1-1: device descriptor read/64, error -110\n"
    )
    unknown, driver, usb = parse(text)
    assert unknown.level == "INFO"
    assert driver.level == "ERROR" and usb.level == "ERROR"


def test_the_kernels_nmi_handler_time_is_a_duration() -> None:
    text = (
        "Mar  2 11:00:00 vm1 kernel: [51000.1] INFO: NMI handler (perf_event_nmi_handler) "
        "took too long to run: 3.125 msecs\n"
    )
    (nmi,) = parse(text)
    assert samples(nmi) == {"duration_ms": 3.125}
