"""``akhlak progress``: participation while the survey is still open (counts only, never scores).

:func:`monitor_fieldwork` reads today's export (the configured responses file, or another one
such as a fresh download), keeps the rows submitted up to ``as_of`` (default: the day of the
latest submission), cleans them with the year's own rules (duplicates resolved with the latest
submission kept, unknown units, too-fast and near-empty submissions left out: the count the
report will have), and counts the valid responses per province, OPD and sub-unit against the
headcount, with the daily cumulative curve and a projection of the final rate
(:mod:`akhlak_analysis.stats.fieldwork`). :func:`write_progress` writes, in a few seconds, an
offline self-contained HTML page (printable) and a WhatsApp-friendly text per OPD (with its
sub-units) and for the province. Counts of units whose headcount is not public are protected
(:func:`akhlak_analysis.stats.fieldwork.protect_counts`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import io
import secrets
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..config import AnalysisConfig, load_config
from ..data.clean import EXCLUSION_PRIORITY, clean_responses, configured_id_key
from ..data.dates import submission_times
from ..data.io import read_responses, read_units
from ..defaults import FIELDWORK_LEVEL, FIELDWORK_RECENT_DAYS
from ..errors import DataError
from ..labels import RULE_LABELS, format_number, format_percent, label, lower_first
from ..stats.fieldwork import daily_counts, progress_table, protect_counts

__all__ = ["FieldworkReport", "monitor_fieldwork", "progress_html", "summary_text",
           "unit_text", "write_progress"]

MONTHS_ID = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
             "September", "Oktober", "November", "Desember")
_EXCEL = (".xlsx", ".xlsm", ".xls", ".ods")
#: status -> CSS colour of the page
_COLOURS = {"below_min_n": "#d73027", "below_target": "#f39c12", "on_track": "#1f4e79",
            "target_reached": "#1a9850"}


def tanggal(day: dt.date) -> str:
    """A date as officials write it: ``8 Oktober 2025``.

    >>> tanggal(dt.date(2025, 10, 8))
    '8 Oktober 2025'
    """
    return f"{day.day} {MONTHS_ID[day.month - 1]} {day.year}"


@dataclass
class FieldworkReport:
    """What :func:`monitor_fieldwork` found.

    Attributes
    ----------
    progress : DataFrame
        :func:`~akhlak_analysis.stats.fieldwork.progress_table` after
        :func:`~akhlak_analysis.stats.fieldwork.protect_counts` (``suppressed``).
    daily : DataFrame
        ``level`` (``province`` / ``opd``), ``unit``, ``date``, ``n_day``, ``n_cumulative``
        of the units whose counts are shown.
    exclusions : dict
        Cleaning rule -> rows not counted (duplicates, unknown units, ...).
    rows_read, rows_later : int
        Rows of the export; rows submitted after ``as_of`` (not counted).
    """

    year: int
    as_of: dt.date
    start: dt.date
    end: dt.date
    min_n: int
    target_rate: float | None
    progress: pd.DataFrame
    daily: pd.DataFrame
    exclusions: dict[str, int] = field(default_factory=dict)
    rows_read: int = 0
    rows_later: int = 0
    source: str = ""
    organisation: str = ""
    title: str = ""
    synthetic: bool = False

    @property
    def days(self) -> tuple[int, int]:
        """``(days elapsed, days of the window)``."""
        row = self.progress.iloc[0]
        return int(row["days_elapsed"]), int(row["days_total"])

    def unit(self, code: str) -> pd.Series:
        """The progress row of one unit."""
        rows = self.progress[self.progress["unit"] == code]
        if rows.empty:
            raise KeyError(f"no unit {code!r} in the progress table")
        return rows.iloc[0]


def _read(cfg: AnalysisConfig, year: int | None, responses: str | Path | None):
    yc = cfg.year(year)
    path = Path(responses) if responses is not None else yc.responses
    same = path.suffix.lower() == yc.responses.suffix.lower()
    raw = read_responses(path, instrument=yc.instrument,
                         sheet=yc.sheet if same and path.suffix.lower() in _EXCEL else None,
                         header_row=yc.header_row if same else None)
    return yc, raw


def monitor_fieldwork(config: str | Path | AnalysisConfig, *, year: int | None = None,
                      responses: str | Path | None = None, as_of: object = None,
                      key: bytes | None = None) -> FieldworkReport:
    """Count the valid responses of the export as it stands, per unit, and project them.

    Parameters
    ----------
    config : str, Path or AnalysisConfig
        ``analysis.yaml``: the unit table (headcounts), the year's instrument, reading and
        cleaning rules, ``min_group_size`` and ``fieldwork`` (window, target rate).
    year : int, optional
        The survey year monitored (default the report year).
    responses : str or Path, optional
        Today's export (default the year's configured responses file). The year's ``sheet``
        and ``header_row`` apply when it has the configured file's type.
    as_of : date or str, optional
        Count the rows submitted up to the end of this day (default: the day of the latest
        submission); later rows are left out before cleaning, so the count is the one the
        export had that evening.
    key : bytes, optional
        Respondent-id key (ids are not written anywhere here; default the configured key,
        else a random one, without a warning).

    Returns
    -------
    FieldworkReport

    Raises
    ------
    DataError
        The unit table has no headcount for the year, no submission time can be read and
        ``as_of`` is not given, or reading and cleaning fail (as for ``akhlak check``).
    """
    cfg = config if isinstance(config, AnalysisConfig) else load_config(config)
    units = read_units(cfg.units)
    yc, raw = _read(cfg, year, responses)
    if yc.year not in units.years:
        raise DataError(f"the unit table has no headcount column for {yc.year}",
                        file=cfg.units, column=f"headcount_{yc.year}")
    times = submission_times(raw, date_order=yc.date_order)
    if as_of is None:
        if times.notna().sum() == 0:
            raise DataError("no submission time can be read; give the day counted up to "
                            "(--as-of 2025-10-08)", file=raw.source)
        as_of = times.max().date()
    day = pd.Timestamp(as_of).date()
    later = (times > pd.Timestamp(day) + pd.Timedelta(days=1) - pd.Timedelta(seconds=1))
    kept = dataclasses.replace(raw, data=raw.data.loc[~later.to_numpy()].reset_index(drop=True))
    start, end = cfg.fieldwork.window(yc.year)
    if len(kept.data):
        res = clean_responses(kept, units=units, year=yc.year, rules=cfg.cleaning,
                              key=key or configured_id_key(cfg) or secrets.token_bytes(32),
                              date_order=yc.date_order)
        data, log = res.data, res.log
    else:
        data = pd.DataFrame({"opd": pd.Series(dtype=object), "subunit": pd.Series(dtype=object),
                             "submitted_date": pd.Series(dtype="datetime64[ns]")})
        log = pd.DataFrame({"action": [], "rule": []})
    prog = progress_table(data, units=units, year=yc.year, start=start, end=end, as_of=day,
                          min_n=cfg.min_group_size, target_rate=cfg.fieldwork.target_rate,
                          recent_days=FIELDWORK_RECENT_DAYS, level=FIELDWORK_LEVEL)
    prog = protect_counts(prog, min_n=cfg.min_group_size)
    shown = set(prog.loc[~prog["suppressed"], "unit"])
    daily = pd.concat([daily_counts(data, start=start, as_of=min(day, end), by=lv).assign(
        level=lv) for lv in ("province", "opd")], ignore_index=True)
    daily = daily[daily["unit"].isin(shown)][["level", "unit", "date", "n_day", "n_cumulative"]]
    ex = log[log["action"] == "excluded"]["rule"].value_counts()
    return FieldworkReport(
        year=yc.year, as_of=day, start=start, end=end, min_n=cfg.min_group_size,
        target_rate=cfg.fieldwork.target_rate, progress=prog, daily=daily.reset_index(drop=True),
        exclusions={r: int(ex.get(r, 0)) for r in EXCLUSION_PRIORITY if ex.get(r, 0)},
        rows_read=len(raw.data), rows_later=int(later.sum()), source=raw.source,
        organisation=cfg.organisation, title=cfg.title, synthetic=cfg.synthetic)


# --------------------------------------------------------------------------------------
# words
# --------------------------------------------------------------------------------------
def _count_line(row: pd.Series, report: FieldworkReport) -> str:
    """``841 dari 3.217 pegawai (26,1%)`` or the protection note."""
    if bool(row.get("suppressed", False)):
        return (f"disembunyikan (jumlah pegawai tidak tercatat; kelompok di bawah "
                f"{report.min_n} orang dilindungi)")
    if pd.isna(row["headcount"]):
        return f"{format_number(row['n'], 0)} responden (jumlah pegawai tidak tercatat)"
    return (f"{format_number(row['n'], 0)} dari {format_number(row['headcount'], 0)} pegawai "
            f"({format_percent(row['response_rate'])})")


def _projection_line(row: pd.Series) -> str:
    if bool(row.get("suppressed", False)) or pd.isna(row["projected_n"]):
        return ""
    if pd.isna(row["projected_rate"]):
        return (f"{format_number(row['projected_n'], 0)} responden (kisaran "
                f"{format_number(row['projected_low'], 0)}-"
                f"{format_number(row['projected_high'], 0)})")
    return (f"{format_number(row['projected_n'], 0)} responden, "
            f"{format_percent(row['projected_rate'])} (kisaran "
            f"{format_percent(row['projected_rate_low'])}-"
            f"{format_percent(row['projected_rate_high'])})")


def _status_text(row: pd.Series, report: FieldworkReport) -> str:
    status = str(row["status"])
    if status == "on_track":
        return ("diperkirakan mencapai minimum" if report.target_rate is None
                else "diperkirakan mencapai target")
    return lower_first(label(status))


def _window(report: FieldworkReport) -> str:
    """``1-15 Oktober 2025``, or both dates in full when months or years differ."""
    a, b = report.start, report.end
    if (a.year, a.month) == (b.year, b.month):
        return f"{a.day}-{tanggal(b)}"
    return f"{tanggal(a)} s.d. {tanggal(b)}"


def _header(report: FieldworkReport) -> list[str]:
    e, total = report.days
    where = "sesudah survei ditutup" if report.as_of > report.end else (
        f"hari ke-{e} dari {total}")
    lines = [f"*Pemantauan pengisian {report.title} {report.year}*"]
    if report.synthetic:
        lines.append("(DATA CONTOH SINTETIS)")
    lines.append(f"Keadaan per {tanggal(report.as_of)} ({where}; survei {_window(report)})")
    return lines


def unit_text(report: FieldworkReport, unit: str) -> str:
    """The WhatsApp-friendly text of one OPD (with its sub-units) or sub-unit, in Indonesian.

    Parameters
    ----------
    report : FieldworkReport
    unit : str
        OPD or sub-unit code.

    Returns
    -------
    str
        Plain text with WhatsApp's ``*bold*``: responses so far against headcount, the
        projected final rate and its range, the target, the status, then one line per
        sub-unit, and a closing reminder of the deadline.
    """
    row = report.unit(unit)
    name = (report.organisation or "Provinsi") if row["level"] == "province" else row["name"]
    lines = [*_header(report), "", f"*{name}*"]
    if row["level"] == "subunit" and pd.notna(row["parent"]):
        parent = report.progress.loc[report.progress["unit"] == row["parent"], "name"]
        lines.append(f"Sub-unit dari {parent.iloc[0] if len(parent) else row['parent']}")
    lines.append(f"Responden sah: {_count_line(row, report)}")
    proj = _projection_line(row)
    if proj and pd.notna(row["recent_daily"]):
        lines.append(f"Rata-rata {FIELDWORK_RECENT_DAYS} hari terakhir: "
                     f"{format_number(row['recent_daily'], 1)} responden per hari")
        lines.append(f"Perkiraan akhir: {proj}")
    if report.target_rate is not None:
        lines.append(f"Target tingkat respons: {format_percent(report.target_rate, 0)}")
    lines.append(f"Status: *{_status_text(row, report)}*")
    subs = report.progress[(report.progress["level"] == "subunit")
                           & (report.progress["parent"] == unit)]
    if len(subs):
        lines += ["", "Sub-unit:"]
        for _, s in subs.iterrows():
            lines.append(f"- {s['name']}: {_count_line(s, report)}; {_status_text(s, report)}")
    lines += ["", _closing(report)]
    return "\n".join(lines)


def _closing(report: FieldworkReport) -> str:
    rules = ", ".join(lower_first(RULE_LABELS[r][0]) for r in EXCLUSION_PRIORITY
                      if r in ("duplicate_submission", "unknown_unit", "too_few_answers",
                               "speeding"))
    note = (f"Hanya jawaban sah yang dihitung (tidak dihitung: {rules}). Unit dengan kurang "
            f"dari {report.min_n} responden tidak dapat dilaporkan.")
    if report.as_of < report.end:
        note += f" Mohon ajak rekan yang belum mengisi sebelum {tanggal(report.end)}."
    return note


def summary_text(report: FieldworkReport) -> str:
    """The province's WhatsApp-friendly text: totals, projection and the OPDs at risk."""
    p = report.progress
    prov = report.unit("province")
    lines = [*_header(report), "", f"*{report.organisation or 'Provinsi'}*",
             f"Responden sah: {_count_line(prov, report)}"]
    proj = _projection_line(prov)
    if proj:
        lines.append(f"Perkiraan akhir: {proj}")
    opd = p[p["level"] == "opd"]
    for status, what in (("below_min_n", f"diperkirakan di bawah minimum {report.min_n} "
                                         "responden (tidak akan dilaporkan)"),
                         ("below_target", "diperkirakan di bawah target "
                          f"{format_percent(report.target_rate or 0, 0)}")):
        risk = opd[opd["status"] == status].sort_values("projected_rate", na_position="first")
        if status == "below_target" and report.target_rate is None:
            continue
        lines += ["", f"*OPD {what}: {format_number(len(risk), 0)}*"]
        lines += [f"- {r['name']}: {_count_line(r, report)}" for _, r in risk.iterrows()]
    reached = int((opd["status"] == "target_reached").sum())
    if report.target_rate is not None:
        lines += ["", f"OPD yang sudah mencapai target: {format_number(reached, 0)} dari "
                      f"{format_number(len(opd), 0)}."]
    lines += ["", _closing(report)]
    return "\n".join(lines)


