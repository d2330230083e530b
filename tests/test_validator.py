"""The rule book and the validator's pure checks (names, codes, notations, cycles, dates)."""

from __future__ import annotations

import csv
import re
import unicodedata
from pathlib import Path

import pytest
from bigregistry import KINDS, PLACES, TOPICS
from hypothesis import given, settings
from hypothesis import strategies as st
from viparse.normalize.encodings import CHARMAPS

from desktop.domain import validator as v
from desktop.domain.rules import ERROR, RULES, SEVERITIES, WARNING, Finding, rule_book_markdown
from desktop.store.validation import check_name_text

ROOT = Path(__file__).parent.parent

ISSUE_RULES = {
    "code.syntax",
    "code.too-long",
    "code.level1-unknown",
    "code.level1-closed",
    "code.parent-missing",
    "code.parent-mismatch",
    "code.duplicate",
    "code.reused",
    "code.enterprise-checksum",
    "code.notation-mixed",
    "name.empty",
    "name.whitespace",
    "name.not-nfc",
    "name.control-chars",
    "name.legacy-encoding",
    "name.duplicate-sibling",
    "tree.cycle",
    "tree.too-deep",
    "tree.active-under-closed",
    "decision.missing",
    "decision.dates",
    "lifecycle.no-successor",
}


def rules_of(findings: list[Finding]) -> list[str]:
    return [f.rule for f in findings]


# -- the rule book -----------------------------------------------------------------------------


def test_rule_book_holds_every_rule_of_the_issue_with_all_texts():
    assert set(RULES) >= ISSUE_RULES
    for rule_id, rule in RULES.items():
        assert rule.id == rule_id and re.fullmatch(r"[a-z]+\.[a-z0-9-]+", rule_id)
        assert rule.severity in SEVERITIES
        for text in (rule.title_vi, rule.title_en, rule.message_vi, rule.message_en):
            assert text.strip(), rule_id
        assert rule.hint_vi.strip() and rule.hint_en.strip(), rule_id
    assert RULES["code.notation-mixed"].severity == WARNING
    assert RULES["name.duplicate-sibling"].severity == WARNING
    assert RULES["code.duplicate"].severity == ERROR


def test_finding_as_dict_shape():
    f = RULES["code.syntax"].finding("vi", "en", code="000.00.01.H59", unit_id=7)
    assert f.as_dict() == {
        "rule": "code.syntax",
        "severity": "error",
        "code": "000.00.01.H59",
        "unit_id": 7,
        "message": "vi",
        "hint": RULES["code.syntax"].hint_vi,
    }
    g = RULES["name.empty"].finding("vi", "en", sheet="Phụ lục I", row=12)
    assert g.as_dict()["sheet"] == "Phụ lục I" and g.as_dict()["row"] == 12


def test_committed_rule_table_is_up_to_date():
    assert (ROOT / "docs" / "rules.md").read_text(encoding="utf-8") == rule_book_markdown()
    for rule_id in RULES:
        assert f"`{rule_id}`" in rule_book_markdown()


def test_readme_links_the_rule_table():
    assert "docs/rules.md" in (ROOT / "README.md").read_text(encoding="utf-8")


# -- names -------------------------------------------------------------------------------------

CLEAN_NAMES = [
    "Sở Tư pháp",
    "Ủy ban nhân dân tỉnh Phú Yên",
    "Phòng Tài chính - Kế hoạch",
    "Trường THPT Nguyễn Du",
    "Văn phòng HĐND và UBND huyện Chơn Thành",
    "Phòng GD&ĐT",
    "UBND",
    "Nhà Bè",
    "Café Müller",  # a foreign name is not a legacy encoding
]


@pytest.mark.parametrize("name", CLEAN_NAMES)
def test_clean_names_give_no_finding(name: str):
    assert check_name_text(name) == []
    assert v.name_is_clean(name) or name in ("Café Müller", "Phòng GD&ĐT")


@pytest.mark.parametrize(
    ("raw", "rule"),
    [
        ("", "name.empty"),
        ("   ", "name.empty"),
        ("\u200b", "name.empty"),
        (" Sở Tư pháp", "name.whitespace"),
        ("Sở Tư pháp ", "name.whitespace"),
        ("Sở  Tư pháp", "name.whitespace"),
        ("Sở\u00a0Tư pháp", "name.whitespace"),
        (unicodedata.normalize("NFD", "Sở Tư pháp"), "name.not-nfc"),
        ("Sở Tư\u200bpháp", "name.control-chars"),
        ("Sở\tTư pháp", "name.control-chars"),
        ("Sở Tư pháp\x07", "name.control-chars"),
        ("Bé Th«ng tin vµ TruyÒn th«ng", "name.legacy-encoding"),
        ("Së T\u00ad ph¸p", "name.legacy-encoding"),
        ("Boä Thoâng tin vaø Truyeàn thoâng", "name.legacy-encoding"),
        ("UBND huyÖn Léc Ninh", "name.legacy-encoding"),
    ],
)
def test_each_name_defect_gives_exactly_its_finding(raw: str, rule: str):
    findings = check_name_text(raw)
    assert rules_of(findings) == [rule]
    assert not v.name_is_clean(raw)
    assert findings[0].code is None and findings[0].unit_id is None


