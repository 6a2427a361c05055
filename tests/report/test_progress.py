"""Step times (wall and CPU) and the lines a person watches (issue 21 item 5)."""

from __future__ import annotations

from akhlak_analysis.report.progress import Steps, cpu_seconds


def test_steps_time_wall_and_cpu_and_say_so():
    lines = []
    steps = Steps(lines.append)
    with steps.step("busy", "busy work"):
        t0 = cpu_seconds()
        while cpu_seconds() - t0 < 0.05:
            pass
    assert steps.cpu["busy"] >= 0.04 and steps.wall["busy"] >= 0.04
    assert lines[0] == "busy work ..." and "CPU" in lines[1]
    steps.record("elsewhere", 2.0, 1.5)
    assert steps.wall["elsewhere"] == 2.0 and steps.cpu["elsewhere"] == 1.5
