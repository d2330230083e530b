"""The export formats by name and by file extension: what the command line offers before it
loads any writer (openpyxl loads only for the export itself)."""

from __future__ import annotations

from pathlib import Path

from desktop.domain.errors import InvalidInput

# Format name → the extensions its file may have (none: the format writes a folder).
FORMATS: dict[str, tuple[str, ...]] = {
    "appendix": (".xlsx",),
    "csv": (".csv",),
    "json": (".json",),
    "crosswalk": (".xlsx", ".csv", ".json"),
    "edxml": (".xml",),
    "axis": (".json",),
    "catalogue": (),
    "opendata": (),
}
_BY_EXTENSION = {".xlsx": "appendix", ".csv": "csv", ".json": "json", ".xml": "edxml"}


def choose_format(path: Path, fmt: str | None = None, crosswalk: bool = False) -> str:
    """The format an export writes: named (``--format``), or by the file's extension."""
    suffix = path.suffix.lower()
    if crosswalk and fmt not in (None, "crosswalk"):
        raise InvalidInput(
            f"--crosswalk là dạng xuất crosswalk, không dùng cùng --format {fmt}.",
            f"--crosswalk is the crosswalk format; it cannot go with --format {fmt}.",
        )
    if crosswalk:
        fmt = "crosswalk"
    if fmt is None:
        if suffix not in _BY_EXTENSION:
            raise InvalidInput(
                f"Không biết xuất '{path.name}' theo dạng nào: dùng tệp .xlsx, .csv, .json, .xml "
                f"hoặc ghi --format ({', '.join(FORMATS)}).",
                f"Cannot tell the format of '{path.name}': use .xlsx, .csv, .json, .xml or "
                "--format.",
            )
        return _BY_EXTENSION[suffix]
    if fmt not in FORMATS:
        raise InvalidInput(
            f"Không có dạng xuất '{fmt}'; các dạng: {', '.join(FORMATS)}.",
            f"No export format '{fmt}'.",
        )
    allowed = FORMATS[fmt]
    if allowed and suffix not in allowed:
        raise InvalidInput(
            f"Dạng {fmt} ghi ra tệp {' hoặc '.join(allowed)}, không phải '{path.name}'.",
            f"The {fmt} format writes {' or '.join(allowed)} files.",
        )
    if not allowed and path.is_file():
        raise InvalidInput(
            f"Dạng {fmt} ghi ra một thư mục; '{path}' là một tệp.",
            f"The {fmt} format writes a folder; '{path}' is a file.",
        )
    return fmt
