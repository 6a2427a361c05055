"""Executed notebooks keep no run-dependent bytes (report/kernels.py)."""

from __future__ import annotations

import json
import uuid

import nbformat

from akhlak_analysis.report.kernels import strip_volatile_metadata


def _widget_notebook(path, ids):
    """A notebook as ipywidgets leaves it: model ids in outputs and in the saved state."""
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("w", id="c1")
    cell.outputs = [nbformat.v4.new_output(
        "display_data", data={"application/vnd.jupyter.widget-view+json":
                              {"model_id": ids[0], "version_major": 2, "version_minor": 0}})]
    nb.cells = [cell]
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {
        "state": {ids[0]: {"model_name": "DropdownModel",
                           "state": {"layout": f"IPY_MODEL_{ids[1]}"}},
                  ids[1]: {"model_name": "LayoutModel", "state": {}}},
        "version_major": 2, "version_minor": 0}}
    nbformat.write(nb, path)


def test_widget_ids_are_numbered_and_stay_linked(tmp_path):
    runs = []
    for run in range(2):  # two executions draw different random ids
        path = tmp_path / f"run{run}.ipynb"
        _widget_notebook(path, [uuid.uuid4().hex, uuid.uuid4().hex])
        strip_volatile_metadata(path)
        runs.append(path.read_bytes())
    assert runs[0] == runs[1]
    nb = json.loads(runs[0])
    shown = nb["cells"][0]["outputs"][0]["data"]["application/vnd.jupyter.widget-view+json"]
    state = nb["metadata"]["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]
    assert shown["model_id"] == f"{1:032x}" and set(state) == {f"{1:032x}", f"{2:032x}"}
    assert state[shown["model_id"]]["state"]["layout"] == f"IPY_MODEL_{2:032x}"


def test_papermill_parameters_cell_gets_a_fixed_id(tmp_path):
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell('config_path = "analysis.yaml"')
    cell.metadata["tags"] = ["injected-parameters"]
    nb.cells = [cell, nbformat.v4.new_code_cell("x = 1")]
    path = tmp_path / "n.ipynb"
    nbformat.write(nb, path)
    strip_volatile_metadata(path)
    cells = nbformat.read(path, as_version=4).cells
    assert cells[0].id == "injected-parameters" and cells[1].id != "injected-parameters"


def test_numbering_a_numbered_notebook_again_changes_nothing(tmp_path):
    """Ids already numbered (a committed notebook stripped again) in another order of
    appearance: renaming happens in one pass, so no widget is lost or merged."""
    path = tmp_path / "n.ipynb"
    _widget_notebook(path, [f"{2:032x}", f"{1:032x}"])  # the output shows number 2 first
    strip_volatile_metadata(path)
    once = path.read_bytes()
    state = json.loads(once)["metadata"]["widgets"][
        "application/vnd.jupyter.widget-state+json"]["state"]
    assert len(state) == 2 and state[f"{1:032x}"]["state"]["layout"] == f"IPY_MODEL_{2:032x}"
    strip_volatile_metadata(path)
    assert path.read_bytes() == once
