"""Year-over-year page (notebook 02): the notes, rules and conclusions in words.

Every sentence is generated from the tables of :mod:`akhlak_analysis.stats.change`,
:mod:`akhlak_analysis.stats.targets` and :mod:`akhlak_analysis.stats.action_plans`, the
configuration and the instrument; nothing is written for one data set.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from ..analysis import Analysis
from ..data.io import UnitTable
from ..defaults import CONFIDENCE, TARGET
from ..instrument import Instrument, load_instrument
from ..labels import format_number, md_escape
from ..stats.action_plans import PlanChangeRelation, check_action_rules
from ..stats.targets import years_of
from .validation import YearInvariance, invariance_sentence

__all__ = ["change_conclusions", "change_notes", "describe_action_rules",
           "describe_plan_relation", "how_to_read"]


def _predecessor_note(units: UnitTable | None, code: str, y1: int, y2: int) -> str:
    if units is None:
        return ""
    t = units.table
    col = f"headcount_{y1}"
    if col not in t.columns:
        return ""
    olds = [str(c) for c in t.loc[t[col].notna(), "code"] if str(c) != code
            and units.successor(str(c), y2) == code]
    if not olds:
        return ""
    own = code in set(t.loc[t[col].notna(), "code"])
    if len(olds) == 1 and not own:
        return f"{y1}: {olds[0]} (berganti nama)"
    return f"{y1}: gabungan {', '.join(sorted(olds + ([code] if own else [])))}"


def _notes(t: pd.DataFrame, units: UnitTable | None, y1: int, y2: int, min_n: int) -> list[str]:
    notes = []
    for row in t.itertuples(index=False):
        parts = []
        if not getattr(row, f'present_{y1}'):
            parts.append(f"hanya ada {y2}")
        elif not getattr(row, f'present_{y2}'):
            parts.append(f"hanya ada {y1}")
        if row.suppressed:
            parts.append(f"disembunyikan (n < {min_n})")
        pre = _predecessor_note(units, row.unit, y1, y2)
        if pre:
            parts.append(pre)
        notes.append("; ".join(parts))
    return notes


def change_notes(comparison: pd.DataFrame, *, units: UnitTable | None = None,
                 min_n: int) -> pd.DataFrame:
    """The change table of :func:`~akhlak_analysis.stats.change.compare_years` with a ``note``.

    Parameters
    ----------
    comparison : DataFrame
        From :func:`~akhlak_analysis.stats.change.compare_years` (``present_<y>`` columns).
    units : UnitTable, optional
        Renamed and merged units (``replaced_by``) for the predecessor notes.
    min_n : int
        The suppression threshold the table was made with (named in the note).

    Returns
    -------
    DataFrame
        A copy with ``note`` (Indonesian): ``hanya ada <year>``, ``disembunyikan (n < min_n)``,
        ``<year>: OLD (berganti nama)`` or ``<year>: gabungan A, B``; the ``present_<y>``
        columns are dropped.

    Examples
    --------
    >>> t = pd.DataFrame({"unit": ["A", "B"], "suppressed": [False, True],
    ...                   "present_2024": [False, True], "present_2025": [True, True]})
    >>> change_notes(t, min_n=10)["note"].tolist()
    ['hanya ada 2025', 'disembunyikan (n < 10)']
    """
    y1, y2 = years_of(comparison, "present_")
    out = comparison.copy()
    out["note"] = pd.array(_notes(out, units, y1, y2, min_n), dtype="string")
    return out.drop(columns=[f"present_{y1}", f"present_{y2}"])


def describe_plan_relation(relation: PlanChangeRelation) -> str:
    """The relation between action-plan completion and index change in words (Markdown).

    States the correlation with its interval and that the relation is observational, not causal.

    Examples
    --------
    >>> c = pd.DataFrame({"method": ["pearson", "spearman"], "n": [6, 6], "r": [0.83, 0.84],
    ...                   "ci_low": [0.05, 0.1], "ci_high": [0.98, 0.98]})
    >>> describe_plan_relation(PlanChangeRelation(pd.DataFrame(), c, "mean_progress"))[:45]
    '**Hubungan observasional, bukan sebab-akibat.'
    """
    what = ("rata-rata kemajuan rencana aksi" if relation.measure == "mean_progress"
            else "persentase aksi yang selesai")
    p = relation.correlations.iloc[0]
    s = relation.correlations.iloc[1]
    strength = _strength(float(p["r"]))
    ci_text = f"{format_number(p['ci_low'], 2)} s.d. {format_number(p['ci_high'], 2)}"
    return (f"**Hubungan observasional, bukan sebab-akibat.** Pada {int(p['n'])} OPD, "
            f"korelasi antara {what} dan perubahan indeks adalah r = {format_number(p['r'], 2)} "
            f"(Pearson; IK {round(relation.confidence * 100)}% {ci_text}; Spearman "
            f"ρ = {format_number(s['r'], 2)}), hubungan {strength}"
            + (", belum dapat dibedakan dari nol. " if p["ci_low"] <= 0 <= p["ci_high"]
               else ". ")
            + "OPD memilih sendiri aksi dan lajunya, dan faktor lain (pimpinan, beban kerja, "
            "perubahan organisasi) dapat memengaruhi keduanya; angka ini tidak membuktikan "
            "bahwa rencana aksi menyebabkan perubahan indeks.")


def describe_action_rules(rules: Mapping[str, float] | None = None, *, as_of: str,
                          lang: str = "id") -> str:
    """The traffic-light rules in words (Markdown), from the thresholds actually used.

    Examples
    --------
    >>> print(describe_action_rules(as_of="2025-10-31"))  # doctest: +ELLIPSIS
    Per 31-10-2025, setiap aksi diberi lampu: **merah** bila lewat tenggat dan kemajuannya di bawah 50%; ...
    """
    r = check_action_rules(rules)
    red, behind = r["overdue_red_below"], r["behind_yellow_above"]
    date = pd.Timestamp(as_of)
    if lang == "en":
        return (f"As of {date:%Y-%m-%d}, every action gets a light: **red** if overdue with "
                f"progress below {red:g}%; **yellow** if overdue with at least {red:g}% or more "
                f"than {behind:g} points behind a linear schedule; **green** if done or on "
                "schedule.")
    return (f"Per {date:%d-%m-%Y}, setiap aksi diberi lampu: **merah** bila lewat tenggat dan "
            f"kemajuannya di bawah {red:g}%; **kuning** bila lewat tenggat dengan kemajuan minimal "
            f"{red:g}% atau tertinggal lebih dari {behind:g} poin dari jadwal linear; **hijau** "
            "bila selesai atau sesuai jadwal. Ambang diatur di `analysis.yaml` "
            "(`action_plan_rules`).")


def _strength(r: float) -> str:
    a = abs(r)
    kind = ("sangat lemah" if a < 0.1 else "lemah" if a < 0.3 else "sedang" if a < 0.5
            else "kuat")
    return f"{kind} {'positif' if r > 0 else 'negatif'}" if a >= 0.1 else kind


def _pts(x: float) -> str:
    return f"{'+' if x > 0 else ''}{format_number(x, 1)}"


def _names(t: pd.DataFrame) -> str:
    return ", ".join(f"{md_escape(r.name)} ({_pts(r.change)})" for r in t.itertuples(index=False))


def change_conclusions(province: pd.DataFrame | None, units_change: pd.DataFrame | None,
                       values_change: pd.DataFrame | None, *,
                       headline: pd.DataFrame | None = None,
                       invariance: YearInvariance | pd.DataFrame | None = None,
                       relation: PlanChangeRelation | None = None,
                       instrument: str | Instrument,
                       target: tuple[float, float] = TARGET,
                       confidence: float = CONFIDENCE) -> str:
    """Conclusions of the year-over-year comparison as Markdown (Indonesian).

    Parameters
    ----------
    province : DataFrame or None
        From :func:`~akhlak_analysis.stats.change.compare_province`; None in a first survey
        year (then only the headline, the target and the value scores are described).
    units_change : DataFrame or None
        From :func:`~akhlak_analysis.stats.change.compare_years`.
    values_change : DataFrame or None
        From :func:`~akhlak_analysis.stats.change.compare_values` (``by="province"``).
    headline : DataFrame, optional
        From :func:`headline_by_year`: the official index of the later year and its gap to the
        target.
    invariance : DataFrame, optional
        :func:`akhlak_analysis.report.validation.invariance_across_years` (its result: the line
        is then :func:`~akhlak_analysis.report.validation.invariance_sentence`, the same
        wording as the validation page), or a plain invariance table; a caveat is added when
        scalar (or metric)
        invariance does not hold, a note when it was not tested.
    relation : PlanChangeRelation, optional
        From :func:`action_plan_vs_change`.
    instrument : str or Instrument
        Value names.
    target : (float, float)
    confidence : float

    Returns
    -------
    str
        Markdown bullet points.

    Examples
    --------
    >>> prov = pd.DataFrame([{"culture_index_2024": 76.3, "culture_index_2025": 79.0,
    ...     "change": 2.7, "ci_low": 1.5, "ci_high": 3.9, "significant": True,
    ...     "n_items_compared": 21, "items_left_out": ""}])
    >>> u = pd.DataFrame({"name": ["Dinas A"], "change": [8.0], "direction": ["up"]})
    >>> v = pd.DataFrame({"value": ["adaptif"], "culture_index_2025": [73.0],
    ...                   "change": [2.5], "direction": ["up"]})
    >>> print(change_conclusions(prov, u, v, instrument="berakhlak-2025").splitlines()[0])
    - **Indeks keseluruhan naik dari 76,3 (2024) menjadi 79,0 (2025)**: +2,7 poin ...
    """
    ins = load_instrument(instrument)
    level = round(confidence * 100)
    lines = [] if province is None else [_province_line(province, level)]
    if headline is not None and len(headline):
        lines.append(_target_line(headline, target, level))
    if units_change is not None:
        lines.extend(_unit_lines(units_change))
    lines.append(_values_line(values_change, headline, ins))
    if relation is not None:
        lines.append(f"- **Rencana aksi:** {describe_plan_relation(relation)}")
    if province is not None:
        lines.append(invariance_sentence(invariance) if isinstance(invariance, YearInvariance)
                     else _invariance_line(invariance))
    return "\n".join(lines)


def _province_line(province: pd.DataFrame, level: int) -> str:
    years = years_of(province, "culture_index_")
    y1, y2 = years[0], years[-1]
    p = province.iloc[0]
    verb = ("naik" if p["change"] > 0 else "turun") if bool(p["significant"]) else "relatif tetap"
    line = (f"- **Indeks keseluruhan {verb} dari {format_number(p[f'culture_index_{y1}'])} ({y1}) "
            f"menjadi {format_number(p[f'culture_index_{y2}'])} ({y2})**: {_pts(p['change'])} "
            f"poin (IK {level}% {format_number(p['ci_low'])} s.d. "
            f"{format_number(p['ci_high'])}), "
            + ("bermakna secara statistik." if bool(p["significant"])
               else "tidak bermakna secara statistik."))
    if p.get("items_left_out"):
        line += (f" Perbandingan memakai {int(p['n_items_compared'])} butir yang sama di "
                 f"kedua tahun (tidak dibandingkan: {p['items_left_out']}).")
    return line


def _target_line(headline: pd.DataFrame, target: tuple[float, float], level: int) -> str:
    h = headline.sort_values("year").iloc[-1]
    gap = float(h["gap_to_target_low"])
    where = (f"{format_number(-gap)} poin di bawah target bawah {format_number(target[0], 0)}"
             if gap < 0 else "dalam rentang target" if bool(h["in_target"])
             else "di atas target atas")
    n = f", {format_number(h['n'], 0)} responden" if "n" in h.index else ""
    return (f"- **Target {format_number(target[0], 0)}-{format_number(target[1], 0)}:** "
            f"indeks resmi {int(h['year'])} ({int(h['items_in_instrument'])} butir{n}) "
            f"{format_number(h['culture_index'])} (IK {level}% "
            f"{format_number(h['ci_low'])} s.d. {format_number(h['ci_high'])}), "
            f"{where}; kategori {h['category']}.")


def _unit_lines(units_change: pd.DataFrame) -> list[str]:
    up = units_change[units_change["direction"] == "up"].sort_values("change", ascending=False)
    down = units_change[units_change["direction"] == "down"].sort_values("change")
    lines = [f"- **OPD yang naik bermakna ({len(up)}):** {_names(up) if len(up) else '-'}.",
             f"- **OPD yang turun bermakna ({len(down)}):** "
             f"{_names(down) if len(down) else '-'}; perlu ditelusuri bersama OPD terkait."]
    if "suppressed" in units_change.columns:
        n_sup = int(units_change["suppressed"].sum())
        if n_sup:
            lines.append(f"- {n_sup} unit tidak dibandingkan karena respondennya di bawah batas "
                         "minimum pelaporan pada salah satu tahun.")
    return lines


def _values_line(values_change: pd.DataFrame | None, headline: pd.DataFrame | None,
                 ins: Instrument) -> str:
    if values_change is None:
        if headline is None or not len(headline):
            return ""
        h = headline.sort_values("year").iloc[-1]
        scores = sorted((float(h[v]), ins.value_name(v)) for v in ins.value_codes if v in h)
        low = ", ".join(f"{name} ({format_number(x)})" for x, name in scores[:2])
        high = ", ".join(f"{name} ({format_number(x)})" for x, name in scores[-1:])
        return (f"- **Nilai yang perlu perhatian:** terendah pada {int(h['year'])}: {low}; "
                f"tertinggi: {high}.")
    y2 = years_of(values_change, "culture_index_")[-1]
    v = values_change.copy()
    v["label"] = v["value"].map(lambda c: ins.value_name(str(c)))
    low = v.nsmallest(2, f"culture_index_{y2}")
    falling = v[v["direction"] == "down"]
    attention = [f"{r.label} ({format_number(getattr(r, f'culture_index_{y2}'))}, "
                 f"{_pts(r.change)})" for r in low.itertuples(index=False)]
    text = f"- **Nilai yang perlu perhatian:** terendah pada {y2}: {', '.join(attention)}"
    if len(falling):
        text += f"; turun bermakna: {', '.join(falling['label'])}"
    rising = v[v["direction"] == "up"]
    return text + (f". Nilai yang naik bermakna: {', '.join(rising['label'])}." if len(rising)
                   else ".")


def _invariance_line(invariance: pd.DataFrame | None) -> str:
    if invariance is None or not len(invariance):
        return ("- **Catatan:** kesetaraan pengukuran antartahun belum diuji; perbandingan "
                "rerata mengandaikan butir dimaknai sama di kedua tahun.")
    holds = dict(zip(invariance["model"], invariance["holds"], strict=True))

    def level(name: str) -> bool | None:
        v = holds.get(name)
        return None if v is None or pd.isna(v) else bool(v)

    if level("metric") is False:
        return ("- **Peringatan:** invariansi metrik tidak terpenuhi: butir tidak mengukur nilai "
                "dengan bobot yang sama di kedua tahun, sehingga perubahan skor belum tentu "
                "mencerminkan perubahan budaya kerja. Tafsirkan perubahan dengan sangat hati-hati.")
    if level("scalar") is False:
        return ("- **Peringatan:** invariansi skalar tidak terpenuhi: sebagian perubahan rerata "
                "dapat berasal dari perubahan cara responden memaknai butir, bukan dari "
                "perubahan budaya kerja. Tafsirkan besarnya perubahan dengan hati-hati.")
    if level("scalar") is None:
        return ("- **Catatan:** invariansi skalar antartahun belum diuji; perbandingan rerata "
                "mengandaikan butir dimaknai sama di kedua tahun.")
    return ("- **Kesetaraan pengukuran:** invariansi skalar antartahun terpenuhi (kriteria Chen "
            "2007), sehingga rerata kedua tahun dapat dibandingkan.")


def how_to_read(ctx: Analysis) -> str:
    """The reading guide of the year-over-year page, from the configuration and instruments.

    States the question (with the previous year's official index when there is one and the
    target range), how changes are tested, which items and units are compared, the
    multiple-testing correction and the suppression rule.

    Examples
    --------
    >>> from pathlib import Path
    >>> import akhlak_analysis as ak
    >>> root = Path(ak.__file__).resolve().parents[1]
    >>> ctx = ak.Analysis.from_config(root / "data/sample/analysis.yaml", 2024)
    >>> how_to_read(ctx).splitlines()[0][:55]
    'Pertanyaan untuk 2024: **berapa Indeks Budaya Kerja ASN'
    """
    lo, hi = (format_number(t, 0) for t in ctx.target)
    level = round(ctx.confidence * 100)
    alpha = format_number(1 - ctx.confidence, 2)
    weighting = ("dibobot jumlah pegawai per OPD" if ctx.weighting == "headcount"
                 else "tanpa pembobotan (rerata responden)")
    if ctx.previous_year is None:
        return "\n".join([
            f"Pertanyaan untuk {ctx.year}: **berapa Indeks Budaya Kerja ASN, seberapa jauh dari "
            f"target {lo}-{hi}, dan nilai serta OPD mana yang perlu perhatian?**",
            "",
            f"* {ctx.year} adalah tahun pertama survei dalam konfigurasi: angka ini menjadi "
            "titik awal; perubahan antartahun dihitung mulai tahun berikutnya.",
            f"* Indeks resmi dihitung dengan semua butir instrumen, {weighting}, dengan "
            f"interval kepercayaan {level}%.",
            f"* Unit dengan responden di bawah {ctx.min_n} tidak ditampilkan nilainya."])
    y1, y2 = ctx.previous_year, ctx.year
    ins1, ins2 = ctx.instrument(y1), ctx.instrument(y2)
    common = ins2.common_items(ins1)
    items = (f"Instrumen {y2} memuat {len(ins2.items)} butir, instrumen {y1} memuat "
             f"{len(ins1.items)} butir. **Perubahan selalu dihitung pada {len(common)} butir "
             "yang sama**; indeks resmi tiap tahun (semua butir) dipakai untuk jarak ke target."
             if len(common) != len(ins2.items) or len(common) != len(ins1.items) else
             f"Kedua tahun memakai {len(common)} butir yang sama.")
    return "\n".join([
        f"Pertanyaan untuk {y2}: **bagaimana Indeks Budaya Kerja ASN bergerak sejak {y1} "
        f"terhadap target {lo}-{hi}, di mana perubahan terjadi, dan apakah rencana aksi "
        "(*Rencana Aksi*) sudah ditindaklanjuti?**",
        "",
        "Cara membaca angka di buku kerja ini:",
        "",
        "* Perubahan per unit memakai koreksi populasi terbatas (jumlah pegawai tiap unit); "
        "pegawai yang menjawab di kedua tahun (kode samaran yang sama) diperhitungkan "
        "sebagai sampel yang bertumpang tindih, yang lain sebagai dua sampel bebas (derajat "
        "bebas Welch).",
        f"* {items}",
        f"* OPD yang berganti nama atau digabung mengikuti tabel unit: responden {y1} "
        f"dipetakan ke OPD penggantinya di {y2}.",
        "* Banyak OPD diuji sekaligus, sehingga nilai p dikoreksi (*false discovery rate*, "
        f"Benjamini-Hochberg). \"Bermakna\" berarti nilai p terkoreksi < {alpha}.",
        f"* Unit dengan responden di bawah {ctx.min_n} tidak ditampilkan nilainya."])
