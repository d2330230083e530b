"""Signing in the window: the print dialog's Save PDF signs, the registry records it, and the
check dialog gives the verdict."""

from __future__ import annotations

from pathlib import Path

import pytest
from pki import PASSWORD, make_pki
from uikit import make_window, wait_jobs

from desktop.domain.signatures import AGENCY
from desktop.reports.sign_settings import read_sign_settings
from desktop.store.sample import create_registry
from desktop.ui.exporting import print_dialog
from desktop.ui.signing import SigningSettingsDialog, verify_pdf_dialog


@pytest.fixture()
def window(qtbot, tmp_path: Path):
    db = create_registry(tmp_path / "sample.db", sample=True)
    w = make_window(qtbot, db, tmp_path / "settings.ini")
    yield w
    wait_jobs(qtbot)


def test_save_pdf_signs_records_and_the_check_dialog_says_valid(window, qtbot, tmp_path: Path):
    pki = make_pki(tmp_path / "pki")
    dialog = print_dialog(window.session, window.tree.current_unit())
    box = dialog.sign_box
    box.setChecked(True)
    box.p12.setText(str(pki.p12))
    box.secret.setText(PASSWORD)
    box.role.setCurrentIndex(box.role.findData(AGENCY))
    target = tmp_path / "ky.pdf"
    dialog.save_pdf(str(target))
    wait_jobs(qtbot)
    qtbot.waitUntil(lambda: target.exists(), timeout=20000)
    assert dialog.signed.role == AGENCY
    rows = window.session.reg.conn.execute("SELECT file_name, role FROM signed_reports").fetchall()
    assert rows == [("ky.pdf", AGENCY)]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]

    check = verify_pdf_dialog(window.session)
    check.path.setText(str(target))
    check.trust.setText(str(pki.ca_pem))
    check.check()
    assert check.outcome.ok
    assert check.verdict.text().startswith("HỢP LỆ")
    assert "Sổ đã ghi" in check.details.toPlainText()
    check.trust.setText("")
    check.check()
    assert not check.outcome.ok and "chưa cấu hình chứng thư gốc" in check.verdict.text()


def test_a_wrong_password_in_the_window_writes_nothing(window, qtbot, tmp_path: Path, monkeypatch):
    shown = []
    monkeypatch.setattr("desktop.ui.errors.report", lambda parent, exc: shown.append(exc))
    pki = make_pki(tmp_path / "pki")
    dialog = print_dialog(window.session, window.tree.current_unit())
    dialog.sign_box.setChecked(True)
    dialog.sign_box.p12.setText(str(pki.p12))
    dialog.sign_box.secret.setText("sai")
    dialog.save_pdf(str(tmp_path / "ky.pdf"))
    wait_jobs(qtbot)
    qtbot.waitUntil(lambda: bool(shown), timeout=20000)
    assert "sai mật khẩu" in str(shown[0])
    assert not list(tmp_path.glob("*.pdf")) and not list(tmp_path.glob(".*"))
    count = window.session.reg.conn.execute("SELECT count(*) FROM signed_reports").fetchone()[0]
    assert count == 0


def test_signing_settings_dialog_writes_the_users_file(qtbot, tmp_path: Path):
    dialog = SigningSettingsDialog()
    qtbot.addWidget(dialog)
    dialog.edits["tsa_url"].setText("http://tsa.example.vn")
    dialog.save()
    assert read_sign_settings()["tsa_url"] == "http://tsa.example.vn"


def test_the_file_menu_opens_the_check_dialog(window, qtbot):
    from desktop.ui.signing import VerifyPdfDialog

    window.acts.act_verify_pdf.trigger()
    dialogs = window.findChildren(VerifyPdfDialog)
    assert len(dialogs) == 1 and dialogs[0].isVisible()
    dialogs[0].close()
