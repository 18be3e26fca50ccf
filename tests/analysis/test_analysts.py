import subprocess
import sys

from console import events as ev
from console.analysis.analysts import analyse_deploys, analyse_logs, burn_rate, normalise


def test_normalise_blanks_variable_parts() -> None:
    assert normalise("Order ORD-1234 processed in 87ms") == "Order <id> processed in <n>ms"
    assert normalise("LATENCY SPIKE - Query took 2100ms+") == "LATENCY SPIKE - Query took <n>ms+"
    assert normalise("user 'alice' id 3f2a9c1e-0000-4000-8000-1234567890ab failed") == (
        'user "<s>" id <id> failed'
    )
    assert normalise("pool_available: -3") == normalise("pool_available: 7")


def test_patterns_share_and_common_fields() -> None:
    lines: list[ev.Event] = []
    for i in range(100):
        if i % 5 == 0:
            lines.append(
                ev.LogLine(
                    ts=float(i),
                    level="ERROR",
                    fmt="json",
                    message=f"timeout after {1000 + i}ms",
                    fields={"pool_available": -3, "pod": f"p{i % 3}", "flagged": True},
                )
            )
        else:
            lines.append(ev.LogLine(ts=float(i), level="INFO", fmt="json", message="ok"))
    found = analyse_logs(lines)
    assert found.errors == 20 and found.service_lines == 100
    (p,) = found.patterns
    assert p.pattern == "timeout after <n>ms"
    assert p.count == 20 and p.first_at == 0.0 and p.last_at == 95.0
    assert p.share_pct is not None and 19 <= p.share_pct <= 21
    assert p.common_fields == {"pool_available": -3, "flagged": True}  # pod varies


def test_change_event_lines_are_not_service_logs() -> None:
    line = ev.LogLine(
        ts=1.0,
        level="INFO",
        fmt="json",
        message="{...}",
        fields={"kind": "deployment", "service": "x"},
    )
    assert analyse_logs([line]).lines == 0


def test_burn_rate_multiwindow() -> None:
    # 1 % SLO. 25 min at 40 % after 35 min at 0.5 %: both windows burn ≥ 14.4×, it pages.
    errors = [(60.0 * i, 0.5) for i in range(35)] + [(60.0 * i, 40.0) for i in range(35, 60)]
    b = burn_rate(errors, 1.0)
    assert b.short == 40.0
    assert b.long is not None and 14.4 <= b.long < 40
    assert b.fast_burn
    # Only 10 min of it: the 5-minute window burns fast, the hour does not yet.
    brief = [(60.0 * i, 0.5) for i in range(50)] + [(60.0 * i, 40.0) for i in range(50, 60)]
    b = burn_rate(brief, 1.0)
    assert b.short == 40.0 and b.long is not None and b.long < 14.4
    assert not b.fast_burn
    calm = burn_rate([(60.0 * i, 0.5) for i in range(60)], 1.0)
    assert calm.short == 0.5 and not calm.fast_burn


def test_deploy_metadata_is_not_a_config_change() -> None:
    d = analyse_deploys(
        [
            ev.Deployment(
                ts=1.0, service="s", version="v2", environment="green", changes={"replicas": 3}
            ),
            ev.ConfigChange(
                ts=2.0,
                changes={
                    "db_pool_size": {"before": 10, "after": 5},
                    "unchanged": {"before": 1, "after": 1},
                },
            ),
        ]
    )
    assert d.changes[0].changes == {}
    assert d.replicas == {"green": 3}
    assert d.changes[1].changes == {"db_pool_size": {"before": 10, "after": 5}}


def test_core_imports_without_textual() -> None:
    code = (
        "import sys, console.analysis, console.analysis.inputs, console.report.rca;"
        "print('textual' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
