"""Which units need attention, which to learn from, and the priorities with what to do.

Generated once from the saved (published) tables for the deck and the start page (through
:func:`akhlak_analysis.report.messages.build_messages`). A unit is judged on what is published
about it: a withheld unit has no index here, only its action-plan status.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import numpy as np
import pandas as pd

from .. import defaults
from ..checks import require_columns
from ..instrument import Instrument, load_instrument
from . import names
from .wording import (
    OrgWords,
    count_text,
    join_names,
    num,
    organisation_words,
    published_rows,
    shown_change,
)

__all__ = ["LOW_RESPONSE", "PLANS_BY_VALUE", "RED_SHARE", "priorities",
           "units_needing_attention", "units_to_learn_from"]

#: A unit's response rate below this puts it on the attention list.
LOW_RESPONSE = defaults.LOW_RESPONSE
#: A unit with at least this share of its Rencana Aksi actions red is on the attention list.
RED_SHARE = defaults.RED_SHARE
#: Optional table of Rencana Aksi status per value (``value``, ``n_actions``, ``merah``,
#: ``kuning``, ``hijau``); not yet saved by a notebook, used when present.
PLANS_BY_VALUE = "rencana_aksi_per_nilai"


def _province_index(tables: Mapping[str, pd.DataFrame]) -> float | None:
    head = tables.get(names.HEADLINE)
    return None if head is None or not len(head) else float(
        head.sort_values("year").iloc[-1]["culture_index"])


def _unit_frame(tables: Mapping[str, pd.DataFrame]) -> tuple[pd.DataFrame, tuple[int, int]]:
    """Every unit once: index (NaN when withheld), response rate, change, plan status; and
    the two years of the change (0, 0 without one)."""
    base = tables.get(names.OPD_INDEX)
    cols = ["unit", "name", "culture_index", "ci_low", "ci_high", "response_rate"]
    out = (base[[c for c in cols if c in base.columns]].copy() if base is not None
           else pd.DataFrame(columns=cols))
    if base is not None and "suppressed" in base.columns:
        hide = base["suppressed"].fillna(False).astype(bool).to_numpy()
        out.loc[hide, [c for c in cols[2:] if c in out.columns]] = np.nan
    change, pair = published_rows(tables.get(names.UNIT_CHANGE)), (0, 0)
    if len(change):
        years = sorted(int(c.rsplit("_", 1)[1]) for c in change.columns
                       if re.fullmatch(r"culture_index_\d{4}", c))
        ch = change.set_index("unit")
        out["before"] = out["unit"].map(ch[f"culture_index_{years[0]}"]).astype(float)
        out["after"] = out["unit"].map(ch[f"culture_index_{years[-1]}"]).astype(float)
        out["direction"] = out["unit"].map(ch["direction"]).astype(object)
        pair = (years[0], years[-1])
    plans = tables.get(names.ACTION_PLANS)
    if plans is not None and len(plans):
        extra = plans[~plans["unit"].isin(out["unit"])][["unit", "name"]]
        out = pd.concat([out, extra], ignore_index=True)
        p = plans.set_index("unit")
        for c in ("n_actions", "merah", "hijau"):
            out[c] = out["unit"].map(p[c]).astype(float)
    return out, pair


def _change_words(r: pd.Series, years: tuple[int, int]) -> str:
    d = shown_change(r["before"], r["after"])
    return (f"{'naik' if d > 0 else 'turun'} bermakna {num(abs(d))} poin pada butir yang sama "
            f"({years[0]}: {num(r['before'])}; {years[1]}: {num(r['after'])})")


def units_needing_attention(tables: Mapping[str, pd.DataFrame], *, words: OrgWords | None = None,
                            low_response: float = LOW_RESPONSE,
                            red_share: float = RED_SHARE) -> pd.DataFrame:
    """Units needing attention: low level, falling, red actions, low response.

    A unit is listed for each reason that holds: its whole 95% interval lies below the
    index of the whole organisation (``low``); it fell significantly on the common items
    (``falling``); at least ``red_share`` of its Rencana Aksi actions are red (``red``); its
    response rate is below ``low_response`` (``low_response``). Withheld units are judged
    only on what is published about them (action plans).

    Parameters
    ----------
    tables : mapping of str to DataFrame
        The saved tables: ``indeks_provinsi`` and ``indeks_opd`` (level, response rate),
        ``perubahan_opd`` (change) and ``rencana_aksi`` (actions), each optional.
    words : OrgWords, optional
        The level word used in the reasons ("indeks provinsi").
    low_response, red_share : float
        The cut-offs (:data:`LOW_RESPONSE`, :data:`RED_SHARE`).

    Returns
    -------
    DataFrame
        ``unit``, ``name``, ``culture_index``, the four flags, ``n_reasons`` and ``reasons``
        (Indonesian, joined by "; "), most reasons first, then falling, then lowest index.

    Notes
    -----
    "Clearly below" compares the unit's interval with the organisation's point index
    (``ci_high < index``), as a reader compares the two printed figures; "falling" is the
    change table's ``direction == "down"`` (its multiple-comparison-adjusted test).

    Examples
    --------
    >>> t = {"indeks_provinsi": pd.DataFrame({"year": [2025], "culture_index": [79.0]}),
    ...      "indeks_opd": pd.DataFrame({"unit": ["A", "B"], "name": ["Dinas A", "Dinas B"],
    ...          "culture_index": [64.8, 80.1], "ci_low": [62.5, 78.0], "ci_high": [67.1, 82.2],
    ...          "response_rate": [0.5, 0.2]})}
    >>> units_needing_attention(t)[["name", "reasons"]].to_numpy().tolist()
    [['Dinas A', 'jelas di bawah indeks keseluruhan (79,0)'], ['Dinas B', 'tingkat respons 20,0%']]
    """
    (u, years), prov = _unit_frame(tables), _province_index(tables)
    area = (words or organisation_words()).area
    flags = pd.DataFrame(index=u.index)
    flags["falling"] = u["direction"].eq("down") if "direction" in u else False
    flags["low"] = (u["ci_high"] < prov) if prov is not None else False
    flags["red"] = (u["merah"] >= red_share * u["n_actions"]) & (u["merah"] > 0) \
        if "merah" in u else False
    flags["low_response"] = u["response_rate"] < low_response if "response_rate" in u else False
    flags = flags.fillna(False).astype(bool)
    reasons = []
    for i, r in u.iterrows():
        why = []
        if flags.at[i, "falling"]:
            why.append(_change_words(r, years))
        if flags.at[i, "low"]:
            why.append(f"jelas di bawah indeks {area} ({num(prov)})")
        if flags.at[i, "red"]:
            why.append(f"{num(r['merah'], 0)} dari {num(r['n_actions'], 0)} aksi Rencana Aksi "
                       "merah")
        if flags.at[i, "low_response"]:
            why.append(f"tingkat respons {num(100 * r['response_rate'])}%")
        reasons.append("; ".join(why))
    out = pd.concat([u[["unit", "name", "culture_index"]], flags], axis=1)
    out["n_reasons"] = flags.sum(axis=1).astype(int)
    out["reasons"] = reasons
    out = out[out["n_reasons"] > 0]
    return out.sort_values(["n_reasons", "falling", "culture_index", "name"],
                           ascending=[False, False, True, True],
                           na_position="last").reset_index(drop=True)


def units_to_learn_from(tables: Mapping[str, pd.DataFrame], *, words: OrgWords | None = None
                        ) -> pd.DataFrame:
    """Units to learn from: clearly above the whole organisation, or rising significantly.

    A unit is listed when its whole 95% interval lies above the index of the whole
    organisation (``high``) or it rose significantly on the common items (``rising``);
    every action of its Rencana Aksi being green is added as a reason (``plans_green``).

    Parameters
    ----------
    tables : mapping of str to DataFrame
        As for :func:`units_needing_attention`.
    words : OrgWords, optional

    Returns
    -------
    DataFrame
        ``unit``, ``name``, ``culture_index``, the three flags, ``n_reasons``, ``reasons``;
        most reasons first, then highest index.

    Examples
    --------
    >>> t = {"indeks_provinsi": pd.DataFrame({"year": [2025], "culture_index": [79.0]}),
    ...      "indeks_opd": pd.DataFrame({"unit": ["A", "B"], "name": ["Dinas A", "Dinas B"],
    ...          "culture_index": [64.8, 85.9], "ci_low": [62.5, 85.2], "ci_high": [67.1, 86.6],
    ...          "response_rate": [0.5, 0.7]})}
    >>> units_to_learn_from(t)[["name", "reasons"]].to_numpy().tolist()
    [['Dinas B', 'jelas di atas indeks keseluruhan (79,0)']]
    """
    (u, years), prov = _unit_frame(tables), _province_index(tables)
    area = (words or organisation_words()).area
    flags = pd.DataFrame(index=u.index)
    flags["high"] = (u["ci_low"] > prov) if prov is not None else False
    flags["rising"] = u["direction"].eq("up") if "direction" in u else False
    flags["plans_green"] = ((u["hijau"] == u["n_actions"]) & (u["n_actions"] > 0)
                            if "hijau" in u else False)
    flags = flags.fillna(False).astype(bool)
    keep = flags["high"] | flags["rising"]
    reasons = []
    for i, r in u.iterrows():
        why = []
        if flags.at[i, "high"]:
            why.append(f"jelas di atas indeks {area} ({num(prov)})")
        if flags.at[i, "rising"]:
            why.append(_change_words(r, years))
        if flags.at[i, "plans_green"]:
            why.append("semua aksi Rencana Aksi hijau")
        reasons.append("; ".join(why))
    out = pd.concat([u[["unit", "name", "culture_index"]], flags], axis=1)
    out["n_reasons"] = flags.sum(axis=1).astype(int)
    out["reasons"] = reasons
    out = out[keep]
    return out.sort_values(["n_reasons", "culture_index", "name"], ascending=[False, False, True],
                           na_position="last").reset_index(drop=True)


# --------------------------------------------------------------------------- priorities
def _plan_advice(tables: Mapping[str, pd.DataFrame], value: str, value_name: str,
                 words: OrgWords) -> str:
    """What the Rencana Aksi says about a value, as advice."""
    by_value = tables.get(PLANS_BY_VALUE)
    if by_value is not None and len(by_value):
        require_columns(by_value, ["value", "n_actions", "merah"],
                        what=f"saved table {PLANS_BY_VALUE}")
        row = by_value[by_value["value"] == value]
        n = int(row["n_actions"].sum()) if len(row) else 0
        red = int(row["merah"].sum()) if len(row) else 0
        if n == 0:
            return (f"Rencana Aksi belum memuat aksi untuk nilai {value_name}: tambahkan aksi "
                    "untuk perilaku ini.")
        return (f"Rencana Aksi nilai {value_name}: {count_text(n, 'aksi')}, {num(red, 0)} merah"
                + ("; tuntaskan aksi merah lebih dulu." if red else
                   "; pantau hasilnya pada survei berikutnya."))
    if tables.get(names.ACTION_PLANS) is not None:
        return (f"Pastikan Rencana Aksi {words.unit} tersebut memuat aksi untuk nilai "
                f"{value_name}.")
    return f"Masukkan perilaku ini ke Rencana Aksi {words.unit} tersebut."


def _weakest_behaviours(items: pd.DataFrame, ins: Instrument, k: int, per_value: int
                        ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The behaviours ranked by the mean province score of their items, at most
    ``per_value`` of one value; and the per-item province figures."""
    per_item = items.groupby("item", sort=False)[
        ["province_score", "province_pct_favourable"]].first()
    per_item = per_item[per_item.index.isin(ins.item_codes)].copy()
    per_item["behaviour"] = [ins.item(c).behaviour for c in per_item.index]
    per_item["value"] = [ins.item(c).value for c in per_item.index]
    beh = per_item.groupby(["behaviour", "value"]).agg(
        score=("province_score", "mean"), pct_favourable=("province_pct_favourable", "mean"))
    beh = beh.reset_index().sort_values(["score", "behaviour"], kind="stable")
    beh = beh[beh.groupby("value").cumcount() < per_value].head(k)
    return beh.reset_index(drop=True), per_item


