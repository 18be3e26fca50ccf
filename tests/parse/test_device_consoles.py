"""Issue 17, set 28: embedded devices' serial consoles. ESP-IDF's log lines (``E (321) tag:
msg``: the level letter, the time since boot in ms or the system clock's time, the tag), the
ESP ROM's banner (its build date, no time of the log), Arduino-ESP32's ``[  1234][E][f.cpp:45]``
lines. Lines written here in those shapes (docs/log-formats.md, section 3)."""

from __future__ import annotations

from tests.helpers.parsing import NOW, parse, utc

ESC = "\x1b"


def _esp(letter: str, colour: str, text: str) -> str:
    """An ESP-IDF line as its console prints it: the level's colour around it."""
    if not colour:
        return f"{letter} {text}{ESC}[0m\n"
    return f"{ESC}[0;{colour}m{letter} {text}{ESC}[0m\n"


BOOT = (
    "ets Mar 14 2019 09:41:12\n"
    "\n"
    "rst:0xc (SW_CPU_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\n"
    "load:0x3fff0030,len:7104\n"
    "entry 0x40080680\n"
    + _esp("I", "32", "(29) boot: ESP-IDF v5.2.1 2nd stage bootloader")
    + _esp("I", "32", "(30) boot: compile time Apr  2 2024 16:20:05")
    + _esp("E", "31", "(74) flash_parts: partition 3 invalid magic number 0xffff")
    + _esp("W", "33", "(81) boot.esp32s3: PRO CPU has been reset by WDT.")
    + _esp("I", "32", "(402) app_start: Starting scheduler on CPU0")
    + _esp("D", "", "(410) nvs: namespace 'cfg' opened")
    + _esp("V", "", "(411) nvs: reading key 'ssid'")
    + "I (620) wifi:mode : sta (7c:df:a1:00:11:22)\n"
    + _esp("E", "31", "(5120) mqtt_client: connect to broker failed: -0x7280")
)


def test_esp_idf_letters_are_levels_and_its_uptime_no_clock_time() -> None:
    lines = parse(BOOT)
    esp = [ln for ln in lines if ln.fmt == "esp-idf"]
    assert [ln.level for ln in esp] == [
        "INFO",
        "INFO",
        "ERROR",
        "WARNING",
        "INFO",
        "DEBUG",
        "TRACE",  # V, verbose: below debug
        "INFO",
        "ERROR",
    ]
    assert esp[2].message == "partition 3 invalid magic number 0xffff"
    assert esp[2].fields == {"tag": "flash_parts", "uptime": 0.074}
    assert esp[7].fields is not None and esp[7].fields["tag"] == "wifi"  # "wifi:msg", no space
    assert esp[7].message == "mode : sta (7c:df:a1:00:11:22)"
    # milliseconds since boot and the ROM's build date are no times of the log: the clock's
    assert {ln.ts for ln in lines} == {NOW}


def test_rom_banner_date_is_no_time_but_a_dated_line_after_it_is() -> None:
    lines = parse(
        "ets Mar 14 2019 09:41:12\n"  # ESP32's
        "ets Jan  8 2013,rst cause:2, boot mode:(3,6)\n"  # ESP8266's
        "2024-06-03 08:00:01 INFO sensor node up\n"
    )
    assert [ln.fmt for ln in lines[:2]] == ["plain", "plain"]
    assert [utc(ln.ts) for ln in lines] == ["2024-06-03T08:00:01"] * 3


def test_esp_idf_system_clock_stamps() -> None:
    lines = parse(
        _esp("I", "32", "(15) boot: ESP-IDF v5.3 2nd stage bootloader")
        + _esp("I", "32", "(1717408800500) sntp: time synchronised")
        + _esp("W", "33", "(09:40:05.120) ota: image older than running")
        + _esp("E", "31", "(24-06-03 09:40:06.001) ota: verify failed")
        + _esp("I", "32", "(70-01-01 00:00:04.200) app: clock not set yet")
    )
    assert [ln.level for ln in lines] == ["INFO", "INFO", "WARNING", "ERROR", "INFO"]
    assert [utc(ln.ts, "milliseconds") for ln in lines] == [
        "2024-06-03T10:00:00.500",  # before any time: the first one's
        "2024-06-03T10:00:00.500",  # Unix ms
        "2024-06-03T09:40:05.120",  # a time of day: the log's day
        "2024-06-03T09:40:06.001",  # YY-MM-DD
        "2024-06-03T09:40:06.001",  # 1970: the clock never set, the last time's
    ]


def test_arduino_esp32_log_lines() -> None:
    lines = parse(
        "[   812][I][WiFiGeneric.cpp:1040] _eventCallback(): STA IP: 192.168.4.20\n"
        "[  4711][E][HTTPClient.cpp:1153] connect(): failed connect to api.example.org:443\n"
        "[W][Preferences.cpp:50] begin(): nvs_open failed: NOT_FOUND\n"
        "[D][main.cpp:88] loop(): tick\n"
    )
    assert [(ln.fmt, ln.level) for ln in lines] == [
        ("arduino-esp32", "INFO"),
        ("arduino-esp32", "ERROR"),
        ("arduino-esp32", "WARNING"),
        ("arduino-esp32", "DEBUG"),
    ]
    assert lines[1].fields == {"caller": "HTTPClient.cpp:1153", "uptime": 4.711}
    assert lines[1].message == "connect(): failed connect to api.example.org:443"
    assert lines[2].fields == {"caller": "Preferences.cpp:50"}
    assert {ln.ts for ln in lines} == {NOW}


def test_prose_with_a_letter_and_parenthesis_is_no_esp_idf_line() -> None:
    lines = parse("I (really) think so\nA (12) b: c\n")
    assert [ln.fmt for ln in lines] == ["plain", "plain"]


def test_a_time_key_deep_in_a_message_is_a_field_not_the_lines_time() -> None:
    # A packet's receive time among its printed fields, past a sentence: what the message
    # talks about (a radio's debug line with no time of its own), not when it was written.
    lines = parse(
        "[Mesh] Queued reply (id=0x1a2b fr=0x07 to=0x3c, HopLim=2 Port=5 rxtime=1717408800)\n"
        "[Mesh] radio idle\n"
    )
    assert {ln.ts for ln in lines} == {NOW}
    # near the head, or after nothing but other pairs, such a key is still the line's time
    near = parse("[Mesh] rx rxtime=1717408800 from=0x07\nnode=7 port=5 ts=1717408801 msg=up\n")
    assert [utc(ln.ts) for ln in near] == ["2024-06-03T10:00:00", "2024-06-03T10:00:01"]
