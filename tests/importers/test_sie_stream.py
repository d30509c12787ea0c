"""The streamed SIE read: the same sums or the same error as the whole-file read, in bounded memory.

``read_sie_totals`` reads a file in chunks (twice: once to decide the encoding and count
the lines, once to read them); ``sum_sie`` reads the whole file at once and is the
reference. The chunk size is a parameter so tiny chunks can split every line end and
every multibyte character.
"""

from __future__ import annotations

import io
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from bench.gen_sie import generate
from ksui.importers.sie import SieError, SieTotals, read_sie_totals, sum_sie, sum_sie_stream
from ksui.importers.sie import totals as totals_module

from .sie_strategies import chunked_sie_bytes

SAMPLES = Path(__file__).resolve().parents[3] / "shared" / "sie-samples"
HEAD = "#FLAGGA 0\n#FORMAT PC8\n#SIETYP 4\n#RAR 0 20240101 20241231\n"
BODY = (
    '#DIM 1 "Ansvar"\n#OBJEKT 1 "10" "Skola"\n#KONTO 3010 "Intäkter"\n'
    '#PSALDO 0 202401 3010 {1 "10"} -50.00\n#PSALDO 0 202402 3010 {} -7.25\n'
    '#PBUDGET 0 202401 3010 {1 "10"} -40\n'
    '#VER A 1 20240105 "Första" 20240106\n{\n   #TRANS 1930 {} 50.00\n'
    '   #TRANS 3010 {1 "10"} -50.00 20240105 "rad"\n}\n'
)
CHUNKS = [1, 2, 3, 4, 5, 6, 7, 64, 4096]

Outcome = tuple[object, ...]


def _whole(data: bytes, progress: Callable[[int, int], None] | None = None) -> SieTotals:
    return sum_sie(data, "x.se", progress, dimension=1)


def _streamed(
    data: bytes, chunk: int, progress: Callable[[int, int], None] | None = None
) -> SieTotals:
    return sum_sie_stream(io.BytesIO(data), "x.se", progress, dimension=1, chunk_size=chunk)


def outcome(read: Callable[[Callable[[int, int], None]], SieTotals]) -> Outcome:
    """Everything a read gives: sums, counts, header and progress calls, or its error."""
    calls: list[tuple[int, int]] = []
    with mock.patch.object(totals_module, "PROGRESS_STEP", 3):  # report every third line
        try:
            t = read(lambda done, total: calls.append((done, total)))
        except SieError as exc:
            return ("fel", exc.source, exc.line_no, exc.line_text, exc.message)
    return (
        t.period_sums,
        t.trans_sums,
        t.rows,
        t.header,
        t.voucher_objects,
        t.voucher_days,
        calls,
    )


def same(data: bytes, chunk: int) -> None:
    """The streamed read of ``data`` in ``chunk``-byte chunks gives what the whole read gives."""
    expected = outcome(lambda p: _whole(data, p))
    assert outcome(lambda p: _streamed(data, chunk, p)) == expected


# --------------------------------------------------------------------------- properties


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(chunked_sie_bytes(), st.one_of(st.integers(1, 7), st.sampled_from([16, 61, 1 << 20])))
@example((HEAD + BODY).replace("\n", "\r\n").encode(), 1)
@example((HEAD + BODY).replace("\n", "\r").encode("utf-8") + b"\xff", 2)
@example(b"\xef\xbb\xbf" + (HEAD + BODY).encode("cp437"), 3)
def test_streamed_read_equals_whole_read(data: bytes, chunk: int) -> None:
    same(data, chunk)


@pytest.mark.parametrize("chunk", CHUNKS)
@pytest.mark.parametrize(
    "ending",
    ["\n", "\r\n", "\r", "mixed"],
)
def test_line_ends_across_chunk_borders(chunk: int, ending: str) -> None:
    lines = (HEAD + BODY).split("\n")
    if ending == "mixed":
        ends = ["\r\n", "\r", "\n", "\r\r\n", "\n\r"]
        text = "".join(line + ends[i % len(ends)] for i, line in enumerate(lines))
    else:
        text = ending.join(lines)
    for shift in range(chunk if chunk < 8 else 1):  # every border position
        same(b" " * shift + text.encode("utf-8"), chunk)


@pytest.mark.parametrize("chunk", CHUNKS)
def test_multibyte_characters_split_across_chunks(chunk: int) -> None:
    text = HEAD + BODY.replace("Skola", "Förskola €𝄞 Å").replace("Första", "Äö\u2028")
    data = text.encode("utf-8")
    for shift in range(4):
        same(b" " * shift + data, chunk)
    assert _streamed(data, chunk).header.encoding == "utf-8"
    assert _streamed(data, chunk).header.objects[(1, "10")] == "Förskola €𝄞 Å"


@pytest.mark.parametrize("chunk", CHUNKS)
@pytest.mark.parametrize("tail", [b"\xff", b"\xc3", b"\xe2\x82", b"\x86\r\n"])
def test_invalid_utf8_in_the_last_bytes_makes_the_whole_file_cp437(chunk: int, tail: bytes) -> None:
    data = (HEAD + BODY).encode("utf-8") + tail
    same(data, chunk)
    read = _streamed(data, chunk)
    assert read.header.encoding == "cp437"
    assert read.header.objects[(1, "10")] == "Skola"
    assert read.header.accounts["3010"] == "Int├ñkter"  # UTF-8 "ä" read as CP437


