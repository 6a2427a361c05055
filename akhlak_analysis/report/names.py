"""Names of the tables and figures the notebooks hand to the report, in one place.

The notebooks save each artifact under a constant of this module, and the workbook, the deck
and the index page look them up by the same constant, so a renamed table cannot silently turn
a slide into "Tidak tersedia". :data:`ARTIFACTS` says which notebook makes each artifact and
which optional input it needs; after the notebooks ran, :func:`missing_artifacts` lists those
a notebook should have saved but did not, and the runner stops with an error naming both.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

__all__ = ["ARTIFACTS", "Artifact", "missing_artifacts"]

# tables --------------------------------------------------------------------------------
CLEANING_LOG = "log_pembersihan"
RESPONSE_RATES = "tingkat_respons"
ITEM_VALIDATION = "validasi_butir"
VALUE_VALIDATION = "validasi_nilai"
MODEL_FIT = "kecocokan_model"
HEADLINE = "indeks_provinsi"
PROVINCE_CHANGE = "perubahan_provinsi"
VALUE_CHANGE = "perubahan_per_nilai"
UNIT_CHANGE = "perubahan_opd"
TARGET_GAPS = "jarak_target_opd"
ACTION_PLANS = "rencana_aksi"
RANKING = "peringkat_opd"
OPD_INDEX = "indeks_opd"
IMPROVEMENT = "area_perbaikan"
SUBUNIT_INDEX = "indeks_subunit"
PROVINCE_GROUPS = "indeks_kelompok_provinsi"
GROUP_INDEX = "indeks_kelompok_opd"
OPD_ITEMS = "butir_opd"
ANSWER_SHARES = "sebaran_jawaban_nilai"
SUPPRESSION = "penyembunyian"
OUTCOME_SCORES = "skala_hasil"
OUTCOME_VALIDATION = "validasi_skala_hasil"
DRIVERS = "pendorong_utama"
DRIVERS_OPD = "pendorong_opd"
PRIORITIES = "prioritas_perbaikan"
PRIORITIES_OPD = "prioritas_perbaikan_opd"
COMMENT_THEMES = "tema_komentar"
COMMENT_THEMES_OPD = "tema_komentar_opd"
COMMENT_TONE = "nada_komentar"
EMERGING_THEMES = "tema_komentar_temuan"
COMMENT_EXAMPLES = "contoh_komentar"

# figures (some share a table's name: a figure and a table are separate kinds) ----------
FIG_RESPONSE_RATES = "tingkat_respons"
FIG_MISSING = "butir_kosong"
FIG_RELIABILITY = "reliabilitas_nilai"
FIG_LOADINGS = "muatan_faktor"
FIG_HEADLINE = "indeks_provinsi"
FIG_VALUES = "indeks_per_nilai"
FIG_VALUE_CHANGE = "perubahan_per_nilai"
FIG_UNIT_CHANGE = "perubahan_opd"
FIG_ACTION_PLANS = "rencana_aksi"
FIG_RANKING = "peringkat_opd"
FIG_RANK_INTERVALS = "interval_peringkat"
FIG_VALUE_HEATMAP = "nilai_per_opd"
FIG_LEVEL_CHANGE = "tingkat_dan_perubahan"
FIG_ITEM_HEATMAP = "butir_per_opd"
FIG_GROUPS = "indeks_per_kelompok"
# one figure per outcome scale: <name>_<outcome code>
FIG_DRIVERS = "pendorong"
FIG_PRIORITIES = "dampak_skor"
FIG_THEMES = "tema_komentar"
# slide versions of the unit charts: at most plots.SLIDE_ROWS units (top and bottom)
FIG_RANKING_SLIDE = "peringkat_opd_paparan"
FIG_UNIT_CHANGE_SLIDE = "perubahan_opd_paparan"
FIG_ACTION_PLANS_SLIDE = "rencana_aksi_paparan"


@dataclass(frozen=True)
class Artifact:
    """One table or figure of the report.

    Attributes
    ----------
    name : str
        File stem (``<name>_<year>.parquet`` / ``.png``).
    kind : {"table", "figure"}
    notebook : str
        The notebook that makes it (file stem, e.g. ``"02_year_over_year"``).
    requires : tuple of str
        Optional inputs it needs: ``previous_year``, ``indicators``, ``action_plans``,
        ``subunit`` (sub-units in the data), ``groups`` (a demographic breakdown),
        ``outcomes`` (outcome scales), ``comments`` (an open question).
    section : str
        The section that saves it (:func:`~akhlak_analysis.report.sections.run_section`
        key), when that section may not run on some data (then the artifact is not
        expected); empty for artifacts every run has.
    """

    name: str
    kind: str
    notebook: str
    requires: tuple[str, ...] = ()
    section: str = ""


def _a(name: str, kind: str, notebook: str, *requires: str, section: str = "") -> Artifact:
    return Artifact(name, kind, notebook, tuple(requires), section)


#: Every artifact the workbook, the deck or the index page uses.
ARTIFACTS: tuple[Artifact, ...] = (
    _a(CLEANING_LOG, "table", "00_data_quality"),
    _a(RESPONSE_RATES, "table", "00_data_quality"),
    _a(FIG_RESPONSE_RATES, "figure", "00_data_quality"),
    _a(FIG_MISSING, "figure", "00_data_quality"),
    _a(ITEM_VALIDATION, "table", "01_instrument_validation"),
    _a(VALUE_VALIDATION, "table", "01_instrument_validation", section="discriminant_validity"),
    _a(MODEL_FIT, "table", "01_instrument_validation"),
    _a(FIG_RELIABILITY, "figure", "01_instrument_validation"),
    _a(FIG_LOADINGS, "figure", "01_instrument_validation"),
    _a(HEADLINE, "table", "02_year_over_year"),
    _a(TARGET_GAPS, "table", "02_year_over_year"),
    _a(FIG_HEADLINE, "figure", "02_year_over_year"),
    _a(FIG_VALUES, "figure", "02_year_over_year"),
    _a(PROVINCE_CHANGE, "table", "02_year_over_year", "previous_year"),
    _a(VALUE_CHANGE, "table", "02_year_over_year", "previous_year"),
    _a(UNIT_CHANGE, "table", "02_year_over_year", "previous_year"),
    _a(FIG_VALUE_CHANGE, "figure", "02_year_over_year", "previous_year"),
    _a(FIG_UNIT_CHANGE, "figure", "02_year_over_year", "previous_year"),
    _a(FIG_UNIT_CHANGE_SLIDE, "figure", "02_year_over_year", "previous_year"),
    _a(ACTION_PLANS, "table", "02_year_over_year", "action_plans"),
    _a(FIG_ACTION_PLANS, "figure", "02_year_over_year", "action_plans"),
    _a(FIG_ACTION_PLANS_SLIDE, "figure", "02_year_over_year", "action_plans"),
    _a(RANKING, "table", "03_opd_ranking", section="ranking"),
    _a(OPD_INDEX, "table", "03_opd_ranking"),
    _a(IMPROVEMENT, "table", "03_opd_ranking"),
    _a(FIG_RANKING, "figure", "03_opd_ranking", section="ranking_charts"),
    _a(FIG_RANKING_SLIDE, "figure", "03_opd_ranking", section="ranking_charts"),
    _a(FIG_RANK_INTERVALS, "figure", "03_opd_ranking", section="ranking_charts"),
    _a(FIG_VALUE_HEATMAP, "figure", "03_opd_ranking"),
    _a(FIG_LEVEL_CHANGE, "figure", "03_opd_ranking", "previous_year", section="level_change"),
    _a(SUPPRESSION, "table", "04_drilldown"),
    _a(OPD_ITEMS, "table", "04_drilldown"),
    _a(ANSWER_SHARES, "table", "04_drilldown"),
    _a(FIG_ITEM_HEATMAP, "figure", "04_drilldown"),
    _a(SUBUNIT_INDEX, "table", "04_drilldown", "subunit"),
    _a(PROVINCE_GROUPS, "table", "04_drilldown", "groups"),
    _a(GROUP_INDEX, "table", "04_drilldown", "groups"),
    _a(FIG_GROUPS, "figure", "04_drilldown", "groups"),
    _a(OUTCOME_SCORES, "table", "05_drivers_comments", "outcomes"),
    _a(OUTCOME_VALIDATION, "table", "05_drivers_comments", "outcomes"),
    _a(DRIVERS, "table", "05_drivers_comments", "outcomes"),
    _a(PRIORITIES, "table", "05_drivers_comments", "outcomes"),
    _a(DRIVERS_OPD, "table", "05_drivers_comments", "outcomes"),
    _a(PRIORITIES_OPD, "table", "05_drivers_comments", "outcomes"),
    _a(COMMENT_THEMES, "table", "05_drivers_comments", "comments"),
    _a(COMMENT_THEMES_OPD, "table", "05_drivers_comments", "comments"),
    _a(COMMENT_TONE, "table", "05_drivers_comments", "comments"),
    _a(EMERGING_THEMES, "table", "05_drivers_comments", "comments"),
    _a(COMMENT_EXAMPLES, "table", "05_drivers_comments", "comments"),
    _a(FIG_THEMES, "figure", "05_drivers_comments", "comments"),
)


def missing_artifacts(*, executed: Iterable[str], available: Mapping[str, bool],
                      tables: Iterable[str], figures: Iterable[str],
                      sections: Mapping[str, str] | None = None) -> list[str]:
    """Artifacts an executed notebook should have saved but did not, as sentences.

    Parameters
    ----------
    executed : iterable of str
        Stems of the notebooks that ran.
    available : dict of str to bool
        Which optional inputs exist (``previous_year``, ``indicators``, ``action_plans``).
    tables, figures : iterable of str
        Names of the tables and figures found.
    sections : dict of str to str, optional
        Status of each recorded section (``ran``, ``absent``, ``failed``): an artifact of a
        section that did not run is not expected (its place in the notebook says why).

    Returns
    -------
    list of str
        One line per missing artifact, naming it and its notebook; empty when all are there.

    Examples
    --------
    >>> missing_artifacts(executed=["00_data_quality"], available={}, tables=[CLEANING_LOG],
    ...                   figures=[FIG_RESPONSE_RATES, FIG_MISSING])
    ["table 'tingkat_respons' expected from notebook 00_data_quality was not saved"]
    """
    ran, found = set(executed), {"table": set(tables), "figure": set(figures)}
    status = dict(sections or {})
    out = []
    for a in ARTIFACTS:
        if a.section and status.get(a.section, "ran") != "ran":
            continue
        if a.notebook in ran and all(available.get(r, False) for r in a.requires) \
                and a.name not in found[a.kind]:
            out.append(f"{a.kind} '{a.name}' expected from notebook {a.notebook} was not saved")
    return out
