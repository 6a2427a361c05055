"""Progress a person can watch, and the wall and CPU time of every step of a report.

:class:`Steps` times the steps of ``akhlak report`` (wall clock and CPU seconds of the
runner and of the processes it started and waited for) and writes a line when a step starts
and when it ends. Plain lines, never a bar redrawn in place: they read the same in a terminal
and in a CI log. Long steps add their own counting lines (the notebooks every 30 seconds,
``cards n/N``, the stages of the protected tables).

The machine may be shared: CPU time is the figure that compares between runs; wall time is
what the user waits.
"""

from __future__ import annotations

import contextlib
import resource
import time
from collections.abc import Callable, Iterator

__all__ = ["Steps", "cpu_seconds"]


def cpu_seconds() -> float:
    """User + system CPU seconds of this process and of its waited-for children.

    Children (a notebook's kernel, the pool's workers) count once they have ended.

    Examples
    --------
    >>> cpu_seconds() > 0
    True
    """
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


class Steps:
    """Wall and CPU seconds per step, and a line per step for the user.

    Parameters
    ----------
    write : callable
        Receives one line of text per event (``print`` for the command line).

    Attributes
    ----------
    wall, cpu : dict of str to float
        Seconds per step (rounded to 0.01), in the order the steps ended: what the manifest
        records as ``durations_s`` and ``cpu_s``.

    Examples
    --------
    >>> lines = []
    >>> steps = Steps(lines.append)
    >>> with steps.step("sum", "adding up"):
    ...     total = sum(range(1000))
    >>> list(steps.wall), lines[0]
    (['sum'], 'adding up ...')
    >>> lines[1].startswith("adding up done in ")
    True
    """

    def __init__(self, write: Callable[[str], None] = print) -> None:
        self.write = write
        self.wall: dict[str, float] = {}
        self.cpu: dict[str, float] = {}

    def record(self, name: str, wall: float, cpu: float | None = None) -> None:
        """Keep the seconds of a step measured elsewhere (a notebook in its worker)."""
        self.wall[name] = round(wall, 2)
        if cpu is not None:
            self.cpu[name] = round(cpu, 2)

    @contextlib.contextmanager
    def step(self, name: str, what: str | None = None) -> Iterator[None]:
        """Time the block as step ``name``; ``what`` (the words shown) defaults to it."""
        what = what or name
        self.write(f"{what} ...")
        t0, c0 = time.perf_counter(), cpu_seconds()
        yield
        self.record(name, time.perf_counter() - t0, cpu_seconds() - c0)
        self.write(f"{what} done in {self.wall[name]:.1f} s (CPU {self.cpu[name]:.1f} s)")
