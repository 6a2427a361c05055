"""Input guards (issue 18 item 5): size and unpacking limits, checked before anything parses."""

from __future__ import annotations

import struct
import time
import zipfile

import pandas as pd
import pytest

import akhlak_analysis as ak
from akhlak_analysis.config import InputLimits
from akhlak_analysis.data.guards import check_input_size
from tests.conftest import SAMPLE

ROW = b'<row r="1"><c r="A1" t="n"><v>4</v></c><c r="B1" t="n"><v>5</v></c></row>'


def _bomb(path, unpacked_mb: int) -> None:
    """A workbook-shaped archive whose sheet unpacks to ``unpacked_mb`` MB of rows."""
    chunk = ROW * (8 * 1024 * 1024 // len(ROW))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as fh:
            for _ in range(unpacked_mb // 8):
                fh.write(chunk)


def test_a_small_workbook_that_unpacks_to_600_mb_stops_before_parsing(tmp_path, monkeypatch):
    p = tmp_path / "jawaban.xlsx"
    _bomb(p, 600)
    assert p.stat().st_size < 2.5 * 1024 * 1024  # about 2 MB on disk

    def never(*args, **kwargs):
        raise AssertionError("the workbook was parsed")

    monkeypatch.setattr(pd, "read_excel", never)
    start = time.perf_counter()
    with pytest.raises(ak.DataError) as info:
        ak.read_responses(p, instrument="berakhlak-2024")
    assert time.perf_counter() - start < 5  # the directory is read, nothing unpacked
    msg = str(info.value)
    assert str(p) in msg and "'xl/worksheets/sheet1.xml' unpacks to 60" in msg
    assert "(limit 100 times, input_limits.max_unpack_ratio)" in msg


def test_the_unpacked_total_and_the_file_size_have_limits(tmp_path):
    xlsx, csv = SAMPLE / "responses_2025.xlsx", SAMPLE / "responses_2024.csv"
    check_input_size(xlsx)  # a genuine workbook unpacks about 8 times
    check_input_size(csv)
    with pytest.raises(ak.DataError, match=r"responses_2025.xlsx: the workbook unpacks to more "
                                           r"than .* MB, above the limit of 2 MB "
                                           r"\(input_limits.max_unpacked_mb\)"):
        ak.read_responses(xlsx, instrument="berakhlak-2025",
                          limits=InputLimits(max_unpacked_mb=2))
    with pytest.raises(ak.DataError, match=r"responses_2024.csv: the file is .* MB, above the "
                                           r"limit of 0.5 MB \(input_limits.max_file_mb\)"):
        ak.read_responses(csv, instrument="berakhlak-2024", limits=InputLimits(max_file_mb=0.5))
    with pytest.raises(ak.DataError, match="units.csv: the file is"):
        ak.read_units(SAMPLE / "units.csv", limits=InputLimits(max_file_mb=0.001))


def test_a_directory_that_understates_the_sizes_is_caught(tmp_path):
    p = tmp_path / "liar.xlsx"
    with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/worksheets/sheet1.xml", b"0" * 5_000_000)
    data = bytearray(p.read_bytes())
    local = data.find(b"PK\x03\x04")
    central = data.find(b"PK\x01\x02")
    struct.pack_into("<I", data, local + 22, 1000)     # uncompressed size, local header
    struct.pack_into("<I", data, central + 24, 1000)   # and in the central directory
    p.write_bytes(bytes(data))
    with pytest.raises(ak.DataError, match="liar.xlsx: the workbook is damaged"):
        check_input_size(p)


def test_limits_come_from_the_config(tmp_path):
    (tmp_path / "r.csv").write_text("x\n")
    (tmp_path / "u.csv").write_text("x\n")
    (tmp_path / "a.yaml").write_text(
        "years:\n  2025: {responses: r.csv, instrument: berakhlak-2025}\nunits: u.csv\n"
        "input_limits: {max_file_mb: 50, max_unpack_ratio: 200}\n")
    cfg = ak.load_config(tmp_path / "a.yaml")
    assert cfg.input_limits == InputLimits(max_file_mb=50.0, max_unpack_ratio=200.0)
