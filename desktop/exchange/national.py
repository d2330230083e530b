"""Exports for the national systems (domain.md §8): the exchange axis (agency records and edXML
``Organization`` elements), the shared catalogue on NDXP/LGSP (one JSON list per level), and the
open data portal (CSV files with a Frictionless Data Package descriptor and DCAT metadata).

Every export shows the registry on one date (today unless told), and with ``since``/``until``
only the units created, changed or closed in that window, each marked with its change. The
systems of the axis and the catalogue take codes in QCVN 102 notation only: a unit whose code
QCVN 102 cannot write (an enterprise, a scheme code, a group with letters, a fifth level) is
listed apart in ``khong-qcvn102.csv``, never dropped silently; the other formats do the same
when asked (``qcvn_only``).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import shutil
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

from desktop.domain.codes import QCVN102, from_canonical
from desktop.domain.decisions import Decision, today
from desktop.domain.errors import InvalidInput, KnownError
from desktop.domain.units import CLOSED, Unit
from desktop.store.asof import units_as_of
from desktop.store.deltas import changes_between, effective_range
from desktop.store.registry import Registry
from desktop.store.settings import read_settings

SCHEMA_PATH = Path(__file__).parent / "schemas" / "edxml-organizations.xsd"
EDXML_NS = "http://www.e-doc.vn/Schema/"
APART_FILE = "khong-qcvn102.csv"
APART_FIELDS = ("code", "name", "kind", "level", "status", "reason")
CATALOGUE_FILE = "qlvanbandieuhanhcap{level}.json"
CATALOGUE_LEVELS = (1, 2, 3, 4)
CATALOGUE_INFO = "thongtin.json"
AXIS_FIELDS = ("code", "pcode", "name", "mail", "mobile", "fax", "status")
# The open data licence: Creative Commons Attribution, the licence open government data
# portals use by default (NĐ 47/2020 asks for free reuse with attribution).
LICENCE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}


def formula_safe(value: Any) -> Any:
    # Imported late: writers imports this module lazily, and the rule lives there.
    from desktop.exchange.writers import csv_safe

    return csv_safe(value)


def show_date(iso: str | None) -> str | None:
    """``dd/MM/yyyy``, the date the shared catalogue takes."""
    return dt.date.fromisoformat(iso).strftime("%d/%m/%Y") if iso else None


def qcvn_code(unit: Unit) -> str | None:
    return from_canonical(unit.code, unit.kind).qcvn102


# -- what an export shows --------------------------------------------------------------------


@dataclass
class Selection:
    """The units an export writes: as of ``as_of``, and in a delta only those changed in the
    window (``changes`` maps unit id to ``new``, ``changed`` or ``closed``)."""

    units: list[Unit]
    as_of: str
    since: str | None
    until: str | None
    notation: str
    changes: dict[int, str] | None
    by_id: dict[int, Unit]
    decisions: dict[int, Decision]
    apart: list[Unit] = field(default_factory=list)

    @property
    def delta(self) -> bool:
        return self.changes is not None

    def change(self, unit: Unit) -> str | None:
        return self.changes.get(unit.id) if self.changes is not None else None

    def parent(self, unit: Unit) -> Unit | None:
        return self.by_id.get(unit.parent_id) if unit.parent_id is not None else None

    def decision(self, unit: Unit) -> Decision | None:
        return self.decisions.get(unit.decision_id) if unit.decision_id else None

    def code(self, unit: Unit, notation: str | None = None) -> str:
        return from_canonical(unit.code, unit.kind).format(notation or self.notation)

    def qcvn_only(self) -> Selection:
        """The units QCVN 102 can write; the others set apart (:attr:`apart`)."""
        keep = [u for u in self.units if qcvn_code(u) is not None]
        apart = [u for u in self.units if qcvn_code(u) is None]
        return Selection(
            keep,
            self.as_of,
            self.since,
            self.until,
            QCVN102,
            self.changes,
            self.by_id,
            self.decisions,
            apart,
        )


def check_window(
    as_of: str | None, since: str | None, until: str | None
) -> tuple[str, str | None, str | None]:
    """The date an export shows (today unless told; the window's end for a delta)."""
    if since and until and since > until:
        raise InvalidInput(
            f"Khoảng thời gian sai: ngày bắt đầu {since} sau ngày kết thúc {until}.",
            f"--since {since} is after --until {until}.",
        )
    shown = as_of or until or today()
    if until and shown < until:
        raise InvalidInput(
            f"Ngày xem {shown} trước ngày kết thúc {until} của khoảng thay đổi.",
            f"--as-of {shown} is before --until {until}.",
        )
    return shown, since, until


def select(
    reg: Registry,
    *,
    root: str | None = None,
    as_of: str | None = None,
    since: str | None = None,
    until: str | None = None,
    notation: str | None = None,
    closed: bool = False,
) -> Selection:
    """Units in force on the date (with ``closed``, the closed ones too), or in a delta the
    units an event effective in the window touched, as they stand on the date."""
    shown, since, until = check_window(as_of, since, until)
    delta = since is not None or until is not None
    if delta and until is None:
        # A change signed but in force after the date shown is not shown yet.
        until = shown
    everything = units_as_of(reg, shown, root=root, include_closed=True)
    by_id = {u.id: u for u in everything}
    missing = {u.parent_id for u in everything if u.parent_id is not None} - set(by_id)
    by_id.update(reg.units_by_ids(sorted(missing)))  # the parent of the root
    changes = changes_between(reg, since, until) if delta else None
    if changes is not None:
        units = [u for u in everything if u.id in changes]
    else:
        units = [u for u in everything if closed or u.status != CLOSED]
    return Selection(
        units=units,
        as_of=shown,
        since=since,
        until=until,
        notation=notation or reg.notation,
        changes=changes,
        by_id=by_id,
        decisions={d.id: d for d in reg.decisions()},
    )


# -- writing files ---------------------------------------------------------------------------


def write_csv_file(
    path: Path, fields: Iterable[str], rows: Iterable[dict[str, Any]], *, bom: bool = True
) -> int:
    """A CSV file; a text that would start a formula gets a leading apostrophe."""
    names = list(fields)
    count = 0
    with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(names)
        for row in rows:
            writer.writerow(["" if row.get(f) is None else formula_safe(row.get(f)) for f in names])
            count += 1
    return count


def write_json_file(path: Path, data: Any) -> None:
    with path.open("w", encoding="utf-8") as fh:
        json.dump(data, fh, ensure_ascii=False, indent=1)
        fh.write("\n")


def apart_rows(sel: Selection) -> list[dict[str, Any]]:
    rows = []
    for u in sel.apart:
        if u.kind != "agency":
            reason = "mã doanh nghiệp hoặc mã tổ chức khác, không có dạng QCVN 102"
        elif (u.level or 0) > 4:
            reason = "mã có hơn 4 cấp; QCVN 102 chỉ có 4 cấp"
        else:
            reason = "nhóm mã có chữ cái hoặc không đúng độ rộng 2-2-3 chữ số của QCVN 102"
        rows.append(
            {
                "code": sel.code(u),
                "name": u.name,
                "kind": u.kind,
                "level": u.level,
                "status": u.status,
                "reason": reason,
            }
        )
    return rows


def in_place(target: Path, build: Callable[[Path], None], *, folder: bool) -> None:
    """Build in a scratch folder beside the target, then move the files in: a failed export
    leaves the target as it was."""
    parent = target.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        scratch = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=parent))
    except OSError as exc:
        raise KnownError(
            f"Không ghi được vào '{parent}': {exc.strerror or exc}.", f"Cannot write '{parent}'."
        ) from exc
    try:
        build(scratch)
        if folder:
            target.mkdir(exist_ok=True)
        for item in sorted(scratch.iterdir()):
            item.replace((target if folder else parent) / item.name)
    except OSError as exc:
        raise KnownError(
            f"Không ghi được '{target}': {exc.strerror or exc}.", f"Cannot write '{target}': {exc}"
        ) from exc
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def apart_name(target: Path) -> str:
    """The list of units set apart, beside a file export: ``<name>.khong-qcvn102.csv``."""
    return f"{target.stem}.{APART_FILE}"


