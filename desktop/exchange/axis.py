"""The exchange axis (domain.md §8): the agencies as the axis registers them, and the same units
as edXML ``Organization`` elements (QCVN 102) in a list that validates against
``schemas/edxml-organizations.xsd``, built with lxml."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from lxml import etree

from desktop.domain.progress import EXPORT, OnProgress, counted
from desktop.exchange.national import Selection, qcvn_code

SCHEMA_PATH = Path(__file__).parent / "schemas" / "edxml-organizations.xsd"
EDXML_NS = "http://www.e-doc.vn/Schema/"
AXIS_FIELDS = ("code", "pcode", "name", "mail", "mobile", "fax", "status")


def axis_records(sel: Selection, on_progress: OnProgress | None = None) -> list[dict[str, Any]]:
    """The agencies as the axis registers them: code and pcode in QCVN 102."""
    out = []
    for u in counted(sel.units, EXPORT, on_progress):
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


def axis_document(sel: Selection, on_progress: OnProgress | None = None) -> dict[str, Any]:
    return {
        "as_of": sel.as_of,
        "since": sel.since,
        "until": sel.until,
        "agencies": axis_records(sel, on_progress),
    }


def edxml_tree(sel: Selection, on_progress: OnProgress | None = None) -> etree._Element:
    """``Organizations`` holding one ``Unit`` (status, change, pcode) per unit, each with the
    QCVN 102 ``Organization`` element in its order."""
    q = f"{{{EDXML_NS}}}"
    root = etree.Element(q + "Organizations", nsmap={"edXML": EDXML_NS})
    root.set("asOf", sel.as_of)
    if sel.since:
        root.set("since", sel.since)
    if sel.until:
        root.set("until", sel.until)
    for u in counted(sel.units, EXPORT, on_progress):
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


def write_edxml(path: Path, sel: Selection, on_progress: OnProgress | None = None) -> None:
    tree = edxml_tree(sel, on_progress)
    # Checked before writing: a list the axis would refuse is a bug here, not a file there.
    schema = edxml_schema()
    if not schema.validate(tree):
        raise AssertionError(f"edXML list breaks its schema: {schema.error_log.last_error}")
    etree.ElementTree(tree).write(
        str(path), encoding="UTF-8", xml_declaration=True, pretty_print=True
    )
