"""The registry's settings: the letterhead and signer printed on reports, the operator."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from reportpdf import all_text, read_pdf
from uikit import make_window, type_text

from desktop.domain.errors import InvalidInput
from desktop.store.base import set_operator
from desktop.store.registry import Registry
from desktop.store.sample import create_registry
from desktop.store.settings import KEYS, read_settings, write_settings


def test_write_and_read(reg: Registry):
    assert read_settings(reg) == dict.fromkeys(KEYS, "")
    out = write_settings(reg, {"issuer_name": "  SỞ TƯ PHÁP ", "place": "Bến Tre"})
    assert out["issuer_name"] == "SỞ TƯ PHÁP" and out["place"] == "Bến Tre"
    assert write_settings(reg, {"place": ""})["place"] == ""


def test_unknown_key_writes_nothing(reg: Registry):
    write_settings(reg, {"place": "Huế"})
    with pytest.raises(InvalidInput, match="bogus"):
        write_settings(reg, {"place": "Hà Nội", "bogus": "x"})
    assert read_settings(reg)["place"] == "Huế"


def test_the_operator_is_the_users_not_the_registrys(reg: Registry, dec: int, monkeypatch):
    monkeypatch.delenv("MADINHDANH_OPERATOR", raising=False)
    with pytest.raises(InvalidInput, match="operator"):
        write_settings(reg, {"operator": "Nguyễn Văn An"})  # the shared file holds no name
    set_operator("Nguyễn Văn An")
    try:
        change = reg.rename(reg.find("H59").id, "Ủy ban nhân dân tỉnh (tên thử)", dec)
    finally:
        set_operator(None)
    assert reg.event(change.event_ids[0]).recorded_by == "Nguyễn Văn An"
    assert reg.meta("operator") is None


def test_cli_sets_and_the_report_prints_them(cli, official_db: Path, tmp_path: Path):
    rc, out, err = cli(
        "--db",
        str(official_db),
        "settings",
        "issuer_name=SỞ NỘI VỤ",
        "signer_name=Trần Thị Bình",
        "--json",
    )
    assert rc == 0, err
    assert json.loads(out)["issuer_name"] == "SỞ NỘI VỤ"
    pdf = tmp_path / "cay.pdf"
    assert cli("--db", str(official_db), "report", str(pdf), "--kind", "tree")[0] == 0
    text = all_text(read_pdf(pdf))
    assert "SỞ NỘI VỤ" in text and "Trần Thị Bình" in text
    rc, _, err = cli("--db", str(official_db), "settings", "place")
    assert rc == 2 and "KHÓA=GIÁ TRỊ" in err


def test_dialog_saves_in_the_registry(qtbot, tmp_path: Path):
    db = create_registry(tmp_path / "so.db", sample=True)
    window = make_window(qtbot, db, tmp_path / "settings.ini")
    dialog = window.files.registry_settings()
    qtbot.addWidget(dialog)
    type_text(dialog.fields["signer_title"], "KT. GIÁM ĐỐC | PHÓ GIÁM ĐỐC")
    dialog.save()
    assert dialog.result() == dialog.DialogCode.Accepted
    with Registry.open(db, readonly=True) as reg:
        assert read_settings(reg)["signer_title"] == "KT. GIÁM ĐỐC | PHÓ GIÁM ĐỐC"
