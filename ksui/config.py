"""config.toml: where the database is, what to show by default, rules and key bindings.

Read with tomllib (tomli before Python 3.11) and checked key by key, so that a mistake
gives one message naming the key and its line instead of a traceback later on.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from ksui.core.assessment import AssessmentRules
from ksui.core.periods import PeriodError, parse_period
from ksui.core.records import record
from ksui.core.swedish import MAX_KRONOR

ENV_DB = "KSUI_DB"
ENV_CONFIG = "KSUI_CONFIG"
DEFAULT_DB_NAME = "ksui.sqlite"

#: The keys each table may hold; a typo ("tolerans_tkr") would otherwise pass silently.
#: [import.sie.accounts], [kolada] and [keys] map free keys to strings and are not listed.
KNOWN_KEYS: dict[str, tuple[str, ...]] = {
    "organisation": ("name", "committee"),
    "database": ("path",),
    "defaults": ("year", "period"),
    "display": ("unit", "theme"),
    "checks": ("tolerance_tkr",),
    "drift": ("threshold_tkr",),
    "assessment": ("bra_at", "ok_at", "economy_bra_pct", "economy_ok_pct"),
    "import": ("sie",),
    "import.sie": ("dimension", "project_dimension", "accounts"),
}
#: The largest tolerance that means anything: every amount is under 10^15 kr.
MAX_TOLERANCE_TKR = MAX_KRONOR // 1000


class ConfigError(Exception):
    """A config.toml that cannot be used; the message names the file, line and key."""


@record
class Config:
    """Settings with their defaults; every field is optional in the file."""

    path: Path | None = None
    database: Path = Path(DEFAULT_DB_NAME)
    organisation: str = "Södertälje kommun"
    committee: str | None = None
    year: int | None = None
    #: The period the CLI reads when none is given: defaults.period, else bokslut.
    period: str = "bokslut"
    #: The period the app opens on: defaults.period, else None (the latest with figures).
    start_period: str | None = None
    unit: str = "tkr"
    theme: str = "textual-dark"
    tolerance_ore: int = 100_000
    #: [drift] threshold_tkr: a deviation larger than this (either way) is one Drift's n
    #: jumps to; 500 tkr unless set.
    deviation_threshold_ore: int = 50_000_000
    rules: AssessmentRules = field(default_factory=AssessmentRules)
    sie_dimension: int = 1
    #: The SIE dimension whose objects are investment projects (None: not imported).
    sie_project_dimension: int | None = None
    sie_accounts: dict[str, str] = field(default_factory=dict)
    kolada: dict[str, str] = field(default_factory=dict)
    #: [kolada] jamforelse: the comparison group's Kolada kommun ids (four digits each).
    kolada_group: tuple[str, ...] = ()
    #: [kolada] kommun: the own kommun's Kolada id, when `--kommun` does not name it.
    kolada_own: str | None = None
    keys: dict[str, str] = field(default_factory=dict)


_HEADER = re.compile(r"^\s*\[+\s*([^\]]+?)\s*\]+")


def _line_of(text: str, section: str, key: str) -> int | None:
    """Find the line a key is set on, for error messages (tomllib does not report it)."""
    current = ""
    for number, line in enumerate(text.splitlines(), start=1):
        match = _HEADER.match(line)
        if match:
            current = match.group(1).replace('"', "").replace(" ", "")
            if key and current == f"{section}.{key}".strip("."):
                return number  # the key is a table of its own: [checks.extra]
            continue
        stripped = line.strip().replace('"', "").replace("'", "")
        if current == section and re.match(rf"{re.escape(key)}\s*[=.]", stripped):
            return number
    return None


class _Reader:
    """Typed access to the parsed TOML that raises ConfigError with file, line and key."""

    def __init__(self, data: dict[str, Any], text: str, path: Path) -> None:
        self.data = data
        self.text = text
        self.path = path

    def fail(self, section: str, key: str, message: str) -> ConfigError:
        """Build the one-line error a controller sees."""
        line = _line_of(self.text, section, key)
        where = f"{self.path}:{line}" if line else str(self.path)
        name = f"{section}.{key}" if section else key
        return ConfigError(f"{where}: {name}: {message}")

    def table(self, section: str) -> dict[str, Any]:
        """A [section] as a dict (empty when absent)."""
        node: dict[str, Any] = self.data
        for part in section.split(".") if section else []:
            child = node.get(part, {})
            if not isinstance(child, dict):
                raise ConfigError(f"{self.path}: [{section}] måste vara en tabell")
            node = child
        return node

    def get(self, section: str, key: str, kind: type, default: Any) -> Any:
        """One value of the expected type, or the default when the key is absent."""
        table = self.table(section)
        if key not in table:
            return default
        value = table[key]
        if kind is Decimal:
            if isinstance(value, bool) or not isinstance(value, int | float | str):
                raise self.fail(section, key, f"ska vara ett tal, inte {value!r}")
            try:
                number = Decimal(str(value))
            except InvalidOperation:
                raise self.fail(section, key, f"ska vara ett tal, inte {value!r}") from None
            if not number.is_finite():
                # TOML allows nan and inf, and 1e400 is read as inf: none is a usable limit.
                raise self.fail(section, key, f"ska vara ett ändligt tal, inte {value!r}")
            return number
        if kind is int and (isinstance(value, bool) or not isinstance(value, int)):
            raise self.fail(section, key, f"ska vara ett heltal, inte {value!r}")
        if kind is str and not isinstance(value, str):
            raise self.fail(section, key, f"ska vara en text inom citattecken, inte {value!r}")
        return value

    def check_keys(self, section: str, known: tuple[str, ...]) -> None:
        """Refuse a key the table does not have, naming its line and the closest known key."""
        for key in self.table(section):
            if key in known:
                continue
            import difflib  # only for a mistake: `ksui summary` starts without it

            close = difflib.get_close_matches(key, known, n=1)
            hint = f"menade du »{close[0]}«? " if close else ""
            raise self.fail(
                section, key, f"okänd nyckel; {hint}kända i [{section}] är {', '.join(known)}"
            )

    def strings(self, section: str, skip: tuple[str, ...] = ()) -> dict[str, str]:
        """A table of string to string (account mappings, key bindings), but ``skip``."""
        table = {k: v for k, v in self.table(section).items() if k not in skip}
        for key, value in table.items():
            if not isinstance(value, str):
                raise self.fail(section, key, f"ska vara en text inom citattecken, inte {value!r}")
        return dict(table)


def default_config_path() -> Path | None:
    """The config file to read: $KSUI_CONFIG, ./config.toml, or the user's config dir."""
    env = os.environ.get(ENV_CONFIG)
    if env:
        return Path(env)
    local = Path.cwd() / "config.toml"
    if local.exists():
        return local
    home = Path(os.environ.get("XDG_CONFIG_HOME", Path.home() / ".config")) / "ksui" / "config.toml"
    return home if home.exists() else None