# -- exchange axis: agency records and edXML Organization ------------------------------------


def axis_records(sel: Selection) -> list[dict[str, Any]]:
    """The agencies as the axis registers them: code and pcode in QCVN 102."""
    out = []
    for u in sel.units:
        parent = sel.parent(u)
        row = {
            "code": qcvn_code(u),
            "pcode": qcvn_code(parent) if parent is not None else None,
            "name": u.name,
            "mail": u.email,
            "mobile": u.phone,
            "fax": u.fax,
            "status": u.status,
        }
        if sel.delta:
            row["change"] = sel.change(u)
        out.append(row)
    return out


def axis_document(sel: Selection) -> dict[str, Any]:
    return {
        "as_of": sel.as_of,
        "since": sel.since,
        "until": sel.until,
        "agencies": axis_records(sel),
    }


def edxml_tree(sel: Selection) -> etree._Element:
    """``Organizations`` holding one ``Unit`` (status, change, pcode) per unit, each with the
    QCVN 102 ``Organization`` element in its order."""
    q = f"{{{EDXML_NS}}}"
    root = etree.Element(q + "Organizations", nsmap={"edXML": EDXML_NS})
    root.set("asOf", sel.as_of)
    if sel.since:
        root.set("since", sel.since)
    if sel.until:
        root.set("until", sel.until)
    for u in sel.units:
        parent = sel.parent(u)
        entry = etree.SubElement(root, q + "Unit")
        entry.set("status", u.status)
        change = sel.change(u)
        if change:
            entry.set("change", change)
        pcode = qcvn_code(parent) if parent is not None else None
        if pcode:
            entry.set("pcode", pcode)
        org = etree.SubElement(entry, q + "Organization")
        for name, value in (
            ("OrganId", qcvn_code(u)),
            ("OrganizationInCharge", parent.name if parent is not None else None),
            ("OrganName", u.name),
            ("OrganAdd", u.address),
            ("Email", u.email),
            ("Telephone", u.phone),
            ("Fax", u.fax),
            ("Website", u.website),
        ):
            etree.SubElement(org, q + name).text = value or ""
    return root


