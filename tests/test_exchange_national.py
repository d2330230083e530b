"""The exports for the national systems (domain.md §8): the exchange axis' agency records and
edXML Organization list (checked against its XSD), the shared catalogue's per-level lists, the
open data package (checked with frictionless), deltas by effective date, every closure in the
crosswalk, and the units QCVN 102 cannot write listed apart."""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from pathlib import Path

import pytest
from frictionless import Package
from lxml import etree

from desktop.domain.errors import KnownError
from desktop.domain.units import NewUnit
from desktop.exchange.axis import AXIS_FIELDS, SCHEMA_PATH
from desktop.exchange.catalogue import CATALOGUE_INFO
from desktop.exchange.importer import import_appendix
from desktop.exchange.national import APART_FILE
from desktop.exchange.writers import FORMATS, export
from desktop.store.registry import Registry

FIXTURES = Path(__file__).parent / "fixtures"
FIRST = FIXTURES / "phu_luc_h59_2022.xlsx"
SECOND = FIXTURES / "phu_luc_h59_2023.xlsx"
TODAY = dt.date.today().isoformat()
EDXML = "{http://www.e-doc.vn/Schema/}"
QCVN = re.compile(r"[0-9]{3}\.[0-9]{2}\.[0-9]{2}\.[A-K][0-9]{2}")
CATALOGUE_KEYS = (
    "TenDonVi",
    "DiaChi",
    "Email",
    "SoDienThoai",
    "Fax",
    "Website",
    "QdBanHanhQdSuaDoi",
    "NgayBanHanhQd",
    "CoQuanBanHanhQd",
)
# The units of the fixture registry QCVN 102 cannot write: the appendices' three enterprises
# and the ones the fixture adds.
APART = {
    "0100109106",
    "0100109106-001",
    "2100123457",
    "0100686174",
    "0100686174-001",
    "Z01.TV0001",
    "H59.01.A1",
}
FORMULA = ("=", "+", "-", "@", "\t", "\r")
# Where each format writes, by name (folders for the catalogue and open data).
TARGETS = {
    "appendix": "a.xlsx",
    "csv": "a.csv",
    "json": "a.json",
    "crosswalk": "cw.csv",
    "edxml": "a.xml",
    "axis": "axis.json",
    "catalogue": "catalogue",
    "opendata": "opendata",
}


@pytest.fixture()
def fixture_reg(reg: Registry) -> Registry:
    """The province of the fixtures (two decisions' appendices), with enterprises, a scheme
    code, an agency code QCVN 102 cannot write, a name that would start a formula, and a change
    signed but in force only in 2099."""
    assert import_appendix(reg, FIRST).applied
    assert import_appendix(reg, SECOND, replace_list=True).applied
    dec = reg.add_decision(
        "300/QĐ-UBND", "2024-05-02", issuer="Ủy ban nhân dân tỉnh Trà Vinh", signed="2024-05-02"
    )
    reg.create_units(
        [
            NewUnit("0100686174", "Tập đoàn Công nghiệp - Viễn thông Quân đội"),
            NewUnit("0100686174-001", "Chi nhánh Trà Vinh"),
            NewUnit("Z01.TV0001", "Hội Chữ thập đỏ tỉnh"),
            NewUnit("H59.01.A1", "Tổ công tác mã chữ"),
            NewUnit("H59.01.02", "=Trung tâm công thức", email="tt@travinh.gov.vn"),
        ],
        dec,
    )
    future = reg.add_decision("1/QĐ-UBND", "2099-01-01", issuer="Ủy ban nhân dân tỉnh Trà Vinh")
    reg.create_unit("H59.10", "Sở tương lai", future)
    return reg


def _csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def _cells(path: Path) -> list[str]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return [cell for row in csv.reader(fh) for cell in row]


def _edxml(path: Path) -> etree._Element:
    schema = etree.XMLSchema(etree.parse(str(SCHEMA_PATH)))
    doc = etree.parse(str(path))
    assert schema.validate(doc), schema.error_log
    return doc.getroot()


