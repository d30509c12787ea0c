"""SIE 4 files: the Swedish text format finance systems (Raindance, Unit4, Visma) export.

ksui reads them for charts of accounts, cost centres, period balances, period budgets
and vouchers; amounts stay exact ``Decimal`` values. The package is split by job:

* ``model``   – the records (``SieFile``, ``PeriodAmount``, ...) and ``SieError``
* ``tokens``  – splitting a line into fields and reading each field
* ``records`` – what each ``#LABEL`` means
* ``reader``  – the line loop: ``parse_sie`` and ``read_sie`` (every row kept)
* ``totals``  – the same loop summing rows per key: ``read_sie_totals`` for imports,
  streaming the file so memory does not grow with its size
* ``writer``  – ``write_sie``
"""

from ksui.importers.sie.model import (
    Balance,
    Measure,
    ObjectBalance,
    ObjectList,
    PeriodAmount,
    SieError,
    SieFile,
    SieTotals,
    Transaction,
    TransKind,
    Voucher,
)
from ksui.importers.sie.reader import parse_sie, read_sie
from ksui.importers.sie.totals import read_sie_totals, sum_sie, sum_sie_stream, totals_of
from ksui.importers.sie.writer import write_sie

__all__ = [
    "Balance",
    "Measure",
    "ObjectBalance",
    "ObjectList",
    "PeriodAmount",
    "SieError",
    "SieFile",
    "SieTotals",
    "TransKind",
    "Transaction",
    "Voucher",
    "parse_sie",
    "read_sie",
    "read_sie_totals",
    "sum_sie",
    "sum_sie_stream",
    "totals_of",
    "write_sie",
]
