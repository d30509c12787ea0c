"""``record``: a frozen dataclass to the type checker, made quicker to create at run time.

Python 3.11 compiles each method a dataclass generates separately (``exec`` per method);
a frozen one has two more (``__setattr__``, ``__delattr__``) and builds every instance
through ``object.__setattr__``. ``ksui summary`` and the TUI's start load some forty of
the domain's value classes and make thousands of their instances: about 8 ms of a ~100 ms
command went to compiling methods. A record is therefore:

- a plain dataclass for ``__init__`` (the one method whose speed counts per instance) and
  the bookkeeping that ``dataclasses.fields``, ``replace`` and ``asdict`` read;
- one shared ``__eq__``, ``__hash__`` and ``__repr__`` over the compared fields, read in
  one C call (``operator.attrgetter``), so nothing else is compiled per class;
- read-only to mypy, through ``dataclass_transform(frozen_default=True)``, which refuses
  any assignment to a field: the values are still never changed after they are made.

Equality, hashing and the printed form are those of a frozen dataclass: same class and
equal fields; ``field(compare=False)`` and ``field(repr=False)`` are honoured. Classes off
the commands' start paths stay frozen dataclasses, which also refuse an assignment at run
time: use ``record`` only where the creation cost shows.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from operator import attrgetter
from typing import Any, TypeVar, dataclass_transform

T = TypeVar("T")


@dataclass_transform(frozen_default=True, field_specifiers=(dataclasses.field,))
def record(cls: type[T]) -> type[T]:
    """Make ``cls`` a dataclass compared and hashed by its fields, read-only to mypy."""
    made = dataclass(cls, repr=False, eq=False)
    fields = dataclasses.fields(made)  # type: ignore[arg-type]
    compared = [f.name for f in fields if f.compare]
    shown = tuple(f.name for f in fields if f.repr)
    key: Callable[[Any], Any] = attrgetter(*compared) if compared else _nothing
    for name, value in (
        ("__record_key__", staticmethod(key)),
        ("__record_shown__", shown),
        ("__eq__", _eq),
        ("__hash__", _hash),
        ("__repr__", _repr),
    ):
        setattr(made, name, value)
    return made


def _nothing(_: object) -> tuple[()]:
    return ()


def _eq(self: Any, other: Any) -> bool:
    if other.__class__ is not self.__class__:
        unlike: bool = NotImplemented
        return unlike
    key = self.__record_key__
    same: bool = key(self) == key(other)
    return same


def _hash(self: Any) -> int:
    return hash(self.__record_key__(self))


def _repr(self: Any) -> str:
    shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__record_shown__)
    return f"{self.__class__.__qualname__}({shown})"
