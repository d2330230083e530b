"""import, export, undo-import: the Excel exchange (design.md §3)."""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.cli.common import (
    EXIT_FOUND_PROBLEMS,
    EXIT_OK,
    open_registry,
    print_json,
    print_table,
)
from desktop.domain.codes import NOTATIONS
from desktop.domain.decisions import DECISION_TYPES
from desktop.domain.errors import InvalidInput
from desktop.exchange.formats import FORMATS

# The changes an import prints without --changes (conflicts always all: they must be fixed).
SUMMARY_LINES = 20

# Each command imports its own work (desktop/cli/__init__.py says why): openpyxl, calamine and
# the store load only for the command that reads or writes a workbook or the registry.
if TYPE_CHECKING:
    from desktop.domain.rules import Finding
    from desktop.exchange.importer import ImportResult
    from desktop.exchange.reader import Appendix
    from desktop.store.registry import Registry


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("import", help="nhập phụ lục Excel của một quyết định")
    p.add_argument("file", metavar="FILE", help="tệp .xlsx, .xls hoặc .ods")
    p.add_argument(
        "--sheet", action="append", metavar="NAME", help="chỉ đọc trang này (ghi nhiều lần được)"
    )
    p.add_argument("--decision", metavar="NUMBER", help="số quyết định, ví dụ 184/QĐ-UBND")
    p.add_argument("--issuer", metavar="TEXT", help="cơ quan ban hành quyết định")
    p.add_argument("--signed", metavar="DATE", help="ngày ký (NN/TT/NNNN)")
    p.add_argument("--effective", metavar="DATE", help="ngày hiệu lực (NN/TT/NNNN)")
    p.add_argument(
        "--type",
        metavar="TYPE",
        help="loại văn bản: " + ", ".join(DECISION_TYPES) + " (mặc định: theo số ký hiệu)",
    )
    p.add_argument(
        "--replace-list",
        action="store_true",
        help="danh sách thay thế danh sách cũ: đơn vị không còn trong phụ lục sẽ bị đóng mã",
    )
    p.add_argument("--dry-run", action="store_true", help="chỉ xem trước, không ghi gì vào sổ")
    p.add_argument(
        "--changes",
        action="store_true",
        help=f"in từng thay đổi (mặc định: các số đếm và {SUMMARY_LINES} thay đổi đầu)",
    )
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser(
        "export",
        help="xuất phụ lục (.xlsx), danh mục (.csv, .json), edXML (.xml), danh mục dùng chung, "
        "dữ liệu mở",
    )
    p.add_argument(
        "file",
        metavar="FILE",
        help="tệp .xlsx, .csv, .json hoặc .xml; thư mục với --format catalogue hoặc opendata",
    )
    p.add_argument(
        "--format",
        dest="fmt",
        choices=tuple(FORMATS),
        help="dạng xuất (mặc định: theo phần mở rộng của tệp)",
    )
    p.add_argument("--root", metavar="CODE", help="chỉ nhánh dưới mã này")
    p.add_argument("--as-of", metavar="DATE", help="như vào ngày (NN/TT/NNNN; mặc định: hôm nay)")
    p.add_argument(
        "--since",
        metavar="DATE",
        help="chỉ các đơn vị được cấp mã, sửa đổi hoặc đóng mã có hiệu lực từ ngày này",
    )
    p.add_argument("--until", metavar="DATE", help="... đến hết ngày này")
    p.add_argument(
        "--qcvn-only",
        action="store_true",
        help="chỉ mã viết được theo QCVN 102; đơn vị khác liệt kê riêng (khong-qcvn102.csv)",
    )
    p.add_argument("--notation", choices=NOTATIONS, help="cách ghi mã (mặc định: của sổ)")
    p.add_argument("--decision", metavar="NUMBER", help="phụ lục kèm theo quyết định này")
    p.add_argument(
        "--crosswalk",
        action="store_true",
        help="xuất bảng chuyển đổi mã cũ → mã mới (theo quyết định) thay cho danh sách",
    )
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("undo-import", help="hoàn tác một lần nhập phụ lục (cả lần nhập)")
    p.add_argument(
        "import_id", nargs="?", metavar="ID", help="mã lần nhập (mặc định: lần nhập gần nhất)"
    )
    p.add_argument("--list", action="store_true", help="liệt kê các lần nhập")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_undo_import)


