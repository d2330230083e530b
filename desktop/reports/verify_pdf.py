"""Checking the digital signatures of a PDF: who signed, when, whether the document changed after
signing, and whether the signer's certificate leads to a trust anchor the clerk configured.

Offline by design: the chain is checked against the anchors given, nothing is fetched, and a
certificate whose revocation cannot be looked up is not held against the signature.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import io
import logging
import os
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from desktop.domain.errors import InvalidInput, os_reason
from desktop.domain.signatures import ROLE_LABELS, VIETNAM, SignedReport

log = logging.getLogger("madinhdanh")


@dataclass
class SignatureCheck:
    field: str
    signer: str  # the certificate's common name
    subject: str
    issuer: str
    signed_at: str | None  # as the signer's computer said (ISO 8601, +07:00)
    timestamp: str | None  # from a trusted time-stamping authority, when there is one
    reason: str | None
    intact: bool  # the signed bytes still hash to what was signed
    valid: bool  # the signature matches the certificate's key
    trusted: bool  # the certificate leads to a configured trust anchor
    unchanged: bool  # nothing but signatures and timestamps added after it
    covers_whole_file: bool
    problems: list[str] = dataclasses.field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass
class PdfVerdict:
    path: str
    sha256: str
    anchors: int
    signatures: list[SignatureCheck] = dataclasses.field(default_factory=list)
    problems: list[str] = dataclasses.field(
        default_factory=list
    )  # of the file itself (none, unreadable)

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.signatures) and all(s.ok for s in self.signatures)

    @property
    def verdict(self) -> str:
        """One sentence for the clerk."""
        if self.problems:
            return f"KHÔNG HỢP LỆ: {self.problems[0]}"
        bad = [s for s in self.signatures if not s.ok]
        if bad:
            return f"KHÔNG HỢP LỆ: chữ ký của {bad[0].signer}: {bad[0].problems[0]}"
        names = ", ".join(s.signer for s in self.signatures)
        return (
            f"HỢP LỆ: {len(self.signatures)} chữ ký số ({names}) còn nguyên vẹn, tài liệu không "
            "bị sửa sau khi ký, chứng thư dẫn tới chứng thư gốc tin cậy."
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "sha256": self.sha256,
            "ok": self.ok,
            "verdict": self.verdict,
            "trust_anchors": self.anchors,
            "problems": self.problems,
            "signatures": [{**asdict(s), "ok": s.ok} for s in self.signatures],
        }


def quiet_libraries() -> None:
    """pyHanko and fontTools log what they find (a path not built, a table not subset) with
    tracebacks; what matters reaches the clerk as a verdict, the rest goes to our log only."""
    for name in ("pyhanko", "pyhanko_certvalidator", "fontTools"):
        logger = logging.getLogger(name)
        if not logger.handlers:
            logger.addHandler(logging.NullHandler())
        logger.propagate = False


def load_anchors(paths: list[str | os.PathLike[str]]) -> list[Any]:
    """The trust anchors in PEM (or DER) files; a clerk's reason for a file that holds none."""
    from pyhanko.keys import load_certs_from_pemder

    anchors: list[Any] = []
    for path in paths:
        source = Path(path)
        if not source.is_file():
            raise InvalidInput(
                f"Không có tệp chứng thư gốc '{source}'.", f"No trust anchor file '{source}'."
            )
        try:
            found = list(load_certs_from_pemder([str(source)]))
        except Exception as exc:
            found = []
            log.warning("trust anchors %s: %r", source, exc)
        if not found:
            raise InvalidInput(
                f"Tệp '{source}' không chứa chứng thư nào (cần tệp .pem hoặc .cer).",
                f"'{source}' holds no certificate.",
            )
        anchors.extend(found)
    return anchors


