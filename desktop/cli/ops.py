"""add, rename, recode, move, close, merge, split, annul: the window's operations, by command.

Each command names its decision as ``import`` does (``--decision`` with ``--issuer``,
``--signed``, ``--effective`` for a new one), runs the store's own operation (the same checks as
the window) in one transaction with the decision it records, and prints what changed. Exit 0
done; 1 refused by a registry rule (a code already issued, a unit with active children...),
reason on stderr, nothing written; 2 bad input (a malformed code or date, no decision, an
unknown unit), nothing written.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from desktop.cli.common import EXIT_FOUND_PROBLEMS, EXIT_OK, open_registry, print_json
from desktop.domain.codes import from_canonical, parse_code
from desktop.domain.decisions import (
    DECISION_TYPES,
    parse_date,
    parse_type,
    people_date,
    repair_number,
)
from desktop.domain.eras import outlives_parent
from desktop.domain.errors import ConflictError, InvalidInput, NotFound
from desktop.domain.history import MOVE, TO_SUCCESSOR_LABEL, Event, event_label
from desktop.domain.units import NewUnit, Unit

# The store loads when a command opens the registry (desktop/cli/__init__.py says why).
if TYPE_CHECKING:
    from desktop.store.ops import Change
    from desktop.store.registry import Registry

    Operation = Callable[[Registry, int | None, str | None], Change]


class _DryRun(Exception):
    """Rolls the transaction back once the operation has been checked and described."""


def _decision_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--decision", metavar="NUMBER", help="số quyết định, ví dụ 184/QĐ-UBND")
    p.add_argument(
        "--type",
        metavar="TYPE",
        help="loại văn bản của quyết định mới: " + ", ".join(DECISION_TYPES),
    )
    p.add_argument("--issuer", metavar="TEXT", help="cơ quan ban hành quyết định")
    p.add_argument("--signed", metavar="DATE", help="ngày ký (NN/TT/NNNN)")
    p.add_argument("--effective", metavar="DATE", help="ngày hiệu lực (NN/TT/NNNN)")
    p.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra, không ghi gì vào sổ")
    p.add_argument("--json", action="store_true")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("add", help="cấp mã mới cho một đơn vị (đơn vị cấp trên suy từ mã)")
    p.add_argument("code", metavar="CODE")
    p.add_argument("name", metavar="NAME")
    _decision_options(p)
    p.set_defaults(func=cmd_add)

    p = sub.add_parser("rename", help="đổi tên một đơn vị")
    p.add_argument("code", metavar="CODE")
    p.add_argument("name", metavar="NAME")
    _decision_options(p)
    p.set_defaults(func=cmd_rename)

    p = sub.add_parser("recode", help="đổi mã một đơn vị (cùng đơn vị cấp trên)")
    p.add_argument("code", metavar="CODE")
    p.add_argument("new_code", metavar="NEW")
    _decision_options(p)
    p.set_defaults(func=cmd_recode)

    p = sub.add_parser("move", help="chuyển một đơn vị (cả nhánh) sang đơn vị cấp trên khác")
    p.add_argument("code", metavar="CODE")
    p.add_argument("new_parent", metavar="NEW_PARENT", nargs="?")
    p.add_argument("--to", metavar="BODY", help="đơn vị cấp trên (cơ quan quản lý) mới")
    _decision_options(p)
    p.set_defaults(func=cmd_move)

    p = sub.add_parser("close", help="đóng mã một đơn vị (mã không bao giờ được cấp lại)")
    p.add_argument("code", metavar="CODE")
    p.add_argument(
        "--successor", action="append", metavar="CODE", help="đơn vị kế thừa (ghi nhiều lần được)"
    )
    p.add_argument("--cascade", action="store_true", help="đóng cả các đơn vị cấp dưới")
    _decision_options(p)
    p.set_defaults(func=cmd_close)

    p = sub.add_parser("merge", help="sáp nhập một hoặc nhiều đơn vị vào một đơn vị")
    p.add_argument("codes", metavar="CODE", nargs="+")
    p.add_argument("--into", metavar="CODE", required=True, help="đơn vị tiếp nhận")
    p.add_argument(
        "--cascade",
        action="store_true",
        help="đóng cả các đơn vị cấp dưới còn hoạt động của các đơn vị bị sáp nhập",
    )
    _decision_options(p)
    p.set_defaults(func=cmd_merge)

    p = sub.add_parser("split", help="chia tách một đơn vị thành các đơn vị mới")
    p.add_argument("code", metavar="CODE")
    p.add_argument("parts", metavar="NEW_CODE:NAME", nargs="+")
    p.add_argument(
        "--keep-source", action="store_true", help="không đóng mã của đơn vị bị chia tách"
    )
    _decision_options(p)
    p.set_defaults(func=cmd_split)

    p = sub.add_parser(
        "carry-enterprises",
        help="chuyển doanh nghiệp bị ghi là đóng theo cơ quan quản lý (cách ghi cũ) sang đơn vị "
        "kế thừa, mã không đổi",
    )
    p.add_argument("codes", metavar="CODE", nargs="*", help="mặc định: mọi doanh nghiệp như vậy")
    p.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra, không ghi gì vào sổ")
    p.add_argument("--json", action="store_true")
    p.set_defaults(
        func=cmd_carry_enterprises,
        decision=None,
        signed=None,
        effective=None,
        type=None,
        issuer=None,
    )

    p = sub.add_parser("annul", help="hủy một thay đổi nhầm (lịch sử vẫn giữ, có đánh dấu)")
    p.add_argument("event_id", metavar="EVENT_ID", type=int)
    _decision_options(p)
    p.set_defaults(func=cmd_annul)


# -- the commands --------------------------------------------------------------------------------


def _unit(reg: Registry, text: str) -> Unit:
    """The unit that holds a code now (closed or not): what an operation on a code means."""
    code = parse_code(text)
    unit = reg.holder(code)
    if unit is None:
        shown = code.format(reg.notation)
        raise NotFound(
            f"Không có đơn vị nào đang mang mã {shown} trong sổ.", f"No unit holds {shown}."
        )
    return unit


def cmd_add(args: argparse.Namespace) -> int:
    return _run(
        args,
        lambda reg, did, eff: reg.create_unit(args.code, args.name, did, effective=eff),
    )


def cmd_rename(args: argparse.Namespace) -> int:
    return _run(
        args,
        lambda reg, did, eff: reg.rename(_unit(reg, args.code).id, args.name, did, effective=eff),
    )


def cmd_recode(args: argparse.Namespace) -> int:
    return _run(
        args,
        lambda reg, did, eff: reg.recode(
            _unit(reg, args.code).id, args.new_code, did, effective=eff
        ),
    )


def cmd_move(args: argparse.Namespace) -> int:
    def op(reg: Registry, did: int | None, eff: str | None) -> Change:
        targets = {t for t in (args.new_parent, args.to) if t}
        if len(targets) != 1:
            raise InvalidInput(
                "Cho biết một đơn vị cấp trên mới: NEW_PARENT hoặc --to BODY.",
                "Give one new parent: NEW_PARENT or --to BODY.",
            )
        unit = _unit(reg, args.code)
        return reg.move(unit.id, _unit(reg, targets.pop()).id, did, effective=eff)

    return _run(args, op)


def cmd_close(args: argparse.Namespace) -> int:
    def op(reg: Registry, did: int | None, eff: str | None) -> Change:
        successors = [_unit(reg, s).id for s in args.successor or ()]
        unit = _unit(reg, args.code)
        with _cascade_hint(reg, args, [unit.id]):
            return reg.close_unit(
                unit.id, did, successors=successors, cascade=args.cascade, effective=eff
            )

    return _run(args, op)


def cmd_merge(args: argparse.Namespace) -> int:
    def op(reg: Registry, did: int | None, eff: str | None) -> Change:
        sources = [_unit(reg, c).id for c in args.codes]
        target = _unit(reg, args.into).id
        with _cascade_hint(reg, args, sources):
            return reg.merge(sources, target, did, effective=eff, cascade=args.cascade)

    return _run(args, op)


@contextmanager
def _cascade_hint(reg: Registry, args: argparse.Namespace, ids: list[int]) -> Iterator[None]:
    """A refusal for active children names the option that closes them, as the window's
    check box does."""
    try:
        yield
    except ConflictError as exc:
        # Only the refusal for active children (the store's words), not a closed target's.
        children = any(reg.children(i, include_closed=False) for i in ids)
        if args.cascade or not children or "cấp dưới đang hoạt động" not in exc.vi:
            raise
        raise ConflictError(
            f"{exc.vi} Trên dòng lệnh: thêm --cascade để đóng cả các đơn vị cấp dưới.",
            f"{exc.en} On the command line: add --cascade to close the children too.",
        ) from exc


def _parts(texts: list[str]) -> list[NewUnit]:
    parts = []
    for text in texts:
        code, sep, name = text.partition(":")
        if not sep or not code.strip() or not name.strip():
            raise InvalidInput(
                f"Đơn vị mới '{text}' phải ghi dạng MÃ:TÊN, ví dụ 000.00.07.H59:Sở Tư pháp.",
                f"A new unit '{text}' must be written CODE:NAME.",
            )
        parse_code(code.strip())  # a malformed code is bad input, refused before any reading
        parts.append(NewUnit(code=code.strip(), name=name.strip()))
    return parts


def cmd_split(args: argparse.Namespace) -> int:
    parts = _parts(args.parts)
    return _run(
        args,
        lambda reg, did, eff: reg.split(
            _unit(reg, args.code).id,
            parts,
            did,
            close_source=not args.keep_source,
            effective=eff,
        ),
    )


def cmd_carry_enterprises(args: argparse.Namespace) -> int:
    # Each change is bound to the act of the ending it puts right (the merger's).
    def op(reg: Registry, did: int | None, eff: str | None) -> Change:
        ids = [_unit(reg, c).id for c in args.codes] if args.codes else None
        return reg.carry_ended_enterprises(ids)

    return _run(args, op, decision_required=False)


def cmd_annul(args: argparse.Namespace) -> int:
    # An annulment is bound to the decision of the change it annuls unless one is named.
    return _run(args, lambda reg, did, eff: reg.annul(args.event_id, did), decision_required=False)


# -- running one operation -----------------------------------------------------------------------


def _check_options(args: argparse.Namespace) -> tuple[str | None, str | None]:
    """The dates and the act type, checked before the registry is opened."""
    signed = parse_date(args.signed, "ngày ký") if args.signed else None
    effective = parse_date(args.effective, "ngày hiệu lực") if args.effective else None
    if args.type is not None:
        args.type = parse_type(args.type)
    return signed, effective


def _decision(
    reg: Registry, args: argparse.Namespace, signed: str | None, effective: str | None
) -> tuple[int | None, dict[str, Any] | None]:
    """The decision named on the command line (recorded if new), as ``import`` names it."""
    if not args.decision:
        return None, None
    repaired = repair_number(args.decision).message
    if repaired is not None:  # the number typed, repaired: said, never silent
        print(f"madinhdanh: cảnh báo: {repaired[0]}", file=sys.stderr)
    existing = reg.decision_by_number(args.decision)
    if existing is None and not (effective or signed):
        raise InvalidInput(
            f"Quyết định số {args.decision} chưa có trong sổ: hãy ghi --effective NN/TT/NNNN "
            "(hoặc --signed).",
            f"Decision {args.decision} is new: give --effective (or --signed).",
        )
    if existing is not None and signed and existing.signed and existing.signed != signed:
        # A signing date given for a recorded decision is not silently dropped: the clerk
        # meant another decision, or a correction (``decision --set signed=``).
        raise InvalidInput(
            f"{existing.cited} đã có trong sổ với ngày ký {people_date(existing.signed)}, "
            f"khác {people_date(signed)} (sửa bằng: decision SỐ --set signed=NN/TT/NNNN).",
            f"Decision {existing.number} is recorded signed {people_date(existing.signed)}.",
        )
    decision_id = reg.add_decision(
        args.decision,
        existing.effective if existing and not effective else (effective or signed or ""),
        issuer=args.issuer or "",
        signed=signed,
        type=args.type if existing is None else None,
    )
    d = reg.decision(decision_id)
    return decision_id, {
        "number": d.number,
        "issuer": d.issuer,
        "signed": d.signed,
        "effective": d.effective,
        "type": d.type,
        "existing": existing is not None,
    }


def _run(args: argparse.Namespace, op: Operation, *, decision_required: bool = True) -> int:
    signed, effective = _check_options(args)
    if decision_required and not args.decision:
        raise InvalidInput(
            "Mỗi thay đổi phải gắn với một quyết định: hãy ghi --decision SỐ (và --effective "
            "NN/TT/NNNN nếu quyết định chưa có trong sổ).",
            "Every change must be bound to a decision: give --decision NUMBER.",
        )
    out: dict[str, Any] = {}
    with open_registry(args) as reg:
        try:
            with reg.write():
                decision_id, decision = _decision(reg, args, signed, effective)
                change = op(reg, decision_id, effective)
                out = _describe(reg, change, decision)
                if args.dry_run:
                    raise _DryRun
            out["applied"] = True
        except _DryRun:
            out["applied"] = False
        except ConflictError as exc:
            # Refused by a registry rule: the command ran and found a problem; nothing written.
            if args.json:
                print_json({"applied": False, "refused": exc.vi})
            print(f"madinhdanh: {exc.vi}", file=sys.stderr)
            return EXIT_FOUND_PROBLEMS
    if args.json:
        print_json(out)
    else:
        _print(out)
    return EXIT_OK


def _describe(reg: Registry, change: Change, decision: dict[str, Any] | None) -> dict[str, Any]:
    """What the operation did, in the shape of ``import --json``'s changes."""
    events = [reg.event(i) for i in change.event_ids]
    ids = {e.unit_id for e in events}
    parents = {e.after.get("parent_id") for e in events} | {
        e.before.get("parent_id") for e in events
    }
    units = reg.units_by_ids(sorted(ids | {p for p in parents if isinstance(p, int)}))
    notation = reg.notation

    def shown(code: str | None, kind: str) -> str | None:
        return from_canonical(code, kind).format(notation) if code else None

    def line(e: Event) -> dict[str, Any]:
        unit = units[e.unit_id]
        parent = units.get(unit.parent_id) if unit.parent_id is not None else None
        return {
            "action": e.type,
            "label": event_label(e.type, e.after),
            "event_id": e.id,
            # The code the change gave (a back-filled unit's creation and later carried codes).
            "code": shown(e.after.get("code"), unit.kind) or unit.display_code(notation),
            "name": unit.name,
            "old_code": shown(e.before.get("code"), unit.kind),
            "old_name": e.before.get("name"),
            "parent": parent.display_code(notation) if parent else None,
            "status": unit.status,
            "effective": e.effective,
            "successors": [
                units[s].display_code(notation)
                if s in units
                else reg.unit(s).display_code(notation)
                for s in e.successors
            ],
        }

    # Enterprises left under a body the change closed (no single successor to pass to): they
    # stay active, for the clerk to attach (``enterprise.parent-closed``).
    closed = sorted({e.unit_id for e in events if e.after.get("status") == "closed"})
    kept = [
        c
        for pid in closed
        for c in reg.children(pid, include_closed=False)
        if outlives_parent(c.kind)
    ]
    return {
        "action": change.action,
        "decision": decision,
        "group_id": change.group_id,
        "changes": [line(e) for e in events],
        "parent_closed": [
            {
                "code": c.display_code(notation),
                "name": c.name,
                "parent": units[c.parent_id].display_code(notation)
                if c.parent_id in units
                else None,
            }
            for c in kept
        ],
    }


