"""The postmortem's SVG charts: well-formed, text escaped, values on a readable axis."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from console.report.charts import render_svg
from console.report.model import Chart, Series

SVG = "{http://www.w3.org/2000/svg}"
T0 = 1_718_201_400.0


def test_a_chart_is_svg_with_its_lines_axis_and_impact_window() -> None:
    chart = Chart(
        name="latency",
        title="Latency",
        unit="ms",
        series=(
            Series("latency_avg_ms", "", ((T0, 96.0), (T0 + 600, 190.0), (T0 + 900, 97.0))),
            Series("latency_p99_ms", "green", ((T0 + 600, 640.0),)),
        ),
        shade=(T0 + 550, T0 + 700),
        span=(T0 - 60, T0 + 960),
    )
    root = ET.fromstring(render_svg(chart))
    lines = root.findall(f"{SVG}polyline")
    assert [ln.find(f"{SVG}title").text for ln in lines] == [  # type: ignore[union-attr]
        "latency_avg_ms",
        "latency_p99_ms (green)",
    ]
    labels = [t.text for t in root.findall(f"{SVG}text")]
    assert "1,000" in labels and "0" in labels  # 640 rounds the axis up to 1,000
    assert "14:09:00" in labels and "14:26:00" in labels  # the session's span, UTC
    assert root.findall(f"{SVG}circle")  # a lone sample is drawn as a dot
    shade = [r for r in root.findall(f"{SVG}rect") if r.find(f"{SVG}title") is not None]
    assert len(shade) == 1


def test_text_from_a_log_cannot_break_out_of_the_svg() -> None:
    chart = Chart(
        name="errors",
        title="Error rate",
        unit="%",
        series=(
            Series("error_rate_pct", '</title><script>alert(1)</script>"\x1b[2J\x07', ((T0, 1.0),)),
        ),
    )
    text = render_svg(chart)
    root = ET.fromstring(text)
    assert not root.findall(f".//{SVG}script") and "<script>" not in text
    assert "\x1b" not in text and "\x07" not in text  # XML forbids them; shown as ␛ ␇
    assert "␛[2J␇" in text
