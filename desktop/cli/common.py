"""What every command shares: opening the registry, printing JSON, exit codes."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.paths import default_registry

if TYPE_CHECKING:
    from desktop.store.registry import Registry

EXIT_OK = 0
EXIT_FOUND_PROBLEMS = 1
EXIT_BAD_INPUT = 2
EXIT_BUG = 3


def registry_path(args: Any) -> Path:
    return Path(args.db) if args.db else default_registry()


def open_registry(args: Any, *, readonly: bool = False) -> Registry:
    # Imported here: a command that needs no registry (check-code, rules) never loads the store.
    from desktop.store.registry import Registry

    reg = Registry.open(registry_path(args), readonly=readonly)
    for kept in reg.journal_set_aside:
        print(
            f"madinhdanh: tệp nhật ký cũ không thuộc về sổ này được cất sang '{kept}', không áp "
            "dụng vào sổ.",
            file=sys.stderr,
        )
    return reg


def print_json(value: Any) -> None:
    import json

    json.dump(value, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def print_table(headers: list[str], rows: list[list[Any]]) -> None:
    """A plain aligned table for the terminal."""
    cells = [[("" if v is None else str(v)) for v in row] for row in rows]
    widths = [len(h) for h in headers]
    for row in cells:
        for i, v in enumerate(row[:-1]):
            widths[i] = max(widths[i], len(v))

    def line(values: list[str]) -> str:
        head = "  ".join(v.ljust(widths[i]) for i, v in enumerate(values[:-1]))
        return (head + "  " + values[-1]).rstrip()

    print(line(headers))
    for row in cells:
        print(line(row))


def assignments(items: list[str]) -> dict[str, str]:
    """``KEY=VALUE`` words of the command line as a dict; InvalidInput for one without ``=``."""
    from desktop.domain.errors import InvalidInput

    values: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep:
            raise InvalidInput(
                f"'{item}' không có dạng KHÓA=GIÁ TRỊ.", f"'{item}' is not KEY=VALUE."
            )
        values[key.strip()] = value
    return values
