"""The benchmark script keeps working (a seconds-long smoke run on the small test data; speed is
never asserted here), with or without the peers of the bench extra installed."""

from __future__ import annotations

import importlib.util
import itertools
import subprocess
import sys
from pathlib import Path
from types import ModuleType, SimpleNamespace

import pytest

HERE = Path(__file__).parent
DATA = HERE.parent / "tests" / "data"
PEER_MODULES = {"rule-engine": "rule_engine", "zen-engine": "zen"}


def test_benchmark_quick_run() -> None:
    """`benchmarks/run.py --quick` runs end to end, prints every table, and times each peer that
    imports here, once it has agreed with the Python engine."""
    out = subprocess.run(
        [sys.executable, str(HERE / "run.py"), "--quick", "--rules", str(DATA / "rules"),
         "--profiles", str(DATA / "profiles")],
        capture_output=True, text=True, check=True, timeout=300,
    ).stdout
    headings = ("findings/s", "trend 2010-2026", "µs per finding", "x import", "peak RSS", "target (issue 7")
    for heading in headings:
        assert heading in out
    # Scaling: the rule pack runs over every size (to 200 States in a quick run), the repeated packs
    # over the two smaller ones.
    assert "python 200 States x1 (" in out and "python 50 States x10 (" in out
    assert "200 States x5" not in out and "200 States x10" not in out
    for peer, module in PEER_MODULES.items():
        installed = importlib.util.find_spec(module) is not None
        assert (f"synthetic 200 / {peer} " in out) == installed, peer
        assert (f"x {peer}" in out) == installed, peer