def _time(value: dt.datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(VIETNAM).isoformat(timespec="seconds")


def verify_pdf(path: str | os.PathLike[str], anchors: list[Any]) -> PdfVerdict:
    """Check every signature of the PDF at ``path`` against ``anchors`` (:func:`load_anchors`)."""
    source = Path(path)
    try:
        data = source.read_bytes()
    except OSError as exc:
        raise InvalidInput(
            f"Không đọc được tệp '{source}': {os_reason(exc)}.", f"Cannot read '{source}': {exc}"
        ) from exc
    if not data.startswith(b"%PDF"):
        raise InvalidInput(f"Tệp '{source}' không phải tệp PDF.", f"'{source}' is not a PDF.")
    verdict = PdfVerdict(str(source), hashlib.sha256(data).hexdigest(), len(anchors))
    quiet_libraries()
    from pyhanko.pdf_utils.misc import PdfReadError
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        embedded = list(reader.embedded_signatures)
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        log.warning("verify-pdf %s: %r", source, exc)
        verdict.problems.append("tệp PDF bị hỏng hoặc đã bị sửa, không đọc được cấu trúc của nó.")
        return verdict
    if not embedded:
        verdict.problems.append("tài liệu không có chữ ký số nào.")
        return verdict
    for signature in embedded:
        verdict.signatures.append(_check(signature, anchors))
    return verdict


def _check(signature: Any, anchors: list[Any]) -> SignatureCheck:
    from pyhanko.sign.diff_analysis.policy_api import ModificationLevel
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.errors import SignatureValidationError
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    context = ValidationContext(trust_roots=list(anchors), allow_fetching=False)
    name = str(signature.field_name)
    try:
        status = validate_pdf_signature(signature, context)
    except (SignatureValidationError, ValueError, KeyError, TypeError) as exc:
        log.warning("signature %s: %r", name, exc)
        return SignatureCheck(
            name,
            "?",
            "",
            "",
            None,
            None,
            None,
            False,
            False,
            False,
            False,
            False,
            ["chữ ký bị hỏng, không kiểm tra được (tài liệu đã bị sửa?)."],
        )
    cert = status.signing_cert
    subject = cert.subject.native
    tst = status.timestamp_validity
    coverage = status.coverage
    level = status.modification_level
    whole = coverage == SignatureCoverageLevel.ENTIRE_FILE
    unchanged = bool(status.intact) and (
        whole
        or (
            coverage == SignatureCoverageLevel.ENTIRE_REVISION
            and level is not None
            and level <= ModificationLevel.FORM_FILLING
            and status.docmdp_ok is not False
        )
    )
    check = SignatureCheck(
        field=name,
        signer=str(subject.get("common_name") or cert.subject.human_friendly),
        subject=cert.subject.human_friendly,
        issuer=cert.issuer.human_friendly,
        signed_at=_time(status.signer_reported_dt),
        timestamp=_time(tst.timestamp) if tst is not None else None,
        reason=_text(signature.sig_object.get("/Reason")),
        intact=bool(status.intact),
        valid=bool(status.valid),
        trusted=bool(status.trusted),
        unchanged=unchanged,
        covers_whole_file=whole,
    )
    if not status.intact:
        check.problems.append(
            "nội dung tài liệu đã bị thay đổi sau khi ký (mã băm không khớp với chữ ký)."
        )
    elif not status.valid:
        check.problems.append("chữ ký không khớp với chứng thư của người ký.")
    if status.intact and not unchanged:
        check.problems.append(
            "tài liệu đã bị sửa sau khi ký (phần thêm vào sau chữ ký không chỉ là chữ ký số)."
        )
    if not (status.intact and status.valid):
        pass  # a broken signature says nothing about its certificate's trust
    elif status.revoked:
        check.problems.append("chứng thư của người ký đã bị thu hồi.")
    elif not status.trusted:
        check.problems.append(
            "chưa cấu hình chứng thư gốc tin cậy nào (thiết lập trust_anchors hoặc --trust)."
            if not anchors
            else "chứng thư của người ký không dẫn tới chứng thư gốc tin cậy nào đã cấu hình "
            "(hoặc đã hết hạn)."
        )
    return check


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def _yes(value: bool) -> str:
    return "có" if value else "KHÔNG"


def describe(verdict: PdfVerdict, recorded: Sequence[SignedReport] = ()) -> list[str]:
    """The verdict as lines for the clerk (the command line prints them, the window shows them)."""
    lines = [f"Kiểm tra chữ ký số của tệp {verdict.path}:"]
    if not verdict.anchors:
        lines.append(
            "  Chưa có chứng thư gốc tin cậy (sign-settings trust_anchors=TỆP.pem, --trust)."
        )
    for number, s in enumerate(verdict.signatures, start=1):
        lines.append(f"  Chữ ký {number} ({s.field}): {s.signer}")
        lines.append(f"    Chứng thư: {s.subject}")
        lines.append(f"    Cấp bởi: {s.issuer}")
        lines.append(f"    Thời điểm ký (theo máy người ký): {s.signed_at or 'không ghi'}")
        if s.timestamp:
            lines.append(f"    Dấu thời gian tin cậy: {s.timestamp}")
        if s.reason:
            lines.append(f"    Lý do ký: {s.reason}")
        trust = _yes(s.trusted) if s.intact and s.valid else "không xét (chữ ký hỏng)"
        lines.append(
            f"    Nguyên vẹn: {_yes(s.intact)}; không bị sửa sau khi ký: {_yes(s.unchanged)}; "
            f"chứng thư tin cậy: {trust}"
        )
        lines.extend(f"    Lỗi: {problem}" for problem in s.problems)
    for entry in recorded:
        lines.append(
            f"  Sổ đã ghi: {entry.report_title} ký số lúc {entry.signed_at} bởi {entry.signer} "
            f"({ROLE_LABELS[entry.role]}); trạng thái sổ khi in: {entry.events_head or '(trống)'}"
        )
    lines.append(f"Kết luận: {verdict.verdict}")
    return lines
