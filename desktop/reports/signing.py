"""Digital signatures (chữ ký số) of reports: PAdES through pyHanko, placed as NĐ 30/2020 wants.

NĐ 30/2020/NĐ-CP, Phụ lục I, phần II:
- the signer's signature appears where the signature stands on paper: here the empty room of
  the signature block between the title and the name (:attr:`Page.signature`);
- the agency's signature (its seal) covers about a third of the signer's on the left;
- on a document sent with the main text (a decision's appendix), the agency signs in the top
  right corner of the first page, with the document's number and the time of signing, 10 pt.

A signature is an incremental update: the pages painted by Qt are not touched, so nothing on
them moves. Keys come from a PKCS#12 file (``.p12``/``.pfx``) or a PKCS#11 token (the USB tokens
of the Vietnamese certificate authorities); the password is never stored.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import io
import logging
import math
import os
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop.domain.errors import InvalidInput, KnownError, os_reason
from desktop.domain.signatures import AGENCY, ROLE_LABELS, ROLES, SIGNER, VIETNAM, SignedReport
from desktop.paths import resource_file
from desktop.reports.document import Document
from desktop.reports.layout import Box, Page, geometry
from desktop.reports.qt import MM, PT
from desktop.reports.verify_pdf import quiet_libraries

log = logging.getLogger("madinhdanh")


FIELD_NAMES = {SIGNER: "ChuKyNguoiKy", AGENCY: "ChuKyCoQuan"}
APPEARANCE_FONT = "LiberationSerif-Regular.ttf"

_AGENCY_WIDTH = 36 * MM  # about a seal's size
_ATTACHED_WIDTH = 70 * MM


@dataclass(frozen=True)
class Place:
    """Where a signature field goes: page index (0 first) and box in PDF points (x1, y1, x2, y2,
    origin at the bottom left, as PDF counts)."""

    page: int
    box: tuple[int, int, int, int]
    font_size: int = 9
    # Room kept empty on the left of the box (points): the third of the signer's box that the
    # agency's signature covers.
    clear_left: int = 0


def _points(box: Box, page_height: float) -> tuple[int, int, int, int]:
    # Layout units are tenths of a point, counted from the top; whole points inside the box
    # (pyHanko's layout wants integers).
    return (
        math.ceil(box.left / PT),
        math.ceil((page_height - box.bottom) / PT),
        math.floor(box.right / PT),
        math.floor((page_height - box.top) / PT),
    )


def signature_place(document: Document, pages: list[Page], role: str) -> Place:
    """The place NĐ 30/2020 gives the signature of ``role`` on the document as laid out."""
    g = geometry(document.landscape)
    if document.attached or not any(p.signature for p in pages):
        # No signature block: the corner of page 1, in the top margin (no page number there).
        box = Box(g.text_right - _ATTACHED_WIDTH, 4 * MM, g.text_right, g.top - 2 * MM)
        return Place(0, _points(box, g.height), 10)
    index, page = next((i, p) for i, p in enumerate(pages) if p.signature)
    assert page.signature is not None
    signer = page.signature
    third = (signer.right - signer.left) / 3
    if role == SIGNER:
        return Place(index, _points(signer, g.height), clear_left=round(third / PT))
    right = signer.left + third
    agency = Box(right - _AGENCY_WIDTH, signer.top, right, signer.bottom)
    return Place(index, _points(agency, g.height), font_size=8)


def appearance_lines(
    document: Document, role: str, signer_name: str, when: dt.datetime
) -> list[str]:
    """The text of the visible signature: who, in what capacity, when (ISO 8601, +07:00)."""
    stamp = when.astimezone(VIETNAM).isoformat(timespec="seconds")
    if document.attached:
        # NĐ 30: the number of the document it goes with, and the time of signing.
        reference = " ".join(document.subtitle).strip("() ") or document.title_text
        return [*textwrap.wrap(reference, 48), f"Ký bởi: {signer_name}", f"Thời gian ký: {stamp}"]
    if role == AGENCY:
        issuer = document.letterhead.issuer_name
        who = issuer if issuer.strip(". ") else signer_name
        return [*textwrap.wrap(f"Ký bởi: {who}", 24), stamp]
    # Short lines: the text sits in the two thirds of the room the agency's seal leaves free.
    lines = [f"Ký bởi: {signer_name}"]
    titles = [t.strip() for t in document.signature.title.split("\n") if t.strip(". ")]
    lines.extend(titles)
    lines.extend(["Thời gian ký:", stamp])
    return lines


# -- keys -----------------------------------------------------------------------------------


def load_pkcs12(path: str | os.PathLike[str], password: str) -> Any:
    """A signer from a PKCS#12 file; a clerk's reason when the file or password is wrong."""
    from pyhanko.sign import signers

    source = Path(path)
    try:
        data = source.read_bytes()
    except OSError as exc:
        raise InvalidInput(
            f"Không đọc được tệp chứng thư số '{source}': {os_reason(exc)}.",
            f"Cannot read the PKCS#12 file '{source}': {exc}",
        ) from exc
    try:
        signer = signers.SimpleSigner.load_pkcs12_data(data, (), password.encode() or None)
    except (ValueError, TypeError) as exc:
        raise InvalidInput(
            f"Không mở được tệp chứng thư số '{source}': sai mật khẩu, hoặc tệp không phải "
            "PKCS#12 (.p12, .pfx).",
            f"Cannot open '{source}': wrong password or not a PKCS#12 file.",
        ) from exc
    if signer.signing_cert is None or signer.signing_key is None:
        raise InvalidInput(
            f"Tệp '{source}' không có khóa ký và chứng thư của người ký.",
            f"'{source}' holds no signing key and certificate.",
        )
    return signer