def _organizations(root: etree._Element) -> dict[str, dict[str, str]]:
    out = {}
    for unit in root.iter(EDXML + "Unit"):
        org = unit.find(EDXML + "Organization")
        values = {child.tag.removeprefix(EDXML): child.text or "" for child in org}
        values.update(unit.attrib)
        out[values["OrganId"]] = values
    return out


def _catalogue(folder: Path) -> dict[int, list[dict[str, str]]]:
    lists = {}
    for level in (1, 2, 3, 4):
        path = folder / f"qlvanbandieuhanhcap{level}.json"
        lists[level] = json.loads(path.read_text(encoding="utf-8"))
    return lists


def _package_ok(folder: Path) -> dict:
    report = Package(str(folder / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    return json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))


# -- each format on the fixture registry -------------------------------------------------------


def test_formats_are_chosen_by_extension_or_name(fixture_reg: Registry, tmp_path: Path, cli):
    for name, kind in (("a.xlsx", "appendix"), ("a.csv", "csv"), ("a.xml", "edxml")):
        assert export(fixture_reg, tmp_path / name).kind == kind
    assert export(fixture_reg, tmp_path / "x.json", fmt="axis").kind == "axis"
    assert set(TARGETS) == set(FORMATS)


def test_edxml_list_validates_and_carries_parent_and_status(fixture_reg: Registry, tmp_path):
    path = tmp_path / "to-chuc.xml"
    result = export(fixture_reg, path)
    root = _edxml(path)
    assert root.get("asOf") == TODAY and result.as_of == TODAY
    orgs = _organizations(root)
    office = orgs["000.00.01.H59"]
    assert [k for k in office if k[0].isupper()] == [
        "OrganId",
        "OrganizationInCharge",
        "OrganName",
        "OrganAdd",
        "Email",
        "Telephone",
        "Fax",
        "Website",
    ]
    assert office["OrganizationInCharge"] == fixture_reg.find("H59").name
    assert office["pcode"] == "000.00.00.H59" and office["status"] == "active"
    assert office["OrganAdd"] == "Số 1 Lê Lợi, TP. Trà Vinh"
    assert orgs["000.02.01.H59"]["OrganName"] == "=Trung tâm công thức"  # XML has no formulas
    assert "000.00.10.H59" not in orgs  # in force only in 2099
    assert "000.00.07.H59" not in orgs  # closed
    assert all(QCVN.fullmatch(code) for code in orgs)
    # Enterprises, the scheme code and the code with letters are listed apart, not dropped.
    apart = _csv(tmp_path / f"to-chuc.{APART_FILE}")
    assert {r["code"] for r in apart} == APART
    assert result.apart == len(APART) == 7
    future = export(fixture_reg, tmp_path / "2099.xml", as_of="2099-01-01")
    assert "000.00.10.H59" in _organizations(_edxml(future.path))


def test_edxml_schema_refuses_what_qcvn_102_refuses(fixture_reg: Registry, tmp_path: Path):
    path = tmp_path / "a.xml"
    export(fixture_reg, path)
    schema = etree.XMLSchema(etree.parse(str(SCHEMA_PATH)))
    doc = etree.parse(str(path))
    first = doc.getroot().find(f"{EDXML}Unit/{EDXML}Organization/{EDXML}OrganId")
    first.text = "H59.01"  # QĐ 20 notation: not an OrganId
    assert not schema.validate(doc)
    first.text = "000.00.01.H59"
    org = first.getparent()
    org.remove(org.find(EDXML + "OrganizationInCharge"))
    assert not schema.validate(doc)


def test_axis_records(fixture_reg: Registry, tmp_path: Path):
    path = tmp_path / "truc.json"
    export(fixture_reg, path, fmt="axis")
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["as_of"] == TODAY and doc["since"] is None
    records = {r["code"]: r for r in doc["agencies"]}
    assert all(tuple(r) == AXIS_FIELDS for r in doc["agencies"])
    assert records["000.01.01.H59"] == {
        "code": "000.01.01.H59",
        "pcode": "000.00.01.H59",
        "name": "Chi cục Văn thư - Lưu trữ",
        "mail": None,
        "mobile": None,
        "fax": None,
        "status": "active",
    }
    assert records["000.00.00.G06"]["pcode"] is None
    assert "0100686174" not in records and (tmp_path / f"truc.{APART_FILE}").exists()


