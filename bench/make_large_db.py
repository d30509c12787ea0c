"""A kommun-scale ksui database for the benchmarks: by default 15 nämnder × 300 units,
5 years × 12 months; up to 40 nämnder, 4 400 units a nämnd and 10 years.

Everything is written through the store's audited transaction API, one change set per
nämnd, so the file looks like one a controller's office would really hold (audit trail
included). The figures are drawn from a fixed seed per nämnd, so nämnd 1 of a 32-nämnd
file holds exactly the figures of nämnd 1 in a file of its own: the pair measures what
the other nämnder cost. 15 × 300 × 5 takes 20 s or so.

    uv run python bench/make_large_db.py /tmp/ksui-large.sqlite
    uv run python bench/make_large_db.py --committees 32 /tmp/ksui-32.sqlite
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

from ksui.store.db import Store, Tx

COMMITTEES = 15
UNITS = 300  # per nämnd, the nämnd itself included
KONTOR = 4
AVDELNINGAR = 6  # per kontor
LAST_YEAR = 2017
YEARS = 5
TKR = 100_000
LIMITS = {"committees": 40, "units": 4_400, "years": 10}

NAMES = (
    "Barn- och utbildning",
    "Socialtjänst",
    "Omsorg och vård",
    "Kultur och fritid",
    "Stadsbyggnad",
    "Miljö",
    "Teknik",
    "Räddningstjänst",
    "Överförmyndare",
    "Valnämnd",
    "Revision",
    "Arbetsmarknad",
    "Näringsliv",
    "Bostad",
    "Samhällsskydd",
)


def ansvar_count(units: int, kontor: int, avdelning: int) -> int:
    """Leaves per avdelning, so that the nämnd has exactly ``units`` units."""
    # 1 nämnd + 4 kontor + 24 avdelningar = 29; the rest are ansvar spread over 24 avdelningar.
    branches = KONTOR * AVDELNINGAR
    leaves = units - 1 - KONTOR - branches
    index = kontor * AVDELNINGAR + avdelning
    return leaves // branches + (1 if index < leaves % branches else 0)


def committee_name(number: int) -> str:
    """A unique name: the 15 kinds of nämnd, numbered from the second round on."""
    base = f"{NAMES[number % len(NAMES)]}snämnden"
    return base if number < len(NAMES) else f"{base} {number // len(NAMES) + 1}"


def build_committee(tx: Tx, kommun: int, number: int, units: int, years: tuple[int, ...]) -> int:
    """One nämnd with its tree, drift figures for every month of every year, and a bit of all."""
    rng = random.Random(2017 * 1_000 + number)
    name = committee_name(number)
    namnd = tx.insert(
        "unit",
        {
            "parent_id": kommun,
            "kind": "namnd",
            "name": name,
            "code": f"N{number + 1:02d}",
            "position": number,
        },
    )
    leaves: list[int] = []
    for k in range(KONTOR):
        kontor = tx.insert(
            "unit", {"parent_id": namnd, "kind": "kontor", "name": f"Kontor {k + 1}", "position": k}
        )
        for a in range(AVDELNINGAR):
            avd = tx.insert(
                "unit",
                {
                    "parent_id": kontor,
                    "kind": "verksamhet",
                    "name": f"Avdelning {k + 1}.{a + 1}",
                    "position": a,
                },
            )
            for r in range(ansvar_count(units, k, a)):
                leaves.append(
                    tx.insert(
                        "unit",
                        {
                            "parent_id": avd,
                            "kind": "ansvar",
                            "code": f"{number + 1:02d}{k + 1}{a + 1}{r + 1:03d}",
                            "name": f"Ansvar {k + 1}.{a + 1}.{r + 1}",
                            "position": r,
                        },
                    )
                )
    for unit_id in leaves:
        budget = rng.randrange(2_000, 60_000) * TKR
        for year in years:
            budget = int(budget * rng.uniform(0.98, 1.06)) // TKR * TKR
            key = {"unit_id": unit_id, "year": year}
            tx.upsert(
                "drift_figure", {**key, "period": "m01", "measure": "budget"}, {"amount": budget}
            )
            spent = 0
            for month in range(1, 13):
                code = f"m{month:02d}"
                spent += int(budget / 12 * rng.uniform(0.85, 1.15)) // TKR * TKR
                tx.upsert(
                    "drift_figure", {**key, "period": code, "measure": "actual"}, {"amount": spent}
                )
                tx.upsert(
                    "drift_figure",
                    {**key, "period": code, "measure": "budget_ytd"},
                    {"amount": budget * month // 12 // TKR * TKR},
                )
                if month in (4, 8):
                    forecast = int(budget * rng.uniform(0.95, 1.05)) // TKR * TKR
                    tx.upsert(
                        "drift_figure",
                        {**key, "period": code, "measure": "forecast"},
                        {"amount": forecast},
                    )
    if leaves:
        tx.upsert(
            "comment",
            {"entity": "unit", "entity_id": leaves[0], "field": "", "year": years[-1]},
            {"text": "Underskottet beror på fler placeringar än budgeterat."},
        )
    category = tx.insert(
        "investment_category",
        {"committee_id": namnd, "kind": "namnd", "name": "Nämndsinvesteringar"},
    )
    for p in range(6):
        pid = tx.insert(
            "investment_project",
            {"category_id": category, "name": f"Projekt {p + 1}", "position": p},
        )
        tx.upsert(
            "investment_figure",
            {"project_id": pid, "year": years[-1], "period": "bokslut"},
            {
                "appropriation": rng.randrange(500, 9_000) * TKR,
                "spent": rng.randrange(300, 9_500) * TKR,
            },
        )
    area = tx.insert("goal_area", {"committee_id": namnd, "name": "Hållbar kommun"})
    for g in range(4):
        goal = tx.insert(
            "goal",
            {
                "area_id": area,
                "number": g + 1,
                "position": g,
                "title": f"Mål {g + 1} för {name.lower()}",
            },
        )
        tx.upsert(
            "assessment",
            {"target": "goal", "target_id": goal, "year": years[-1], "period": "bokslut"},
            {"value": rng.choice(["bra", "ok"])},
        )
        ind = tx.insert(
            "indicator", {"goal_id": goal, "name": f"Indikator {g + 1}", "direction": "up"}
        )
        for year in years:
            tx.upsert(
                "indicator_value",
                {"indicator_id": ind, "series": "", "year": year},
                {"value": f"{rng.uniform(50, 90):.1f}"},
            )
    for position, (kind, group) in enumerate(
        [("kon", "Kvinnor"), ("kon", "Män"), ("totalt", "Totalt")]
    ):
        for year in years:
            for scope in ("namnd", "kommun"):
                tx.upsert(
                    "sick_leave",
                    {
                        "committee_id": namnd,
                        "measure": "total",
                        "group_name": group,
                        "year": year,
                        "scope": scope,
                    },
                    {"group_kind": kind, "rate": f"{rng.uniform(3, 8):.2f}", "position": position},
                )
    return namnd


def main(argv: list[str] | None = None) -> int:
    """Create the file (refusing to overwrite one without --force)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path, nargs="?", default=Path("/tmp/ksui-large.sqlite"))
    parser.add_argument("--force", action="store_true", help="overwrite an existing file")
    parser.add_argument("--committees", type=int, default=COMMITTEES, help="nämnder (1–40)")
    parser.add_argument("--units", type=int, default=UNITS, help="units a nämnd (53–4 400)")
    parser.add_argument("--years", type=int, default=YEARS, help=f"years up to {LAST_YEAR} (1–10)")
    args = parser.parse_args(argv)
    smallest = 1 + KONTOR + 2 * KONTOR * AVDELNINGAR  # every avdelning holds an ansvar
    if not 1 <= args.committees <= LIMITS["committees"]:
        parser.error(f"--committees: 1–{LIMITS['committees']}")
    if not smallest <= args.units <= LIMITS["units"]:
        parser.error(f"--units: {smallest}–{LIMITS['units']}")
    if not 1 <= args.years <= LIMITS["years"]:
        parser.error(f"--years: 1–{LIMITS['years']}")
    years = tuple(range(LAST_YEAR - args.years + 1, LAST_YEAR + 1))
    if args.path.exists():
        if not args.force:
            sys.stderr.write(f"{args.path} finns redan (använd --force)\n")
            return 2
        for suffix in ("", "-wal", "-shm"):
            Path(f"{args.path}{suffix}").unlink(missing_ok=True)
    started = time.perf_counter()
    store = Store(args.path, create=True)
    with store.transaction("Stor testkommun: organisation") as tx:
        kommun = tx.insert("unit", {"kind": "kommun", "name": "Storkommun"})
    for number in range(args.committees):
        with store.transaction(f"Stor testkommun: nämnd {number + 1}") as tx:
            build_committee(tx, kommun, number, args.units, years)
        print(
            f"nämnd {number + 1}/{args.committees} klar, {time.perf_counter() - started:.0f} s",
            flush=True,
        )
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    print(f"{args.path}: klar på {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
