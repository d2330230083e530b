"""The process the kill harness kills: clerk work on a registry, with an intent log.

    python tests/reliability/driver.py work REGISTRY LOG SEED [OPTION=VALUE...]
    python tests/reliability/driver.py restore REGISTRY LOG A B [OPTION=VALUE...]
    python tests/reliability/driver.py serve                      fork workers on request

``work`` runs operations until killed, ``restore`` restores A, then B, then A... Options:
``import_weight=N`` (weight of imports among the operations), ``pause_op=N pause_calls=C``
(``work``: stop for good inside the write transaction of operation N or a later one, at the C-th
SQLite progress call made inside a transaction; ``restore``: stop after the safety copy of
restore N), ``pause_kind=KIND`` (count only operations of that kind). A paused worker logs
``paused`` and waits for its kill: a kill in the middle of a write that lands there in every run,
however loaded the machine.

Before each operation the driver appends to LOG (fsynced) what it is about to do and what the
operation writes if it commits (events, decisions, the head of the chain before it); after it,
the new head. The harness reads the log after the kill and checks the registry against it.

``serve`` is a zygote: it imports everything once and forks a worker per request
(``work ...`` or ``restore ...`` on stdin; it answers ``pid N`` and, once the worker is gone,
``exit N STATUS``), so that a kill costs a fork, not a Python start-up.
"""

from __future__ import annotations

import json
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from desktop.domain.errors import KnownError
from desktop.store import backup
from desktop.store.registry import Registry
from reliability.workload import Workload


class IntentLog:
    def __init__(self, path: str) -> None:
        self.fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)

    def record(self, **values: object) -> None:
        # One write per line: a kill lands between system calls, never inside one.
        os.write(self.fd, (json.dumps(values, ensure_ascii=False) + "\n").encode("utf-8"))
        os.fsync(self.fd)


def _wait_for_the_kill(log: IntentLog) -> None:
    log.record(phase="paused")
    while True:
        time.sleep(3600)


class Pause:
    """Where a worker stops and waits for its kill: counted in operations and SQLite steps."""

    def __init__(self, op: int = 0, calls: int = 1, kind: str | None = None) -> None:
        self.op, self.calls, self.kind = op, calls, kind
        self.seen = 0  # operations of the kind counted so far
        self.armed = False

    def starting(self, kind: str) -> None:
        if self.op and (self.kind is None or kind == self.kind):
            self.seen += 1
            self.armed = self.seen >= self.op
        else:
            self.armed = False

    def install(self, reg: Registry, log: IntentLog) -> None:
        calls = 0

        def progress() -> int:
            nonlocal calls
            if self.armed and reg.conn.in_transaction:
                calls += 1
                if calls >= self.calls:
                    _wait_for_the_kill(log)
            return 0

        if self.op:
            reg.conn.set_progress_handler(progress, 50)


def work(
    registry: str,
    log_path: str,
    seed: int,
    import_weight: int | None = None,
    pause: Pause | None = None,
) -> None:
    log = IntentLog(log_path)
    reg = Registry.open(registry)
    pause = pause or Pause()
    pause.install(reg, log)
    scratch = Path(log_path).parent / "appendices"
    scratch.mkdir(exist_ok=True)
    wl = Workload(reg, random.Random(seed), scratch=scratch)
    if import_weight is not None and "import" in wl.weights:
        wl.weights["import"] = import_weight
    events, head = wl.head()
    log.record(
        phase="start", pid=os.getpid(), events=events, head=head, decisions=wl.decision_count()
    )
    n = 0
    while True:
        step = wl.plan()
        if step is None:
            continue
        n += 1
        events, head = wl.head()
        log.record(
            phase="intent",
            op=n,
            kind=step.kind,
            detail=step.detail,
            events=step.events,
            decisions=step.decisions,
            before_events=events,
            before_head=head,
            before_decisions=wl.decision_count(),
        )
        pause.starting(step.kind)
        try:
            step.run()
        except KnownError as exc:
            log.record(phase="refused", op=n, reason=exc.en)
            continue
        events, head = wl.head()
        log.record(phase="done", op=n, events=events, head=head, decisions=wl.decision_count())


def restore_loop(
    registry: str, log_path: str, first: str, second: str, pause: Pause | None = None
) -> None:
    log = IntentLog(log_path)
    log.record(phase="start", pid=os.getpid())
    pause = pause or Pause()
    if pause.op:
        taking_copy = backup.backup_before

        def copy_then_pause(*args: object, **kw: object) -> object:
            made = taking_copy(*args, **kw)  # type: ignore[arg-type]
            if pause.armed:
                _wait_for_the_kill(log)
            return made

        backup.backup_before = copy_then_pause  # type: ignore[assignment]
    sources = [first, second]
    n = 0
    while True:
        source = sources[n % 2]
        n += 1
        log.record(phase="intent", op=n, kind="restore", source=source)
        pause.starting("restore")
        backup.restore(Path(registry), Path(source))
        log.record(phase="done", op=n, kind="restore", source=source)


def serve() -> None:
    for line in sys.stdin:
        parts = line.split()
        if not parts:
            continue
        if parts[0] == "quit":
            return
        err_path = parts[-1]
        args = parts[1:-1]
        pid = os.fork()
        if pid == 0:
            status = 0
            try:
                fd = os.open(err_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
                os.dup2(fd, 2)
                sys.stdin.close()
                run(parts[0], args)
            except BaseException:
                import traceback

                traceback.print_exc()
                status = 1
            finally:
                sys.stderr.flush()
                os._exit(status)
        print(f"pid {pid}", flush=True)
        _, status = os.waitpid(pid, 0)
        print(f"exit {pid} {status}", flush=True)


def run(command: str, argv: list[str]) -> None:
    """``work`` or ``restore`` with their positional arguments and OPTION=VALUE options."""
    positional = [a for a in argv if "=" not in a]
    options = dict(a.split("=", 1) for a in argv if "=" in a)
    pause = Pause(
        int(options.get("pause_op", 0)),
        int(options.get("pause_calls", 1)),
        options.get("pause_kind"),
    )
    if command == "work":
        weight = options.get("import_weight")
        registry, log, seed = positional
        work(registry, log, int(seed), int(weight) if weight else None, pause)
    elif command == "restore":
        registry, log, first, second = positional
        restore_loop(registry, log, first, second, pause)
    else:
        raise SystemExit(__doc__)


def main(argv: list[str]) -> None:
    if argv[0] == "serve":
        serve()
    else:
        run(argv[0], argv[1:])


if __name__ == "__main__":
    main(sys.argv[1:])