def test_shared_catalogue_lists(fixture_reg: Registry, tmp_path: Path):
    folder = tmp_path / "danh-muc"
    export(fixture_reg, folder, fmt="catalogue")
    lists = _catalogue(folder)
    codes = []
    for level, rows in lists.items():
        for row in rows:
            assert tuple(row) == (f"MaDinhDanhCap{level}", *CATALOGUE_KEYS)
            code = row[f"MaDinhDanhCap{level}"]
            assert QCVN.fullmatch(code)
            assert re.fullmatch(r"[0-3][0-9]/[01][0-9]/[0-9]{4}", row["NgayBanHanhQd"])
            codes.append(code)
    assert len(codes) == len(set(codes))  # the platform rejects a code it already holds
    by_code = {r["MaDinhDanhCap2"]: r for r in lists[2]}
    assert by_code["000.00.05.H59"]["QdBanHanhQdSuaDoi"] == "250/QĐ-UBND"
    assert by_code["000.00.05.H59"]["NgayBanHanhQd"] == "15/03/2023"
    assert by_code["000.00.05.H59"]["CoQuanBanHanhQd"] == "Ủy ban nhân dân tỉnh Trà Vinh"
    assert {r["MaDinhDanhCap1"] for r in lists[1]} >= {"000.00.00.H59", "000.00.00.G06"}
    assert "000.00.00.G14" not in {r["MaDinhDanhCap1"] for r in lists[1]}  # closed
    assert "000.02.01.H59" in {r["MaDinhDanhCap3"] for r in lists[3]}
    info = json.loads((folder / CATALOGUE_INFO).read_text(encoding="utf-8"))
    assert info["as_of"] == TODAY and info["apart"] == APART_FILE
    assert {r["code"] for r in _csv(folder / APART_FILE)} >= {"0100686174", "H59.01.A1"}


def test_open_data_package(fixture_reg: Registry, tmp_path: Path):
    folder = tmp_path / "du-lieu-mo"
    export(fixture_reg, folder, fmt="opendata")
    descriptor = _package_ok(folder)
    assert [r["path"] for r in descriptor["resources"]] == [
        "data.csv",
        "closed.csv",
        "crosswalk.csv",
    ]
    dcat = descriptor["dcat"]
    for key in ("title", "publisher", "license", "issued", "modified", "temporal", "distribution"):
        assert dcat[key], key
    assert dcat["temporal"] == {"startDate": "2020-09-15", "endDate": TODAY}
    # Modified: the last change in force (2099's is not yet).
    in_force = [e.effective for e in fixture_reg.events() if e.shapes_history]
    assert dcat["modified"] == max(d for d in in_force if d <= TODAY) < "2099-01-01"
    assert descriptor["licenses"][0]["name"] == "CC-BY-4.0"
    data = {r["code"]: r for r in _csv(folder / "data.csv")}
    assert data["0100686174-001"]["kind"] == "enterprise"  # enterprises are published too
    assert data["0100686174-001"]["parent_code"] == "0100686174"
    assert data["H59.01.A1"]["code_qcvn102"] == "" and data["H59.01.A1"]["code_qd20"]
    assert data["000.02.01.H59"]["name"] == "'=Trung tâm công thức"
    assert not any(cell.startswith(FORMULA) for cell in _cells(folder / "data.csv"))
    closed = {r["code"]: r for r in _csv(folder / "closed.csv")}
    assert closed["000.00.00.G14"]["successors"] == "000.00.00.G06"
    assert closed["000.00.00.G14"]["decision_number"] == "09/2025/QĐ-TTg"
    assert closed["000.00.07.H59"]["closed_on"] == "2023-03-15"
    assert closed["000.00.00.G23"]["successors"] == ""
    crosswalk = _csv(folder / "crosswalk.csv")
    assert {r["old_code"] for r in crosswalk if r["change"] != "recode"} >= set(closed) - {
        "000.00.06.H59"
    }
    assert dcat["distribution"][0]["rows"] == len(data)


