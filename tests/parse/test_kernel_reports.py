"""Issue 17, set 30: operating systems' kernel reports. A report's opening line, in the
kernel's own wording (lib/bug.c, arch/x86/mm/fault.c, arch/x86/kernel/traps.c, KASAN,
hung_task; a BSD's or XNU's panic), is an error whatever level word it lacks; a panic dump
printed with no time (a serial console's, a debugger's) is one entry, its frames and register
lines its detail. Lines written here in those shapes (docs/log-formats.md, section 3)."""

from __future__ import annotations

from console import events as ev
from tests.helpers.parsing import parse, utc


def _errors(lines: list[ev.LogLine]) -> list[str]:
    return [ln.message for ln in lines if ln.level in ev.ERROR_LEVELS]


DMESG_NULL = (
    "[   12.501200] usb 2-1: new high-speed USB device number 3 using xhci_hcd\n"
    "[   13.044100] BUG: kernel NULL pointer dereference, address: 0000000000000018\n"
    "[   13.044180] #PF: supervisor read access in kernel mode\n"
    "[   13.044220] Oops: 0000 [#1] PREEMPT SMP NOPTI\n"
    "[   13.044300] CPU: 2 PID: 418 Comm: modprobe Tainted: G           O      6.1.0 #3\n"
    "[   13.044350] Hardware name: Example Board 2000/EB2000, BIOS 1.02 03/04/2021\n"
    "[   13.044400] RIP: 0010:frob_probe+0x2c/0x90 [frob]\n"
    "[   13.044480] Call Trace:\n"
    "[   13.044500]  <TASK>\n"
    "[   13.044520]  ? __die_body+0x1a/0x60\n"
    "[   13.044600]  really_probe+0xde/0x380\n"
    "[   13.044700] ---[ end trace 0000000000000000 ]---\n"
)


def test_a_kernel_report_opening_is_an_error_in_dmesg() -> None:
    errors = _errors(parse(DMESG_NULL))
    assert errors == [
        "BUG: kernel NULL pointer dereference, address: 0000000000000018",
        "Oops: 0000 [#1] PREEMPT SMP NOPTI",
    ]


def test_kernel_report_openings_behind_syslog_and_a_caller_id() -> None:
    text = (
        "Mar  2 08:14:01 box kernel: [drm] ring test on 0 succeeded in 1 usecs\n"
        "Mar  2 08:14:02 box kernel: general protection fault: 0000 [#1] SMP\n"
        "Mar  2 08:14:02 box kernel: RIP: 0010:[<ffffffffa01c2d10>] ring_rptr+0x30/0x34\n"
        "Mar  2 08:15:10 box kernel: BUG: KASAN: use-after-free in frob_read+0x44/0x80\n"
        "Mar  2 08:16:00 box kernel: INFO: task kworker/1:2:913 blocked for more than 120"
        " seconds.\n"
        "Mar  2 08:16:00 box kernel: INFO: lockdep is turned off.\n"
        "Mar  2 08:16:30 box kernel: traps: app[4242] general protection fault ip:4011 sp:7ff0\n"
    )
    errors = _errors(parse(text))
    assert errors == [
        "general protection fault: 0000 [#1] SMP",
        "BUG: KASAN: use-after-free in frob_read+0x44/0x80",
        "INFO: task kworker/1:2:913 blocked for more than 120 seconds.",
    ]


def test_a_kernel_report_with_a_caller_id_stamp() -> None:
    text = (
        "[    3.100200][    T1] pci 0000:00:02.0: enabling device\n"
        "[    3.200300][   T44] Unable to handle kernel paging request at virtual address dead\n"
        "[    3.200400][   T44] kernel BUG at mm/slub.c:412!\n"
    )
    lines = parse(text)
    assert _errors(lines) == [
        "[    3.200300][   T44] Unable to handle kernel paging request at virtual address dead"
    ]
    assert lines[-1].detail == ("[    3.200400][   T44] kernel BUG at mm/slub.c:412!",)


def test_words_about_bugs_are_no_report() -> None:
    text = (
        "2024-05-02 10:00:00 INFO tracker: BUG: 4412 closed as fixed\n"
        "[    1.000000] Spectre V2 : Mitigation: Retpolines\n"
        "[    1.000100] x86/fpu: Supporting XSAVE feature 0x001: 'x87 floating point registers'\n"
    )
    assert _errors(parse(text)) == []