@dataclass
class TokenSigner:
    """A signer on a PKCS#11 token, with the session to close when done."""

    signer: Any
    session: Any

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.session.close()


def check_module(module: str) -> None:
    """Refuse a PKCS#11 module path that is not set or not there (before a PIN is asked)."""
    if not module:
        raise InvalidInput(
            "Chưa đặt thư viện PKCS#11 của thiết bị ký số: "
            "madinhdanh sign-settings pkcs11_module=ĐƯỜNG_DẪN.",
            "No PKCS#11 module configured (setting pkcs11_module).",
        )
    if not Path(module).is_file():
        raise InvalidInput(
            f"Không có thư viện PKCS#11 '{module}' (xem hướng dẫn của nhà cung cấp thiết bị).",
            f"No PKCS#11 module at '{module}'.",
        )


def open_token(module: str, pin: str, label: str | None = None) -> TokenSigner:
    """The signing key and certificate on the first token of a PKCS#11 module (the driver of a
    USB token); ``label``: the certificate's label when the token holds several."""
    check_module(module)
    import pkcs11

    try:
        # Drivers list empty slots too (SoftHSM keeps one for a new token): the first slot
        # holding a token is the clerk's.
        slots = pkcs11.lib(module).get_slots(token_present=True)
    except Exception as exc:
        raise InvalidInput(
            f"Không nạp được thư viện PKCS#11 '{module}' ({type(exc).__name__}).",
            f"Cannot load the PKCS#11 module: {exc!r}",
        ) from exc
    if not slots:
        raise InvalidInput(
            "Chưa cắm thiết bị ký số (không thấy thiết bị nào qua thư viện PKCS#11).",
            "No token present.",
        )
    try:
        session = slots[0].get_token().open(user_pin=pin)
    except Exception as exc:
        raise InvalidInput(
            f"Không mở được thiết bị ký số: sai mã PIN, hoặc thiết bị bị khóa "
            f"({type(exc).__name__}).",
            f"Cannot open a session on the PKCS#11 token: {exc!r}",
        ) from exc
    try:
        signer = _token_signer(session, label)
    except Exception:
        session.close()
        raise
    return TokenSigner(signer, session)


