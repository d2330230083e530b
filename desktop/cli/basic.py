"""init, check-code, list, history."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.cli.common import (
    EXIT_FOUND_PROBLEMS,
    EXIT_OK,
    open_registry,
    print_json,
    print_table,
)
from desktop.domain.errors import NotFound

# Each command imports its own work (desktop/cli/__init__.py says why).
if TYPE_CHECKING:
    from desktop.domain.codes import CodeCheck
    from desktop.domain.history import Event
    from desktop.domain.units import Unit
    from desktop.store.registry import Registry


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("init", help="tạo sổ mã định danh mới")
    p.add_argument("path", metavar="PATH")
    p.add_argument("--empty", action="store_true", help="sổ trống, không có danh sách cấp 1")
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("check-code", help="kiểm tra mã (không cần sổ)")
    p.add_argument("codes", nargs="+", metavar="CODE")
    p.add_argument(
        "--as-of",
        metavar="DATE",
        help="với --db: mã có cấp mới được vào ngày này không (mặc định: hôm nay)",
    )
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_check_code)

    p = sub.add_parser("list", help="liệt kê đơn vị")
    p.add_argument("--root", metavar="CODE", help="chỉ nhánh dưới mã này")
    p.add_argument("--as-of", metavar="DATE", help="như vào ngày (NN/TT/NNNN)")
    p.add_argument("--all", action="store_true", help="gồm cả đơn vị đã đóng")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_list)

    p = sub.add_parser("history", help="lịch sử thay đổi của một đơn vị")
    p.add_argument("code", metavar="CODE")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_history)


def cmd_init(args: argparse.Namespace) -> int:
    from desktop.store.registry import Registry
    from desktop.store.sample import create_registry

    target = create_registry(Path(args.path), official=not args.empty)
    with Registry.open(target, readonly=True) as reg:
        count = reg.count_units(include_closed=True)
    print(f"Đã tạo sổ mã định danh {target} ({count} đơn vị).")
    return EXIT_OK


def cmd_check_code(args: argparse.Namespace) -> int:
    from desktop.domain.codes import check_code, repair_lookalikes
    from desktop.domain.decisions import parse_date, today

    checks = [check_code(c) for c in args.codes]
    # The grammar, then whether the level-1 code is one the law published (no registry needed).
    extra = [_level1_problems(c) for c in checks]
    valid = [c.valid and not more for c, more in zip(checks, extra)]
    # With a registry named (--db), each valid code is also judged as a new unit's code on the
    # date: used before (G37), under a parent closed or not yet started (H59 after 2025-07-01).
    registry: list[list[str]] = [[] for _ in checks]
    if args.db:
        date = parse_date(args.as_of, "ngày") if args.as_of else today()
        with open_registry(args, readonly=True) as reg:
            registry = [
                reg.code_problems(c.code, date) if ok and c.code else []
                for c, ok in zip(checks, valid)
            ]
    if args.json:
        # The rule book loads the validator (and its encodings): only the JSON names rules.
        from desktop.domain.validator import rule_for_problem

        out = []
        for c, more, ok, problems in zip(checks, extra, valid, registry):
            item = c.as_dict()
            item["valid"] = ok
            item["errors"] = [
                {**e, "rule": rule_for_problem(e["id"])} for e in item["errors"]
            ] + more
            if args.db:
                item["registry"] = problems
            out.append(item)
        print_json(out)
    else:
        for c, more, ok, problems in zip(checks, extra, valid, registry):
            if ok and c.code is not None and problems:
                print(f"{c.input.strip()}: hợp lệ về cấu trúc nhưng KHÔNG cấp được trong sổ")
                for text in problems:
                    print(f"  - {text}")
            elif ok and c.code is not None:
                parts = [f"{c.input.strip()}: hợp lệ"]
                if c.code.level:
                    parts.append(f"cấp {c.code.level}")
                if c.code.qcvn102 and c.notation != "qcvn102":
                    parts.append(f"QCVN 102: {c.code.qcvn102}")
                if c.code.qd20 and c.notation != "qd20":
                    parts.append(f"QĐ 20: {c.code.qd20}")
                print(", ".join(parts))
            else:
                print(f"{c.input.strip()}: KHÔNG hợp lệ")
                for e in c.errors:
                    print(f"  - {e.vi}")
                for m in more:
                    print(f"  - {m['message']}")
                suggestion = repair_lookalikes(c.input)
                if suggestion and not more:
                    # As the importer repairs it (spaces, case, O for 0...): say what to type.
                    print(f"  → Có lẽ là {suggestion}: hãy sửa lại mã rồi kiểm tra lại.")
    return EXIT_OK if all(valid) and not any(registry) else EXIT_FOUND_PROBLEMS


def _level1_problems(check: CodeCheck) -> list[dict[str, str]]:
    from desktop.store.reference import UNKNOWN, level1_standing

    code = check.code
    if code is None or code.level1 is None or level1_standing(code.level1) != UNKNOWN:
        return []
    return [
        {
            "id": "code.level1-unknown",
            "rule": "code.level1-unknown",
            "message": f"Mã cấp 1 {code.level1} không có trong danh mục mã cấp 1 đã công bố "
            "(QĐ 20/2020/QĐ-TTg và các quyết định sửa đổi: H01-H63, K01-K63, I01-I06, B01, "
            "D01, E01, F01, các mã G và J trong danh mục; nhóm A và C theo khoảng).",
            "message_en": f"Level-1 code {code.level1} is not in the published level-1 list.",
        }
    ]


def unit_json(unit: Unit, notation: str, decisions: dict[int, str]) -> dict[str, Any]:
    from desktop.domain.codes import from_canonical

    code = from_canonical(unit.code, unit.kind)
    parent = code.parent
    return {
        "code": code.format(notation),
        "name": unit.name,
        "level": unit.level,
        "parent": parent.format(notation) if parent else None,
        "status": unit.status,
        "kind": unit.kind,
        "valid_from": unit.valid_from,
        "valid_to": unit.valid_to,
        "decision": decisions.get(unit.decision_id) if unit.decision_id else None,
    }


def cmd_list(args: argparse.Namespace) -> int:
    from desktop.domain.codes import from_canonical, parse_code
    from desktop.domain.decisions import parse_date, people_date, shown_date
    from desktop.domain.units import STATUS_LABELS
    from desktop.store.asof import pending_changes, pending_shown, units_as_of
    from desktop.store.queries import decision_numbers

    date = shown_date(parse_date(args.as_of, "ngày") if args.as_of else None)
    with open_registry(args, readonly=True) as reg:
        units = units_as_of(reg, date, root=args.root, include_closed=args.all)
        notation = reg.notation
        numbers = decision_numbers(reg)
        # Only the units with changes after the date: read through the effective-date index.
        later = pending_changes(reg, date)
        listed = {u.id for u in units}
        pending = {
            uid: pending_shown(reg, changes) for uid, changes in later.items() if uid in listed
        }
        root = reg.find(parse_code(args.root)) if args.root and not units else None
    if args.json:
        print_json(
            [{**unit_json(u, notation, numbers), "pending": pending.get(u.id)} for u in units]
        )
        return EXIT_OK
    rows = [
        [
            from_canonical(u.code, u.kind).format(notation),
            u.level or "",
            STATUS_LABELS.get(u.status, u.status),
            ("  " * ((u.level or 1) - 1)) + u.name,
            "; ".join("Chờ hiệu lực: " + p["text"] for p in pending.get(u.id, ())),
        ]
        for u in units
    ]
    print_table(["Mã định danh", "Cấp", "Trạng thái", "Tên cơ quan, đơn vị", "Ghi chú"], rows)
    print(f"\n{len(units)} đơn vị, tính đến ngày {people_date(date)}.")
    if root is not None and root.valid_to and root.valid_to <= date:
        # An empty list for a code the registry holds: say why (Trà Vinh, H59, closed in 2025).
        print(
            f"{root.display_code(notation)} ({root.name}) đã đóng từ ngày "
            f"{people_date(root.valid_to)}: thêm --all để xem cả các đơn vị đã đóng, hoặc "
            "--as-of NN/TT/NNNN để xem sổ ngày trước đó."
        )
    return EXIT_OK


def _codes_in(values: dict[str, Any], reg: Registry, units: dict[int, Unit]) -> dict[str, Any]:
    """Event values as a clerk reads them: codes in the display notation, units by code."""
    from desktop.domain.codes import from_canonical
    from desktop.domain.history import INFO_KEYS

    shown: dict[str, Any] = {}
    kind = "agency"
    for key, value in values.items():
        if key == "code" and isinstance(value, str):
            shown[key] = from_canonical(value, values.get("kind", kind)).format(reg.notation)
        elif key == "parent_id":
            shown["parent"] = units[value].display_code(reg.notation) if value in units else None
        elif key in INFO_KEYS and isinstance(value, list):
            shown[key] = [units[v].display_code(reg.notation) for v in value if v in units]
        else:
            shown[key] = value
    return shown


def history_json(reg: Registry, events: list[Event]) -> list[dict[str, Any]]:
    from desktop.domain.codes import from_canonical
    from desktop.domain.history import (
        ANNULLED_CODE,
        BEFORE_LATER,
        CARRIED,
        CONFIRMED,
        INFO_KEYS,
        SUCCESSORS,
        event_label,
    )

    referenced: set[int] = set()
    for e in events:
        for values in (e.before, e.after):
            if values.get("parent_id"):
                referenced.add(values["parent_id"])
            for key in INFO_KEYS - {"annuls", CARRIED, CONFIRMED, BEFORE_LATER}:  # not unit ids
                referenced.update(values.get(key, ()))
    units = reg.units_by_ids(sorted(referenced))
    decisions = {d.id: d for d in reg.decisions()}
    live_codes = {e.after["code"] for e in events if e.shapes_history and "code" in e.after}
    out = []
    for e in events:
        # A code only an annulled change gave stays issued: the history says so on that change.
        annulled_code = e.after.get("code") if e.annulled_by is not None else None
        if annulled_code in live_codes:
            annulled_code = None
        d = decisions.get(e.decision_id) if e.decision_id else None
        out.append(
            {
                "event_id": e.id,
                "type": e.type,
                "label": event_label(e.type, e.after),
                "effective": e.effective,
                "recorded_at": e.recorded_at,
                "recorded_by": e.recorded_by,
                "decision": (
                    {
                        "number": d.number,
                        "type": d.type,
                        "cited": d.cited,
                        "issuer": d.issuer,
                        "signed": d.signed,
                        "effective": d.effective,
                    }
                    if d
                    else None
                ),
                "before": _codes_in(e.before, reg, units),
                "after": _codes_in(e.after, reg, units),
                "successors": [
                    units[s].display_code(reg.notation) for s in e.after.get(SUCCESSORS, ())
                ],
                "annulled": e.annulled_by is not None,
                "annulled_by": e.annulled_by,
                "code_annulled": (
                    {
                        "code": from_canonical(annulled_code, e.after.get("kind", "agency")).format(
                            reg.notation
                        ),
                        "note": ANNULLED_CODE,
                    }
                    if annulled_code
                    else None
                ),
                "group_id": e.group_id,
            }
        )
    return out


def cmd_history(args: argparse.Namespace) -> int:
    from desktop.domain.codes import parse_code
    from desktop.domain.decisions import today
    from desktop.domain.describe import event_text
    from desktop.domain.eras import EARLIER_BASIS_VI, QCVN102_2016, existed_before_qd20
    from desktop.domain.history import ANNULLED_CODE
    from desktop.domain.units import STATUS_LABELS
    from desktop.store.asof import units_on

    with open_registry(args, readonly=True) as reg:
        try:
            unit = reg.find(args.code)
        except NotFound:
            code = parse_code(args.code)
            reserved = reg.reserved_code(code.canonical)
            if reserved is None:
                raise
            return _print_reserved(args, code.format(reg.notation), reserved)
        # In effective-date order: a back-filled change is recorded after a later ending.
        events = sorted(reg.events_of(unit.id), key=lambda e: (e.effective, e.id))
        items = history_json(reg, events)
        texts = [event_text(reg, e, unit.kind) for e in events]
        now = today()
        if any(item["effective"] > now for item in items):
            # The heading shows the unit in force today (it may not exist yet).
            unit = units_on(reg, [unit.id], now).get(unit.id, unit)
        shown = unit.display_code(reg.notation)
    earlier = existed_before_qd20(unit.level, unit.valid_from)
    if args.json:
        if earlier:
            # The code's first basis, before any recorded event: no date is known for it.
            first = next((i for i in items if i["type"] == "create"), {})
            first["earlier_basis"] = QCVN102_2016
        print_json(items)
        return EXIT_OK
    print(f"{shown}  {unit.name}  ({STATUS_LABELS.get(unit.status, unit.status)})")
    if earlier:
        print(f"  (trước 2020)  {EARLIER_BASIS_VI}")
    for item, text in zip(items, texts):
        d = item["decision"]
        line = f"  {item['effective']}  {item['label']}"
        if d:
            line += f"  theo {d['cited']}"
        if text:
            line += f"  {text}"
        if item["annulled"]:
            line += "  [đã hủy]"
        elif item["effective"] > now:
            line += "  [chờ hiệu lực]"
        if item["code_annulled"]:
            line += f"  — mã {item['code_annulled']['code']}: {ANNULLED_CODE}"
        print(line)
    return EXIT_OK


def _print_reserved(args: argparse.Namespace, shown: str, reserved: dict[str, Any]) -> int:
    """A code this registry's own history does not hold: a restore carried it over."""
    from desktop.domain.history import ANNULLED_CODE

    item = {
        "type": "reserved",
        "label": ANNULLED_CODE,
        "code": shown,
        "unit_name": reserved["unit_name"],
        "first_used": reserved["first_used"],
        "source": reserved["source"],
        "reserved_at": reserved["reserved_at"],
        "code_annulled": {"code": shown, "note": ANNULLED_CODE},
    }
    if args.json:
        print_json([item])
        return EXIT_OK
    print(f"{shown}  {reserved['unit_name']}  ({ANNULLED_CODE})")
    print(
        f"  Mã được cấp từ {reserved['first_used'] or '?'} trong sổ trước khi khôi phục từ bản "
        f"sao ({reserved['source']}); giữ lại ngày {reserved['reserved_at'][:10]}: "
        f"{ANNULLED_CODE}."
    )
    return EXIT_OK
