"""decision: show a decision's record and history, correct it, or withdraw it."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from desktop.cli.common import EXIT_OK, open_registry, print_json, print_table
from desktop.domain import decision_edits as de
from desktop.domain.decisions import Decision, repair_number
from desktop.domain.errors import InvalidInput

# The store loads when the command runs (desktop/cli/__init__.py says why).
if TYPE_CHECKING:
    from desktop.store.registry import Registry


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "decision",
        help="xem, sửa thông tin hoặc rút một quyết định (mỗi lần sửa ghi vào lịch sử)",
        description=(
            f"Sửa được: {', '.join(de.FIELDS)} (--set KHÓA=GIÁ TRỊ, ngày dạng NN/TT/NNNN). "
            "--withdraw rút quyết định không còn thay đổi nào có hiệu lực."
        ),
    )
    p.add_argument("number", metavar="NUMBER")
    p.add_argument("--set", dest="assignments", action="append", default=[], metavar="KEY=VALUE")
    p.add_argument("--withdraw", action="store_true")
    p.add_argument("--dry-run", action="store_true", help="chỉ xem trước, không ghi")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_decision)


def _find(reg: Registry, number: str) -> Decision:
    return reg.find_decision(number)


def _values(assignments: list[str]) -> dict[str, str | None]:
    values: dict[str, str | None] = {}
    for item in assignments:
        key, sep, value = item.partition("=")
        if not sep:
            raise InvalidInput(
                f"'{item}' không có dạng KHÓA=GIÁ TRỊ.", f"'{item}' is not KEY=VALUE."
            )
        values[key.strip()] = value
        repaired = repair_number(value).message if key.strip() == "number" else None
        if repaired is not None:  # the number typed, repaired: said, never silent
            print(f"madinhdanh: cảnh báo: {repaired[0]}", file=sys.stderr)
    return values


def _as_dict(reg: Registry, d: Decision) -> dict[str, Any]:
    from desktop.store.decision_edits import decision_history, effective_changes

    out = d.as_dict()
    out["changes_in_effect"] = effective_changes(reg, d.id)
    out["history"] = [
        {
            "action": e.action,
            "before": e.before,
            "after": e.after,
            "recorded_at": e.recorded_at,
            "recorded_by": e.recorded_by,
        }
        for e in decision_history(reg, d.id)
    ]
    return out


def cmd_decision(args: argparse.Namespace) -> int:
    from desktop.store.decision_edits import (
        correct_decision,
        decision_history,
        effective_changes,
        preview_correction,
        withdraw_decision,
    )

    if args.withdraw and args.assignments:
        raise InvalidInput(
            "Dùng --set để sửa hoặc --withdraw để rút, không dùng cùng lúc.",
            "Use --set or --withdraw, not both.",
        )
    values = _values(args.assignments)
    writes = (bool(values) or args.withdraw) and not args.dry_run
    with open_registry(args, readonly=not writes) as reg:
        d = _find(reg, args.number)
        message = ""
        if values and args.dry_run:
            before, after = preview_correction(reg, d.id, values)
            message = "Sẽ sửa (chạy thử, chưa ghi): " + _changes(before, after)
        elif values:
            before, after = preview_correction(reg, d.id, values)
            d = correct_decision(reg, d.id, values)
            message = f"Đã sửa quyết định số {d.number}: " + _changes(before, after)
        elif args.withdraw and args.dry_run:
            message = f"Sẽ rút quyết định số {d.number} (chạy thử, chưa ghi)."
        elif args.withdraw:
            d = withdraw_decision(reg, d.id)
            message = f"Đã rút quyết định số {d.number} khỏi sổ; lịch sử vẫn giữ."
        if args.json:
            print_json(_as_dict(reg, d))
            return EXIT_OK
        if message:
            print(message)
        rows = [[de.FIELD_LABELS[f], de.shown(f, getattr(d, f))] for f in de.FIELDS]
        rows.append(["Thay đổi đang có hiệu lực", str(effective_changes(reg, d.id))])
        if d.withdrawn:
            rows.append(["Tình trạng", "Đã rút khỏi sổ"])
        print_table(["Thông tin", "Giá trị"], rows)
        history = decision_history(reg, d.id)
        if history:
            print()
            print_table(
                ["Ghi lúc", "Người ghi", "Nội dung"],
                [[e.recorded_at, e.recorded_by, e.summary] for e in history],
            )
    return EXIT_OK


def _changes(before: dict[str, Any], after: dict[str, Any]) -> str:
    return de.DecisionEdit(0, 0, de.CORRECT, before, after, "", "").summary + "."