def test_name_messages_are_specific():
    [legacy] = check_name_text("Bé Th«ng tin vµ TruyÒn th«ng")
    assert "TCVN3" in legacy.message and "'Bộ Thông tin và Truyền thông'" in legacy.message
    [vni] = check_name_text("Boä Thoâng tin")
    assert "VNI" in vni.message and "'Bộ Thông tin'" in vni.message
    [control] = check_name_text("Sở Tư\u200bpháp")
    assert "U+200B" in control.message and "<U+200B>" in control.message
    [space] = v.check_name("Sở  Tư pháp", unit="000.00.02.H59", code="000.00.02.H59", unit_id=3)
    assert "000.00.02.H59" in space.message and "hai khoảng trắng" in space.message
    assert space.unit_id == 3 and space.code == "000.00.02.H59"
    [row] = v.check_name(" Sở", sheet="Phụ lục I", row=9)
    assert (row.sheet, row.row) == ("Phụ lục I", 9)


def test_a_name_with_several_defects_gets_each():
    assert set(rules_of(check_name_text(" Sở\tTư pháp"))) == {
        "name.whitespace",
        "name.control-chars",
    }


_LETTERS = list("aăâbcdđeêghiklmnoôơpqrstuưvxyAĐ0123456789 -.,()")
_ODD = ["á", "ạ", "ế", "ộ", "ữ", "ỳ", "\t", "\u00a0", "\u200b", "\u0301", "«", "µ", "ø", "Ö"]
_ALPHABET = st.sampled_from(_LETTERS + _ODD)


@settings(max_examples=300, deadline=None)
@given(st.text(_ALPHABET, max_size=30))
def test_fast_path_never_hides_a_finding(text: str):
    if v.VIETNAMESE_NAME.fullmatch(text):
        assert v.name_is_clean(text)
    if v.name_is_clean(text):
        assert check_name_text(text) == []


def _encode(text: str, encoding: str) -> str | None:
    """Unicode text written in a legacy encoding, as an old spreadsheet holds it."""
    inverse: dict[str, str] = {}
    for legacy, letter in CHARMAPS[encoding].pairs:
        inverse.setdefault(letter, legacy)
    out = []
    for ch in unicodedata.normalize("NFC", text):
        if ch in inverse:
            out.append(inverse[ch])
        elif ch.isascii():
            out.append(ch)
        elif encoding == "tcvn3" and ch.lower() in inverse:
            out.append(inverse[ch.lower()])  # TCVN3 has no accented capitals
        else:
            return None
    return "".join(out)


def _real_names() -> list[str]:
    names = []
    for file in ("level1_2020.csv", "level1_2025_amendment.csv"):
        with (ROOT / "data" / file).open(encoding="utf-8") as fh:
            names += [r["name"] for r in csv.DictReader(fh) if r["name"]]
    names += [f"{k} {t}" for k in KINDS for t in TOPICS] + [
        f"{k} {p}" for k in KINDS for p in PLACES
    ]
    return names


def test_legacy_detection_on_real_names():
    """Real names written in TCVN3 and VNI are found (nearly all), and never the originals."""
    names = _real_names()
    assert all(v.legacy_reading(n) is None for n in names)
    for encoding in ("tcvn3", "vni"):
        encoded = [(e, n) for n in names if (e := _encode(n, encoding)) and e != n]
        assert len(encoded) > 400
        read = [v.legacy_reading(e) for e, _ in encoded]
        hits = sum(1 for r in read if r is not None and r.encoding == encoding)
        assert hits >= 0.95 * len(encoded), encoding
        for (_, original), reading in zip(encoded, read):
            if reading is not None and encoding == "vni":
                assert reading.text == original


@pytest.mark.parametrize(
    "word", ["Phòng", "huyện", "Nguyễn", "Trường", "quốc", "giữa", "khuya", "HĐND", "Đắk"]
)
def test_vietnamese_syllables(word: str):
    assert v.is_vietnamese_syllable(word)


@pytest.mark.parametrize("word", ["Müller", "Cafộ", "Thoâng", "Mỹller", "tõá"])
def test_not_vietnamese_syllables(word: str):
    assert not v.is_vietnamese_syllable(word)


