"""A kommun-scale ksui database for the benchmarks: 15 nämnder × 300 units, 5 years × 12 months.

Everything is written through the store's audited transaction API, one change set per
nämnd, so the file looks like one a controller's office would really hold (audit trail
included). It takes a minute or so.

    uv run python bench/make_large_db.py /tmp/ksui-large.sqlite
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

from ksui.store.db import Store, Tx

COMMITTEES = 15
KONTOR = 4
AVDELNINGAR = 6  # per kontor
YEARS = (2013, 2014, 2015, 2016, 2017)
TKR = 100_000

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


def ansvar_count(committee: int, kontor: int, avdelning: int) -> int:
    """Leaves per avdelning, so that each nämnd has exactly 300 units."""
    # 1 nämnd + 4 kontor + 24 avdelningar = 29; 271 ansvar spread over 24 avdelningar.
    index = kontor * AVDELNINGAR + avdelning
    return 12 if index < 7 else 11


def build_committee(tx: Tx, kommun: int, number: int, rng: random.Random) -> int:
    """One nämnd with its tree, drift figures for every month of every year, and a bit of all."""
    name = f"{NAMES[number % len(NAMES)]}snämnden"
    namnd = tx.insert(
        "unit", {"parent_id": kommun, "kind": "namnd", "name": name, "position": number}
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
            for r in range(ansvar_count(number, k, a)):
                leaves.append(
                    tx.insert(
                        "unit",
                        {
                            "parent_id": avd,
                            "kind": "ansvar",
                            "code": f"{number + 1:02d}{k + 1}{a + 1}{r + 1:02d}",
                            "name": f"Ansvar {k + 1}.{a + 1}.{r + 1}",
                            "position": r,
                        },
                    )
                )
    for unit_id in leaves:
        budget = rng.randrange(2_000, 60_000) * TKR
        for year in YEARS:
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
            {"entity": "unit", "entity_id": leaves[0], "field": "", "year": YEARS[-1]},
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
            {"project_id": pid, "year": YEARS[-1]},
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
            {"target": "goal", "target_id": goal, "year": YEARS[-1], "period": "bokslut"},
            {"value": rng.choice(["bra", "ok"])},
        )
        ind = tx.insert(
            "indicator", {"goal_id": goal, "name": f"Indikator {g + 1}", "direction": "up"}
        )
        for year in YEARS:
            tx.upsert(
                "indicator_value",
                {"indicator_id": ind, "series": "", "year": year},
                {"value": f"{rng.uniform(50, 90):.1f}"},
            )
    for position, (kind, group) in enumerate(
        [("kon", "Kvinnor"), ("kon", "Män"), ("totalt", "Totalt")]
    ):
        for year in YEARS:
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
    parser.add_argument("--committees", type=int, default=COMMITTEES)
    args = parser.parse_args(argv)
    if args.path.exists():
        if not args.force:
            sys.stderr.write(f"{args.path} finns redan (använd --force)\n")
            return 2
        for suffix in ("", "-wal", "-shm"):
            Path(f"{args.path}{suffix}").unlink(missing_ok=True)
    started = time.perf_counter()
    rng = random.Random(2017)
    store = Store(args.path, create=True)
    with store.transaction("Stor testkommun: organisation") as tx:
        kommun = tx.insert("unit", {"kind": "kommun", "name": "Storkommun"})
    for number in range(args.committees):
        with store.transaction(f"Stor testkommun: nämnd {number + 1}") as tx:
            build_committee(tx, kommun, number, rng)
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
