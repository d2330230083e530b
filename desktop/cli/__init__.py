"""The command line (design.md §3 is the contract): ``madinhdanh [--db PATH] [COMMAND ...]``.

Exit codes: 0 done; 1 the command ran and found problems; 2 bad input or usage, with a
one-line reason on stderr and nothing written; 3 an internal error (a bug), with the log's path.
"""

from __future__ import annotations

import argparse
import errno
import importlib
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from desktop import __version__
from desktop.cli.common import EXIT_BAD_INPUT, EXIT_BUG
from desktop.domain.errors import KnownError
from desktop.logs import setup_logging
from desktop.paths import default_registry

log = logging.getLogger("madinhdanh")

# Each module adds its sub-commands; the order is the order of the help text. A module imports
# at its top only what its parser needs: each command imports its own work when it runs, so that
# a command starts with what it uses (``check-code`` never loads the store, openpyxl or Qt).
COMMAND_MODULES = [
    "basic", "ops", "exchange", "decisions", "validate", "report", "sign", "safety", "settings"
]  # fmt: skip
# Which module adds each command: a command line naming one builds only that module's parser,
# so that ``check-code`` does not import the report or decision modules' constants to start
# (tests/test_cli.py checks this against what the modules register).
COMMANDS = {
    **dict.fromkeys(["init", "check-code", "list", "history"], "basic"),
    **dict.fromkeys(
        [
            "add",
            "rename",
            "recode",
            "move",
            "close",
            "merge",
            "split",
            "carry-enterprises",
            "annul",
        ],
        "ops",
    ),
    **dict.fromkeys(["import", "export", "undo-import"], "exchange"),
    "decision": "decisions",
    **dict.fromkeys(["validate", "rules"], "validate"),
    "report": "report",
    **dict.fromkeys(["verify-pdf", "sign-pdf", "sign-settings"], "sign"),
    **dict.fromkeys(["verify", "backup", "restore"], "safety"),
    "settings": "settings",
}


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        print(f"madinhdanh: lệnh không hợp lệ: {message}", file=sys.stderr)
        raise SystemExit(EXIT_BAD_INPUT)


def named_command(argv: Sequence[str]) -> str | None:
    """The command an argument list names (None when it names none, or asks for help first)."""
    words = iter(argv)
    for word in words:
        if word in ("-h", "--help") or word == "--":
            return None
        if word.startswith("-"):
            # --db PATH (or an abbreviation of it): the next word is the path, not a command.
            if "=" not in word and len(word) > 2 and "--db".startswith(word):
                next(words, None)
            continue
        return word
    return None


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser: with ``command`` one of ours, only the sub-commands of its module."""
    parser = _Parser(
        prog="madinhdanh",
        description="Sổ mã định danh điện tử của cơ quan, tổ chức (QĐ 20/2020/QĐ-TTg).",
    )
    parser.add_argument("--db", metavar="PATH", help="tệp sổ mã định danh (mặc định: sổ của bạn)")
    parser.add_argument("--version", action="version", version=f"madinhdanh {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    names = [COMMANDS[command]] if command in COMMANDS else COMMAND_MODULES
    for name in names:
        importlib.import_module(f"desktop.cli.{name}").register(sub)
    return parser


# A full disk is told once, as such: not as errors of the log file on top.
_DISK_FULL = {errno.ENOSPC, errno.EFBIG, errno.EDQUOT}


def main(argv: Sequence[str] | None = None) -> int:
    log_path = setup_logging()
    logging.raiseExceptions = False  # a log file that cannot be written is not the clerk's news
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(named_command(argv))
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
    except OSError as exc:
        if exc.errno in _DISK_FULL:
            from desktop.store.errors import disk_full

            where = exc.filename or args.db or default_registry()
            return _known(args, disk_full(where))
        return _bug_or_damage(args, log_path)
    except Exception as exc:
        # A registry damaged after it was opened fails on the first page read, not on open:
        # that is a problem with the file, told as such, not a bug. (The store's errors are
        # looked up, not imported: a command that never loaded the store cannot have raised
        # them, and one that needs no registry starts without it.)
        errors = sys.modules.get("desktop.store.errors")
        if errors is not None and isinstance(exc, errors.DatabaseError):
            known = errors.translate(exc, args.db or default_registry())
            if known is not None:
                log.warning("%s: %s", args.command, exc)
                return _known(args, known)
        return _bug_or_damage(args, log_path)


def _bug_or_damage(args: argparse.Namespace, log_path: object) -> int:
    """A failure on a damaged registry is the damage, told with the way out; else a bug."""
    from desktop.store.verify import probe_damage

    log.exception("failure in %s", args.command)
    try:
        found = probe_damage(Path(args.db) if args.db else default_registry())
    except Exception:
        log.exception("probing the registry for damage failed")
        found = None
    if found is not None:
        return _known(args, found)
    return _bug(args, log_path)


def _known(args: argparse.Namespace, exc: KnownError) -> int:
    log.warning("%s: %s", args.command, exc.en)
    print(f"madinhdanh: {one_line(exc.vi)}", file=sys.stderr)
    return EXIT_BAD_INPUT


def one_line(text: str) -> str:
    """A reason on one line, whatever the file names in it hold: line breaks shown as ``\\n``,
    bytes that are not UTF-8 (kept by the file system) shown as U+FFFD."""
    try:
        raw = text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        raw = text.encode("utf-8", "replace")
    text = raw.decode("utf-8", "replace")
    return text.replace("\r", "\\r").replace("\n", "\\n")


def _bug(args: argparse.Namespace, log_path: object) -> int:
    log.exception("internal error in %s", args.command)
    print(
        "madinhdanh: lỗi nội bộ của chương trình (không phải lỗi của dữ liệu); "
        f"chi tiết trong nhật ký: {log_path}",
        file=sys.stderr,
    )
    return EXIT_BUG
