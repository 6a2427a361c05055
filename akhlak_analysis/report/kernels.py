"""Executing notebooks: kernels, papermill, export to HTML, volatile metadata.

The runner (:mod:`.runner`) decides what runs; this module only executes a notebook in a
kernel of the current environment and turns the result into a page. Two notebooks run at the
same time, each in its own process and kernel:

- kernels talk over Unix sockets in a private folder instead of TCP (two kernel managers in
  two processes picking "free" ports can pick the same one; seen on CI);
- each kernel runs single-threaded BLAS when two run at once (two kernels with two OpenBLAS
  threads each on two cores made the validation notebook 70 % slower);
- a kernel that fails to start is started once more; a notebook error is never retried.
"""

from __future__ import annotations

import json
import os
import re
import sys
import tempfile
import time
from pathlib import Path

__all__ = ["KERNEL_ARGS", "KERNEL_DIED", "NOTEBOOK_DIR", "WORKERS", "execute_in_place",
           "execute_notebook", "export_html", "list_notebooks", "notebook_title",
           "prepare_kernel_environment", "running_cell", "strip_volatile_metadata"]

NOTEBOOK_DIR = Path(__file__).resolve().parents[2] / "notebooks"

#: The kernels log errors only (their start-up notices are not for the report's readers).
KERNEL_ARGS = ("--IPKernelApp.log_level=ERROR",)

#: Notebooks executed at the same time (each in its own kernel; the machine has two cores).
WORKERS = max(1, min(2, os.cpu_count() or 1))

#: thread-count variables of the BLAS/OpenMP libraries numpy and scipy may use
_BLAS_THREADS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")

#: where the kernels' socket folders go (``/tmp`` keeps the paths short; TMPDIR can be long)
_SOCKET_ROOT = "/tmp" if os.path.isdir("/tmp") else None

_EXTERNAL_SCRIPT = re.compile(r"<script[^>]*\bsrc=[\"']https?://[^\"']*[\"'][^>]*>\s*</script>")
#: itables' help and logo links (to itables.org): kept as text, without the outside address
_EXTERNAL_LINK = re.compile(r"<a href=[\"']https?://[^\"']*[\"']")


def nbformat():
    """nbformat, imported when first needed (its JSON-schema stack takes about 1 s)."""
    import nbformat as nbf

    return nbf


def prepare_kernel_environment() -> None:
    """Kernelspecs start ``python`` from PATH: put the interpreter running this code first."""
    here = str(Path(sys.executable).parent)
    if os.environ.get("PATH", "").split(os.pathsep)[0] != here:
        os.environ["PATH"] = here + os.pathsep + os.environ.get("PATH", "")


def list_notebooks(folder: Path = NOTEBOOK_DIR) -> list[Path]:
    """The analysis notebooks in run order (``NN_name.ipynb``)."""
    return sorted(p for p in Path(folder).glob("[0-9][0-9]_*.ipynb"))


