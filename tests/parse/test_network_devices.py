"""Issue 17 (set 22): network devices' logs as an on-call engineer pastes them: Cisco's
``show logging`` buffers (IOS, IOS-XE, IOS-XR, ASA), Junos' ``show log messages`` and
MikroTik RouterOS' ``/log print``. Lines written here in the vendors' documented shapes."""

from __future__ import annotations

from tests.helpers.parsing import NOW, parse, utc

# --- the severity digit of %FACILITY-SEVERITY-MNEMONIC ------------------------------------


def test_asa_buffer_without_timestamps_takes_the_severity_digit() -> None:
    text = (
        "%ASA-6-302013: Built inbound TCP connection 811 for outside:198.51.100.4/5120\n"
        "%ASA-4-419002: Received duplicate TCP SYN from inside:10.9.8.7/443 error tolerated\n"
        "%ASA-3-710003: TCP access denied by ACL from 203.0.113.9/2210 to outside:10.0.0.1/22\n"
        "%ASA-2-106001: Inbound TCP connection denied from 192.0.2.1/80 to 10.1.1.1/1033\n"
    )
    lines = parse(text)
    assert [ln.level for ln in lines] == ["INFO", "WARNING", "ERROR", "CRITICAL"]
    assert lines[1].message.startswith("%ASA-4-419002: Received duplicate")
    assert lines[0].ts == NOW  # no time on the line: the clock's


def test_ios_sequence_number_and_markers_give_time_and_level() -> None:
    text = (
        "000101: *Nov  4 08:15:02.311: %LINK-3-UPDOWN: Interface Gi0/1, changed state to down\n"
        "000102: .Nov  4 08:15:03.004 PST: %LINEPROTO-5-UPDOWN: Line protocol on Gi0/1, down\n"
        "000103: Nov  4 08:15:09.120 UTC: %SYS-6-LOGGINGHOST_STARTSTOP: Logging to host 10.2.2.2\n"
        "000104: Nov  4 2023 08:16:00.500 UTC: %OSPF-4-ERRRCV: Received invalid packet: mismatch\n"
    )
    lines = parse(text)
    assert [(utc(ln.ts, "milliseconds"), ln.level) for ln in lines] == [
        ("2023-11-04T08:15:02.311", "ERROR"),
        ("2023-11-04T16:15:03.004", "NOTICE"),  # PST is UTC-8
        ("2023-11-04T08:15:09.120", "INFO"),
        ("2023-11-04T08:16:00.500", "WARNING"),
    ]
    assert lines[0].fmt == "cisco"
    assert lines[0].message.startswith("%LINK-3-UPDOWN: Interface Gi0/1")
    assert lines[0].fields is not None and lines[0].fields["seq"] == 101


def test_iosxr_node_prefix_process_and_code() -> None:
    text = (
        "RP/0/RSP0/CPU0:Oct 12 06:01:44.090 UTC: ifmgr[214]: %PKT_INFRA-LINK-3-UPDOWN : "
        "Interface TenGigE0/0/0/3, changed state to Down\n"
        "LC/0/1/CPU0:Oct 12 06:01:44.102 UTC: bfd_agent[131]: session to 10.4.4.4 came up\n"
        "0/RP0/CPU0:Oct 12 06:02:00.000 UTC: bgp[1052]: %ROUTING-BGP-5-ADJCHANGE : "
        "neighbor 10.4.4.4 Up (VRF: default)\n"
    )
    lines = parse(text)
    assert [(utc(ln.ts), ln.level) for ln in lines] == [
        ("2023-10-12T06:01:44", "ERROR"),
        ("2023-10-12T06:01:44", "INFO"),
        ("2023-10-12T06:02:00", "NOTICE"),
    ]
    f = lines[0].fields
    assert f is not None
    assert (f["node"], f["program"], f["pid"]) == ("RP/0/RSP0/CPU0", "ifmgr", "214")
    assert lines[1].message == "session to 10.4.4.4 came up"


def test_severity_digit_behind_a_syslog_header_junos_explicit_priority() -> None:
    text = (
        "Feb 11 09:30:01  edge-mx1 chassisd[3021]: %DAEMON-3-CHASSISD_SNMP_TRAP: "
        "SNMP trap generated: power supply failed\n"
        "Feb 11 09:30:05  edge-mx1 mgd[4410]: %INTERACT-6-UI_CMDLINE_READ_LINE: "
        "User 'ops', command 'show chassis alarms'\n"
    )
    lines = parse(text)
    assert [ln.level for ln in lines] == ["ERROR", "INFO"]


def test_a_word_in_the_message_does_not_override_the_digit() -> None:
    lines = parse(
        "%ASA-5-111008: User 'enable_15' executed the 'clear logging error counters' command\n"
    )
    assert lines[0].level == "NOTICE"


# --- show logging: the status header, the buffer, a message over several lines ------------


