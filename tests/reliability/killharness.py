"""Kill real processes at random moments while they write a registry, and check what is left.

    python tests/reliability/killharness.py --kills 250                 # the documented run
    python tests/reliability/killharness.py --kills 40 --spawn exec     # a fresh Python per kill
    python tests/reliability/killharness.py --kills 20 --target restore # kill restores

A worker (``driver.py``) applies random operations through the store (create, rename, update,
move, merge, split, close, undo, new decisions; imports when the exchange is present) and logs
each one's intent and completion to a side file, fsynced. The harness sends it ``SIGKILL`` at a
random moment, then checks, every time:

* the registry opens for writing (the dead worker's writer lock is gone);
* ``PRAGMA integrity_check`` is ok and the hash chain verifies;
* replaying the events gives exactly the tables (``compare_with_replay``);
* every operation the log says completed is there (its head hash is in the chain), and the
  operation in flight is wholly there (exactly the events and decisions it announced) or wholly
  absent (the registry is exactly as after the previous operation).

With ``--target restore`` the worker restores two different copies in turn, and after each kill
the registry must be exactly one of the two, never a mixture.

When to kill is counted, not timed, so that a loaded machine changes nothing the checks rely
on: for each kill the harness draws (from its seed) an operation number N, waits until the log
shows the worker starting its N-th operation, then either kills it after a random pause of at
most ``--max-delay`` seconds (wherever that lands: inside the operation, its commit, or a later
one), or, for a share of the kills, has the worker stop inside the write transaction of that
operation, at a drawn SQLite step, and kills it there. One kill in ten lands while the worker is
still starting. So the operations completed between the kills and the kills inside a write are
bounded below by counts drawn from the seed, whatever the speed of the machine.

``--spawn fork`` (the default) starts one worker server that forks a worker per kill, so a kill
costs a fork rather than a Python start-up; ``--spawn exec`` starts a new interpreter each time.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from desktop.store.asof import compare_with_replay
from desktop.store.backup import copy_to
from desktop.store.registry import Registry
from desktop.store.verify import check_integrity, verify_chain
from reliability.workload import Workload, new_registry

DRIVER = Path(__file__).with_name("driver.py")

# Event types an operation writes, by kind (checked for the operation in flight at the kill).
EVENT_TYPES = {
    "create": {"create"},
    "rename": {"rename"},
    "update": {"update"},
    "move": {"move", "recode"},
    "merge": {"merge"},
    "split": {"create", "split"},
    "close": {"close"},
    "undo": {"annul"},
    "decision": set(),
    "import": {"create", "rename", "recode", "move", "close"},
}


@dataclass
class Summary:
    kills: int = 0
    survived: int = 0
    ops_done: int = 0
    ops_refused: int = 0
    in_flight: Counter = field(default_factory=Counter)
    kinds_done: Counter = field(default_factory=Counter)
    killed_before_start: int = 0
    # Counted by construction (drawn from the seed, independent of the machine's speed): the
    # operations the harness waited for before killing, and the kills made inside a write.
    ops_awaited: int = 0
    paused: int = 0
    kinds_refused: Counter = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)
    seconds: float = 0.0
    units: int = 0
    events: int = 0

    def line(self) -> str:
        return (
            f"{self.kills} kills, {self.survived} survived, {len(self.failures)} failures; "
            f"{self.ops_done} operations completed, {self.ops_refused} refused, in flight at "
            f"the kill: {dict(self.in_flight)}; killed before the first operation: "
            f"{self.killed_before_start}; {self.paused} kills inside a write; "
            f"{self.ops_awaited} operations awaited before killing; registry now "
            f"{self.units} units, {self.events} events; {self.seconds:.1f} s"
        )


def _read_log(path: Path) -> list[dict[str, Any]]:
    records = []
    if not path.exists():
        return records
    for line in path.read_bytes().split(b"\n"):
        if not line:
            continue
        try:
            records.append(json.loads(line))
        except ValueError:
            break  # a line cut by the kill: never written, as far as the log is concerned
    return records


def _state(reg: Registry) -> tuple[int, str, int]:
    row = reg.conn.execute("SELECT id, hash FROM events ORDER BY id DESC LIMIT 1").fetchone()
    decisions = reg.conn.execute("SELECT count(*) FROM decisions").fetchone()[0]
    return (row[0], row[1], decisions) if row else (0, "", decisions)


def fingerprint(reg: Registry) -> str:
    """The registry's recorded content (units, events, codes, links, decisions), hashed."""
    digest = hashlib.sha256()
    for table, order in (
        ("units", "id"),
        ("events", "id"),
        ("codes_used", "code"),
        ("successors", "unit_id, successor_id"),
        ("decisions", "id"),
    ):
        for row in reg.conn.execute(f"SELECT * FROM {table} ORDER BY {order}"):
            digest.update(repr(row).encode("utf-8"))
    return digest.hexdigest()