def cmd_import(args: argparse.Namespace) -> int:
    from desktop.domain.decisions import parse_date, parse_type
    from desktop.exchange.reader import read_appendix

    signed = parse_date(args.signed, "ngày ký") if args.signed else None
    kind = parse_type(args.type) if args.type else None
    effective = parse_date(args.effective, "ngày hiệu lực") if args.effective else None
    # The workbook is read before the registry is opened: a broken file touches nothing.
    appendix = read_appendix(args.file, args.sheet)
    pinned = None
    try:
        with open_registry(args) as reg:
            if not args.dry_run:
                # The copy before the import, taken from the file the import leaves alone by a
                # process of its own while this one applies the import (store/pinned.py).
                from desktop.store.pinned import pin

                pinned = pin(reg)
            result, notation = _import(args, reg, appendix, signed, kind, effective)
    except BaseException:
        if pinned is not None and not pinned.copier_pinned:
            # Refused before anything was written (the copier is awaited just before writing).
            from desktop.store.pinned import cancel

            cancel(pinned)
            pinned = None
        raise
    finally:
        if pinned is not None:
            from desktop.store.pinned import WAIT_FOR_COPY, release

            release(pinned, wait=os.environ.get(WAIT_FOR_COPY) == "1")
    if args.json:
        print_json(result.as_dict(notation))
    else:
        _print_import(result, notation, every_change=args.changes)
    return EXIT_FOUND_PROBLEMS if result.blocked else EXIT_OK


def _import(
    args: argparse.Namespace,
    reg: Registry,
    appendix: Appendix,
    signed: str | None,
    kind: str | None,
    effective: str | None,
) -> tuple[ImportResult, str]:
    from desktop.domain.decisions import clean_number, people_date
    from desktop.exchange.importer import import_appendix

    number = args.decision or appendix.decision.number
    existing = reg.decision_by_number(clean_number(number)) if number else None
    if signed and existing is not None and existing.signed and existing.signed != signed:
        # A signing date given for a recorded decision is not silently dropped.
        raise InvalidInput(
            f"{existing.cited} đã có trong sổ với ngày ký {people_date(existing.signed)}, "
            f"khác {people_date(signed)} (sửa bằng: decision SỐ --set signed=NN/TT/NNNN).",
            f"Decision {existing.number} is recorded signed {people_date(existing.signed)}.",
        )
    result = import_appendix(
        reg,
        appendix,
        number=args.decision,
        issuer=args.issuer,
        signed=signed,
        effective=effective,
        replace_list=args.replace_list,
        dry_run=args.dry_run,
        type=kind,
    )
    return result, reg.notation


def _paragraph(
    items: Sequence[Any], header: str, line: Callable[[Any, dict[str, Any]], str], notation: str
) -> None:
    """One paragraph of what the changeset does besides its lines: the count and ``header``,
    then a line per item (``line`` gets the item and its dict in the registry's notation)."""
    if items:
        print(f"\n{len(items)} {header}")
        for item in items:
            print(f"  {line(item, item.as_dict(notation))}")