FREEBSD_PANIC = (
    "Fatal trap 12: page fault while in kernel mode\n"
    "cpuid = 1; apic id = 01\n"
    "fault virtual address   = 0x18\n"
    "instruction pointer     = 0x20:0xffffffff80b1c2d0\n"
    "current process         = 812 (sh)\n"
    "panic: page fault\n"
    "cpuid = 1\n"
    "KDB: stack backtrace:\n"
    "db_trace_self_wrapper() at db_trace_self_wrapper+0x2b/frame 0xfffffe00004f1a30\n"
    "vpanic() at vpanic+0x17b/frame 0xfffffe00004f1a80\n"
    "panic() at panic+0x43/frame 0xfffffe00004f1ae0\n"
    "trap_fatal() at trap_fatal+0x391/frame 0xfffffe00004f1b40\n"
    "--- trap 0xc, rip = 0xffffffff80b1c2d0, rsp = 0xfffffe00004f1c10 ---\n"
    "KDB: enter: panic\n"
    "[ thread pid 812 tid 100101 ]\n"
    "Stopped at      kdb_enter+0x3b: movq    $0,kdb_why\n"
    "db> bt\n"
)


def test_an_untimed_panic_dump_is_one_entry() -> None:
    lines = parse(FREEBSD_PANIC)
    assert _errors(lines) == ["Fatal trap 12: page fault while in kernel mode"]
    assert lines[0].level == "FATAL"
    assert len(lines) == 1
    assert lines[0].detail[-1] == "db> bt"


def test_an_arm_panic_and_its_frames_no_time() -> None:
    text = (
        "Kernel panic - not syncing: softlockup: hung tasks\n"
        "CPU: 0 PID: 11 Comm: watchdog/0 Tainted: G             L  4.9.0 #1\n"
        "Hardware name: Generic DT based system\n"
        "[<c010f1b8>] (unwind_backtrace) from [<c010b9a4>] (show_stack+0x10/0x14)\n"
        "[<c0597910>] (dump_stack) from [<c05946f4>] (panic+0x98/0x218)\n"
        "[<c0594660>] (panic) from [<c00a8d68>] (watchdog_timer_fn+0x2a0/0x2a8)\n"
    )
    lines = parse(text)
    assert len(_errors(lines)) == 1
    assert len(lines) == 1


def test_a_dated_line_ends_the_panic_dump() -> None:
    text = (
        "panic(cpu 0 caller 0xffffff8000a1b2c3): Kernel trap at 0xffffff80004d5e6f, type 14\n"
        "Backtrace (CPU 0), Frame : Return Address\n"
        "0xffffff80f1e2d3c0 : 0xffffff80002a1b2c mach_kernel : _panic + 0x54\n"
        "2024-05-02 10:00:05 ERROR watchdog: host rebooted after a panic\n"
        "2024-05-02 10:00:06 INFO watchdog: services up\n"
    )
    lines = parse(text)
    assert [ln.level for ln in lines] == ["FATAL", "ERROR", "INFO"]
    assert len(lines[0].detail) == 2


def test_a_stack_frame_naming_panic_is_no_level() -> None:
    text = (
        "panic: kernel diagnostic assertion failed: file sys/kern/kern_lock.c, line 88\n"
        "Stopped at      db_enter+0x10:  popq    %rbp\n"
        "db_enter() at db_enter+0x10 sys/arch/amd64/amd64/db_interface.c:440\n"
        "panic(ffffffff82a1b2c3) at panic+0x1b2 sys/kern/subr_prf.c:202\n"
        "__assert(ffffffff82c4d5e6) at __assert+0x29 sys/kern/subr_prf.c:158\n"
        "[<c05a1b2c>] (dump_stack) from [<c05a0f00>] (panic+0xa0/0x220)\n"
        "[<c05a0e60>] (panic) from [<c00b1234>] (do_exit+0x9c4/0x9d0)\n"
    )
    assert _errors(parse(text)) == [
        "panic: kernel diagnostic assertion failed: file sys/kern/kern_lock.c, line 88"
    ]


def test_an_untimed_oops_is_one_report_up_to_its_end_trace() -> None:
    text = (
        "BUG: unable to handle kernel paging request at ffffc90000a1b000\n"
        "IP: [<ffffffff8131a2b4>] memcpy_erms+0x4/0x10\n"
        "PGD 0\n"
        "Oops: 0002 [#1] SMP\n"
        "CPU: 5 PID: 901 Comm: kworker/5:1 Not tainted 4.9.0-8-amd64 #1\n"
        "Call Trace:\n"
        " [<ffffffff8131b0c2>] ? frob_write+0x42/0x70\n"
        "---[ end trace 5f1e2d3c4b5a6978 ]---\n"
        "Error: frob device reset failed\n"
    )
    lines = parse(text)
    assert _errors(lines) == [
        "BUG: unable to handle kernel paging request at ffffc90000a1b000",
        "Error: frob device reset failed",
    ]
    assert lines[0].detail[-1] == "---[ end trace 5f1e2d3c4b5a6978 ]---"


