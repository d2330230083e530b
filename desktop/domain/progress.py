"""How long work below the window says how far it has come.

A step that can take long (reading an appendix, reconciling it, writing it, checking the
registry, writing an export file, building and laying out a report) calls
``on_progress(step, done, total)`` once every :data:`PROGRESS_EVERY` items and once at its end
with ``done == total``: a bound by count, so that a large import pays for a few hundred calls,
not one per row. ``total`` is what the step knows so far (reading learns each sheet's length as
it opens it), ``done`` never goes back.

The callback may raise to stop the work (the window raises when the clerk pressed Cancel);
the step lets the exception through, and whatever it was doing inside a transaction is rolled
back with it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Protocol, TypeVar

from desktop.domain.words import QT_TR_NOOP

READ = "read"
RECONCILE = "reconcile"
WRITE = "write"
TRIAL = "trial"  # a dry run's writing, inside a transaction that is rolled back
CHECK = "check"
EXPORT = "export"  # units written to an export file (the registry is only read)
EXPORT_CHANGES = "export-changes"  # the crosswalk's changes, old code to new
LAYOUT = "layout"  # a report's rows built from the registry
PAGINATE = "paginate"  # a report's rows laid out on pages
PAINT = "paint"  # a report's pages drawn into a PDF file
VERIFY = "verify"  # the history's hash chain checked, event by event (nothing written)
REPLAY = "replay"  # units worked out as of a date from their history (nothing written)
BACKUP = "backup"  # pages of the registry file copied into a backup
RESTORE = "restore"  # pages of a backup written back as the registry

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
    EXPORT: QT_TR_NOOP("Đã xuất {done}/{total} đơn vị"),
    EXPORT_CHANGES: QT_TR_NOOP("Đã xuất {done}/{total} thay đổi"),
    LAYOUT: QT_TR_NOOP("Đã lập {done}/{total} dòng của báo cáo"),
    PAGINATE: QT_TR_NOOP("Đã dàn trang {done}/{total} dòng của báo cáo"),
    PAINT: QT_TR_NOOP("Đã ghi {done}/{total} trang PDF"),
    VERIFY: QT_TR_NOOP("Đã kiểm tra {done}/{total} thay đổi trong lịch sử"),
    REPLAY: QT_TR_NOOP("Đã dựng lại {done}/{total} đơn vị như ngày đã chọn"),
    BACKUP: QT_TR_NOOP("Đã sao lưu {done}/{total} trang của tệp sổ"),
    RESTORE: QT_TR_NOOP("Đã khôi phục {done}/{total} trang của tệp sổ"),
}


class OnProgress(Protocol):
    def __call__(self, step: str, done: int, total: int) -> None: ...


T = TypeVar("T")


class Tally:
    """One step's count over one loop or several (a report's sections): :meth:`each` yields the
    items, saying the count before every :data:`PROGRESS_EVERY`-th; :meth:`end` says the total."""

    def __init__(self, step: str, total: int, on_progress: OnProgress | None) -> None:
        self.step = step
        self.total = total
        self.on_progress = on_progress
        self.done = 0

    def each(self, items: Iterable[T]) -> Iterator[T]:
        for item in items:
            if self.on_progress is not None and self.done % PROGRESS_EVERY == 0:
                self.on_progress(self.step, self.done, self.total)
            self.done += 1
            yield item

    def end(self) -> None:
        if self.on_progress is not None:
            self.on_progress(self.step, self.total, self.total)


def counted(items: Sequence[T], step: str, on_progress: OnProgress | None) -> Iterator[T]:
    """``items`` one by one, counted as ``step``, the total said when the loop consuming them
    has run to its end."""
    tally = Tally(step, len(items), on_progress)
    yield from tally.each(items)
    tally.end()