def notebook_title(notebook: Path) -> str:
    """The notebook's first level-1 heading (else its file name)."""
    nb = nbformat().read(notebook, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return notebook.stem


def _kernel_manager_class(folder: str):
    """A kernel manager whose kernel talks over Unix sockets in ``folder`` (TCP on Windows)."""
    from jupyter_client.manager import AsyncKernelManager

    if os.name == "nt":
        return AsyncKernelManager

    class _IPCKernelManager(AsyncKernelManager):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.transport = "ipc"
            self.ip = os.path.join(folder, "k")  # sockets k-<port>

    return _IPCKernelManager


def _kernel_start_failed(exc: BaseException) -> bool:
    """True for a kernel that died or never answered (before running any cell)."""
    return "Kernel didn't respond" in str(exc) or type(exc).__name__ == "DeadKernelError"


#: what the report says when a kernel stops in the middle of a notebook
KERNEL_DIED = ("the notebook's kernel stopped while running this cell; the system ends a "
               "process that runs out of memory: check the machine's free memory, or run the "
               "report with fewer notebooks at a time")


def running_cell(target: str | Path) -> tuple[int, int, str] | None:
    """Where a notebook being executed is: (cell number, cells, first line of that cell).

    Papermill saves the executed copy after every cell, so the first code cell not marked
    ``completed`` is the one running (or the one that failed); None when no cell has finished
    yet (the kernel is starting) or the copy cannot be read.

    Examples
    --------
    >>> import tempfile
    >>> nbf = nbformat()
    >>> nb = nbf.v4.new_notebook(cells=[nbf.v4.new_code_cell("x = 1"),
    ...                                 nbf.v4.new_code_cell("fit = pm.cfa(x)")])
    >>> nb.cells[0].metadata["papermill"] = {"status": "completed"}
    >>> path = Path(tempfile.mkdtemp()) / "a.ipynb"
    >>> nbf.write(nb, path)
    >>> running_cell(path)
    (2, 2, 'fit = pm.cfa(x)')
    """
    try:
        nb = nbformat().read(target, as_version=4)
    except Exception:  # no copy yet (or half written): nothing ran
        return None
    done = [c.metadata.get("papermill", {}).get("status") == "completed" for c in nb.cells]
    if not any(done):
        return None
    at = next((i for i, d in enumerate(done) if not d and nb.cells[i].cell_type == "code"),
              len(done) - 1)
    return at + 1, len(nb.cells), nb.cells[at].source.strip().split("\n")[0]


def execute_notebook(notebook: str, target: str, parameters: dict,
                     attempts: int = 2) -> tuple[float, float, tuple | None]:
    """Execute one notebook with papermill (in a worker process).

    ``parameters`` are injected into the notebook's ``parameters`` cell. Returns the wall
    seconds, the CPU seconds (this process and the kernel it started and waited for) and the
    error, ``(cell number, exception name, message)`` of the failing cell, or None.
    """
    import papermill as pm

    from .progress import cpu_seconds

    if WORKERS > 1:  # kernels inherit this: two kernels with two BLAS threads each thrash
        for var in _BLAS_THREADS:
            os.environ.setdefault(var, "1")
    start, cpu = time.perf_counter(), cpu_seconds()
    attempt = 1
    while True:
        try:
            # a short private folder: a Unix socket path must stay under ~100 characters
            with tempfile.TemporaryDirectory(prefix="akk-", dir=_SOCKET_ROOT) as folder:
                pm.execute_notebook(notebook, target, kernel_name="python3", progress_bar=False,
                                    parameters=parameters, cwd=str(Path(notebook).parent),
                                    log_output=False, extra_arguments=list(KERNEL_ARGS),
                                    kernel_manager_class=_kernel_manager_class(folder))
            return time.perf_counter() - start, cpu_seconds() - cpu, None
        except pm.PapermillExecutionError as exc:
            return (time.perf_counter() - start, cpu_seconds() - cpu,
                    (exc.exec_count, exc.ename, exc.evalue))
        except RuntimeError as exc:
            if not _kernel_start_failed(exc):
                raise
            where = running_cell(target)
            if where is not None:  # died in the middle of the notebook: never run again
                return (time.perf_counter() - start, cpu_seconds() - cpu,
                        (where[0], type(exc).__name__, KERNEL_DIED))
            if attempt >= attempts:
                raise
            attempt += 1


def export_html(notebook: Path, target: Path) -> Path:
    """Export an executed notebook to self-contained HTML without code cells or prompts.

    Figures are embedded, the page title is the notebook's first heading, and the scripts
    nbconvert would load from a CDN (require.js, MathJax; the reports hold no formulas or
    widgets) are left out, so the page opens offline and contacts no outside server; links to
    outside sites (itables' help and logo) keep their text but lose the address.
    """
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(exclude_input=True, exclude_input_prompt=True,
                            exclude_output_prompt=True, embed_images=True)
    body, _ = exporter.from_notebook_node(nbformat().read(notebook, as_version=4),
                                          resources={"metadata": {
                                              "name": notebook_title(notebook)}})
    body = _EXTERNAL_LINK.sub("<a", _EXTERNAL_SCRIPT.sub("", body))
    target.write_text(body, encoding="utf-8")
    return target


def strip_volatile_metadata(notebook: Path, *, replace: dict[str, str] | None = None
                            ) -> list[tuple[int, float, str]]:
    """Remove timings and papermill run metadata so the same inputs give the same file.

    The cell papermill inserts with the run's parameters gets a fixed id instead of its
    random one.

    ``replace`` maps injected parameter values (temporary paths of this run) to what the
    executed copy shows instead (``"."`` for the report folder), so the copy does not depend
    on where it ran. Returns the timings removed: ``(cell number, seconds, first line of
    the cell)`` of every code cell papermill timed, slowest first.
    """
    nb = nbformat().read(notebook, as_version=4)
    nb.metadata.pop("papermill", None)
    timings = []
    for number, cell in enumerate(nb.cells, 1):
        seconds = cell.metadata.get("papermill", {}).get("duration")
        if cell.cell_type == "code" and isinstance(seconds, int | float):
            timings.append((number, float(seconds), cell.source.strip().split("\n")[0]))
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell["id"] = "injected-parameters"  # papermill draws a random id for it
        if replace and cell.cell_type == "code":
            for old, new in replace.items():
                shown = "None" if new is None else json.dumps(new)  # as the parameters cell
                cell.source = cell.source.replace(repr(old), shown).replace(f'"{old}"', shown)
    nbformat().write(nb, notebook)
    _number_widgets(notebook)
    return sorted(timings, key=lambda t: -t[1])


_HEX32 = re.compile(r"(?<![0-9a-f])[0-9a-f]{32}(?![0-9a-f])")
_WIDGET_ID = re.compile(r'"model_id": "([0-9a-f]{32})"')  # ipywidgets draws them from uuid4


def _number_widgets(notebook: Path) -> None:
    """Replace the random ids of interactive widgets by their order of appearance.

    Each id is replaced everywhere in the file (output and the saved widget state alike),
    so the widgets stay linked to their state and a re-execution gives the same bytes.
    """
    text = notebook.read_text(encoding="utf-8")
    state = json.loads(text).get("metadata", {}).get("widgets", {}).get(
        "application/vnd.jupyter.widget-state+json", {}).get("state", {})
    ids = set(_WIDGET_ID.findall(text)) | set(state)
    if not ids:
        return
    found = sorted(ids, key=text.index)  # order of first appearance in the file
    new = {old: f"{number:032x}" for number, old in enumerate(found, 1)}
    # in one pass: a new name may be another widget's old one (a notebook numbered before)
    text = _HEX32.sub(lambda m: new.get(m.group(), m.group()), text)
    # written again through nbformat: keys sorted by their new names, not the random ones
    nbformat().write(nbformat().reads(text, as_version=4), notebook)


def execute_in_place(notebook: Path, *, timeout: int = 900) -> None:
    """Re-execute a notebook in place with its own parameters (``make notebooks``).

    Outputs are replaced, no timing metadata is recorded, and execution counts restart at 1.
    """
    from nbclient import NotebookClient

    prepare_kernel_environment()
    nb = nbformat().read(notebook, as_version=4)
    NotebookClient(nb, timeout=timeout, kernel_name="python3", record_timing=False,
                   extra_arguments=list(KERNEL_ARGS),
                   resources={"metadata": {"path": str(notebook.parent)}}).execute()
    nbformat().write(nb, notebook)
    strip_volatile_metadata(notebook)
