"""Below the drift table: the selected unit's net cost over the years, its comment, where its
forecast comes from and how its budget changed during the year."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Label, Sparkline, Static

from ksui.core.drift import FORECAST_SOURCE_LABELS, DriftRow
from ksui.core.periods import BY_CODE
from ksui.core.report import BudgetChange, ReportData
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
        data = getattr(self.screen, "data", None)
        changes = data.budget_changes(row.unit.id) if isinstance(data, ReportData) else []
        for line in figure_notes(row, changes, unit):
            text.append("\n" + line, style="dim")
        box.update(text, layout=False)


def figure_notes(row: DriftRow, changes: list[BudgetChange], unit: str) -> list[str]:
    """Where the unit's forecast comes from and its budget changes, so no figure is a mystery."""
    lines = []
    if row.figures.forecast is not None and row.forecast_source:
        source = FORECAST_SOURCE_LABELS.get(row.forecast_source, row.forecast_source)
        line = f"Prognos {format_amount(row.figures.forecast, unit)} {unit}: {source}"
        if row.unallocated is not None and row.unallocated != row.figures.forecast:
            line += f", ej fördelat {format_amount(row.unallocated, unit)} {unit}"
        lines.append(line)
    if changes:
        original = format_amount(row.budget_original, unit)
        lines.append(f"Budget {format_amount(row.budget, unit)} {unit}, ursprunglig {original}:")
    for c in changes:
        who = "" if c.unit.id == row.unit.id else f"{clean(c.unit.name)} "
        why = f" – {clean(c.reason)}" if c.reason else ""
        lines.append(
            f"  {who}från {BY_CODE[c.period].label.lower()} "
            f"{format_amount(c.change, unit, signed=True)} → {format_amount(c.after, unit)}{why}"
        )
    return lines
