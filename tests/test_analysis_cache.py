"""What the analysis context keeps once per process (issue 21): parsed instruments, file
digests; and what it lets go before the notebooks run."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pandas as pd
import pytest

import akhlak_analysis as ak
from akhlak_analysis.analysis import cached_instrument, stable_file_digest
from akhlak_analysis.cache import file_digest
from tests.conftest import SAMPLE

ROOT = Path(__file__).resolve().parents[1]
INS = ak.load_instrument("berakhlak-2024")


def test_instruments_are_parsed_once_per_file_content(tmp_path):
    assert cached_instrument("berakhlak-2025") is cached_instrument("berakhlak-2025")
    src = ROOT / "akhlak_analysis" / "instruments" / "berakhlak-2024.yaml"
    mine = tmp_path / "mine.yaml"
    shutil.copy(src, mine)
    first = cached_instrument(str(mine))
    assert first is cached_instrument(str(mine)) and first.item_codes == INS.item_codes
    time.sleep(0.01)
    mine.write_text(src.read_text(encoding="utf-8").replace("berakhlak-2024", "mine-2"),
                    encoding="utf-8")
    second = cached_instrument(str(mine))
    assert second is not first and second.name != first.name
    with pytest.raises(ak.errors.InstrumentError, match="unknown instrument"):
        cached_instrument("no-such-instrument")


def test_file_digest_is_recomputed_when_the_file_changes(tmp_path):
    p = tmp_path / "a.csv"
    p.write_bytes(b"one")
    assert stable_file_digest(p) == file_digest(p)
    time.sleep(0.01)
    p.write_bytes(b"two!")
    assert stable_file_digest(p) == file_digest(p)


def test_the_context_lets_go_of_its_tables_and_reads_them_again(sample_clean):
    ctx = ak.Analysis.from_config(SAMPLE / "analysis.yaml", 2025, key=b"test-key")
    for y, res in sample_clean.items():
        ctx.use_clean(y, res)
    before = ctx.scores()
    ctx.release()
    assert not ctx._clean and not ctx._scores
    ctx.use_clean(2025, sample_clean[2025])
    pd.testing.assert_frame_equal(ctx.scores(), before)
