"""The shared catalogue on the NDXP/LGSP integration platforms (danh mục dùng chung, domain.md
§8): one JSON list per level with the platform's Vietnamese keys, dates ``dd/MM/yyyy``, codes in
QCVN 102, each code once."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from desktop.domain.progress import EXPORT, OnProgress, counted
from desktop.domain.units import Unit
from desktop.exchange.national import APART_FILE, Selection, qcvn_code, show_date, write_json_file

CATALOGUE_FILE = "qlvanbandieuhanhcap{level}.json"
CATALOGUE_LEVELS = (1, 2, 3, 4)
CATALOGUE_INFO = "thongtin.json"


def catalogue_level(unit: Unit) -> int:
    return min(max(unit.level or 1, 1), 4)


def catalogue_lists(
    sel: Selection, on_progress: OnProgress | None = None
) -> dict[int, list[dict[str, Any]]]:
    """One list per level with the platform's keys (domain.md §8); codes in QCVN 102, once."""
    lists: dict[int, list[dict[str, Any]]] = {level: [] for level in CATALOGUE_LEVELS}
    seen: set[str] = set()
    for u in counted(sel.units, EXPORT, on_progress):
        code = qcvn_code(u)
        if code is None or code in seen:
            continue
        seen.add(code)
        level = catalogue_level(u)
        d = sel.decision(u)
        row: dict[str, Any] = {
            f"MaDinhDanhCap{level}": code,
            "TenDonVi": u.name,
            "DiaChi": u.address or "",
            "Email": u.email or "",
            "SoDienThoai": u.phone or "",
            "Fax": u.fax or "",
            "Website": u.website or "",
            "QdBanHanhQdSuaDoi": d.number if d else "",
            "NgayBanHanhQd": show_date(d.signed or d.effective) if d else "",
            "CoQuanBanHanhQd": (d.issuer or "") if d else "",
        }
        if sel.delta:
            row["ThayDoi"] = sel.change(u)
        lists[level].append(row)
    return lists


def write_catalogue(folder: Path, sel: Selection, on_progress: OnProgress | None = None) -> int:
    lists = catalogue_lists(sel, on_progress)
    for level, rows in lists.items():
        write_json_file(folder / CATALOGUE_FILE.format(level=level), rows)
    write_json_file(
        folder / CATALOGUE_INFO,
        {
            "as_of": sel.as_of,
            "since": sel.since,
            "until": sel.until,
            "files": {CATALOGUE_FILE.format(level=k): len(v) for k, v in lists.items()},
            "apart": APART_FILE if sel.apart else None,
        },
    )
    return sum(len(v) for v in lists.values())
