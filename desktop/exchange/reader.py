"""The tolerant appendix reader: a decision's Excel appendix as rows with their provenance.

Real appendices (domain.md §4) have merged title rows, a header found by its words over one or
two rows, section rows and footers between and after the data, several sheets (one per level),
codes typed with spaces, in lower case or stored as numbers, and sometimes names in a legacy
8-bit encoding. Everything the reader repairs is reported as a :class:`Notice` with its sheet,
row and column; what it cannot place it leaves to the reconciler, which judges codes against the
registry. Values come from python-calamine (``.xlsx``, ``.xls``, ``.ods``); nothing here needs a
cell's style, so openpyxl is not used for reading.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import hashlib
import io
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import islice
from operator import itemgetter
from pathlib import Path
from typing import Any

import python_calamine as calamine

from desktop.domain.codes import (
    Code,
    CodeCheck,
    Problem,
    check_code,
    check_plain_code,
    normalize_code,
    repair_lookalikes,
    repair_numeric_enterprise,
)
from desktop.domain.decisions import repair_number
from desktop.domain.errors import KnownError, os_reason
from desktop.domain.progress import PROGRESS_EVERY, READ, OnProgress
from desktop.domain.rules import Finding
from desktop.domain.text import (
    MAX_NAME_LENGTH,
    clean_name,
    fix_lookalikes,
    fold,
    name_too_long,
    nfc,
)
from desktop.domain.units import FIELD_LABELS as UNIT_FIELDS
from desktop.domain.units import LIST_HEADINGS
from desktop.domain.validator import VIETNAMESE_LETTERS, label_reading
from desktop.domain.words import QT_TR_NOOP
from desktop.exchange import legacy
from desktop.exchange.cellerrors import unreadable_cells
from desktop.exchange.limits import check_sheet_rows, check_workbook
from desktop.store.bulk import paused_gc

INFO = "info"
WARNING = "warning"
ERROR = "error"

# How far down a sheet the header is looked for: title rows and a blank line or two come first,
# never dozens of rows.
HEADER_SEARCH_ROWS = 40

FIELDS = (
    "stt",
    "name",
    "code",
    "level",
    "parent",
    "note",
    "address",
    "email",
    "phone",
    "fax",
    "website",
)
DETAIL_COLUMNS = ("address", "email", "phone", "fax", "website")
# The columns of an appendix; the window shows them translated.
FIELD_LABELS = {
    "stt": QT_TR_NOOP("STT"),
    "name": LIST_HEADINGS["name"],
    "code": LIST_HEADINGS["code"],
    "level": UNIT_FIELDS["level"],
    "parent": UNIT_FIELDS["parent"],
    "note": UNIT_FIELDS["note"],
    "address": UNIT_FIELDS["address"],
    "email": UNIT_FIELDS["email"],
    "phone": UNIT_FIELDS["phone"],
    "fax": UNIT_FIELDS["fax"],
    "website": UNIT_FIELDS["website"],
}


class AppendixError(KnownError):
    """A file that cannot be read as an appendix: the reason names the file (sheet, row)."""


@dataclass(frozen=True)
class Notice(Finding):
    """Something the reader repaired or skipped, where it happened: a finding (so both can be
    listed together) with the cell and its text before and after."""

    column: str | None = None
    before: str | None = None
    after: str | None = None


@dataclass(slots=True)
class AppendixRow:
    """One data row: what it says (cleaned) and what it said (raw), and where it is."""

    sheet: str
    row: int
    stt: str
    raw_code: str
    code_text: str  # after normalising: trimmed, no spaces, upper case
    check: CodeCheck
    name: str
    raw_name: str
    parent_text: str = ""
    level_text: str = ""
    note: str = ""
    details: dict[str, str | None] = field(default_factory=dict)
    section: str = ""  # the heading of the section the row is listed in ("II. Doanh nghiệp...")
    # Derived from ``check`` once: reconciliation looks them up many times per row.
    code: Code | None = field(init=False)
    canonical: str | None = field(init=False)
    parent_canonical: str | None = field(init=False)

    def __post_init__(self) -> None:
        self.code = code = self.check.code
        if code is None:
            self.canonical = self.parent_canonical = None
        else:
            self.canonical = code.canonical
            self.parent_canonical = code.parent_canonical

    @property
    def where(self) -> str:
        return f"trang '{self.sheet}', dòng {self.row}"


@dataclass
class DecisionHint:
    """What the ``(Kèm theo Quyết định số ... ngày ... của ...)`` line says."""

    number: str | None = None
    signed: str | None = None
    issuer: str | None = None
    line: str | None = None
    sheet: str | None = None
    row: int | None = None
    type: str | None = None  # the act the line names (``nghi-quyet``...), when it names one
    draft: bool = False
    repaired: tuple[str, str] | None = None  # what repairing the number changed (vi, en)


@dataclass
class SheetInfo:
    name: str
    header_row: int
    columns: dict[str, str]  # field → column letter
    rows: int = 0
    encoding: str | None = None
    # column letter → what the header row says there, for a clerk choosing columns
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class SheetLayout:
    """A clerk's choice for one sheet: the (last) header row, 1-based, and the column letter of
    each field; it replaces what the reader would find. Name and code are required."""

    header_row: int
    columns: dict[str, str]


@dataclass
class Appendix:
    path: Path
    sha256: str
    sheets: list[SheetInfo]
    rows: list[AppendixRow]
    notices: list[Notice]
    decision: DecisionHint
    titles: list[str] = field(default_factory=list)
    # every sheet of the workbook, read or not, so that a clerk can choose others
    sheet_names: list[str] = field(default_factory=list)

    @property
    def file_name(self) -> str:
        return self.path.name


# -- header words ------------------------------------------------------------------------------

_PUNCT = re.compile(r"[^\w]+")


def _words(text: str) -> str:
    return _PUNCT.sub(" ", fold(text)).strip()


def classify_header(label: str) -> str | None:
    """The field a header cell names, by its words (with or without tone marks, any case)."""
    t = _words(label)
    if not t:
        return None
    words = t.split()
    if t in ("stt", "tt", "so tt", "so thu tu", "thu tu"):
        return "stt"
    if "ghi chu" in t:
        return "note"
    if "email" in t or "e mail" in t or "thu dien tu" in t:
        return "email"
    if "dien thoai" in t or t in ("dt", "sdt", "so dt"):
        return "phone"
    if "fax" in words:
        return "fax"
    if "website" in t or "trang thong tin" in t or "cong thong tin" in t or t == "web":
        return "website"
    if "dia chi" in t:
        return "address"
    if "cap tren" in t or "chu quan" in t or "truc thuoc" in t:
        return "parent"
    if words[0] == "ma" or t.startswith("ma dinh danh"):
        return "code"
    if words[0] == "cap" and len(words) <= 3:
        return "level"
    if "ten" in words or t in ("co quan don vi", "don vi", "co quan", "to chuc"):
        return "name"
    return None


# -- cells -------------------------------------------------------------------------------------


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def cell_text(value: Any) -> str:
    """A cell as text: integral numbers without ``.0``, dates in ISO, everything NFC."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        return nfc(value).strip()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return nfc(str(value)).strip()


