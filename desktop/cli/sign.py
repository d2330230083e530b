"""verify-pdf, sign-settings, and the ``--sign``/``--token`` options of ``report``."""

from __future__ import annotations

import argparse
import contextlib
import getpass
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop.cli.common import (
    EXIT_FOUND_PROBLEMS,
    EXIT_OK,
    assignments,
    open_registry,
    print_json,
    print_table,
    registry_path,
)
from desktop.domain.errors import InvalidInput, KnownError, os_reason
from desktop.domain.signatures import AGENCY, ROLE_LABELS, ROLES, SIGNER, SignedReport
from desktop.reports.build import KIND_LABELS
from desktop.reports.sign_settings import (
    SIGN_SETTINGS,
    read_sign_settings,
    settings_path,
    write_sign_settings,
)

PASSWORD_VARIABLE = "MADINHDANH_PKCS12_PASSWORD"
PIN_VARIABLE = "MADINHDANH_PKCS11_PIN"


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "verify-pdf",
        help="kiểm tra chữ ký số của một tệp PDF: ai ký, khi nào, có bị sửa sau khi ký không",
    )
    p.add_argument("file", metavar="FILE.pdf")
    p.add_argument(
        "--trust",
        action="append",
        metavar="FILE.pem",
        help="chứng thư gốc tin cậy (mặc định: thiết lập trust_anchors); lặp lại được",
    )
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_verify_pdf)

    p = sub.add_parser(
        "sign-pdf",
        help="đóng dấu số của cơ quan (chữ ký số của cơ quan) lên báo cáo người có thẩm quyền "
        "đã ký bằng report --sign",
    )
    p.add_argument("file", metavar="FILE.pdf")
    p.add_argument("output", metavar="OUT.pdf")
    group = p.add_mutually_exclusive_group(required=True)
    group.add_argument("--sign", metavar="FILE.p12", help="tệp PKCS#12 của cơ quan")
    group.add_argument("--token", action="store_true", help="thiết bị ký số (PKCS#11)")
    p.add_argument("--tsa", metavar="URL", help="dịch vụ dấu thời gian (mặc định: tsa_url)")
    p.set_defaults(func=cmd_sign_pdf, sign_as=AGENCY)

    keys = ", ".join(s.key for s in SIGN_SETTINGS)
    p = sub.add_parser(
        "sign-settings",
        help="xem hoặc đặt thiết lập ký số của bạn (thiết bị ký số, dấu thời gian, chứng thư gốc)",
        description=f"Thiết lập: {keys}. Đặt bằng KHÓA=GIÁ TRỊ; GIÁ TRỊ trống để xóa. "
        "Mật khẩu và mã PIN không bao giờ được lưu.",
    )
    p.add_argument("assignments", nargs="*", metavar="KEY=VALUE")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_sign_settings)


def add_sign_options(p: argparse.ArgumentParser) -> None:
    """The signing options of ``report``."""
    group = p.add_mutually_exclusive_group()
    group.add_argument(
        "--sign",
        metavar="FILE.p12",
        help="ký số báo cáo bằng tệp PKCS#12 (.p12, .pfx); mật khẩu hỏi trên màn hình hoặc lấy "
        f"từ biến môi trường {PASSWORD_VARIABLE}",
    )
    group.add_argument(
        "--token",
        action="store_true",
        help="ký số báo cáo bằng thiết bị ký số (PKCS#11, thiết lập pkcs11_module); mã PIN hỏi "
        f"trên màn hình hoặc lấy từ biến môi trường {PIN_VARIABLE}",
    )
    p.add_argument(
        "--sign-as",
        choices=ROLES,
        default=SIGNER,
        help="chữ ký của người có thẩm quyền (signer, mặc định) hay của cơ quan (agency)",
    )
    p.add_argument("--tsa", metavar="URL", help="dịch vụ dấu thời gian (mặc định: tsa_url)")