def test_csv_json_and_appendix_carry_parent_status_date_and_enterprises(fixture_reg, tmp_path):
    export(fixture_reg, tmp_path / "a.csv")
    rows = {r["code"]: r for r in _csv(tmp_path / "a.csv")}
    assert rows["0100686174"]["kind"] == "enterprise" and rows["0100686174"]["status"] == "active"
    assert rows["000.01.01.H59"]["parent_code"] == "000.00.01.H59"
    assert {r["as_of"] for r in rows.values()} == {TODAY}
    assert not any(cell.startswith(FORMULA) for cell in _cells(tmp_path / "a.csv"))
    # QCVN only: the units QCVN 102 cannot write go to a list of their own.
    result = export(fixture_reg, tmp_path / "q.csv", qcvn_only=True)
    codes = {r["code"] for r in _csv(tmp_path / "q.csv")}
    apart = {r["code"]: r for r in _csv(tmp_path / f"q.{APART_FILE}")}
    assert set(apart) == APART
    assert not codes & set(apart) and len(codes) + len(apart) == len(rows)
    assert result.apart == 7 and "chữ cái" in apart["H59.01.A1"]["reason"]


# -- crosswalk: every closure ------------------------------------------------------------------


def _closures(reg: Registry) -> dict[str, list[str]]:
    """Every code the registry's history closes, with its successors (from the events)."""
    out: dict[str, list[str]] = {}
    for e in reg.events("annulled_by IS NULL AND type != 'annul'"):
        if e.after.get("status") == "closed":
            unit = reg.unit(e.unit_id)
            succ = reg.units_by_ids(e.successors)
            out[unit.display_code()] = sorted(s.display_code() for s in succ.values())
    return out


@pytest.mark.parametrize("which", ["bundled", "fixture"])
def test_crosswalk_lists_every_closure(reg: Registry, fixture_reg, tmp_path: Path, which):
    registry = reg if which == "bundled" else fixture_reg
    export(registry, tmp_path / "cw.csv", crosswalk=True)
    rows = _csv(tmp_path / "cw.csv")
    closures = _closures(registry)
    listed: dict[str, list[str]] = {}
    for r in rows:
        if r["change"] in ("close", "merge", "split"):
            listed.setdefault(r["old_code"], [])
            if r["new_code"]:
                listed[r["old_code"]].append(r["new_code"])
    assert {k: sorted(v) for k, v in listed.items()} == closures
    # QĐ 09/2025: closures with and without successor (as many as the registry records).
    by_decision = {r["old_code"] for r in rows if r["decision_number"] == "09/2025/QĐ-TTg"}
    without = {f"000.00.00.G{n}" for n in (23, 24, 25, 26, 34, 36)}
    assert by_decision >= without | {"000.00.00.G14", "000.00.00.G04"}
    assert len(by_decision) >= 11
    for code in without:
        assert [r["new_code"] for r in rows if r["old_code"] == code] == [""]


# -- deltas ------------------------------------------------------------------------------------