_NO_INVISIBLE = {ord(ch): None for ch in "\u200b\u200c\u200d\u2060\ufeff\u00ad"}
_ROMAN = re.compile(r"(?=[IVXLC])M*(C[MD]|D?C{0,3})(X[CL]|L?X{0,3})(I[XV]|V?I{0,3})")
_NUMBERED = re.compile(r"\d+(?:[.,]\d+)*\.?")
_CODE_LIKE = re.compile(r"[\w.,\-]*[0-9][\w.,\-]*")  # letters of any script: look-alikes
_NUMBERING_CELL = re.compile(r"\(?[0-9A-Za-z]{1,3}\)?")


# A text cell that reading leaves as it is: printable ASCII and Vietnamese letters with one
# space between words (so nothing to clean and no look-alike letter), either all ASCII or
# holding a letter no 8-bit font has (so no legacy reading: see legacy.convert_cell). Most cells
# are such: they are told by one match and skip those steps.
_VIETNAMESE = "".join(sorted(ch for ch in VIETNAMESE_LETTERS if not ch.isascii()))
_PLAIN_TEXT = re.compile(f"[!-~{_VIETNAMESE}]+(?: [!-~{_VIETNAMESE}]+)*")
_UNICODE_ONLY = re.compile(
    "[" + "".join(ch for ch in _VIETNAMESE if ch.encode("cp1252", "replace") == b"?") + "]"
)
# A code cell that reading leaves as it is: upper-case letters, digits, dots and dashes with a
# digit among them (nothing to normalise, no text prefix, shaped like a code). Only whether it
# is a valid code is left to judge.
_PLAIN_CODE = re.compile(r"(?=[A-Z.\-]*[0-9])[0-9A-Z.\-]{1,60}")


_BLANK = ("", None)  # what a cell holds when nothing was typed into it


def _settled(text: str) -> bool:
    """Whether reading leaves a text cell as it is (see _PLAIN_TEXT)."""
    return (text.isascii() or _UNICODE_ONLY.search(text) is not None) and (
        _PLAIN_TEXT.fullmatch(text) is not None
    )


def _is_numbered(stt: str) -> bool:
    return bool(_NUMBERED.fullmatch(stt))


def _code_like(text: str) -> bool:
    """Whether a code cell holds something meant as a code (rather than a signature, a total
    or a note that spilled into the column)."""
    packed = normalize_code(text)
    return len(packed) <= 60 and _CODE_LIKE.fullmatch(packed) is not None


# -- the decision line -------------------------------------------------------------------------


def _fold_aligned(text: str) -> str:
    """``fold`` character by character, so that positions in the result are positions in the
    (NFC) original and a match on the folded text can be cut from the original."""
    out = []
    for ch in text:
        f = fold(ch)
        out.append(f if len(f) == 1 else (ch.lower() if len(ch.lower()) == 1 else "?"))
    return "".join(out)


# The act the line cites: a Quyết định most often, a Nghị quyết, Thông tư... as well.
_ACTS = {
    "quyet dinh": "quyet-dinh",
    "nghi quyet": "nghi-quyet",
    "thong tu": "thong-tu",
    "nghi dinh": "nghi-dinh",
    "cong van": "cong-van",
    "van ban": "khac",  # "Kèm theo Văn bản số 123/UBND-KGVX": a Công văn cited as a document
}
_DECISION = re.compile(
    r"(?P<act>quyet\s*dinh|nghi\s*quyet|thong\s*tu|nghi\s*dinh|cong\s*van|van\s*ban)"
    r"\s*(?:so)?\s*[:.]?\s*"
    r"(?:(?P<number>[0-9][^\s,;()/]*(?:\s*/\s*[^\s,;()/]+)*/?)"
    r"|(?P<blank>[.…_ ]*/[^\s,;()]*|[.…_]{2,}[^\s,;()]*))"
    r"(?:[^()]*?ngay\s*(?P<d>\d{1,2})\s*(?:thang|/|-|\.)\s*(?P<m>\d{1,2})\s*(?:nam|/|-|\.)\s*"
    r"(?P<y>\d{4}))?"
    r"(?:[^()]*?\bcua\s+(?P<issuer>[^()]+))?"
)


_SUBJECT = re.compile(r"\s(?:ve\s+viec|v/v)\s")


def parse_decision_line(text: str) -> DecisionHint | None:
    """The decision a ``(Kèm theo Quyết định số ...)`` line cites, or None if it cites none."""
    original = nfc(text).strip()
    folded = _fold_aligned(original)
    if "kem theo" not in folded and "ban hanh" not in folded:
        return None
    m = _DECISION.search(folded)
    if not m:
        return None
    hint = DecisionHint(line=original)
    if m.group("number"):
        # "184 /QĐ-UBND": the number typed into the form's blank before the symbol
        # plain spaces are the form's layout ("184 /QĐ-UBND", typed into the blank): not said
        number = re.sub(r"[ \t]+", "", original[m.start("number") : m.end("number")]).rstrip(".")
        repair = repair_number(number)
        hint.number = repair.number.replace(" ", "")
        hint.repaired = repair.message if repair.number != number.strip() else None
    else:
        hint.draft = True  # "Quyết định số ......./QĐ-UBND": a draft, its number left blank
    hint.type = _ACTS.get(" ".join(m.group("act").split()))
    if m.group("y"):
        try:
            signed = dt.date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
            hint.signed = signed.isoformat()
        except ValueError:
            hint.signed = None
    if m.group("issuer"):
        issuer = original[m.start("issuer") : m.end("issuer")]
        # "... của UBND tỉnh X về việc ban hành ...": the subject (trích yếu) is no issuer
        subject = _SUBJECT.search(folded, m.start("issuer"), m.end("issuer"))
        if subject is not None:
            issuer = original[m.start("issuer") : subject.start()]
        hint.issuer = clean_name(issuer).rstrip(" .,;)") or None
    return hint


# -- reading -----------------------------------------------------------------------------------