def priorities(tables: Mapping[str, pd.DataFrame], *, instrument: str | Instrument,
               words: OrgWords | None = None, k: int = 3, per_value: int = 2) -> pd.DataFrame:
    """The ``k`` weakest behaviours of the whole organisation and what to do about each.

    Behaviours (the instrument's *panduan perilaku*, in their official wording) are ranked by
    the mean score of their items over all respondents (the province figures of
    ``butir_opd``), at most ``per_value`` of one value so that the priorities cover more than
    one value; a reverse-keyed item counts after reversal, so a low score always means the
    behaviour is weak (``note`` says so in words).

    Returns
    -------
    DataFrame
        ``behaviour`` (code), ``text`` (the behaviour in words), ``value``, ``value_name``,
        ``score`` (0-100), ``pct_favourable``, ``units`` (the published units with the lowest
        score on it, names joined: three, fewer when there are fewer than nine), ``advice``
        (what to do), ``note`` (what a low score of a negatively worded item means, else
        empty).

    Notes
    -----
    Behaviour score = mean over its items of the province item score (0-100); R:
    ``aggregate(province_score ~ behaviour, items, mean)``.

    Examples
    --------
    >>> ins = load_instrument("berakhlak-2025")
    >>> items = pd.DataFrame({"unit": "A", "name": "Dinas A", "item": ins.item_codes,
    ...     "score": 80.0, "province_score": [60.0 + i for i in range(len(ins.item_codes))],
    ...     "province_pct_favourable": 75.0, "suppressed": False})
    >>> p = priorities({"butir_opd": items}, instrument=ins, k=2)  # BP1 = mean of BP1, BP4
    >>> p[["behaviour", "text", "value_name"]].to_numpy().tolist()
    [['BP2', 'Ramah, cekatan, solutif, dan dapat diandalkan', 'Berorientasi Pelayanan'], ['BP1', 'Memahami dan memenuhi kebutuhan masyarakat', 'Berorientasi Pelayanan']]
    >>> p["advice"].iloc[0]
    'Mulai dari OPD dengan skor terendah pada perilaku ini: Dinas A. Masukkan perilaku ini ke Rencana Aksi OPD tersebut.'
    """
    ins, words = load_instrument(instrument), words or organisation_words()
    items = tables.get(names.OPD_ITEMS)
    cols = ["behaviour", "text", "value", "value_name", "score", "pct_favourable", "units",
            "advice", "note"]
    if items is None or not len(items):
        return pd.DataFrame(columns=cols)
    beh, per_item = _weakest_behaviours(items, ins, k, per_value)
    texts = {b.code: b.text for b in ins.behaviours}
    shown = published_rows(items)
    n_low = max(1, min(3, shown["unit"].nunique() // 3)) if len(shown) else 0
    rows = []
    for r in beh.itertuples(index=False):
        codes = list(per_item.index[per_item["behaviour"] == r.behaviour])
        low = (shown[shown["item"].isin(codes)].groupby("name")["score"].mean()
               .sort_values(kind="stable").head(n_low))
        advice = (f"Mulai dari {words.unit} dengan skor terendah pada perilaku ini: "
                  f"{join_names(list(low.index))}. " if len(low) else "")
        advice += _plan_advice(tables, r.value, ins.value_name(r.value), words)
        negative = [c for c in codes if ins.item(c).reverse]
        note = ("Butir negatif (“" + ins.item(negative[0]).text.rstrip(".") + "”): skor rendah "
                "berarti banyak pegawai menyetujui pernyataan itu." if negative else "")
        rows.append({"behaviour": r.behaviour, "text": texts.get(r.behaviour,
                                                                 ins.item(codes[0]).text),
                     "value": r.value, "value_name": ins.value_name(r.value),
                     "score": float(r.score), "pct_favourable": float(r.pct_favourable),
                     "units": ", ".join(low.index), "advice": advice, "note": note})
    return pd.DataFrame(rows, columns=cols)
