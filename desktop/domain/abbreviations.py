"""Abbreviations clerks type for words of agency names, and what they stand for.

Searching ``UBND``, ``HĐND tp hcm`` or ``KH&CN`` should find *Ủy ban nhân dân…*, *Hội đồng nhân
dân Thành phố Hồ Chí Minh*, *Sở Khoa học và Công nghệ*: names in the registry are written out in
full, as decisions write them. Keys are folded (no tone marks, ``đ`` → ``d``) with the joining
marks (``&``, ``.``, ``-``, ``,``) removed, so ``KH&CN``, ``KHCN`` and ``kh&cn`` are one key;
values are the folded words they stand for. A key is never a Vietnamese syllable, so a word the
clerk means literally is not taken for an abbreviation (the literal words are searched too).
"""

from __future__ import annotations

import re

from desktop.domain.text import fold, nfc

ABBREVIATIONS: dict[str, str] = {
    # Bodies and their kinds
    "ubnd": "uy ban nhan dan",
    "hdnd": "hoi dong nhan dan",
    "ub": "uy ban",
    "mttq": "mat tran to quoc",
    "bql": "ban quan ly",
    "dhqg": "dai hoc quoc gia",
    "ttyt": "trung tam y te",
    "thpt": "trung hoc pho thong",
    "thcs": "trung hoc co so",
    "tw": "trung uong",
    # Places
    "tp": "thanh pho",
    "tphcm": "thanh pho ho chi minh",
    "hcm": "ho chi minh",
    "hn": "ha noi",
    # Fields of ministries and departments
    "khcn": "khoa hoc va cong nghe",
    "gddt": "giao duc va dao tao",
    "khdt": "ke hoach va dau tu",
    "tnmt": "tai nguyen va moi truong",
    "nnptnt": "nong nghiep va phat trien nong thon",
    "nnmt": "nong nghiep va moi truong",
    "ldtbxh": "lao dong thuong binh va xa hoi",
    "vhttdl": "van hoa the thao va du lich",
    "gtvt": "giao thong van tai",
    "tttt": "thong tin va truyen thong",
    "xd": "xay dung",
}

_JOINERS = re.compile(r"[&.,\-]")
_TOKEN = re.compile(r"[^\s]+")
_WORD = re.compile(r"[0-9a-z]+")
_LETTERS = re.compile(r"\w+")


def expand(text: str) -> list[tuple[str, bool]]:
    """The search terms of ``text``: folded words the clerk typed (matched as prefixes, the
    last one is often cut short) and abbreviations written out (whole words, in order):
    ``"UBND tp" → [("uy ban nhan dan", False), ("thanh pho", False)]``."""
    terms: list[tuple[str, bool]] = []
    for token in _TOKEN.findall(fold(text)):
        key = _JOINERS.sub("", token)
        if key in ABBREVIATIONS:
            terms.append((ABBREVIATIONS[key], False))
        else:
            terms.extend((word, True) for word in _WORD.findall(token))
    return terms


# A People's Committee or Council is one body whatever its place is called in the name: the list
# of a province writes "UBND tỉnh", a city's "UBND TP.", the registry "Ủy ban nhân dân tỉnh".
_PEOPLES_BODIES = ("uy ban nhan dan", "hoi dong nhan dan")
_PLACE_KINDS = ("tinh", "thanh pho")


def body_key(name: str) -> str:
    """The words of an agency's name, folded, abbreviations written out, punctuation dropped,
    and for a People's Committee or Council the kind of place (tỉnh, thành phố) left out:
    ``"UBND TP. Hồ Chí Minh"`` and ``"Ủy ban nhân dân Thành phố Hồ Chí Minh"`` give one key."""
    words = " ".join(term for term, _ in expand(name))
    for head in _PEOPLES_BODIES:
        if words.startswith(head + " "):
            rest = words[len(head) + 1 :]
            for kind in _PLACE_KINDS:
                if rest.startswith(kind + " "):
                    rest = rest[len(kind) + 1 :]
                    break
            return f"{head} {rest}"
    return words


def same_body(name: str, other: str) -> bool:
    """Whether two names of an agency name one body as a clerk writes it (abbreviations,
    case, tone marks, look-alike letters and spacing aside)."""
    return body_key(name) == body_key(other)


# The kinds of place a name can end with when it says where its body is: "Sở Nội vụ tỉnh Hưng
# Yên", "Phòng Tư pháp huyện Văn Lâm", "Công an TP. Hà Nội".
_PLACES = ("tinh", "thanh pho", "huyen", "quan", "thi xa", "thi tran", "xa", "phuong")


def place_added(name: str, other: str, places: list[str]) -> str | None:
    """The place one name adds at its end to the other (``"tinh hung yen"`` for ``"Sở Kế hoạch
    và Đầu tư"`` / ``"Sở Kế hoạch và Đầu tư tỉnh Hưng Yên"``), folded, or None.

    Only a place that ``places`` (the names of the body's own ancestors) end with counts: the
    province of a department's People's Committee is its full name's qualifier; another place
    is another body, or a real rename."""
    a, b = " ".join(t for t, _ in expand(name)), " ".join(t for t, _ in expand(other))
    short, long = (a, b) if len(a) < len(b) else (b, a)
    if not short or not long.startswith(short + " "):
        return None
    added = long[len(short) + 1 :]
    if not any(added.startswith(kind + " ") for kind in _PLACES):
        # "Văn phòng UBND tỉnh" / "... tỉnh Hưng Yên": the place word was there, its name added
        kind = next((k for k in _PLACES if short.endswith(" " + k)), None)
        if kind is None:
            return None
        added = f"{kind} {added}"
    for place in places:
        words = " ".join(t for t, _ in expand(place))
        if words == added or words.endswith(" " + added):
            return added
    return None


def _words_as_written(name: str) -> list[tuple[str, bool]]:
    """The words of a name, abbreviations written out (folded, marked True), the other words as
    written (case aside, marked False): ``"Sở KH&ĐT"`` → ``[("sở", False), ("ke", True)...]``."""
    out: list[tuple[str, bool]] = []
    for token in nfc(name).split():
        key = _JOINERS.sub("", fold(token))
        if key in ABBREVIATIONS:
            out.extend((w, True) for w in ABBREVIATIONS[key].split())
        else:
            out.extend((w, False) for w in _LETTERS.findall(token.casefold()))
    return out


def abbreviated_only(name: str, other: str) -> bool:
    """Whether two names differ only by common abbreviations (``Sở KH&ĐT`` / ``Sở Kế hoạch và
    Đầu tư``, ``UBND`` / ``Ủy ban nhân dân``): every word that is not abbreviated is written
    the same, tone marks included (``Hoa`` / ``Hòa`` is another name)."""
    a, b = _words_as_written(name), _words_as_written(other)
    if a == b or len(a) != len(b) or not any(m for _, m in (*a, *b)):
        return False
    return all((x == y) if not (mx or my) else fold(x) == fold(y) for (x, mx), (y, my) in zip(a, b))