def _open_workbook(path: Path) -> calamine.CalamineWorkbook:
    shown = path.name
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise AppendixError(
            f"Không đọc được tệp '{shown}': {os_reason(exc)}.", f"Cannot read '{shown}': {exc}"
        ) from exc
    if size == 0:
        raise AppendixError(
            f"Tệp '{shown}' rỗng (0 byte), không phải là bảng tính.",
            f"'{shown}' is empty (0 bytes), not a workbook.",
        )
    try:
        with path.open("rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        raise AppendixError(
            f"Không đọc được tệp '{shown}': {os_reason(exc)}.", f"Cannot read '{shown}': {exc}"
        ) from exc
    try:
        if _misnamed(path, head):
            # An .xls saved as .xlsx (or the reverse): the parser picks its reader by the name,
            # so it is given the bytes and finds the format from them.
            return calamine.CalamineWorkbook.from_filelike(io.BytesIO(path.read_bytes()))
        return calamine.CalamineWorkbook.from_path(str(path))
    except calamine.PasswordError:
        raise _password_protected(shown) from None
    except Exception as exc:
        # An OOXML file saved with a password is an OLE container that calamine takes for an
        # old .xls and then fails on: recognise it by its encryption streams.
        if head.startswith(b"\xd0\xcf\x11\xe0") and _has_encryption_stream(path):
            raise _password_protected(shown) from None
        if head.startswith(b"PK"):
            raise AppendixError(
                f"Tệp '{shown}' bị hỏng hoặc không đầy đủ (có thể bị cắt ngang khi sao chép), "
                "không mở được như bảng tính Excel.",
                f"'{shown}' is damaged or truncated and cannot be opened as a workbook ({exc}).",
            ) from None
        raise AppendixError(
            f"Tệp '{shown}' không phải là bảng tính Excel hoặc OpenDocument (.xlsx, .xls, .ods) "
            "hoặc đã bị hỏng.",
            f"'{shown}' is not an .xlsx, .xls or .ods workbook, or is damaged ({exc}).",
        ) from None


def _misnamed(path: Path, head: bytes) -> bool:
    legacy_name = path.suffix.lower() == ".xls"
    return head.startswith(b"\xd0\xcf\x11\xe0") != legacy_name


@contextlib.contextmanager
def _parser_panics(shown: str) -> Iterator[None]:
    """A Rust panic inside python-calamine (``PanicException``, a BaseException) as a refusal."""
    try:
        yield
    except BaseException as exc:
        if type(exc).__name__ != "PanicException":
            raise
        raise AppendixError(
            f"Tệp '{shown}' bị hỏng: thư viện đọc bảng tính không đọc được nội dung của nó.",
            f"'{shown}' is damaged: the workbook parser failed on it ({exc}).",
        ) from None


def _password_protected(shown: str) -> AppendixError:
    return AppendixError(
        f"Tệp '{shown}' được đặt mật khẩu; hãy mở bằng Excel, bỏ mật khẩu rồi nhập lại.",
        f"'{shown}' is password-protected; remove the password and import again.",
    )


def _has_encryption_stream(path: Path) -> bool:
    try:
        data = path.read_bytes()[: 1 << 20]
    except OSError:
        return False
    return "EncryptionInfo".encode("utf-16-le") in data


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@dataclass
class _Header:
    first: int  # index of the first header row (0-based)
    row: int  # index of the last header row
    columns: dict[str, int]  # field → column index
    code_columns: list[int]
    old_code: int | None = None  # a "Mã định danh cũ" column beside a "... mới" one


# A header label is short and a header has a few dozen columns: legacy readings (the costly
# part) are tried on no more, so that a hostile wide sheet costs no more than a real one.
_LABEL_LENGTH = 120
_LEGACY_LABEL_TRIES = 64


def _classify_row(cells: list[str]) -> dict[int, str]:
    found: dict[int, str] = {}
    unread: list[int] = []
    encoding = None
    tries = _LEGACY_LABEL_TRIES
    for j, text in enumerate(cells):
        if text:
            f = classify_header(text)
            if f is None and tries and len(text) <= _LABEL_LENGTH and legacy.is_suspect(text):
                tries -= 1
                # A header typed in TCVN3 or VNI ("Tªn c¬ quan, ®¬n vÞ") names its column too.
                converted = legacy.convert_cell(text)
                if converted is None:
                    unread.append(j)
                else:
                    f = classify_header(converted[0])
                    encoding = converted[1]
            if f is not None:
                found[j] = f
    # Once the row has shown its encoding, its short labels ("Sè TT") are read in it too.
    for j in unread if encoding is not None else ():
        label = label_reading(cells[j], encoding) if encoding is not None else None
        f = classify_header(label) if label else None
        if f is not None:
            found[j] = f
    return found


def _looks_like_data(cells: list[str]) -> bool:
    return any(_code_like(c) and check_code(c).valid for c in cells if c)


def _find_header(rows: list[list[str]]) -> _Header | None:
    limit = min(len(rows), HEADER_SEARCH_ROWS)
    for i in range(limit):
        found = _classify_row(rows[i])
        kinds = set(found.values())
        if not ({"name", "code"} <= kinds):
            continue
        columns: dict[int, str] = dict(found)
        first = last = i
        # A header over two rows: the row below (or above) names columns this one leaves empty
        # or labels only as a group ("Thông tin liên hệ" over "Địa chỉ | Email").
        for adj in (i + 1, i - 1):
            if not 0 <= adj < len(rows) or _looks_like_data(rows[adj]):
                continue
            extra = _classify_row(rows[adj])
            added = False
            for j, f in extra.items():
                if j in columns and columns[j] == f:
                    continue
                if f in columns.values() and f not in ("code",):
                    continue
                if j not in columns or not rows[i][j] or columns[j] not in ("name", "code"):
                    columns[j] = f
                    added = True
            if added:
                last, first = max(last, adj), min(first, adj)
        by_field: dict[str, int] = {}
        code_columns: list[int] = []
        for j in sorted(columns):
            f = columns[j]
            if f == "code":
                code_columns.append(j)
            by_field.setdefault(f, j)
        header = _Header(first=first, row=last, columns=by_field, code_columns=code_columns)
        _old_and_new_codes(header, rows)
        return header
    return None


def _old_and_new_codes(header: _Header, rows: list[list[str]]) -> None:
    """A list that changes codes gives the old and the new one side by side ("Mã định danh cũ",
    "Mã định danh mới"): the new one is the unit's code, the old one is not a second notation
    of it (which two code columns otherwise are)."""
    if len(header.code_columns) < 2:
        return
    labels = {
        j: " ".join(
            _words(rows[r][j]) for r in range(header.first, header.row + 1) if j < len(rows[r])
        )
        for j in header.code_columns
    }
    new = [j for j, t in labels.items() if re.search(r"\bmoi\b", t)]
    old = [j for j, t in labels.items() if re.search(r"\b(?:cu|truoc day|hien tai)\b", t)]
    if len(new) == 1 and len(old) == 1 and new != old:
        header.columns["code"] = new[0]
        # the new code first; a row whose new cell is left empty keeps its code
        header.code_columns = [new[0], *(j for j in header.code_columns if j != new[0])]
        header.old_code = old[0]