def _print_import(result: ImportResult, notation: str, *, every_change: bool = False) -> None:
    from desktop.domain.history import (
        CARRIED_LABEL,
        EVENT_LABELS,
        TO_SUCCESSOR_LABEL,
        WITH_PARENT_LABEL,
    )
    from desktop.exchange.reconcile import ACTION_LABELS, ACTIONS, BASIS, CONFLICT, UNCHANGED

    appendix = result.appendix
    d = result.decision
    sheets = ", ".join(s.name for s in appendix.sheets)
    print(f"Tệp {appendix.file_name}: {len(appendix.rows)} dòng từ trang {sheets}.")
    if d.number:
        state = "đã có trong sổ" if d.existing_id is not None else "mới"
        print(
            f"{d.cited} ({state}), hiệu lực {d.effective or '?'}"
            + (f", của {d.issuer}" if d.issuer else "")
            + "."
        )
    elif appendix.decision.draft:
        print("Quyết định: dự thảo, chưa có số" + (f", của {d.issuer}" if d.issuer else "") + ".")
    counts = result.changeset.counts
    print("  ".join(f"{ACTION_LABELS[a]}: {counts[a]}" for a in ACTIONS if a != BASIS or counts[a]))
    lines = [c for c in result.changeset.changes if c.action != UNCHANGED]
    hidden = 0
    if not every_change and len(lines) > SUMMARY_LINES:
        room = max(SUMMARY_LINES - sum(c.action == CONFLICT for c in lines), 0)
        shown = []
        for c in lines:
            if c.action == CONFLICT or room > 0:
                room -= c.action != CONFLICT
                shown.append(c)
        hidden = len(lines) - len(shown)
        lines = shown
    if lines:
        rows = []
        for c in lines:
            item = c.as_dict(notation)
            where = f"{c.sheet}:{c.row}" if c.sheet else ""
            old = item["old_code"] or ""
            rows.append(
                [
                    ACTION_LABELS[c.action],
                    where,
                    old,
                    item["code"] or "",
                    (f"{c.old_name} → " if c.old_name else "") + (c.name or ""),
                ]
            )
        print()
        print_table(["Thay đổi", "Vị trí", "Mã cũ", "Mã", "Tên"], rows)
        if hidden:
            print(f"… và {hidden} thay đổi khác: xem từng thay đổi với --changes hoặc --json.")
    changeset = result.changeset

    def act(decision: str | None) -> str:
        return f" theo {decision}" if decision else ""

    _paragraph(
        changeset.carried,
        "lần đổi mã của đơn vị mới theo đơn vị cấp trên đã đổi mã sau ngày hiệu lực "
        f"({CARRIED_LABEL.lower()}):",
        lambda c, i: (
            f"{i['code']}  {c.name}: mang mã {i['new_code']} từ {c.effective}{act(c.decision)}"
        ),
        notation,
    )
    _paragraph(
        changeset.set_aside,
        "đơn vị được đóng hoặc chuyển trước ngày đóng theo đơn vị cấp trên; việc đóng theo đơn "
        "vị cấp trên đó không còn hiệu lực:",
        lambda e, i: f"{i['code']}  {e.name}: bỏ việc đóng từ {e.effective}{act(e.decision)}",
        notation,
    )
    _paragraph(
        changeset.bases,
        f"đơn vị đã có trong sổ từ một văn bản sau; quyết định này là "
        f"{EVENT_LABELS[BASIS].lower()} của chúng (đơn vị có từ {result.decision.effective}):",
        lambda b, i: (
            f"{i['code']}  {b.name}: từ {b.later_effective}{act(b.later_decision)}: "
            + (f"«{b.later_name}»" if b.later_name != b.name else "giữ tên")
        ),
        notation,
    )
    _paragraph(
        changeset.endings,
        "đơn vị mới nằm dưới đơn vị cấp trên đã đóng sau ngày hiệu lực; chúng được ghi là "
        f"{WITH_PARENT_LABEL.lower()}:",
        lambda e, i: (
            f"{i['code']}  {e.name}: đóng từ {e.effective}{act(e.decision)} (cùng {i['parent']})"
        ),
        notation,
    )
    _paragraph(
        changeset.handed,
        "doanh nghiệp mới nằm dưới đơn vị đã sáp nhập sau ngày hiệu lực; mã số doanh nghiệp "
        f"không đổi, chúng được ghi là {TO_SUCCESSOR_LABEL.lower()}:",
        lambda h, i: (
            f"{i['code']}  {h.name}: từ {h.effective}{act(h.decision)}, "
            f"{i['parent']} → {i['successor']}"
        ),
        notation,
    )
    _print_findings(result)
    print()
    if result.applied:
        print(f"Đã ghi vào sổ. Mã lần nhập (để hoàn tác): {result.import_id}")
    elif result.changeset.blocked:
        n = len(result.changeset.conflicts)
        print(f"Có {n} xung đột: chưa ghi gì vào sổ. Sửa bảng tính rồi nhập lại.")
    elif result.new_errors:
        print("Lần nhập này sẽ gây lỗi kiểm tra (xem trên): chưa ghi gì vào sổ.")
    elif not result.dry_run and not result.changeset.has_changes:
        print("Phụ lục không có gì khác với sổ: không ghi gì (không có lần nhập để hoàn tác).")
    else:
        print("Chạy thử: chưa ghi gì vào sổ.")


# How many findings of one kind the text output prints in full (the rest: --json).
_SHOWN_PER_KIND = 5
_SHOWN_CELLS = 12


def _print_findings(result: ImportResult) -> None:
    """One summary line per kind of finding (count and cells), then the blocking problems in
    full, then a few of each kind of warning."""
    from desktop.domain.rules import ERROR, SEVERITY_LABELS

    kinds = result.summary()
    if not kinds:
        return
    print("\nTóm tắt:")
    for kind in kinds:
        cells = kind.cells
        shown = ", ".join(cells[:_SHOWN_CELLS])
        if len(cells) > _SHOWN_CELLS:
            shown += f"... và {len(cells) - _SHOWN_CELLS} nơi khác"
        mark = SEVERITY_LABELS.get(kind.severity, kind.severity)
        if kind.severity == ERROR:
            mark = mark.upper()  # what blocks the import stands out
        print(
            f"  {mark}: {kind.title} [{kind.rule}]: {len(kind.findings)}"
            + (f" ({shown})" if shown else "")
        )
    errors = [f for f in result.findings if f.severity == "error"]
    if errors:
        print("\nCần sửa (chặn việc ghi vào sổ):")
        for f in errors:
            print(f"LỖI: {_where(f)}{f.message}")
    warned = [k for k in kinds if k.severity == "warning"]
    if warned:
        print("\nCảnh báo (phần mềm đã tự sửa hoặc cần xem lại; không chặn):")
        for kind in warned:
            for f in kind.findings[:_SHOWN_PER_KIND]:
                print(f"Cảnh báo: {_where(f)}{f.message}")
            more = len(kind.findings) - _SHOWN_PER_KIND
            if more > 0:
                print(f"  ... và {more} cảnh báo {kind.rule} khác (xem --json).")


