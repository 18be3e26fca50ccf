"""Issue 17, a second review of sets 82 to 85's rules: lines of other products and layouts
(and of the rules' own) they read wrongly. Lines written here in those shapes."""

from __future__ import annotations

from tests.helpers.parsing import parse, utc

FAILED = ("ERROR", "CRITICAL", "FATAL")


def test_a_kind_opening_the_message_after_a_bracketed_stamp_or_tag_keeps_its_level() -> None:
    # The kernel's uptime stamp, a SCSI disk's "[sda]": the word after them opens the message
    # (btrfs' own level word, "BTRFS error (device ...)"; sd's "Unhandled error code")
    text = (
        "Mar  5 09:10:02 nas kernel: [ 8812.301223] BTRFS error (device sdb1): bdev /dev/sdb1 "
        "errs: wr 0, rd 14, flush 0, corrupt 0, gen 0\n"
        "Mar  5 09:10:03 nas kernel: [ 8812.402001] sd 2:0:0:0: [sdb] Unhandled error code\n"
        # the same btrfs line without the stamp was read so already
        "Mar  5 09:10:04 nas kernel: BTRFS error (device sdb1): unable to fixup (regular) "
        "error at logical 1234 on dev /dev/sdb1\n"
    )
    stamped, scsi, bare = parse(text)
    assert stamped.level == scsi.level == bare.level == "ERROR"


def test_an_error_said_to_be_detected_or_of_no_kind_keeps_its_level() -> None:
    text = (
        # iwlwifi's firmware crash (IWL_ERR): an error reported as happening
        "Mar  5 09:11:00 lap kernel: [ 5001.1] iwlwifi 0000:00:14.3: Microcode SW error "
        "detected. Restarting 0x2000000.\n"
        # generic words that name no kind: the failure itself
        "2024-06-01 10:00:00 worker: fetch of feed 12 failed: Unknown error -1\n"
        "2024-06-01 10:00:01 payments: charge 42 refused with Internal error from gateway\n"
    )
    iwl, unknown, internal = parse(text)
    assert iwl.level == unknown.level == "ERROR"  # the kernel's words; an errno after it
    # a sentence's noun, whatever it calls the error (session 28: no level)
    assert internal.level not in FAILED


def test_the_rules_own_kinds_stay_no_level() -> None:
    # (as sets 82 to 85 showed) and OpenVPN's replay warning, a kind named mid-line
    text = (
        "1690191008: Client <unknown> disconnected: Protocol error.\n"
        "Sep 26 01:37:58 pi kernel: [100217.1] brcmfmac: brcmf_cfg80211_stop_ap: BRCMF_C_DOWN "
        "error -52\n"
        "Mon Jan  1 10:00:00 2024 client1/10.8.0.6:1194 AEAD Decrypt error: bad packet ID "
        "(may be a replay): [ #123 ] -- see the man page entry for --no-replay\n"
    )
    for line in parse(text):
        assert line.level not in FAILED, line.message


def test_mosquittos_disconnect_for_a_protocol_error_is_a_notice_not_an_error() -> None:
    # mosquitto 1.6 and 2.x write the reason in lower case (at NOTICE); its errors open
    # with "Error: "
    text = (
        "1710880233: New connection from 172.17.0.1:35838 on port 1883.\n"
        "1710880233: Client <unknown> disconnected due to protocol error.\n"
        '1710880234: Error: Unable to open pwfile "/etc/mosquitto/passwd".\n'
    )
    _new, proto, err = parse(text)
    assert proto.level not in FAILED
    assert err.level == "ERROR"
    # a program's own connection lost for an error, said in a sentence: no level either
    # (session 28: a sentence's common noun is no level)
    (own,) = parse(
        "2024-06-01 10:00:00 db: pool: Connection to replica disconnected due to network error\n"
    )
    assert own.level not in FAILED


def test_tsc_watch_times_in_a_twelve_hour_locale_are_the_tools_times_of_day() -> None:
    # tsc --watch writes toLocaleTimeString(): "[8:28:55 PM]" in an en-US locale
    text = (
        "[\x1b[90m8:28:55 PM\x1b[0m] Starting compilation in watch mode...\n"
        "[\x1b[90m8:28:57 PM\x1b[0m] Found 0 errors. Watching for file changes.\n"
        "[Nest] 38380  - 03/24/2026, 8:29:00 PM     LOG [NestFactory] Starting Nest "
        "application...\n"
        "[\x1b[90m12:05:30 AM\x1b[0m] File change detected. Starting incremental "
        "compilation...\n"
    )
    start, found, nest, change = parse(text)
    assert start.message == "Starting compilation in watch mode..."
    assert found.level == "INFO" and found.message.startswith("Found 0 errors")
    assert utc(nest.ts) == "2026-03-24T20:29:00"
    assert utc(change.ts) == "2026-03-25T00:05:30"  # past midnight: the next day


def test_an_agents_log_after_its_header_reads_as_before() -> None:
    text = (
        "Agent Runtime Log - Deployment\n"
        "Session ID: deploy-1\n"
        "Start Time: 2024-11-21 09:30:00 UTC\n"
        "\n"
        "[09:30:00] [INIT] Agent initialization started\n"
        "[09:30:01] Running kubectl rollout status deploy/api\n"
        "[09:30:02] [INFO] Rollout complete\n"
    )
    lines = parse(text)
    assert [e.fmt for e in lines[1:]] == ["agent"] * 3
    assert [utc(e.ts) for e in lines[1:]] == [
        "2024-11-21T09:30:00",
        "2024-11-21T09:30:01",
        "2024-11-21T09:30:02",
    ]
