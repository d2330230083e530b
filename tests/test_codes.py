"""The code grammar: both notations, enterprise and scheme codes, precise reasons."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from desktop.domain.codes import (
    AGENCY,
    ENTERPRISE,
    QCVN102,
    QD20,
    SCHEME,
    Code,
    check_code,
    normalize_code,
    parse_code,
    repair_numeric_enterprise,
    subtree_bounds,
    suggest_child,
)
from desktop.domain.errors import InvalidCode

level1 = st.builds(
    lambda letter, n: f"{letter}{n:02d}", st.sampled_from("ABCDEFGHIJK"), st.integers(1, 99)
)


def _segment(width: int) -> st.SearchStrategy[str]:
    return st.integers(1, 10**width - 1).map(lambda n: str(n).rjust(width, "0"))


@st.composite
def qcvn_codes(draw: st.DrawFn) -> Code:
    """Agency codes that QCVN 102 can write: up to 4 levels, digit segments of 2, 2, 3."""
    depth = draw(st.integers(0, 3))
    segments = [draw(_segment(w)) for w in (2, 2, 3)[:depth]]
    return Code(AGENCY, (draw(level1), *segments))


group = st.text("0123456789ABCDEFXYZ", min_size=1, max_size=4).filter(lambda g: set(g) != {"0"})


@st.composite
def qd20_codes(draw: st.DrawFn) -> Code:
    """Any agency code QĐ 20 can write: letters allowed, deeper than 4 levels."""
    groups = (draw(level1), *draw(st.lists(group, max_size=7)))
    assume(len(".".join(groups)) <= 35)
    return Code(AGENCY, groups)


# -- the examples the acceptance check names ---------------------------------------------------


def test_qcvn_level2_example():
    c = check_code("000.00.01.H59")
    assert c.valid and c.kind == AGENCY and c.notation == QCVN102
    d = c.as_dict()
    assert d["level"] == 2
    assert d["parent"] == "000.00.00.H59"
    assert d["qd20"] == "H59.01"
    assert d["level1"] == "H59"


def test_qd20_level4_example():
    d = check_code("H59.01.02.001").as_dict()
    assert d["valid"] and d["notation"] == QD20 and d["level"] == 4
    assert d["qcvn102"] == "001.02.01.H59"
    assert d["parent"] == "H59.01.02"


def test_enterprise_codes():
    good = check_code("0100109106")
    assert good.valid and good.kind == ENTERPRISE
    bad = check_code("0100233480")
    assert not bad.valid and bad.kind == ENTERPRISE
    assert [e.id for e in bad.errors] == ["enterprise.checksum"]
    branch = check_code("0100109106-001")
    assert branch.valid and branch.as_dict()["parent"] == "0100109106"
    assert [e.id for e in check_code("0100109106-000").errors] == ["enterprise.branch"]


def test_level_used_under_unused_level_is_invalid():
    c = check_code("000.01.00.G14")
    assert not c.valid
    assert [e.id for e in c.errors] == ["code.level-gap"]
    assert "Cấp 3" in c.errors[0].vi and "cấp 2" in c.errors[0].vi
    assert c.as_dict()["qcvn102"] is None and c.as_dict()["qd20"] is None


# -- reasons ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "code.empty"),
        ("H59..01", "code.empty-group"),
        ("H59.01.", "code.empty-group"),
        ("L01", "code.level1"),
        ("G00", "code.level1"),
        ("G1", "code.level1"),
        ("H59.00", "code.zero-group"),
        ("00.00.01.H59", "code.qcvn-width"),
        ("000.00.1.H59", "code.qcvn-width"),
        ("000.01.H59", "code.qcvn-groups"),
        ("001.00.01.H59", "code.level-gap"),
        ("H59.01_02", "code.alphabet"),
        ("H59." + ".".join(["1234"] * 7), "code.too-long"),
        ("Z00.ABC", "scheme.prefix"),
        ("Z01", "scheme.empty"),
        ("Z01." + "A" * 33, "scheme.too-long"),
        ("100109106", "enterprise.length"),
        ("01001091", "enterprise.length"),
    ],
)
def test_precise_reasons(text: str, reason: str):
    c = check_code(text)
    assert not c.valid
    assert reason in [e.id for e in c.errors]
    assert all(e.vi and e.en for e in c.errors)


def test_judged_as_typed_but_normalised_form_reported():
    c = check_code(" h59.01\u00a0.02 ")
    assert not c.valid
    assert {e.id for e in c.errors} == {"code.lowercase", "code.spaces"}
    assert c.normalized == "H59.01.02"
    assert c.as_dict()["level"] == 3  # what normalising makes of it is still described
    assert check_code("  H59.01  ").valid  # trimming alone is not a fault


def test_scheme_code():
    c = check_code("Z01.ABC-123")
    assert c.valid and c.kind == SCHEME and c.as_dict()["level"] is None


def test_parse_code_lenient_and_strict():
    assert parse_code("000.00.01.h59").canonical == "H59.01"
    with pytest.raises(InvalidCode) as info:
        parse_code("000.00.01.h59", strict=True)
    assert "chữ thường" in str(info.value)
    with pytest.raises(InvalidCode):
        parse_code("000.01.00.G14")


def test_qd20_letters_and_depth_not_representable_in_qcvn():
    deep = parse_code("H59.01.02.001.05")
    assert deep.level == 5 and deep.qcvn102 is None
    assert deep.format(QCVN102) == "H59.01.02.001.05"  # shown in QĐ 20, never guessed
    lettered = parse_code("G14.A1")
    assert lettered.qcvn102 is None
    wide = parse_code("G14.001")
    assert wide.qcvn102 is None  # level 2 is two digits in QCVN 102


def test_repair_numeric_enterprise():
    assert repair_numeric_enterprise(100109106) == ("0100109106", True)
    assert repair_numeric_enterprise(100109106.0) == ("0100109106", True)
    assert repair_numeric_enterprise(3012345678) == ("3012345678", False)
    assert check_code(repair_numeric_enterprise(100109106)[0]).valid


def test_suggest_child_skips_used_segments():
    parent = parse_code("H59.01")
    assert suggest_child(parent, set()).canonical == "H59.01.01"
    assert suggest_child(parent, {"01", "02", "04"}).canonical == "H59.01.03"
    assert suggest_child(parse_code("H59.01.02"), {"001"}).canonical == "H59.01.02.002"
    assert suggest_child(parse_code("H59.01.02.001"), set()) is None
    full = {str(n).rjust(2, "0") for n in range(1, 100)}
    assert suggest_child(parent, full) is None


def test_normalize_code():
    assert normalize_code(" 000.00.01.\u00a0h59 ") == "000.00.01.H59"
    assert normalize_code("h59\u200b.01") == "H59.01"


# -- properties ------------------------------------------------------------------------------


@given(qcvn_codes())
def test_format_parse_identity_qcvn(code: Code):
    text = code.format(QCVN102)
    assert check_code(text).valid
    assert check_code(text).notation == QCVN102
    assert parse_code(text, strict=True) == code
    assert parse_code(text, strict=True).format(QCVN102) == text


@given(qd20_codes())
def test_format_parse_identity_qd20(code: Code):
    text = code.format(QD20)
    check = check_code(text)
    assert check.valid, check.errors
    assert check.notation == QD20
    assert parse_code(text, strict=True) == code
    assert check.code.qd20 == text


@given(qcvn_codes())
def test_conversion_round_trips(code: Code):
    qcvn = code.qcvn102
    qd20 = code.qd20
    assert qcvn is not None and qd20 is not None
    assert parse_code(qcvn).qd20 == qd20
    assert parse_code(qd20).qcvn102 == qcvn


@given(qd20_codes())
def test_conversion_is_null_or_round_trips(code: Code):
    qcvn = code.qcvn102
    if qcvn is None:
        return
    assert parse_code(qcvn) == code


@given(st.one_of(qcvn_codes(), qd20_codes()))
def test_parent_is_one_level_up(code: Code):
    parent = code.parent
    if code.level == 1:
        assert parent is None
        return
    assert parent is not None
    assert parent.level == code.level - 1
    assert parent.groups == code.groups[:-1]
    for notation in (QCVN102, QD20):
        text = code.format(notation)
        if notation == QCVN102 and code.qcvn102 is None:
            continue
        reported = check_code(text).as_dict()["parent"]
        assert parse_code(reported) == parent


@given(st.one_of(qcvn_codes(), qd20_codes()), st.one_of(qcvn_codes(), qd20_codes()))
def test_sort_key_subtree_bounds(a: Code, b: Code):
    low, high = subtree_bounds(a.sort_key)
    inside = low <= b.sort_key < high
    is_descendant = len(b.groups) > len(a.groups) and b.groups[: len(a.groups)] == a.groups
    assert inside == is_descendant
    if a.parent is not None:
        assert a.parent.sort_key < a.sort_key


@given(st.integers(1, 99), st.integers(1, 9999999))
def test_enterprise_check_digit(province: int, serial: int):
    digits = f"{province:02d}{serial:07d}"
    weights = (31, 29, 23, 19, 17, 13, 7, 5, 3)
    check = 10 - sum(w * int(d) for w, d in zip(weights, digits)) % 11
    assume(check != 10)  # no valid code has this prefix
    assert check_code(digits + str(check)).valid
    assert not check_code(digits + str((check + 1) % 10)).valid
    assert check_code(f"{digits}{check}-{serial % 999 + 1:03d}").valid


@given(st.text(max_size=20))
def test_check_code_never_crashes(text: str):
    c = check_code(text)
    assert c.valid == (not c.errors)
    assert normalize_code(c.normalized) == c.normalized


code_like = st.text("0123456789ABGHKZabh.- \u00a0", max_size=16)


@given(
    st.one_of(
        code_like,
        qcvn_codes().map(lambda c: c.format(QCVN102)),
        qd20_codes().map(lambda c: c.format(QD20)),
    )
)
def test_fast_path_agrees_with_full_diagnosis(text: str):
    from desktop.domain.codes import _check_fully

    assert check_code(text) == _check_fully(text, text.strip())


@given(
    st.one_of(
        code_like,
        qcvn_codes().map(lambda c: c.format(QCVN102)),
        qd20_codes().map(lambda c: c.format(QD20)),
        st.sampled_from(["000.00.00.H59", "001.02.01.H59", "H59.0A", " H59.01", "0100109106"]),
    )
)
def test_plain_check_is_the_check_with_its_canonical_texts(text: str):
    """check_plain_code answers only for a well-formed agency code as it stands, and then with
    what check_code and the code's own properties say."""
    from desktop.domain.codes import check_plain_code

    found = check_plain_code(text, text)
    if found is None:
        return
    check, canonical, parent = found
    assert check == check_code(text) and check.valid and check.code is not None
    assert text == text.strip()
    assert check_plain_code(text, text.strip()) == found
    assert canonical == check.code.canonical
    assert parent == check.code.parent_canonical
