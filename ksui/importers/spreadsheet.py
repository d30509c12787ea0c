"""CSV and XLSX import of drift, investments and sick leave, with Swedish headers.

Controllers keep figures in spreadsheets; a template from `ksui template` names the
columns, and an import writes every row in one transaction or, on the first bad cell,
nothing at all, naming the file, the line and the text it could not read.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from ksui.core.periods import PeriodError, parse_period
from ksui.core.spreadsheet import unguard_cell
from ksui.core.swedish import ORE_PER, NumberError, parse_amount, parse_decimal
from ksui.importers.errors import ImportFileError
from ksui.store import import_support as lookup
from ksui.store.db import Store, Tx
from ksui.store.lookups import leaf_units

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class TemplateColumn:
    """One column of a template: its key in code and its Swedish header."""

    key: str
    header: str
    required: bool = False
    aliases: tuple[str, ...] = ()


SPECS: dict[str, tuple[TemplateColumn, ...]] = {
    "drift": (
        TemplateColumn("unit", "Enhet", True, ("kod", "enhetskod", "ansvar", "kostnadsställe")),
        TemplateColumn("year", "År"),
        TemplateColumn("period", "Period", aliases=("uppföljning",)),
        TemplateColumn("budget", "Budget (tkr)", aliases=("nämndbidrag", "kommunbidrag")),
        TemplateColumn("budget_ytd", "Periodiserad budget (tkr)"),
        TemplateColumn("forecast", "Prognos (tkr)", aliases=("helårsprognos",)),
        TemplateColumn("actual", "Utfall (tkr)", aliases=("bokslut",)),
        TemplateColumn("comment", "Kommentar"),
    ),
    "investeringar": (
        TemplateColumn("category", "Kategori", True),
        TemplateColumn("project", "Projekt", True),
        TemplateColumn("year", "År"),
        TemplateColumn("period", "Period", aliases=("uppföljning",)),
        TemplateColumn("appropriation", "Anslag (tkr)"),
        TemplateColumn("spent", "Utfall (tkr)", aliases=("ack. utfall", "ack utfall")),
        TemplateColumn("status", "Status"),
        TemplateColumn("comment", "Kommentar"),
    ),
    "personal": (
        TemplateColumn("measure", "Mått", True),
        TemplateColumn("group", "Grupp", True),
        TemplateColumn("year", "År"),
        TemplateColumn("scope", "Omfattning"),
        TemplateColumn("rate", "Procent", True, ("sjuktal", "andel")),
    ),
}
KIND_ALIASES = {
    "drift": "drift",
    "investeringar": "investeringar",
    "investments": "investeringar",
    "personal": "personal",
    "personnel": "personal",
}


@dataclass
class SpreadsheetResult:
    """What an import did, for the summary printed at the end."""

    kind: str
    rows: int = 0
    figures: int = 0
    #: The change set the import wrote (None when the file changed nothing), for undo.
    changeset_id: int | None = None
    created: list[str] = field(default_factory=list)
    comments: int = 0


def describe(result: SpreadsheetResult, name: str) -> list[str]:
    """Swedish summary lines after an import, the same in the CLI and the TUI."""

    def count(n: int, one: str, many: str) -> str:
        return f"{n} {one if n == 1 else many}"

    lines = [
        f"Importerade {count(result.rows, 'rad', 'rader')} från {name}: "
        f"{count(result.figures, 'värde', 'värden')}, "
        f"{count(result.comments, 'kommentar', 'kommentarer')}."
    ]
    if result.created:
        lines.append("Nya projekt: " + ", ".join(result.created))
    return lines


@dataclass(frozen=True)
class Row:
    """A data row with its line number in the file, for error messages."""

    line: int
    cells: dict[str, str]
    raw: str


def _normalise(header: str) -> tuple[str, str | None]:
    """'Budget (tkr)' -> ('budget', 'tkr'); the unit in brackets scales the column."""
    match = re.match(r"^\s*(.*?)\s*(?:\((kr|tkr|mkr)\))?\s*$", header, re.IGNORECASE)
    name = (match.group(1) if match else header).strip().lower()
    unit = match.group(2).lower() if match and match.group(2) else None
    return name, unit


def _cell_text(value: Any) -> str:
    """A spreadsheet cell as text: Excel numbers become exact decimal strings."""
    if value is None:
        return ""
    if isinstance(value, float):
        if not math.isfinite(value):
            return repr(value)
        # repr gives the shortest exact form; Decimal spells 1e+20 out without the exponent.
        text = format(Decimal(repr(value)), "f")
        return text[:-2] if text.endswith(".0") else text.replace(".", ",")
    return str(value).strip()


def read_table(path: Path) -> tuple[list[str], list[Row]]:
    """Read the header and rows of a CSV (UTF-8 or Windows-1252, ; , or tab) or XLSX file."""
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return _read_xlsx(path)
    return _read_csv(path)


def _read_csv(path: Path) -> tuple[list[str], list[Row]]:
    """Read a CSV file; each row keeps the physical line its record starts on."""
    source = str(path)
    raw = path.read_bytes()
    if b"\x00" in raw[:4096]:
        raise ImportFileError(source, None, "", "är ingen textfil (CSV); spara som CSV eller XLSX")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    # The lines exactly as the csv module counts them (\n, \r\n or \r): str.splitlines would
    # also split on \x0c or U+2028 inside a cell and put every later line number off.
    lines = io.StringIO(text, newline="").readlines()
    if not lines:
        raise ImportFileError(source, None, "", "filen är tom")
    sample = "".join(lines[:20])
    try:
        sniffed: Any = csv.Sniffer().sniff(sample, delimiters=";,\t")
        sep, skip = sniffed.delimiter, sniffed.skipinitialspace
    except csv.Error:
        sep, skip = (";" if ";" in lines[0] else ","), False

    class dialect(csv.excel):  # a local dialect; csv.excel itself is never changed
        # Only the delimiter is guessed: the sniffer would take the ' that guards a cell
        # against formulas (see guard_cell) for a quote character.
        delimiter = sep
        skipinitialspace = skip

    reader = csv.reader(lines, dialect)
    records: list[tuple[int, list[str], str]] = []
    start = 1
    try:
        for record in reader:
            shown = " ⏎ ".join(line.rstrip("\r\n") for line in lines[start - 1 : reader.line_num])
            records.append((start, [unguard_cell(cell) for cell in record], shown))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise ImportFileError(source, start, "", f"trasig CSV ({exc})") from None
    header = records[0][1] if records else []
    rows = []
    for number, record, shown in records[1:]:
        if not any(cell.strip() for cell in record):
            continue
        rows.append(
            Row(number, dict(enumerate_cells(header, record, source, number, shown)), shown)
        )
    return header, rows


def enumerate_cells(
    header: list[str], record: list[str], source: str, line: int, raw: str
) -> Iterable[tuple[str, str]]:
    """Pair a record's cells with the header, refusing a row with too many cells."""
    if len(record) > len(header) and any(c.strip() for c in record[len(header) :]):
        raise ImportFileError(
            source, line, raw, f"raden har {len(record)} celler men rubriken bara {len(header)}"
        )
    for index, name in enumerate(header):
        yield name, record[index].strip() if index < len(record) else ""


