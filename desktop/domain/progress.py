"""How long work below the window says how far it has come.

A step that can take long (reading an appendix, reconciling it, writing it, checking the
registry) calls ``on_progress(step, done, total)`` once every :data:`PROGRESS_EVERY` items and
once at its end with ``done == total``: a bound by count, so that a large import pays for a few
hundred calls, not one per row. ``total`` is what the step knows so far (reading learns each
sheet's length as it opens it), ``done`` never goes back.

The callback may raise to stop the work (the window raises when the clerk pressed Cancel);
the step lets the exception through, and whatever it was doing inside a transaction is rolled
back with it.
"""

from __future__ import annotations

from typing import Protocol

from desktop.domain.words import QT_TR_NOOP

READ = "read"
RECONCILE = "reconcile"
WRITE = "write"
TRIAL = "trial"  # a dry run's writing, inside a transaction that is rolled back
CHECK = "check"

# Rows between two calls: small enough that a progress bar moves on a few thousand rows,
# large enough that its cost cannot be measured on a million.
PROGRESS_EVERY = 500

# What the progress window says of each step ({done} and {total} are counts).
STEP_LABELS = {
    READ: QT_TR_NOOP("Đã đọc {done}/{total} dòng"),
    RECONCILE: QT_TR_NOOP("Đã đối chiếu {done}/{total} dòng"),
    WRITE: QT_TR_NOOP("Đã ghi {done}/{total} đơn vị"),
    TRIAL: QT_TR_NOOP("Đã thử áp dụng {done}/{total} thay đổi (chưa ghi vào sổ)"),
    CHECK: QT_TR_NOOP("Đã kiểm tra {done}/{total} đơn vị"),
}


class OnProgress(Protocol):
    def __call__(self, step: str, done: int, total: int) -> None: ...
