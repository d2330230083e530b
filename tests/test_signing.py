"""Digitally signed reports: each report kind signed and verified, tampering, the record."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

import pytest
from pki import PASSWORD, make_pki
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, NameObject
from reportpdf import read_pdf

from desktop.exchange.importer import import_appendix
from desktop.reports.build import build_report, build_tree
from desktop.reports.layout import paginate
from desktop.reports.render import write_pdf
from desktop.reports.signing import load_pkcs12, sign_pdf
from desktop.reports.verify_pdf import load_anchors, verify_pdf
from desktop.store.registry import Registry
from desktop.store.settings import write_settings
from desktop.store.verify import head_hash

FIXTURES = Path(__file__).parent / "fixtures"
APPENDIX = FIXTURES / "phu_luc_h59_2022.xlsx"
DECISION = {
    "number": "123/QĐ-UBND",
    "issuer": "Ủy ban nhân dân tỉnh Trà Vinh",
    "signed": "2022-03-01",
    "effective": "2022-03-15",
}
SIGNER = "Nguyễn Văn An"
KIND_OPTIONS = {
    "tree": [],
    "changes": ["--from", "2022-01-01", "--to", "2022-12-31"],
    "decision": ["--decision", "123/QĐ-UBND"],
    "validation": [],
}


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory):
    return make_pki(tmp_path_factory.mktemp("pki"))


@pytest.fixture()
def db(official_db: Path) -> Path:
    with Registry.open(official_db) as reg:
        assert import_appendix(reg, APPENDIX, **DECISION).applied
        write_settings(
            reg,
            {
                "issuer_name": "Sở Khoa học và Công nghệ",
                "place": "Trà Vinh",
                "signer_title": "KT. GIÁM ĐỐC | PHÓ GIÁM ĐỐC",
                "signer_name": SIGNER,
            },
        )
    return official_db


@pytest.fixture()
def password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MADINHDANH_PKCS12_PASSWORD", PASSWORD)


def appearance_text(path: Path, field: str) -> tuple[int, list[float], str]:
    """The page, rectangle and text of a signature's visible appearance, read with pypdf: the
    appearance stream painted on a blank page of the field's size."""
    reader = PdfReader(path)
    for index, page in enumerate(reader.pages):
        for ref in page.get("/Annots") or []:
            widget = ref.get_object()
            if widget.get("/T") != field:
                continue
            rect = [float(v) for v in widget["/Rect"]]
            stream = widget["/AP"]["/N"].get_object()
            from pypdf import PageObject

            blank = PageObject.create_blank_page(width=rect[2] - rect[0], height=rect[3] - rect[1])
            resources = DictionaryObject()
            xobjects = DictionaryObject()
            xobjects[NameObject("/Ap")] = widget["/AP"].raw_get("/N")
            resources[NameObject("/XObject")] = xobjects
            blank[NameObject("/Resources")] = resources
            from pypdf.generic import ContentStream

            content = ContentStream(ArrayObject(), reader)
            content.set_data(b"q /Ap Do Q")
            blank.replace_contents(content)
            assert stream is not None
            return index, rect, blank.extract_text()
    raise AssertionError(f"no signature field {field}")


def flip_one_byte(path: Path) -> Path:
    """A copy with one byte of the first page's content stream changed."""
    data = bytearray(path.read_bytes())
    at = data.index(b"stream", data.index(b"/Length")) + 40
    data[at] ^= 0x01
    altered = path.with_name("altered-" + path.name)
    altered.write_bytes(bytes(data))
    return altered


