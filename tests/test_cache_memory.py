"""Reading a cache entry gives Arrow's freed buffers back (issue 21, memory)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from akhlak_analysis import cache


def test_a_read_releases_arrow_memory_and_returns_equal_tables(tmp_path, monkeypatch):
    calls = []
    real = cache.release_arrow_memory
    monkeypatch.setattr(cache, "release_arrow_memory", lambda: (calls.append(1), real()))
    frame = pd.DataFrame({"x": np.arange(10_000, dtype=float),
                          "t": pd.Series(["a", "b"] * 5_000, dtype="string[pyarrow]")})
    store = cache.TableCache(tmp_path / ".cache")
    store.save("t", "k", {"data": frame})
    frames, _ = store.load("t", "k")
    assert calls == [1]
    pd.testing.assert_frame_equal(frames["data"], frame, check_dtype=False)