@pytest.mark.parametrize("chunk", CHUNKS)
@pytest.mark.parametrize("ending", ["\n", "\r\n", "\r"])
def test_nul_in_a_later_chunk_names_its_line(chunk: int, ending: str) -> None:
    lines = (HEAD + BODY).split("\n")
    lines[9] = lines[9][:5] + "\x00" + lines[9][5:]
    data = ending.join(lines).encode("utf-8")
    same(data, chunk)
    with pytest.raises(SieError) as info:
        _streamed(data, chunk)
    # As in the whole read, lines are counted by LF: a CR-only file has one.
    assert info.value.line_no == (1 if ending == "\r" else 10)
    assert "NUL" in info.value.message


@pytest.mark.parametrize("chunk", CHUNKS)
@pytest.mark.parametrize(
    "bom", [b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xef\xbb", b"\xef", b"\xef\xbb\xbf" * 2]
)
def test_byte_order_marks(chunk: int, bom: bytes) -> None:
    for body in (HEAD + BODY).encode("utf-8"), (HEAD + BODY).encode("cp437"):
        same(bom + body, chunk)
        same(bom, chunk)
        same(bom + b"\x00", chunk)


@pytest.mark.parametrize("data", [b"", b"\n", b"\r", b"\r\n", b"hej\r", b"#x\x00", b"\xff\xfe"])
@pytest.mark.parametrize("chunk", CHUNKS)
def test_tiny_files(data: bytes, chunk: int) -> None:
    same(data, chunk)


def test_a_line_longer_than_many_chunks() -> None:
    data = (HEAD + "#FNAMN " + "x" * 50_000 + "\r\n" + BODY).encode()
    same(data, 7)
    assert _streamed(data, 7).header.company_name == "x" * 50_000


@pytest.mark.skipif(not SAMPLES.is_dir(), reason=f"SIE sample files not found in {SAMPLES}")
@pytest.mark.parametrize("chunk", [5, 4093, 1 << 20])
def test_samples_stream_as_they_read_whole(chunk: int) -> None:
    for path in sorted(p for p in SAMPLES.iterdir() if p.suffix.lower() == ".se"):
        data = path.read_bytes()
        same(data, chunk)
        streamed = read_sie_totals(path, dimension=1, chunk_size=chunk)
        assert streamed.period_sums == _whole(data).period_sums
        assert streamed.source == path.name


def test_an_unreadable_file_is_a_sie_error(tmp_path: Path) -> None:
    with pytest.raises(SieError) as info:
        read_sie_totals(tmp_path / "saknas.se")
    assert info.value.source == "saknas.se"
    assert info.value.message.startswith("kan inte läsa filen")


# --------------------------------------------------------------------------- memory


def _peak(path: Path) -> int:
    """Bytes allocated at most while the import's read sums ``path``."""
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        totals = read_sie_totals(path, dimension=1)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert totals.rows["trans"] > 0
    return peak


def test_memory_does_not_grow_with_the_file(tmp_path: Path) -> None:
    """Four times the rows over the same units, accounts and months: the same peak.

    The whole-file read kept the text and all its lines, about four times as much.
    """
    small, large = tmp_path / "small.se", tmp_path / "large.se"
    generate(small, 30_000, units=10)
    generate(large, 120_000, units=10)
    assert large.stat().st_size > 3.5 * small.stat().st_size
    peak_small, peak_large = _peak(small), _peak(large)
    assert peak_large <= 1.3 * peak_small, (peak_small, peak_large)


# --------------------------------------------------------------------------- odd handles


class _Failing(io.BytesIO):
    """A file whose reads fail once its first pass is over, as a disk or a share can."""

    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.seeks = 0

    def seek(self, offset: int, whence: int = 0) -> int:
        self.seeks += 1
        return super().seek(offset, whence)

    def read(self, size: int | None = -1) -> bytes:
        if self.seeks > 1:
            raise OSError(5, "Input/output error")
        return super().read(size)


class _Changing(io.BytesIO):
    """A file that an export overwrites between the two passes."""

    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.seeks = 0

    def seek(self, offset: int, whence: int = 0) -> int:
        self.seeks += 1
        if self.seeks > 1:
            self.getbuffer()[-2:] = b"\xc3\x28"  # invalid UTF-8 at the end
        return super().seek(offset, whence)


def test_a_read_error_in_the_second_pass_is_a_sie_error() -> None:
    with pytest.raises(SieError) as info:
        sum_sie_stream(_Failing((HEAD + BODY).encode()), "x.se", chunk_size=5)
    assert info.value.message == "kan inte läsa filen (Input/output error)"


def test_a_file_changed_between_the_passes_is_a_sie_error() -> None:
    with pytest.raises(SieError) as info:
        sum_sie_stream(_Changing((HEAD + BODY + "#KONTO 1 ab\n").encode()), "x.se")
    assert info.value.message.startswith("filen ändrades medan den lästes")


class _Pipe(io.BytesIO):
    """A handle that cannot seek, as a pipe."""

    def seekable(self) -> bool:
        return False


def test_a_handle_that_cannot_seek_is_read_whole() -> None:
    data = (HEAD + BODY).encode()
    expected = outcome(lambda p: _whole(data, p))
    assert outcome(lambda p: sum_sie_stream(_Pipe(data), "x.se", p, dimension=1)) == expected


def test_a_handle_is_read_from_its_start() -> None:
    handle = io.BytesIO((HEAD + BODY).encode())
    handle.read(7)
    assert sum_sie_stream(handle, "x.se").period_sums == _whole((HEAD + BODY).encode()).period_sums