@pytest.mark.parametrize("kind", list(KIND_OPTIONS))
def test_each_report_kind_is_signed_verified_and_an_altered_byte_is_found(
    kind: str, cli, db: Path, pki, password, tmp_path: Path
):
    target = tmp_path / f"{kind}.pdf"
    rc, out, err = cli(
        "--db", str(db), "report", "--kind", kind, *KIND_OPTIONS[kind],
        "--sign", str(pki.p12), str(target),
    )  # fmt: skip
    assert rc == 0, err
    assert f"Đã ký số: {SIGNER}" in out

    rc, out, err = cli("--db", str(db), "verify-pdf", str(target), "--trust", str(pki.ca_pem))
    assert rc == 0, out + err
    assert "Kết luận: HỢP LỆ" in out
    rc, out, _ = cli(
        "--db", str(db), "verify-pdf", str(target), "--trust", str(pki.ca_pem), "--json"
    )
    result = json.loads(out)
    assert result["ok"] and len(result["signatures"]) == 1
    signature = result["signatures"][0]
    assert signature["signer"] == SIGNER and signature["intact"] and signature["trusted"]
    assert signature["signed_at"].endswith("+07:00")
    # The registry knows the file: which report, by whom, the state it showed.
    assert [r["report_kind"] for r in result["registry"]] == [kind]

    page, rect, text = appearance_text(target, "ChuKyNguoiKy")
    assert f"Ký bởi: {SIGNER}" in text.replace("\n", " ")
    assert f"Thời gian ký:\n{signature['signed_at']}" in text or (
        f"Thời gian ký: {signature['signed_at']}" in text
    )
    if kind == "decision":
        # An appendix has no signature block: top right of page 1, with the decision's number.
        assert page == 0 and "123/QĐ-UBND" in text
        height = float(PdfReader(target).pages[0].mediabox.height)
        assert rect[3] > height - 20 * 72 / 25.4  # inside the top margin
    else:
        assert "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC" in text

    altered = flip_one_byte(target)
    rc, out, _ = cli("--db", str(db), "verify-pdf", str(altered), "--trust", str(pki.ca_pem))
    assert rc == 1
    assert "KHÔNG HỢP LỆ" in out
    assert "nội dung tài liệu đã bị thay đổi sau khi ký" in out
    assert "Sổ đã ghi" not in out  # another file than the one signed


def test_signing_does_not_move_the_page_and_fills_the_signature_room(
    reg: Registry, pki, tmp_path: Path
):
    write_settings(reg, {"signer_title": "GIÁM ĐỐC", "signer_name": SIGNER})
    document = build_tree(reg, root="H59")
    pages = paginate(document)
    unsigned = tmp_path / "tree.pdf"
    write_pdf(document, unsigned, pages)
    signed = sign_pdf(
        unsigned, tmp_path / "signed.pdf", load_pkcs12(pki.p12, PASSWORD), document, pages
    )
    before = PdfReader(unsigned).pages
    after = PdfReader(tmp_path / "signed.pdf").pages
    assert len(before) == len(after)
    for old, new in zip(before, after):
        assert old.get_contents().get_data() == new.get_contents().get_data()
    # The field sits where the layout left room for the signature, between title and name.
    room = next(p.signature for p in pages if p.signature)
    page, rect, _ = appearance_text(tmp_path / "signed.pdf", "ChuKyNguoiKy")
    assert page == len(pages) - 1 and list(signed.place.box) == rect
    height = float(after[page].mediabox.height)
    points = 1 / 10  # layout units are tenths of a point
    assert room.left * points <= rect[0] < rect[2] <= room.right * points
    assert height - room.bottom * points <= rect[1] < rect[3] <= height - room.top * points
    # Between the signer's title and name as printed (baselines, from the top of the page).
    printed = read_pdf(unsigned)[page]
    (title,) = printed.find("GIÁM ĐỐC")
    (name,) = printed.find(SIGNER)
    assert title.top <= height - rect[3] and height - rect[1] <= name.top - 10


