"""Vietnamese text: the folded key behind search and duplicate detection."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from desktop.domain.text import _clean_name, _fold_slow, clean_name, fold

VIETNAMESE = (
    "aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂĐÊÔƠƯ"
    "àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
)


def test_fold_examples():
    assert fold("Sở Tư pháp") == "so tu phap"
    assert fold("  ĐỒNG   THÁP ") == "dong thap"
    assert fold(unicodedata.normalize("NFD", "Bộ Công Thương")) == "bo cong thuong"
    assert fold("Ủy ban\u200b nhân dân") == "uy ban nhan dan"


@given(st.text(VIETNAMESE + " \u00a0\t\u200bßΣ日", max_size=30))
def test_fold_table_agrees_with_unicode_decomposition(text: str):
    assert fold(text) == _fold_slow(text)
    assert fold(unicodedata.normalize("NFD", text)) == _fold_slow(text)


def test_clean_name():
    assert clean_name(" Sở  Tư\u00a0pháp ") == "Sở Tư pháp"
    decomposed = unicodedata.normalize("NFD", "Sở Tư pháp")
    assert clean_name(decomposed) == "Sở Tư pháp"


@given(
    st.text(
        alphabet=st.sampled_from(
            [
                *"aăâđeêoôơuưAĐ ",
                *("\t", "\n", "\u00a0", "\u200b", "\ufeff", "\u0301", "\u0323"),
                # every other kind of whitespace the fast path must see, a soft hyphen
                *("\r", "\x1c", "\x85", "\u1680", "\u2007", "\u2028", "\u202f", "\u3000"),
                *("\u00ad", "\ufdd0"),
            ]
        )
    )
)
def test_clean_name_returns_a_clean_name_as_it_is_and_cleans_the_rest(text: str):
    """The fast path (a name with nothing to clean is returned as it is) never differs from
    cleaning: spaces, zero-width characters, decomposed letters all still go through it."""
    assert clean_name(text) == _clean_name(text)
