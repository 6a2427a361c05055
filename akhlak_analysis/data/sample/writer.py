"""The synthetic sample: writer (see :mod:`akhlak_analysis.data.sample`)."""

from __future__ import annotations

import csv
import json
import zipfile
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

from ...instrument import Instrument, load_instrument
from ._model import (
    DEFAULT_SEED,
    DEMOGRAPHIC_EFFECTS,
    INSTRUMENTS,
    PERSISTENCE,
    PROVINCE,
    PROVINCE_LEVEL,
    RATES,
    UNKNOWN_UNIT,
    VALUE_OFFSETS,
    YEARS,
    Model,
    age_band,
    make_model,
    score_answers,
    tenure_band,
)
from .extras import (
    COMMENT_HEADER,
    OUTCOME_INSTRUMENT,
    comment_cells,
    copy_resubmissions,
    draw_outcomes,
    outcome_cells,
    outcome_loadings,
    outcome_truth,
)
from .province import (
    MERGE,
    RENAME,
    SMALL_MAX,
    ages_at,
    build_population,
    build_units,
    latent_scores,
    plan_levels,
    predecessors,
    simulate_year,
    year_opd_codes,
)

#: Label variants within edit distance 2 (or case/space variants) of the real label, by code.
_TYPOS = {5: ("sangat setuju", "SANGAT SETUJU", "Sangat Stuju", "Sangat  Setuju", "Sangt Setuju",
              "sangat Setuju"),
          4: ("setuju", "SETUJU", " Setuju ", "Setju", "Stuju", "Setuju."),
          3: ("netral", "NETRAL", "Netrl", "Netral ", "Natral"),
          2: ("tidak setuju", "Tdk Setuju", "Tidak Stuju", "TIDAK SETUJU", "Tidak setuju"),
          1: ("sangat tidak setuju", "Sangat Tdk Setuju", "Sangat Tidak Stuju",
              "SANGAT TIDAK SETUJU")}


_ABBR = {5: "SS", 4: "S", 3: "N", 2: "TS", 1: "STS"}


_OUT_OF_RANGE = {2024: ("6", "0"), 2025: (0, 6, 9, 55)}


_PLAIN, _BLANK, _OOR, _TYPO, _ABBRV, _TEXTNUM = range(6)


def _draw_respondents(rng: np.random.Generator, pops: dict[int, pd.DataFrame],
                      units: pd.DataFrame) -> dict[int, np.ndarray]:
    """Row positions of the respondents per year: ``round(N * rate)`` per OPD, rate 20-80%."""
    hc = units.set_index("code")
    rate24 = {c: rng.uniform(0.2, 0.8) for c in year_opd_codes(units, 2024)}
    out = {}
    for year in YEARS:
        pop, picked = pops[year], []
        for c in year_opd_codes(units, year):
            small = hc.loc[c, f"headcount_{year}"] <= SMALL_MAX
            pre = predecessors(units, c)[0] if year == 2025 else c
            r = rate24[pre] if year == 2024 else float(np.clip(rate24[pre] + rng.normal(0, 0.08),
                                                               0.2, 0.8))
            if small and year == 2024:
                r = rng.uniform(0.2, 0.3)
            elif hc.loc[c, f"headcount_{year}"] > 1000:  # keeps the province n in 4,000-6,000
                r = 0.5 + (r - 0.5) / 3
            members = np.flatnonzero(pop["opd"].to_numpy() == c)
            picked.append(rng.choice(members, size=max(1, round(len(members) * r)), replace=False))
        out[year] = np.sort(np.concatenate(picked))
    return out


def _survey_times(rng: np.random.Generator, n: int, year: int) -> np.ndarray:
    """Submission times, 1-15 October, mostly in working hours (datetime64[s])."""
    hours = np.arange(7, 23)
    w = np.array([2, 6, 9, 10, 10, 8, 6, 8, 8, 6, 4, 3, 3, 3, 2, 1], dtype=float)
    t = (np.datetime64(f"{year}-10-01T00:00:00", "s")
         + (rng.integers(0, 15, n) * 86400 + rng.choice(hours, n, p=w / w.sum()) * 3600
            + rng.integers(0, 3600, n)).astype("timedelta64[s]"))
    return t


def _break_flat(rng: np.random.Generator, codes: np.ndarray, kind: np.ndarray,
                rows: np.ndarray) -> None:
    """Change one answered cell of each row in ``rows`` whose answered cells are all equal."""
    valid = np.isin(kind, [_PLAIN, _TYPO, _ABBRV, _TEXTNUM])
    for r in rows:
        cols = np.flatnonzero(valid[r])
        if len(cols) >= 2 and np.all(codes[r, cols] == codes[r, cols[0]]):
            j = cols[rng.integers(0, len(cols))]
            codes[r, j] = codes[r, j] + 1 if codes[r, j] < 5 else codes[r, j] - 1