def column_index(letter: str) -> int | None:
    """The 0-based index of a column letter (``A`` → 0, ``AB`` → 27); None if not one."""
    letter = letter.strip().upper()
    if not letter or not letter.isascii() or not letter.isalpha() or len(letter) > 3:
        return None
    index = 0
    for ch in letter:
        index = index * 26 + ord(ch) - 64
    return index - 1


def _chosen_header(layout: SheetLayout, shown: str, sheet: str) -> _Header:
    """The header a clerk chose, checked: a row in range, name and code, real letters."""
    where = f"Tệp '{shown}', trang '{sheet}'"
    if not 1 <= layout.header_row <= HEADER_SEARCH_ROWS:
        raise AppendixError(
            f"{where}: dòng tiêu đề phải trong {HEADER_SEARCH_ROWS} dòng đầu.",
            f"'{shown}', sheet '{sheet}': the header row must be one of the first "
            f"{HEADER_SEARCH_ROWS}.",
        )
    columns: dict[str, int] = {}
    for f, letter in layout.columns.items():
        if f not in FIELDS:
            raise AppendixError(f"{where}: không có trường '{f}'.", f"No field '{f}'.")
        index = column_index(letter)
        if index is None:
            raise AppendixError(
                f"{where}: '{letter}' không phải tên cột.", f"'{letter}' is not a column."
            )
        columns[f] = index
    for required in ("name", "code"):
        if required not in columns:
            raise AppendixError(
                f"{where}: chưa chọn cột '{FIELD_LABELS[required]}'.",
                f"'{shown}', sheet '{sheet}': no column chosen for '{required}'.",
            )
    row = layout.header_row - 1
    return _Header(first=row, row=row, columns=columns, code_columns=[columns["code"]])


def _header_texts(rows: list[list[str]], header: _Header) -> dict[str, str]:
    texts: dict[str, str] = {}
    for i in range(header.first, header.row + 1):
        for j, text in enumerate(rows[i] if i < len(rows) else []):
            if text:
                letter = column_letter(j)
                texts[letter] = f"{texts[letter]} / {text}" if letter in texts else text
    return texts


def _partial_header(rows: list[list[str]]) -> tuple[int, set[str]] | None:
    """The first row that reads as a header but lacks the name or the code column."""
    for i in range(min(len(rows), HEADER_SEARCH_ROWS)):
        kinds = set(_classify_row(rows[i]).values())
        if len(kinds) >= 2 and kinds & {"name", "code"}:
            return i, kinds
    return None


def _is_numbering_row(cells: list[str]) -> bool:
    """The ``(1) (2) (3) (4)`` row some tables carry under their header."""
    filled = [c for c in cells if c]
    return len(filled) >= 2 and all(
        _NUMBERING_CELL.fullmatch(c) and not (check_code(c).valid and len(c) > 2) for c in filled
    )


_FOOTER_WORDS = (
    "tong cong",
    "tong so",
    "cong:",
    "noi nhan",
    "nguoi lap",
    "ghi chu:",
)


def _is_footer(values: list[Any]) -> bool:
    first = next((v for v in values if v != "" and v is not None), "")
    return isinstance(first, str) and fold(first[:12]).startswith(_FOOTER_WORDS)


def _is_section(stt: str, name: str) -> bool:
    folded = fold(name)
    if stt and (_ROMAN.fullmatch(stt.rstrip(".")) or re.fullmatch(r"[A-Za-z]{1,3}\.?", stt)):
        return True
    return bool(
        re.match(r"^([ivxlc]+|[a-z])[.)]\s", folded)
        or folded.startswith(("khoi ", "ma dinh danh cap", "cap ", "nhom "))
    )


