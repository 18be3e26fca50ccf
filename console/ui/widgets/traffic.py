"""Traffic split: the set weight (what the agent or controller asked for) and the actual one
(the measured split, when a source reports it), the request rate, and the stage plan."""

from __future__ import annotations

from textual.content import Content

from console import events as ev
from console.state import STAGE_MARKS, State, metric_key
from console.timefmt import age
from console.ui.format import DASH, bar
from console.ui.widgets.panel import SAME_INSTANT_S, STAGE_STYLES, Panel, Part


def per_second(rate: float) -> str:
    """``1507 req/s``, ``2.5 req/s``, ``0.02 req/s``: a quiet service's rate is not 0."""
    if rate >= 10 or rate == 0:
        return f"{rate:.0f} req/s"
    return f"{rate:.2g} req/s"


class TrafficPanel(Panel):
    TITLE = "Traffic"
    READS = ("traffic", "rollout", "signals")

    def draw(self, state: State) -> Content:
        green = state.green_pct
        width = max(10, self.size.width - 2)
        filled, empty = bar(green / 100.0, width)
        head: list[Part] = [
            ("set    blue ", "$text-muted"),
            (f"{100 - green:g}%", "bold"),
            ("  green ", "$text-muted"),
            (f"{green:g}%", "$success bold"),
            "\n",
            ("actual ", "$text-muted"),
        ]
        # The split's instant: when it was last set or measured. A measurement from before
        # the last change of the set weight, or a request rate from before that, is older.
        times = [t for t in (state.traffic_at, state.actual_at) if t is not None]
        instant = max(times) if times else None
        earlier: list[Part] = []
        actual, actual_at = state.actual_green_pct, state.actual_at
        if actual is None:
            head.append((f"green {DASH}", "$text-muted"))
        elif instant is not None and actual_at is not None and instant - actual_at > SAME_INSTANT_S:
            head.append((f"green {DASH}", "$text-muted"))
            earlier += ["\n", (f"{age(instant - actual_at)} earlier: ", "$text-muted italic")]
            earlier.append((f"actual green {actual:g}%", "$text-muted"))
        else:
            differs = abs(actual - green) >= 0.5
            head.append((f"green {actual:g}%", "$warning bold" if differs else "bold"))
        # The rate says whose it is: beside "actual green 10%" a bare "1507 req/s" read as
        # green's. The total when a source gives one, else green's own (an agent's "Request
        # rate: 150 req/s to green").
        scope = "" if state.metric(ev.REQUEST_RATE) is not None else "green"
        rate = state.metric(ev.REQUEST_RATE, scope)
        rate_at = state.observed.get(metric_key(ev.REQUEST_RATE, scope))
        rate_now: list[Part] = [(DASH, "$text-muted")]  # the rate of this instant, if any
        if rate is not None:
            said = f"{per_second(rate)} total" if not scope else f"green {per_second(rate)}"
            if instant is not None and rate_at is not None and instant - rate_at > SAME_INSTANT_S:
                earlier += ["\n", (f"{age(instant - rate_at)} earlier: ", "$text-muted italic")]
                earlier.append((said, "$text-muted"))
            else:
                rate_now = [(said, "$text-muted")]
                head += [("  ", ""), *rate_now]
        if not state.rollout_reported:
            # Nothing ever said a split (a service's own log, an agent yet to start): a bar
            # of blue 100% and a plan would claim a rollout nobody reported.
            # The second row is the rate alone: "actual green —" says nothing here.
            no_split = [("set    ", "$text-muted"), ("no split reported", "$text-muted italic")]
            return Content.assemble(
                *no_split, "\n", ("rate   ", "$text-muted"), *rate_now, *earlier
            )
        plan: list[Part] = []
        for pct, status in state.plan_progress():
            mark = STAGE_MARKS.get(status, "·")
            plan.append((f"{mark}{pct:g}%", STAGE_STYLES.get(status, "$text-muted")))
            plan.append(" ")
        return Content.assemble(
            *head,
            *earlier,
            "\n",
            ("█" * empty, "$primary"),  # blue share, left
            ("█" * filled, "$success"),
            "\n",
            *plan,
        )
