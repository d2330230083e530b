"""The legal eras a unit's dates are judged in (domain.md §7).

Level-1 codes did not start with QĐ 20/2020/QĐ-TTg (in force 2020-09-15): QCVN 102:2016/BTTTT,
issued by Thông tư 10/2016/TT-BTTTT, already gave ministries and provinces their codes, and
provinces issued level 2-4 lists under them from 2016. No primary text at hand gives the day that
era began for each code, so none is invented: a level-1 code that the registry records from
QĐ 20/2020's first day is taken to have existed *before* it, from an unknown date. Its create
event keeps the 2020 date and decision (what the official list says); only the judgement of
earlier changes and the as-of views treat it as already there.
"""

from __future__ import annotations

from desktop.domain.codes import AGENCY

QD20_EFFECTIVE = "2020-09-15"
QCVN102_2016 = "QCVN 102:2016/BTTTT (Thông tư số 10/2016/TT-BTTTT)"
QCVN102_2016_EN = "QCVN 102:2016/BTTTT (Circular 10/2016/TT-BTTTT)"

# No code of this kind existed before QCVN 102:2016/BTTTT: domain.md §7 knows the year (the
# earliest list at hand, Quảng Ninh's, is of 03/11/2016) but no primary text gives the day the
# standard took effect, so the whole of 2016 counts as its era and nothing earlier does.
CODES_ERA_START = "2016-01-01"


def before_codes(date: str | None) -> bool:
    """Whether a date is before any electronic identifier code existed (before 2016)."""
    return date is not None and date < CODES_ERA_START


def before_qd20(date: str | None) -> bool:
    """Whether a date is before QĐ 20/2020, when QCVN 102's fixed digits were the only form."""
    return date is not None and date < QD20_EFFECTIVE


# How history names the earlier basis of such a code.
EARLIER_BASIS_VI = (
    f"Mã cấp 1 đã có từ trước ngày {QD20_EFFECTIVE} theo {QCVN102_2016} "
    "(ngày bắt đầu không rõ); QĐ 20/2020/QĐ-TTg xác nhận lại"
)


def existed_before_qd20(level: int | None, valid_from: str | None) -> bool:
    """Whether a unit's start is the QCVN 102:2016 era: a level-1 code recorded from
    QĐ 20/2020's first day. (One recorded from an earlier date has a known start: that one.)"""
    return level == 1 and valid_from == QD20_EFFECTIVE


def started_by(level: int | None, valid_from: str | None, date: str) -> bool:
    """Whether a unit had started on ``date`` (a pre-2020 level-1 code always had)."""
    if valid_from is None or valid_from <= date:
        return True
    return existed_before_qd20(level, valid_from)


def ended_by(valid_to: str | None, date: str) -> bool:
    """Whether a unit closed on or before ``date`` (a closure takes effect on its date)."""
    return valid_to is not None and valid_to <= date


def ends_with_parent(parent_closed: bool, parent_valid_to: str | None, date: str) -> str | None:
    """The date a unit that starts on ``date`` under a parent ends with it: the parent's closing
    date when the parent closed after ``date`` (a back-filled change), else None."""
    if parent_closed and parent_valid_to is not None and parent_valid_to > date:
        return parent_valid_to
    return None


def outlives_parent(kind: str) -> bool:
    """Whether a unit stays when its parent closes. An enterprise's, cooperative's or branch's
    code is its tax code (a scheme-coded organisation's, its scheme's), not a part of its
    managing body's code: a merger or closing of that body dissolves neither the enterprise nor
    its code (domain §2.2, §3). Only an agency's code ends with its parent."""
    return kind != AGENCY
