"""``record`` behaves as a frozen dataclass does wherever the code or a test looks."""

from __future__ import annotations

import dataclasses

from ksui.core.records import record


@record
class Point:
    """A value with a field left out of comparison and print."""

    x: int
    y: int = 0
    note: str = dataclasses.field(default="", compare=False, repr=False)


@record
class Empty:
    """A record without fields."""


@record
class Single:
    """A record of one field (``attrgetter`` then returns the value, not a tuple)."""

    value: tuple[int, ...]


def test_equality_and_hash_follow_the_compared_fields() -> None:
    assert Point(1, 2) == Point(1, 2, note="other")
    assert hash(Point(1, 2)) == hash(Point(1, 2, note="other"))
    assert Point(1, 2) != Point(2, 1)
    assert len({Point(1, 2), Point(1, 2), Point(1, 3)}) == 2
    assert Single((1, 2)) == Single((1, 2)) and Single((1,)) != Single((2,))
    assert Empty() == Empty() and hash(Empty()) == hash(Empty())


def test_other_classes_never_compare_equal() -> None:
    @record
    class Other:
        """Same fields, another class."""

        x: int
        y: int = 0
        note: str = ""

    assert Point(1, 2) != Other(1, 2)  # type: ignore[comparison-overlap]
    assert Point(1, 2) != (1, 2)  # type: ignore[comparison-overlap]
    assert Point(1, 2).__eq__((1, 2)) is NotImplemented


def test_repr_is_the_dataclass_form() -> None:
    assert repr(Point(1, 2, note="hidden")) == "Point(x=1, y=2)"
    assert repr(Empty()) == "Empty()"


def test_the_dataclass_functions_still_work() -> None:
    p = Point(1, 2, note="n")
    assert dataclasses.is_dataclass(p)
    assert [f.name for f in dataclasses.fields(p)] == ["x", "y", "note"]
    assert dataclasses.replace(p, y=5) == Point(1, 5)
    assert dataclasses.asdict(p) == {"x": 1, "y": 2, "note": "n"}
