"""The command line (design.md §3 is the contract): ``madinhdanh [--db PATH] [COMMAND ...]``.

Exit codes: 0 done; 1 the command ran and found problems; 2 bad input or usage, with a
one-line reason on stderr and nothing written; 3 an internal error (a bug), with the log's path.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from desktop import __version__
from desktop.cli import basic, decisions, exchange, ops, report, safety, settings, validate
from desktop.cli.common import EXIT_BAD_INPUT, EXIT_BUG, setup_logging
from desktop.domain.errors import KnownError
from desktop.paths import default_registry

log = logging.getLogger("madinhdanh")

# Each module adds its sub-commands; the order is the order of the help text. A module imports
# at its top only what its parser needs: each command imports its own work when it runs, so that
# a command starts with what it uses (``check-code`` never loads the store, openpyxl or Qt).
COMMAND_MODULES = [basic, ops, exchange, decisions, validate, report, safety, settings]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"madinhdanh: lệnh không hợp lệ: {message}", file=sys.stderr)
        raise SystemExit(EXIT_BAD_INPUT)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="madinhdanh",
        description="Sổ mã định danh điện tử của cơ quan, tổ chức (QĐ 20/2020/QĐ-TTg).",
    )
    parser.add_argument("--db", metavar="PATH", help="tệp sổ mã định danh (mặc định: sổ của bạn)")
    parser.add_argument("--version", action="version", version=f"madinhdanh {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for module in COMMAND_MODULES:
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    log_path = setup_logging()
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command is None:
            from desktop.ui.app import run

            return run(args.db)
        return int(args.func(args) or 0)
    except KnownError as exc:
        return _known(args, exc)
    except BrokenPipeError:
        return 0
    except Exception as exc:
        # A registry damaged after it was opened fails on the first page read, not on open:
        # that is a problem with the file, told as such, not a bug. (sqlite3 is looked up, not
        # imported: a command that never loaded it cannot have raised its errors.)
        sqlite3 = sys.modules.get("sqlite3")
        if sqlite3 is not None and isinstance(exc, sqlite3.Error):
            from desktop.store.errors import translate

            known = translate(exc, args.db or default_registry())
            if known is not None:
                log.warning("%s: %s", args.command, exc)
                return _known(args, known)
        return _bug(args, log_path)


def _known(args: argparse.Namespace, exc: KnownError) -> int:
    log.warning("%s: %s", args.command, exc.en)
    print(f"madinhdanh: {exc.vi}", file=sys.stderr)
    return EXIT_BAD_INPUT


def _bug(args: argparse.Namespace, log_path: object) -> int:
    log.exception("internal error in %s", args.command)
    print(
        "madinhdanh: lỗi nội bộ của chương trình (không phải lỗi của dữ liệu); "
        f"chi tiết trong nhật ký: {log_path}",
        file=sys.stderr,
    )
    return EXIT_BUG
