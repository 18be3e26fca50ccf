"""Issue 17 (set 25): mail, VPN and directory servers' own lines. An LDAP server's result
code (389-DS's and OpenLDAP's ``err=0``, success) and its ``etime``; sendmail's
``delay=HH:MM:SS``; daemontools' and runit's TAI64N labels; rspamd's task summary; an SMTP
reply Exim quotes under ``C="..."``; Postfix's severity, said only by its
``warning:``/``error:`` prefix (and amavis' check time, already inside Postfix's delay=).
Lines written here in those shapes."""

from __future__ import annotations

from console.parse.measures import HTTP_STATUS
from tests.helpers.parsing import parse, samples, utc

# --- LDAP servers' access logs -----------------------------------------------------------


def test_389ds_result_err_zero_is_success_and_etime_the_duration() -> None:
    text = (
        '[03/Mar/2024:10:00:01.100200300 +0000] conn=77 op=4 SRCH base="ou=people,dc=ex" '
        'scope=2 filter="(uid=ann)" attrs=ALL\n'
        "[03/Mar/2024:10:00:01.102000000 +0000] conn=77 op=4 RESULT err=0 tag=101 nentries=1 "
        "wtime=0.000210000 optime=0.001500000 etime=0.001710000\n"
        "[03/Mar/2024:10:00:02.000000000 +0000] conn=78 op=0 RESULT err=49 tag=97 nentries=0 "
        "wtime=0.000100000 optime=0.002000000 etime=0.002100000 - Invalid credentials\n"
    )
    lines = parse(text)
    assert [ln.level for ln in lines] == ["UNKNOWN", "UNKNOWN", "ERROR"]
    assert samples(lines[0]) == {}
    # an operation the server answered: the latency panel's, as a request's time is
    assert samples(lines[1]) == {"response_time_ms": 1.71}
    assert samples(lines[2]) == {"response_time_ms": 2.1}


def test_openldap_result_etime_and_err_zero() -> None:
    text = (
        "2024-03-03T10:00:01.000000+00:00 ldap1 slapd[812]: conn=1004 op=2 SEARCH RESULT "
        "tag=101 err=0 qtime=0.000012 etime=0.000450 nentries=3 text=\n"
    )
    (line,) = parse(text)
    assert line.level == "INFO"
    assert samples(line) == {"response_time_ms": 0.45}


def test_a_level_word_as_a_key_with_zero_is_no_level() -> None:
    text = "2024-03-03 10:00:05 sync finished files=12 error=0 skipped=1\n"
    (line,) = parse(text)
    assert line.level != "ERROR"


def test_a_zero_err_in_a_json_record_without_level_is_no_error() -> None:
    text = (
        '{"time":"2024-03-03T10:00:06Z","msg":"sync done","err":0}\n'
        '{"time":"2024-03-03T10:00:07Z","msg":"sync done","err":"0"}\n'
        '{"time":"2024-03-03T10:00:08Z","msg":"sync failed","err":"disk full"}\n'
    )
    assert [ln.level for ln in parse(text)] == ["INFO", "INFO", "ERROR"]


# --- sendmail -----------------------------------------------------------------------------


def test_sendmail_delay_hh_mm_ss_is_the_duration() -> None:
    text = (
        "Feb  3 08:10:01 relay sendmail[4410]: k13AA0aa004410: from=<ann@example.org>, "
        "size=812, class=0, nrcpts=1, msgid=<x1@example.org>, proto=ESMTP, daemon=MTA, "
        "relay=mx.example.org [192.0.2.10]\n"
        "Feb  3 08:10:03 relay sendmail[4412]: k13AA0aa004410: to=<bob@example.net>, "
        "delay=00:01:02, xdelay=00:00:02, mailer=esmtp, pri=120812, "
        "relay=in.example.net. [198.51.100.4], dsn=2.0.0, stat=Sent (ok 1718 qp 12)\n"
        "Feb  3 08:10:04 relay sendmail[4413]: k12AA0aa004000: to=<cy@example.net>, "
        "delay=2+03:00:10, xdelay=00:00:30, mailer=esmtp, pri=990812, "
        "relay=in.example.net., dsn=4.0.0, stat=Deferred: Connection timed out\n"
    )
    lines = parse(text)
    assert [samples(ln) for ln in lines] == [
        {},
        {"duration_ms": 62000.0},
        {"duration_ms": (2 * 86400 + 3 * 3600 + 10) * 1000.0},
    ]


# --- TAI64N labels (daemontools' multilog, runit's svlogd -t) ----------------------------


def test_tai64n_label_is_the_time_as_tai64nlocal_gives_it() -> None:
    text = (
        "@400000006666998a1dcd6500 status: local 0/10 remote 1/20\n"
        "@40000000666699c70ee6b280 delivery 41: success: did_1+0+0/\n"
    )
    lines = parse(text)
    assert [utc(ln.ts, "milliseconds") for ln in lines] == [
        "2024-06-10T06:13:20.500",
        "2024-06-10T06:14:21.250",
    ]
    assert lines[1].message == "delivery 41: success: did_1+0+0/"


# --- rspamd -------------------------------------------------------------------------------


