"""Exports for the national systems (domain.md §8): what they share. The formats themselves are
in :mod:`desktop.exchange.axis` (the exchange axis' agency records and edXML ``Organization``
elements), :mod:`desktop.exchange.catalogue` (the shared catalogue on NDXP/LGSP, one JSON list
per level) and :mod:`desktop.exchange.opendata` (CSV files with a Frictionless Data Package
descriptor and DCAT metadata).

Every export shows the registry on one date (today unless told), and with ``since``/``until``
only the units created, changed or closed in that window, each marked with its change. The
systems of the axis and the catalogue take codes in QCVN 102 notation only: a unit whose code
QCVN 102 cannot write (an enterprise, a scheme code, a group with letters, a fifth level) is
listed apart in ``khong-qcvn102.csv``, never dropped silently; the other formats do the same
when asked (``qcvn_only``).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import shutil
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop.domain.codes import AGENCY, QCVN102, from_canonical
from desktop.domain.decisions import Decision, people_date, today
from desktop.domain.errors import InvalidInput, KnownError, os_reason
from desktop.domain.units import CLOSED, Unit
from desktop.store.asof import units_as_of
from desktop.store.deltas import changes_between
from desktop.store.registry import Registry

APART_FILE = "khong-qcvn102.csv"
APART_FIELDS = ("code", "name", "kind", "level", "status", "reason")


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def starts_formula(text: str) -> bool:
    return text.startswith(_FORMULA_START)


def csv_safe(value: Any) -> Any:
    """A text that would start a formula, with a leading apostrophe (the usual protection
    against formula injection in CSV files)."""
    if isinstance(value, str) and starts_formula(value):
        return "'" + value
    return value


def show_date(iso: str | None) -> str | None:
    """``dd/MM/yyyy``, the date the shared catalogue takes."""
    return dt.date.fromisoformat(iso).strftime("%d/%m/%Y") if iso else None


def qcvn_code(unit: Unit) -> str | None:
    return from_canonical(unit.code, unit.kind).qcvn102


# -- what an export shows --------------------------------------------------------------------


@dataclass
class Selection:
    """The units an export writes: as of ``as_of``, and in a delta only those changed in the
    window (``changes`` maps unit id to ``new``, ``changed`` or ``closed``)."""

    units: list[Unit]
    as_of: str
    since: str | None
    until: str | None
    notation: str
    changes: dict[int, str] | None
    by_id: dict[int, Unit]
    decisions: dict[int, Decision]
    apart: list[Unit] = field(default_factory=list)

    @property
    def delta(self) -> bool:
        return self.changes is not None

    def change(self, unit: Unit) -> str | None:
        return self.changes.get(unit.id) if self.changes is not None else None

    def parent(self, unit: Unit) -> Unit | None:
        return self.by_id.get(unit.parent_id) if unit.parent_id is not None else None

    def decision(self, unit: Unit) -> Decision | None:
        return self.decisions.get(unit.decision_id) if unit.decision_id else None

    def code(self, unit: Unit, notation: str | None = None) -> str:
        return from_canonical(unit.code, unit.kind).format(notation or self.notation)

    def qcvn_only(self) -> Selection:
        """The units QCVN 102 can write; the others set apart (:attr:`apart`)."""
        keep = [u for u in self.units if qcvn_code(u) is not None]
        apart = [u for u in self.units if qcvn_code(u) is None]
        return Selection(
            keep,
            self.as_of,
            self.since,
            self.until,
            QCVN102,
            self.changes,
            self.by_id,
            self.decisions,
            apart,
        )


def check_window(
    as_of: str | None, since: str | None, until: str | None
) -> tuple[str, str | None, str | None]:
    """The date an export shows (today unless told; the window's end for a delta)."""
    if since and until and since > until:
        raise InvalidInput(
            f"Khoảng thời gian sai: ngày bắt đầu {people_date(since)} sau ngày kết thúc "
            f"{people_date(until)}.",
            f"--since {since} is after --until {until}.",
        )
    shown = as_of or until or today()
    if until and shown < until:
        raise InvalidInput(
            f"Ngày xem {people_date(shown)} trước ngày kết thúc {people_date(until)} của "
            "khoảng thay đổi.",
            f"--as-of {shown} is before --until {until}.",
        )
    return shown, since, until


def select(
    reg: Registry,
    *,
    root: str | None = None,
    as_of: str | None = None,
    since: str | None = None,
    until: str | None = None,
    notation: str | None = None,
    closed: bool = False,
) -> Selection:
    """Units in force on the date (with ``closed``, the closed ones too), or in a delta the
    units an event effective in the window touched, as they stand on the date."""
    shown, since, until = check_window(as_of, since, until)
    delta = since is not None or until is not None
    if delta and until is None:
        # A change signed but in force after the date shown is not shown yet.
        until = shown
    everything = units_as_of(reg, shown, root=root, include_closed=True)
    by_id = {u.id: u for u in everything}
    missing = {u.parent_id for u in everything if u.parent_id is not None} - set(by_id)
    by_id.update(reg.units_by_ids(sorted(missing)))  # the parent of the root
    changes = changes_between(reg, since, until) if delta else None
    if changes is not None:
        units = [u for u in everything if u.id in changes]
    else:
        units = [u for u in everything if closed or u.status != CLOSED]
    return Selection(
        units=units,
        as_of=shown,
        since=since,
        until=until,
        notation=notation or reg.notation,
        changes=changes,
        by_id=by_id,
        decisions={d.id: d for d in reg.decisions()},
    )


# -- writing files ---------------------------------------------------------------------------


def write_csv_file(
    path: Path, fields: Iterable[str], rows: Iterable[dict[str, Any]], *, bom: bool = True
) -> int:
    """A CSV file; a text that would start a formula gets a leading apostrophe."""
    names = list(fields)
    count = 0
    with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(names)
        for row in rows:
            writer.writerow(["" if row.get(f) is None else csv_safe(row.get(f)) for f in names])
            count += 1
    return count


def write_json_file(path: Path, data: Any) -> None:
    with path.open("w", encoding="utf-8") as fh:
        json.dump(data, fh, ensure_ascii=False, indent=1)
        fh.write("\n")


def apart_rows(sel: Selection) -> list[dict[str, Any]]:
    rows = []
    for u in sel.apart:
        if u.kind != AGENCY:
            reason = "mã doanh nghiệp hoặc mã tổ chức khác, không có dạng QCVN 102"
        elif (u.level or 0) > 4:
            reason = "mã có hơn 4 cấp; QCVN 102 chỉ có 4 cấp"
        else:
            reason = "nhóm mã có chữ cái hoặc không đúng độ rộng 2-2-3 chữ số của QCVN 102"
        rows.append(
            {
                "code": sel.code(u),
                "name": u.name,
                "kind": u.kind,
                "level": u.level,
                "status": u.status,
                "reason": reason,
            }
        )
    return rows


def write_folder(target: Path, build: Callable[[Path], None]) -> None:
    """Build the files in a scratch folder beside the target folder, then move them in: a failed
    export leaves the target as it was (files of its own there are left alone)."""
    parent = target.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        scratch = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=parent))
    except OSError as exc:
        raise KnownError(
            f"Không ghi được vào '{parent}': {os_reason(exc)}.", f"Cannot write '{parent}'."
        ) from exc
    try:
        build(scratch)
        target.mkdir(exist_ok=True)
        for item in sorted(scratch.iterdir()):
            item.replace(target / item.name)
    except OSError as exc:
        raise KnownError(
            f"Không ghi được '{target}': {os_reason(exc)}.", f"Cannot write '{target}': {exc}"
        ) from exc
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def apart_name(target: Path) -> str:
    """The list of units set apart, beside a file export: ``<name>.khong-qcvn102.csv``."""
    return f"{target.stem}.{APART_FILE}"
