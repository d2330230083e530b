"""Digital signatures in the window: signing a report as it is saved as PDF, checking a signed PDF,
and the clerk's own signing settings."""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.errors import InvalidInput
from desktop.domain.signatures import AGENCY, SIGNER
from desktop.reports.sign_settings import (
    SIGN_SETTINGS,
    read_sign_settings,
    write_sign_settings,
)
from desktop.store.registry import Registry
from desktop.ui import errors, workers
from desktop.ui.i18n import tr

if TYPE_CHECKING:
    from desktop.reports.verify_pdf import PdfVerdict
    from desktop.ui.session import Session


def _file_row(edit: QLineEdit, browse: Any) -> QWidget:
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(edit, 1)
    button = QPushButton(tr("Chọn…"))
    button.clicked.connect(browse)
    layout.addWidget(button)
    return row


@dataclass(frozen=True)
class SignRequest:
    """What the clerk asked for; the password or PIN lives only as long as the request."""

    p12: str | None  # None: the PKCS#11 token of the settings
    secret: str
    role: str


class SignBox(QGroupBox):
    """The signing part of the print dialog: off unless ticked."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(tr("Ký số báo cáo (chữ ký số, NĐ 30/2020)"), parent)
        self.setCheckable(True)
        self.setChecked(False)
        form = QFormLayout(self)
        self.source_group = QButtonGroup(self)
        self.use_file = QRadioButton(tr("Tệp chứng thư số (.p12, .pfx)"))
        self.use_token = QRadioButton(tr("Thiết bị ký số (USB token, PKCS#11)"))
        self.use_file.setChecked(True)
        for button in (self.use_file, self.use_token):
            self.source_group.addButton(button)
        sources = QHBoxLayout()
        sources.addWidget(self.use_file)
        sources.addWidget(self.use_token)
        form.addRow(tr("Khóa ký:"), sources)
        self.p12 = QLineEdit()
        self.p12_row = _file_row(self.p12, self._browse)
        form.addRow(tr("Tệp chứng thư:"), self.p12_row)
        self.secret = QLineEdit()
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.secret.setPlaceholderText(tr("không được lưu lại"))
        form.addRow(tr("Mật khẩu hoặc mã PIN:"), self.secret)
        self.role = QComboBox()
        self.role.addItem(tr("Người có thẩm quyền (tại chỗ ký)"), SIGNER)
        self.role.addItem(tr("Cơ quan, tổ chức (dấu)"), AGENCY)
        form.addRow(tr("Chữ ký của:"), self.role)
        settings = QPushButton(tr("Thiết lập ký số…"))
        settings.clicked.connect(lambda: SigningSettingsDialog(self).open())
        form.addRow("", settings)
        self.use_token.toggled.connect(lambda on: self.p12_row.setEnabled(not on))

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, tr("Tệp chứng thư số"), self.p12.text(), tr("Chứng thư số (*.p12 *.pfx)")
        )
        if path:
            self.p12.setText(path)

    def request(self) -> SignRequest | None:
        """None when the report is not to be signed; refuses a missing file."""
        if not self.isChecked():
            return None
        role = str(self.role.currentData())
        if self.use_token.isChecked():
            return SignRequest(None, self.secret.text(), role)
        path = self.p12.text().strip()
        if not path or not Path(path).is_file():
            raise InvalidInput(f"Không có tệp chứng thư số '{path}'.", f"No PKCS#12 file '{path}'.")
        return SignRequest(path, self.secret.text(), role)


def save_signed(
    dialog: Any, target: Path, kind: str, options: dict[str, Any], request: SignRequest
) -> workers.Job | None:
    """Build, paint and sign off the GUI thread; then record the signature in the registry and
    put the file in place (a signature the registry could not record leaves no file).

    ``dialog`` is the report dialog (``exporting.ReportDialog``, which imports this module: named
    here only by what is used of it, its session and where the signed file went)."""
    from desktop.reports import signing
    from desktop.reports.build import build_report
    from desktop.reports.layout import paginate
    from desktop.reports.render import write_pdf
    from desktop.store.signatures import registry_heads

    settings = read_sign_settings()
    session = dialog.session
    partial = target.with_name(f".{target.name}.{os.getpid()}.signed.pdf")

    def work(reg: Registry | None, job: workers.Job) -> Any:
        assert reg is not None
        token = None
        if request.p12 is not None:
            key = signing.load_pkcs12(request.p12, request.secret)
        else:
            signing.check_module(settings["pkcs11_module"])
            token = signing.open_token(
                settings["pkcs11_module"], request.secret, settings["key_label"] or None
            )
            key = token.signer
        unsigned = target.with_name(f".{target.name}.{os.getpid()}.unsigned.pdf")
        try:
            document = build_report(reg, kind, **options, on_progress=job.on_progress)
            heads = registry_heads(reg)
            job.check()
            pages = paginate(document, on_progress=job.on_progress)
            write_pdf(document, unsigned, pages, on_progress=job.on_progress)
            signed = signing.sign_pdf(
                unsigned,
                partial,
                key,
                document,
                pages,
                role=request.role,
                reason=signing.signing_reason(document, heads),
                tsa_url=settings["tsa_url"] or None,
            )
        finally:
            if token is not None:
                token.close()
            with contextlib.suppress(OSError):
                unsigned.unlink()
        entry = signing.signed_entry(document, signed, heads, target.name, options)
        return signed, entry

    def done(result: Any) -> None:
        from desktop.store.signatures import record_signed_report

        signed, entry = result
        try:
            assert session.reg is not None
            record_signed_report(session.reg, entry)
            partial.replace(target)
        except Exception as exc:
            with contextlib.suppress(OSError):
                partial.unlink()
            errors.report(dialog, exc)
            return
        message = tr("Đã lưu và ký số báo cáo") + f" {target} — {signed.signer}, {signed.signed_at}"
        if signed.timestamp_problem:
            message += " " + tr("(không lấy được dấu thời gian: không có mạng?)")
        session.say(message, 12000)
        dialog.signed = signed

    if session.db_path is None:
        return None
    job = workers.Job(work, session.db_path, readonly=True)
    job.succeeded.connect(done)
    job.failed.connect(lambda exc: errors.report(dialog, exc))
    job.done.connect(lambda: _drop_if_cancelled(job, partial))
    workers.ProgressDialog(job, tr("Lưu báo cáo PDF"), tr("Đang lập và ký số báo cáo…"), dialog)
    dialog.saved_to = target
    return workers.start(job)


class SigningSettingsDialog(QDialog):
    """The clerk's own signing settings (never the password or PIN)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Thiết lập ký số"))
        self.setMinimumWidth(560)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        form = QFormLayout(self)
        current = read_sign_settings()
        self.edits: dict[str, QLineEdit] = {}
        labels = {
            "pkcs11_module": tr("Thư viện PKCS#11 của thiết bị ký số:"),
            "key_label": tr("Nhãn chứng thư trên thiết bị:"),
            "tsa_url": tr("Địa chỉ dịch vụ cấp dấu thời gian (TSA):"),
            "trust_anchors": tr("Tệp chứng thư gốc tin cậy (.pem):"),
        }
        for s in SIGN_SETTINGS:
            edit = QLineEdit(current[s.key])
            edit.setPlaceholderText(s.hint_vi)
            self.edits[s.key] = edit
            form.addRow(labels[s.key], edit)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def save(self) -> None:
        try:
            write_sign_settings({k: e.text() for k, e in self.edits.items()})
        except Exception as exc:
            errors.report(self, exc)
            return
        self.accept()