def load_config(path: Path | None = None, *, db_override: str | None = None) -> Config:
    """Read and check config.toml; ``--db`` and $KSUI_DB override the database path."""
    path = path if path is not None else default_config_path()
    config = Config() if path is None else _parse(path)
    db = db_override or os.environ.get(ENV_DB)
    if db:
        config = _replace(config, database=Path(db).expanduser())
    return config


def _replace(config: Config, **changes: Any) -> Config:
    """dataclasses.replace, kept local so callers need not import dataclasses."""
    from dataclasses import replace

    return replace(config, **changes)


def _parse(path: Path) -> Config:
    """Parse one config file into a Config, checking every key it sets."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"{path}: kan inte läsas: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: är inte UTF-8-kodad") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: ogiltig TOML: {exc}") from None
    r = _Reader(data, text, path)
    known = {
        "organisation",
        "database",
        "defaults",
        "display",
        "checks",
        "drift",
        "assessment",
        "import",
        "kolada",
        "keys",
    }
    for key in data:
        if key not in known:
            line = _line_of(text, key, "") or next(
                (n for n, ln in enumerate(text.splitlines(), 1) if key in ln), None
            )
            where = f"{path}:{line}" if line else str(path)
            raise ConfigError(f"{where}: okänd nyckel »{key}«; kända är {', '.join(sorted(known))}")

    for section, keys in KNOWN_KEYS.items():
        r.check_keys(section, keys)

    db_value = r.get("database", "path", str, DEFAULT_DB_NAME)
    database = Path(db_value).expanduser()
    if not database.is_absolute():
        database = path.parent / database

    given = r.get("defaults", "period", str, None)
    try:
        start_period = None if given is None else parse_period(given).code
    except PeriodError as exc:
        raise r.fail("defaults", "period", str(exc)) from None
    period = start_period or "bokslut"
    year = r.get("defaults", "year", int, None)
    if year is not None and not 1900 <= year <= 2200:
        raise r.fail("defaults", "year", f"{year} är inget rimligt år")

    unit = r.get("display", "unit", str, "tkr")
    if unit not in ("tkr", "mkr"):
        raise r.fail("display", "unit", f'ska vara "tkr" eller "mkr", inte {unit!r}')

    tolerance = r.get("checks", "tolerance_tkr", Decimal, Decimal(1))
    if tolerance < 0:
        raise r.fail("checks", "tolerance_tkr", "får inte vara negativ")
    if tolerance > MAX_TOLERANCE_TKR:
        raise r.fail("checks", "tolerance_tkr", f"får vara högst {MAX_TOLERANCE_TKR} (10^12 tkr)")

    threshold = r.get("drift", "threshold_tkr", Decimal, Decimal(500))
    if threshold < 0:
        raise r.fail("drift", "threshold_tkr", "får inte vara negativ")
    if threshold > MAX_TOLERANCE_TKR:
        raise r.fail("drift", "threshold_tkr", f"får vara högst {MAX_TOLERANCE_TKR} (10^12 tkr)")

    defaults = AssessmentRules()
    rules = AssessmentRules(
        bra_at=r.get("assessment", "bra_at", Decimal, defaults.bra_at),
        ok_at=r.get("assessment", "ok_at", Decimal, defaults.ok_at),
        economy_bra_pct=r.get("assessment", "economy_bra_pct", Decimal, defaults.economy_bra_pct),
        economy_ok_pct=r.get("assessment", "economy_ok_pct", Decimal, defaults.economy_ok_pct),
    )
    if rules.ok_at > rules.bra_at:
        raise r.fail("assessment", "ok_at", "får inte vara större än bra_at")

    dimension = r.get("import.sie", "dimension", int, 1)
    if dimension < 1:
        raise r.fail("import.sie", "dimension", "ska vara ett dimensionsnummer, 1 eller större")
    project_dimension = r.get("import.sie", "project_dimension", int, None)
    if project_dimension is not None and project_dimension < 1:
        raise r.fail(
            "import.sie", "project_dimension", "ska vara ett dimensionsnummer, 1 eller större"
        )

    return Config(
        path=path,
        database=database,
        organisation=r.get("organisation", "name", str, "Södertälje kommun"),
        committee=r.get("organisation", "committee", str, None),
        year=year,
        period=period,
        start_period=start_period,
        unit=unit,
        theme=r.get("display", "theme", str, "textual-dark"),
        tolerance_ore=int(tolerance * 100_000),
        deviation_threshold_ore=int(threshold * 100_000),
        rules=rules,
        sie_dimension=dimension,
        sie_project_dimension=project_dimension,
        sie_accounts=r.strings("import.sie.accounts"),
        kolada=r.strings("kolada", skip=("jamforelse", "kommun")),
        kolada_group=_kolada_group(r),
        kolada_own=_kolada_own(r),
        keys=r.strings("keys"),
    )


def _kolada_group(r: _Reader) -> tuple[str, ...]:
    """[kolada] jamforelse: a list of four-digit Kolada kommun ids, each once."""
    listed = r.table("kolada").get("jamforelse", [])
    if not isinstance(listed, list):
        raise r.fail(
            "kolada", "jamforelse", f'ska vara en lista, t.ex. ["0114", "0138"], inte {listed!r}'
        )
    for item in listed:
        if not isinstance(item, str) or not re.fullmatch(r"[0-9]{4}", item):
            raise r.fail(
                "kolada",
                "jamforelse",
                f'{item!r} är ingen kommunkod: ange fyra siffror inom citattecken, t.ex. "0114"',
            )
    return tuple(dict.fromkeys(listed))


def _kolada_own(r: _Reader) -> str | None:
    """[kolada] kommun: the own kommun's four-digit Kolada id, or None when not set."""
    own: str | None = r.get("kolada", "kommun", str, None)
    if own is not None and (not re.fullmatch(r"[0-9]{4}", own) or own == "0000"):
        raise r.fail(
            "kolada", "kommun", f'{own!r} är ingen kommunkod: ange fyra siffror, t.ex. "0181"'
        )
    return own