def _read_xlsx(path: Path) -> tuple[list[str], list[Row]]:
    from openpyxl import load_workbook  # imported here: only XLSX needs it

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise ImportFileError(str(path), None, "", f"kan inte läsas som XLSX ({exc})") from None
    try:
        # read_only parses the sheet lazily, so a broken sheet fails here, not on load.
        sheet = book.worksheets[0]
        records = [[_cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    except Exception as exc:  # zip, XML and value errors alike mean a broken file
        raise ImportFileError(str(path), None, "", f"arket kan inte läsas ({exc})") from None
    finally:
        book.close()
    if not records:
        raise ImportFileError(str(path), None, "", "arket är tomt")
    header = records[0]
    while header and not header[-1]:
        header = header[:-1]
    rows = []
    for number, record in enumerate(records[1:], start=2):
        if not any(record):
            continue
        raw = " | ".join(record)
        rows.append(Row(number, dict(enumerate_cells(header, record, str(path), number, raw)), raw))
    return header, rows


def _map_header(header: list[str], kind: str, source: str) -> dict[str, tuple[str, str | None]]:
    """Match the file's headers to the template's columns: key -> (header text, unit)."""
    spec = SPECS[kind]
    found: dict[str, tuple[str, str | None]] = {}
    for text in header:
        name, unit = _normalise(text)
        if not name:
            continue
        for column in spec:
            names = {_normalise(column.header)[0], column.key, *column.aliases}
            if name in names:
                found[column.key] = (text, unit)
                break
        else:
            known = ", ".join(c.header for c in spec)
            raise ImportFileError(source, 1, text, f"okänd kolumn; kända är {known}")
    missing = [c.header for c in spec if c.required and c.key not in found]
    if missing:
        raise ImportFileError(source, 1, "", f"kolumn saknas: {', '.join(missing)}")
    return found


class _RowReader:
    """Typed access to one row's cells, with errors that point at the line and the text."""

    def __init__(
        self,
        source: str,
        row: Row,
        columns: dict[str, tuple[str, str | None]],
        default_unit: str,
        year: int | None,
    ) -> None:
        self.source, self.row, self.columns = source, row, columns
        self.default_unit, self.default_year = default_unit, year

    def text(self, key: str) -> str:
        if key not in self.columns:
            return ""
        return self.row.cells.get(self.columns[key][0], "")

    def fail(self, key: str, message: str) -> ImportFileError:
        header = self.columns[key][0] if key in self.columns else key
        return ImportFileError(
            self.source, self.row.line, self.row.raw, f"kolumnen »{header}«: {message}"
        )

    def amount(self, key: str) -> int | None:
        text = self.text(key)
        if not text:
            return None
        unit = self.columns[key][1] or self.default_unit
        try:
            return parse_amount(text, unit)
        except NumberError as exc:
            raise self.fail(key, str(exc)) from None

    def year(self) -> int:
        text = self.text("year")
        if not text:
            if self.default_year is None:
                raise self.fail("year", "år saknas (ange kolumnen År eller --year)")
            return self.default_year
        if not re.fullmatch(r"(19|20|21)\d\d", text.replace(",0", "")):
            raise self.fail("year", f"»{text}« är inget årtal")
        return int(text.replace(",0", ""))

    def period(self) -> str:
        text = self.text("period")
        if not text:
            return "bokslut"
        try:
            return parse_period(text).code
        except PeriodError as exc:
            raise self.fail("period", str(exc)) from None

    def decimal(self, key: str) -> Decimal:
        try:
            return parse_decimal(self.text(key))
        except NumberError as exc:
            raise self.fail(key, str(exc)) from None


def import_table(
    store: Store,
    path: Path,
    kind: str,
    committee_id: int,
    *,
    default_unit: str = "tkr",
    year: int | None = None,
    progress: Progress | None = None,
) -> SpreadsheetResult:
    """Import one CSV/XLSX file of the given kind in one transaction (all or nothing)."""
    kind = KIND_ALIASES.get(kind, kind)
    if kind not in SPECS:
        raise ImportFileError(
            str(path), None, kind, "okänd sort; använd drift, investeringar eller personal"
        )
    if default_unit not in ORE_PER:
        raise ImportFileError(str(path), None, default_unit, "okänd enhet")
    header, rows = read_table(path)
    columns = _map_header(header, kind, str(path))
    result = SpreadsheetResult(kind)
    writer = {"drift": _drift, "investeringar": _investments, "personal": _personnel}[kind]
    with store.transaction(f"Import av {kind} från {path.name}") as tx:
        context = _Context(store, tx, committee_id)
        for index, row in enumerate(rows, start=1):
            reader = _RowReader(str(path), row, columns, default_unit, year)
            writer(context, reader, result)
            result.rows += 1
            if progress is not None and (index % 500 == 0 or index == len(rows)):
                progress(index, len(rows))
        result.changeset_id = tx.changeset_id if tx.changes else None
    return result


@dataclass
class _Context:
    store: Store
    tx: Tx
    committee_id: int
    units: dict[str, int] | None = None

    def unit(self, reader: _RowReader) -> int:
        if self.units is None:
            self.units = {}
            for uid, code, name in lookup.units_within(self.tx, self.committee_id):
                self.units.setdefault(name.lower(), uid)
                if code:
                    self.units[str(code).lower()] = uid
        text = reader.text("unit")
        found = self.units.get(text.lower())
        if found is None:
            raise reader.fail("unit", f"okänd enhet »{text}« i nämnden (ange kod eller namn)")
        return found


def _drift(ctx: _Context, r: _RowReader, result: SpreadsheetResult) -> None:
    unit = ctx.unit(r)
    year, period = r.year(), r.period()
    for measure in ("budget", "budget_ytd", "forecast", "actual"):
        amount = r.amount(measure)
        if amount is not None:
            ctx.tx.upsert(
                "drift_figure",
                {"unit_id": unit, "year": year, "period": period, "measure": measure},
                {"amount": amount},
            )
            result.figures += 1
    _comment(ctx, r, "unit", unit, year, result)


def _comment(
    ctx: _Context, r: _RowReader, entity: str, entity_id: int, year: int, result: SpreadsheetResult
) -> None:
    """The row's Kommentar, if any, as the controller's comment on the unit or project."""
    text = r.text("comment")
    if text:
        ctx.tx.upsert(
            "comment",
            {"entity": entity, "entity_id": entity_id, "field": "", "year": year},
            {"text": text},
        )
        result.comments += 1


_STATUS = {
    "pågående": "pagaende",
    "pagaende": "pagaende",
    "avslutat": "avslutat",
    "avslutad": "avslutat",
    "": "pagaende",
}


def _investments(ctx: _Context, r: _RowReader, result: SpreadsheetResult) -> None:
    name = r.text("category")
    category = lookup.category_id(ctx.tx, ctx.committee_id, name)
    if category is None:
        names = lookup.category_names(ctx.tx, ctx.committee_id)
        raise r.fail("category", f"okänd kategori »{name}«; finns: {', '.join(names) or 'inga'}")
    status = _STATUS.get(r.text("status").lower())
    if status is None:
        raise r.fail("status", f"»{r.text('status')}«: använd Pågående eller Avslutat")
    project_name = r.text("project")
    found = lookup.project_id(ctx.tx, category, project_name)
    if found is None:
        position = lookup.next_position(ctx.tx, "investment_project", "category_id", category)
        project = ctx.tx.insert(
            "investment_project",
            {"category_id": category, "name": project_name, "status": status, "position": position},
        )
        result.created.append(project_name)
    else:
        project = found
        if r.text("status"):
            ctx.tx.upsert("investment_project", {"id": project}, {"status": status})
    year, period = r.year(), r.period()
    values = {k: r.amount(k) for k in ("appropriation", "spent") if r.text(k)}
    if values:
        key = {"project_id": project, "year": year, "period": period}
        ctx.tx.upsert("investment_figure", key, values)
        result.figures += len(values)
    _comment(ctx, r, "investment_project", project, year, result)


_MEASURES = {
    "sjuktal": "total",
    "sjukfrånvaro": "total",
    "total": "total",
    "korttidsfrånvaro": "short",
    "korttid": "short",
    "short": "short",
}
_SCOPES = {
    "": "namnd",
    "nämnden": "namnd",
    "nämnd": "namnd",
    "namnd": "namnd",
    "kommunen": "kommun",
    "kommun": "kommun",
}


def _personnel(ctx: _Context, r: _RowReader, result: SpreadsheetResult) -> None:
    measure = _MEASURES.get(r.text("measure").lower())
    if measure is None:
        raise r.fail("measure", "använd Sjuktal eller Korttidsfrånvaro")
    scope = _SCOPES.get(r.text("scope").lower())
    if scope is None:
        raise r.fail("scope", "använd Nämnden eller Kommunen")
    group = r.text("group")
    kind = (
        "kon"
        if group.lower() in ("kvinnor", "män")
        else "totalt"
        if group.lower() == "totalt"
        else "alder"
    )
    rate = r.decimal("rate")
    if not Decimal(0) <= rate <= Decimal(100):
        raise r.fail("rate", f"{rate} ligger inte mellan 0 och 100 procent")
    key = {
        "committee_id": ctx.committee_id,
        "measure": measure,
        "group_name": group,
        "year": r.year(),
        "scope": scope,
    }
    existing = ctx.tx.get("sick_leave", key)
    position = (
        existing["position"]
        if existing
        else lookup.next_position(ctx.tx, "sick_leave", "committee_id", ctx.committee_id)
    )
    ctx.tx.upsert("sick_leave", key, {"group_kind": kind, "rate": str(rate), "position": position})
    result.figures += 1


def template_rows(
    store: Store | None, kind: str, committee_id: int | None, year: int | None
) -> tuple[list[str], list[list[str]]]:
    """Headers and (when a database is at hand) rows prefilled with the committee's units."""
    kind = KIND_ALIASES.get(kind, kind)
    if kind not in SPECS:
        raise ImportFileError(
            kind, None, "", "okänd sort; använd drift, investeringar eller personal"
        )
    headers = [c.header for c in SPECS[kind]]
    rows: list[list[str]] = []
    if store is not None and committee_id is not None and kind == "drift":
        for code, name in leaf_units(store, committee_id):
            rows.append([code or name, str(year or ""), "bokslut", "", "", "", "", ""])
    if store is not None and committee_id is not None and kind == "personal":
        for group in ("Kvinnor", "Män", "-29 år", "30-49 år", "50- år", "Totalt"):
            rows.append(["Sjuktal", group, str(year or ""), "Nämnden", ""])
    return headers, rows


def template_title(kind: str) -> str:
    """The sheet title of a template: the kind in Swedish, e.g. Drift or Personal."""
    return KIND_ALIASES.get(kind, kind).capitalize()
