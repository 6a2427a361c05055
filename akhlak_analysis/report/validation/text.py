"""Generated conclusions of the instrument validation (Markdown, Bahasa Indonesia).

The wording is written from the flags of the tables (:mod:`.tables`) and the invariance
results (:mod:`.invariance`), never typed into a notebook.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

import pandas as pd

from ...checks import require_columns
from ...instrument import Instrument
from ...labels import format_number
from ...stats import psychometrics as pm
from .invariance import GroupInvariance, InvarianceLevel, YearInvariance

__all__ = ["criteria_sentence", "describe_estimation", "group_invariance_sentence",
           "improper_text", "invariance_sentence",
           "ordinal_check_sentence", "ordinal_unavailable", "validation_conclusions"]

_ITEM_REASONS = {
    "flag_low_r_drop": "korelasi butir-total terkoreksi < {r_drop}",
    "flag_alpha_rises": "alpha nilainya naik bila butir dihapus",
    "flag_low_loading": "muatan faktor baku < {loading}",
    "flag_efa": "pada EFA tidak mengelompok bersih dengan butir lain dari nilainya",
}
_LEVEL_TEXT = {
    "configural": "hanya invariansi konfigural (pola faktor sama, muatan berbeda)",
    "metric": "invariansi metrik (muatan sama), tetapi tidak skalar (intersep berbeda)",
    "scalar": "invariansi skalar (muatan dan intersep sama)",
    "strict": "invariansi ketat (muatan, intersep, dan varians residu sama)",
    "partial_scalar": "invariansi skalar parsial",
    "thresholds": "invariansi ambang (ambang kategori sama), tetapi tidak metrik (muatan "
                  "berbeda)",
}
_LEVEL_NAME = {"metric": "metrik", "scalar": "skalar", "strict": "ketat"}

def _num(x: float, d: int = 2) -> str:
    return format_number(x, d)


def _names(codes: Iterable[str], instrument: Instrument | None) -> str:
    codes = list(codes)
    names = [instrument.value_name(c) if instrument is not None and c in instrument.value_codes
             else c for c in codes]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " dan " + names[-1]


def _items_text(items: pd.DataFrame, crit: dict[str, float]) -> list[str]:
    fmt = {"r_drop": _num(crit["r_drop"]), "loading": _num(crit["loading"])}
    out = []
    counts = items["action"].value_counts()
    out.append(f"- **Butir.** Dari {len(items)} butir, {int(counts.get('keep', 0))} "
               f"dipertahankan, {int(counts.get('revise', 0))} perlu ditinjau/direvisi, dan "
               f"{int(counts.get('drop', 0))} disarankan dihapus.")
    for action, verb in (("drop", "Disarankan dihapus"), ("revise", "Perlu ditinjau")):
        sub = items[items["action"] == action]
        for _, row in sub.iterrows():
            why = [t.format(**fmt) for f, t in _ITEM_REASONS.items() if bool(row.get(f, False))]
            out.append(f"  - {verb}: **{row['item']}** (muatan {_num(row['loading'])}; "
                       + "; ".join(why) + ").")
    return out


def _values_text(values: pd.DataFrame, crit: dict[str, float],
                 ins: Instrument | None) -> list[str]:
    out = []
    low_local = values.loc[~values["alpha_ok_local"], "value"]
    low = values.loc[values["alpha_ok_local"] & ~values["alpha_ok"], "value"]
    lo, hi = values["alpha"].min(), values["alpha"].max()
    text = (f"- **Reliabilitas.** Alpha Cronbach per nilai {_num(lo)} sampai {_num(hi)}. ")
    if low_local.empty and low.empty:
        text += f"Semua nilai memenuhi batas internasional {_num(crit['alpha'])}."
    else:
        if len(low_local):
            text += (f"Di bawah batas lokal {_num(crit['alpha_local'])}: "
                     f"{_names(low_local, ins)}. ")
        if len(low):
            text += (f"Memenuhi batas lokal {_num(crit['alpha_local'])} tetapi di bawah "
                     f"{_num(crit['alpha'])}: {_names(low, ins)}.")
    out.append(text.strip())
    cr_bad = values.loc[~values["cr_ok"], "value"]
    ave_bad = values.loc[~values["ave_ok"], "value"]
    text = "- **Validitas konvergen.** "
    text += ("Reliabilitas komposit (CR) semua nilai memenuhi "
             f"{_num(crit['cr'])}. " if cr_bad.empty else
             f"CR di bawah {_num(crit['cr'])}: {_names(cr_bad, ins)}. ")
    text += (f"AVE semua nilai memenuhi {_num(crit['ave'])}." if ave_bad.empty else
             f"AVE di bawah {_num(crit['ave'])}: {_names(ave_bad, ins)} (butir-butirnya "
             "berbagi kurang dari separuh variansnya dengan nilainya).")
    out.append(text)
    fl_bad = values.loc[~values["fornell_larcker_ok"], "value"]
    ht_bad = values.loc[~values["htmt_ok"]]
    text = "- **Validitas diskriminan.** "
    text += ("Kriteria Fornell-Larcker terpenuhi untuk semua nilai. " if fl_bad.empty else
             f"Kriteria Fornell-Larcker tidak terpenuhi untuk {_names(fl_bad, ins)} "
             "(akar AVE tidak melebihi korelasinya dengan nilai lain). ")
    if ht_bad.empty:
        text += f"Semua HTMT di bawah {_num(crit['htmt'])}."
    else:
        pairs = sorted({tuple(sorted((r.value, r.htmt_with))) for r in ht_bad.itertuples()})
        text += (f"HTMT mencapai {_num(crit['htmt'])} atau lebih untuk pasangan "
                 + "; ".join(f"{_names([a], ins)}–{_names([b], ins)}" for a, b in pairs)
                 + ": nilai-nilai ini sulit dibedakan oleh responden.")
    out.append(text)
    return out


def _fit_text(fit: pd.DataFrame, ins: Instrument | None = None) -> list[str]:
    out = []
    for _, row in fit.iterrows():
        failed = [m.upper() for m, _ in pm.FIT_RULES if not bool(row[f"{m}_ok"])]
        verdict = ("memenuhi semua batas Hu & Bentler" if not failed else
                   "tidak memenuhi batas untuk " + ", ".join(failed))
        text = (f"- **Kecocokan model {row['model']}** (n = {int(row['n'])}): CFI "
                f"{_num(row['cfi'], 3)}, TLI {_num(row['tli'], 3)}, RMSEA "
                f"{_num(row['rmsea'], 3)} (90%: {_num(row['rmsea_ci_low'], 3)}–"
                f"{_num(row['rmsea_ci_high'], 3)}), SRMR {_num(row['srmr'], 3)}: {verdict}.")
        if bool(row.get("improper", False)):
            detail = improper_text(str(row.get("problems", "") or ""), ins)
            text += (" **Solusinya tidak wajar (kasus Heywood)**" + (f": {detail}" if detail
                                                                      else "")
                     + "; nilainya dibiarkan seperti hasil estimasi (seperti lavaan) dan model "
                     "ini perlu dibaca hati-hati.")
        out.append(text)
    return out


_PROBLEM_TEXT = {
    "negative_ov_variance": "varians residu negatif pada butir {name}",
    "negative_lv_variance": "varians negatif pada faktor {name}",
    "lv_not_positive_definite": "korelasi {name} melebihi 1",
    "theta_not_positive_definite": "matriks kovarians residu tidak definit positif",
}


def improper_text(codes: str, instrument: Instrument | None = None) -> str:
    """The improper parts of a solution (``problems`` of :func:`~.tables.fit_summary`, or
    its ``problem_codes``) in Indonesian.

    Examples
    --------
    >>> improper_text("negative_ov_variance:BP3; lv_not_positive_definite:f1~~f2@B")
    'varians residu negatif pada butir BP3; korelasi f1 dan f2 melebihi 1 pada kelompok B'
    """
    parts = []
    for code in filter(None, (c.strip() for c in codes.split(";"))):
        kind, _, rest = code.partition(":")
        name, _, group = rest.partition("@")
        if kind == "lv_not_positive_definite" and "~~" in name:
            name = " dan ".join(_names([f], instrument) for f in name.split("~~"))
        elif kind == "negative_lv_variance":
            name = _names([name], instrument)
        text = _PROBLEM_TEXT.get(kind, kind).format(name=name) if name or kind not in (
            "lv_not_positive_definite",) else "matriks kovarians faktor tidak definit positif"
        parts.append(text + (f" pada kelompok {group}" if group else ""))
    return "; ".join(parts)


def _invariance_text(level: InvarianceLevel, what: str, compare: str) -> str:
    text = f"- **Invariansi pengukuran {what}:** tercapai {_LEVEL_TEXT[level.level]}"
    if level.level == "partial_scalar":
        text += (" dengan intersep butir " + ", ".join(level.freed) + " dibebaskan. "
                 f"Perbandingan rerata {compare} dapat dilakukan pada tingkat laten (model "
                 "dengan intersep tersebut bebas); rerata skor mentah perlu dibaca hati-hati "
                 "karena butir-butir itu bergeser di luar perubahan budaya kerja.")
    elif level.means_comparable:
        text += f". Perbandingan rerata {compare} **dapat dipertanggungjawabkan**."
    elif level.level == "metric":
        text += (f". Hubungan antarvariabel dapat dibandingkan, tetapi perbandingan rerata "
                 f"{compare} **belum dapat dipertanggungjawabkan**.")
    else:
        text += f". Perbandingan rerata {compare} **tidak dapat dipertanggungjawabkan**."
    return text


_MODEL_NAME = {"configural": "konfigural", "thresholds": "ambang", "metric": "metrik",
               "scalar": "skalar", "strict": "ketat", "partial_scalar": "skalar parsial"}


def _improper_invariance(table: pd.DataFrame | None) -> str:
    """The sentence on improper solutions in an invariance table (blank when there is none)."""
    if table is None or "improper" not in table.columns or not table["improper"].any():
        return ""
    bad = table[table["improper"].astype(bool)]
    models = [_MODEL_NAME.get(m, m) for m in bad["model"]]
    groups = sorted({g for text in bad["problems"] for g in re.findall(r"in group '([^']*)'",
                                                                      str(text))})
    where = f" pada kelompok {', '.join(groups)}" if groups else ""
    listed = ", ".join(models[:-1]) + " dan " + models[-1] if len(models) > 1 else models[0]
    return (f" Model {listed} menghasilkan **solusi tidak wajar** (kasus Heywood: varians "
            f"negatif atau korelasi faktor di atas 1){where}; nilainya dibiarkan seperti hasil "
            "estimasi dan keputusan ini perlu dibaca hati-hati.")


def _criterion_text(criterion: pd.DataFrame) -> list[str]:
    names = {"attendance_rate": "tingkat kehadiran", "discipline_cases": "kasus disiplin"}
    parts = []
    for _, row in criterion[criterion["method"] == "pearson"].iterrows():
        sig = row["ci_low"] > 0 or row["ci_high"] < 0
        parts.append(f"{names.get(row['criterion'], row['criterion'])} r = {_num(row['r'])} "
                     f"(95%: {_num(row['ci_low'])} sampai {_num(row['ci_high'])}; "
                     f"n = {int(row['n'])} OPD; {'bermakna' if sig else 'tidak bermakna'})")
    if not parts:
        return []
    return ["- **Validitas kriteria.** Indeks OPD berkorelasi dengan " + "; ".join(parts)
            + ". Korelasi ini melemah oleh galat sampling indeks per OPD."]


def validation_conclusions(items: pd.DataFrame, values: pd.DataFrame | None,
                           fit: pd.DataFrame, *,
                           invariance_years: InvarianceLevel | None = None,
                           invariance_groups: InvarianceLevel | None = None,
                           criterion: pd.DataFrame | None = None,
                           sensitivity: pd.DataFrame | None = None,
                           instrument: Instrument | None = None,
                           years: Sequence[int] = (), group_name: str = "jenis jabatan",
                           criteria: Mapping[str, float] | None = None) -> str:
    """The conclusions of the instrument validation as Markdown (Indonesian), from the flags.

    Parameters
    ----------
    items : DataFrame
        From :func:`item_summary`.
    values : DataFrame or None
        From :func:`value_summary` (None when it could not be computed: no bullets on
        reliability and validity).
    fit : DataFrame
        From :func:`fit_summary`.
    invariance_years : YearInvariance or InvarianceLevel, optional
        :func:`invariance_across_years` (or its ``level``); None in a first survey year.
        With the result, improper solutions in its table are mentioned.
    invariance_groups : GroupInvariance or InvarianceLevel, optional
        :func:`invariance_by_group` (or its ``level``) across the groups named by
        ``group_name``.
    criterion : DataFrame, optional
        From :func:`criterion_correlations`.
    sensitivity : DataFrame, optional
        From :func:`straightlining_sensitivity`.
    instrument : Instrument, optional
        For the value names (else value codes are printed).
    years : sequence of int
        The years compared (for the text).
    group_name : str
        What the groups are, in Indonesian (e.g. "jenis jabatan").
    criteria : mapping, optional
        Overrides of ``pm.CRITERIA`` (must be those used to build the tables).

    Returns
    -------
    str
        Markdown: a heading and one bullet per topic (items to revise or drop with the
        reasons, reliability, convergent and discriminant validity, model fit, invariance and
        whether year-to-year comparison of means is justified, criterion validity, the effect
        of straight-lining).

    Examples
    --------
    >>> from akhlak_analysis.report.validation import fit_summary
    >>> items = pd.DataFrame({"item": ["a1", "a2"], "loading": [.8, .45], "action":
    ...     ["keep", "revise"], "flag_low_loading": [False, True]})
    >>> values = pd.DataFrame({"value": ["a"], "alpha": [.8], "alpha_ok_local": [True],
    ...     "alpha_ok": [True], "cr_ok": [True], "ave_ok": [True],
    ...     "fornell_larcker_ok": [True], "htmt_ok": [True], "htmt_with": ["b"]})
    >>> fit = fit_summary({"7 nilai": pd.Series({"n": 500, "chi2": 80.0, "df": 50,
    ...     "p_value": .004, "cfi": .97, "tli": .96, "rmsea": .035, "rmsea_ci_low": .02,
    ...     "rmsea_ci_high": .05, "srmr": .04})})
    >>> text = validation_conclusions(items, values, fit, years=[2024, 2025],
    ...     invariance_years=InvarianceLevel("partial_scalar", ("KO1",)))
    >>> print(text.splitlines()[2])
    - **Butir.** Dari 2 butir, 1 dipertahankan, 1 perlu ditinjau/direvisi, dan 0 disarankan dihapus.
    >>> "KO1 dibebaskan" in text
    True
    """
    crit = pm.merge_criteria(criteria)
    require_columns(items, ["item", "loading", "action"],
                    what="items table of validation_conclusions", source="item_summary")
    if values is not None:
        require_columns(values, ["value", "alpha", "alpha_ok_local", "alpha_ok", "cr_ok",
                                 "ave_ok", "fornell_larcker_ok", "htmt_ok", "htmt_with"],
                        what="values table of validation_conclusions", source="value_summary")
    lines = ["### Kesimpulan validasi instrumen", ""]
    lines += _items_text(items, crit)
    if values is not None:
        lines += _values_text(values, crit, instrument)
    lines += _fit_text(fit, instrument)
    if invariance_years is not None:
        lines.append(invariance_sentence(invariance_years, years=years))
    if isinstance(invariance_groups, GroupInvariance):
        lines.append(group_invariance_sentence(invariance_groups, group_name=group_name))
    elif invariance_groups is not None:
        lines.append(_invariance_text(invariance_groups, f"antar{group_name}",
                                      f"antar{group_name}"))
    if criterion is not None:
        lines += _criterion_text(criterion)
    if sensitivity is not None:
        big = sensitivity[sensitivity["change"].abs() >= 0.05]
        if len(big):
            lines.append("- **Responden berjawaban seragam.** Tanpa mereka, muatan faktor "
                         + ", ".join(f"{r.item} berubah {_num(r.change)}"
                                     for r in big.itertuples())
                         + ". Butir negatif (dibalik) peka terhadap pola ini, sehingga analisis "
                         "validasi memakai data tanpa responden yang ditandai.")
        else:
            lines.append("- **Responden berjawaban seragam** tidak mengubah muatan faktor "
                         "lebih dari 0,05.")
    return "\n".join(lines) + "\n"


def invariance_sentence(result: YearInvariance | InvarianceLevel, *,
                        years: Sequence[int] = ()) -> str:
    """The Indonesian sentence (Markdown bullet) stating what the year comparison may claim.

    Parameters
    ----------
    result : YearInvariance or InvarianceLevel
        From :func:`invariance_across_years` (or just its ``level``).
    years : sequence of int
        The years, when ``result`` is an :class:`InvarianceLevel`.

    Returns
    -------
    str
        The same sentence :func:`validation_conclusions` writes, so notebooks 01 and 02 use
        one wording.

    Examples
    --------
    >>> invariance_sentence(InvarianceLevel("metric"), years=[2024, 2025]).split(":**")[0]
    '- **Invariansi pengukuran antartahun (2024–2025, butir yang sama)'
    """
    table = None
    if isinstance(result, YearInvariance):
        level, years, table = result.level, result.years, result.table
    else:
        level = result
    span = "–".join(str(y) for y in years) if years else "antartahun"
    return (_invariance_text(level, f"antartahun ({span}, butir yang sama)", "antartahun")
            + _improper_invariance(table))


def group_invariance_sentence(result: GroupInvariance, *,
                              group_name: str = "jenis jabatan") -> str:
    """The Indonesian sentence (Markdown bullet) of what a comparison of groups may claim.

    Examples
    --------
    >>> t = pd.DataFrame({"model": ["configural", "metric"], "improper": [False, True],
    ...                   "problems": ["", "... in group 'Struktural'"]})
    >>> text = group_invariance_sentence(GroupInvariance(t, None, InvarianceLevel("metric"),
    ...                                                  "position_type"))
    >>> text.split(":**")[0], "kelompok Struktural" in text
    ('- **Invariansi pengukuran antarjenis jabatan', True)
    """
    return (_invariance_text(result.level, f"antar{group_name}", f"antar{group_name}")
            + _improper_invariance(result.table))


def criteria_sentence(criteria: Mapping[str, Mapping[str, float]]) -> str:
    """The invariance decision rule in words, from the cut-offs (e.g. ``pm.CHEN_2007``).

    Examples
    --------
    >>> from akhlak_analysis.stats import psychometrics as pm
    >>> criteria_sentence(pm.CHEN_2007)[:72]
    'Keputusan memakai perubahan kecocokan (Chen 2007): metrik bila ΔCFI ≥ −0'
    """
    parts = []
    for level in ("metric", "scalar"):
        c = criteria.get(level)
        if c is None:
            continue
        parts.append(f"{_LEVEL_NAME[level]} bila ΔCFI ≥ {_num(c['cfi'], 3).replace('-', '−')} "
                     f"dan ΔRMSEA ≤ {_num(c['rmsea'], 3)} atau ΔSRMR ≤ {_num(c['srmr'], 3)}")
    return ("Keputusan memakai perubahan kecocokan (Chen 2007): " + "; ".join(parts)
            + ". Dengan sampel sebesar ini uji Δχ² hampir selalu bermakna, sehingga tidak "
              "dipakai untuk memutuskan.")


def ordinal_check_sentence(ordinal: YearInvariance | GroupInvariance,
                           continuous: YearInvariance | GroupInvariance | None = None) -> str:
    """What the ordinal (WLSMV) invariance sequence says, against the continuous one.

    Parameters
    ----------
    ordinal : YearInvariance or GroupInvariance
        With ``estimator="WLSMV"``.
    continuous : YearInvariance or GroupInvariance, optional
        The FIML/MLR result on the same comparison.

    Returns
    -------
    str
        Markdown (Indonesian), every figure from the tables.

    Examples
    --------
    >>> t = pd.DataFrame({"model": ["configural", "thresholds", "metric", "scalar"],
    ...                   "holds": pd.array([pd.NA, True, True, True], dtype="boolean")})
    >>> o = GroupInvariance(t, None, InvarianceLevel("scalar"), "gender")
    >>> c = GroupInvariance(t, None, InvarianceLevel("metric"), "gender")
    >>> ordinal_check_sentence(o, c)[:58]
    'Dengan butir diperlakukan sebagai data ordinal (WLSMV, amb'
    """
    level = ordinal.level.level
    n = getattr(ordinal, "n", None)
    rows = f" pada {_num(sum(n.values()), 0)} responden berjawaban lengkap" if n else ""
    text = (f"Dengan butir diperlakukan sebagai data ordinal (WLSMV, ambang kategori dan "
            f"korelasi polikorik{rows}), tercapai {_LEVEL_TEXT[level]}.")
    merged = getattr(ordinal, "collapsed", {}) or {}
    if merged:
        text += (" Kategori jawaban yang tidak pernah dipilih di salah satu kelompok digabung "
                 "dengan kategori di sebelahnya (ke arah tengah skala) pada butir "
                 + ", ".join(f"{it} (kategori {', '.join(map(str, c))})"
                             for it, c in merged.items()) + ".")
    if continuous is not None:
        same = continuous.level.level == level
        text += (" Keputusan ini **sama** dengan model kontinu (FIML + MLR) di atas." if same
                 else f" Model kontinu (FIML + MLR) di atas sampai pada "
                      f"{_LEVEL_TEXT[continuous.level.level]}; bila keduanya berbeda, "
                      "kesimpulan yang lebih hati-hati yang dipakai.")
    return text


def ordinal_unavailable(error: Exception) -> str:
    """Why the ordinal check could not be estimated on these data, in Indonesian.

    Examples
    --------
    >>> from akhlak_analysis.errors import DataError
    >>> ordinal_unavailable(DataError("category 1 absent", column="KO4"))[:40]
    '*Tidak ditampilkan.* Model ordinal (WLSM'
    """
    where = f" (butir {error.column})" if getattr(error, "column", None) else ""
    return ("*Tidak ditampilkan.* Model ordinal (WLSMV) tidak dapat diestimasi pada data ini"
            f"{where}: setiap kategori jawaban harus muncul di setiap kelompok, dan setiap "
            "kelompok perlu cukup responden berjawaban lengkap. Keputusan di atas (model "
            "kontinu) tetap berlaku.")


def describe_estimation(fit: pd.DataFrame, loadings: pd.DataFrame) -> str:
    """Why the CFA uses FIML with MLR, and what changes against the alternatives, in words.

    Parameters
    ----------
    fit, loadings : DataFrame
        From :func:`~akhlak_analysis.report.validation.estimator_comparison`.

    Returns
    -------
    str
        Markdown (Indonesian): respondents kept by listwise deletion and by FIML, the MLR
        scaling factor, the largest change of a standardized loading (FIML against listwise,
        WLSMV against FIML), all from the tables.

    Examples
    --------
    >>> fit = pd.DataFrame({"estimator": ["ML listwise", "FIML", "FIML + MLR"],
    ...                     "n": [2709, 5075, 5075], "scaling_factor": [None, None, 1.135]})
    >>> loads = pd.DataFrame({"fiml_minus_listwise": [0.021, -0.01],
    ...                       "wlsmv_minus_fiml": [float("nan")] * 2})
    >>> describe_estimation(fit, loads).split(". ")[0][:60]
    'Model CFA dan uji invariansi memakai *full information maxim'
    """
    f = fit.set_index("estimator")
    n_list, n_all = int(f.loc["ML listwise", "n"]), int(f.loc["FIML", "n"])
    lines = [f"Model CFA dan uji invariansi memakai *full information maximum likelihood* (FIML): "
             f"setiap responden yang menjawab setidaknya satu butir ikut dihitung "
             f"({format_number(n_all, 0)} responden), sedangkan penghapusan *listwise* hanya "
             f"menyisakan {format_number(n_list, 0)} responden yang menjawab semua butir."]
    if "FIML + MLR" in f.index and pd.notna(f.loc["FIML + MLR", "scaling_factor"]):
        lines.append("Jawaban skala Likert tidak berdistribusi normal, sehingga galat baku dan "
                     "uji kecocokan dikoreksi dengan estimator robust MLR (galat baku sandwich "
                     "Huber-White, khi-kuadrat berskala Yuan-Bentler; faktor skala "
                     f"{_num(f.loc['FIML + MLR', 'scaling_factor'])}); CFI, TLI dan RMSEA yang "
                     "dibaca adalah versi robust-nya.")
    shift = loadings["fiml_minus_listwise"].abs().max()
    lines.append(f"Dibandingkan dengan ML *listwise*, muatan baku bergeser paling banyak "
                 f"{_num(shift, 3)}.")
    if "wlsmv_minus_fiml" in loadings and loadings["wlsmv_minus_fiml"].notna().any():
        lines.append("Sebagai pembanding, model juga diestimasi dengan WLSMV yang memperlakukan "
                     "butir sebagai data ordinal (korelasi polikorik); muatan baku berbeda paling "
                     f"banyak {_num(loadings['wlsmv_minus_fiml'].abs().max())} dari FIML.")
    return " ".join(lines)
