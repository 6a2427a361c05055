"""The psychometrics at scale: the same numbers whatever the block size or the grouping path.

FIML groups the rows by missing-data pattern with one integer key and one sort; MLR and WLSMV
accumulate cross-products of casewise scores over blocks of rows. These tests check that the
results do not depend on those choices (the lavaan known-answer tests in
``test_psychometrics_missing.py`` and ``test_psychometrics_ordinal.py`` check the numbers).
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from akhlak_analysis.stats.psychometrics import _fiml, _wlsmv


def _naive_patterns(x: np.ndarray) -> list[tuple[tuple[bool, ...], np.ndarray]]:
    """Each pattern (in numpy's lexicographic order) with its rows, the slow obvious way."""
    mask = ~np.isnan(x)
    keys = np.unique(mask, axis=0)
    return [(tuple(k), x[(mask == k).all(axis=1)]) for k in keys]


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10_000), n=st.integers(5, 60), p=st.integers(2, 6),
       share=st.floats(0.0, 0.5))
def test_patterns_group_the_rows_as_the_naive_grouping(seed, n, p, share):
    rng = np.random.default_rng(seed)
    x = rng.integers(1, 6, (n, p)).astype(float)
    x[rng.random((n, p)) < share] = np.nan
    x = x[~np.all(np.isnan(x), axis=1)]
    if len(x) == 0 or np.isnan(x).all(axis=0).any():  # callers check every item has answers
        return
    pat = _fiml.patterns(x)
    found = {}
    for b in pat.batches:
        for j, obs in enumerate(b.obs):
            key = tuple(np.isin(np.arange(p), obs))
            rows = b.rows[b.pattern == j]
            found[key] = (b.n[j], rows, b.mean[j])
    naive = _naive_patterns(x)
    assert sorted(found) == sorted(k for k, _ in naive)
    for key, rows in naive:
        n_j, got, mean = found[key]
        assert n_j == len(rows)
        np.testing.assert_array_equal(got, rows[:, np.array(key)])  # same rows, same order
        np.testing.assert_allclose(mean, rows[:, np.array(key)].mean(axis=0))
    assert sum(b.n.sum() for b in pat.batches) == len(x) == pat.n


def test_casewise_scores_do_not_depend_on_the_block_size():
    rng = np.random.default_rng(3)
    x = rng.multivariate_normal(np.zeros(4), np.eye(4) + 0.5, size=300)
    x[rng.random(x.shape) < 0.1] = np.nan
    x = x[~np.all(np.isnan(x), axis=1)]
    pat = _fiml.patterns(x)
    _fiml.em(pat)

    def cross(chunk):
        out = 0.0
        for g, u in _fiml.casewise_score_chunks(pat.em_cov, pat.em_mean, pat, chunk=chunk):
            s = np.hstack([u, g])
            out = out + s.T @ s
        return out

    whole = cross(10**6)
    np.testing.assert_allclose(cross(7), whole, rtol=1e-12, atol=1e-12)
    # at the saturated (EM) moments the scores sum to zero (the ML first-order condition);
    # a wrong score formula sums to order n
    total = sum(np.hstack([u, g]).sum(axis=0)
                for g, u in _fiml.casewise_score_chunks(pat.em_cov, pat.em_mean, pat))
    np.testing.assert_allclose(total, 0.0, atol=1e-3)  # EM stops at 1e-13 in -2l/N


@pytest.mark.parametrize("chunk", [5, 64])
def test_ordinal_nacov_does_not_depend_on_the_block_size(chunk):
    rng = np.random.default_rng(4)
    z = rng.multivariate_normal(np.zeros(3), [[1, .5, .4], [.5, 1, .3], [.4, .3, 1]], 500)
    x = (np.digitize(z, [-1.0, 0.0, 1.0]) + 1).astype(float)
    cat = np.column_stack([np.searchsorted(np.unique(x[:, j]), x[:, j]) for j in range(3)])
    blocks = [(1, 0, rng.random((4, 4))), (2, 0, rng.random((4, 4))), (0, 0, rng.random((4, 3)))]
    whole = _wlsmv._influence_crossproduct(cat, blocks, chunk=10**6)
    np.testing.assert_allclose(_wlsmv._influence_crossproduct(cat, blocks, chunk=chunk), whole,
                               rtol=1e-12)
    # the direct sum over cases, column by column
    f = np.column_stack([blocks[0][2][cat[:, 1], cat[:, 0]], blocks[1][2][cat[:, 2], cat[:, 0]],
                         blocks[2][2][cat[:, 0]]])
    np.testing.assert_allclose(whole, f.T @ f, rtol=1e-12)