def _secret(variable: str, prompt: str, what: str) -> str:
    value = os.environ.get(variable)
    if value is not None:
        return value
    if not sys.stdin or not sys.stdin.isatty():
        raise InvalidInput(
            f"Cần {what} mà không có màn hình để hỏi: đặt biến môi trường {variable}.",
            f"No terminal to ask for the {what}; set {variable}.",
        )
    return getpass.getpass(prompt)


@dataclass
class SigningKey:
    signer: Any
    role: str
    tsa_url: str | None
    close: Any = None


@contextlib.contextmanager
def signing_key(args: argparse.Namespace) -> Iterator[SigningKey | None]:
    """The key asked for by ``--sign``/``--token``, opened before anything is written (a wrong
    password is bad input, and nothing is written); None when the report is not signed."""
    if not (getattr(args, "sign", None) or getattr(args, "token", False)):
        yield None
        return
    from desktop.reports import signing

    settings = read_sign_settings()
    tsa = args.tsa if args.tsa is not None else settings["tsa_url"] or None
    if args.sign:
        source = Path(args.sign)
        if not source.is_file():
            raise InvalidInput(
                f"Không có tệp chứng thư số '{source}'.", f"No PKCS#12 file '{source}'."
            )
        password = _secret(PASSWORD_VARIABLE, "Mật khẩu tệp chứng thư số: ", "mật khẩu")
        yield SigningKey(signing.load_pkcs12(source, password), args.sign_as, tsa)
        return
    module = settings["pkcs11_module"]
    signing.check_module(module)
    pin = _secret(PIN_VARIABLE, "Mã PIN của thiết bị ký số: ", "mã PIN")
    token = signing.open_token(module, pin, settings["key_label"] or None)
    try:
        yield SigningKey(token.signer, args.sign_as, tsa)
    finally:
        token.close()


def sign_and_record(
    args: argparse.Namespace,
    key: SigningKey,
    document: Any,
    pages: list[Any],
    target: Path,
    heads: tuple[str, str],
    parameters: dict[str, Any],
) -> None:
    """Paint, sign, record in the registry, then put the signed file in place: a report whose
    signature could not be recorded is not left behind."""
    from desktop.reports.render import write_pdf
    from desktop.reports.signing import sign_pdf, signed_entry, signing_reason
    from desktop.store.signatures import record_signed_report

    unsigned = target.with_name(f".{target.name}.{os.getpid()}.unsigned.pdf")
    signed_file = target.with_name(f".{target.name}.{os.getpid()}.signed.pdf")
    try:
        pages_written = write_pdf(document, unsigned, pages)
        signed = sign_pdf(
            unsigned,
            signed_file,
            key.signer,
            document,
            pages,
            role=key.role,
            reason=signing_reason(document, heads),
            tsa_url=key.tsa_url,
        )
        with open_registry(args) as reg:
            entry = record_signed_report(
                reg, signed_entry(document, signed, heads, target.name, parameters)
            )
        signed_file.replace(target)
    finally:
        for leftover in (unsigned, signed_file):
            with contextlib.suppress(OSError):
                leftover.unlink()
    print(f"Đã ghi báo cáo {KIND_LABELS[document.kind]} vào {target} ({pages_written} trang).")
    stamp = "có dấu thời gian tin cậy" if signed.timestamped else "không có dấu thời gian"
    print(
        f"Đã ký số: {signed.signer} ({ROLE_LABELS[signed.role]}), lúc {signed.signed_at}, "
        f"{stamp}; ghi vào sổ (lần ký số {entry.id})."
    )
    if signed.timestamp_problem:
        print(
            f"Không lấy được dấu thời gian từ {key.tsa_url} (không có mạng?): chữ ký mang giờ "
            "của máy tính này."
        )


