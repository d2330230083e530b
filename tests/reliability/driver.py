"""The process the kill harness kills: clerk work on a registry, with an intent log.

    python tests/reliability/driver.py work REGISTRY LOG SEED     run operations until killed
    python tests/reliability/driver.py restore REGISTRY LOG A B   restore A, then B, then A...
    python tests/reliability/driver.py serve                      fork workers on request

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


def work(registry: str, log_path: str, seed: int, import_weight: int | None = None) -> None:
    log = IntentLog(log_path)
    reg = Registry.open(registry)
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
        try:
            step.run()
        except KnownError as exc:
            log.record(phase="refused", op=n, reason=exc.en)
            continue
        events, head = wl.head()
        log.record(phase="done", op=n, events=events, head=head, decisions=wl.decision_count())


def restore_loop(registry: str, log_path: str, first: str, second: str) -> None:
    log = IntentLog(log_path)
    log.record(phase="start", pid=os.getpid())
    sources = [first, second]
    n = 0
    while True:
        source = sources[n % 2]
        n += 1
        log.record(phase="intent", op=n, kind="restore", source=source)
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
                if parts[0] == "work":
                    work(args[0], args[1], int(args[2]), int(args[3]) if len(args) > 3 else None)
                else:
                    restore_loop(*args)
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


def main(argv: list[str]) -> None:
    if argv[0] == "serve":
        serve()
    elif argv[0] == "work":
        work(argv[1], argv[2], int(argv[3]), int(argv[4]) if len(argv) > 4 else None)
    elif argv[0] == "restore":
        restore_loop(argv[1], argv[2], argv[3], argv[4])
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