def check_registry(path: Path) -> tuple[list[str], Registry | None]:
    """Open after a kill and run the checks every kill must pass; the open registry if sound."""
    problems: list[str] = []
    try:
        reg = Registry.open(path)
    except Exception as exc:
        return [f"registry does not open: {type(exc).__name__}: {exc}"], None
    integrity = check_integrity(reg)
    if integrity:
        problems.append(f"integrity_check: {integrity[:3]}")
    chain = verify_chain(reg)
    if not chain.ok:
        first = chain.first_break
        problems.append(f"hash chain broken: {first.message_en if first else '?'}")
    replay = compare_with_replay(reg)
    if not replay.ok:
        problems.append(f"replay differs from the tables: {replay.differences[:3]}")
    return problems, reg


def check_work_log(
    reg: Registry, records: list[dict[str, Any]], before: tuple[int, str, int], summary: Summary
) -> list[str]:
    """Each operation wholly there or wholly absent, as the intent log tells them."""
    problems: list[str] = []
    now = _state(reg)
    if not records or records[0].get("phase") != "start":
        summary.killed_before_start += 1
        if now != before:
            problems.append(f"killed before starting, yet the registry changed: {before} -> {now}")
        return problems
    start = records[0]
    state = (start["events"], start["head"], start["decisions"])
    if state != before:
        problems.append(f"the worker started from {state}, the harness left {before}")
    in_flight: dict[str, Any] | None = None
    for rec in records[1:]:
        phase = rec["phase"]
        if phase == "intent":
            in_flight = rec
            if (rec["before_events"], rec["before_head"], rec["before_decisions"]) != state:
                problems.append(f"op {rec['op']} began from an unexpected state")
        elif phase == "done":
            state = (rec["events"], rec["head"], rec["decisions"])
            assert in_flight is not None
            summary.ops_done += 1
            summary.kinds_done[in_flight["kind"]] += 1
            row = reg.conn.execute("SELECT hash FROM events WHERE id = ?", (rec["events"],))
            found = row.fetchone()
            if rec["events"] and (found is None or found[0] != rec["head"]):
                problems.append(f"completed op {rec['op']} ({in_flight['kind']}) is lost")
            in_flight = None
        elif phase == "refused":
            summary.ops_refused += 1
            if in_flight is not None:
                summary.kinds_refused[in_flight["kind"]] += 1
            in_flight = None
    if in_flight is None:
        if now != state:
            problems.append(f"between operations, yet the registry is {now}, expected {state}")
        else:
            summary.in_flight["none"] += 1
        return problems
    kind = in_flight["kind"]
    if now == state:
        summary.in_flight["absent"] += 1
        return problems
    expected = (state[0] + in_flight["events"], state[2] + in_flight["decisions"])
    if (now[0], now[2]) != expected:
        problems.append(
            f"op {in_flight['op']} ({kind}) is partial: events {state[0]}->{now[0]}, decisions "
            f"{state[2]}->{now[2]}, announced +{in_flight['events']} events, "
            f"+{in_flight['decisions']} decisions"
        )
        return problems
    types = {
        r[0]
        for r in reg.conn.execute("SELECT type FROM events WHERE id > ?", (state[0],)).fetchall()
    }
    allowed = EVENT_TYPES.get(kind)
    if allowed is not None and not types <= allowed:
        problems.append(f"op {in_flight['op']} ({kind}) wrote events of types {types}")
    summary.in_flight["present"] += 1
    return problems