def test_show_logging_header_is_no_time_and_a_banner_joins_its_entry() -> None:
    text = (
        "Syslog logging: enabled (0 messages dropped, 3 messages rate-limited, 0 flushes)\n"
        "    Console logging: level debugging, 88 messages logged, xml disabled,\n"
        "                     filtering disabled\n"
        "    Buffer logging:  level debugging, 212 messages logged\n"
        "\n"
        "Log Buffer (8192 bytes):\n"
        "\n"
        "000210: Dec 30 23:59:58.100: %SYS-5-RESTART: System restarted --\n"
        "Cisco IOS Software, ISR Software (X86_64_LINUX_IOSD-UNIVERSALK9-M), Version 17.3.4\n"
        "Copyright (c) 1986-2021 by Cisco Systems, Inc.\n"
        "Compiled Wed 14-Jul-21 10:02 by mcpre\n"
        "000211: Jan  1 00:00:04.200: %SNMP-5-COLDSTART: SNMP agent on host br-7 cold start\n"
    )
    lines = parse(text)
    timed = [ln for ln in lines if ln.fmt == "cisco"]
    assert [utc(ln.ts) for ln in timed] == ["2023-12-30T23:59:58", "2024-01-01T00:00:04"]
    assert "Compiled Wed 14-Jul-21 10:02 by mcpre" in timed[0].detail
    assert min(ln.ts for ln in lines) == timed[0].ts  # the header waits for the first time


# --- Junos: show log messages, indented under the command --------------------------------


def test_junos_show_log_indented_after_a_blank_first_line() -> None:
    text = (
        "\n"
        "    show log messages\n"
        "    Apr 22 03:10:11 core-sw2 rpd[1822]: bgp_read_message: peer 10.0.0.9 reset\n"
        "    Apr 22 03:10:12  core-sw2 chassisd[1601]: CHASSISD_FRU_OFFLINE_NOTICE: FPC 1\n"
    )
    lines = parse(text)
    timed = [ln for ln in lines if ln.fmt == "syslog"]
    assert [utc(ln.ts) for ln in timed] == ["2024-04-22T03:10:11", "2024-04-22T03:10:12"]
    assert timed[1].fields is not None and timed[1].fields["program"] == "chassisd"


# --- MikroTik RouterOS: log print and log print detail ------------------------------------


def test_routeros_print_detail_time_topics_message() -> None:
    text = (
        ' time=nov/02 21:40:10 topics=system,info,account message="user ops logged in via ssh"\n'
        "\n"
        ' time=nov/02 21:41:00 topics=interface,warning message="ether4 excessive collisions"\n'
        "\n"
        ' 7 time=nov/03/2023 01:00:00 topics=system,error,critical message="login failure"\n'
    )
    lines = parse(text)
    assert [(utc(ln.ts), ln.level) for ln in lines if ln.message] == [
        ("2023-11-02T21:40:10", "INFO"),
        ("2023-11-02T21:41:00", "WARNING"),
        ("2023-11-03T01:00:00", "CRITICAL"),
    ]
    first = lines[0]
    assert first.message == "user ops logged in via ssh"
    assert first.fields is not None and first.fields["topics"] == "system,info,account"


def test_routeros_log_print_columns() -> None:
    text = (
        "feb/14 07:00:01 system,info router rebooted\n"
        "feb/14 07:00:09 dhcp,warning dhcp-client on ether1 lost IP address\n"
    )
    lines = parse(text)
    assert [(utc(ln.ts), ln.level, ln.message) for ln in lines] == [
        ("2024-02-14T07:00:01", "INFO", "router rebooted"),
        ("2024-02-14T07:00:09", "WARNING", "dhcp-client on ether1 lost IP address"),
    ]


def test_junos_inetd_exit_status_is_no_http_status() -> None:
    line = "Jun  3 11:20:41  access-3 inetd[1402]: /usr/sbin/sshd[6671]: exited, status 255\n"
    (entry,) = parse(line)
    assert entry.fields is None or "status" not in entry.fields
    assert not entry.samples


def test_iosxr_code_with_a_subfacility_in_lower_case() -> None:
    text = (
        "RP/0/RSP1/CPU0:May 30 17:45:12.500 UTC: exec[65841]: %MGBL-exec-3-LOGIN_AUTHEN : "
        "Login Authentication failed. Exiting...\n"
    )
    assert parse(text)[0].level == "ERROR"


def test_sequence_numbers_without_timestamps() -> None:
    text = (
        "000311: %LINK-3-UPDOWN: Interface Serial0/1, changed state to down\n"
        "000312: %LINEPROTO-5-UPDOWN: Line protocol on Interface Serial0/1, down\n"
    )
    lines = parse(text)
    assert [(ln.level, ln.fmt) for ln in lines] == [("ERROR", "cisco"), ("NOTICE", "cisco")]
    assert lines[1].fields == {"seq": 312}
