"""Generate a large, consistent SIE 4 file like a municipal finance system exports.

Vouchers (#VER/#TRANS) are the source: each books a few costs or revenues on cost
centres and balances them against 2440 or 1930. #PSALDO holds their monthly sums per
cost centre and account and per account (``{}``), #RES and #UB follow from them, and
#PBUDGET gives every cost centre a monthly budget, so every cross-check of the import
agrees. Rows stop being added once #PSALDO + #TRANS rows reach ``rows``.

    python -m bench.gen_sie /tmp/ksui-bench/sie-1000000.se --rows 1000000
"""

from __future__ import annotations

import argparse
import random
from collections import defaultdict
from pathlib import Path

REVENUE = ("3110", "3410", "3510", "3610")
COSTS = ("4010", "4540", "5011", "5020", "5110", "6110", "6210", "6410", "7010", "7410", "7810")
COST_WEIGHTS = (8, 3, 30, 10, 12, 6, 5, 6, 8, 4, 2)
NAMES = {
    "1930": "Bank",
    "2440": "Leverantörsskulder",
    "3110": "Taxor och avgifter",
    "3410": "Försäljning av verksamhet",
    "3510": "Statsbidrag",
    "3610": "Hyror och arrenden",
    "4010": "Material",
    "4540": "Köp av huvudverksamhet",
    "5011": "Löner månadsavlönade",
    "5020": "Löner timavlönade",
    "5110": "Arbetsgivaravgifter",
    "6110": "Lokalhyror",
    "6210": "Fastighetsentreprenad",
    "6410": "Konsulttjänster",
    "7010": "Telefoni och IT",
    "7410": "Bidrag till föreningar",
    "7810": "Avskrivningar",
}


def _kr(ore: int) -> str:
    """Öre as a SIE amount: kronor with two decimals."""
    sign = "-" if ore < 0 else ""
    whole, frac = divmod(abs(ore), 100)
    return f"{sign}{whole}.{frac:02d}"


def generate(path: Path, rows: int = 1_000_000, units: int = 500, year: int = 2024) -> dict:
    """Write the file; returns counts (psaldo, trans, pbudget, vouchers, units)."""
    rng = random.Random(f"{rows}-{units}-{year}")
    codes = [f"{1000 + 7 * i}" for i in range(units)]
    accounts = list(NAMES)
    monthly: dict[tuple[int, str, str], int] = defaultdict(int)  # (month, account, code)
    company: dict[tuple[int, str], int] = defaultdict(int)
    vouchers: list[str] = []
    trans = 0
    number = 0
    while trans + len(monthly) + len(company) < rows:
        number += 1
        month, day = rng.randint(1, 12), rng.randint(1, 28)
        date = f"{year}{month:02d}{day:02d}"
        text = rng.choice(("Leverantörsfaktura", "Lön", "Kundfaktura", "Omföring", "Bidrag"))
        body = []
        balance = 0
        for _ in range(rng.randint(2, 8)):
            code = rng.choice(codes)
            if text == "Kundfaktura" or rng.random() < 0.1:
                account = rng.choice(REVENUE)
                amount = -rng.randint(100_00, 250_000_00)
            else:
                account = rng.choices(COSTS, COST_WEIGHTS)[0]
                amount = rng.randint(50_00, 400_000_00)
            dated = f" {date}" if rng.random() < 0.3 else ""
            body.append(f'   #TRANS {account} {{1 "{code}"}} {_kr(amount)}{dated}')
            monthly[(month, account, code)] += amount
            company[(month, account)] += amount
            balance += amount
        counter = "2440" if balance > 0 else "1930"
        body.append(f"   #TRANS {counter} {{}} {_kr(-balance)}")
        company[(month, counter)] -= balance
        trans += len(body)
        vouchers.append(f'#VER A {number} {date} "{text} {number}" {date}')
        vouchers.append("{")
        vouchers.extend(body)
        vouchers.append("}")
    out = [
        "#FLAGGA 0",
        '#PROGRAM "ksui bench" 1.0',
        "#FORMAT PC8",
        f"#GEN {year + 1}0215",
        "#SIETYP 4",
        '#FNAMN "Socialnämnden i Bänkby"',
        f"#RAR 0 {year}0101 {year}1231",
        f"#RAR -1 {year - 1}0101 {year - 1}1231",
        '#KPTYP "KBAS"',
        '#DIM 1 "Ansvar"',
    ]
    out += [f'#OBJEKT 1 "{code}" "Ansvar {code}, Hemtjänst Södra"' for code in codes]
    out += [f'#KONTO {account} "{NAMES[account]}"' for account in accounts]
    ib = {"1930": 500_000_000_00, "2440": -20_000_000_00}
    ub = dict(ib)
    res: dict[str, int] = defaultdict(int)
    for (_, account), amount in company.items():
        if account in ub:
            ub[account] += amount
        else:
            res[account] += amount
    out += [f"#IB 0 {a} {_kr(v)}" for a, v in ib.items()]
    out += [f"#UB 0 {a} {_kr(v)}" for a, v in ub.items()]
    out += [f"#RES 0 {a} {_kr(v)}" for a, v in sorted(res.items())]
    for (month, account), amount in sorted(company.items()):
        out.append(f"#PSALDO 0 {year}{month:02d} {account} {{}} {_kr(amount)}")
    for (month, account, code), amount in sorted(monthly.items()):
        out.append(f'#PSALDO 0 {year}{month:02d} {account} {{1 "{code}"}} {_kr(amount)}')
    budget = 0
    for code in codes:
        yearly = rng.randint(5_000_000_00, 40_000_000_00)
        for month in range(1, 13):
            out.append(f'#PBUDGET 0 {year}{month:02d} 5011 {{1 "{code}"}} {_kr(yearly // 12)}')
            out.append(f'#PBUDGET 0 {year}{month:02d} 3110 {{1 "{code}"}} {_kr(-yearly // 40)}')
            budget += 2
    out += vouchers
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="cp437", newline="\r\n") as handle:
        handle.write("\n".join(out) + "\n")
    return {
        "psaldo": len(monthly) + len(company),
        "trans": trans,
        "pbudget": budget,
        "vouchers": number,
        "units": units,
    }


def main() -> None:
    """Command line: write one file and print what it holds."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--units", type=int, default=500)
    args = parser.parse_args()
    print(generate(args.path, args.rows, args.units))


if __name__ == "__main__":
    main()
