"""The grammar of identifier codes (QĐ 20/2020/QĐ-TTg, Articles 4-6; QCVN 102:2016/BTTTT).

One agency code has two notations:

* QCVN 102, fixed width, level 1 rightmost, unused levels zeros: ``001.02.01.H59``;
* QĐ 20/2020, groups left to right, level 1 first: ``H59.01.02.001``.

A parsed :class:`Code` keeps the groups level-1 first; its canonical text is the QĐ 20 notation,
which can always be written (QCVN 102 cannot hold letters in lower groups or a fifth level).

Normalising (trim, drop inner spaces, upper case) is kept apart from judging: :func:`check_code`
judges the text as typed (after trimming) and also says what normalising would make of it.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field, fields
from typing import Any

from desktop.domain.errors import InvalidCode

QCVN102 = "qcvn102"
QD20 = "qd20"
NOTATIONS = (QCVN102, QD20)

AGENCY = "agency"
ENTERPRISE = "enterprise"
SCHEME = "scheme"

MAX_LENGTH = 35
QCVN_MAX_LEVEL = 4
# Widths of the level 2, 3 and 4 segments in QCVN 102 (``VVV.ZZ.YY.XNN``).
QCVN_WIDTHS = (2, 2, 3)
SCHEME_ORG_MAX = 32

_LEVEL1 = re.compile(r"[A-K](?:0[1-9]|[1-9][0-9])")
_GROUP = re.compile(r"[0-9A-Z]+")
_ENTERPRISE_SHAPE = re.compile(r"[0-9]+(?:-[0-9]*)?")
_ENTERPRISE = re.compile(r"([0-9]{10})(?:-([0-9]{3}))?")
_SCHEME = re.compile(r"Z([0-9]{2})\.?(.*)")
# Whitespace that Excel cells and web pages put inside codes, the no-break family included.
_INNER_SPACE = re.compile(r"[\s\u00a0\u2007\u202f\u200b\u200c\u200d\u2060\ufeff]+")


@dataclass(frozen=True)
class Problem:
    """One precise reason a code is invalid: Vietnamese for the clerk, English for the log."""

    id: str
    vi: str
    en: str

    def as_dict(self) -> dict[str, str]:
        return {"id": self.id, "message": self.vi, "message_en": self.en}


def _seg_name(level: int) -> tuple[str, str]:
    return f"nhóm cấp {level}", f"level-{level} group"


# Slots: an appendix of 100,000 rows holds as many codes and checks, and an instance without a
# dict is quicker to build and to sweep by the garbage collector.
@dataclass(frozen=True, slots=True)
class Code:
    """A well-formed code. ``groups`` are level-1 first for agencies; for an enterprise the tax
    code and the optional branch suffix; for a scheme code the whole normalised text."""

    kind: str
    groups: tuple[str, ...]

    @property
    def level(self) -> int | None:
        return len(self.groups) if self.kind == AGENCY else None

    @property
    def level1(self) -> str | None:
        return self.groups[0] if self.kind == AGENCY else None

    @property
    def parent(self) -> Code | None:
        if self.kind == SCHEME or len(self.groups) == 1:
            return None
        return Code(self.kind, self.groups[:-1])

    @property
    def qd20(self) -> str | None:
        return ".".join(self.groups) if self.kind == AGENCY else None

    @property
    def qcvn102(self) -> str | None:
        """The QCVN 102 notation, or None where it cannot be written (never a guess)."""
        if self.kind != AGENCY or len(self.groups) > QCVN_MAX_LEVEL:
            return None
        segments = self.groups[1:]
        for seg, width in zip(segments, QCVN_WIDTHS):
            if len(seg) != width or not seg.isdigit():
                return None
        padded = [
            segments[i] if i < len(segments) else "0" * width for i, width in enumerate(QCVN_WIDTHS)
        ]
        return f"{padded[2]}.{padded[1]}.{padded[0]}.{self.groups[0]}"

    @property
    def canonical(self) -> str:
        """The text the registry stores: QĐ 20 for agencies (always writable)."""
        return _canonical(self.kind, self.groups)

    @property
    def parent_canonical(self) -> str | None:
        """``parent.canonical`` (None without a parent), without building the parent."""
        if self.kind == SCHEME or len(self.groups) == 1:
            return None
        return _canonical(self.kind, self.groups[:-1])

    def format(self, notation: str = QCVN102) -> str:
        """The code in a display notation; an agency code QCVN 102 cannot hold is shown in QĐ 20."""
        if self.kind == AGENCY and notation == QCVN102:
            return self.qcvn102 or self.canonical
        return self.canonical

    def child(self, segment: str) -> Code:
        return Code(self.kind, (*self.groups, segment))

    @property
    def segment(self) -> str:
        return self.groups[-1]

    @property
    def sort_key(self) -> str:
        """A string whose order is the natural code order, parents right before their children.

        A subtree is the key itself plus the keys between ``key + "."`` and ``key + "/"``.
        """
        if self.kind == AGENCY:
            groups = self.groups
            return ".".join([groups[0], *map(_group_key, groups[1:])])
        if self.kind == ENTERPRISE:
            return "~E" + ".".join(self.groups)
        return "~Z" + self.groups[0]

    def __str__(self) -> str:
        return self.canonical


def _canonical(kind: str, groups: tuple[str, ...]) -> str:
    if kind == AGENCY:
        return ".".join(groups)
    if kind == ENTERPRISE:
        return "-".join(groups)
    return groups[0]


@functools.lru_cache(maxsize=8192)
def _group_key(group: str) -> str:
    if group.isdigit():
        # Numeric groups compare by value (length first), then by written width so that "1" and
        # "01" stay distinct; every character used here sorts after "/".
        value = group.lstrip("0") or "0"
        return f"#{chr(65 + len(value))}{value}:{chr(65 + len(group))}"
    return "~" + group


def subtree_bounds(key: str) -> tuple[str, str]:
    """The half-open range of sort keys strictly below the unit whose key is ``key``."""
    return key + ".", key + "/"


@dataclass(frozen=True, slots=True)
class CodeCheck:
    """What :func:`check_code` says of one input (the ``check-code --json`` object)."""

    input: str
    valid: bool
    kind: str | None
    notation: str | None
    normalized: str
    code: Code | None = None
    errors: tuple[Problem, ...] = field(default=())
    repaired: bool = False

    @property
    def level(self) -> int | None:
        return self.code.level if self.code else None

    def as_dict(self) -> dict[str, Any]:
        c = self.code
        parent = c.parent if c else None
        parent_text = None
        if parent is not None:
            parent_text = parent.format(self.notation or QD20)
        return {
            "input": self.input,
            "valid": self.valid,
            "kind": self.kind,
            "notation": self.notation,
            "level": c.level if c else None,
            "level1": c.level1 if c else None,
            "parent": parent_text,
            "qcvn102": c.qcvn102 if c else None,
            "qd20": c.qd20 if c else None,
            "normalized": self.normalized,
            "errors": [p.as_dict() for p in self.errors],
        }


def normalize_code(text: str) -> str:
    """Trim, remove spaces (including no-break and zero-width ones) and upper-case."""
    return _INNER_SPACE.sub("", text).upper()


def _surface_problems(text: str) -> list[Problem]:
    """Problems with how the code is written that normalising repairs."""
    problems = []
    if _INNER_SPACE.search(text):
        problems.append(
            Problem(
                "code.spaces",
                "Mã có khoảng trắng bên trong (kể cả khoảng trắng không ngắt dòng).",
                "The code contains spaces (no-break spaces included).",
            )
        )
    if any(ch.islower() for ch in text):
        problems.append(
            Problem(
                "code.lowercase",
                "Mã có chữ thường; mã định danh chỉ dùng chữ in hoa.",
                "The code contains lower-case letters; codes use upper case only.",
            )
        )
    return problems


def _bad_characters(text: str, allowed: str) -> Problem | None:
    bad = sorted({ch for ch in text if ch not in allowed})
    if not bad:
        return None
    shown = " ".join(f"'{ch}'" for ch in bad)
    return Problem(
        "code.alphabet",
        f"Mã có ký tự không được phép: {shown}. Chỉ dùng chữ số 0-9, chữ in hoa A-Z và dấu chấm.",
        f"The code contains characters that are not allowed: {shown}. Use 0-9, A-Z and the dot.",
    )


_AGENCY_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ."


def _parse_enterprise(text: str) -> tuple[Code | None, list[Problem]]:
    m = _ENTERPRISE.fullmatch(text)
    if not m:
        head = text.split("-")[0]
        if len(head) == 9 and "-" not in text:
            return None, [
                Problem(
                    "enterprise.length",
                    "Mã số doanh nghiệp có 9 chữ số, thiếu 1 chữ số "
                    "(Excel có thể đã bỏ số 0 ở đầu).",
                    "The enterprise code has 9 digits, one short "
                    "(Excel may have dropped a leading 0).",
                )
            ]
        return None, [
            Problem(
                "enterprise.length",
                "Mã số doanh nghiệp phải có 10 chữ số, hoặc 10 chữ số, dấu '-' và 3 chữ số.",
                "An enterprise code has 10 digits, or 10 digits, a '-' and 3 digits.",
            )
        ]
    # Loaded on the first enterprise code only: stdnum's import pulls in ssl and sockets, a good
    # part of a short command's start.
    from stdnum import exceptions as stdnum_exceptions
    from stdnum.vn import mst

    try:
        mst.validate(text)
    except stdnum_exceptions.InvalidChecksum:
        return None, [
            Problem(
                "enterprise.checksum",
                "Chữ số kiểm tra (chữ số thứ 10) của mã số doanh nghiệp không đúng.",
                "The check digit (10th digit) of the enterprise code is wrong.",
            )
        ]
    except stdnum_exceptions.ValidationError:
        if m.group(2) == "000":
            return None, [
                Problem(
                    "enterprise.branch",
                    "Mã đơn vị phụ thuộc '000' không hợp lệ (phải từ 001 đến 999).",
                    "The dependent-unit suffix '000' is invalid (001-999).",
                )
            ]
        return None, [
            Problem(
                "enterprise.invalid",
                "Mã số doanh nghiệp không hợp lệ.",
                "The enterprise code is invalid.",
            )
        ]
    groups = (m.group(1),) if m.group(2) is None else (m.group(1), m.group(2))
    return Code(ENTERPRISE, groups), []


def _parse_scheme(text: str) -> tuple[Code | None, list[Problem]]:
    m = _SCHEME.fullmatch(text)
    problems = []
    if not m or m.group(1) == "00":
        problems.append(
            Problem(
                "scheme.prefix",
                "Mã tổ chức khác phải bắt đầu bằng mã hệ thống từ Z01 đến Z99.",
                "A scheme code starts with a scheme number from Z01 to Z99.",
            )
        )
        return None, problems
    org = m.group(2)
    if not org:
        problems.append(
            Problem(
                "scheme.empty",
                "Thiếu mã tổ chức sau mã hệ thống (Z01-Z99).",
                "The organisation code after the scheme number is missing.",
            )
        )
    elif len(org) > SCHEME_ORG_MAX:
        problems.append(
            Problem(
                "scheme.too-long",
                f"Mã tổ chức trong hệ thống dài {len(org)} ký tự, tối đa {SCHEME_ORG_MAX}.",
                f"The organisation code is {len(org)} characters long, at most {SCHEME_ORG_MAX}.",
            )
        )
    if problems:
        return None, problems
    return Code(SCHEME, (text,)), []


def _parse_agency(text: str) -> tuple[Code | None, str | None, list[Problem]]:
    groups = text.split(".")
    if any(g == "" for g in groups):
        return (
            None,
            None,
            [
                Problem(
                    "code.empty-group",
                    "Mã có dấu chấm thừa (ở đầu, ở cuối hoặc hai dấu chấm liền nhau).",
                    "The code has a stray dot (leading, trailing or doubled).",
                )
            ],
        )
    if groups[0][:1].isalpha():
        return _parse_qd20(groups)
    if groups[0].isdigit():
        return _parse_qcvn102(groups)
    return (
        None,
        None,
        [
            Problem(
                "code.shape",
                "Không nhận ra cấu trúc mã: mã cơ quan bắt đầu bằng mã cấp 1 (ví dụ H59.01) "
                "hoặc theo QCVN 102 (ví dụ 000.00.01.H59).",
                "Unrecognised code structure: write H59.01 (QĐ 20) or 000.00.01.H59 (QCVN 102).",
            )
        ],
    )


def _level1_problem(group: str) -> Problem:
    return Problem(
        "code.level1",
        f"Mã cấp 1 '{group}' không hợp lệ: phải là một chữ cái từ A đến K và hai chữ số 01-99.",
        f"Level-1 code '{group}' is invalid: one letter A-K and two digits 01-99.",
    )


def _parse_qd20(groups: list[str]) -> tuple[Code | None, str | None, list[Problem]]:
    problems = []
    if not _LEVEL1.fullmatch(groups[0]):
        problems.append(_level1_problem(groups[0]))
    for level, group in enumerate(groups[1:], start=2):
        if not _GROUP.fullmatch(group):
            continue  # the alphabet problem is reported once for the whole code
        if set(group) == {"0"}:
            vi, en = _seg_name(level)
            problems.append(
                Problem(
                    "code.zero-group",
                    f"{vi.capitalize()} '{group}' toàn số 0: số 0 có nghĩa là cấp chưa dùng.",
                    f"The {en} '{group}' is all zeros, which means an unused level.",
                )
            )
    if problems:
        return None, QD20, problems
    return Code(AGENCY, tuple(groups)), QD20, []


def _parse_qcvn102(groups: list[str]) -> tuple[Code | None, str | None, list[Problem]]:
    if len(groups) != 4:
        return (
            None,
            QCVN102,
            [
                Problem(
                    "code.qcvn-groups",
                    f"Mã theo QCVN 102 có 4 nhóm (VVV.ZZ.YY.XNN), mã này có {len(groups)} nhóm.",
                    f"A QCVN 102 code has 4 groups (VVV.ZZ.YY.XNN); this one has {len(groups)}.",
                )
            ],
        )
    problems = []
    # QCVN order is level 4, 3, 2, then level 1.
    for group, level in zip(groups[:3], (4, 3, 2)):
        width = QCVN_WIDTHS[level - 2]
        if not (group.isdigit() and len(group) == width):
            vi, en = _seg_name(level)
            problems.append(
                Problem(
                    "code.qcvn-width",
                    f"{vi.capitalize()} '{group}' phải có đúng {width} chữ số.",
                    f"The {en} '{group}' must be exactly {width} digits.",
                )
            )
    if not _LEVEL1.fullmatch(groups[3]):
        problems.append(_level1_problem(groups[3]))
    if problems:
        return None, QCVN102, problems
    segments = [groups[2], groups[1], groups[0]]  # levels 2, 3, 4
    used = [set(s) != {"0"} for s in segments]
    for i in range(1, 3):
        if used[i] and not used[i - 1]:
            deeper, upper = i + 2, i + 1
            return (
                None,
                QCVN102,
                [
                    Problem(
                        "code.level-gap",
                        f"Cấp {deeper} ('{segments[i]}') được dùng trong khi cấp {upper} "
                        f"chưa dùng ('{segments[i - 1]}'): cấp trên phải có trước cấp dưới.",
                        f"Level {deeper} ('{segments[i]}') is used under an unused level {upper} "
                        f"('{segments[i - 1]}').",
                    )
                ],
            )
    depth = sum(used)
    return Code(AGENCY, (groups[3], *segments[:depth])), QCVN102, []


def _too_long(text: str) -> Problem:
    return Problem(
        "code.too-long",
        f"Mã dài {len(text)} ký tự, vượt quá tối đa {MAX_LENGTH} ký tự.",
        f"The code is {len(text)} characters long, more than the maximum of {MAX_LENGTH}.",
    )


def _structure(text: str) -> tuple[str | None, Code | None, str | None, list[Problem]]:
    """Parse an already normalised text: (kind, code, notation, problems)."""
    if not text:
        return None, None, None, [Problem("code.empty", "Mã trống.", "The code is empty.")]
    if _ENTERPRISE_SHAPE.fullmatch(text):
        code, problems = _parse_enterprise(text)
        return ENTERPRISE, code, None, problems
    if text.startswith("Z") and text[1:2].isdigit():
        code, problems = _parse_scheme(text)
        if len(text) > MAX_LENGTH:
            problems.append(_too_long(text))
        return SCHEME, (code if not problems else None), None, problems
    problems = []
    bad = _bad_characters(text, _AGENCY_ALPHABET)
    if bad:
        problems.append(bad)
        return AGENCY, None, None, problems
    code, notation, structural = _parse_agency(text)
    problems.extend(structural)
    if len(text) > MAX_LENGTH:
        problems.append(_too_long(text))
    return AGENCY, (code if not problems else None), notation, problems


_FAST_QCVN = re.compile(r"([0-9]{3})\.([0-9]{2})\.([0-9]{2})\.([A-K](?:0[1-9]|[1-9][0-9]))")
_FAST_QD20 = re.compile(r"[A-K](?:0[1-9]|[1-9][0-9])(?:\.[0-9A-Z]+)*")


def _check_well_formed(text: str, trimmed: str) -> CodeCheck | None:
    """The common case, a well-formed agency code, answered without the full diagnosis.

    Appendices hold tens of thousands of codes; the full path (which explains every fault) costs
    several times more. Anything this does not recognise goes the full way, so the answers are
    the same (a property test compares them).
    """
    found = check_plain_code(text, trimmed)
    return None if found is None else found[0]


def check_plain_code(text: str, trimmed: str) -> tuple[CodeCheck, str, str | None] | None:
    """``check_code(text)`` with its code's canonical and parent canonical text, when
    ``trimmed`` (``text.strip()``, or ``text`` itself when it has no space around it) is a
    well-formed agency code; None for any other text (ask :func:`check_code`). An appendix row
    needs all three: the groups the check has just parsed give the two texts, rather than
    being joined again from the code."""
    if len(trimmed) > MAX_LENGTH:
        return None
    m = _FAST_QCVN.fullmatch(trimmed)
    parent: str | None
    if m is not None:
        seg4, seg3, seg2, level1 = m.groups()
        if seg2 == "00":
            if seg3 != "00" or seg4 != "000":
                return None
            groups: tuple[str, ...] = (level1,)
            canonical, parent = level1, None
        elif seg3 == "00":
            if seg4 != "000":
                return None
            groups = (level1, seg2)
            canonical, parent = f"{level1}.{seg2}", level1
        elif seg4 == "000":
            groups = (level1, seg2, seg3)
            parent = f"{level1}.{seg2}"
            canonical = f"{parent}.{seg3}"
        else:
            groups = (level1, seg2, seg3, seg4)
            parent = f"{level1}.{seg2}.{seg3}"
            canonical = f"{parent}.{seg4}"
        notation = QCVN102
    elif _FAST_QD20.fullmatch(trimmed) is not None:
        groups = tuple(trimmed.split("."))
        if any(g.count("0") == len(g) for g in groups[1:]):
            return None
        canonical = trimmed  # the groups joined by dots: the text itself
        cut = trimmed.rfind(".")
        parent = trimmed[:cut] if cut >= 0 else None
        notation = QD20
    else:
        return None
    return _valid_agency_check(text, notation, trimmed, groups), canonical, parent


# An appendix builds a code and its check per row: they are set straight into their slots here,
# at half the cost of a frozen dataclass's __init__ (one object.__setattr__ call per field).
_new = object.__new__
_code_kind, _code_groups = (Code.__dict__[f].__set__ for f in ("kind", "groups"))
(
    _check_input,
    _check_valid,
    _check_kind,
    _check_notation,
    _check_normalized,
    _check_code,
    _check_errors,
    _check_repaired,
) = (CodeCheck.__dict__[f.name].__set__ for f in fields(CodeCheck))


def _valid_agency_check(
    text: str, notation: str, normalized: str, groups: tuple[str, ...]
) -> CodeCheck:
    """``CodeCheck(text, True, AGENCY, notation, normalized, Code(AGENCY, groups))``."""
    code = _new(Code)
    _code_kind(code, AGENCY)
    _code_groups(code, groups)
    check = _new(CodeCheck)
    _check_input(check, text)
    _check_valid(check, True)
    _check_kind(check, AGENCY)
    _check_notation(check, notation)
    _check_normalized(check, normalized)
    _check_code(check, code)
    _check_errors(check, ())
    _check_repaired(check, False)
    return check


def check_code(text: str) -> CodeCheck:
    """Judge a code as typed (after trimming), and tell what normalising would make of it."""
    trimmed = text.strip()
    fast = _check_well_formed(text, trimmed)
    if fast is not None:
        return fast
    return _check_fully(text, trimmed)


def _check_fully(text: str, trimmed: str) -> CodeCheck:
    normalized = normalize_code(trimmed)
    kind, code, notation, problems = _structure(normalized)
    surface = _surface_problems(trimmed)
    errors = tuple(surface + problems)
    return CodeCheck(
        input=text,
        valid=not errors,
        kind=kind,
        notation=notation,
        normalized=normalized,
        code=code,
        errors=errors,
    )


def parse_code(text: str, *, strict: bool = False) -> Code:
    """The :class:`Code` for a text, or :class:`InvalidCode` with the first reason.

    By default the text is normalised first (user input on the command line, search boxes);
    ``strict`` judges it exactly as given after trimming.
    """
    check = check_code(text)
    if check.code is not None and (check.valid or not strict):
        return check.code
    first = check.errors[0] if check.errors else Problem("code.invalid", "Mã không hợp lệ.", "")
    shown = text.strip()
    raise InvalidCode(f"Mã '{shown}': {first.vi}", f"Code '{shown}': {first.en}")


def from_canonical(text: str, kind: str = AGENCY) -> Code:
    """Rebuild a stored code without judging it again (the registry holds canonical text)."""
    if kind == AGENCY:
        return Code(AGENCY, tuple(text.split(".")))
    if kind == ENTERPRISE:
        return Code(ENTERPRISE, tuple(text.split("-")))
    return Code(SCHEME, (text,))


def try_parse(text: str) -> Code | None:
    try:
        return parse_code(text)
    except InvalidCode:
        return None


def notation_of(text: str) -> str | None:
    return check_code(text).notation


def repair_numeric_enterprise(value: float | int) -> tuple[str, bool]:
    """Text for a numeric spreadsheet cell that held an enterprise code.

    Excel stores ``0100109106`` as the number 100109106; a 9-digit number gets its leading zero
    back. Returns the text and whether it was repaired.
    """
    if isinstance(value, float):
        if not value.is_integer():
            return repr(value), False
        value = int(value)
    digits = str(value)
    if len(digits) == 9:
        return "0" + digits, True
    return digits, False


# Letters of other scripts that look like the Latin capitals of a code (Cyrillic, Greek): typed
# with the wrong keyboard layout or pasted from a PDF.
_HOMOGLYPHS = str.maketrans(
    "АВЕКМНОРСТХаеорсхІіЈѕΑΒΕΗΙΚΜΝΟΡΤΧΥΖ",
    "ABEKMHOPCTXaeopcxIiJsABEHIKMNOPTXYZ",
)
_ENTERPRISE_TYPED = re.compile(r"[0-9OIL]{10}(?:-[0-9OIL]{3})?")
_SEPARATORS = re.compile(r"[.,;:·•\-_/]+")
# In a place that holds digits, the letters typed for them.
_DIGIT_LOOKALIKES = str.maketrans("OoQDIlL|", "00001111")


def _fix_digits(group: str, first: int = 0) -> str:
    return group[:first] + group[first:].translate(_DIGIT_LOOKALIKES)


def repair_lookalikes(text: str) -> str | None:
    """A code typed with look-alike characters, repaired: full-width forms, Cyrillic and Greek
    capitals, the letters O, I, l where digits belong, and separators typed for the dot (``,``,
    ``·``, ``-``, doubled or stray dots). None when no repair makes it a valid
    code (a repair is offered only when it turns an invalid code into a valid one)."""
    if check_code(text).valid:
        return None
    fixed = normalize_code(unicodedata.normalize("NFKC", text).translate(_HOMOGLYPHS))
    # Excel's text prefix typed literally ('000.00.01.H49, from CSV files) and quotes.
    fixed = fixed.strip("'\"`‘’“”")
    if _ENTERPRISE_TYPED.fullmatch(fixed):  # a tax code with letters typed for digits
        digits = _fix_digits(fixed)
        if check_code(digits).valid:
            return digits
    if not _ENTERPRISE_SHAPE.fullmatch(fixed):
        # Separators typed for the dot (a comma, a middle dot, a dash), doubled or stray dots.
        fixed = _SEPARATORS.sub(".", fixed).strip(".")
    candidates = [fixed]
    groups = fixed.split(".")
    if len(groups) == 4 and groups[3][:1].isalpha():  # QCVN 102: digits, then X + 2 digits
        candidates.append(
            ".".join([*(_fix_digits(g) for g in groups[:3]), _fix_digits(groups[3], 1)])
        )
    elif groups[0][:1].isalpha():  # QĐ 20: the level-1 code's two digits
        candidates.append(".".join([_fix_digits(groups[0], 1), *groups[1:]]))
    elif "." not in fixed:  # an enterprise code: digits and a dash
        candidates.append(_fix_digits(fixed))
    for candidate in candidates:
        if candidate != text and check_code(candidate).valid:
            return candidate
    return None


def fit_segment(segment: str, level: int) -> str:
    """A numeric segment re-padded to the QCVN 102 width of the level it moves to.

    Moving a level-3 unit ``01`` one level down makes it ``001``; a segment that cannot fit (a
    letter, a value too wide, a level beyond 4) is kept as it is.
    """
    if 2 <= level <= QCVN_MAX_LEVEL and segment.isdigit():
        width = QCVN_WIDTHS[level - 2]
        value = segment.lstrip("0") or "0"
        if len(value) <= width and value != "0":
            return value.rjust(width, "0")
    return segment


def rebase(code: Code, old_parent: Code, new_parent: Code) -> Code:
    """The code a descendant takes when an ancestor's code changes from ``old_parent`` to
    ``new_parent`` (a recode or move carries the subtree): the new ancestor's groups, then the
    descendant's own groups below the old one, each re-padded to the level it lands on."""
    groups = list(new_parent.groups)
    for segment in code.groups[len(old_parent.groups) :]:
        groups.append(fit_segment(segment, len(groups) + 1))
    return Code(new_parent.kind, tuple(groups))


def suggest_child(parent: Code, taken: set[str]) -> Code | None:
    """The first free child code of ``parent`` in QCVN 102 widths, skipping every segment ever used.

    ``taken`` holds segments (``"01"``) already used under this parent, by any unit, at any time:
    codes are never reassigned. Returns None when the level is full or QCVN 102 has no deeper level.
    """
    if parent.kind != AGENCY:
        return None
    depth = len(parent.groups)
    if depth >= QCVN_MAX_LEVEL:
        return None
    width = QCVN_WIDTHS[depth - 1]
    for n in range(1, 10**width):
        segment = str(n).rjust(width, "0")
        if segment not in taken:
            return parent.child(segment)
    return None