class VerifyPdfDialog(QDialog):
    """Check the digital signatures of a PDF: the verdict and every detail, as text."""

    def __init__(self, session: Session | None = None) -> None:
        super().__init__(session.window if session is not None else None)
        self.session = session
        self.setWindowTitle(tr("Kiểm tra chữ ký số của tệp PDF"))
        self.resize(760, 520)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.path = QLineEdit()
        form.addRow(tr("Tệp PDF:"), _file_row(self.path, self._browse))
        self.trust = QLineEdit(read_sign_settings()["trust_anchors"])
        self.trust.setPlaceholderText(tr("tệp .pem chứng thư gốc tin cậy"))
        form.addRow(tr("Chứng thư gốc:"), _file_row(self.trust, self._browse_trust))
        layout.addLayout(form)
        self.verdict = QLabel()
        self.verdict.setWordWrap(True)
        font = self.verdict.font()
        font.setBold(True)
        self.verdict.setFont(font)
        layout.addWidget(self.verdict)
        self.details = QPlainTextEdit()
        self.details.setReadOnly(True)
        self.details.setFont(QFont("monospace"))
        layout.addWidget(self.details, 1)
        buttons = QDialogButtonBox()
        check = buttons.addButton(tr("Kiểm tra"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(tr("Đóng"), QDialogButtonBox.ButtonRole.RejectRole)
        check.clicked.connect(self.check)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        # Not ``self.result``: that is QDialog's result code.
        self.outcome: PdfVerdict | None = None

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, tr("Tệp PDF đã ký số"), self.path.text(), tr("Tệp PDF (*.pdf)")
        )
        if path:
            self.path.setText(path)
            self.check()

    def _browse_trust(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            tr("Chứng thư gốc tin cậy"),
            self.trust.text(),
            tr("Chứng thư (*.pem *.cer *.crt)"),
        )
        if path:
            self.trust.setText(path)

    def check(self) -> None:
        from desktop.reports.verify_pdf import describe, load_anchors, verify_pdf
        from desktop.store.signatures import signed_reports

        try:
            trust = self.trust.text().strip()
            verdict = verify_pdf(self.path.text().strip(), load_anchors([trust] if trust else []))
        except Exception as exc:
            errors.report(self, exc)
            return
        recorded = []
        reg = self.session.reg if self.session is not None else None
        if reg is not None:
            with contextlib.suppress(Exception):
                recorded = signed_reports(reg, verdict.sha256)
        self.outcome = verdict
        self.verdict.setText(verdict.verdict)
        colour = "#1b5e20" if verdict.ok else "#b71c1c"
        self.verdict.setStyleSheet(f"color: {colour}")
        self.details.setPlainText("\n".join(describe(verdict, recorded)))


def verify_pdf_dialog(session: Session) -> VerifyPdfDialog:
    dialog = VerifyPdfDialog(session)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


def _drop_if_cancelled(job: workers.Job, partial: Path) -> None:
    """A file signed after the clerk pressed Cancel is thrown away with the job's result."""
    if job.cancelled:
        with contextlib.suppress(OSError):
            partial.unlink()