def test_agency_signature_covers_the_left_third_of_the_signers(reg: Registry, pki, tmp_path):
    document = build_report(reg, "validation")
    pages = paginate(document)
    write_pdf(document, tmp_path / "v.pdf", pages)
    key = load_pkcs12(pki.p12, PASSWORD)
    first = sign_pdf(tmp_path / "v.pdf", tmp_path / "v1.pdf", key, document, pages)
    second = sign_pdf(tmp_path / "v1.pdf", tmp_path / "v2.pdf", key, document, pages, role="agency")
    signer, agency = first.place.box, second.place.box
    third = (signer[2] - signer[0]) / 3
    assert abs(agency[2] - (signer[0] + third)) <= 2 and agency[0] < signer[0]  # whole points
    verdict = verify_pdf(tmp_path / "v2.pdf", load_anchors([pki.ca_pem]))
    assert verdict.ok, verdict.verdict
    assert [s.field for s in verdict.signatures] == ["ChuKyNguoiKy", "ChuKyCoQuan"]
    assert not verdict.signatures[0].covers_whole_file and verdict.signatures[0].unchanged
    _, _, text = appearance_text(tmp_path / "v2.pdf", "ChuKyCoQuan")
    assert second.signed_at in text


def test_a_configured_tsa_that_cannot_be_reached_signs_without_a_timestamp(
    reg: Registry, pki, tmp_path: Path
):
    document = build_report(reg, "validation")
    pages = paginate(document)
    write_pdf(document, tmp_path / "v.pdf", pages)
    key = load_pkcs12(pki.p12, PASSWORD)
    # Port 9 (discard) on the loopback: refused at once, as a TSA is when the machine is offline.
    signed = sign_pdf(
        tmp_path / "v.pdf", tmp_path / "s.pdf", key, document, pages, tsa_url="http://127.0.0.1:9/"
    )
    assert not signed.timestamped and signed.timestamp_problem
    verdict = verify_pdf(tmp_path / "s.pdf", load_anchors([pki.ca_pem]))
    assert verdict.ok and verdict.signatures[0].timestamp is None


def test_a_reachable_tsa_adds_a_trusted_timestamp(reg: Registry, pki, tmp_path: Path):
    from asn1crypto import x509 as asn1_x509
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
    from pki import issue
    from pki import key as new_key
    from pyhanko.keys import load_private_key_from_pemder_data
    from pyhanko.sign.timestamps import DummyTimeStamper

    tsa_key = new_key()
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "TSA Thử nghiệm")])
    cert = issue(name, tsa_key.public_key(), pki.ca_cert.subject, pki.ca_key, ca=False,
                 eku=[ExtendedKeyUsageOID.TIME_STAMPING])  # fmt: skip
    stamper = DummyTimeStamper(
        tsa_cert=asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER)),
        tsa_key=load_private_key_from_pemder_data(
            tsa_key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            ),
            None,
        ),
    )
    document = build_report(reg, "validation")
    pages = paginate(document)
    write_pdf(document, tmp_path / "v.pdf", pages)
    signed = sign_pdf(
        tmp_path / "v.pdf",
        tmp_path / "s.pdf",
        load_pkcs12(pki.p12, PASSWORD),
        document,
        pages,
        timestamper=stamper,
    )
    assert signed.timestamped
    verdict = verify_pdf(tmp_path / "s.pdf", load_anchors([pki.ca_pem]))
    assert verdict.ok and verdict.signatures[0].timestamp is not None


