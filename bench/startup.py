"""Start-up benchmark: Lyra Studio against novelWriter, time to the first painted main window.

Run with the repository's interpreter: ``.venv/bin/python bench/startup.py [--runs N] [--json]``.

Both apps are measured the same way. Each run spawns a fresh process running
``bench/paint_probe.py``, which starts the app's own entry point (``studio.cli:main`` and
``novelwriter:main``, both with no arguments) under ``QT_QPA_PLATFORM=offscreen``. The parent
notes ``time.time()`` just before the spawn; the probe reports the ``time.time()`` at which
the first Paint event reached a top-level ``QMainWindow`` and then exits. The difference is
one sample: interpreter start, imports, QApplication, building the window and getting it to
its first frame (the frame's own drawing excluded).

Every run gets a fresh, empty ``HOME`` (and ``XDG_*`` folders inside it), and Lyra Studio also
a fresh ``LYRA_HOME``: both apps start as on first use with no project, Lyra Studio with its
empty studio window, novelWriter with its main window (its splash screen comes before it and
its welcome dialog after; neither is the main window, so neither ends a sample).

novelWriter is installed from PyPI (it brings PyQt6) into ``bench/.venv-novelwriter``, made
once with the interpreter this venv is based on. One warm-up run per app is discarded, then
the apps alternate for ``--runs`` rounds. Child CPU time (user + system) is reported beside
the wall-clock time, since an app can spend start-up time waiting rather than working.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
PROBE = BENCH / "paint_probe.py"
PROBE_PREFIX = "PAINT_PROBE "
NOVELWRITER_VENV = BENCH / ".venv-novelwriter"
BIN = "Scripts" if os.name == "nt" else "bin"
PAINT_TIMEOUT_S = 60.0
GOAL_RATIO = 0.5


@dataclass(frozen=True)
class App:
    """One app under test: how to start it through the probe."""

    name: str
    python: Path
    binding: str
    module: str
    function: str
    version_code: str
    lyra_home: bool = False


@dataclass(frozen=True)
class Sample:
    """One start: seconds from spawn to events the probe saw, and the child's CPU time."""

    main_window_s: float
    first_window_s: float | None
    qapplication_s: float | None
    cpu_s: float
    windows: tuple[str, ...]


@dataclass
class Result:
    """All samples of one app, and their summary."""

    app: str
    version: str
    samples: list[Sample] = field(default_factory=list)

    def median(self, key: str = "main_window_s") -> float:
        return statistics.median(getattr(s, key) for s in self.samples)

    def minimum(self, key: str = "main_window_s") -> float:
        return min(getattr(s, key) for s in self.samples)


class BenchError(RuntimeError):
    """A run that could not be measured."""


def _venv_python(venv: Path) -> Path:
    return venv / BIN / ("python.exe" if os.name == "nt" else "python")


def _base_python() -> str:
    """The interpreter the running venv was made from (so both apps run the same Python)."""
    candidate = Path(sys.base_prefix) / BIN / ("python.exe" if os.name == "nt" else "python3")
    if candidate.exists():
        return str(candidate)
    return shutil.which("python3") or sys.executable


def _lyra_python() -> Path:
    repo_python = _venv_python(REPO / ".venv")
    return repo_python if repo_python.exists() else Path(sys.executable)


def _importable(python: Path, code: str) -> bool:
    if not python.exists():
        return False
    done = subprocess.run([str(python), "-c", code], capture_output=True, check=False)
    return done.returncode == 0


def ensure_novelwriter() -> Path:
    """Create ``bench/.venv-novelwriter`` with novelWriter from PyPI, unless it is there."""
    python = _venv_python(NOVELWRITER_VENV)
    if _importable(python, "import novelwriter, PyQt6.QtWidgets"):
        return python
    print(f"installing novelWriter from PyPI into {NOVELWRITER_VENV} ...", file=sys.stderr)
    subprocess.run([_base_python(), "-m", "venv", str(NOVELWRITER_VENV)], check=True)
    pip = [str(python), "-m", "pip", "install", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "novelWriter"], check=True)
    if not _importable(python, "import novelwriter, PyQt6.QtWidgets"):
        raise BenchError(f"novelWriter is not importable from {python} after installing it")
    return python


def _version(app: App) -> str:
    done = subprocess.run(
        [str(app.python), "-c", app.version_code], capture_output=True, text=True, check=False
    )
    return done.stdout.strip() or "unknown"


def _child_env(home: Path, app: App) -> dict[str, str]:
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["HOME"] = str(home)
    for name, sub in (
        ("XDG_CONFIG_HOME", ".config"),
        ("XDG_DATA_HOME", ".local/share"),
        ("XDG_STATE_HOME", ".local/state"),
        ("XDG_CACHE_HOME", ".cache"),
    ):
        (home / sub).mkdir(parents=True, exist_ok=True)
        env[name] = str(home / sub)
    if app.lyra_home:
        env["LYRA_HOME"] = str(home / "lyra")
    else:
        env.pop("LYRA_HOME", None)
    return env


def _children_cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _parse_probe(stdout: str) -> dict | None:
    for line in stdout.splitlines():
        if line.startswith(PROBE_PREFIX):
            return json.loads(line[len(PROBE_PREFIX) :])
    return None