MOVE_LABEL = event_label(MOVE, {})


def _print(out: dict[str, Any]) -> None:
    d = out["decision"]
    if d:
        state = "đã có trong sổ" if d["existing"] else "mới"
        print(f"Quyết định số {d['number']} ({state}), hiệu lực {d['effective']}.")
    for c in out["changes"]:
        text = f"  {c['label']}: {c['code']}  {c['name']}"
        if c["old_code"] and c["old_code"] != c["code"]:
            text += f"  (mã cũ {c['old_code']})"
        if c["old_name"] and c["old_name"] != c["name"]:
            text += f"  (tên cũ {c['old_name']})"
        if c["successors"]:
            text += "  → kế thừa: " + ", ".join(c["successors"])
        # An enterprise moves with its code (its tax code): only its managing body changes.
        if c["label"] == TO_SUCCESSOR_LABEL or (c["label"] == MOVE_LABEL and not c["old_code"]):
            text += f"  → {c['parent']} (mã số không đổi)"
        print(text)
    kept = out["parent_closed"]
    if kept:
        print(
            f"{len(kept)} doanh nghiệp, chi nhánh vẫn hoạt động dưới đơn vị đã đóng (không có "
            "một đơn vị kế thừa); mã số doanh nghiệp vẫn còn hiệu lực, cần gắn vào cơ quan quản "
            "lý mới [enterprise.parent-closed]:"
        )
        for c in kept:
            print(f"  {c['code']}  {c['name']}  (dưới {c['parent']})")
    if out["applied"]:
        print("Đã ghi vào sổ.")
    else:
        print("Chạy thử: chưa ghi gì vào sổ.")