def test_since_after_an_import_holds_exactly_its_rows(reg: Registry, tmp_path: Path):
    assert import_appendix(reg, FIRST).applied
    result = import_appendix(reg, SECOND, replace_list=True)
    assert result.applied
    day = result.decision.effective
    touched = {
        e.unit_id for e in reg.events("group_id = ?", [result.import_id]) if e.type != "annul"
    }
    expected = {reg.unit(uid).display_code(): reg.unit(uid).status for uid in touched}
    assert len(expected) == 6
    window = {"since": day, "until": day}
    for kind, name in TARGETS.items():
        export(reg, tmp_path / name, fmt=kind, **window)
    # Each format holds exactly the import's units, each marked with its change.
    rows = {r["code"]: r["change"] for r in _csv(tmp_path / "a.csv")}
    assert set(rows) == set(expected)
    assert rows["000.00.07.H59"] == "closed" and rows["000.00.08.H59"] == "new"
    assert rows["000.00.05.H59"] == "changed" and rows["000.00.09.H59"] == "changed"
    json_rows = json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))
    assert {r["code"]: r["change"] for r in json_rows} == rows
    root = _edxml(tmp_path / "a.xml")
    assert (root.get("since"), root.get("until")) == (day, day)
    assert {k: v["change"] for k, v in _organizations(root).items()} == rows
    axis = json.loads((tmp_path / "axis.json").read_text(encoding="utf-8"))
    assert {r["code"]: r["change"] for r in axis["agencies"]} == rows
    lists = _catalogue(tmp_path / "catalogue")
    catalogue = {r[f"MaDinhDanhCap{n}"]: r["ThayDoi"] for n, rs in lists.items() for r in rs}
    assert catalogue == rows
    _package_ok(tmp_path / "opendata")
    data = {r["code"]: r["change"] for r in _csv(tmp_path / "opendata" / "data.csv")}
    closed = {r["code"]: r["change"] for r in _csv(tmp_path / "opendata" / "closed.csv")}
    assert {**data, **closed} == rows and closed == {"000.00.07.H59": "closed"}
    crosswalk = _csv(tmp_path / "opendata" / "crosswalk.csv")
    assert {r["decision_number"] for r in crosswalk} == {"250/QĐ-UBND"}
    standalone = _csv(tmp_path / "cw.csv")
    assert {r.pop("as_of") for r in standalone} == {day}  # the date it shows
    assert standalone == crosswalk
    # The appendix shows them with their change in the note column.
    import openpyxl

    ws = openpyxl.load_workbook(tmp_path / "a.xlsx").active
    notes = {r[2]: r[3] for r in ws.iter_rows(min_row=6, values_only=True) if r[2]}
    assert set(notes) == set(rows)
    assert notes["000.00.07.H59"].startswith("Đóng mã")
    assert "15/03/2023" in ws["A3"].value


def test_a_delta_ends_on_the_date_shown(fixture_reg: Registry, tmp_path: Path):
    """A change signed for 2099 is in a delta only once the date shown reaches it."""
    now = export(fixture_reg, tmp_path / "now.csv", since="2024-01-01")
    rows = {r["code"]: r["change"] for r in _csv(now.path)}
    assert "000.00.10.H59" not in rows and rows["0100686174"] == "new"
    assert rows["000.00.00.G14"] == "closed"  # QĐ 09/2025
    later = export(fixture_reg, tmp_path / "later.csv", since="2024-01-01", as_of="2099-01-01")
    assert {r["code"]: r["change"] for r in _csv(later.path)}["000.00.10.H59"] == "new"
    only = export(fixture_reg, tmp_path / "y.xml", since="2099-01-01", as_of="2099-12-31")
    assert set(_organizations(_edxml(only.path))) == {"000.00.10.H59"}


def test_delta_through_the_command_line(cli, official_db: Path, tmp_path: Path):
    db = str(official_db)
    assert cli("--db", db, "import", str(FIRST))[0] == 0
    assert cli("--db", db, "import", str(SECOND), "--replace-list")[0] == 0
    target = tmp_path / "dm"
    rc, out, err = cli(
        "--db", db, "export", str(target), "--format", "catalogue", "--since", "2023-03-01"
    )
    assert rc == 0, err
    assert "tính đến ngày" in out and "01/03/2023" in out
    lists = _catalogue(target)
    changes = {r["ThayDoi"] for rows in lists.values() for r in rows}
    # From 2023-03-01: the second appendix and the 2025 amendment of the level-1 list.
    assert changes == {"new", "changed", "closed"}
    level1 = {r["MaDinhDanhCap1"]: r["ThayDoi"] for r in lists[1]}
    assert level1["000.00.00.G14"] == "closed"