@pytest.fixture
def bench() -> ModuleType:
    """benchmarks/run.py as a module."""
    spec = importlib.util.spec_from_file_location("bench_run", HERE / "run.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_targets_table_gives_each_verdict_from_the_measurements(bench: ModuleType) -> None:
    """The benchmark judges every target from what it measured: worst data set for throughput,
    worst spread for linearity, the slowest ratio against the fastest peer; n/a for what was not run."""
    row = lambda median, n=1000: {"median": median, "findings_per_s": n * 25 / median}  # noqa: E731 - a one-line table row
    results = {
        "evaluate": {
            "snapshot (125) / python": row(0.0125, 125),      # 250,000 findings/s
            "synthetic 1000 / python": row(0.125),            # 200,000: exactly the floor
            "synthetic 1000 / python + text": row(0.5),
            "synthetic 1000 / durable": row(1.0),             # 25,000: under 30,000
            "synthetic 1000 / rule-engine": row(0.25),
            "synthetic 1000 / rule-engine + text": row(0.25),
            "snapshot (125) / rule-engine": row(0.01, 125),   # faster than python on the snapshot
            "synthetic 1000 / zen-engine": row(0.5),          # slower than rule-engine here
            "snapshot (125) / zen-engine": row(0.005, 125),   # faster than both there
        },
        "cli": {"lapcheck check --format json": {"median": 0.5},
                "lapcheck check --format json (no parse cache)": {"median": 0.39},
                "python -c 'import lapcheck'": {"median": 0.2}},
        "memory_mb": {"python 1000 States": {"peak": 900.0}, "durable 1000 States": {"peak": 1100.0}},
        "scaling": {
            "python 125 States x1 (25 checks)": {"us_per_finding": 4.0},
            "python 1000 States x1 (25 checks)": {"us_per_finding": 5.0},
            "durable 125 States x1 (25 checks)": {"us_per_finding": 6.0},
            "durable 1000 States x1 (25 checks)": {"us_per_finding": 12.0},
        },
    }
    got = {target: (measured, verdict) for target, measured, verdict in bench.targets(results)}
    assert got == {
        "CLI within 2x of `import lapcheck`": ("2.50x", "MISSED"),
        "... without the parse cache": ("1.95x", "met"),
        "python: >= 200,000 findings/s (on the snapshot)": ("250,000", "met"),
        "durable: >= 30,000 findings/s (every data set)": ("25,000", "MISSED"),
        "python: 10,000 States in < 3 s": ("not run (--quick)", "n/a"),
        "durable: 10,000 States in < 15 s": ("not run (--quick)", "n/a"),
        "peak memory < 1 GB, every engine": ("1,100 MB", "MISSED"),
        "cost linear in States x checks: us per finding within 1.5x across sizes":
            ("worst spread 2.00x", "MISSED"),
        "python no slower than the fastest peer": ("0.4-2.0x faster (closest: zen-engine)", "MISSED"),
    }
    # the peer columns: same States, same reads; the text row compares with the peer's text row
    evaluate = results["evaluate"]
    assert bench.peer_ratio(evaluate, "synthetic 1000 / python + text", "rule-engine") == 0.5
    assert bench.peer_ratio(evaluate, "synthetic 1000 / python + text", "zen-engine") is None
    assert bench.peer_ratio(evaluate, "synthetic 1000 / durable", "rule-engine") == 0.25
    assert bench.peers(evaluate) == ["rule-engine", "zen-engine"]
    results["evaluate"] = {k: v for k, v in evaluate.items() if "python" in k or "durable" in k}
    got = {target: (measured, verdict) for target, measured, verdict in bench.targets(results)}
    assert got["python no slower than the fastest peer"] == ("no peer installed", "n/a")


def test_timed_calls_repeat_times_more_while_short_three_once_over_budget(
    bench: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A row is timed ``repeat`` times, more while its calls have taken under ``least`` seconds,
    three once they have used up the budget."""
    clock = itertools.count()
    monkeypatch.setattr(bench, "time", SimpleNamespace(perf_counter=lambda: next(clock) * 2.0))  # 2 s a call
    calls: list[int] = []
    assert bench.timed(lambda: calls.append(1), 5, budget=100)["median"] == 2.0
    assert len(calls) == 5
    calls.clear()
    bench.timed(lambda: calls.append(1), 5, budget=3)  # over budget after two calls
    assert len(calls) == 3
    calls.clear()
    bench.timed(lambda: calls.append(1), 1, budget=0)  # --quick: one call
    assert len(calls) == 1
    calls.clear()
    bench.timed(lambda: calls.append(1), 2, least=7)  # 8 s after four calls
    assert len(calls) == 4


def test_cli_commands_take_turns(bench: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each round runs every command once, so a slow spell of the machine falls on all of them."""
    order: list[str] = []
    monkeypatch.setattr(bench.subprocess, "run", lambda cmd, **kwargs: order.append(" ".join(cmd[1:3])))
    times = bench.cli_times(["lapcheck"], [], 3)
    assert set(times) == {"python -c pass", "python -c 'import lapcheck'", bench.CLI, bench.CLI_COLD}
    one_round = ["-c pass", "-c import lapcheck", "check --format", "check --format"]
    assert order == ["check --format", *one_round * 3]  # the first run fills the parse cache


def test_compared_calls_take_turns_until_all_of_them_have_taken_long_enough(
    bench: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Calls compared with each other alternate, one each per round; the rounds stop on the time
    of all of them, so both sizes of a scaling pair get the same number of calls."""
    clock = itertools.count()
    monkeypatch.setattr(bench, "time", SimpleNamespace(perf_counter=lambda: next(clock) * 2.0))  # 2 s a call
    probes = iter([0.003, 0.001, 0.002])  # one probe a round: a fourth would raise StopIteration
    monkeypatch.setattr(bench, "probe", lambda: next(probes))
    order: list[str] = []
    times = bench.take_turns({"a": lambda: order.append("a"), "b": lambda: order.append("b")}, 2, least=10)
    assert order == ["a", "b"] * 3  # 12 s after three rounds
    each = {"median": 2.0, "min": 2.0, "max": 2.0, "probe": 0.002, "probe_min": 0.001}
    assert times == {"a": each, "b": each}


def test_throughput_is_shown_with_how_slow_the_machine_was_during_the_slowest_row(bench: ModuleType) -> None:
    """The machine factor of a row is its probes' median over the quickest probe of the whole run,
    whichever table that was in; the throughput target names it for the slowest row."""
    row = lambda median, probe, quickest: {  # noqa: E731 - 1,000 States x 25 checks
        "median": median, "findings_per_s": 25_000 / median, "probe": probe, "probe_min": quickest}
    results = {
        "evaluate": {"snapshot (125) / python": row(0.125, 0.016, 0.014),   # 200,000 findings/s
                     "synthetic 10000 / python": row(1.25, 0.012, 0.011),  # 20,000: not the snapshot
                     "synthetic 1000 / durable": row(0.5, 0.007, 0.006),   # 50,000: the slowest
                     "synthetic 10000 / durable": row(0.25, 0.012, 0.011)},
        "scaling": {f"python {n} States x1 (25 checks)": {"us_per_finding": 4.0, "probe": 0.009,
                                                            "probe_min": 0.008} for n in (125, 1000)},
        "cli": {"python -c 'import lapcheck'": {"median": 0.2}},
        "memory_mb": {"python 1000 States": {"peak": 100.0}},
    }
    assert bench.quickest_probe(results) == 0.006
    assert bench.machine_factor(results, results["evaluate"]["synthetic 1000 / durable"]) == 0.007 / 0.006
    assert bench.machine_factor(results, results["cli"]["python -c 'import lapcheck'"]) is None
    got = {target: measured for target, measured, _ in bench.targets(results)}
    python = got["python: >= 200,000 findings/s (on the snapshot)"]
    durable = got["durable: >= 30,000 findings/s (every data set)"]
    assert python == "200,000 (machine x2.67)"
    assert durable == "50,000-100,000 (machine x1.17 in the slowest)"