# --------------------------------------------------------------------------------------
# the page
# --------------------------------------------------------------------------------------
_CSS = """
body{font-family:"DejaVu Sans",Arial,sans-serif;margin:24px auto;max-width:1100px;color:#222}
h1{font-size:22px;margin-bottom:4px}h2{font-size:17px;margin-top:28px}
.meta{color:#555;margin-top:0}.synthetic{background:#fff3cd;padding:6px 10px}
.cards{display:flex;gap:12px;flex-wrap:wrap}.card{border:1px solid #ddd;border-radius:6px;
padding:10px 14px;min-width:170px}.card b{display:block;font-size:22px;color:#1f4e79}
table{border-collapse:collapse;width:100%;font-size:13px}th,td{padding:4px 6px;
border-bottom:1px solid #e5e5e5;text-align:left}td.num{text-align:right;white-space:nowrap}
tr.sub td:first-child{padding-left:22px;color:#444}.bar{background:#e8eef5;width:120px;
height:10px;position:relative}.bar span{position:absolute;left:0;top:0;height:10px;
background:#1f4e79}.bar i{position:absolute;top:-3px;height:16px;border-left:2px solid #1a9850}
.st{font-weight:bold}.note{font-size:12px;color:#444}
@media print{body{margin:8mm}h2{page-break-after:avoid}tr{page-break-inside:avoid}}
"""


