"""Below the drift table: the selected unit's net cost over the years, and its comment."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Label, Sparkline, Static

from ksui.core.drift import DriftRow
from ksui.core.swedish import ORE_PER, format_amount
from ksui.render.cells import clean, plain


class DriftDetail(Horizontal):
    """A sparkline of nettokostnad per year beside the comment of the row under the cursor."""

    def compose(self) -> ComposeResult:
        """Trend on the left, comment on the right."""
        with Vertical(id="trend"):
            yield Label("", id="trend-title")
            yield Sparkline([], id="trend-spark")
            yield Label("", id="trend-range")
        yield Static("", id="comment")

    def show(self, row: DriftRow | None, comment: str, unit: str) -> None:
        """Show one unit's trend and comment."""
        title = self.query_one("#trend-title", Label)
        spark = self.query_one("#trend-spark", Sparkline)
        span = self.query_one("#trend-range", Label)
        box = self.query_one("#comment", Static)
        if row is None:
            title.update("", layout=False)
            spark.data = []
            span.update("", layout=False)
            box.update("", layout=False)
            return
        series = [(y, v) for y, v in sorted(row.net_cost.items()) if v is not None]
        if series:
            first, last = series[0], series[-1]
            years = f"{first[0]}–{last[0]}" if len(series) > 1 else str(last[0])
            title.update(f"Nettokostnad {years}", layout=False)
            low, high = format_amount(first[1], unit), format_amount(last[1], unit)
            span.update(f"{low} → {high} {unit}", layout=False)
            spark.data = [v / ORE_PER[unit] for _, v in series]
        else:
            title.update("Nettokostnad: inga år", layout=False)
            spark.data = []
            span.update("", layout=False)
        text = Text.assemble((clean(row.unit.name), "bold"))
        text.append("  (c skriver kommentar)\n" if not comment else "\n", style="dim")
        text.append_text(plain(comment) if comment else Text("Ingen kommentar.", style="dim"))
        box.update(text, layout=False)
