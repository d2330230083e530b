"""The problems of an import as a workbook a clerk can send back to the body that made the
appendix: one line per conflict or finding, with the sheet, row and cell it is about, what is
wrong and what to do. Written in Vietnamese, the language of the body that reads it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from desktop.domain.rules import RULES, SEVERITY_LABELS, Finding
from desktop.exchange.importer import ImportResult
from desktop.exchange.reader import Notice
from desktop.exchange.reconcile import CONFLICT
from desktop.exchange.writers import _write_atomically

HEADERS = ("Trang", "Dòng", "Ô", "Mức", "Vấn đề", "Gợi ý")
_WIDTHS = (18, 8, 8, 10, 80, 60)


@dataclass(frozen=True)
class Problem:
    sheet: str
    row: int | None
    cell: str
    severity: str
    problem: str
    hint: str


def problems(result: ImportResult) -> list[Problem]:
    """Conflicts first (they block the import), then the findings, in file order."""
    code_column = {s.name: s.columns.get("code", "") for s in result.appendix.sheets}
    out: list[Problem] = []
    for change in result.changeset.changes:
        if change.action != CONFLICT:
            continue
        reason = change.reason
        column = (reason.column if reason is not None else None) or code_column.get(
            change.sheet or "", ""
        )
        out.append(
            Problem(
                sheet=change.sheet or "",
                row=change.row,
                cell=f"{column}{change.row}" if column and change.row else "",
                severity="error",
                problem=reason.message if reason is not None else "Xung đột với sổ.",
                hint=_hint(reason) if reason is not None else "",
            )
        )
    # A conflict's reason is among the findings too: listed once.
    seen = {(p.sheet, p.row, p.problem) for p in out}
    for finding in result.findings:
        if (finding.sheet or "", finding.row, finding.message) in seen:
            continue
        column = (finding.column if isinstance(finding, Notice) else None) or ""
        if not column and finding.sheet and finding.row:
            column = code_column.get(finding.sheet, "")
        out.append(
            Problem(
                sheet=finding.sheet or "",
                row=finding.row,
                cell=f"{column}{finding.row}" if column and finding.row else "",
                severity=finding.severity,
                problem=finding.message,
                hint=_hint(finding),
            )
        )
    return out


def _hint(finding: Finding) -> str:
    if finding.hint:
        return finding.hint
    rule = RULES.get(finding.rule)
    return rule.hint_vi if rule is not None else ""


def write_problems(result: ImportResult, path: Path) -> int:
    """Write the problems to ``path`` (.xlsx, whole or not at all); returns how many."""
    found = problems(result)

    def write(target: Path) -> None:
        wb = Workbook()
        ws = wb.active
        assert ws is not None
        ws.title = "Vấn đề"
        ws.append([f"Các vấn đề khi nhập phụ lục {result.appendix.file_name}"])
        ws["A1"].font = Font(bold=True, size=12)
        ws.append(list(HEADERS))
        for cell in ws[2]:
            cell.font = Font(bold=True)
        for p in found:
            ws.append(
                [
                    p.sheet,
                    p.row,
                    p.cell,
                    SEVERITY_LABELS.get(p.severity, p.severity),
                    p.problem,
                    p.hint,
                ]
            )
        for i, width in enumerate(_WIDTHS):
            ws.column_dimensions[chr(65 + i)].width = width
        for row in ws.iter_rows(min_row=3):
            for cell in row[4:]:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.freeze_panes = "A3"
        wb.save(target)

    _write_atomically(Path(path), write)
    return len(found)


__all__ = ["HEADERS", "Problem", "problems", "write_problems"]