def test_a_ctime_date_inside_a_syslog_entry_gives_the_year() -> None:
    text = (
        "Feb 11 07:20:05 node3 kernel: mce: [Hardware Error]: Machine check events logged\n"
        "Feb 11 07:20:05 node3 mcelog[812]: CPU 2 BANK 5\n"
        "Feb 11 07:20:05 node3 mcelog[812]: TIME 1486797605 Sat Feb 11 07:20:05 2017\n"
        "Feb 11 07:20:06 node3 mcelog[812]: STATUS 9c00000000010091 MCGSTATUS 0\n"
    )
    lines = parse(text)
    assert [utc(ln.ts) for ln in (lines[0], lines[-1])] == [
        "2017-02-11T07:20:05",
        "2017-02-11T07:20:06",
    ]


def test_a_negated_error_word_is_no_level() -> None:
    text = (
        "Feb 11 07:20:05 node3 mcelog[812]: Hardware event. This is not a software error.\n"
        "Feb 11 07:20:05 node3 mcelog[812]: MCA: No Error\n"
        "Feb 11 07:20:05 node3 mcelog[812]: Uncorrected error\n"
    )
    assert _errors(parse(text)) == ["Uncorrected error"]


def test_a_boot_loaders_version_banner_gives_no_time() -> None:
    text = (
        "Hit any key to stop autoboot:  0\n"
        "Barebox 2021.03.0-rc1 (Mar 02 2021 - 10:11:12 +0000) rk3399 board\n"
        "DRAM:  4 GiB\n"
    )
    lines = parse(text)
    assert {utc(ln.ts) for ln in lines} == {"2030-01-01T00:00:00"}  # the clock's: no time


def test_a_panics_time_line_dates_the_report() -> None:
    text = (
        "Fatal trap 12: page fault while in kernel mode\n"
        "cpuid = 1; apic id = 01\n"
        "panic: page fault\n"
        "cpuid = 1\n"
        "time = 1717408800\n"
        "KDB: stack backtrace:\n"
        "vpanic() at vpanic+0x17b/frame 0xfffffe00004f1a80\n"
    )
    lines = parse(text)
    assert [(utc(ln.ts), ln.level, len(ln.detail)) for ln in lines] == [
        ("2024-06-03T10:00:00", "FATAL", 6)
    ]


def test_a_stamped_report_keeps_its_lines_as_detail() -> None:
    text = (
        "[  301.100000] usb 1-1: USB disconnect, device number 4\n"
        "[  302.500100] Internal error: Oops: 17 [#1] PREEMPT SMP ARM\n"
        "[  302.500200] Modules linked in: frob(O)\n"
        "[  302.500300] CPU: 1 PID: 77 Comm: kworker/1:1 Tainted: G           O  5.10.0 #2\n"
        "[  302.500400] PC is at frob_irq+0x18/0x40 [frob]\n"
        "[  302.500500] Code: e5903000 e3530000 0a000002 (e5933004)\n"
        "[  302.500600] ---[ end trace 1a2b3c4d5e6f7081 ]---\n"
        "[  302.500700] Kernel panic - not syncing: Fatal exception in interrupt\n"
        "[  302.500800] CPU0: stopping\n"
        "[  302.500900] ---[ end Kernel panic - not syncing: Fatal exception in interrupt ]---\n"
        "[  310.000000] random: crng init done\n"
    )
    lines = parse(text)
    assert [(ln.level, len(ln.detail)) for ln in lines] == [
        ("UNKNOWN", 0),
        ("ERROR", 5),
        ("FATAL", 2),
        ("UNKNOWN", 0),
    ]


def test_a_stamped_report_lets_another_error_and_a_later_line_stand() -> None:
    text = (
        "Mar  2 08:14:02 box kernel: general protection fault: 0000 [#1] SMP\n"
        "Mar  2 08:14:02 box kernel: RIP: 0010:[<ffffffffa01c2d10>] ring_rptr+0x30/0x34\n"
        "Mar  2 08:14:02 box sshd[811]: Accepted publickey for ops from 10.0.0.5\n"
        "Mar  2 08:14:02 box kernel: Call Trace:\n"
        "Mar  2 08:14:02 box kernel: EXT4-fs error (device sda1): bad block bitmap\n"
        "Mar  2 08:14:09 box kernel: usb 1-1: new high-speed USB device number 5\n"
    )
    lines = parse(text)
    assert [(ln.message[:12], len(ln.detail)) for ln in lines] == [
        ("general prot", 1),
        ("Accepted pub", 0),
        ("Call Trace:", 0),
        ("EXT4-fs erro", 0),
        ("usb 1-1: new", 0),
    ]