def _token_signer(session: Any, label: str | None) -> Any:
    """The certificate with a private key of the same id (tokens label the two as they like);
    the one labelled ``label`` when the token holds several."""
    from pkcs11 import Attribute, ObjectClass
    from pyhanko.sign import pkcs11

    def attribute(obj: Any, name: Any) -> Any:
        try:
            return obj[name]
        except Exception:  # an object without that attribute
            return None

    key_ids = {
        attribute(k, Attribute.ID)
        for k in session.get_objects({Attribute.CLASS: ObjectClass.PRIVATE_KEY})
    }
    usable = [
        c
        for c in session.get_objects({Attribute.CLASS: ObjectClass.CERTIFICATE})
        if attribute(c, Attribute.ID) in key_ids
        and (label is None or attribute(c, Attribute.LABEL) == label)
    ]
    if len(usable) != 1:
        names = ", ".join(str(attribute(c, Attribute.LABEL)) for c in usable)
        if usable:
            vi = f"Thiết bị ký số có {len(usable)} chứng thư ({names}): đặt thiết lập key_label."
        elif label:
            vi = f"Thiết bị ký số không có chứng thư nhãn '{label}' kèm khóa ký."
        else:
            vi = "Thiết bị ký số không có chứng thư nào kèm khóa ký."
        raise InvalidInput(vi, f"{len(usable)} usable certificates on the token ({names}).")
    cert_id = attribute(usable[0], Attribute.ID)
    try:
        return pkcs11.PKCS11Signer(session, cert_id=cert_id, key_id=cert_id)
    except Exception as exc:
        raise InvalidInput(
            "Không đọc được chứng thư và khóa ký trên thiết bị ký số.",
            f"Cannot use the certificate and key on the token: {exc!r}",
        ) from exc


def signer_name(signer: Any) -> str:
    """The signer's common name as the certificate gives it."""
    subject = signer.signing_cert.subject.native
    return str(subject.get("common_name") or signer.signing_cert.subject.human_friendly)


# -- signing --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Signed:
    signer: str
    role: str
    signed_at: str  # ISO 8601, +07:00
    timestamped: bool
    # Why no trusted timestamp was added although a TSA is configured (offline, TSA down).
    timestamp_problem: str | None
    sha256: str
    certificate_sha256: str
    place: Place
    text: list[str]


@functools.cache
def _appearance_font() -> bytes:
    """The shipped serif font scaled to 1000 units per em: pyHanko writes glyph widths as the
    font gives them, and PDF reads them in thousandths of an em (Liberation has 2048)."""
    from fontTools.ttLib import TTFont
    from fontTools.ttLib.scaleUpem import scale_upem

    font = TTFont(str(resource_file("fonts", APPEARANCE_FONT)))
    scale_upem(font, 1000)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def _style(place: Place) -> Any:
    from pyhanko.pdf_utils.font.api import FontEngineFactory
    from pyhanko.pdf_utils.font.opentype import GlyphAccumulator
    from pyhanko.pdf_utils.layout import AxisAlignment, Margins, SimpleBoxLayoutRule
    from pyhanko.pdf_utils.text import TextBoxStyle
    from pyhanko.stamp import TextStampStyle

    class Factory(FontEngineFactory):
        def create_font_engine(self, writer: Any, obj_stream: Any = None) -> Any:
            if obj_stream is None and writer.stream_xrefs:
                obj_stream = writer.prepare_object_stream()
            return GlyphAccumulator(
                writer=writer,
                font_handle=io.BytesIO(_appearance_font()),
                font_size=place.font_size,
                obj_stream=obj_stream,
            )

    middle = AxisAlignment.ALIGN_MID
    return TextStampStyle(
        stamp_text="%(lines)s",
        text_box_style=TextBoxStyle(font=Factory(), font_size=place.font_size),
        border_width=0,
        background=None,
        inner_content_layout=SimpleBoxLayoutRule(
            x_align=middle, y_align=middle, margins=Margins(2 + place.clear_left, 2, 2, 2)
        ),
    )