def _plant_defects(rng: np.random.Generator, resp: pd.DataFrame, answers: np.ndarray,
                   year: int) -> tuple[pd.DataFrame, np.ndarray, np.ndarray, dict[str, int]]:
    """Add duplicate rows and choose the defective rows and cells.

    Returns the rows (respondents then second submissions, with ``flag`` and times), the codes,
    the cell kinds and the counts that do not depend on rendering.
    """
    n, n_items = answers.shape
    size = {k: int(round(RATES[k] * n)) for k in
            ("duplicates", "straightliners", "too_few_answers", "mangled_nip")}
    size["speeders"] = int(round(RATES["speeders"] * n)) if year == 2025 else 0
    size["unknown_unit_rows"] = int(rng.integers(4, 9))
    flag = np.full(n, "", dtype=object)
    perm, start = rng.permutation(n), 0
    for key, k in size.items():
        flag[perm[start:start + k]] = key
        start += k
    codes = answers.astype(np.int16)
    straight = flag == "straightliners"
    codes[straight] = rng.choice([3, 4, 4, 4, 5, 5], size=straight.sum())[:, None]

    finish = _survey_times(rng, n, year)
    dur = np.clip(rng.lognormal(np.log(480), 0.4, n), 240, 1200).astype(int)
    dur[flag == "speeders"] = rng.integers(25, 86, (flag == "speeders").sum())
    src = np.flatnonzero(flag == "duplicates")
    second = codes[src].copy()
    for r in range(len(src)):
        for j in rng.choice(n_items, size=rng.integers(1, 4), replace=False):
            second[r, j] += 1 if second[r, j] < 5 and (second[r, j] == 1 or rng.random() < .5) else -1
    end = np.datetime64(f"{year}-10-15T23:59:59", "s")
    room = (end - finish[src]).astype(float)
    gap = np.minimum(rng.uniform(1800, 172800, len(src)), room * rng.uniform(0.3, 0.9, len(src)))
    rows = pd.concat([resp.assign(flag=flag, resubmit=False),
                      resp.iloc[src].assign(flag="", resubmit=True)], ignore_index=True)
    rows["finish"] = np.concatenate([finish, finish[src] + gap.astype("timedelta64[s]")])
    rows["duration"] = np.concatenate([dur, np.clip(rng.lognormal(np.log(480), .4, len(src)),
                                                    240, 1200).astype(int)])
    codes = np.vstack([codes, second])

    kind = np.zeros(codes.shape, dtype=np.int8)
    few = np.flatnonzero(rows["flag"].to_numpy() == "too_few_answers")
    for r in few:
        kind[r, rng.integers(1, -(-n_items // 2)):] = _BLANK
    regular = np.flatnonzero(~rows["flag"].isin(["straightliners", "too_few_answers"]).to_numpy())
    cells = rng.permutation(len(regular) * n_items)
    start = 0
    cell_kinds = [("blank_cells", _BLANK), ("out_of_range_cells", _OOR),
                  ("misspelled_labels", _TYPO), ("abbreviations", _ABBRV)]
    if year == 2025:
        cell_kinds.append(("text_number_cells", _TEXTNUM))
    for key, k in cell_kinds:
        m = int(round(RATES[key] * len(cells)))
        pick = cells[start:start + m]
        kind[regular[pick // n_items], pick % n_items] = k
        start += m
    _break_flat(rng, codes, kind, np.flatnonzero(~rows["flag"].eq("straightliners").to_numpy()))
    return rows, codes, kind, size


def _render_cells(rng: np.random.Generator, codes: np.ndarray, kind: np.ndarray, year: int,
                  labels: dict[int, str]) -> np.ndarray:
    """File content of every item cell: text labels (2024) or numbers with some text (2025)."""
    if year == 2024:
        out = np.array(["", *(labels[c] for c in range(1, 6))], dtype=object)[codes]
    else:
        out = codes.astype(object)
    out[kind == _BLANK] = "" if year == 2024 else None
    oor = np.flatnonzero(kind.ravel() == _OOR)
    opts = np.array(_OUT_OF_RANGE[year], dtype=object)
    out.ravel()[oor] = opts[rng.integers(0, len(opts), len(oor))]
    for flat in np.flatnonzero(kind.ravel() == _TYPO):
        variants = _TYPOS[int(codes.ravel()[flat])]
        out.ravel()[flat] = variants[rng.integers(0, len(variants))]
    abbr = np.array(["", *(_ABBR[c] for c in range(1, 6))], dtype=object)
    out[kind == _ABBRV] = abbr[codes[kind == _ABBRV]]
    out[kind == _TEXTNUM] = codes[kind == _TEXTNUM].astype(str).astype(object)
    return out


def _name_variant(rng: np.random.Generator, name: str, aliases: str) -> str:
    opts = [a for a in aliases.split("|") if a] if aliases else []
    opts += [name.lower(), name.upper(), name + " ", " " + name]
    if " " in name:
        opts.append(name.replace(" ", "  ", 1))
    opts = [o for o in opts if o != name]
    return opts[rng.integers(0, len(opts))]


def _identity_columns(rng: np.random.Generator, rows: pd.DataFrame, units: pd.DataFrame,
                      year: int) -> tuple[dict[str, list], int]:
    """OPD / sub-unit text (with variants and the unknown unit), NIP (some mangled), bands."""
    hc = units.set_index("code")
    flag = rows["flag"].to_numpy()
    n = len(rows)
    opd_text = hc.loc[rows["opd"], "name"].to_numpy(dtype=object).copy()
    unknown = flag == "unknown_unit_rows"
    opd_text[unknown] = UNKNOWN_UNIT
    eligible = np.flatnonzero(~unknown)
    variants = rng.choice(eligible, size=int(round(RATES["unit_name_variants"] * n)), replace=False)
    names, aliases = hc["name"].to_dict(), hc["aliases"].to_dict()
    opd_codes = rows["opd"].to_numpy(dtype=object)
    for i in variants:
        opd_text[i] = _name_variant(rng, names[opd_codes[i]], aliases[opd_codes[i]])
    sub = rows["subunit"].to_numpy(dtype=object)
    sub_text = np.where((sub != "") & ~unknown & (rng.random(n) < 0.85),
                        hc.reindex(sub)["name"].to_numpy(dtype=object), "")
    nip: list[object] = rows["nip"].tolist()
    for i in np.flatnonzero(flag == "mangled_nip"):
        if year == 2024:
            txt = f"{float(nip[i]):.5E}"
            nip[i] = txt.replace(".", ",") if rng.random() < 0.7 else txt
        else:
            nip[i] = float(nip[i][:15] + "000")
    age, tenure = ages_at(rows, datetime(year, 10, 1))
    cols = {"nip": nip, "opd": opd_text.tolist(), "subunit": sub_text.tolist(),
            "age": age_band(age).tolist(), "tenure": tenure_band(tenure).tolist()}
    return cols, len(variants)


def _item_headers_2024(ins: Instrument) -> list[str]:
    """Google Forms grid headers; four of them edited by hand (bare text, spacing, case)."""
    edits = {"AK3": lambda t: t.replace(" kewenangan", "  kewenangan"),
             "HA2": str.lower, "LO3": lambda t: t + " ",
             "KL2": lambda t: "saya" + t[4:]}
    return [edits[it.code](it.text) if it.code in edits else f"{ins.value_name(it.value)} [{it.text}]"
            for it in ins.items]


_META_2024 = ["Stempel waktu", "Alamat email", "Nama Lengkap", "NIP", "Nomor HP",
              "Unit Kerja (OPD)", "Bidang / UPT", "Status Kepegawaian", "Jenis Jabatan", "Golongan",
              "Jenis Kelamin", "Usia", "Masa Kerja"]


_META_2025 = ["No", "Waktu Mulai", "Waktu Selesai", "NIP", "Nama", "Email", "No. HP", "OPD",
              "Sub Unit", "Status Kepegawaian", "Jenis Jabatan", "Golongan", "Jenis Kelamin",
              "Usia", "Masa Kerja"]


_PETUNJUK = (
    "Survei Budaya Kerja ASN BerAKHLAK 2025",
    f"Pemerintah {PROVINCE}",
    "PERHATIAN: seluruh isi berkas ini adalah data SINTETIS untuk pelatihan dan pengujian, "
    "bukan data pegawai sebenarnya.",
    "Periode pengisian: 1-15 Oktober 2025. Diekspor dari aplikasi survei Biro Organisasi.",
    "Lembar 'Jawaban' berisi satu baris untuk setiap pengiriman jawaban.",
    "Kolom BP1 sampai KL4 adalah kode butir pernyataan instrumen berakhlak-2025.",
    "Kode jawaban: 1 = Sangat Tidak Setuju, 2 = Tidak Setuju, 3 = Netral, 4 = Setuju, "
    "5 = Sangat Setuju.",
    "Butir KO4 dan AD4 berupa pernyataan negatif; skornya dibalik saat pengolahan.",
)


def _ordered(rows: pd.DataFrame) -> np.ndarray:
    return np.lexsort((np.arange(len(rows)), rows["finish"].to_numpy()))


def _meta_lists(rows: pd.DataFrame, order: np.ndarray) -> dict[str, list]:
    keys = ("email", "name", "phone", "status", "jabatan", "golongan", "gender")
    return {k: rows[k].to_numpy(dtype=object)[order].tolist() for k in keys}


def _write_csv_2024(path: Path, rows: pd.DataFrame, cells: np.ndarray, ident: dict,
                    ins: Instrument) -> None:
    """Google Forms export re-saved by Indonesian Excel: ';', UTF-8 with BOM, CRLF."""
    order = _ordered(rows)
    m = _meta_lists(rows, order)
    finish = pd.DatetimeIndex(rows["finish"]).strftime("%d/%m/%Y %H:%M:%S")[order]
    idn = {k: np.asarray(v, dtype=object)[order] for k, v in ident.items()}
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh, delimiter=";", lineterminator="\r\n")
        w.writerow(_META_2024 + _item_headers_2024(ins))
        for k, i in enumerate(order):
            w.writerow([finish[k], m["email"][k], m["name"][k], idn["nip"][k], m["phone"][k],
                        idn["opd"][k], idn["subunit"][k], m["status"][k], m["jabatan"][k],
                        m["golongan"][k], m["gender"][k], idn["age"][k], idn["tenure"][k],
                        *cells[i]])


def _col_letter(j: int) -> str:
    s = ""
    j += 1
    while j:
        j, r = divmod(j - 1, 26)
        s = chr(65 + r) + s
    return s


def _xml_cell(ref: str, value: object, style: int = 0) -> str:
    """One worksheet cell: number, date (style 1) or inline string; '' for an empty cell."""
    if type(value) is int:
        return f'<c r="{ref}"><v>{value}</v></c>'
    s = f' s="{style}"' if style else ""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime):
        serial = (value - datetime(1899, 12, 30)).total_seconds() / 86400
        return f'<c r="{ref}" s="1"><v>{serial!r}</v></c>'
    if isinstance(value, int | float | np.integer | np.floating) and not isinstance(value, bool):
        return f'<c r="{ref}"{s}><v>{value!r}</v></c>'
    text = str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    space = ' xml:space="preserve"' if text != text.strip() or "  " in text else ""
    return f'<c r="{ref}"{s} t="inlineStr"><is><t{space}>{text}</t></is></c>'


def _xml_sheet(rows: list[list[object]], header: bool) -> str:
    letters = [_col_letter(j) for j in range(max(len(r) for r in rows))]
    pane = ('<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" '
            'activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>' if header else "")
    out = [f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{_NS_MAIN}">'
           f"{pane}<sheetData>"]
    for i, row in enumerate(rows, start=1):
        style = 2 if header and i == 1 else 0
        cells = "".join(_xml_cell(f"{letters[j]}{i}", v, style) for j, v in enumerate(row))
        out.append(f'<row r="{i}">{cells}</row>')
    out.append("</sheetData></worksheet>")
    return "".join(out)


_NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


_NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


_NS_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"


_CT = "application/vnd.openxmlformats-officedocument."


_XLSX_STATIC = {
    "[Content_Types].xml":
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{_CT}spreadsheetml.sheet.main+xml"/>'
        f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{_CT}spreadsheetml.'
        'worksheet+xml"/>'
        f'<Override PartName="/xl/worksheets/sheet2.xml" ContentType="{_CT}spreadsheetml.'
        'worksheet+xml"/>'
        f'<Override PartName="/xl/styles.xml" ContentType="{_CT}spreadsheetml.styles+xml"/>'
        '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-'
        'package.core-properties+xml"/>'
        f'<Override PartName="/docProps/app.xml" ContentType="{_CT}extended-properties+xml"/>'
        "</Types>",
    "_rels/.rels":
        f'<Relationships xmlns="{_NS_PKG}">'
        f'<Relationship Id="rId1" Type="{_NS_REL}/officeDocument" Target="xl/workbook.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/'
        'relationships/metadata/core-properties" Target="docProps/core.xml"/>'
        f'<Relationship Id="rId3" Type="{_NS_REL}/extended-properties" '
        'Target="docProps/app.xml"/></Relationships>',
    "docProps/app.xml":
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        'extended-properties"><Application>Aplikasi Survei BerAKHLAK (contoh sintetis)'
        "</Application></Properties>",
    "docProps/core.xml":
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
        'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        "<dc:title>Survei Budaya Kerja ASN BerAKHLAK 2025 (contoh sintetis)</dc:title>"
        "<dc:creator>Aplikasi Survei BerAKHLAK (contoh sintetis)</dc:creator>"
        '<dcterms:created xsi:type="dcterms:W3CDTF">2025-10-16T08:00:00Z</dcterms:created>'
        '<dcterms:modified xsi:type="dcterms:W3CDTF">2025-10-16T08:00:00Z</dcterms:modified>'
        "</cp:coreProperties>",
    "xl/workbook.xml":
        f'<workbook xmlns="{_NS_MAIN}" xmlns:r="{_NS_REL}"><sheets>'
        '<sheet name="Petunjuk" sheetId="1" r:id="rId1"/>'
        '<sheet name="Jawaban" sheetId="2" r:id="rId2"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels":
        f'<Relationships xmlns="{_NS_PKG}">'
        f'<Relationship Id="rId1" Type="{_NS_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{_NS_REL}/worksheet" Target="worksheets/sheet2.xml"/>'
        f'<Relationship Id="rId3" Type="{_NS_REL}/styles" Target="styles.xml"/></Relationships>',
    "xl/styles.xml":
        f'<styleSheet xmlns="{_NS_MAIN}">'
        '<numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy hh:mm:ss"/></numFmts>'
        '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
        '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
        '<fills count="2"><fill><patternFill patternType="none"/></fill>'
        '<fill><patternFill patternType="gray125"/></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
        '</cellStyleXfs><cellXfs count="3">'
        '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
        '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
        '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
        '</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/>'
        "</cellStyles></styleSheet>",
}


def _write_xlsx_2025(path: Path, rows: pd.DataFrame, cells: np.ndarray, ident: dict,
                     ins: Instrument, extra_header: list[str], extra: np.ndarray) -> None:
    """Survey-app workbook (sheets Petunjuk, Jawaban), written as plain SpreadsheetML.

    Inline strings, one date style; every zip entry has a fixed time and a fixed order, so the
    bytes depend only on the content. ``extra`` (rows x ``extra_header``) are the last columns.
    """
    order = _ordered(rows)
    m = _meta_lists(rows, order)
    finish = pd.DatetimeIndex(rows["finish"]).to_pydatetime()[order]
    dur = rows["duration"].to_numpy()[order]
    idn = {k: np.asarray(v, dtype=object)[order] for k, v in ident.items()}
    table: list[list[object]] = [_META_2025 + ins.item_codes + extra_header]
    for k, i in enumerate(order):
        end = finish[k]
        table.append([k + 1, end - timedelta(seconds=int(dur[k])), end, idn["nip"][k],
                      m["name"][k], m["email"][k], m["phone"][k], idn["opd"][k],
                      idn["subunit"][k], m["status"][k], m["jabatan"][k], m["golongan"][k],
                      m["gender"][k], idn["age"][k], idn["tenure"][k], *cells[i], *extra[i]])
    parts = dict(_XLSX_STATIC)
    parts["xl/worksheets/sheet1.xml"] = _xml_sheet([[line] for line in _PETUNJUK], header=False)
    parts["xl/worksheets/sheet2.xml"] = _xml_sheet(table, header=True)
    head = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in parts.items():
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            body = text if text.startswith("<?xml") else head + text
            zf.writestr(info, body.encode("utf-8"))


def _count_rendered(rows: pd.DataFrame, codes: np.ndarray, kind: np.ndarray,
                    size: dict[str, int], variants: int) -> dict[str, int]:
    return {
        "duplicates": size["duplicates"], "straightliners": size["straightliners"],
        "too_few_answers": size["too_few_answers"], "speeders": size["speeders"],
        "mangled_nip": size["mangled_nip"], "unknown_unit_rows": size["unknown_unit_rows"],
        "unit_name_variants": variants, "blank_cells": int((kind == _BLANK).sum()),
        "out_of_range_cells": int((kind == _OOR).sum()),
        "misspelled_labels": int((kind == _TYPO).sum()),
        "abbreviations": int((kind == _ABBRV).sum()),
        "text_number_cells": int((kind == _TEXTNUM).sum()),
    }


def _truth_year(pop: pd.DataFrame, answers: np.ndarray, picked: np.ndarray, ins: Instrument,
                plan: dict, year: int) -> dict:
    scores = score_answers(answers, ins)
    frame = pd.DataFrame(scores, columns=ins.value_codes)
    frame["culture_index"] = scores.mean(axis=1)
    frame["opd"] = pop["opd"].to_numpy()
    frame["subunit"] = pop["subunit"].to_numpy()
    frame["responded"] = np.isin(np.arange(len(pop)), picked)
    cols = [*ins.value_codes, "culture_index"]

    def summary(g: pd.DataFrame, key: str | None) -> dict:
        grouped = g.groupby(key, sort=True) if key else g.assign(_all=0).groupby("_all")
        means = grouped[cols].mean().to_dict("index")
        counts = grouped["responded"].agg(["size", "sum"]).to_dict("index")
        return {k: {"N": int(counts[k]["size"]), "n": int(counts[k]["sum"]),
                    "culture_index": m["culture_index"],
                    "category": ins.categorize(m["culture_index"]).iloc[0],
                    "values": {v: m[v] for v in ins.value_codes}}
                for k, m in means.items()}

    opd = summary(frame, "opd")
    for c, d in opd.items():
        d.update(planned_index=plan["plan"][year][c], change=plan["change"][c])
    subs = summary(frame[frame["subunit"] != ""], "subunit")
    for d in subs.values():
        d.pop("values")
    province = summary(frame, None)[0]
    province["planned_index"] = PROVINCE_LEVEL[year]
    return {"instrument": ins.name, "province": province, "opd": opd, "subunits": subs}


def _orthogonal_noise(rng: np.random.Generator, z: np.ndarray) -> np.ndarray:
    e = rng.standard_normal(len(z))
    e -= e.mean()
    e -= z * (e @ z) / (z @ z)
    return e / e.std()


def _indicators(rng: np.random.Generator, truth: dict) -> pd.DataFrame:
    """Attendance (r = .5 with the true index) and discipline cases (r = -.4) per OPD-year."""
    parts = []
    for year in YEARS:
        opd = truth[str(year)]["opd"]
        codes = sorted(opd)
        x = np.array([opd[c]["culture_index"] for c in codes])
        z = (x - x.mean()) / x.std()
        att = 94.0 + 2.2 * (0.5 * z + np.sqrt(0.75) * _orthogonal_noise(rng, z))
        dis = 1.4 * np.exp(0.45 * (-0.4 * z + np.sqrt(0.84) * _orthogonal_noise(rng, z)))
        parts.append(pd.DataFrame({"opd": codes, "year": year,
                                   "attendance_rate": np.round(np.clip(att, 80, 99.9), 1),
                                   "discipline_cases": np.round(dis, 2)}))
    return pd.concat(parts, ignore_index=True)


_ACTIONS = {
    "berorientasi_pelayanan": (
        "Pelatihan pelayanan prima bagi petugas loket",
        "Survei kepuasan masyarakat setiap triwulan",
        "Penyusunan standar pelayanan dan maklumat pelayanan",
        "Kanal pengaduan daring dengan tindak lanjut paling lama tiga hari kerja"),
    "akuntabel": (
        "Sosialisasi kode etik dan pencegahan gratifikasi",
        "Penerapan presensi elektronik berbasis lokasi",
        "Inventarisasi dan pelabelan barang milik daerah",
        "Penandatanganan pakta integritas oleh seluruh pegawai"),
    "kompeten": (
        "Program coaching dan mentoring oleh pejabat fungsional senior",
        "Forum berbagi pengetahuan bulanan antarbidang",
        "Pemenuhan 20 jam pelajaran pengembangan kompetensi per pegawai",
        "Pelatihan literasi digital bagi pelaksana"),
    "harmonis": (
        "Kegiatan kebersamaan lintas bidang setiap bulan",
        "Apel pagi dengan penyampaian apresiasi pegawai teladan",
        "Penyediaan ruang laktasi dan ruang ibadah yang layak"),
    "loyal": (
        "Apel kebangsaan dan pembacaan Panca Prasetya Korpri",
        "Sosialisasi pengelolaan informasi yang dikecualikan",
        "Pedoman penggunaan media sosial bagi ASN"),
    "adaptif": (
        "Kompetisi inovasi pelayanan tingkat perangkat daerah",
        "Digitalisasi arsip dan tata naskah dinas elektronik",
        "Penerapan rapat tanpa kertas",
        "Klinik inovasi bersama Bapperida"),
    "kolaboratif": (
        "Rapat koordinasi lintas perangkat daerah setiap triwulan",
        "Perjanjian kerja sama dengan perguruan tinggi setempat",
        "Tim kerja lintas bidang untuk program prioritas daerah"),
}


def _action_plans(rng: np.random.Generator, truth: dict, units: pd.DataFrame) -> pd.DataFrame:
    """Rencana Aksi 2025: 2-4 actions per OPD aimed at its weakest 2024 values; completion
    (as of 2025-10-31) rises modestly with the OPD's true change 2024 -> 2025."""
    asof = np.datetime64("2025-10-31", "D")
    t24, t25 = truth["2024"]["opd"], truth["2025"]["opd"]
    hc = units.set_index("code")
    codes = sorted(t25)
    change, weak = [], []
    for c in codes:
        pre = predecessors(units, c)
        w = hc.loc[pre, "headcount_2024"].to_numpy(dtype=float)
        before = np.average([t24[p]["culture_index"] for p in pre], weights=w)
        change.append(t25[c]["culture_index"] - before)
        weak.append({v: np.average([t24[p]["values"][v] for p in pre], weights=w)
                     for v in _ACTIONS})
    change = np.array(change)
    completion = 0.5 + 0.10 * (change - change.mean()) / change.std() + rng.normal(0, .17, len(codes))
    rows = []
    for c, comp, scores in zip(codes, completion, weak, strict=True):
        vals = list(scores)
        s = np.array([scores[v] for v in vals])
        p = np.exp(-(s - s.min()) / 3)
        chosen = rng.choice(vals, size=rng.integers(2, 5), replace=False, p=p / p.sum())
        for v in chosen:
            start = np.datetime64("2025-01-06", "D") + rng.integers(0, 270)
            due = min(start + rng.integers(45, 240), np.datetime64("2025-12-31", "D"))
            f = float(np.clip((asof - start) / (due - start), 0, 1.3))
            prog = float(np.clip(f * (0.15 + 0.95 * comp) + rng.normal(0, 0.1), 0, 1))
            if rng.random() < 0.3 * (1 - comp):
                prog = 0.0
            prog = 100 if prog > 0.95 else int(round(100 * prog))
            status = "Selesai" if prog == 100 else "Belum Mulai" if prog == 0 else "Berjalan"
            action = _ACTIONS[v][rng.integers(0, len(_ACTIONS[v]))]
            rows.append((c, v, action, str(start), str(due), prog, status))
    return pd.DataFrame(rows, columns=["opd", "value", "action", "start_date", "due_date",
                                       "progress", "status"])


def _extras_2025(rng: Callable[[int], np.random.Generator], rows: pd.DataFrame,
                 codes: np.ndarray, pop: pd.DataFrame, eta: np.ndarray,
                 value_answers: np.ndarray, ins: Instrument, plus: Instrument, model: Model,
                 units: pd.DataFrame) -> tuple[list[str], np.ndarray, dict]:
    """Outcome items and the open question of 2025 (own random streams), and their truth."""
    loadings = outcome_loadings(rng(40), plus)
    answers, xi = draw_outcomes(rng(43), eta, plus, model, loadings)
    person = pd.Index(pop["nip"]).get_indexer(rows["nip"])
    outcome = outcome_cells(rng(41), rows, person, answers, codes)
    engaged = (xi[:, 0] - xi[:, 0].mean()) / xi[:, 0].std()
    comment, planted = comment_cells(rng(42), rows, engaged[person],
                                     year_opd_codes(units, 2025))
    copy_resubmissions(rows, comment)
    truth = {"outcomes": outcome_truth(pop, value_answers, answers, ins, plus, loadings),
             "comments": {"header": COMMENT_HEADER, **planted}}
    header = [it.code for it in plus.outcome_items] + [COMMENT_HEADER]
    return header, np.column_stack([outcome, comment]), truth


def _rounded(obj: object) -> object:
    if isinstance(obj, dict):
        return {str(k): _rounded(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_rounded(v) for v in obj]
    if isinstance(obj, float | np.floating):
        return round(float(obj), 6)
    if isinstance(obj, np.integer):
        return int(obj)
    return obj


FILES = ("units.csv", "responses_2024.csv", "responses_2025.xlsx", "truth.json",
         "indicators.csv", "action_plans_2025.csv")


def write_sample(out_dir: str | Path, seed: int = DEFAULT_SEED) -> dict[str, Path]:
    """Write the synthetic sample data set for the fictional province.

    Simulates the full staff of about 45 OPDs in 2024 and 2025 (reorganised between the two
    years: one rename, one merge), draws the respondents, plants data defects at known rates and
    writes the files below. The same seed gives byte-identical files.

    Parameters
    ----------
    out_dir : str or Path
        Folder to write to (created if needed). ``analysis.yaml`` and ``README.md`` in it are
        left alone.
    seed : int, default 20251
        Seed of every random draw.

    Returns
    -------
    dict
        File name -> path, for ``units.csv`` (unit table), ``responses_2024.csv`` (Google Forms
        export: ``;``, UTF-8 with BOM, CRLF, text answers), ``responses_2025.xlsx`` (survey-app
        workbook, sheets ``Petunjuk`` and ``Jawaban``, coded 1-5), ``truth.json`` (model,
        finite-population truth per year and OPD, planted defect counts), ``indicators.csv``
        (``opd, year, attendance_rate, discipline_cases``) and ``action_plans_2025.csv``
        (``opd, value, action, start_date, due_date, progress, status``).

    Examples
    --------
    >>> import json, tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     paths = write_sample(tmp)
    ...     truth = json.loads(paths["truth.json"].read_text(encoding="utf-8"))
    >>> sorted(paths)
    ['action_plans_2025.csv', 'indicators.csv', 'responses_2024.csv', 'responses_2025.xlsx', 'truth.json', 'units.csv']
    >>> round(truth["years"]["2024"]["province"]["culture_index"], 1)
    76.4
    >>> truth["reorganisation"]["merged"]
    {'DISBUDPARPORA': ['DISBUDPAR', 'DISPORA']}
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    ins = {y: load_instrument(INSTRUMENTS[y]) for y in YEARS}

    def rng(k: int) -> np.random.Generator:
        return np.random.default_rng([seed, k])

    units = build_units(rng(10))
    model = make_model(rng(11), ins[2025])
    plan = plan_levels(rng(12), units, ins[2025])
    pops, z = build_population(rng(13), units, model)
    answers = {y: simulate_year(rng(y), pops[y], z[y], y, plan, ins[y], model) for y in YEARS}
    picked = _draw_respondents(rng(14), pops, units)
    plus = load_instrument(OUTCOME_INSTRUMENT)
    eta25 = latent_scores(pops[2025], z[2025], 2025, plan, ins[2025], model)
    years = {str(y): _truth_year(pops[y], answers[y], picked[y], ins[y], plan, y) for y in YEARS}

    paths = {name: out / name for name in FILES}
    labels = dict(ins[2024].scale.labels["agreement"])
    for y in YEARS:
        r = rng(100 + y)
        resp = pops[y].iloc[picked[y]].reset_index(drop=True)
        rows, codes, kind, size = _plant_defects(r, resp, answers[y][picked[y]], y)
        cells = _render_cells(r, codes, kind, y, labels)
        ident, variants = _identity_columns(r, rows, units, y)
        if y == 2024:
            _write_csv_2024(paths["responses_2024.csv"], rows, cells, ident, ins[y])
        else:
            header, extra, extra_truth = _extras_2025(rng, rows, codes, pops[y], eta25,
                                                      answers[y], ins[y], plus, model, units)
            _write_xlsx_2025(paths["responses_2025.xlsx"], rows, cells, ident, ins[y], header,
                             extra)
        years[str(y)]["defects"] = _count_rendered(rows, codes, kind, size, variants)
        years[str(y)]["rows_in_file"] = len(rows)

    values = ins[2025].value_codes
    truth = {
        "seed": seed, "province": PROVINCE, "generator": "akhlak_analysis.data.sample.write_sample",
        "loadings": model.loadings,
        "latent_correlations": {v: dict(zip(values, model.corr[i].tolist(), strict=True))
                                for i, v in enumerate(values)},
        "thresholds": model.thresholds.tolist(), "value_offsets": VALUE_OFFSETS,
        "demographic_effects": DEMOGRAPHIC_EFFECTS, "persistence": PERSISTENCE,
        "province_trend_2025": plan["trend"],
        "reorganisation": {"renamed": {RENAME[0]: RENAME[1]},
                           "merged": {MERGE[1]: list(MERGE[0])}},
        "years": years,
        "outcomes_2025": extra_truth["outcomes"],
        "comments_2025": extra_truth["comments"],
    }
    units.to_csv(paths["units.csv"], index=False, lineterminator="\n")
    _indicators(rng(15), years).to_csv(paths["indicators.csv"], index=False, lineterminator="\n")
    _action_plans(rng(16), years, units).to_csv(paths["action_plans_2025.csv"], index=False,
                                                 lineterminator="\n")
    paths["truth.json"].write_text(json.dumps(_rounded(truth), sort_keys=True, indent=1,
                                              ensure_ascii=False) + "\n", encoding="utf-8")
    return paths