def test_a_programs_oops_or_bug_is_no_kernel_report() -> None:
    text = (
        "Jun  3 10:00:07 web1 app[77]: Oops: retrying connection to db\n"
        "Jun  3 10:00:07 web1 app[77]: connected to db on attempt 2\n"
        "Jun  3 10:00:08 web1 app[77]: BUG: soft lockup in the worker pool, restarting it\n"
    )
    lines = parse(text)
    assert [(ln.level, len(ln.detail)) for ln in lines] == [("INFO", 0)] * 3


def test_a_plain_oops_or_bug_line_swallows_no_run() -> None:
    text = (
        "Oops: could not reach registry.npmjs.org, retrying\n"
        "Fetching packages...\n"
        "added 312 packages in 4s\n"
        "Done.\n"
        "BUG: expected 3 items, got 2\n"
        "test_items ... failed\n"
        "ran 14 tests\n"
    )
    lines = parse(text)
    assert _errors(lines) == []
    assert len(lines) == 7


def test_a_programs_internal_error_opens_no_report() -> None:
    text = (
        "Jun  3 10:00:07 web1 php-fpm[12]: ERROR: Internal error: upstream closed\n"
        "Jun  3 10:00:07 web1 php-fpm[12]: pool www: child 4411 exited\n"
        "Jun  3 10:00:07 web1 php-fpm[12]: pool www: child 4412 started\n"
    )
    lines = parse(text)
    assert [len(ln.detail) for ln in lines] == [0, 0, 0]


def test_the_kernels_own_openings_still_open_reports() -> None:
    text = (
        "[  410.200100] BUG: scheduling while atomic: kworker/0:1/31/0x00000002\n"
        "[  411.300100] BUG: sleeping function called from invalid context at mm/slab.h:421\n"
        "[  412.400100] Internal error: Oops - BUG: 00000000f2000800 [#1] PREEMPT SMP\n"
        "[  413.500100] Oops: general protection fault, probably for non-canonical address"
        " 0xdffffc0000000001: 0000 [#1] PREEMPT SMP KASAN NOPTI\n"
    )
    assert len(_errors(parse(text))) == 4


def test_an_untimed_panic_closes_at_its_end_line() -> None:
    text = (
        "Kernel panic - not syncing: VFS: Unable to mount root fs on unknown-block(0,0)\n"
        "CPU: 0 PID: 1 Comm: swapper/0 Not tainted 5.15.0 #1\n"
        "Call Trace:\n"
        " dump_stack_lvl+0x45/0x5b\n"
        "---[ end Kernel panic - not syncing: VFS: Unable to mount root fs ]---\n"
        "Rebooting in 10 seconds..\n"
        "U-Boot 2021.01 board rev 3\n"
    )
    lines = parse(text)
    assert [len(ln.detail) for ln in lines] == [4, 0, 0]


def test_a_stamped_report_joins_only_its_own_lines() -> None:
    text = (
        "[    2.400000] BUG: kernel NULL pointer dereference, address: 0000000000000008\n"
        "[    2.400100] #PF: supervisor read access in kernel mode\n"
        "[    2.400200] PGD 0 P4D 0\n"
        "[    2.400300] CPU: 1 PID: 90 Comm: systemd-udevd Not tainted 6.1.0 #1\n"
        "[    2.400400] RIP: 0010:frob_open+0x12/0x50 [frob]\n"
        "[    2.400500] RSP: 0018:ffffb0a1c0a3fc48 EFLAGS: 00010246\n"
        "[    2.400600] RAX: 0000000000000000 RBX: ffff9a1f03c1e000 RCX: 0000000000000000\n"
        "[    2.400700] Call Trace:\n"
        "[    2.400800]  <TASK>\n"
        "[    2.400900]  ? __die+0x1f/0x70\n"
        "[    2.401000]  do_sys_openat2+0x9b/0x160\n"
        "[    2.401100]  </TASK>\n"
        "[    2.500000] usb 1-1: new high-speed USB device number 2 using ehci-pci\n"
        "[    2.600000] ata1.00: failed command: READ FPDMA QUEUED\n"
        "[    2.700000] e1000e 0000:00:19.0 eth0: NIC Link is Down\n"
        "[    2.800000] ---[ end trace 0000000000000000 ]---\n"
    )
    lines = parse(text)
    assert [len(ln.detail) for ln in lines] == [11, 0, 0, 0, 0]
    assert lines[1].message.startswith("usb 1-1: new high-speed")