class _SheetReader:
    def __init__(
        self,
        appendix_name: str,
        sheet: str,
        rows: list[list[Any]],
        on_progress: OnProgress | None = None,
        before: int = 0,
        path: Path | None = None,
        suspects: frozenset[str] | None = None,
    ) -> None:
        self.file = appendix_name
        self.sheet = sheet
        self.raw = rows
        self.path = path
        self.suspects = suspects  # the parts that may hold unreadable cells, when known
        self.notices: list[Notice] = []
        self.out: list[AppendixRow] = []
        self.on_progress = on_progress
        self.before = before  # rows the earlier sheets had below their headers
        self.scanned = 0
        self._unreadable: dict[tuple[int, int], str] | None = None

    def unreadable(self, i: int, columns: list[int]) -> tuple[int, str] | None:
        """The first of ``columns`` on row ``i`` (0-based) holding an Excel error or a formula
        without a value (read as empty): looked up in the file only when a row needs it."""
        if self.path is None:
            return None
        if self._unreadable is None:
            self._unreadable = unreadable_cells(self.path, self.sheet, self.suspects)
        for j in columns:
            found = self._unreadable.get((i, j))
            if found is not None:
                return j, found
        return None

    def _unreadable_code(
        self, i: int, j: int, what: str, stt: str, name_raw: str, section: str
    ) -> AppendixRow:
        cell = f"{column_letter(j)}{i + 1}"
        if what.startswith("="):
            vi = f"ô {cell} chứa công thức {what} chưa có giá trị lưu, không đọc được mã"
            en = f"cell {cell} holds the formula {what} without a saved value"
        else:
            vi = f"ô {cell} chứa lỗi công thức {what}, không đọc được mã"
            en = f"cell {cell} holds the formula error {what}"
        check = CodeCheck(
            input=what,
            valid=False,
            kind=None,
            notation=None,
            normalized=what,
            errors=(Problem("import.cell-error", vi, en),),
        )
        name = clean_name(name_raw)
        return AppendixRow(
            self.sheet, i + 1, stt, what, what, check, name, name_raw, section=section
        )

    def notice(self, rule: str, severity: str, vi: str, en: str, **kw: Any) -> None:
        self.notices.append(Notice(rule, severity, vi, en, sheet=self.sheet, **kw))

    def read(self, header: _Header, encodings: dict[int, str | None]) -> list[AppendixRow]:
        cols = header.columns
        code_cols = header.code_columns or [cols["code"]]
        name_col = cols["name"]
        stt_col = cols.get("stt")
        extra = [(f, cols[f]) for f in ("parent", "level", "note", *DETAIL_COLUMNS) if f in cols]
        mapped = sorted({*cols.values(), *code_cols})
        raw = self.raw
        first = header.row + 1
        if first < len(raw) and _is_numbering_row([cell_text(v) for v in raw[first]]):
            first += 1
        section = ""
        on_progress = self.on_progress
        before = self.before - first
        total = before + len(raw)
        self.scanned = len(raw) - first
        # Most rows are read in a few steps (the lane): a whole number, a name and a valid code
        # that reading leaves as they are (see _settled, _PLAIN_CODE), in a sheet with one code
        # column, and no other cell filled. What the steps below make of such a row, for less.
        lane = stt_col is not None and len(code_cols) == 1
        last = mapped[-1]
        code_col = code_cols[0]
        others = [j for _, j in extra]
        sheet = self.sheet
        out = self.out
        # Whether a name reads as it stands (short and settled), by name: lists repeat names
        # ("Ủy ban nhân dân xã ..." under every district), and the answer is the text's alone.
        plain_names: dict[str, bool] = {}
        # Only the columns the header names are looked at: a sheet can be wide and long.
        for i in range(first, len(raw)):
            if on_progress is not None and (i - first) % PROGRESS_EVERY == 0:
                on_progress(READ, before + i, total)
            values = raw[i]
            n = len(values)
            if lane and stt_col is not None and n > last:
                number, name, code = values[stt_col], values[name_col], values[code_col]
                if (
                    type(number) is float
                    and number >= 0
                    and number.is_integer()
                    and type(code) is str
                    and type(name) is str
                ):
                    plain_name = plain_names.get(name)
                    if plain_name is None:
                        plain_name = len(name) <= MAX_NAME_LENGTH and _settled(name)
                        plain_names[name] = plain_name
                    if plain_name:
                        for j in others:
                            if values[j] not in _BLANK:
                                break
                        else:
                            row = _lane_row(code)
                            if row is not None:
                                row.sheet = sheet
                                row.row = i + 1
                                row.stt = str(int(number))  # cell_text of a whole number
                                row.raw_code = code
                                row.name = row.raw_name = name
                                row.section = section
                                out.append(row)
                                continue
            for j in mapped:
                if j < n and values[j] != "" and values[j] is not None:
                    break
            else:
                continue  # blank where it matters
            rownum = i + 1
            stt = cell_text(values[stt_col]) if stt_col is not None and stt_col < n else ""
            code_j = code_cols[0]
            for j in code_cols:
                if j < n and values[j] != "" and values[j] is not None:
                    code_j = j
                    break
            raw_code_value = values[code_j] if code_j < n else ""
            # A code typed as it should be skips the steps that repair one (most rows).
            plain_code = (
                isinstance(raw_code_value, str)
                and _PLAIN_CODE.fullmatch(raw_code_value) is not None
            )
            code_cell = raw_code_value if plain_code else cell_text(raw_code_value)
            name_value = values[name_col] if name_col < n else ""
            name_raw = name_value if isinstance(name_value, str) else cell_text(name_value)
            too_long = name_too_long(name_raw)
            if too_long:
                raise AppendixError(
                    f"Tệp '{self.file}', trang '{self.sheet}', dòng {i + 1}: {too_long}.",
                    f"'{self.file}', sheet '{self.sheet}', row {i + 1}: the name is too long.",
                )
            numbered = _is_numbered(stt)
            if not numbered and _is_footer(values):
                continue
            bad = self.unreadable(i, code_cols) if not code_cell and name_raw.strip() else None
            if bad is not None:
                self.out.append(self._unreadable_code(i, *bad, stt, name_raw, section))
                continue
            if not code_cell:
                self._skip(stt, name_raw.strip(), rownum, numbered)
                if name_raw.strip() and (not numbered or _is_section(stt, name_raw)):
                    section = clean_name(self._heading(name_raw))
                continue
            if not (plain_code or _code_like(code_cell) or (numbered and name_raw.strip())):
                continue  # a signature block or a note spilling into the code column
            # The name as it arrived (legacy text converted) is kept for the validator's
            # name rules; the registry gets it cleaned.
            settled = _settled(name_raw)
            name_text = (
                name_raw
                if settled
                else self._text(name_raw, rownum, name_col, encodings.get(name_col), code_cell)
            )
            if plain_code:
                code_text = code_cell
            else:
                code_cell = self._text_prefix(code_cell, rownum, code_j)
                code_text = self._code(raw_code_value, code_cell, rownum, code_j)
            check = check_code(code_text)
            if not check.valid and isinstance(raw_code_value, str):
                repaired = self._lookalike_code(code_cell, rownum, code_j)
                if repaired is not None:
                    check = check_code(repaired)
            if len(code_cols) > 1:
                for other in code_cols:
                    if other != code_j and other != header.old_code and other < n:
                        other_text = cell_text(values[other])
                        if other_text:
                            self._second_code(other_text, check, rownum, other)
            cleaned = name_text if settled else clean_name(name_text)
            if cleaned != name_text:
                self._tidied(name_text, cleaned, rownum, name_col, check.normalized)
            row = AppendixRow(
                sheet=self.sheet,
                row=rownum,
                stt=stt,
                raw_code=code_cell,
                code_text=check.normalized,
                check=check,
                name=cleaned,
                raw_name=name_text,
                section=section,
            )
            for f, j in extra:
                if j >= n:
                    continue
                value = cell_text(values[j])
                if not value:
                    continue
                if f == "parent":
                    row.parent_text = value
                elif f == "level":
                    row.level_text = value
                elif f == "phone":
                    row.details[f] = self._phone(values[j], value, rownum, j)
                else:
                    text = self._text(value, rownum, j, encodings.get(j), check.normalized)
                    if f == "note":
                        row.note = clean_name(text)
                    else:
                        row.details[f] = clean_name(text) or None
            self.out.append(row)
        return self.out

    def _heading(self, text: str) -> str:
        converted = legacy.convert_cell(text)
        return fix_lookalikes(converted[0] if converted else text)

    def _skip(self, stt: str, name: str, rownum: int, numbered: bool) -> None:
        if _is_section(stt, name) or not numbered or not name:
            return
        self.notice(
            "import.row-without-code",
            WARNING,
            f"Dòng {rownum} ({self.sheet}) có số thứ tự và tên '{clean_name(name)}' nhưng không có "
            "mã định danh; được coi là dòng tiêu đề nhóm và bỏ qua.",
            f"Row {rownum} has a number and a name but no code; skipped as a group heading.",
            hint="Nếu đây là một đơn vị, hãy ghi mã định danh của nó vào bảng tính.",
            row=rownum,
        )

    def _text(self, value: str, rownum: int, col: int, encoding: str | None, code: str) -> str:
        """A text cell as Unicode Vietnamese: legacy text converted on the column's evidence,
        look-alike letters replaced; each change a warning naming the cell."""
        if _settled(value):
            return value
        converted = legacy.convert_cell(value, encoding)
        if converted is not None:
            text, enc = converted
            letter = column_letter(col)
            self.notice(
                "import.legacy-text",
                WARNING,
                f"Ô {letter}{rownum} viết bằng bảng mã cũ {legacy.LABELS[enc]}, đã chuyển sang "
                f"Unicode: '{value}' → '{text}'.",
                f"Cell {letter}{rownum} was in the legacy {enc} encoding; converted to Unicode: "
                f"'{value}' → '{text}'.",
                code=code or None,
                row=rownum,
                column=letter,
                before=value,
                after=text,
            )
            return text
        fixed = fix_lookalikes(value)
        if fixed is not value and fixed != value:
            letter = column_letter(col)
            self.notice(
                "import.lookalike",
                WARNING,
                f"Ô {letter}{rownum}: chữ 'Ð' (U+00D0, chữ Eth) trông giống 'Đ' đã được thay bằng "
                f"chữ Đ tiếng Việt: '{clean_name(value)}' → '{clean_name(fixed)}'.",
                f"Cell {letter}{rownum}: the look-alike letter 'Ð' (U+00D0) replaced by the "
                "Vietnamese 'Đ'.",
                code=code or None,
                row=rownum,
                column=letter,
                before=value,
                after=fixed,
            )
        return fixed

    def _tidied(self, raw: str, cleaned: str, rownum: int, col: int, code: str) -> None:
        """What cleaning a name removed, one warning per kind of repair (grouped in output)."""
        letter = column_letter(col)
        shown = f"Ô {letter}{rownum} ('{cleaned}')"
        kinds = []
        invisible = sorted({ch for ch in raw if unicodedata.category(ch) == "Cf"})
        if invisible:
            labels = ", ".join(f"U+{ord(ch):04X}" for ch in invisible)
            kinds.append(
                (
                    "import.invisible-chars",
                    f"{shown}: đã xóa ký tự vô hình {labels} (thường lẫn vào khi sao chép từ "
                    "trang web hoặc PDF).",
                    f"Cell {letter}{rownum}: removed invisible characters {labels}.",
                )
            )
        if not unicodedata.is_normalized("NFC", raw):
            kinds.append(
                (
                    "import.not-nfc",
                    f"{shown}: tên dùng dấu tổ hợp (NFD), đã chuẩn hóa về dạng dựng sẵn (NFC).",
                    f"Cell {letter}{rownum}: combining marks (NFD) normalised to NFC.",
                )
            )
        bare = raw.translate(_NO_INVISIBLE)
        if " ".join(bare.split()) != bare or any(
            unicodedata.category(ch) == "Zs" and ch != " " for ch in bare
        ):
            kinds.append(
                (
                    "import.whitespace",
                    f"{shown}: đã bỏ khoảng trắng thừa hoặc đặc biệt (khoảng trắng không ngắt "
                    "dòng, tab, xuống dòng).",
                    f"Cell {letter}{rownum}: stray or special whitespace tidied.",
                )
            )
        for rule, vi, en in kinds:
            self.notice(
                rule,
                WARNING,
                vi,
                en,
                code=code or None,
                row=rownum,
                column=letter,
                before=raw,
                after=cleaned,
            )

    def _text_prefix(self, text: str, rownum: int, col: int) -> str:
        """A code cell opening with Excel's text prefix typed as a character (``'000.00.01.H02``),
        without it. Excel's own prefix (a cell styled ``quotePrefix``) is never part of the
        value a reader gets; an apostrophe in the value was typed or pasted as text, and it is
        only a marker, not a look-alike of anything: it is dropped and said plainly."""
        if not text.startswith("'") or text.endswith(("'", "’")) or len(text) < 2:
            return text
        rest = text[1:].strip()
        letter = column_letter(col)
        self.notice(
            "import.code-text-prefix",
            INFO,
            f"Ô {letter}{rownum}: bỏ dấu nháy ' đầu ô (dấu báo văn bản của Excel gõ thành chữ); "
            f"đọc mã là {rest}.",
            f"Cell {letter}{rownum}: dropped the leading ' (Excel's text marker typed as a "
            f"character); code read as {rest}.",
            code=rest,
            row=rownum,
            column=letter,
            before=text,
            after=rest,
        )
        return rest

    def _code(self, raw: Any, text: str, rownum: int, col: int) -> str:
        letter = column_letter(col)
        if isinstance(raw, int | float) and not isinstance(raw, bool):
            repaired, changed = repair_numeric_enterprise(raw)
            if changed:
                self.notice(
                    "import.code-leading-zero",
                    WARNING,
                    f"Ô {letter}{rownum}: mã lưu dạng số {text}, đã thêm lại số 0 ở đầu "
                    f"thành {repaired} (mã số doanh nghiệp có 10 chữ số).",
                    f"Cell {letter}{rownum}: numeric code {text} restored to {repaired}.",
                    code=repaired,
                    row=rownum,
                    column=letter,
                    before=text,
                    after=repaired,
                )
            else:
                self.notice(
                    "import.code-number",
                    INFO,
                    f"Ô {letter}{rownum}: mã được lưu dạng số ({text}); đọc như văn bản.",
                    f"Cell {letter}{rownum}: the code was stored as a number.",
                    code=repaired,
                    row=rownum,
                    column=letter,
                    before=text,
                    after=repaired,
                )
            return repaired
        normalized = normalize_code(text)
        if normalized != text:
            self.notice(
                "import.code-normalized",
                WARNING,
                f"Ô {letter}{rownum}: mã '{_visible(text)}' được chuẩn hóa thành '{normalized}' "
                f"({_normalized_how(text)}).",
                f"Cell {letter}{rownum}: code '{text}' normalised to '{normalized}'.",
                code=normalized,
                row=rownum,
                column=letter,
                before=text,
                after=normalized,
            )
        return normalized

    def _lookalike_code(self, text: str, rownum: int, col: int) -> str | None:
        """An invalid code that look-alike characters or mistyped separators explain: repaired,
        with a warning naming the cell (the normalising notice, if any, is superseded)."""
        repaired = repair_lookalikes(text)
        if repaired is None:
            return None
        letter = column_letter(col)
        last = self.notices[-1] if self.notices else None
        normalized = ("import.code-normalized", rownum, letter)
        if last is not None and (last.rule, last.row, last.column) == normalized:
            self.notices.pop()
        self.notice(
            "import.code-lookalike",
            WARNING,
            f"Ô {letter}{rownum}: mã '{text}' có ký tự trông giống (chữ Kirin, Hy Lạp, toàn độ "
            f"rộng, chữ O/I thay số 0/1), dấu phân cách gõ nhầm hoặc dấu nháy bao quanh; đã sửa "
            f"thành '{repaired}'.",
            f"Cell {letter}{rownum}: code '{text}' held look-alike characters, mistyped "
            f"separators or quotes; read as '{repaired}'.",
            code=repaired,
            row=rownum,
            column=letter,
            before=text,
            after=repaired,
        )
        return repaired

    def _second_code(self, text: str, check: CodeCheck, rownum: int, col: int) -> None:
        """A second code column (the other notation): it must name the same code."""
        other = check_code(text)
        if other.code is None or check.code is None:
            return
        if other.code.canonical != check.code.canonical:
            letter = column_letter(col)
            self.notice(
                "import.code-columns-differ",
                WARNING,
                f"Ô {letter}{rownum}: mã '{text}' không cùng là mã '{check.normalized}' ở cột "
                "mã chính; dùng mã ở cột chính.",
                f"Cell {letter}{rownum}: '{text}' is not the same code as the main column's.",
                code=check.normalized,
                row=rownum,
                column=letter,
            )

    def _phone(self, raw: Any, text: str, rownum: int, col: int) -> str:
        # Excel drops the leading 0 of a phone number typed as a number.
        if isinstance(raw, int | float) and not isinstance(raw, bool) and not text.startswith("0"):
            return "0" + text
        return text


