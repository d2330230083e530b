"""settings: the registry's letterhead, signer and operator."""

from __future__ import annotations

import argparse

from desktop.cli.common import EXIT_OK, assignments, open_registry, print_json, print_table
from desktop.store.settings import SETTINGS, read_settings, write_settings


def register(sub: argparse._SubParsersAction) -> None:
    keys = ", ".join(s.key for s in SETTINGS)
    p = sub.add_parser(
        "settings",
        help="xem hoặc đặt thiết lập của sổ (cơ quan ban hành, người ký... in trên báo cáo)",
        description=f"Thiết lập: {keys}. Đặt bằng KHÓA=GIÁ TRỊ; GIÁ TRỊ trống để xóa.",
    )
    p.add_argument("assignments", nargs="*", metavar="KEY=VALUE")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_settings)


def cmd_settings(args: argparse.Namespace) -> int:
    values = assignments(args.assignments)
    with open_registry(args, readonly=not values) as reg:
        current = write_settings(reg, values) if values else read_settings(reg)
    if args.json:
        print_json(current)
    else:
        print_table(
            ["Khóa", "Thiết lập", "Giá trị"],
            [[s.key, s.label_vi, current[s.key]] for s in SETTINGS],
        )
    return EXIT_OK