def _where(f: Finding) -> str:
    if f.sheet and not f.rule.startswith("import.") and not f.message.startswith("Trang '"):
        return f"[{f.sheet}, dòng {f.row}] " if f.row else f"[{f.sheet}] "
    return ""


EXPORT_LABELS = {
    "appendix": "phụ lục",
    "csv": "danh mục",
    "json": "danh mục",
    "crosswalk": "bảng chuyển đổi mã",
    "edxml": "danh sách cơ quan theo edXML",
    "axis": "danh sách cơ quan cho trục liên thông văn bản",
    "catalogue": "danh mục dùng chung theo cấp",
    "opendata": "bộ dữ liệu mở",
}


def cmd_export(args: argparse.Namespace) -> int:
    from desktop.domain.decisions import parse_date, people_date
    from desktop.exchange.formats import choose_format
    from desktop.exchange.national import check_window
    from desktop.exchange.writers import export

    as_of = parse_date(args.as_of, "ngày") if args.as_of else None
    since = parse_date(args.since, "ngày bắt đầu (--since)") if args.since else None
    until = parse_date(args.until, "ngày kết thúc (--until)") if args.until else None
    # The format and the dates are checked before the registry is opened: bad input, no file.
    kind = choose_format(Path(args.file), args.fmt, args.crosswalk)
    check_window(as_of, since, until)
    with open_registry(args, readonly=True) as reg:
        result = export(
            reg,
            args.file,
            root=args.root,
            as_of=as_of,
            notation=args.notation,
            decision=args.decision,
            fmt=kind,
            since=since,
            until=until,
            qcvn_only=args.qcvn_only,
        )
    window = ""
    if since or until:
        start = people_date(since) if since else "…"
        window = f", thay đổi có hiệu lực từ {start} đến {people_date(until or result.as_of)}"
    print(
        f"Đã xuất {EXPORT_LABELS[result.kind]} ra {result.path} ({result.rows} dòng; "
        f"tính đến ngày {people_date(result.as_of)}{window})."
    )
    if result.apart_path is not None and result.apart:
        print(
            f"{result.apart} đơn vị có mã không viết được theo QCVN 102 (không nhận được mã hồ "
            f"sơ): liệt kê riêng trong {result.apart_path}."
        )
    elif result.apart_path is not None:
        print(f"Mọi mã đều viết được theo QCVN 102 ({result.apart_path} không có dòng nào).")
    return EXIT_OK


def cmd_undo_import(args: argparse.Namespace) -> int:
    from desktop.domain.codes import from_canonical
    from desktop.exchange.importer import undo
    from desktop.store.changes import list_imports

    if args.list:
        with open_registry(args, readonly=True) as reg:
            records = list_imports(reg)
        if args.json:
            print_json([r.as_dict() for r in records])
            return EXIT_OK
        print_table(
            ["Mã lần nhập", "Quyết định", "Tệp", "Ghi lúc", "Đơn vị", "Trạng thái"],
            [
                [
                    r.group_id,
                    r.decision_number or "",
                    r.source_file or f"(tệp có SHA-256 {r.group_id.split(':')[1]}…)",
                    r.recorded_at,
                    r.units,
                    "đã hoàn tác" if r.undone else "còn hiệu lực",
                ]
                for r in records
            ],
        )
        return EXIT_OK
    with open_registry(args) as reg:
        record, change = undo(reg, args.import_id)
        units = reg.units_by_ids(change.unit_ids)
        notation = reg.notation
        cited = (
            reg.decision(record.decision_id).cited
            if record.decision_id is not None
            else f"Quyết định số {record.decision_number}"
        )
    out: dict[str, Any] = {
        **record.as_dict(),
        "undone": True,
        "units": len(set(change.unit_ids)),
        "codes": sorted({from_canonical(u.code, u.kind).format(notation) for u in units.values()}),
    }
    if args.json:
        print_json(out)
    else:
        print(
            f"Đã hoàn tác lần nhập {record.group_id} ({cited}): "
            f"hủy các thay đổi của {out['units']} đơn vị; lịch sử vẫn giữ, có đánh dấu. "
            "Các mã lần nhập đã cấp vẫn là mã đã cấp: đã hủy, không cấp lại."
        )
    return EXIT_OK
