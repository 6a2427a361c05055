from __future__ import annotations

import json
import os

import nbformat
import pytest

import akhlak_analysis as ak
from akhlak_analysis import cli
from akhlak_analysis.report.runner import ReportError, list_notebooks, run_report
from tests.conftest import ROOT, SAMPLE

pytestmark = pytest.mark.slow  # runs akhlak report or notebooks: the slow lane of make test


def _notebook(path, body: str) -> None:
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("# Judul laporan"),
        nbformat.v4.new_code_cell('config_path = "x"\nyear = 0', metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell(body),
    ])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)


@pytest.fixture
def nbdir(tmp_path):
    d = tmp_path / "nbs"
    d.mkdir()
    _notebook(d / "01_first.ipynb", "import akhlak_analysis as ak\n"
              "cfg = ak.load_config(config_path)\nprint('tahun', year, cfg.min_group_size)")
    (d / "scratch.ipynb").write_text("{}")  # not NN_name: ignored
    return d


def test_report_runs_notebooks_with_parameters_and_exports_html(tmp_path, nbdir):
    out = tmp_path / "reports" / "2025"
    lines = []
    res = run_report(SAMPLE / "analysis.yaml", out=out, notebooks=nbdir, progress=lines.append)
    assert res.out_dir == out and [p.name for p in res.notebooks] == ["01_first.ipynb"]
    executed = nbformat.read(out / "notebooks" / "01_first.ipynb", as_version=4)
    assert "tahun 2025 10" in executed.cells[-1].outputs[-1]["text"]
    assert "papermill" not in executed.metadata  # no timings in the copy
    html = (out / "html" / "01_first.html").read_text()
    assert "tahun 2025 10" in html and "Judul laporan" in html
    assert "cfg = ak.load_config" not in html  # code is hidden
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["year"] == 2025 and set(manifest["inputs"]) >= {
        "analysis.yaml", "units.csv", "responses_2024.csv", "responses_2025.xlsx"}
    assert all(len(h) == 64 for h in manifest["inputs"].values())
    assert manifest["instruments"] == {"2024": "berakhlak-2024", "2025": "berakhlak-2025-plus"}
    assert any("01_first.ipynb" in line for line in lines)


def test_failed_run_names_notebook_and_cell_and_keeps_previous_report(tmp_path, nbdir):
    out = tmp_path / "reports" / "2025"
    run_report(SAMPLE / "analysis.yaml", out=out, notebooks=nbdir, progress=lambda _: None)
    before = (out / "manifest.json").read_text()
    _notebook(nbdir / "02_broken.ipynb", "1 / 0")
    with pytest.raises(ReportError, match=r"02_broken.ipynb failed in cell \d+ \(ZeroDivisionError"):
        run_report(SAMPLE / "analysis.yaml", out=out, notebooks=nbdir, progress=lambda _: None)
    assert (out / "manifest.json").read_text() == before  # previous report untouched
    partial = out.parent / ".2025.partial"
    assert (partial / "notebooks" / "01_first.ipynb").is_file()


def test_project_notebooks_are_found_in_order():
    names = [p.name for p in list_notebooks(ROOT / "notebooks")]
    assert names[0] == "00_data_quality.ipynb" and names == sorted(names)


def test_cli_clean_writes_table_and_log(tmp_path, capsys):
    assert cli.main(["clean", "--config", str(SAMPLE / "analysis.yaml"), "--year", "2024",
                     "--out", str(tmp_path)]) == 0
    assert "5391 rows read" in capsys.readouterr().out
    import pandas as pd
    data = pd.read_parquet(tmp_path / "responses_2024_clean.parquet")
    log = pd.read_csv(tmp_path / "responses_2024_cleaning_log.csv")
    assert len(data) + (log["action"] == "excluded").sum() == 5391
    assert not {"nip", "email", "name", "phone"} & set(data.columns)


def test_cli_user_errors_exit_2(tmp_path, capsys):
    assert cli.main(["clean", "--config", str(tmp_path / "none.yaml")]) == 2
    assert "configuration file not found" in capsys.readouterr().err


def test_top_level_api():
    for name in ("read_responses", "clean_responses", "load_config", "load_instrument",
                 "score_respondents", "index_table", "overall_index", "rank_units", "icc"):
        assert callable(getattr(ak, name))
    from akhlak_analysis.stats import psychometrics
    assert callable(psychometrics.cfa)


def test_a_kernel_that_fails_to_start_is_started_once_more(monkeypatch, tmp_path):
    """Two kernels starting at once once collided on a TCP port on CI; a retry recovers."""
    import papermill as pm

    from akhlak_analysis.report import kernels

    calls = []

    def flaky(notebook, target, **kwargs):
        calls.append(kwargs["kernel_manager_class"])
        if len(calls) == 1:
            raise RuntimeError("Kernel didn't respond in 60 seconds")

    monkeypatch.setattr(pm, "execute_notebook", flaky)
    seconds, cpu, error = kernels.execute_notebook("a.ipynb", str(tmp_path / "a.ipynb"), {})
    assert error is None and len(calls) == 2 and seconds >= 0 and cpu >= 0
    if os.name != "nt":
        assert calls[0]().transport == "ipc"  # Unix sockets: no ports to collide on

    def broken(notebook, target, **kwargs):
        calls.append(1)
        raise RuntimeError("something else")

    def dies_in_cell_two(notebook, target, **kwargs):
        from nbclient.exceptions import DeadKernelError

        calls.append(2)
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1"),
                                             nbformat.v4.new_code_cell("big = [0] * 10**12")])
        nb.cells[0].metadata["papermill"] = {"status": "completed"}
        nb.cells[1].metadata["papermill"] = {"status": "running"}
        nbformat.write(nb, target)
        raise DeadKernelError("Kernel died")

    calls.clear()  # a kernel that dies in the middle is not started again: the error says so
    monkeypatch.setattr(pm, "execute_notebook", dies_in_cell_two)
    _, _, error = kernels.execute_notebook("a.ipynb", str(tmp_path / "b.ipynb"), {})
    assert calls == [2] and error[0] == 2 and "out of memory" in error[2]

    calls.clear()
    monkeypatch.setattr(pm, "execute_notebook", broken)
    with pytest.raises(RuntimeError, match="something else"):
        kernels.execute_notebook("a.ipynb", str(tmp_path / "a.ipynb"), {})
    assert len(calls) == 1  # only a failed kernel start is retried


def test_the_run_key_reaches_the_notebooks_as_a_private_file(monkeypatch, tmp_path):
    """The kernels get the key as a parameter (a file of mode 0600), not through the
    environment; without a configured key one random key serves the whole run."""
    from akhlak_analysis.report import runner

    cfg = ak.load_config(SAMPLE / "analysis.yaml")
    monkeypatch.setenv("AKHLAK_ID_KEY", "secret-key")
    path = runner._run_key_file(cfg, tmp_path)
    assert path.read_bytes() == b"secret-key"
    assert (path.stat().st_mode & 0o777) == 0o600
    monkeypatch.delenv("AKHLAK_ID_KEY")
    monkeypatch.delenv("AKHLAK_ID_KEY_FILE", raising=False)
    (tmp_path / "b").mkdir()
    with pytest.warns(ak.PrivacyWarning):
        other = runner._run_key_file(cfg, tmp_path / "b")
    assert len(other.read_bytes()) == 64