def test_wrong_password_is_bad_input_and_nothing_is_written(
    cli, db: Path, pki, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("MADINHDANH_PKCS12_PASSWORD", "sai mật khẩu")
    target = tmp_path / "tree.pdf"
    rc, _, err = cli("--db", str(db), "report", "--sign", str(pki.p12), str(target))
    assert rc == 2 and "sai mật khẩu" in err
    assert list(tmp_path.glob("*.pdf")) == [] and not list(tmp_path.glob(".*"))
    with Registry.open(db, readonly=True) as reg:
        assert reg.conn.execute("SELECT count(*) FROM signed_reports").fetchone()[0] == 0


def test_no_terminal_and_no_variable_asks_for_the_variable(cli, db: Path, pki, tmp_path):
    rc, _, err = cli("--db", str(db), "report", "--sign", str(pki.p12), str(tmp_path / "t.pdf"))
    assert rc == 2 and "MADINHDANH_PKCS12_PASSWORD" in err
    assert not (tmp_path / "t.pdf").exists()


def test_the_record_is_its_own_history_chained_and_checked_by_verify(
    cli, db: Path, pki, password, tmp_path: Path
):
    with Registry.open(db, readonly=True) as reg:
        events = reg.conn.execute("SELECT count(*) FROM events").fetchone()[0]
        head = head_hash(reg)
    for name in ("a.pdf", "b.pdf"):
        rc, _, err = cli("--db", str(db), "report", "--sign", str(pki.p12), str(tmp_path / name))
        assert rc == 0, err
    with Registry.open(db) as reg:
        rows = reg.conn.execute(
            "SELECT file_name, pdf_sha256, signer, events_head, role FROM signed_reports"
        ).fetchall()
        # Not a change of any unit: no event was added.
        assert reg.conn.execute("SELECT count(*) FROM events").fetchone()[0] == events
    assert [r[0] for r in rows] == ["a.pdf", "b.pdf"]
    assert rows[0][1] == hashlib.sha256((tmp_path / "a.pdf").read_bytes()).hexdigest()
    assert rows[0][2:] == (SIGNER, head, "signer")
    rc, out, _ = cli("--db", str(db), "verify")
    assert rc == 0, out

    conn = sqlite3.connect(db)
    conn.execute("UPDATE signed_reports SET signer = 'Người khác' WHERE id = 1")
    conn.commit()
    conn.close()
    rc, out, _ = cli("--db", str(db), "verify")
    assert rc == 1
    assert "Sổ ghi báo cáo đã ký số: SAI" in out
    rc, out, _ = cli("--db", str(db), "verify", "--json")
    assert json.loads(out)["signed_reports_ok"] is False


def test_verify_without_anchors_or_with_another_ca_is_not_trusted(
    reg: Registry, pki, tmp_path: Path, cli
):
    document = build_report(reg, "validation")
    pages = paginate(document)
    write_pdf(document, tmp_path / "v.pdf", pages)
    sign_pdf(tmp_path / "v.pdf", tmp_path / "s.pdf", load_pkcs12(pki.p12, PASSWORD), document,
             pages)  # fmt: skip
    none = verify_pdf(tmp_path / "s.pdf", [])
    assert not none.ok and "chưa cấu hình chứng thư gốc" in none.verdict
    assert none.signatures[0].intact  # the document itself is untouched
    other = make_pki(tmp_path / "other", ca_name="CA Khác")
    foreign = verify_pdf(tmp_path / "s.pdf", load_anchors([other.ca_pem]))
    assert not foreign.ok and "không dẫn tới chứng thư gốc tin cậy" in foreign.verdict
    # The clerk's setting is what verify-pdf uses when --trust is not given.
    rc, _, _ = cli("sign-settings", f"trust_anchors={pki.ca_pem}")
    assert rc == 0
    rc, out, _ = cli("verify-pdf", str(tmp_path / "s.pdf"))
    assert rc == 0 and "HỢP LỆ" in out


def test_verify_pdf_of_unsigned_and_non_pdf_files(cli, reg: Registry, tmp_path: Path):
    document = build_report(reg, "validation")
    write_pdf(document, tmp_path / "v.pdf")
    rc, out, _ = cli("verify-pdf", str(tmp_path / "v.pdf"))
    assert rc == 1 and "không có chữ ký số nào" in out
    (tmp_path / "x.pdf").write_text("không phải PDF")
    rc, _, err = cli("verify-pdf", str(tmp_path / "x.pdf"))
    assert rc == 2 and "không phải tệp PDF" in err
    rc, _, err = cli("verify-pdf", str(tmp_path / "v.pdf"), "--trust", str(tmp_path / "x.pdf"))
    assert rc == 2 and "không chứa chứng thư nào" in err


def test_sign_settings_are_per_user_and_hold_no_secret(cli, tmp_path: Path):
    rc, _, err = cli("sign-settings", "pin=1234")
    assert rc == 2 and "pin" in err
    rc, _, _ = cli("sign-settings", "tsa_url=http://tsa.example.vn", "pkcs11_module=/x.so")
    assert rc == 0
    rc, out, _ = cli("sign-settings", "--json")
    assert json.loads(out)["tsa_url"] == "http://tsa.example.vn"
    rc, _, err = cli("report", "--token", str(tmp_path / "t.pdf"))
    assert rc == 2 and "/x.so" in err


def test_a_page_changed_in_an_update_after_signing_is_found(reg: Registry, pki, tmp_path):
    """Not a broken hash but an incremental update that paints on a page after signing."""
    import io

    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    document = build_report(reg, "validation")
    pages = paginate(document)
    write_pdf(document, tmp_path / "v.pdf", pages)
    sign_pdf(tmp_path / "v.pdf", tmp_path / "s.pdf", load_pkcs12(pki.p12, PASSWORD), document,
             pages)  # fmt: skip
    writer = IncrementalPdfFileWriter(io.BytesIO((tmp_path / "s.pdf").read_bytes()))
    extra = generic.StreamObject(stream_data=b"BT /F1 12 Tf 100 100 Td (sua) Tj ET")
    page_ref = writer.root["/Pages"]["/Kids"].raw_get(0)
    page = page_ref.get_object()
    page["/Contents"] = generic.ArrayObject([page.raw_get("/Contents"), writer.add_object(extra)])
    writer.mark_update(page_ref)
    out = io.BytesIO()
    writer.write(out)
    (tmp_path / "changed.pdf").write_bytes(out.getvalue())
    verdict = verify_pdf(tmp_path / "changed.pdf", load_anchors([pki.ca_pem]))
    assert not verdict.ok
    check = verdict.signatures[0]
    assert check.intact and not check.unchanged
    assert "tài liệu đã bị sửa sau khi ký" in verdict.verdict


def test_the_agency_seals_a_report_the_signer_signed(cli, db: Path, pki, password, tmp_path):
    signed = tmp_path / "nguoi-ky.pdf"
    rc, _, err = cli("--db", str(db), "report", "--sign", str(pki.p12), str(signed))
    assert rc == 0, err
    sealed = tmp_path / "co-quan.pdf"
    rc, out, err = cli(
        "--db", str(db), "sign-pdf", str(signed), str(sealed), "--sign", str(pki.p12)
    )
    assert rc == 0, err
    assert "Đã ký số của cơ quan" in out
    verdict = verify_pdf(sealed, load_anchors([pki.ca_pem]))
    assert verdict.ok, verdict.verdict
    assert [s.field for s in verdict.signatures] == ["ChuKyNguoiKy", "ChuKyCoQuan"]
    _, signer_rect, _ = appearance_text(sealed, "ChuKyNguoiKy")
    _, agency_rect, text = appearance_text(sealed, "ChuKyCoQuan")
    third = signer_rect[0] + (signer_rect[2] - signer_rect[0]) / 3
    assert agency_rect[0] < signer_rect[0] and abs(agency_rect[2] - third) <= 2
    assert "Sở Khoa học và Công nghệ" in text.replace("\n", " ")
    with Registry.open(db, readonly=True) as reg:
        rows = reg.conn.execute(
            "SELECT file_name, role, report_kind, events_head FROM signed_reports ORDER BY id"
        ).fetchall()
    assert [r[:3] for r in rows] == [
        ("nguoi-ky.pdf", "signer", "tree"),
        ("co-quan.pdf", "agency", "tree"),
    ]
    assert rows[0][3] == rows[1][3]  # the same registry state as the report it seals

    # A file the registry did not sign is refused, nothing written.
    stranger = tmp_path / "la.pdf"
    stranger.write_bytes(sealed.read_bytes() + b"\n")
    rc, _, err = cli("--db", str(db), "sign-pdf", str(stranger), str(tmp_path / "x.pdf"),
                     "--sign", str(pki.p12))  # fmt: skip
    assert rc == 2 and "Sổ không ghi tệp" in err
    assert not (tmp_path / "x.pdf").exists()