def measure(app: App) -> Sample:
    """Start the app once through the probe; seconds from spawn to its first main-window paint."""
    command = [str(app.python), str(PROBE), app.binding, app.module, app.function]
    with tempfile.TemporaryDirectory(prefix="lyra-bench-") as home:
        env = _child_env(Path(home), app)
        cpu_before = _children_cpu_s()
        started = time.time()
        child = subprocess.Popen(
            command, env=env, cwd=home, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        try:
            stdout, stderr = child.communicate(timeout=PAINT_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            child.kill()
            stdout, stderr = child.communicate()
        cpu_s = _children_cpu_s() - cpu_before
    report = _parse_probe(stdout)
    if report is None:
        raise BenchError(
            f"{app.name} did not paint a main window within {PAINT_TIMEOUT_S:.0f} s "
            f"(exit code {child.returncode}).\n--- stderr ---\n{stderr.strip()}"
        )

    def since_start(key: str) -> float | None:
        value = report.get(key)
        return None if value is None else value - started

    return Sample(
        main_window_s=report["main_painted"] - started,
        first_window_s=since_start("first_window_painted"),
        qapplication_s=since_start("qapp_created"),
        cpu_s=cpu_s,
        windows=tuple(report.get("windows", [])),
    )


def lyra_app() -> App:
    return App(
        name="Lyra Studio",
        python=_lyra_python(),
        binding="PySide6",
        module="studio.cli",
        function="main",
        version_code="import studio, PySide6, PySide6.QtCore as c; "
        "print(f'{studio.__version__} (PySide6 {PySide6.__version__}, Qt {c.qVersion()})')",
        lyra_home=True,
    )


def novelwriter_app(python: Path) -> App:
    return App(
        name="novelWriter",
        python=python,
        binding="PyQt6",
        module="novelwriter",
        function="main",
        version_code="import novelwriter, PyQt6.QtCore as c; "
        "print(f'{novelwriter.__version__} (PyQt6 {c.PYQT_VERSION_STR}, Qt {c.qVersion()})')",
    )


def run_benchmark(apps: list[App], runs: int, quiet: bool) -> list[Result]:
    """One discarded warm-up per app, then ``runs`` rounds, alternating which app goes first."""
    results = {app.name: Result(app.name, _version(app)) for app in apps}
    for app in apps:
        measure(app)
    for round_number in range(runs):
        order = apps if round_number % 2 == 0 else list(reversed(apps))
        for app in order:
            sample = measure(app)
            results[app.name].samples.append(sample)
            if not quiet:
                print(
                    f"  run {round_number + 1}/{runs} {app.name:<12} "
                    f"{sample.main_window_s:6.3f} s  (cpu {sample.cpu_s:.3f} s)",
                    file=sys.stderr,
                )
    return [results[app.name] for app in apps]


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def _optional_median(result: Result, key: str) -> float | None:
    values = [getattr(s, key) for s in result.samples if getattr(s, key) is not None]
    return statistics.median(values) if values else None


def print_table(results: list[Result], runs: int) -> None:
    print(f"Time from process start to the first painted main window (offscreen, {runs} runs)")
    header = (
        f"{'app':<12} {'median s':>9} {'min s':>7} {'cpu s':>7} {'QApp s':>7} "
        f"{'1st window s':>12}  windows painted, in order"
    )
    print(header)
    print("-" * len(header))
    for result in results:
        windows = " -> ".join(result.samples[0].windows) if result.samples else ""
        print(
            f"{result.app:<12} {result.median():>9.3f} {result.minimum():>7.3f} "
            f"{result.median('cpu_s'):>7.3f} "
            f"{_fmt(_optional_median(result, 'qapplication_s')):>7} "
            f"{_fmt(_optional_median(result, 'first_window_s')):>12}  {windows}"
        )
    print(
        "(all but min are medians; cpu = user + system time of the child, which exits right "
        "after the paint)"
    )
    for result in results:
        print(f"{result.app}: {result.version}")


def summary_line(lyra: Result, other: Result, runs: int) -> str:
    ratio = lyra.median() / other.median()
    return (
        f"startup: {lyra.app} {lyra.median():.2f} s, {other.app} {other.median():.2f} s "
        f"(median of {runs}) -> ratio {ratio:.2f} (goal <= {GOAL_RATIO})"
    )


def cpu_line(lyra: Result, other: Result) -> str:
    """The same comparison in CPU time: it leaves out time an app spends waiting or asleep."""
    ratio = lyra.median("cpu_s") / other.median("cpu_s")
    return (
        f"cpu time: {lyra.app} {lyra.median('cpu_s'):.2f} s, {other.app} "
        f"{other.median('cpu_s'):.2f} s -> ratio {ratio:.2f} (for context; the goal is wall time)"
    )


def as_json(results: list[Result], runs: int) -> dict:
    lyra, other = results
    return {
        "measure": "seconds from spawn to the first Paint event of a top-level QMainWindow",
        "platform": "offscreen",
        "runs": runs,
        "apps": [
            {
                "app": r.app,
                "version": r.version,
                "median_s": r.median(),
                "min_s": r.minimum(),
                "median_cpu_s": r.median("cpu_s"),
                "samples": [asdict(s) for s in r.samples],
            }
            for r in results
        ],
        "ratio": lyra.median() / other.median(),
        "cpu_ratio": lyra.median("cpu_s") / other.median("cpu_s"),
        "goal_ratio": GOAL_RATIO,
        "goal_met": lyra.median() / other.median() <= GOAL_RATIO,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="measured runs per app (default 7)")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    options = parser.parse_args(argv)
    if options.runs < 1:
        parser.error("--runs must be at least 1")
    try:
        apps = [lyra_app(), novelwriter_app(ensure_novelwriter())]
        results = run_benchmark(apps, options.runs, quiet=options.json)
    except (BenchError, subprocess.CalledProcessError) as error:
        print(f"startup benchmark failed: {error}", file=sys.stderr)
        return 1
    if options.json:
        print(json.dumps(as_json(results, options.runs), indent=2))
        return 0
    print_table(results, options.runs)
    print(cpu_line(results[0], results[1]))
    print(summary_line(results[0], results[1], options.runs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