def _chart_svg(report: FieldworkReport) -> str:
    """The province's cumulative curve and projection as inline SVG (no file, no request)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from ..plots.fieldwork import plot_progress
    from ..plots.theme import set_theme

    prov = report.unit("province")
    daily = report.daily[report.daily["unit"] == "province"]
    if daily.empty:
        return ""
    set_theme()
    fig, ax = plt.subplots(figsize=(9, 4))
    proj = (None if pd.isna(prov["projected_n"]) else
            (prov["projected_n"], prov["projected_low"], prov["projected_high"]))
    plot_progress(daily, end=report.end, headcount=prov["headcount"], projection=proj,
                  target_rate=report.target_rate, ax=ax,
                  title="Responden sah per hari (kumulatif), seluruh OPD")
    buf = io.StringIO()
    fig.savefig(buf, format="svg", bbox_inches="tight",
                metadata={"Date": None, "Creator": None, "Format": None, "Type": None})
    plt.close(fig)
    text = buf.getvalue()
    return text[text.index("<svg"):]


def _sparkline(report: FieldworkReport, row: pd.Series, width: int = 110,
               height: int = 22) -> str:
    """The unit's cumulative count per day against its headcount, and the projection to the
    end of the window, as a small inline SVG (empty for hidden or sub-units)."""
    d = report.daily[report.daily["unit"] == row["unit"]]
    if d.empty or bool(row["suppressed"]):
        return ""
    total = (report.end - report.start).days + 1
    top = float(row["headcount"]) if pd.notna(row["headcount"]) else float(max(
        row["projected_high"] if pd.notna(row["projected_high"]) else 0, d["n_cumulative"].max(), 1))
    x = [(i + 0.5) / total * width for i in range(len(d))]
    y = [height - 1 - v / top * (height - 2) for v in d["n_cumulative"]]
    pts = " ".join(f"{a:.1f},{b:.1f}" for a, b in zip(x, y, strict=True))
    proj = ""
    if pd.notna(row["projected_n"]) and len(d) < total:
        end_y = height - 1 - float(row["projected_n"]) / top * (height - 2)
        proj = (f'<line x1="{x[-1]:.1f}" y1="{y[-1]:.1f}" x2="{width - 0.5:.1f}" '
                f'y2="{end_y:.1f}" stroke="#1f4e79" stroke-dasharray="3,2"/>')
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}">'
            f'<rect width="{width}" height="{height}" fill="#f4f6f9"/>'
            f'<polyline points="{pts}" fill="none" stroke="#1f4e79" stroke-width="1.6"/>'
            f"{proj}</svg>")


def _row_html(row: pd.Series, report: FieldworkReport, sub: bool) -> str:
    esc = html.escape
    hidden = bool(row["suppressed"])
    rate = row["response_rate"]
    width = 0 if hidden or pd.isna(rate) else min(float(rate), 1.0) * 100
    target = ("" if report.target_rate is None else
              f'<i style="left:{report.target_rate * 100:.1f}%"></i>')
    colour = _COLOURS.get(str(row["status"]), "#222")
    cells = [esc(str(row["name"])),
             format_number(row["headcount"], 0) if pd.notna(row["headcount"]) else "-",
             "disembunyikan" if hidden else format_number(row["n"], 0),
             "" if hidden else format_percent(rate),
             f'<div class="bar"><span style="width:{width:.1f}%"></span>{target}</div>',
             _sparkline(report, row), esc(_projection_line(row)),
             f'<span class="st" style="color:{colour}">{esc(_status_text(row, report))}</span>']
    tds = "".join(f'<td class="num">{c}</td>' if j in (1, 2, 3) else f"<td>{c}</td>"
                  for j, c in enumerate(cells))
    return f'<tr class="{"sub" if sub else "opd"}">{tds}</tr>'


def _table_html(report: FieldworkReport) -> str:
    p = report.progress
    opd = p[p["level"] == "opd"].assign(_o=lambda t: t["projected_rate"].fillna(
        t["response_rate"]))
    opd = opd.sort_values(["_o", "unit"], na_position="first", kind="stable")
    head = ("<tr><th>OPD / sub-unit</th><th>Pegawai</th><th>Responden sah</th><th>Tingkat "
            "respons</th><th></th><th>Per hari</th><th>Perkiraan akhir (kisaran 80%)</th>"
            "<th>Status</th></tr>")
    rows = [head]
    for _, r in opd.iterrows():
        rows.append(_row_html(r, report, sub=False))
        subs = p[(p["level"] == "subunit") & (p["parent"] == r["unit"])]
        rows += [_row_html(s, report, sub=True) for _, s in subs.iterrows()]
    return f"<table>{''.join(rows)}</table>"


def _method_html(report: FieldworkReport) -> str:
    excl = "; ".join(f"{lower_first(RULE_LABELS[r][0])}: {format_number(n, 0)} baris"
                     for r, n in report.exclusions.items()) or "tidak ada"
    later = (f" {format_number(report.rows_later, 0)} baris yang dikirim sesudah "
             f"{tanggal(report.as_of)} tidak dihitung." if report.rows_later else "")
    return (
        f"<p class='note'>Sumber: {html.escape(report.source)} "
        f"({format_number(report.rows_read, 0)} baris).{later} Responden dihitung dengan "
        f"aturan pembersihan yang sama dengan laporan akhir: pengisian ganda dihitung sekali "
        f"(yang terakhir), OPD yang tidak dikenal, isian terlalu cepat dan isian dengan "
        f"terlalu sedikit jawaban tidak dihitung (tidak dihitung kali ini: {excl}). Halaman "
        f"ini hanya menampilkan jumlah responden, tidak pernah skor, agar pengisian tidak "
        f"terpengaruh.</p><p class='note'>Perkiraan akhir: jumlah responden sekarang ditambah "
        f"rata-rata responden per hari pada {FIELDWORK_RECENT_DAYS} hari terakhir dikali sisa "
        f"hari survei, paling banyak sebesar jumlah pegawai. Kisaran 80% memperhitungkan "
        f"naik-turunnya jumlah harian dan ketidakpastian laju terakhir (model gamma-Poisson), "
        f"tetapi tidak memperhitungkan perubahan perilaku seperti surat pengingat, lonjakan "
        f"menjelang batas waktu atau hari libur: gunakan sebagai panduan siapa yang perlu "
        f"diingatkan, bukan janji.</p><p class='note'>Unit dengan kurang dari {report.min_n} "
        f"responden tidak dapat dilaporkan. Jumlah responden sub-unit yang jumlah pegawainya "
        f"tidak tercatat dan kurang dari {report.min_n} orang disembunyikan.</p>")


def progress_html(report: FieldworkReport) -> str:
    """The offline, self-contained, printable HTML page (Indonesian)."""
    esc = html.escape
    prov = report.unit("province")
    opd = report.progress[report.progress["level"] == "opd"]
    e, total = report.days
    cards = [("Responden sah", format_number(prov["n"], 0)),
             ("Jumlah pegawai", format_number(prov["headcount"], 0)),
             ("Tingkat respons", format_percent(prov["response_rate"])),
             ("Perkiraan akhir", format_percent(prov["projected_rate"]) or "-"),
             (f"OPD di bawah minimum {report.min_n}",
              format_number((opd["status"] == "below_min_n").sum(), 0))]
    if report.target_rate is not None:
        cards.append((f"OPD di bawah target {format_percent(report.target_rate, 0)}",
                      format_number((opd["status"] == "below_target").sum(), 0)))
    card_html = "".join(f'<div class="card">{esc(k)}<b>{esc(v)}</b></div>' for k, v in cards)
    title = f"Pemantauan pengisian {report.title} {report.year}"
    banner = ('<p class="synthetic">Data contoh SINTETIS, bukan data pegawai sebenarnya.</p>'
              if report.synthetic else "")
    return (
        f'<!DOCTYPE html>\n<html lang="id"><head><meta charset="utf-8"><title>{esc(title)}'
        f"</title><style>{_CSS}</style></head><body><h1>{esc(title)}</h1>"
        f'<p class="meta">{esc(report.organisation)}. Keadaan per {tanggal(report.as_of)} '
        f"(hari ke-{e} dari {total}; survei {_window(report)}).</p>{banner}<div class='cards'>{card_html}</div>"
        f"<h2>Perkembangan</h2>{_chart_svg(report)}<h2>Per OPD dan sub-unit</h2>"
        f"<p class='note'>Diurutkan dari perkiraan tingkat respons terendah; garis hijau pada "
        f"batang menandai target; grafik kecil: jumlah responden per hari (kumulatif, sampai "
        f"jumlah pegawai) dan perkiraannya sampai akhir survei.</p>{_table_html(report)}<h2>Cara menghitung</h2>"
        f"{_method_html(report)}</body></html>\n")


def write_progress(report: FieldworkReport, out_dir: str | Path) -> dict[str, Path]:
    """Write the page and the texts under ``out_dir``.

    Returns
    -------
    dict
        ``"html"``: ``pemantauan_<as_of>.html``; ``"summary"``: ``pemantauan_<as_of>.txt``
        (province); one entry per OPD and sub-unit code: ``pemantauan_<as_of>/<code>.txt``.
    """
    out = Path(out_dir)
    stem = f"pemantauan_{report.as_of.isoformat()}"
    folder = out / stem
    folder.mkdir(parents=True, exist_ok=True)
    paths = {"html": out / f"{stem}.html", "summary": out / f"{stem}.txt"}
    paths["html"].write_text(progress_html(report), encoding="utf-8")
    paths["summary"].write_text(summary_text(report) + "\n", encoding="utf-8")
    for code in report.progress.loc[report.progress["level"] != "province", "unit"]:
        paths[str(code)] = folder / f"{code}.txt"
        paths[str(code)].write_text(unit_text(report, str(code)) + "\n", encoding="utf-8")
    return paths
