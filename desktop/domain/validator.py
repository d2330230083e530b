"""The validator's pure checks: codes, names, notations, the tree's shape, dates.

Everything here judges values handed in, with no registry: the store runs these over its rows
(:mod:`desktop.store.validation`) and the importer over appendix rows. Checks meant to run on a
million rows have a fast path that proves a value clean in one regular-expression match and
falls back to the precise (slower) check, which names the exact defect, only when it fails.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

from viparse.normalize.detector import detect_encoding_by_content
from viparse.normalize.encodings import CHARMAPS
from viparse.normalize.frequency import vietnamese_score
from viparse.normalize.tables import Charmap, convert

from desktop.domain.codes import (
    AGENCY,
    ENTERPRISE,
    MAX_LENGTH,
    QCVN102,
    QD20,
    check_code,
)
from desktop.domain.rules import PROBLEMS, RETROACTIVE_DAYS_ALLOWED, RULES, Finding

# -- Vietnamese letters ------------------------------------------------------------------------

_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"  # huyền, sắc, ngã, hỏi, nặng
_VOWELS = "aăâeêioôơuưy"


def _vietnamese_letters() -> frozenset[str]:
    letters = set("abcdefghijklmnopqrstuvwxyzđ")
    for vowel in _VOWELS:
        letters.add(vowel)
        for mark in _TONE_MARKS:
            letters.add(unicodedata.normalize("NFC", vowel + mark))
    return frozenset(letters | {ch.upper() for ch in letters})


VIETNAMESE_LETTERS = _vietnamese_letters()


def _fits_8bit(ch: str) -> bool:
    try:
        ch.encode("cp1252")
    except UnicodeEncodeError:
        return False
    return True


# Letters carrying a tone mark. No Vietnamese syllable has two: a word with two is what a legacy
# conversion makes of a name that was Unicode already ("Đào\u00adtạo" read as TCVN3 is
# "Đàoưtạo").
_TONED = "".join(
    sorted(
        ch
        for ch in VIETNAMESE_LETTERS
        if any(mark in unicodedata.normalize("NFD", ch) for mark in _TONE_MARKS)
    )
)
_TWO_TONES = f"[{_TONED}][^\\W\\d_]*[{_TONED}]"
GARBLED_WORD = re.compile(_TWO_TONES)


def garbled_words(name: str) -> list[str]:
    """The words of a name that carry two tone marks (see ``name.garbled``)."""
    return [w for w in name.split() if GARBLED_WORD.search(w)]


# Letters no 8-bit legacy font can put out (ơ, ư, ạ, ộ...): a name holding one is Unicode.
_UNICODE_ONLY = "".join(sorted(ch for ch in VIETNAMESE_LETTERS if not _fits_8bit(ch)))
_UNICODE_ONLY_RE = re.compile(f"[{_UNICODE_ONLY}]")
_NON_ASCII_LETTERS = "".join(sorted(ch for ch in VIETNAMESE_LETTERS if not ch.isascii()))
# A name made only of printable ASCII and Vietnamese letters, single spaces between words: no
# control character, no stray space, and NFC (precomposed letters, no combining marks).
_PLAIN_NAME = re.compile(f"[!-~{_NON_ASCII_LETTERS}]+(?: [!-~{_NON_ASCII_LETTERS}]+)*")
# A plain name holding a letter no legacy font has: clean, proved by one match (most names).
VIETNAMESE_NAME = re.compile(
    f"(?!.*{_TWO_TONES})(?=.*[{_UNICODE_ONLY}])[!-~{_NON_ASCII_LETTERS}]+"
    f"(?: [!-~{_NON_ASCII_LETTERS}]+)*"
)

# -- legacy encodings (TCVN3, VNI) -------------------------------------------------------------

LEGACY_LABELS = {"tcvn3": "TCVN3 (ABC)", "vni": "VNI"}
_LEGACY: dict[str, Charmap] = {name: CHARMAPS[name] for name in LEGACY_LABELS}
_LEGACY_KEY_CHARS = {
    name: frozenset(ch for seq, _ in charmap.pairs for ch in seq if not ch.isascii())
    for name, charmap in _LEGACY.items()
}
_ALL_LEGACY_CHARS = frozenset().union(*_LEGACY_KEY_CHARS.values())
# Legacy surface characters that no Vietnamese word holds (©, «, µ, ¸, ø, û, ß, Ö...).
_FOREIGN = _ALL_LEGACY_CHARS - VIETNAMESE_LETTERS

_INITIALS = "ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|b|c|d|đ|g|h|k|l|m|n|p|r|s|t|v|x"
# Vowel nuclei with their glides, longest first so that the regex tries them first.
_NUCLEI = (
    "iêu",
    "yêu",
    "oai",
    "oay",
    "oao",
    "oeo",
    "uây",
    "uôi",
    "ươi",
    "ươu",
    "uya",
    "uyê",
    "uyu",
    "ai",
    "ao",
    "au",
    "ay",
    "âu",
    "ây",
    "eo",
    "êu",
    "ia",
    "iê",
    "iu",
    "oa",
    "oă",
    "oe",
    "oi",
    "ôi",
    "ơi",
    "oo",
    "ôô",
    "ua",
    "uâ",
    "uê",
    "ui",
    "uô",
    "uơ",
    "uy",
    "ưa",
    "ưi",
    "ươ",
    "ưu",
    "yê",
    "a",
    "ă",
    "â",
    "e",
    "ê",
    "i",
    "o",
    "ô",
    "ơ",
    "u",
    "ư",
    "y",
)
_FINALS = "ch|ng|nh|c|k|m|n|p|t"
_SYLLABLE = re.compile(f"(?:{_INITIALS})?(?:{'|'.join(_NUCLEI)})(?:{_FINALS})?")
_LETTER_RUN = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=65536)
def is_vietnamese_syllable(word: str) -> bool:
    """Whether a word is spelled like one Vietnamese syllable (at most one tone mark), or is
    an upper-case acronym without vowels.

    Used to tell a legacy-encoded name from a foreign word: ``huyÖn`` read as TCVN3 is
    ``huyện``, a syllable; ``Müller`` read the same way is ``Mỹller``, not one.
    """
    decomposed = unicodedata.normalize("NFD", word.lower())
    if word.isupper() and not any(ch in "aeiouy" for ch in decomposed):
        return True  # an acronym: HĐND, GD&ĐT
    if sum(decomposed.count(mark) for mark in _TONE_MARKS) > 1:
        return False
    toneless = unicodedata.normalize(
        "NFC", "".join(ch for ch in decomposed if ch not in _TONE_MARKS)
    )
    return _SYLLABLE.fullmatch(toneless) is not None


@dataclass(frozen=True)
class LegacyReading:
    """A name read in a legacy encoding: which one, and the Unicode text it stands for."""

    encoding: str
    text: str

    @property
    def label(self) -> str:
        return LEGACY_LABELS[self.encoding]


# A lower-case letter followed by an accented capital inside a word (``huyÖn``, ``tØnh``):
# TCVN3 puts lower-case letters on those bytes; Unicode text never does this.
_MIXED_CASE = re.compile(r"[a-zß-öø-ÿ][À-ÖØ-Þ]")


def _reads_as_vietnamese(raw: str, converted: str) -> bool:
    """The converted text is clean Vietnamese: no legacy character or odd capital left, and
    every word the conversion changed is a Vietnamese syllable."""
    if any(ch in _FOREIGN for ch in converted) or _MIXED_CASE.search(converted):
        return False
    changed = [b for a, b in zip(raw.split(), converted.split()) if a != b]
    if not changed:
        return False
    for token in changed:
        for run in _LETTER_RUN.findall(token):
            if not run.isascii() and not is_vietnamese_syllable(run):
                return False
    return True


def _broken_words(raw: str, converted: str) -> bool:
    """Some word the conversion changes is no Vietnamese syllable as typed (``Thoâng``)."""
    for a, b in zip(raw.split(), converted.split()):
        if a == b:
            continue
        for run in _LETTER_RUN.findall(a):
            if not run.isascii() and not is_vietnamese_syllable(run):
                return True
    return False


def maybe_legacy(text: str) -> bool:
    """Cheap pre-check: only such a text can be legacy-encoded (non-ASCII, no letter an 8-bit
    font cannot put out, every character within cp1252)."""
    return not text.isascii() and not _UNICODE_ONLY_RE.search(text) and _all_8bit(text)


def maybe_mixed_legacy(text: str) -> bool:
    """Cheap pre-check for a cell partly retyped in Unicode (:func:`legacy_reading` reads it):
    it holds a character no 8-bit font puts out and a legacy character no Vietnamese word has."""
    return not text.isascii() and not _all_8bit(text) and any(ch in _FOREIGN for ch in text)


_SPACES = re.compile(r"(\s+)")


def _mixed_reading(text: str, column: str | None) -> LegacyReading | None:
    """A legacy cell with Unicode words in it, as when a TCVN3 list (which has no accented
    capitals) was touched up with a Unicode keyboard: ``V¨n phßng Ủy ban nh©n d©n tØnh``. The
    words no 8-bit font can put out are kept when they are Vietnamese syllables; the others
    are read as legacy text, on the same evidence as a whole cell."""
    parts = _SPACES.split(text)
    kept = {i for i, p in enumerate(parts) if p and not p.isspace() and not _all_8bit(p)}
    for i in kept:
        runs = [r for r in _LETTER_RUN.findall(parts[i]) if not r.isascii()]
        if not runs or not all(is_vietnamese_syllable(r) for r in runs):
            return None
    if not any(_legacy_word(p) for i, p in enumerate(parts) if i not in kept):
        return None  # a Unicode name with a sign in it (© 2020, «...»): nothing to read
    masked = "".join("A" if i in kept else p for i, p in enumerate(parts))
    reading = legacy_reading(masked, column) if maybe_legacy(masked) else None
    if reading is None:
        return None
    out = _SPACES.split(reading.text)
    if len(out) != len(parts):
        return None
    return LegacyReading(
        reading.encoding, "".join(parts[i] if i in kept else p for i, p in enumerate(out))
    )


def _legacy_word(word: str) -> bool:
    """A word as typed that only a legacy font explains: a legacy character between letters
    (``nh©n``) or a run of letters that is no Vietnamese syllable (``phßng``)."""
    for i in range(1, len(word) - 1):
        if word[i] in _FOREIGN and word[i - 1].isalpha() and word[i + 1].isalpha():
            return True
    runs = _LETTER_RUN.findall(word)
    return any(not r.isascii() and not is_vietnamese_syllable(r) for r in runs)


def _all_8bit(text: str) -> bool:
    try:
        text.encode("cp1252")
    except UnicodeEncodeError:
        return False
    return True


@lru_cache(maxsize=65536)
def legacy_reading(text: str, column: str | None = None) -> LegacyReading | None:
    """The Unicode reading of a name typed in TCVN3 or VNI, or None if it reads as Unicode.

    viparse's character-frequency detector alone is unreliable on text as short as a name (it
    reads ``Phú Yên`` as TCVN3 and misses ``Phßng Néi vô``). A reading is accepted when the
    conversion turns the text into clean Vietnamese (every changed word a syllable, no legacy
    character left) and the text as typed shows it is not Unicode Vietnamese: it holds legacy
    characters no Vietnamese word has (``©``, ``«``, ``µ``, ``ø``...), accented capitals inside
    a word (``huyÖn``), or words that are no syllable (``Thoâng``). When both tables qualify,
    viparse's detector (or, failing it, its Vietnamese character model) chooses.

    ``column`` is the encoding the rest of the text's column (or sheet) was found to be in: it
    chooses when both tables qualify, and is never evidence by itself, so that a cell already
    valid Unicode Vietnamese (``UBND xã Hòa Bình``, which TCVN3 would read ``Hũa Bỡnh``) is
    never converted, whatever its column.
    """
    text = unicodedata.normalize("NFC", text)
    if not maybe_legacy(text):
        return _mixed_reading(text, column) if maybe_mixed_legacy(text) else None
    strong = any(ch in _FOREIGN for ch in text) or _MIXED_CASE.search(text) is not None
    if not strong and all(
        is_vietnamese_syllable(run) for run in _LETTER_RUN.findall(text) if not run.isascii()
    ):
        # Every word is a Vietnamese syllable as typed: valid Unicode Vietnamese, whatever a
        # table would make of it (the common case, answered without converting).
        return None
    candidates = []
    for name, charmap in _LEGACY.items():
        if not any(ch in _LEGACY_KEY_CHARS[name] for ch in text):
            continue
        converted = convert(text, charmap)
        if converted == text or not _reads_as_vietnamese(text, converted):
            continue
        if strong or _broken_words(text, converted):
            candidates.append(LegacyReading(name, converted))
    if column is not None:
        for reading in candidates:
            if reading.encoding == column:
                return reading
    if len(candidates) <= 1:
        return candidates[0] if candidates else None
    detected = detect_encoding_by_content(text, _LEGACY).encoding
    for reading in candidates:
        if reading.encoding == detected:
            return reading
    return max(candidates, key=lambda r: vietnamese_score(r.text))


def label_reading(text: str, encoding: str) -> str | None:
    """A short label (a header cell: ``Sè TT``) read in the encoding its row has shown, when
    that gives clean Vietnamese: for recognising a column, never for storing a name."""
    text = unicodedata.normalize("NFC", text)
    if not maybe_legacy(text) or encoding not in _LEGACY:
        return None
    converted = convert(text, _LEGACY[encoding])
    return converted if converted != text and _reads_as_vietnamese(text, converted) else None


# -- names -------------------------------------------------------------------------------------

_CHAR_NAMES = {
    "\t": "ký tự tab",
    "\n": "ký tự xuống dòng",
    "\r": "ký tự về đầu dòng",
    "\u00a0": "khoảng trắng không ngắt dòng",
    "\u00ad": "dấu gạch nối mềm",
    "\u200b": "khoảng trắng độ rộng 0",
    "\u200c": "ký tự không nối độ rộng 0",
    "\u200d": "ký tự nối độ rộng 0",
    "\u2060": "ký tự nối từ",
    "\ufeff": "dấu BOM",
}


# Controls, format characters (soft hyphen, zero-width...) and code points that are no
# character at all (U+FFFE, U+FDD0...; unassigned).
_INVISIBLE = ("Cc", "Cf", "Cn")


def _char_label(ch: str) -> tuple[str, str]:
    code = f"U+{ord(ch):04X}"
    name = unicodedata.name(ch, "")
    vi = _CHAR_NAMES.get(ch)
    return (
        f"{code} ({vi})" if vi else code,
        f"{code} ({name.lower()})" if name else code,
    )


def _shown_name(raw: str) -> str:
    """The name in a message, with invisible characters made visible."""
    out = []
    for ch in raw:
        if unicodedata.category(ch) in _INVISIBLE or ch in "\u00a0\u2007\u202f":
            out.append(f"<U+{ord(ch):04X}>")
        else:
            out.append(ch)
    return "".join(out)


def name_is_clean(name: str) -> bool:
    """True when no ``name.*`` rule can fire on ``name``: the fast path for big registries."""
    if _PLAIN_NAME.fullmatch(name) is None or GARBLED_WORD.search(name):
        return False
    if name.isascii() or _UNICODE_ONLY_RE.search(name):
        return True
    return legacy_reading(name) is None


def _subject(unit: str | None, raw: str) -> tuple[str, str]:
    shown = _shown_name(raw)
    if unit:
        return f"Tên của đơn vị {unit} ('{shown}')", f"The name of {unit} ('{shown}')"
    return f"Tên '{shown}'", f"The name '{shown}'"


def check_name(
    raw: str,
    *,
    unit: str | None = None,
    code: str | None = None,
    unit_id: int | None = None,
    sheet: str | None = None,
    row: int | None = None,
) -> list[Finding]:
    """The ``name.*`` rules (except sibling duplicates) on a name as it arrived.

    ``unit`` labels the unit in messages (its code, as shown to the clerk); ``code``,
    ``unit_id``, ``sheet`` and ``row`` are copied into the findings.
    """

    def make(rule: str, vi: str, en: str) -> Finding:
        return RULES[rule].finding(vi, en, code=code, unit_id=unit_id, sheet=sheet, row=row)

    subject_vi, subject_en = _subject(unit, raw)
    if not raw.strip() or not "".join(
        ch for ch in raw if unicodedata.category(ch) not in ("Cc", "Cf", "Zs")
    ):
        vi = f"Đơn vị {unit} không có tên." if unit else "Tên đơn vị trống."
        en = f"{unit} has no name." if unit else "The unit name is empty."
        return [make("name.empty", vi, en)]
    findings = []
    legacy = legacy_reading(raw)

    problems_vi, problems_en = [], []
    if raw[:1].isspace():
        problems_vi.append("có khoảng trắng ở đầu")
        problems_en.append("leading whitespace")
    if raw[-1:].isspace():
        problems_vi.append("có khoảng trắng ở cuối")
        problems_en.append("trailing whitespace")
    if re.search(r"\s\s", raw.strip()):
        problems_vi.append("có hai khoảng trắng liền nhau")
        problems_en.append("doubled whitespace")
    special = sorted({ch for ch in raw if unicodedata.category(ch) == "Zs" and ch != " "})
    if special:
        labels = [_char_label(ch) for ch in special]
        problems_vi.append("có khoảng trắng đặc biệt " + ", ".join(v for v, _ in labels))
        problems_en.append("special spaces " + ", ".join(e for _, e in labels))
    if problems_vi:
        findings.append(
            make(
                "name.whitespace",
                f"{subject_vi} {'; '.join(problems_vi)}.",
                f"{subject_en} has {'; '.join(problems_en)}.",
            )
        )

    if not unicodedata.is_normalized("NFC", raw):
        findings.append(
            make(
                "name.not-nfc",
                f"{subject_vi} dùng dấu tổ hợp (dạng NFD), chưa ở dạng chuẩn NFC.",
                f"{subject_en} uses combining marks (NFD), not NFC.",
            )
        )

    legacy_chars = _LEGACY_KEY_CHARS[legacy.encoding] if legacy else frozenset()
    controls = sorted(
        {ch for ch in raw if unicodedata.category(ch) in _INVISIBLE and ch not in legacy_chars}
    )
    if controls:
        labels = [_char_label(ch) for ch in controls]
        findings.append(
            make(
                "name.control-chars",
                f"{subject_vi} có ký tự điều khiển hoặc vô hình: "
                + ", ".join(v for v, _ in labels)
                + ".",
                f"{subject_en} holds control or invisible characters: "
                + ", ".join(e for _, e in labels)
                + ".",
            )
        )

    garbled = garbled_words(raw) if legacy is None else []
    if garbled:
        findings.append(
            make(
                "name.garbled",
                f"{subject_vi} có từ không phải tiếng Việt ({', '.join(garbled[:3])}): có lẽ "
                "đã bị chuyển nhầm bảng mã khi nhập.",
                f"{subject_en} has words no Vietnamese word looks like ({', '.join(garbled[:3])}):"
                " probably converted from a legacy encoding by mistake.",
            )
        )

    if legacy is not None:
        findings.append(
            make(
                "name.legacy-encoding",
                f"{subject_vi} được gõ bằng bảng mã {legacy.label}; đọc đúng là '{legacy.text}'.",
                f"{subject_en} is typed in the {legacy.label} encoding; it reads '{legacy.text}'.",
            )
        )
    return findings


def duplicate_names(
    siblings: Iterable[tuple[int, str, str]],
) -> list[tuple[int, int]]:
    """Pairs (unit, first sibling with the same folded name) among ``(id, folded, name)``.

    Every sibling after the first with a given folded name is paired with that first one.
    """
    first: dict[str, int] = {}
    pairs = []
    for unit_id, folded, _ in siblings:
        if folded in first:
            pairs.append((unit_id, first[folded]))
        else:
            first[folded] = unit_id
    return pairs


# -- codes -------------------------------------------------------------------------------------

# A canonical (QĐ 20) agency code that the grammar accepts: level-1 code, then groups of
# digits and capitals, none all zeros (an all-zero group is an unused level).
# The same, within what QCVN 102 can write: digit groups of widths 2, 2, 3, four levels at most.
QCVN_CANONICAL = re.compile(
    r"[A-K](?:0[1-9]|[1-9][0-9])(?:\.(?!00)[0-9]{2}(?:\.(?!00)[0-9]{2}(?:\.(?!000)[0-9]{3})?)?)?"
)
AGENCY_CANONICAL = re.compile(r"[A-K](?:0[1-9]|[1-9][0-9])(?:\.0*[1-9A-Z][0-9A-Z]*)*")


def rule_for_problem(problem_id: str) -> str:
    """The rule a grammar problem of :func:`desktop.domain.codes.check_code` falls under."""
    entry = PROBLEMS.get(problem_id)
    if entry is None and problem_id in RULES:
        return problem_id  # a reading problem the reader names by its own rule (import.*)
    return entry[0] if entry else "code.syntax"


def stored_code_problems(code: str, kind: str) -> list[tuple[str, str, str]]:
    """Problems of a code as the registry stores it: ``(rule, reason_vi, reason_en)``.

    A stored code must be exactly its canonical text (QĐ 20 for agencies), so the surface
    problems normalising would repair (spaces, lower case) count here too.
    """
    if kind == AGENCY and len(code) <= MAX_LENGTH and AGENCY_CANONICAL.fullmatch(code):
        return []
    check = check_code(code)
    problems = [(rule_for_problem(p.id), p.vi, p.en) for p in check.errors]
    if not problems and check.code is not None:
        if check.code.kind != kind:
            problems.append(
                (
                    "code.syntax",
                    f"mã có dạng mã {_KIND_VI[check.code.kind]} nhưng đơn vị được ghi là "
                    f"{_KIND_VI[kind]}",
                    f"the code has the shape of an {check.code.kind} code but the unit is an "
                    f"{kind}",
                )
            )
        elif check.code.canonical != code:
            problems.append(
                (
                    "code.syntax",
                    f"mã không được lưu ở dạng chuẩn {check.code.canonical}",
                    f"the code is not stored in its canonical form {check.code.canonical}",
                )
            )
    return problems


_KIND_VI = {AGENCY: "cơ quan", ENTERPRISE: "doanh nghiệp", "scheme": "tổ chức khác"}


def check_code_text(
    raw: str,
    *,
    name: str | None = None,
    unit_id: int | None = None,
    sheet: str | None = None,
    row: int | None = None,
) -> list[Finding]:
    """The grammar rules (``code.syntax``, ``code.too-long``, ``code.enterprise-checksum``) on
    a code as an appendix writes it, judged after the normalising an import does (spaces,
    upper case), so that only what would be stored counts."""
    check = check_code(raw)
    judged = check_code(check.normalized)
    shown = raw.strip()
    label = f"{shown} ({name})" if name else shown
    findings = []
    for problem in judged.errors:
        rule = RULES[rule_for_problem(problem.id)]
        findings.append(
            rule.finding(
                f"Mã {label}: {problem.vi}",
                f"Code {label}: {problem.en}",
                code=shown,
                unit_id=unit_id,
                sheet=sheet,
                row=row,
            )
        )
    return findings


def expected_parent(code: str, kind: str) -> str | None:
    """The canonical code of the parent a stored code demands (None for top-level codes)."""
    if kind == AGENCY:
        head, dot, _ = code.rpartition(".")
        return head if dot else None
    if kind == ENTERPRISE:
        head, dash, _ = code.partition("-")
        return head if dash else None
    return None


CodeText = str | tuple[str, str | None, int | None]


def check_notations(codes: Iterable[CodeText]) -> list[Finding]:
    """``code.notation-mixed`` on the codes of one file (or one list), as written.

    Items are code texts or ``(text, sheet, row)``. A registry stores codes canonically, so
    this applies where the notation is still known: appendices and pasted lists. The finding
    points at the first code written in the less used notation.
    """
    seen: dict[str, list[tuple[str, str | None, int | None]]] = {QCVN102: [], QD20: []}
    for item in codes:
        text, sheet, row = (item, None, None) if isinstance(item, str) else item
        notation = check_code(text).notation
        if notation in seen:
            seen[notation].append((text.strip(), sheet, row))
    qcvn, qd20 = seen[QCVN102], seen[QD20]
    if not qcvn or not qd20:
        return []
    minority = qcvn if len(qcvn) < len(qd20) else qd20
    text, sheet, row = minority[0]
    where_vi = f" (trang {sheet}, dòng {row})" if sheet or row else ""
    where_en = f" (sheet {sheet}, row {row})" if sheet or row else ""
    return [
        RULES["code.notation-mixed"].finding(
            f"Dùng lẫn hai cách viết mã: {len(qcvn)} mã theo QCVN 102 (ví dụ {qcvn[0][0]}) và "
            f"{len(qd20)} mã theo QĐ 20/2020 (ví dụ {qd20[0][0]}); mã đầu tiên viết khác số "
            f"đông là {text}{where_vi}.",
            f"Both notations are used: {len(qcvn)} codes in QCVN 102 (e.g. {qcvn[0][0]}) and "
            f"{len(qd20)} in QĐ 20/2020 (e.g. {qd20[0][0]}); the first code in the less used "
            f"notation is {text}{where_en}.",
            code=text,
            sheet=sheet,
            row=row,
        )
    ]


# -- the tree ----------------------------------------------------------------------------------


def find_cycles(
    starts: Iterable[int], parent_of: Callable[[int], int | None], *, limit: int = 100_000
) -> list[list[int]]:
    """Cycles of the parent relation reachable from ``starts``, each once, smallest id first.

    ``parent_of`` answers one unit at a time, so the caller decides how to look parents up;
    a walk stops at a root, at a unit already known to lead to one, or after ``limit`` steps.
    """
    settled: set[int] = set()
    cycles: list[list[int]] = []
    for start in starts:
        path: list[int] = []
        on_path: dict[int, int] = {}
        node: int | None = start
        while node is not None and node not in settled and len(path) < limit:
            if node in on_path:
                cycle = path[on_path[node] :]
                low = cycle.index(min(cycle))
                cycles.append(cycle[low:] + cycle[:low])
                break
            on_path[node] = len(path)
            path.append(node)
            node = parent_of(node)
        settled.update(path)
    return cycles


# -- dates -------------------------------------------------------------------------------------


def too_early(effective: str, signed: str | None) -> bool:
    """Whether a date takes effect earlier before ``signed`` than the rules allow."""
    if not signed or not effective:
        return False
    try:
        limit = dt.date.fromisoformat(signed) - dt.timedelta(days=RETROACTIVE_DAYS_ALLOWED)
        return dt.date.fromisoformat(effective) < limit
    except ValueError:
        return False