@pytest.mark.parametrize(
    "args",
    [
        ["--since", "2025-01-02", "--until", "2025-01-01"],
        ["--format", "nothing"],
        ["--format", "edxml"],  # a .csv file is not XML
        ["--as-of", "2025-01-01", "--until", "2025-06-01"],
        ["--since", "hôm qua"],
        ["--crosswalk", "--qcvn-only"],
        ["--crosswalk", "--format", "csv"],
    ],
)
def test_bad_export_options_write_nothing(cli, official_db: Path, tmp_path: Path, args):
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    rc, _, err = cli("--db", str(official_db), "export", str(out_dir / "out.csv"), *args)
    assert rc == 2 and err.strip(), err
    if args[1] != "nothing":  # argparse prints its usage first
        assert len(err.strip().splitlines()) == 1, err
    assert list(out_dir.iterdir()) == []


def test_a_folder_format_needs_a_folder(cli, official_db: Path, tmp_path: Path):
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    target = tmp_path / "file.txt"
    target.write_text("giữ nguyên", encoding="utf-8")
    rc, _, err = cli("--db", str(official_db), "export", str(target), "--format", "opendata")
    assert rc == 2 and "thư mục" in err
    rc, _, err = cli("--db", str(official_db), "export", str(tmp_path / "x.txt"))
    assert rc == 2 and "--format" in err
    assert target.read_text(encoding="utf-8") == "giữ nguyên"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file.txt"]


# -- the bundled registry, every format --------------------------------------------------------


def test_bundled_registry_in_every_format(reg: Registry, tmp_path: Path):
    for kind, name in TARGETS.items():
        result = export(reg, tmp_path / name, fmt=kind)
        assert result.rows > 0 and result.as_of == TODAY, kind
    _edxml(tmp_path / "a.xml")
    _package_ok(tmp_path / "opendata")
    lists = _catalogue(tmp_path / "catalogue")
    assert len(lists[1]) == len(_organizations(_edxml(tmp_path / "a.xml")))
    closed = _csv(tmp_path / "opendata" / "closed.csv")
    assert {r["code"] for r in closed} == set(_closures(reg))


def test_a_failed_folder_export_leaves_the_folder_as_it_was(
    reg: Registry, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    folder = tmp_path / "mo"
    export(reg, folder, fmt="opendata")
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    (folder / "ghi-chu.txt").write_text("của người dùng", encoding="utf-8")

    def half_written(target: Path, *args, **kwargs) -> int:
        (target / "data.csv").write_text("nửa chừng", encoding="utf-8")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("desktop.exchange.writers.write_opendata", half_written)
    with pytest.raises(KnownError):
        export(reg, folder, fmt="opendata", since="2025-01-01")
    after = {p.name: p.read_bytes() for p in folder.iterdir() if p.name != "ghi-chu.txt"}
    assert after == before and (folder / "ghi-chu.txt").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".mo")]  # no scratch left


def test_crosswalk_of_a_fresh_registry_has_the_2025_closures(cli, tmp_path: Path):
    """QĐ 09/2025 closes 12 codes (G37 and those dropped without successor among them); the
    provincial merger of Nghị quyết 202/2025/QH15 closes 58, each with its successor."""
    db = str(tmp_path / "so.db")
    assert cli("init", db)[0] == 0
    target = tmp_path / "cw.csv"
    rc, _, err = cli("--db", db, "export", str(target), "--crosswalk")
    assert rc == 0, err
    with target.open(encoding="utf-8-sig") as f:
        rows = [r for r in csv.DictReader(f) if r["change"] == "close"]
    amendment = {
        r["old_code"]: r["new_code"] for r in rows if r["decision_number"] == "09/2025/QĐ-TTg"
    }
    merger = {r["old_code"]: r["new_code"] for r in rows if r["decision_number"] == "202/2025/QH15"}
    assert len(amendment) == 12 and len(merger) == 58
    for dropped in ("G23", "G24", "G25", "G26", "G34", "G36", "G37"):
        assert amendment[f"000.00.00.{dropped}"] == ""
    assert amendment["000.00.00.G14"] == "000.00.00.G06"
    assert merger["000.00.00.H59"] == "000.00.00.H61" and all(merger.values())
    assert sum(code.endswith(tuple(f"K{n:02d}" for n in range(100))) for code in merger) == 29
