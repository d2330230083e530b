"""Soak: many random operations against one registry, then everything checked.

    python tests/reliability/soak.py --ops 100000            # the documented run
    python tests/reliability/soak.py --ops 2000 --db s.db    # keep the registry to look at

The operations are the clerk's (``workload.py``): create, rename, update, move, merge, split,
close, undo (``reg.annul`` of the latest change), new decisions and, when the Excel exchange is
present, import of an appendix. Afterwards:

* nothing lost: the events are exactly those the completed operations announced, no more and
  no fewer, and no refused operation wrote anything;
* the file is sound, the hash chain intact, and replay equals the tables (``verify``);
* the validator finds nothing the operations should have prevented: no error-severity finding
  at all (the store refuses every operation that would cause one). Warnings the operations may
  legitimately leave (two siblings with similar names...) are counted, not failed.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from desktop.domain.errors import KnownError
from desktop.store.registry import Registry
from desktop.store.verify import verify_registry
from reliability.workload import Workload, new_registry


@dataclass
class SoakResult:
    ops: int = 0
    kinds: Counter = field(default_factory=Counter)
    refused: Counter = field(default_factory=Counter)
    refusals: list[str] = field(default_factory=list)
    lost: list[str] = field(default_factory=list)
    verify_problems: list[str] = field(default_factory=list)
    findings: Counter = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    validated: bool = False
    units: int = 0
    events: int = 0
    seconds: float = 0.0
    check_seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.lost and not self.verify_problems and not self.errors

    def line(self) -> str:
        return (
            f"{self.ops} operations in {self.seconds:.1f} s (+{self.check_seconds:.1f} s of "
            f"checks); refused {sum(self.refused.values())}; lost {len(self.lost)}; registry "
            f"{self.units} units, {self.events} events; verify "
            f"{'ok' if not self.verify_problems else self.verify_problems[:3]}; validator "
            + (
                f"errors {len(self.errors)}, findings by rule {dict(self.findings)}"
                if self.validated
                else "not available"
            )
        )


def validate(reg: Registry, result: SoakResult) -> None:
    try:
        from desktop.store.validation import validate_registry
    except ImportError:
        return
    from desktop.domain.rules import ERROR

    report = validate_registry(reg)
    result.validated = True
    for finding in report.findings:
        result.findings[finding.rule] += 1
        if finding.severity == ERROR and len(result.errors) < 50:
            result.errors.append(f"{finding.rule} {finding.code}: {finding.message_en}")


def soak(ops: int, path: Path, seed: int = 0, progress: bool = False) -> SoakResult:
    result = SoakResult()
    if not path.exists():
        new_registry(path)
    started = time.monotonic()
    with Registry.open(path) as reg:
        scratch = path.parent / "appendices"
        scratch.mkdir(exist_ok=True)
        wl = Workload(reg, random.Random(seed), scratch=scratch)
        events, _ = wl.head()
        decisions = wl.decision_count()
        while result.ops < ops:
            step = wl.plan()
            if step is None:
                continue
            try:
                step.run()
            except KnownError as exc:
                # Refused: must have written nothing.
                result.refused[step.kind] += 1
                if len(result.refusals) < 20:
                    result.refusals.append(f"{step.kind} {step.detail}: {exc.en}")
                if wl.head()[0] != events or wl.decision_count() != decisions:
                    result.lost.append(f"refused {step.kind} {step.detail} wrote something")
                    events, decisions = wl.head()[0], wl.decision_count()
                continue
            result.ops += 1
            result.kinds[step.kind] += 1
            events += step.events
            decisions += step.decisions
            if progress and result.ops % 10000 == 0:
                print(f"  {result.ops} operations, {time.monotonic() - started:.0f} s", flush=True)
        result.seconds = time.monotonic() - started
        checking = time.monotonic()
        now = wl.head()[0]
        if now != events or wl.decision_count() != decisions:
            result.lost.append(
                f"events {now} (announced {events}), decisions {wl.decision_count()} "
                f"(announced {decisions})"
            )
        report = verify_registry(reg)
        result.verify_problems = report.integrity + report.replay_differences
        if not report.chain.ok and report.chain.first_break is not None:
            result.verify_problems.append(report.chain.first_break.message_en)
        validate(reg, result)
        result.units = reg.count_units(include_closed=True)
        result.events = now
        result.check_seconds = time.monotonic() - checking
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ops", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=20250601)
    parser.add_argument("--db", type=Path, help="registry to use (default: a new temporary one)")
    args = parser.parse_args()
    path = args.db or Path(tempfile.mkdtemp(prefix="soak-")) / "soak.db"
    result = soak(args.ops, path, args.seed, progress=True)
    print(result.line())
    print(f"operations by kind: {dict(result.kinds)}")
    for line in result.refusals[:10]:
        print("refused:", line)
    for line in result.lost + result.verify_problems + result.errors[:20]:
        print("FAIL", line)
    print(f"registry: {path}")
    return 0 if result.ok else 1


if __name__ == "__main__":
    sys.exit(main())
