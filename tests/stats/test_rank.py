"""Tests for akhlak_analysis.stats.rank: lme4 known answers, simulation properties, input rules."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.stats import spearmanr

from akhlak_analysis.data.io import UnitTable
from akhlak_analysis.instrument import load_instrument
from akhlak_analysis.stats.rank import icc, improvement_areas, rank_units
from tests.conftest import ROOT

DATA = ROOT / "tests" / "reference"
VALUES = load_instrument("berakhlak-2025").value_codes


class StubInstrument:
    """Stand-in for an instrument: value codes and bands given as data."""

    value_codes = VALUES
    bands = (
        (75.0, "Sehat"),
        (50.0, "Cukup Sehat"),
        (25.0, "Tidak Sehat"),
        (-np.inf, "Sangat Tidak Sehat"),
    )

    def categorize(self, x):
        x = np.asarray(x, dtype=float)
        out = np.full(x.shape, None, dtype=object)
        for low, label in reversed(self.bands):
            out[x >= low] = label
        return pd.Series(out)


def simulate(seed, k=45, sd=12.0, with_values=False):
    """~45 units of 5..400 respondents, true means N(76, 5^2), respondent sd 12."""
    rng = np.random.default_rng(seed)
    sizes = np.round(np.exp(rng.uniform(np.log(5), np.log(400), k))).astype(int)
    truth = rng.normal(76, 5, k)
    codes = np.array([f"OPD{i:02d}" for i in range(k)])
    df = pd.DataFrame(
        {
            "opd": np.repeat(codes, sizes),
            "culture_index": np.repeat(truth, sizes) + rng.normal(0, sd, sizes.sum()),
        }
    )
    if with_values:
        offsets = np.r_[-15.0, np.linspace(-3, 6, len(VALUES) - 1)]
        for code, off in zip(VALUES, offsets, strict=True):
            df[code] = df["culture_index"] + off + rng.normal(0, 5, len(df))
    units = pd.DataFrame(
        {
            "code": codes,
            "name": [f"Dinas {c}" for c in codes],
            "opd_type": rng.choice(["Dinas", "Badan", "Biro", "Rumah Sakit", "Lainnya"], k),
            "headcount": (sizes * rng.uniform(1.2, 3, k)).astype(int),
        }
    )
    return df, pd.Series(truth, index=codes), units


def unit_table(frame: pd.DataFrame) -> UnitTable:
    """A :class:`UnitTable` of 2025 from a small frame (``code`` and optional ``name``,
    ``opd_type``, ``headcount``), as ``rank_units`` takes it."""
    k = len(frame)
    hc = frame["headcount"] if "headcount" in frame else pd.Series([1000] * k)
    return UnitTable(pd.DataFrame({
        "code": frame["code"].astype(str).to_numpy(),
        "name": (frame["name"] if "name" in frame else frame["code"]).astype(str).to_numpy(),
        "level": "opd", "parent": None,
        "opd_type": frame["opd_type"].to_numpy() if "opd_type" in frame else None,
        "aliases": [[] for _ in range(k)], "replaced_by": None,
        "headcount_2025": pd.array(hc.to_numpy(), dtype="Int64")}))


@pytest.fixture(scope="module")
def dyestuff():
    return pd.read_csv(DATA / "lme4_dyestuff.csv")


# ----------------------------------------------------------------------------- lme4 Dyestuff
def test_icc_reproduces_lme4_dyestuff(dyestuff):
    res = icc(dyestuff, by="Batch", column="Yield")
    assert res.tau2 == pytest.approx(1764.05, abs=5e-3)
    assert res.sigma2 == pytest.approx(2451.25, abs=5e-3)
    assert res.icc1 == pytest.approx(0.418487, abs=1e-6)
    assert res.icc2 == pytest.approx(0.782527, abs=1e-6)
    assert res.grand_mean == pytest.approx(1527.5)
    assert (res.n_groups, res.n, res.n0) == (6, 30, 5.0)
    assert res.design_effect == pytest.approx(1 + 4 * res.icc1)


def test_anova_method_equals_reml_when_balanced(dyestuff):
    reml = icc(dyestuff, by="Batch", column="Yield")
    anova = icc(dyestuff, by="Batch", column="Yield", method="anova")
    assert anova.tau2 == pytest.approx(reml.tau2, rel=1e-6)
    assert anova.icc1 == pytest.approx(reml.icc1, rel=1e-6)


def test_blups_reproduce_lme4_ranef(dyestuff):
    data = dyestuff.rename(columns={"Yield": "culture_index"})
    table = rank_units(data, by="Batch", min_n=1).set_index("unit").sort_index()
    blup = table["eb_index"] - icc(data, by="Batch").grand_mean
    expected = [-17.607, 0.391, 28.562, -23.085, 56.733, -44.995]
    np.testing.assert_allclose(blup.to_numpy(), expected, atol=1e-3)
    np.testing.assert_allclose(table["reliability"], 0.782527, atol=1e-6)
    assert table.loc["E", "rank"] == 1 and table.loc["F", "rank"] == 6


def test_reml_matches_statsmodels_on_unbalanced_units():
    smf = pytest.importorskip("statsmodels.formula.api")
    rng = np.random.default_rng(3)
    sizes = rng.integers(2, 60, 30)
    df = pd.DataFrame({"g": np.repeat(np.arange(30).astype(str), sizes)})
    df["y"] = 76 + np.repeat(rng.normal(0, 5, 30), sizes) + rng.normal(0, 12, len(df))
    res = icc(df, by="g", column="y")
    fit = smf.mixedlm("y ~ 1", df, groups=df["g"]).fit(reml=True)
    assert res.tau2 == pytest.approx(fit.cov_re.iloc[0, 0], rel=1e-4)
    assert res.sigma2 == pytest.approx(fit.scale, rel=1e-4)
    assert res.grand_mean == pytest.approx(fit.fe_params.iloc[0], rel=1e-6)
    anova = icc(df, by="g", column="y", method="anova")
    assert anova.tau2 != pytest.approx(res.tau2, rel=1e-6)  # unbalanced: estimators differ


def test_icc_zero_between_variance_is_truncated():
    df = pd.DataFrame({"opd": list("AAABBBCCC"), "culture_index": [1, 2, 3, 2, 3, 1, 3, 1, 2.0]})
    res = icc(df)
    assert res.tau2 == pytest.approx(0, abs=1e-8) and res.icc1 == pytest.approx(0, abs=1e-8)
    table = rank_units(df, min_n=1)
    assert set(table["rank_low"]) == {1} and set(table["rank_high"]) == {3}


# ----------------------------------------------------------------------------- simulation
def test_eb_recovers_true_order_better_than_raw_mean():
    eb, raw, mse_eb, mse_raw = [], [], [], []
    for seed in range(20):
        df, truth, _ = simulate(100 + seed)
        t = rank_units(df, min_n=1, draws=200, seed=seed)
        true = truth[t["unit"]].to_numpy()
        eb.append(spearmanr(t["eb_index"], true).statistic)
        raw.append(spearmanr(t["culture_index"], true).statistic)
        mse_eb.append(np.mean((t["eb_index"] - true) ** 2))
        mse_raw.append(np.mean((t["culture_index"] - true) ** 2))
    assert np.mean(eb) > np.mean(raw)
    assert np.mean(mse_eb) < 0.8 * np.mean(mse_raw)


def test_rank_intervals_cover_true_rank_near_nominal():
    coverage = []
    for seed in range(30):
        df, truth, _ = simulate(seed)
        t = rank_units(df, min_n=10, draws=500, seed=seed)
        t = t[~t["suppressed"]]
        true_rank = truth[t["unit"]].rank(ascending=False).to_numpy()
        coverage.append(
            np.mean(
                (true_rank >= t["rank_low"].to_numpy()) & (true_rank <= t["rank_high"].to_numpy())
            )
        )
    assert 0.90 <= np.mean(coverage) <= 0.995


def test_shrinkage_is_stronger_for_small_units():
    df, _, _ = simulate(7)
    t = rank_units(df, min_n=1)
    res = icc(df)
    pull = (t["culture_index"] - t["eb_index"]).abs() / (t["culture_index"] - res.grand_mean).abs()
    assert np.all(np.diff(t.sort_values("n")["reliability"].to_numpy()) >= 0)
    assert spearmanr(t["n"], pull).statistic < -0.99
    small, large = t["n"].idxmin(), t["n"].idxmax()
    assert pull[small] > pull[large]
    lam = res.tau2 / (res.tau2 + res.sigma2 / t["n"])
    np.testing.assert_allclose(t["reliability"], lam, rtol=1e-10)


def test_suppressed_units_are_not_ranked_but_count_in_the_model():
    df, _, _ = simulate(11)
    t = rank_units(df, min_n=30)
    sup = t[t["suppressed"]]
    assert len(sup) > 0 and (sup["n"] < 30).all()
    assert sup[["rank", "rank_low", "rank_high"]].isna().all().all()
    assert sup[["p_top", "p_bottom"]].isna().all().all()
    ranked = t[~t["suppressed"]]
    assert sorted(ranked["rank"]) == list(range(1, len(ranked) + 1))
    assert ranked["rank_high"].max() <= len(ranked)
    # the model uses every respondent: eb_index follows icc() on the full data
    res = icc(df)
    expected = res.grand_mean + t["reliability"] * (t["culture_index"] - res.grand_mean)
    np.testing.assert_allclose(t["eb_index"], expected, rtol=1e-12)
    without = icc(df[df["opd"].isin(ranked["unit"])])
    assert without.grand_mean != pytest.approx(res.grand_mean, rel=1e-9)


def test_same_seed_same_output_different_seed_different_draws():
    df, _, _ = simulate(5)
    a = rank_units(df, seed=42)
    b = rank_units(df, seed=42)
    pd.testing.assert_frame_equal(a, b)
    c = rank_units(df, seed=43)
    assert not np.allclose(a["p_top"].fillna(-1), c["p_top"].fillna(-1))
    pd.testing.assert_series_equal(a["rank"], c["rank"])  # point ranks do not depend on draws


def test_rank_columns_are_consistent():
    df, _, units = simulate(3, with_values=True)
    t = rank_units(df, units=unit_table(units), year=2025, instrument=StubInstrument(),
                   min_n=10)
    ranked = t[~t["suppressed"]]
    assert (ranked["rank_low"] <= ranked["rank"]).all()
    assert (ranked["rank"] <= ranked["rank_high"]).all()
    assert ranked["p_top"].between(0, 1).all() and ranked["p_bottom"].between(0, 1).all()
    k = len(ranked)
    n_top = int(np.ceil(0.10 * k))
    assert ranked["p_top"].sum() == pytest.approx(n_top)  # each draw has n_top units on top
    assert ranked["p_bottom"].sum() == pytest.approx(n_top)
    shown = t[~t["suppressed"]]
    assert (shown["eb_ci_low"] <= shown["eb_index"]).all()
    assert (shown["eb_index"] <= shown["eb_ci_high"]).all()
    assert t.loc[t["suppressed"], ["eb_index", "eb_ci_low", "eb_ci_high"]].isna().all().all()
    assert t["name"].str.startswith("Dinas ").all()
    assert set(shown["category"]) <= {"Sehat", "Cukup Sehat", "Tidak Sehat", "Sangat Tidak Sehat"}
    assert (shown["weakest_value"] == "berorientasi_pelayanan").all()  # offset -15: lowest
    unit = t.iloc[0]["unit"]
    assert t.iloc[0]["weakest_value_score"] == pytest.approx(
        df.loc[df["opd"] == unit, "berorientasi_pelayanan"].mean()
    )
    assert "index" not in t.columns


def test_raw_method_ranks_by_raw_mean():
    df, _, _ = simulate(9)
    t = rank_units(df, method="raw", min_n=10)
    ranked = t[~t["suppressed"]]
    assert ranked["culture_index"].is_monotonic_decreasing
    assert ranked["rank"].tolist() == list(range(1, len(ranked) + 1))


def test_unscorable_respondents_are_dropped_and_empty_units_kept():
    df, _, units = simulate(4)
    df.loc[df.index[:3], "culture_index"] = np.nan
    extra = pd.concat(
        [
            units,
            pd.DataFrame(
                {"code": ["NEW"], "name": ["Badan Baru"], "opd_type": ["Badan"], "headcount": [40]}
            ),
        ]
    )
    t = rank_units(df, units=unit_table(extra), year=2025).set_index("unit")
    # suppressed rows have n blank; their respondents still count in the model (icc)
    assert t["n"].sum() == df["culture_index"].notna().sum() - (
        df.groupby("opd")["culture_index"].count().loc[lambda c: c < 10].sum())
    assert pd.isna(t.loc["NEW", "n"]) and bool(t.loc["NEW", "suppressed"])
    assert pd.isna(t.loc["NEW", "rank"])


# ----------------------------------------------------------------------------- peer groups
def test_peer_group_ranks_are_one_to_k_within_each_type():
    df, _, units = simulate(21)
    t = rank_units(df, units=unit_table(units), year=2025, within="opd_type", min_n=10)
    ranked = t[~t["suppressed"]]
    assert set(ranked["peer_group"]) <= {"Dinas", "Badan", "Biro", "Rumah Sakit", "Lainnya"}
    for _, grp in ranked.groupby("peer_group"):
        assert sorted(grp["rank"]) == list(range(1, len(grp) + 1))
        assert grp["rank_high"].max() <= len(grp)
        assert grp["eb_index"].is_monotonic_decreasing


def test_peer_group_from_scores_column():
    df, _, units = simulate(22)
    df["opd_type"] = df["opd"].map(units.set_index("code")["opd_type"])
    a = rank_units(df, within="opd_type")
    b = rank_units(df, units=unit_table(units[["code", "opd_type"]]), year=2025,
                   within="opd_type")
    pd.testing.assert_frame_equal(a, b.drop(columns="name"))


def test_size_class_ranks_use_thresholds_given_as_data():
    df, _, units = simulate(23)
    t = rank_units(df, units=unit_table(units), year=2025, within="size_class",
                   size_thresholds=(100, 500))
    assert set(t["peer_group"]) <= {"<100", "100-499", ">=500"}
    head = units.set_index("code")["headcount"]
    small = t[t["peer_group"] == "<100"]["unit"]
    assert (head[small] < 100).all()
    for _, grp in t[~t["suppressed"]].groupby("peer_group"):
        assert sorted(grp["rank"]) == list(range(1, len(grp) + 1))
    t2 = rank_units(df, units=unit_table(units), year=2025, within="size_class",
                    size_thresholds=(200,))
    assert set(t2["peer_group"]) <= {"<200", ">=200"}


# ----------------------------------------------------------------------------- improvement
def test_improvement_areas_values_and_items():
    df, _, _ = simulate(31, with_values=True)
    rng = np.random.default_rng(0)
    items = pd.DataFrame(rng.uniform(40, 100, (len(df), 6)), columns=[f"I{i}" for i in range(6)])
    items["I4"] -= 30  # lowest everywhere
    out = improvement_areas(df, items=items, value_columns=VALUES, min_n=10, n_weakest=2)
    ok = out[~out["suppressed"]]
    assert (ok["weakest_value"] == "berorientasi_pelayanan").all()
    province = df["berorientasi_pelayanan"].mean()
    np.testing.assert_allclose(ok["province_score"], province)
    np.testing.assert_allclose(ok["gap"], ok["weakest_value_score"] - province)
    assert (ok["item_1"] == "I4").all()
    assert (ok["item_1_score"] <= ok["item_2_score"]).all()
    assert out[out["suppressed"]][["weakest_value", "item_1"]].isna().all().all()
    by_gap = improvement_areas(df, value_columns=VALUES, order="gap", instrument=StubInstrument())
    unit_means = df.groupby("opd")[VALUES].mean()
    gaps = (unit_means - df[VALUES].mean()).loc[by_gap["unit"]]
    ok = ~by_gap["suppressed"].to_numpy()
    np.testing.assert_allclose(by_gap["gap"][ok], gaps.min(axis=1)[ok])
    assert (by_gap["weakest_value"][ok].to_numpy() == gaps.idxmin(axis=1)[ok].to_numpy()).all()


# ----------------------------------------------------------------------------- input rules
@pytest.fixture
def small():
    df, _, units = simulate(1, k=6)
    return df, units


def test_missing_by_column_raises(small):
    df, _ = small
    with pytest.raises(ValueError, match='column "unit_code".*not found'):
        rank_units(df, by="unit_code")
    with pytest.raises(ValueError, match='column "opd_code"'):
        icc(df, by="opd_code")


def test_non_numeric_index_raises(small):
    df, _ = small
    with pytest.raises(ValueError, match='column "culture_index".*numeric'):
        rank_units(df.assign(culture_index=df["culture_index"].astype(str)))


def test_all_missing_index_raises(small):
    df, _ = small
    with pytest.raises(ValueError, match="no scorable respondent"):
        icc(df.assign(culture_index=np.nan))


def test_missing_unit_code_raises(small):
    df, _ = small
    df = df.copy()
    df.loc[df.index[2], "opd"] = None
    with pytest.raises(ValueError, match='column "opd", row 2'):
        rank_units(df)


@pytest.mark.parametrize("min_n", [0, -1, 2.5])
def test_bad_min_n_raises(small, min_n):
    with pytest.raises(ValueError, match="min_n"):
        rank_units(small[0], min_n=min_n)


@pytest.mark.parametrize(
    ("kwargs", "word"),
    [
        ({"method": "bayes"}, "method"),
        ({"draws": 10}, "draws"),
        ({"top_share": 1.5}, "top_share"),
        ({"confidence": 95}, "confidence"),
        ({"value_columns": ["adaptiv"]}, "adaptiv"),
        ({"within": "cluster"}, "cluster"),
        ({"within": "size_class"}, "headcount"),
    ],
)
def test_bad_options_raise(small, kwargs, word):
    with pytest.raises(ValueError, match=word):
        rank_units(small[0], **kwargs)


def test_unknown_unit_code_suggests_fix(small):
    df, units = small
    units = units.assign(code=units["code"].str.replace("OPD00", "OPD-00"))
    with pytest.raises(ValueError, match="did you mean 'OPD-00'"):
        rank_units(df, units=unit_table(units), year=2025)


def test_units_table_rules(small):
    df, units = small
    with pytest.raises(ValueError, match="UnitTable"):
        rank_units(df, units=units)
    with pytest.raises(ValueError, match="year"):
        rank_units(df, units=unit_table(units))
    with pytest.raises(ValueError, match="size_thresholds"):
        rank_units(df, units=unit_table(units), year=2025, within="size_class",
                   size_thresholds=(500, 100))


def test_single_unit_raises():
    df = pd.DataFrame({"opd": ["A"] * 5, "culture_index": [70.0, 71, 72, 73, 74]})
    with pytest.raises(ValueError, match="at least 2 units"):
        icc(df)


def test_icc_bad_method_raises(small):
    with pytest.raises(ValueError, match="method"):
        icc(small[0], method="ml")


def test_improvement_areas_rules(small):
    df, _ = small
    with pytest.raises(ValueError, match="value_columns"):
        improvement_areas(df)
    with pytest.raises(ValueError, match="same order as scores"):
        improvement_areas(df, value_columns=["culture_index"], items=pd.DataFrame({"I1": [1.0]}))
    with pytest.raises(ValueError, match="order"):
        improvement_areas(df, value_columns=["culture_index"], order="worst")
    with pytest.raises(ValueError, match="n_weakest"):
        improvement_areas(df, value_columns=["culture_index"], n_weakest=0)


def test_all_units_suppressed_gives_no_ranks():
    rng = np.random.default_rng(0)
    df = pd.DataFrame(
        {"opd": np.repeat(list("ABC"), [3, 4, 5]), "culture_index": rng.normal(70, 10, 12)}
    )
    t = rank_units(df, min_n=10)
    assert t["suppressed"].all() and t["rank"].isna().all() and t["eb_index"].isna().all()
