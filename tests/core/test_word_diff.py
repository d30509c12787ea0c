"""A changed text word for word, marked with shape as well as colour."""

from __future__ import annotations

from ksui.core.word_diff import around_changes, marked_text, summary, word_diff


def test_a_replaced_and_an_added_word_are_marked() -> None:
    runs = word_diff("Vakanser gav lägre kostnader.", "Flera vakanser gav lägre kostnader i år.")
    assert marked_text(runs) == (
        "[-Vakanser-] {+Flera vakanser+} gav lägre [-kostnader.-] {+kostnader i år.+}"
    )


def test_whitespace_alone_is_no_change() -> None:
    assert word_diff("en  två\ntre", "en två tre") == [("=", "en två tre")]
    assert summary("en två", "en  två") == "oförändrad text"


def test_a_long_text_is_cut_around_its_change() -> None:
    words = " ".join(f"ord{i}" for i in range(40))
    changed = words.replace("ord20", "nytt")
    assert around_changes(word_diff(words, changed)) == [
        ("=", "… ord17 ord18 ord19"),
        ("-", "ord20"),
        ("+", "nytt"),
        ("=", "ord21 ord22 ord23 …"),
    ]
    assert summary(words, changed) == "… ord17 ord18 ord19 [-ord20-] {+nytt+} ord21 ord22 ord23 …"
    assert len(summary(words, changed, width=20)) == 20
