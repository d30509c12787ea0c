"""Template files to fill in (CSV or XLSX), made in memory and written all at once.

Prefilled cells come from the database (unit names, groups such as "-29 år"), so a cell
that a spreadsheet would run as a formula is written as text: with a leading ' in CSV
and as an explicit string cell in XLSX.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

from ksui.core.spreadsheet import guard_cell
from ksui.exporters.atomic import write_atomic

SUFFIXES = (".xlsx", ".csv")


def render_template(
    suffix: str, title: str, headers: Sequence[str], rows: Sequence[Sequence[str]]
) -> bytes:
    """The template's bytes for a file ending in ``suffix`` (.xlsx or .csv)."""
    suffix = suffix.lower()
    if suffix == ".csv":
        return _csv(headers, rows)
    if suffix == ".xlsx":
        return _xlsx(title, headers, rows)
    raise ValueError(f"mallen måste sluta på {' eller '.join(SUFFIXES)}, inte {suffix!r}")


def write_template(
    path: Path, title: str, headers: Sequence[str], rows: Sequence[Sequence[str]]
) -> int:
    """Write the template to ``path`` atomically; returns the number of prefilled rows."""
    write_atomic(path, render_template(path.suffix, title, headers, rows))
    return len(rows)


def _csv(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> bytes:
    """Semicolon-separated UTF-8 with a BOM, as Swedish Excel opens it without asking."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=";")
    writer.writerow([guard_cell(h) for h in headers])
    writer.writerows([guard_cell(c) for c in row] for row in rows)
    return out.getvalue().encode("utf-8-sig")


def _xlsx(title: str, headers: Sequence[str], rows: Sequence[Sequence[str]]) -> bytes:
    from openpyxl import Workbook  # imported here: only XLSX needs it
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    for r, values in enumerate([headers, *rows], start=1):
        for c, value in enumerate(values, start=1):
            if not value:
                continue
            cell = sheet.cell(r, c)
            cell.value = value
            # openpyxl makes any text that starts with "=" a formula; keep it text.
            cell.data_type = "s"
            if r == 1:
                cell.font = Font(bold=True)
    for index, header in enumerate(headers, start=1):
        sheet.column_dimensions[sheet.cell(1, index).column_letter].width = max(12, len(header) + 2)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