def test_rspamd_task_summary_real_time_is_the_duration() -> None:
    text = (
        "2024-04-02 09:00:01 #2210(normal) <5fa1c0>; task; rspamd_task_write_log: "
        "id: <a1@example.org>, qid: <B8C1>, ip: 192.0.2.7, from: <ann@example.org>, "
        "(default: F (no action): [-0.40/15.00] [DMARC_NA(0.00){example.org;}]), len: 4120, "
        "time: 48.310ms real, 12.004ms virtual, dns req: 7, digest: <0f0f>, rcpts: <b@x>\n"
        "2024-04-02 09:00:02 #2210(normal) <6fa1c1>; task; rspamd_task_write_log: "
        "id: <a2@example.org>, qid: <B8C2>, ip: 192.0.2.8, "
        "(default: T (reject): [16.10/15.00] [BAYES_SPAM(5.10)]), len: 920, time: 7.5ms\n"
    )
    lines = parse(text)
    assert [samples(ln) for ln in lines] == [{"duration_ms": 48.31}, {"duration_ms": 7.5}]


# --- Exim's SMTP confirmation -------------------------------------------------------------


def test_exim_confirmation_reply_is_no_http_status() -> None:
    text = (
        "2024-05-02 11:00:01 1rAbCd-000Xyz-12 => ann@example.net R=dnslookup T=remote_smtp "
        "H=mx.example.net [198.51.100.9] X=TLS1.3:TLS_AES_256_GCM_SHA384:256 CV=yes "
        'C="250 OK id=1rAbCe-000Qrs-7A"\n'
        "2024-05-02 11:00:02 1rAbCf-000Xyz-13 => bob@example.net R=dnslookup T=remote_smtp "
        'H=mx.example.net [198.51.100.9] C="250 2.0.0 Accepted"\n'
    )
    lines = parse(text)
    assert all(HTTP_STATUS not in samples(ln) for ln in lines)
    assert all(ln.level not in ("ERROR", "WARNING") for ln in lines)


# --- amavis, Postfix ----------------------------------------------------------------------


def test_amavis_check_time_is_not_counted_beside_postfix_delay() -> None:
    # amavis' closing "NNNN ms" is the content check inside the delay= Postfix logs for
    # handing the message to amavis: counting both would count that time twice.
    text = (
        "2024-03-05T09:00:01.000000+01:00 mx1 amavis[3021]: (03021-04) Passed CLEAN "
        "{RelayedInbound}, [192.0.2.44]:50110 [192.0.2.44] <ann@example.org> -> "
        "<bob@example.net>, Queue-ID: 4Wx1, Message-ID: <q1@example.org>, mail_id: Zx9, "
        "Hits: -1.2, size: 2210, queued_as: 4Wx2, 812 ms\n"
        "2024-03-05T09:00:01.010000+01:00 mx1 postfix/smtp[3099]: 4Wx1: to=<bob@example.net>, "
        "relay=127.0.0.1[127.0.0.1]:10024, delay=0.9, delays=0.05/0.01/0.01/0.83, dsn=2.0.0, "
        "status=sent (250 2.0.0 from MTA(smtp:[127.0.0.1]:10025): 250 2.0.0 Ok: queued as 4Wx2)\n"
    )
    lines = parse(text)
    assert [samples(ln) for ln in lines] == [{}, {"duration_ms": 900.0}]
    assert all(ln.level == "INFO" for ln in lines)


def test_postfix_level_is_its_prefix_not_a_word_in_a_bounce_reason() -> None:
    text = (
        "2024-03-05T09:00:03.000000+01:00 mx1 postfix/smtp[3100]: 4Wx3: to=<c@example.com>, "
        "relay=none, delay=0.4, delays=0.1/0/0.3/0, dsn=5.4.4, status=bounced (Host or "
        "domain name not found. Name service error for name=example.com type=MX)\n"
        "2024-03-05T09:00:04.000000+01:00 mx1 postfix/smtpd[3101]: warning: hostname "
        "x.example.com does not resolve to address 192.0.2.99\n"
        "2024-03-05T09:00:05.000000+01:00 mx1 postfix/qmgr[3102]: error: open database "
        "/etc/postfix/transport.db: No such file or directory\n"
        "2024-03-05T09:00:06.000000+01:00 mx1 postfix/master[3103]: fatal: bind 0.0.0.0 "
        "port 25: Address already in use\n"
        "2024-03-05T09:00:07.000000+01:00 mx1 postfix/cleanup[3104]: 4Wx4: warning: header "
        "Subject: Invoice overdue from unknown[192.0.2.50]; from=<a@example.com> "
        "to=<b@example.net> proto=ESMTP helo=<x>\n"
        "2024-03-05T09:00:08.000000+01:00 mx1 postfix/smtpd[3105]: NOQUEUE: reject: RCPT "
        "from unknown[192.0.2.51]: 554 5.7.1 <b@example.net>: Relay access denied; "
        "from=<a@example.com> to=<b@example.net> proto=ESMTP helo=<x>\n"
    )
    lines = parse(text)
    assert [ln.level for ln in lines] == ["INFO", "WARNING", "ERROR", "FATAL", "WARNING", "INFO"]
    assert samples(lines[0]) == {"duration_ms": 400.0}


def test_an_etime_that_is_a_whole_number_is_no_duration() -> None:
    # an epoch end time beside its start: no 54-year duration
    text = '{"level":"info","msg":"job done","stime":1715851000,"etime":1715851418}\n'
    (line,) = parse(text)
    assert "duration_ms" not in samples(line)