def test_duplicate_names_pairs_each_later_sibling_with_the_first():
    assert v.duplicate_names(
        [(1, "so tu phap", "a"), (2, "so y te", "b"), (3, "so tu phap", "c")]
    ) == [(3, 1)]


# -- codes -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "rule"),
    [
        ("000.01.00.G14", "code.syntax"),
        ("H59.", "code.syntax"),
        ("H59.0#", "code.syntax"),
        ("L01", "code.syntax"),
        ("0100109106-000", "code.syntax"),
        ("H59." + "1" * 32, "code.too-long"),
        ("0100233480", "code.enterprise-checksum"),
    ],
)
def test_code_text_defects(raw: str, rule: str):
    findings = v.check_code_text(raw, name="Sở Tư pháp", sheet="PL1", row=4)
    assert rules_of(findings) == [rule]
    assert raw in findings[0].message and "Sở Tư pháp" in findings[0].message
    assert (findings[0].sheet, findings[0].row, findings[0].code) == ("PL1", 4, raw)


@pytest.mark.parametrize("raw", ["000.00.01.H59", "H59.01.02.001", " h59.01 ", "0100109106", "G14"])
def test_good_code_texts(raw: str):
    assert v.check_code_text(raw) == []


@pytest.mark.parametrize(
    ("code", "kind", "rule"),
    [
        ("H59.00", "agency", "code.syntax"),
        ("000.00.05.H59", "agency", "code.syntax"),  # not stored canonically
        ("H59.0a", "agency", "code.syntax"),
        ("0100109106", "agency", "code.syntax"),  # an enterprise code on an agency unit
        ("H59." + "A" * 33, "agency", "code.too-long"),
        ("0100233480", "enterprise", "code.enterprise-checksum"),
    ],
)
def test_stored_code_problems(code: str, kind: str, rule: str):
    assert [p[0] for p in v.stored_code_problems(code, kind)] == [rule]


@pytest.mark.parametrize(
    ("code", "kind"), [("H59.01", "agency"), ("G14", "agency"), ("0100109106-001", "enterprise")]
)
def test_stored_codes_that_are_fine(code: str, kind: str):
    assert v.stored_code_problems(code, kind) == []


@pytest.mark.parametrize(
    ("code", "qcvn"),
    [
        ("H59", True),
        ("H59.01", True),
        ("H59.01.02.001", True),
        ("H59.00", False),
        ("H59.01.00", False),
        ("H59.01.02.000", False),
        ("H59.1", False),
        ("H59.A1", False),
        ("H59.01.02.001.01", False),
        ("H59.01.02.01", False),
    ],
)
def test_qcvn_shape_of_canonical_codes(code: str, qcvn: bool):
    assert bool(v.QCVN_CANONICAL.fullmatch(code)) is qcvn
    if qcvn:
        assert v.AGENCY_CANONICAL.fullmatch(code)
    assert bool(v.AGENCY_CANONICAL.fullmatch(code)) is (
        v.stored_code_problems(code, "agency") == []
    )


def test_expected_parent():
    assert v.expected_parent("H59.01.02", "agency") == "H59.01"
    assert v.expected_parent("H59", "agency") is None
    assert v.expected_parent("0100109106-001", "enterprise") == "0100109106"
    assert v.expected_parent("0100109106", "enterprise") is None
    assert v.expected_parent("Z01ABC", "scheme") is None


def test_notation_mixed_in_one_file():
    rows = [("000.00.01.H59", "PL1", 5), ("000.00.02.H59", "PL1", 6), ("H59.03", "PL1", 7)]
    [finding] = v.check_notations(rows)
    assert finding.rule == "code.notation-mixed" and finding.severity == WARNING
    assert (finding.code, finding.sheet, finding.row) == ("H59.03", "PL1", 7)
    assert "2 mã theo QCVN 102" in finding.message and "1 mã theo QĐ 20/2020" in finding.message


def test_one_notation_is_not_mixed():
    assert v.check_notations(["000.00.01.H59", "000.00.00.G14", "001.02.01.H59"]) == []
    assert v.check_notations(["H59.01", "G14", "not a code"]) == []
    assert v.check_notations([]) == []


# -- tree and dates ----------------------------------------------------------------------------


def test_find_cycles():
    parents = {1: None, 2: 1, 3: 4, 4: 5, 5: 3, 6: 3, 7: 7}
    cycles = v.find_cycles([2, 6, 5, 4, 7], parents.get)
    assert cycles == [[3, 4, 5], [7]]
    assert v.find_cycles([2], parents.get) == []


def test_too_early():
    assert v.too_early("2025-05-01", "2025-05-28")
    assert not v.too_early("2025-05-28", "2025-05-28")
    assert not v.too_early("2025-06-01", "2025-05-28")
    assert not v.too_early("2025-06-01", None)