_new = object.__new__


def _lane_row(code: str) -> AppendixRow | None:
    """A lane row with its code judged (the rest is the caller's to set), or None when the
    code is no valid code as it stands (the full steps read the row).

    What ``AppendixRow(...)`` builds, set straight into the slots: its ``__init__`` and
    ``__post_init__`` cost a tenth of a long read. A well-formed agency code's canonical and
    parent texts come from the groups its check has just parsed."""
    # (Every well-formed code is a plain one; asked first all the same, so that a test can
    # close the lane by this pattern alone.)
    if _PLAIN_CODE.fullmatch(code) is None:
        return None
    found = check_plain_code(code, code)
    canonical: str | None
    if found is not None:
        check, canonical, parent = found
    else:
        check = check_code(code)
        if not check.valid:
            return None
        c = check.code
        canonical = c.canonical if c is not None else None
        parent = c.parent_canonical if c is not None else None
    row: AppendixRow = _new(AppendixRow)
    row.code_text = check.normalized
    row.check = check
    row.parent_text = row.level_text = row.note = ""
    row.details = {}
    row.code = check.code
    row.canonical = canonical
    row.parent_canonical = parent
    return row


def _visible(text: str) -> str:
    """A cell's text with its invisible characters named (``<U+200B>``), for a message."""
    return "".join(f"<U+{ord(ch):04X}>" if unicodedata.category(ch) == "Cf" else ch for ch in text)


