"""validate, rules: the validator and its rule book."""

from __future__ import annotations

import argparse
from itertools import groupby

from desktop.cli.common import EXIT_FOUND_PROBLEMS, EXIT_OK, open_registry, print_json
from desktop.domain.decisions import parse_date, people_date
from desktop.domain.rules import RULES, SEVERITY_LABELS, rule_book_markdown


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("validate", help="kiểm tra sổ theo bộ quy tắc")
    p.add_argument("--root", metavar="CODE", help="chỉ kiểm tra nhánh dưới mã này")
    p.add_argument("--as-of", metavar="DATE", help="sổ như vào ngày (mặc định: hôm nay)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("rules", help="bộ quy tắc kiểm tra của phần mềm")
    fmt = p.add_mutually_exclusive_group()
    fmt.add_argument("--json", action="store_true")
    fmt.add_argument("--markdown", action="store_true", help="bảng Markdown (docs/rules.md)")
    p.set_defaults(func=cmd_rules)


def cmd_validate(args: argparse.Namespace) -> int:
    # The validator loads when it runs (desktop/cli/__init__.py says why).
    from desktop.store.validation import validate_registry

    with open_registry(args, readonly=True) as reg:
        as_of = parse_date(args.as_of, "ngày") if args.as_of else None
        report = validate_registry(reg, root=args.root, as_of=as_of)
    if args.json:
        print_json(report.as_dict())
    else:
        for rule_id, items in groupby(report.findings, key=lambda f: f.rule):
            findings = list(items)
            rule = RULES[rule_id]
            label = SEVERITY_LABELS[rule.severity]
            print(f"[{label}] {rule_id} — {rule.title_vi} ({len(findings)})")
            for f in findings:
                print(f"  - {f.message}")
            print(f"  Cách xử lý: {rule.hint_vi}\n")
        print(
            f"Sổ như ngày {people_date(report.as_of or '')} (thay đổi chưa có hiệu lực không tính)."
        )
        print(
            f"Đã kiểm tra {report.units} đơn vị: {report.errors} lỗi, "
            f"{report.warnings} cảnh báo, {report.infos} thông tin."
        )
    return EXIT_FOUND_PROBLEMS if report.errors else EXIT_OK


def cmd_rules(args: argparse.Namespace) -> int:
    if args.json:
        print_json([rule.as_dict() for rule in RULES.values()])
    elif args.markdown:
        print(rule_book_markdown(), end="")
    else:
        for rule in RULES.values():
            print(f"{rule.id}  [{SEVERITY_LABELS[rule.severity]}]  {rule.title_vi}")
            print(f"    {rule.message_vi}")
            print(f"    Cách xử lý: {rule.hint_vi}")
    return EXIT_OK
