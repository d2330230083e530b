"""Fuzz the importer with hostile and mutated workbooks, each in its own bounded process.

    python tests/reliability/fuzz_import.py --cases 10000      # the documented long run
    python tests/reliability/fuzz_import.py --cases 300        # what CI runs

Two kinds of input:

* named attacks (``hostile.attacks``): zip bomb, XML entity bombs, external entities, giant
  sheet extents in .xlsx, .ods and .xls, a million empty rows, too many parts, truncated,
  not a workbook, empty, binary .xlsb (under its name and as .xlsx), a million rows with
  values, a title area of 30,000 cells... Each must be refused with exit 2 and a one-line
  reason (the title area, a readable appendix, is read within the CPU cap);
* hypothesis-drawn mutations of real-looking appendices (bytes flipped, truncated, spliced;
  parts deleted, duplicated; XML edited: far cells, odd cell types, formulas, entities, broken
  tags, very long text, many rows), imported with ``--dry-run``: exit 0, 1 or 2, never 3.

Every case runs ``madinhdanh import`` in a forked child under an address-space cap of
:data:`MEMORY_CAP` and a CPU-time cap of :data:`TIME_CAP`; a child killed by either, or by any
signal, is a failure. After every case the registry file (and its -wal) must be byte for byte
what it was.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import resource
import signal
import sys
import tempfile
import time
import traceback
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from reliability import hostile
from reliability.workload import new_registry

MEMORY_CAP = 2 * 2**30  # address space of the importing process
TIME_CAP = 30  # seconds of CPU per case
# Attacks whose file is a readable appendix with odd content: refused (2) or reported (1).
# (A million empty rows is what a column formatted "to the bottom" leaves: a real file, read
# within the bounds.)
CONTENT_ATTACKS = {
    "formulas",
    "odd-types",
    "declared-dimension",
    "million-empty-rows",
    "wide-title-area",
}


@dataclass
class Outcome:
    rc: int | None
    signal: int | None
    seconds: float
    max_rss_mb: float
    stderr: str


@dataclass
class FuzzSummary:
    cases: int = 0
    codes: Counter = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)
    max_seconds: float = 0.0
    max_rss_mb: float = 0.0
    reasons: Counter = field(default_factory=Counter)

    def record(self, outcome: Outcome) -> None:
        self.cases += 1
        self.codes[outcome.rc if outcome.signal is None else f"signal {outcome.signal}"] += 1
        self.max_seconds = max(self.max_seconds, outcome.seconds)
        self.max_rss_mb = max(self.max_rss_mb, outcome.max_rss_mb)
        if outcome.rc == 2:
            self.reasons[outcome.stderr.split(":", 2)[-1].strip()[:60]] += 1

    def line(self) -> str:
        return (
            f"{self.cases} cases, exit codes {dict(self.codes)}, {len(self.failures)} failures; "
            f"slowest case {self.max_seconds:.2f} s, peak RSS {self.max_rss_mb:.0f} MB"
        )


def registry_digest(path: Path) -> str:
    digest = hashlib.sha256()
    for suffix in ("", "-wal"):
        p = Path(str(path) + suffix)
        digest.update(p.read_bytes() if p.exists() else b"<none>")
    return digest.hexdigest()


def _importer_args(registry: Path, workbook: Path, dry_run: bool) -> list[str]:
    args = ["--db", str(registry), "import", str(workbook)]
    return [*args, "--dry-run"] if dry_run else args


def _child(registry: Path, workbook: Path, dry_run: bool, err_path: Path) -> int:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))
    resource.setrlimit(resource.RLIMIT_CPU, (TIME_CAP, TIME_CAP + 5))
    fd = os.open(err_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    os.dup2(fd, 2)
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 1)
    # Under pytest sys.stderr is a capture object, not fd 2: point both at the real files.
    sys.stderr = open(2, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
    sys.stdout = open(1, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
    from desktop.cli import build_parser, main

    parser = build_parser()
    commands = parser._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    if "import" in commands:
        return main(_importer_args(registry, workbook, dry_run))
    return _read_only_target(workbook)


def _read_only_target(workbook: Path) -> int:
    """Before the importer exists: the bounds check and the raw read it will sit on."""
    import python_calamine as calamine

    from desktop.domain.errors import KnownError
    from desktop.exchange.limits import check_workbook

    try:
        check_workbook(workbook)
        wb = calamine.CalamineWorkbook.from_path(str(workbook))
        for name in wb.sheet_names:
            wb.get_sheet_by_name(name).to_python(skip_empty_area=False)
    except KnownError as exc:
        print(f"madinhdanh: {exc.vi}", file=sys.stderr)
        return 2
    except Exception as exc:
        print(f"madinhdanh: {exc}", file=sys.stderr)
        return 2
    return 0


def run_case(registry: Path, workbook: Path, dry_run: bool, scratch: Path) -> Outcome:
    err = scratch / "stderr.txt"
    started = time.monotonic()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        rc = 3
        try:
            rc = _child(registry, workbook, dry_run, err)
        except SystemExit as exc:
            rc = int(exc.code or 0) if isinstance(exc.code, int) else 2
        except BaseException:
            traceback.print_exc()
            rc = 3
        finally:
            sys.stderr.flush()
            os._exit(rc)
    _, status, usage = os.wait4(pid, 0)
    seconds = time.monotonic() - started
    text = err.read_text(errors="replace") if err.exists() else ""
    if os.WIFSIGNALED(status):
        return Outcome(None, os.WTERMSIG(status), seconds, usage.ru_maxrss / 1024, text)
    return Outcome(os.WEXITSTATUS(status), None, seconds, usage.ru_maxrss / 1024, text)


def check(outcome: Outcome, name: str, allowed: set[int], digest_ok: bool) -> list[str]:
    problems = []
    if outcome.signal is not None:
        problems.append(f"killed by signal {outcome.signal} (memory or time cap, or a crash)")
    elif outcome.rc not in allowed:
        problems.append(f"exit {outcome.rc}, expected {sorted(allowed)}: {outcome.stderr[-500:]}")
    elif outcome.rc == 2:
        lines = outcome.stderr.strip().splitlines()
        if (
            len(lines) != 1
            or not lines[0].startswith("madinhdanh: ")
            or "Traceback" in outcome.stderr
        ):
            problems.append(f"exit 2 without a one-line reason: {outcome.stderr[-500:]!r}")
    if not digest_ok:
        problems.append("the registry file changed")
    return [f"{name}: {p}" for p in problems]


def setup(folder: Path) -> tuple[Path, dict[str, Path], list[Path]]:
    registry = folder / "registry.db"
    new_registry(registry)
    attack_dir = folder / "attacks"
    attack_dir.mkdir()
    base = hostile.appendix_xlsx(folder / "appendix.xlsx")
    attacks = hostile.attacks(base, attack_dir)
    bases = [base, hostile.appendix_xlsx(folder / "appendix-long.xlsx", rows=80)]
    bases.append(attacks.pop("ods-base"))
    # The exchange's own fixtures: real .xls and .ods files written by LibreOffice.
    fixtures = Path(__file__).resolve().parents[1] / "fixtures"
    bases += sorted(fixtures.glob("phu_luc_*.xls")) + sorted(fixtures.glob("phu_luc_*.ods"))
    return registry, attacks, bases


def run_attacks(
    registry: Path, attacks: dict[str, Path], scratch: Path, summary: FuzzSummary
) -> None:
    for name, path in attacks.items():
        before = registry_digest(registry)
        content = name in CONTENT_ATTACKS
        outcome = run_case(registry, path, content, scratch)
        summary.record(outcome)
        allowed = {0, 1, 2} if content else {2}
        summary.failures += check(outcome, name, allowed, registry_digest(registry) == before)


def run_mutations(
    registry: Path, bases: list[Path], cases: int, seed: int, scratch: Path, summary: FuzzSummary
) -> None:
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import seed as hypothesis_seed
    from hypothesis import strategies as st

    contents = [(p.suffix, p.read_bytes()) for p in bases]
    before = registry_digest(registry)

    @hypothesis_seed(seed)
    @settings(
        max_examples=cases,
        deadline=None,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
        derandomize=False,
    )
    @given(
        base=st.sampled_from(range(len(contents))),
        rng=st.randoms(use_true_random=False),
        rounds=st.integers(1, 3),
    )
    def one(base: int, rng: random.Random, rounds: int) -> None:
        suffix, data = contents[base]
        for _ in range(rounds):
            data = hostile.mutate(data, rng)
        path = scratch / f"case{suffix}"
        path.write_bytes(data)
        outcome = run_case(registry, path, True, scratch)
        summary.record(outcome)
        digest_ok = registry_digest(registry) == before
        problems = check(outcome, f"mutation #{summary.cases}", {0, 1, 2}, digest_ok)
        if problems:
            keep = scratch / f"failure-{summary.cases}{suffix}"
            keep.write_bytes(data)
            summary.failures += [f"{p} (kept as {keep})" for p in problems]

    one()


def fuzz(cases: int, folder: Path, seed: int = 0) -> FuzzSummary:
    registry, attacks, bases = setup(folder)
    scratch = folder / "scratch"
    scratch.mkdir()
    summary = FuzzSummary()
    run_attacks(registry, attacks, scratch, summary)
    run_mutations(registry, bases, max(cases - len(attacks), 1), seed, scratch, summary)
    return summary


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=20250601)
    parser.add_argument("--dir", type=Path)
    args = parser.parse_args()
    folder = args.dir or Path(tempfile.mkdtemp(prefix="fuzz-"))
    folder.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    summary = fuzz(args.cases, folder, args.seed)
    print(summary.line() + f"; {time.monotonic() - started:.0f} s in all")
    print("reasons given (exit 2):")
    for reason, count in summary.reasons.most_common(15):
        print(f"  {count:6}  {reason}")
    for failure in summary.failures[:30]:
        print("FAIL", failure)
    print(f"work folder: {folder}")
    return 0 if not summary.failures else 1


if __name__ == "__main__":
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    sys.exit(main())
