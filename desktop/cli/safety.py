"""verify, backup, restore: the registry's safety commands."""

from __future__ import annotations

import argparse
import datetime as dt
import os
from pathlib import Path

from desktop.cli.common import (
    EXIT_FOUND_PROBLEMS,
    EXIT_OK,
    open_registry,
    print_json,
    registry_path,
)
from desktop.domain.errors import InvalidInput, KnownError
from desktop.store import backup as backups
from desktop.store.errors import damaged


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "verify", help="kiểm tra chuỗi băm của lịch sử và việc phát lại khớp với các bảng"
    )
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_verify)

    p = sub.add_parser("backup", help="sao lưu sổ ra một tệp (an toàn cả khi sổ đang mở)")
    p.add_argument("path", metavar="PATH", nargs="?", help="tệp hoặc thư mục đích")
    p.add_argument(
        "--keep",
        type=int,
        metavar="N",
        help=f"số bản sao lưu tự động giữ lại (mặc định {backups.DEFAULT_KEEP})",
    )
    p.set_defaults(func=cmd_backup)

    p = sub.add_parser("restore", help="khôi phục sổ từ một bản sao lưu")
    p.add_argument("path", metavar="PATH", nargs="?", help="tệp bản sao lưu")
    p.add_argument("--list", action="store_true", help="liệt kê các bản sao lưu tự động")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_restore)


def cmd_verify(args: argparse.Namespace) -> int:
    # The verifier loads when it runs (desktop/cli/__init__.py says why).
    from desktop.store.verify import verify_registry

    with open_registry(args, readonly=True) as reg:
        report = verify_registry(reg)
        path = reg.path
    if args.json:
        print_json(report.as_dict())
        return EXIT_OK if report.ok else EXIT_FOUND_PROBLEMS
    print(f"Kiểm tra sổ {path}:")
    if report.integrity:
        print("  Tệp: HỎNG — " + "; ".join(report.integrity[:3]))
    else:
        print("  Tệp: toàn vẹn (integrity_check: ok).")
    chain = report.chain
    first = chain.first_break
    if first is None:
        print(f"  Chuỗi băm: {chain.events} thay đổi, không mắt xích nào bị đứt.")
    else:
        print(f"  Chuỗi băm: ĐỨT tại thay đổi số {first.event_id} ({chain.broken} mắt xích lỗi).")
        print(f"    {first.message}")
    if report.decisions:
        print(f"  Lịch sử sửa quyết định: SAI ({len(report.decisions)} chỗ).")
        print(f"    {report.decisions[0].message}")
    if report.signed:
        print(f"  Sổ ghi báo cáo đã ký số: SAI ({len(report.signed)} chỗ).")
        print(f"    {report.signed[0].message}")
    if report.replay_ok and report.replay is not None:
        print(f"  Phát lại lịch sử: khớp với các bảng ({report.replay.units} đơn vị).")
    else:
        print("  Phát lại lịch sử: KHÔNG khớp với các bảng:")
        for line in report.replay_differences[:10]:
            print(f"    {line}")
    for damage in report.damage:
        print(f"  HỎNG ({damage.kind}): {damage.message}")
    if chain.head:
        print(f"  Mã băm cuối của lịch sử: {chain.head}")
    if report.ok:
        print("Sổ nguyên vẹn.")
        return EXIT_OK
    print("Sổ KHÔNG nguyên vẹn: hãy khôi phục từ bản sao lưu (madinhdanh restore --list).")
    return EXIT_FOUND_PROBLEMS


def cmd_backup(args: argparse.Namespace) -> int:
    if args.keep is not None:
        with open_registry(args) as reg:
            backups.set_backup_keep(reg, args.keep)
            removed = backups.rotate(reg.path, args.keep)
        print(f"Giữ lại {args.keep} bản sao lưu tự động gần nhất (đã xóa {len(removed)} bản cũ).")
        if args.path is None:
            return EXIT_OK
    if args.path is None:
        raise InvalidInput(
            "Hãy cho biết tệp hoặc thư mục để sao lưu vào: madinhdanh backup PATH.",
            "Say where to write the copy: madinhdanh backup PATH.",
        )
    # Read-only: a copy can be taken while another program is editing the registry.
    with open_registry(args, readonly=True) as reg:
        target = Path(args.path)
        if args.path.endswith(("/", os.sep)):
            target.mkdir(parents=True, exist_ok=True)
        if target.is_dir():
            stamp = dt.datetime.now().strftime("%Y-%m-%d-%H%M%S")
            target = target / f"{reg.path.stem}-{stamp}.db"
        if target.exists():
            raise KnownError(
                f"Tệp '{target}' đã tồn tại; chọn tên khác để không ghi đè.",
                f"'{target}' already exists.",
            )
        if target.resolve() == reg.path.resolve():
            raise InvalidInput("Không sao lưu một sổ vào chính nó.", "Cannot copy onto itself.")
        backups.copy_to(reg, target)
    try:
        units, events = backups.check_copy(target)
    except backups.CopyRefused as exc:
        # The registry itself is damaged: a copy of it would be offered for a restore later.
        target.unlink(missing_ok=True)
        raise damaged(registry_path(args), *exc.why) from None
    print(f"Đã sao lưu sổ vào {target} ({units} đơn vị, {events} thay đổi; đã kiểm tra bản sao).")
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    target = registry_path(args)
    if args.list or args.path is None:
        if not args.list:
            raise InvalidInput(
                "Hãy cho biết tệp bản sao để khôi phục (hoặc --list để xem các bản sao lưu).",
                "Give the copy to restore, or --list.",
            )
        items = backups.list_backups(target)
        if args.json:
            print_json(
                [
                    {
                        "path": str(b.path),
                        "taken_at": b.taken_at.isoformat(timespec="seconds"),
                        "reason": b.reason,
                        "size": b.size,
                    }
                    for b in items
                ]
            )
            return EXIT_OK
        if not items:
            print(f"Chưa có bản sao lưu tự động nào của sổ {target}.")
        for b in items:
            print(f"{b.label()}\n    {b.path}")
        return EXIT_OK
    result = backups.restore(target, Path(args.path))
    print(
        f"Đã khôi phục sổ {result.target} từ {result.source} "
        f"({result.units} đơn vị, {result.events} thay đổi)."
    )
    if result.safety_copy is not None:
        print(f"Sổ trước khi khôi phục được giữ ở {result.safety_copy}.")
    # Always said, even when none: the clerk must know codes issued since are never free again.
    print(
        f"Giữ lại {result.codes_carried} mã đã cấp trong sổ trước khi khôi phục (và các bản sao "
        "lưu tự động mới hơn) mà bản sao không có: các mã này không bao giờ được cấp lại."
    )
    return EXIT_OK