def sign_pdf(
    source: str | os.PathLike[str],
    target: str | os.PathLike[str],
    signer: Any,
    document: Document,
    pages: list[Page],
    *,
    role: str = SIGNER,
    reason: str = "",
    tsa_url: str | None = None,
    timestamper: Any = None,
) -> Signed:
    """Sign the PDF ``source`` (the document painted from ``pages``) into ``target``, which
    appears whole or not at all. A configured TSA that cannot be reached (offline) leaves the
    signature without a trusted timestamp: signing never fails for want of a network."""
    if role not in ROLES:
        raise InvalidInput(f"Vai trò ký '{role}' không có; chọn: {', '.join(ROLES)}.")
    name = signer_name(signer)
    return _sign_into(
        Path(source).read_bytes(),
        Path(target),
        signer,
        signature_place(document, pages, role),
        role,
        lambda when: appearance_lines(document, role, name, when),
        location=document.letterhead.place.strip(". "),
        reason=reason,
        tsa_url=tsa_url,
        timestamper=timestamper,
    )


def add_agency_signature(
    source: str | os.PathLike[str],
    target: str | os.PathLike[str],
    signer: Any,
    *,
    agency: str,
    location: str = "",
    reason: str = "",
    tsa_url: str | None = None,
    timestamper: Any = None,
) -> Signed:
    """Add the agency's signature (its seal) to a report the signer already signed here: over
    the left third of the signer's signature, wherever that one is on the page."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    data = Path(source).read_bytes()
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        found = []
        for index in range(int(reader.root["/Pages"]["/Count"])):
            page = reader.find_page_for_modification(index)[0].get_object()
            # get() would hand back the array's reference; indexing resolves it.
            annots = page["/Annots"] if "/Annots" in page else ()  # noqa: SIM401
            for ref in annots:
                widget = ref.get_object()
                if str(widget.get("/T", "")) == FIELD_NAMES[SIGNER]:
                    found.append((index, [float(v) for v in widget["/Rect"]]))
    except Exception as exc:
        log.warning("add agency signature to %s: %r", source, exc)
        found = []
    if not found:
        raise InvalidInput(
            f"Tệp '{source}' không có chữ ký số của người có thẩm quyền do chương trình này đặt "
            "(báo cáo đã ký bằng report --sign): không biết đặt dấu của cơ quan ở đâu.",
            f"'{source}' holds no signer's signature made by this program.",
        )
    index, (x1, y1, x2, y2) = found[0]
    right = x1 + (x2 - x1) / 3
    box = (math.ceil(right - _AGENCY_WIDTH / PT), math.ceil(y1), math.floor(right), math.floor(y2))
    name = signer_name(signer)
    who = agency if agency.strip(". ") else name
    return _sign_into(
        data,
        Path(target),
        signer,
        Place(index, box, font_size=8),
        AGENCY,
        lambda when: [
            *textwrap.wrap(f"Ký bởi: {who}", 24),
            when.astimezone(VIETNAM).isoformat(timespec="seconds"),
        ],
        location=location.strip(". "),
        reason=reason,
        tsa_url=tsa_url,
        timestamper=timestamper,
    )


def _sign_into(
    data: bytes,
    target: Path,
    signer: Any,
    place: Place,
    role: str,
    lines: Callable[[dt.datetime], list[str]],
    *,
    location: str,
    reason: str,
    tsa_url: str | None,
    timestamper: Any,
) -> Signed:
    quiet_libraries()
    name = signer_name(signer)
    problem = None
    if timestamper is None and tsa_url:
        from pyhanko.sign.timestamps import HTTPTimeStamper

        timestamper = HTTPTimeStamper(tsa_url, timeout=10)
    args = (data, signer, place, role, lines, location, reason)
    try:
        signed, text, when = _sign_bytes(*args, timestamper)
    except _TimestampUnavailable as exc:
        problem = str(exc.__cause__ or exc)
        log.warning("timestamp unavailable from %s: %s", tsa_url, problem)
        signed, text, when = _sign_bytes(*args, None)
        timestamper = None
    _write_whole(target, signed)
    return Signed(
        signer=name,
        role=role,
        signed_at=when.isoformat(timespec="seconds"),
        timestamped=timestamper is not None,
        timestamp_problem=problem,
        sha256=hashlib.sha256(signed).hexdigest(),
        certificate_sha256=signer.signing_cert.sha256.hex(),
        place=place,
        text=text,
    )


class _TimestampUnavailable(Exception):
    pass


def _sign_bytes(
    data: bytes,
    signer: Any,
    place: Place,
    role: str,
    lines: Callable[[dt.datetime], list[str]],
    location: str,
    reason: str,
    timestamper: Any,
) -> tuple[bytes, list[str], dt.datetime]:
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from pyhanko.sign.general import SigningError

    when = dt.datetime.now(VIETNAM).replace(microsecond=0)
    text = lines(when)
    writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    field = FIELD_NAMES[role]
    existing = {f for f, _, _ in fields.enumerate_sig_fields(writer.prev, filled_status=None)}
    if field in existing:
        raise InvalidInput(
            f"Tài liệu đã có chữ ký số của {ROLE_LABELS[role]}; không ký lần nữa.",
            f"The document already holds the {role} signature.",
        )
    meta = signers.PdfSignatureMetadata(
        field_name=field,
        reason=reason or None,
        location=location or None,
        subfilter=fields.SigSeedSubFilter.PADES,
        use_pades_lta=False,
    )

    class AtTime(signers.PdfSigner):
        # The time in the CMS signature is the time written in the appearance.
        def init_signing_session(self, pdf_out: Any, existing_fields_only: bool = False) -> Any:
            session = super().init_signing_session(pdf_out, existing_fields_only)
            session.system_time = when
            return session

    pdf_signer = AtTime(
        meta,
        signer=signer,
        timestamper=timestamper,
        stamp_style=_style(place),
        new_field_spec=fields.SigFieldSpec(field, on_page=place.page, box=place.box),
    )
    out = io.BytesIO()
    try:
        pdf_signer.sign_pdf(writer, appearance_text_params={"lines": "\n".join(text)}, output=out)
    except SigningError as exc:
        if timestamper is not None and _is_timestamp_problem(exc):
            raise _TimestampUnavailable(str(exc)) from exc
        raise KnownError(f"Không ký được tài liệu: {exc}.", f"Signing failed: {exc!r}") from exc
    except OSError as exc:  # the TSA's connection (requests raises OSError subclasses)
        if timestamper is not None:
            raise _TimestampUnavailable(str(exc)) from exc
        raise
    return out.getvalue(), text, when


def _is_timestamp_problem(exc: Exception) -> bool:
    chain: BaseException | None = exc
    while chain is not None:
        if "imestamp" in type(chain).__name__ or "imestamp" in str(chain):
            return True
        chain = chain.__cause__ or chain.__context__
    return False


def _write_whole(target: Path, data: bytes) -> None:
    partial = target.with_name(f".{target.name}.{os.getpid()}.signing")
    try:
        partial.write_bytes(data)
        partial.replace(target)
    except OSError as exc:
        raise KnownError(
            f"Không ghi được tệp '{target}': {os_reason(exc)}.", f"Cannot write '{target}': {exc}"
        ) from exc
    finally:
        with contextlib.suppress(OSError):
            partial.unlink()


def signing_reason(document: Document, heads: tuple[str, str]) -> str:
    """The reason written into the signature itself: the document names the registry state it
    showed (the head of the events' hash chain)."""
    state = heads[0][:16] or "(sổ trống)"
    return f"{document.title_text}. Trạng thái sổ mã định danh: {state}"


def signed_entry(
    document: Document,
    signed: Signed,
    heads: tuple[str, str],
    file_name: str,
    parameters: dict[str, Any],
) -> SignedReport:
    """The registry's record of a signed report."""
    return SignedReport(
        report_kind=document.kind,
        report_title=document.title_text,
        file_name=file_name,
        pdf_sha256=signed.sha256,
        role=signed.role,
        signer=signed.signer,
        certificate_sha256=signed.certificate_sha256,
        signed_at=signed.signed_at,
        timestamped=signed.timestamped,
        events_head=heads[0],
        decisions_head=heads[1],
        parameters=parameters,
    )