def edxml_schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMA_PATH)))


def write_edxml(path: Path, sel: Selection) -> None:
    tree = edxml_tree(sel)
    # Checked before writing: a list the axis would refuse is a bug here, not a file there.
    schema = edxml_schema()
    if not schema.validate(tree):
        raise AssertionError(f"edXML list breaks its schema: {schema.error_log.last_error}")
    etree.ElementTree(tree).write(
        str(path), encoding="UTF-8", xml_declaration=True, pretty_print=True
    )


# -- shared catalogue (NDXP/LGSP) -------------------------------------------------------------


def catalogue_level(unit: Unit) -> int:
    return min(max(unit.level or 1, 1), 4)


def catalogue_lists(sel: Selection) -> dict[int, list[dict[str, Any]]]:
    """One list per level with the platform's keys (domain.md §8); codes in QCVN 102, once."""
    lists: dict[int, list[dict[str, Any]]] = {level: [] for level in CATALOGUE_LEVELS}
    seen: set[str] = set()
    for u in sel.units:
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


def write_catalogue(folder: Path, sel: Selection) -> int:
    lists = catalogue_lists(sel)
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


# -- open data --------------------------------------------------------------------------------

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


def data_rows(sel: Selection) -> list[dict[str, Any]]:
    rows = []
    for u in sel.units:
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
            f"số liệu đến ngày {show_date(sel.as_of)}."
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
    folder: Path, reg: Registry, sel: Selection, crosswalk: list[dict[str, Any]]
) -> int:
    fields = {
        "data": [n for n, _, _ in DATA_FIELDS],
        "closed": [n for n, _, _ in CLOSED_FIELDS],
    }
    if sel.delta:
        fields = {k: [*v, "change"] for k, v in fields.items()}
    files = {"data": "data.csv", "closed": "closed.csv", "crosswalk": "crosswalk.csv"}
    counts = {
        "data": write_csv_file(folder / files["data"], fields["data"], data_rows(sel), bom=False),
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