def _normalized_how(text: str) -> str:
    """What normalising a code did, in the words of a clerk's message."""
    how = []
    invisible = sorted({ch for ch in text if unicodedata.category(ch) == "Cf"})
    if invisible:
        how.append("xóa ký tự vô hình " + ", ".join(f"U+{ord(ch):04X}" for ch in invisible))
    if any(ch.isspace() for ch in text):
        how.append("bỏ khoảng trắng")
    if text != text.upper():
        how.append("viết hoa")
    return ", ".join(how) or "bỏ khoảng trắng, viết hoa"


def _column_encodings(
    raw: list[list[Any]], header: _Header, head_texts: list[list[str]]
) -> dict[int, str | None]:
    """The legacy encoding of each text column, judged on the column's own cells; a header
    typed in a legacy encoding speaks for the columns whose cells leave it open."""
    header_encoding = legacy.column_encoding(
        t for cells in head_texts[header.first : header.row + 1] for t in cells if t
    )
    out: dict[int, str | None] = {}
    body = raw[header.row + 1 :]
    for f in ("name", "note", "address", "parent"):
        j = header.columns.get(f)
        if j is None:
            continue
        try:
            cells = list(map(itemgetter(j), body))
        except IndexError:  # a row shorter than the others
            cells = [row[j] for row in body if j < len(row)]
        try:
            distinct = set(cells)
        except TypeError:  # a value that cannot be hashed (the parser gives none)
            cells = [v for v in cells if isinstance(v, str)]
            distinct = set(cells)
        # Each distinct text judged once (a column repeats its texts: names, empty notes); the
        # suspects are then taken in their cells' order and number, as the column has them (a
        # value that is no text equals none of them).
        suspects = {t for t in distinct if isinstance(t, str) and legacy.is_suspect(t)}
        column = [t for t in cells if t in suspects] if suspects else []
        out[j] = legacy.column_encoding(column) or header_encoding
    return out


def _sheet_texts(rows: list[list[Any]]) -> list[list[str]]:
    return [[cell_text(v) for v in row] for row in rows]


def read_appendix(
    path: str | Path,
    sheets: list[str] | None = None,
    layouts: dict[str, SheetLayout] | None = None,
    on_progress: OnProgress | None = None,
) -> Appendix:
    """Read an appendix workbook; :class:`AppendixError` (one line, naming the file, sheet and
    row where it can) when it is not one. ``layouts`` (sheet → header row and columns) replace
    what the reader would find on those sheets. ``on_progress`` hears of the rows read below
    the headers (see :mod:`desktop.domain.progress`)."""
    with paused_gc(), _parser_panics(Path(path).name):
        appendix = _read_appendix(path, sheets, layouts or {}, on_progress)
        _promote_to_oldest()
        return appendix


def _promote_to_oldest() -> None:
    """Move what the collector tracks into its oldest generation, its counts to zero.

    A read builds three objects a row (the row, its check, its code) that live as long as the
    appendix: left in the youngest generation, the collection that re-enabling the collector sets
    off would walk every one of them (about a tenth of a 100,000-row read), only to keep them all.
    Freezing and unfreezing moves the generations whole (no object is visited) and leaves
    nothing frozen; nothing is freed later or sooner than the next full collection would."""
    gc.freeze()
    gc.unfreeze()


