"""report: printed reports as PDF files laid out per NĐ 30/2020/NĐ-CP."""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop.cli.common import EXIT_OK, open_registry
from desktop.cli.sign import add_sign_options, sign_and_record, signing_key
from desktop.domain.errors import InvalidInput
from desktop.reports.build import BY_LEVEL, BY_PARENT, KIND_LABELS, KINDS, TREE, build_report


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "report",
        help="in báo cáo ra tệp PDF (danh sách mã, thay đổi, kết quả kiểm tra, phụ lục quyết định)",
    )
    p.add_argument("file", metavar="FILE.pdf")
    p.add_argument("--kind", choices=KINDS, default=TREE, help="loại báo cáo (mặc định: tree)")
    p.add_argument("--root", metavar="CODE", help="chỉ nhánh dưới mã này")
    p.add_argument("--as-of", metavar="DATE", help="danh sách như vào ngày (tree)")
    p.add_argument("--from", dest="date_from", metavar="DATE", help="từ ngày hiệu lực (changes)")
    p.add_argument("--to", dest="date_to", metavar="DATE", help="đến ngày hiệu lực (changes)")
    p.add_argument("--decision", metavar="NUMBER", help="số quyết định (decision)")
    p.add_argument(
        "--by",
        choices=(BY_PARENT, BY_LEVEL),
        default=None,
        help="chia mục theo đơn vị cấp trên (parent, mặc định) hoặc theo cấp (level) (tree)",
    )
    add_sign_options(p)
    p.set_defaults(func=cmd_report)


def cmd_report(args: argparse.Namespace) -> int:
    from desktop.store.signatures import registry_heads

    target = Path(args.file)
    if target.suffix.lower() != ".pdf":
        raise InvalidInput(
            f"Tệp báo cáo '{target}' phải có đuôi .pdf.", f"'{target}' must end in .pdf."
        )
    if args.by is not None and args.kind != TREE:
        raise InvalidInput(
            f"Tùy chọn --by chỉ dùng cho báo cáo danh sách mã (tree), không cho {args.kind}.",
            "--by applies to the tree report only.",
        )
    options = {
        "root": args.root,
        "as_of": args.as_of,
        "date_from": args.date_from,
        "date_to": args.date_to,
        "decision": args.decision,
    }
    # The key is opened first: a wrong password or PIN is bad input, and nothing is written.
    with signing_key(args) as key:
        with open_registry(args, readonly=True) as reg:
            document = build_report(reg, args.kind, by=args.by or BY_PARENT, **options)
            heads = registry_heads(reg)
        # Qt is loaded only when a report is actually painted.
        from desktop.reports.layout import paginate
        from desktop.reports.render import write_pdf

        pages = paginate(document)
        if key is not None:
            parameters = {k: v for k, v in options.items() if v is not None}
            if args.kind == TREE:
                parameters["by"] = args.by or BY_PARENT
            sign_and_record(args, key, document, pages, target, heads, parameters)
            return EXIT_OK
        count = write_pdf(document, target, pages)
    print(f"Đã ghi báo cáo {KIND_LABELS[args.kind]} vào {target} ({count} trang).")
    return EXIT_OK