class Spawner:
    """Starts workers: a fork from a warm server, or a new interpreter."""

    def __init__(self, mode: str, workdir: Path) -> None:
        self.mode = mode
        self.workdir = workdir
        self.server: subprocess.Popen[str] | None = None
        if mode == "fork":
            self.server = subprocess.Popen(
                [sys.executable, str(DRIVER), "serve"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
                bufsize=1,
            )
        self.proc: subprocess.Popen[bytes] | None = None
        self.pid = 0

    def start(self, args: list[str], err: Path) -> int:
        if self.server is not None:
            assert self.server.stdin and self.server.stdout
            self.server.stdin.write(" ".join([*args, str(err)]) + "\n")
            self.server.stdin.flush()
            line = self.server.stdout.readline().split()
            self.pid = int(line[1])
        else:
            with err.open("wb") as fh:
                self.proc = subprocess.Popen(
                    [sys.executable, str(DRIVER), *args], stdout=subprocess.DEVNULL, stderr=fh
                )
            self.pid = self.proc.pid
        return self.pid

    def kill_and_wait(self) -> int:
        """SIGKILL the worker; its exit status (negative: killed by that signal)."""
        try:
            os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        if self.server is not None:
            assert self.server.stdout
            line = self.server.stdout.readline().split()
            status = int(line[2])
            if os.WIFSIGNALED(status):
                return -os.WTERMSIG(status)
            return os.WEXITSTATUS(status)
        assert self.proc is not None
        return self.proc.wait()

    def close(self) -> None:
        if self.server is not None:
            assert self.server.stdin
            self.server.stdin.write("quit\n")
            self.server.stdin.close()
            self.server.wait(timeout=30)


# A worker that neither reaches its operation nor dies is hung: give up on it after this long
# (a guard against waiting for ever, not a measure: the checks never depend on it).
HUNG = 600.0


@dataclass
class KillPlan:
    """Where one kill lands, drawn from the harness's seed before the worker starts."""

    early: bool  # while the worker is still starting
    op: int  # the worker's operation to wait for (counted among ``kind`` only, if given)
    pause_calls: int  # 0: kill after a random delay; else stop inside the write, at this step
    delay: float

    @classmethod
    def draw(
        cls, rng: random.Random, ops: tuple[int, int], paused_share: float, max_delay: float
    ) -> KillPlan:
        # Always the same draws in the same order, so a seed gives the same plans every run.
        early, op, paused = rng.random() < 0.1, rng.randint(*ops), rng.random() < paused_share
        calls, delay = rng.randint(1, 40), rng.uniform(0, max_delay)
        return cls(early, op, calls if paused else 0, delay)

    def worker_options(self, kind: str | None) -> list[str]:
        if self.early or not self.pause_calls:
            return []
        options = [f"pause_op={self.op}", f"pause_calls={self.pause_calls}"]
        return [*options, f"pause_kind={kind}"] if kind else options


def _log_reached(log: Path, op: int, kind: str | None, paused: bool) -> bool:
    seen = 0
    for record in _read_log(log):
        if paused:
            if record.get("phase") == "paused":
                return True
        elif record.get("phase") == "intent" and (kind is None or record.get("kind") == kind):
            seen += 1
            if seen >= op:
                return True
    return False


def _wait_for(log: Path, err: Path, plan: KillPlan, kind: str | None) -> str | None:
    """Wait until the worker reaches the planned place; a reason if it never will."""
    paused = bool(plan.pause_calls)
    deadline = time.monotonic() + HUNG
    size = -1
    while time.monotonic() < deadline:
        now = log.stat().st_size if log.exists() else 0
        if now != size:
            size = now
            if _log_reached(log, plan.op, kind, paused):
                return None
        if err.exists() and err.stat().st_size > 0:
            time.sleep(0.2)  # let the worker finish writing why it stopped
            return f"the worker stopped before its operation {plan.op}: {err.read_text()[-800:]}"
        time.sleep(0.002)
    return f"the worker did not reach its operation {plan.op} in {HUNG:.0f} s (hung)"


def _kill_when_planned(
    plan: KillPlan, log: Path, err: Path, kind: str | None, summary: Summary
) -> str | None:
    """Return once the worker is where ``plan`` kills it; a reason if it never gets there."""
    if plan.early:
        time.sleep(plan.delay / 10)
        return None
    stuck = _wait_for(log, err, plan, kind)
    if stuck is None:
        summary.ops_awaited += plan.op - 1
        if plan.pause_calls:
            summary.paused += 1
        else:
            time.sleep(plan.delay)
    return stuck


def run_work(
    kills: int,
    *,
    workdir: Path,
    seed: int = 0,
    spawn: str = "fork",
    max_delay: float = 0.3,
    registry: Path | None = None,
    progress: bool = False,
    import_weight: int | None = None,
    ops: tuple[int, int] = (1, 12),
    paused_share: float = 0.3,
    kind: str | None = None,
    first_op: int = 0,
) -> Summary:
    """Kill ``kills`` workers; each at an operation drawn from ``ops`` (of ``kind`` if given).

    With ``first_op`` the first worker stops inside the write of its ``first_op``-th operation:
    a fixed start, the same registry after it in every run.
    """
    rng = random.Random(seed)
    summary = Summary()
    path = registry or workdir / "killed.db"
    if not path.exists():
        new_registry(path)
    with Registry.open(path) as reg:
        before = _state(reg)
    spawner = Spawner(spawn, workdir)
    started = time.monotonic()
    try:
        for kill in range(kills):
            log = workdir / f"intent-{kill}.log"
            err = workdir / f"worker-{kill}.err"
            args = ["work", str(path), str(log), str(rng.randrange(2**31))]
            plan = KillPlan.draw(rng, ops, paused_share, max_delay)
            if kill == 0 and first_op:
                plan = KillPlan(False, first_op, 1, 0.0)
            if import_weight is not None:
                args.append(f"import_weight={import_weight}")
            spawner.start([*args, *plan.worker_options(kind)], err)
            stuck = _kill_when_planned(plan, log, err, kind, summary)
            status = spawner.kill_and_wait()
            summary.kills += 1
            if stuck:
                summary.failures.append(f"kill {kill}: {stuck}")
            elif status != -signal.SIGKILL:
                summary.failures.append(
                    f"kill {kill}: the worker ended by itself ({status}): {err.read_text()[-800:]}"
                )
            problems, reg = check_registry(path)
            if reg is not None:
                problems += check_work_log(reg, _read_log(log), before, summary)
                before = _state(reg)
                summary.units = reg.count_units(include_closed=True)
                summary.events = before[0]
                reg.close()
            if problems:
                summary.failures.append(f"kill {kill}: " + "; ".join(problems))
            else:
                summary.survived += 1
                log.unlink(missing_ok=True)
                err.unlink(missing_ok=True)
            if progress and (kill + 1) % 10 == 0:
                print(f"  {kill + 1} kills, {summary.survived} survived", flush=True)
    finally:
        spawner.close()
    summary.seconds = time.monotonic() - started
    return summary


def run_restore(
    kills: int,
    *,
    workdir: Path,
    seed: int = 0,
    spawn: str = "fork",
    max_delay: float = 0.3,
    progress: bool = False,
    ops: tuple[int, int] = (1, 4),
    paused_share: float = 0.3,
) -> Summary:
    """Kill workers that restore two different copies in turn, at a drawn restore."""
    rng = random.Random(seed)
    summary = Summary()
    path = workdir / "restored.db"
    new_registry(path)
    copies = []
    with Registry.open(path) as reg:
        wl = Workload(reg, random.Random(seed))
        for name in ("a", "b"):
            done = 0
            while done < 300:
                step = wl.plan()
                if step is None:
                    continue
                try:
                    step.run()
                    done += 1
                except Exception:
                    continue
            copies.append(copy_to(reg, workdir / f"copy-{name}.db"))
    prints = set()
    for copy in copies:
        with Registry.open(copy, readonly=True) as c:
            prints.add(fingerprint(c))
    assert len(prints) == 2
    spawner = Spawner(spawn, workdir)
    started = time.monotonic()
    try:
        for kill in range(kills):
            log = workdir / f"restore-{kill}.log"
            err = workdir / f"restore-{kill}.err"
            plan = KillPlan.draw(rng, ops, paused_share, max_delay)
            args = ["restore", str(path), str(log), *map(str, copies), *plan.worker_options(None)]
            spawner.start(args, err)
            stuck = _kill_when_planned(plan, log, err, None, summary)
            status = spawner.kill_and_wait()
            summary.kills += 1
            if stuck:
                summary.failures.append(f"kill {kill}: {stuck}")
            elif status != -signal.SIGKILL:
                summary.failures.append(f"kill {kill}: worker ended ({status}): {err.read_text()}")
            problems, reg = check_registry(path)
            if reg is not None:
                records = _read_log(log)
                done = sum(1 for r in records if r.get("phase") == "done")
                summary.ops_done += done
                summary.kinds_done["restore"] += done
                if fingerprint(reg) not in prints:
                    problems.append("the registry is neither copy: a restore was left half done")
                elif (
                    [r for r in records if r.get("phase") != "paused"][-1:]
                    == [r for r in records if r.get("phase") == "intent"][-1:]
                    != []
                ):
                    summary.in_flight["restore"] += 1
                summary.units = reg.count_units(include_closed=True)
                summary.events = _state(reg)[0]
                reg.close()
            if problems:
                summary.failures.append(f"kill {kill}: " + "; ".join(problems))
            else:
                summary.survived += 1
            if progress and (kill + 1) % 10 == 0:
                print(f"  {kill + 1} kills, {summary.survived} survived", flush=True)
    finally:
        spawner.close()
    summary.seconds = time.monotonic() - started
    return summary


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kills", type=int, default=250)
    parser.add_argument("--seed", type=int, default=20250601)
    parser.add_argument("--spawn", choices=("fork", "exec"), default="fork")
    parser.add_argument("--target", choices=("work", "restore"), default="work")
    parser.add_argument(
        "--max-delay", type=float, default=0.05, help="seconds after the drawn operation starts"
    )
    parser.add_argument(
        "--ops", type=int, default=40, help="kill at a drawn operation among the first OPS"
    )
    parser.add_argument(
        "--paused-share", type=float, default=0.3, help="share of kills inside a write"
    )
    parser.add_argument("--dir", type=Path, help="work folder (default: a temporary one)")
    parser.add_argument(
        "--import-weight", type=int, help="weight of imports among the operations (default 1%%)"
    )
    args = parser.parse_args()
    workdir = args.dir or Path(tempfile.mkdtemp(prefix="killharness-"))
    workdir.mkdir(parents=True, exist_ok=True)
    if args.target == "work":
        summary = run_work(
            args.kills,
            workdir=workdir,
            seed=args.seed,
            spawn=args.spawn,
            max_delay=args.max_delay,
            progress=True,
            import_weight=args.import_weight,
            ops=(1, args.ops),
            paused_share=args.paused_share,
        )
    else:
        summary = run_restore(
            args.kills,
            workdir=workdir,
            seed=args.seed,
            spawn=args.spawn,
            max_delay=args.max_delay,
            progress=True,
            ops=(1, max(args.ops // 10, 1)),
            paused_share=args.paused_share,
        )
    print(summary.line())
    print(f"completed operations by kind: {dict(summary.kinds_done)}")
    for failure in summary.failures[:20]:
        print("FAIL", failure)
    print(f"work folder: {workdir}")
    return 0 if not summary.failures else 1


if __name__ == "__main__":
    sys.exit(main())