def cmd_sign_pdf(args: argparse.Namespace) -> int:
    """The agency's signature on a report the registry recorded as signed by the signer."""
    import hashlib
    from dataclasses import replace

    from desktop.reports.signing import add_agency_signature
    from desktop.store.settings import read_settings
    from desktop.store.signatures import record_signed_report, signed_reports

    source, target = Path(args.file), Path(args.output)
    if target.suffix.lower() != ".pdf":
        raise InvalidInput(f"Tệp '{target}' phải có đuôi .pdf.", f"'{target}' must end in .pdf.")
    try:
        data = source.read_bytes()
    except OSError as exc:
        raise InvalidInput(
            f"Không đọc được tệp '{source}': {os_reason(exc)}.", f"Cannot read '{source}': {exc}"
        ) from exc
    with open_registry(args, readonly=True) as reg:
        earlier = signed_reports(reg, hashlib.sha256(data).hexdigest())
        settings = read_settings(reg)
    if not earlier:
        raise InvalidInput(
            f"Sổ không ghi tệp '{source}' là báo cáo đã ký số: chỉ đóng dấu số lên báo cáo lập "
            "và ký từ sổ này (report --sign), chưa sửa gì.",
            f"The registry has no record of '{source}' as a signed report.",
        )
    partial = target.with_name(f".{target.name}.{os.getpid()}.signed.pdf")
    with signing_key(args) as key:
        assert key is not None
        try:
            signed = add_agency_signature(
                source,
                partial,
                key.signer,
                agency=settings["issuer_name"],
                location=settings["place"],
                tsa_url=key.tsa_url,
            )
            entry = replace(
                earlier[-1],
                file_name=target.name,
                pdf_sha256=signed.sha256,
                role=signed.role,
                signer=signed.signer,
                certificate_sha256=signed.certificate_sha256,
                signed_at=signed.signed_at,
                timestamped=signed.timestamped,
            )
            with open_registry(args) as reg:
                entry = record_signed_report(reg, entry)
            partial.replace(target)
        finally:
            with contextlib.suppress(OSError):
                partial.unlink()
    stamp = "có dấu thời gian tin cậy" if signed.timestamped else "không có dấu thời gian"
    print(
        f"Đã ký số của cơ quan vào {target}: {signed.signer}, lúc {signed.signed_at}, {stamp}; "
        f"ghi vào sổ (lần ký số {entry.id})."
    )
    return EXIT_OK


def cmd_verify_pdf(args: argparse.Namespace) -> int:
    from desktop.reports.verify_pdf import describe, load_anchors, verify_pdf

    configured = read_sign_settings()["trust_anchors"]
    anchor_files = args.trust or ([configured] if configured else [])
    verdict = verify_pdf(args.file, load_anchors(anchor_files))
    recorded = _recorded(args, verdict.sha256)
    if args.json:
        result = verdict.as_dict()
        result["registry"] = [r.as_dict() for r in recorded]
        print_json(result)
        return EXIT_OK if verdict.ok else EXIT_FOUND_PROBLEMS
    for line in describe(verdict, recorded):
        print(line)
    return EXIT_OK if verdict.ok else EXIT_FOUND_PROBLEMS


def _recorded(args: argparse.Namespace, sha256: str) -> list[SignedReport]:
    """The registry's record of this very file, when there is a registry to ask."""
    from desktop.store.errors import DatabaseError
    from desktop.store.signatures import signed_reports

    if not registry_path(args).is_file():
        return []
    try:
        with open_registry(args, readonly=True) as reg:
            return signed_reports(reg, sha256)
    except (KnownError, DatabaseError):
        return []  # a registry that cannot be read does not change the file's verdict


def cmd_sign_settings(args: argparse.Namespace) -> int:
    values = assignments(args.assignments)
    current = write_sign_settings(values) if values else read_sign_settings()
    if args.json:
        print_json(current)
    else:
        print(f"Thiết lập ký số của bạn ({settings_path()}):")
        print_table(
            ["Khóa", "Thiết lập", "Giá trị"],
            [[s.key, s.label_vi, current[s.key]] for s in SIGN_SETTINGS],
        )
    return EXIT_OK
