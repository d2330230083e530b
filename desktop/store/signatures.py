"""The record of digitally signed reports (``signed_reports``), chained by hash."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

from desktop.domain.signatures import SignedReport, signed_report_hash
from desktop.store.base import RegistryBase, now_stamp

_COLUMNS = (
    "id, report_kind, report_title, parameters, file_name, pdf_sha256, role, signer, "
    "certificate_sha256, signed_at, timestamped, events_head, decisions_head, recorded_at, "
    "recorded_by"
)


def registry_heads(reg: RegistryBase) -> tuple[str, str]:
    """The heads of the events' and the decisions' hash chains: the state a report shows."""
    events = reg.conn.execute("SELECT hash FROM events ORDER BY id DESC LIMIT 1").fetchone()
    decisions = reg.conn.execute(
        "SELECT hash FROM decision_history ORDER BY id DESC LIMIT 1"
    ).fetchone()
    return (events[0] if events else "", decisions[0] if decisions else "")


def _entry(row: Any) -> SignedReport:
    return SignedReport(
        id=row[0],
        report_kind=row[1],
        report_title=row[2],
        parameters=json.loads(row[3]),
        file_name=row[4],
        pdf_sha256=row[5],
        role=row[6],
        signer=row[7],
        certificate_sha256=row[8],
        signed_at=row[9],
        timestamped=bool(row[10]),
        events_head=row[11],
        decisions_head=row[12],
        recorded_at=row[13],
        recorded_by=row[14],
    )


def record_signed_report(reg: RegistryBase, entry: SignedReport) -> SignedReport:
    """Append one entry (one transaction); returns it as recorded."""
    with reg.write():
        last = reg.conn.execute(
            "SELECT hash FROM signed_reports ORDER BY id DESC LIMIT 1"
        ).fetchone()
        entry = replace(entry, id=0, recorded_at=now_stamp(), recorded_by=reg.operator)
        cursor = reg.conn.execute(
            "INSERT INTO signed_reports (report_kind, report_title, parameters, file_name, "
            "pdf_sha256, role, signer, certificate_sha256, signed_at, timestamped, events_head, "
            "decisions_head, recorded_at, recorded_by, hash) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                entry.report_kind,
                entry.report_title,
                json.dumps(entry.parameters, ensure_ascii=False, sort_keys=True),
                entry.file_name,
                entry.pdf_sha256,
                entry.role,
                entry.signer,
                entry.certificate_sha256,
                entry.signed_at,
                int(entry.timestamped),
                entry.events_head,
                entry.decisions_head,
                entry.recorded_at,
                entry.recorded_by,
                signed_report_hash(last[0] if last else "", entry),
            ),
        )
    return replace(entry, id=int(cursor.lastrowid or 0))


def signed_reports(reg: RegistryBase, pdf_sha256: str | None = None) -> list[SignedReport]:
    """The signed reports, oldest first; only those of one file when ``pdf_sha256`` is given."""
    if pdf_sha256 is None:
        rows = reg.conn.execute(f"SELECT {_COLUMNS} FROM signed_reports ORDER BY id")
    else:
        rows = reg.conn.execute(
            f"SELECT {_COLUMNS} FROM signed_reports WHERE pdf_sha256 = ? ORDER BY id",
            (pdf_sha256,),
        )
    return [_entry(r) for r in rows]


def all_signed_rows(reg: RegistryBase) -> list[tuple[SignedReport, str]]:
    """Every entry with its stored hash, in order (for ``verify``)."""
    rows = reg.conn.execute(f"SELECT {_COLUMNS}, hash FROM signed_reports ORDER BY id")
    return [(_entry(r[:15]), r[15]) for r in rows]


def head_exists(reg: RegistryBase, events_head: str) -> bool:
    """Whether the registry's history still holds the state a signed report showed."""
    if not events_head:
        return True
    row = reg.conn.execute("SELECT 1 FROM events WHERE hash = ? LIMIT 1", (events_head,))
    return row.fetchone() is not None