def _read_appendix(
    path: str | Path,
    sheets: list[str] | None,
    layouts: dict[str, SheetLayout],
    on_progress: OnProgress | None = None,
) -> Appendix:
    p = Path(path)
    # Bounds first: the parser below aborts the process on some hostile files.
    suspects = check_workbook(p)
    shown = p.name
    wb = _open_workbook(p)
    try:
        names = wb.sheet_names
        metadata = {m.name: m for m in wb.sheets_metadata}
        if sheets:
            missing = [s for s in sheets if s not in names]
            if missing:
                raise AppendixError(
                    f"Tệp '{shown}' không có trang '{missing[0]}' (các trang: {', '.join(names)}).",
                    f"'{shown}' has no sheet '{missing[0]}'.",
                )
            wanted = list(sheets)
        else:
            wanted = [
                n
                for n in names
                if metadata[n].visible == calamine.SheetVisibleEnum.Visible
                and metadata[n].typ == calamine.SheetTypeEnum.WorkSheet
            ]
        infos: list[SheetInfo] = []
        rows: list[AppendixRow] = []
        notices: list[Notice] = [
            Notice(
                "import.sheet-hidden",
                INFO,
                f"Trang '{n}' đang ẩn; không đọc (chọn bằng --sheet nếu cần).",
                f"Sheet '{n}' is hidden; not read.",
                sheet=n,
            )
            for n in names
            if n not in wanted and not sheets
        ]
        decision = DecisionHint()
        titles: list[str] = []
        no_header: list[str] = []
        scanned = 0
        for name in wanted:
            try:
                sheet = wb.get_sheet_by_name(name)
                head = sheet.to_python(skip_empty_area=False, nrows=HEADER_SEARCH_ROWS)
            except Exception as exc:
                raise AppendixError(
                    f"Tệp '{shown}', trang '{name}': không đọc được nội dung ({exc}).",
                    f"'{shown}', sheet '{name}': cannot read its cells ({exc}).",
                ) from None
            head_texts = _sheet_texts(head)
            layout = layouts.get(name)
            header = _chosen_header(layout, shown, name) if layout else _find_header(head_texts)
            if header is None:
                partial = _partial_header(head_texts)
                if sheets and partial is None:
                    # A sheet the clerk asked for by name must be readable.
                    raise AppendixError(
                        f"Tệp '{shown}', trang '{name}': không tìm thấy dòng tiêu đề (STT, Tên "
                        f"cơ quan, đơn vị, Mã định danh) trong {HEADER_SEARCH_ROWS} dòng đầu.",
                        f"'{shown}', sheet '{name}': no header row in the first "
                        f"{HEADER_SEARCH_ROWS} rows.",
                    )
                if partial is not None and (sheets or len(wanted) == 1):
                    i, kinds = partial
                    column = FIELD_LABELS["code" if "name" in kinds else "name"]
                    raise AppendixError(
                        f"Tệp '{shown}', trang '{name}', dòng {i + 1}: dòng tiêu đề không có cột "
                        f"'{column}'.",
                        f"'{shown}', sheet '{name}', row {i + 1}: the header has no "
                        f"'{column}' column.",
                    )
                no_header.append(name)
                continue
            _title_area(head_texts[: header.first], name, decision, titles)
            # Only a sheet with a header is read in full (a sheet of a million empty rows is
            # refused from its first rows), and only within the rows budget.
            check_sheet_rows(shown, name, sheet.height)
            raw = sheet.to_python(skip_empty_area=False)
            if header.old_code is not None:
                old, new = column_letter(header.old_code), column_letter(header.columns["code"])
                notices.append(
                    Notice(
                        "import.old-code-column",
                        INFO,
                        f"Trang '{name}': cột {old} ghi mã cũ, cột {new} ghi mã mới; mã của đơn "
                        f"vị là mã ở cột {new} (ô để trống: mã ở cột {old}; đơn vị đổi mã được "
                        "nhận ra theo tên).",
                        f"Sheet '{name}': column {old} holds the old codes, column {new} the new "
                        f"ones; a unit's code is the one in column {new}.",
                        sheet=name,
                    )
                )
            encodings = _column_encodings(raw, header, head_texts)
            encoding = encodings.get(header.columns["name"])
            reader = _SheetReader(shown, name, raw, on_progress, scanned, p, suspects)
            sheet_rows = reader.read(header, encodings)
            scanned += reader.scanned
            rows.extend(sheet_rows)
            notices.extend(reader.notices)
            infos.append(
                SheetInfo(
                    name=name,
                    header_row=header.row + 1,
                    columns={f: column_letter(j) for f, j in header.columns.items()},
                    rows=len(sheet_rows),
                    encoding=encoding,
                    headers=_header_texts(head_texts, header),
                )
            )
        if not infos:
            where = f"trang '{no_header[0]}'" if len(no_header) == 1 else f"{len(no_header)} trang"
            if not wanted:
                raise AppendixError(
                    f"Tệp '{shown}' không có trang tính nào để đọc.",
                    f"'{shown}' has no worksheet to read.",
                )
            raise AppendixError(
                f"Tệp '{shown}', {where}: không tìm thấy dòng tiêu đề (STT, Tên cơ quan, đơn vị, "
                f"Mã định danh) trong {HEADER_SEARCH_ROWS} dòng đầu.",
                f"'{shown}': no header row (name and code columns) in the first "
                f"{HEADER_SEARCH_ROWS} rows of {', '.join(no_header)}.",
            )
        if decision.repaired is not None:
            notices.append(
                Notice(
                    "import.decision-number-repaired",
                    WARNING,
                    *decision.repaired,
                    hint="Sửa số quyết định trên dòng (Kèm theo ...) của bảng tính gốc.",
                    sheet=decision.sheet,
                    row=decision.row,
                )
            )
        if decision.draft:
            notices.append(
                Notice(
                    "import.draft-decision",
                    WARNING,
                    f"Dòng '{decision.line}' để trống số quyết định: đây là phụ lục của dự thảo, "
                    "chưa phải quyết định đã ký.",
                    f"The line '{decision.line}' leaves the decision number blank: a draft.",
                    hint="Chỉ ghi vào sổ phụ lục của quyết định đã ký (ghi --decision SỐ).",
                    sheet=decision.sheet,
                    row=decision.row,
                )
            )
        for name in no_header:
            notices.append(
                Notice(
                    "import.sheet-skipped",
                    INFO,
                    f"Trang '{name}' không có dòng tiêu đề (Tên, Mã định danh); bỏ qua.",
                    f"Sheet '{name}' has no header row; skipped.",
                    sheet=name,
                )
            )
    finally:
        wb.close()
    if on_progress is not None:
        on_progress(READ, scanned, scanned)
    return Appendix(
        path=p,
        sha256=sha256_of(p),
        sheets=infos,
        rows=rows,
        notices=notices,
        decision=decision,
        titles=titles,
        sheet_names=list(names),
    )


def _title_area(
    rows: list[list[str]], sheet: str, decision: DecisionHint, titles: list[str]
) -> None:
    # The title lines are the first few texts; a sample of them shows their encoding.
    encoding = legacy.column_encoding(islice((t for cells in rows for t in cells if t), 200))
    seen = set(titles)  # a set: a title area can hold thousands of cells
    texts = []
    for i, cells in enumerate(rows):
        for text in cells:
            if text:
                converted = legacy.convert_cell(text, encoding)
                texts.append((i, converted[0] if converted else text))
    for k, (i, text) in enumerate(texts):
        if not text:
            continue  # the second half of a wrapped decision line, read with the first
        if decision.line is None:
            hint = parse_decision_line(text)
            if hint is not None and hint.signed is None and k + 1 < len(texts):
                # The italic line wrapped by hand onto the next row: "(Kèm theo Quyết định
                # số 184/QĐ-UBND" over "ngày 15 tháng 3 năm 2022 của Ủy ban nhân dân ...)".
                joined = parse_decision_line(f"{text} {texts[k + 1][1]}")
                if joined is not None and joined.signed is not None:
                    hint = joined
                    texts[k + 1] = (texts[k + 1][0], "")
            if hint is not None:
                hint.sheet, hint.row = sheet, i + 1
                for key in ("number", "signed", "issuer", "line", "sheet", "row", "type"):
                    setattr(decision, key, getattr(hint, key))
                for key in ("draft", "repaired"):
                    setattr(decision, key, getattr(hint, key))
                continue
        title = clean_name(text)
        if title not in seen:
            seen.add(title)
            titles.append(title)
