"""``record``: a frozen dataclass to the type checker, made quicker to create at run time.

Python 3.11 compiles each method a dataclass generates separately; a frozen one has two
more (``__setattr__``, ``__delattr__``) and builds every instance through
``object.__setattr__``. ``ksui summary`` loads some thirty of the domain's value classes and
makes thousands of their instances: a few ms of a ~100 ms command. A record is therefore a
plain dataclass with the hash of a frozen one (records are dict keys and set members), and
mypy, through ``dataclass_transform(frozen_default=True)``, refuses any assignment to a
field: the values are still never changed after they are made. Classes off the commands'
start paths (kommun, costs, months, forecasts) stay frozen dataclasses, which also refuse
an assignment at run time: use ``record`` only where the creation cost shows.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import TypeVar, dataclass_transform

T = TypeVar("T")


@dataclass_transform(frozen_default=True, field_specifiers=(dataclasses.field,))
def record(cls: type[T]) -> type[T]:
    """Make ``cls`` a dataclass compared and hashed by its fields, read-only to mypy."""
    return dataclass(cls, unsafe_hash=True)
