"""The open data portal (domain.md §8): ``data.csv`` (units in force), ``closed.csv`` (closed
units with their closing date, decision and successors), ``crosswalk.csv``, and
``datapackage.json``, a Frictionless Data Package descriptor (a table schema per file) with the
DCAT fields the portal reads."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from desktop.domain.codes import from_canonical
from desktop.domain.decisions import Decision, today
from desktop.domain.progress import EXPORT, OnProgress, counted
from desktop.domain.units import CLOSED
from desktop.exchange.national import Selection, show_date, write_csv_file, write_json_file
from desktop.store.deltas import effective_range
from desktop.store.registry import Registry
from desktop.store.settings import read_settings

# The open data licence: Creative Commons Attribution, the licence open government data
# portals use by default (NĐ 47/2020 asks for free reuse with attribution).
LICENCE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}
_S = "string"
DATA_FIELDS: tuple[tuple[str, str, str], ...] = (
    ("code", _S, "Mã định danh (cách viết của sổ)"),
    ("code_qcvn102", _S, "Mã theo QCVN 102 (trống nếu không viết được)"),
    ("code_qd20", _S, "Mã theo QĐ 20/2020 (trống với doanh nghiệp, tổ chức khác)"),
    ("name", _S, "Tên cơ quan, đơn vị"),
    ("level", "integer", "Cấp"),
    ("kind", _S, "Loại: agency, enterprise, scheme"),
    ("parent_code", _S, "Mã đơn vị cấp trên"),
    ("status", _S, "Trạng thái: active, draft, closed"),
    ("address", _S, "Địa chỉ"),
    ("email", _S, "Thư điện tử"),
    ("phone", _S, "Điện thoại"),
    ("fax", _S, "Fax"),
    ("website", _S, "Trang thông tin điện tử"),
    ("valid_from", "date", "Có hiệu lực từ ngày"),
    ("decision_number", _S, "Quyết định cấp hoặc sửa đổi gần nhất"),
    ("decision_date", "date", "Ngày ký quyết định"),
    ("decision_issuer", _S, "Cơ quan ban hành quyết định"),
)
CLOSED_FIELDS: tuple[tuple[str, str, str], ...] = (
    ("code", _S, "Mã định danh đã đóng"),
    ("name", _S, "Tên cơ quan, đơn vị"),
    ("level", "integer", "Cấp"),
    ("kind", _S, "Loại: agency, enterprise, scheme"),
    ("closed_on", "date", "Ngày đóng mã"),
    ("decision_number", _S, "Quyết định đóng mã"),
    ("decision_date", "date", "Ngày ký quyết định"),
    ("successors", _S, "Mã đơn vị kế thừa (nhiều mã cách nhau bằng '; ')"),
)
CROSSWALK_SCHEMA: tuple[tuple[str, str, str], ...] = (
    ("decision_number", _S, "Số quyết định"),
    ("decision_date", "date", "Ngày hiệu lực của thay đổi"),
    ("change", _S, "Thay đổi: recode, move, merge, split, close"),
    ("old_code", _S, "Mã cũ"),
    ("new_code", _S, "Mã mới (trống khi đóng mã không có đơn vị kế thừa)"),
    ("name", _S, "Tên đơn vị"),
)
CHANGE_FIELD = ("change", _S, "Thay đổi trong khoảng: new, changed, closed")


def _decision_fields(d: Decision | None) -> dict[str, Any]:
    return {
        "decision_number": d.number if d else None,
        "decision_date": (d.signed or d.effective) if d else None,
        "decision_issuer": (d.issuer or None) if d else None,
    }


def data_rows(sel: Selection, on_progress: OnProgress | None = None) -> list[dict[str, Any]]:
    rows = []
    for u in counted(sel.units, EXPORT, on_progress):
        if u.status == CLOSED:
            continue
        parsed = from_canonical(u.code, u.kind)
        parent = sel.parent(u)
        rows.append(
            {
                "code": sel.code(u),
                "code_qcvn102": parsed.qcvn102,
                "code_qd20": parsed.qd20,
                "name": u.name,
                "level": u.level,
                "kind": u.kind,
                "parent_code": sel.code(parent) if parent is not None else None,
                "status": u.status,
                "address": u.address,
                "email": u.email,
                "phone": u.phone,
                "fax": u.fax,
                "website": u.website,
                "valid_from": u.valid_from,
                **_decision_fields(sel.decision(u)),
                "change": sel.change(u),
            }
        )
    return rows


def closed_rows(reg: Registry, sel: Selection) -> list[dict[str, Any]]:
    rows = []
    for u in sel.units:
        if u.status != CLOSED:
            continue
        successors = reg.units_by_ids(reg.successors_of(u.id))
        d = sel.decision(u)
        rows.append(
            {
                "code": sel.code(u),
                "name": u.name,
                "level": u.level,
                "kind": u.kind,
                "closed_on": u.valid_to,
                "decision_number": d.number if d else None,
                "decision_date": (d.signed or d.effective) if d else None,
                "successors": "; ".join(sel.code(s) for s in successors.values()) or None,
                "change": sel.change(u),
            }
        )
    return rows


def _schema(fields: tuple[tuple[str, str, str], ...], delta: bool, key: str | None) -> Any:
    items = [*fields, CHANGE_FIELD] if delta else list(fields)
    out: dict[str, Any] = {
        "fields": [{"name": n, "type": t, "title": title} for n, t, title in items]
    }
    if key:
        out["primaryKey"] = [key]
    return out


def _publisher(reg: Registry) -> str:
    settings = read_settings(reg)
    return (
        settings["issuer_name"]
        or settings["issuer_parent"]
        or reg.meta("owner")
        or ("Cơ quan quản lý sổ mã định danh (chưa ghi trong thiết lập)")
    )


def package_descriptor(
    reg: Registry, sel: Selection, counts: dict[str, int], files: dict[str, str]
) -> dict[str, Any]:
    """The Frictionless Data Package descriptor, with the DCAT fields the portal reads."""
    first, last = effective_range(reg, sel.as_of)
    title = "Mã định danh điện tử của các cơ quan, tổ chức"
    if sel.delta:
        title += f" — thay đổi từ {sel.since or first} đến {sel.until or sel.as_of}"
    descriptions = {
        "data": "Các cơ quan, đơn vị có mã đang có hiệu lực",
        "closed": "Các mã đã đóng, ngày đóng, quyết định và đơn vị kế thừa",
        "crosswalk": "Bảng chuyển đổi mã cũ → mã mới, gồm mọi lần đóng mã",
    }
    schemas = {
        "data": _schema(DATA_FIELDS, sel.delta, "code"),
        "closed": _schema(CLOSED_FIELDS, sel.delta, "code"),
        "crosswalk": _schema(CROSSWALK_SCHEMA, False, None),
    }
    resources = [
        {
            "name": name,
            "path": files[name],
            "title": descriptions[name],
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "schema": schemas[name],
        }
        for name in ("data", "closed", "crosswalk")
    ]
    publisher = _publisher(reg)
    issued = today()
    return {
        "name": "ma-dinh-danh-dien-tu",
        "title": title,
        "description": (
            "Danh mục mã định danh điện tử của các cơ quan, tổ chức theo QĐ 20/2020/QĐ-TTg, "
            f"tính đến ngày {show_date(sel.as_of)}."
        ),
        "licenses": [LICENCE],
        "created": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        "resources": resources,
        "dcat": {
            "title": title,
            "publisher": publisher,
            "license": LICENCE["path"],
            "issued": issued,
            "modified": last or issued,
            "temporal": {
                "startDate": sel.since or first or sel.as_of,
                "endDate": sel.until or sel.as_of,
            },
            "language": "vi",
            "keyword": ["mã định danh", "QĐ 20/2020/QĐ-TTg", "QCVN 102"],
            "distribution": [
                {
                    "title": descriptions[name],
                    "downloadURL": files[name],
                    "mediaType": "text/csv",
                    "format": "CSV",
                    "rows": counts[name],
                }
                for name in ("data", "closed", "crosswalk")
            ],
        },
    }


def write_opendata(
    folder: Path,
    reg: Registry,
    sel: Selection,
    crosswalk: list[dict[str, Any]],
    on_progress: OnProgress | None = None,
) -> int:
    fields = {
        "data": [n for n, _, _ in DATA_FIELDS],
        "closed": [n for n, _, _ in CLOSED_FIELDS],
    }
    if sel.delta:
        fields = {k: [*v, "change"] for k, v in fields.items()}
    files = {"data": "data.csv", "closed": "closed.csv", "crosswalk": "crosswalk.csv"}
    counts = {
        "data": write_csv_file(
            folder / files["data"], fields["data"], data_rows(sel, on_progress), bom=False
        ),
        "closed": write_csv_file(
            folder / files["closed"], fields["closed"], closed_rows(reg, sel), bom=False
        ),
        "crosswalk": write_csv_file(
            folder / files["crosswalk"],
            [n for n, _, _ in CROSSWALK_SCHEMA],
            crosswalk,
            bom=False,
        ),
    }
    write_json_file(folder / "datapackage.json", package_descriptor(reg, sel, counts, files))
    return counts["data"] + counts["closed"]
