"""Events and their replay: the registry's state as of any date is a fold over its events.

Every event touches one unit; a merge or a split is several events sharing a ``group_id``.
``after`` holds the unit fields the event set (all of them for ``create``), plus
``successors`` (unit ids) for events that close a unit. ``before`` holds the previous values of
the same fields, so history can be read and annulled without replaying.

Annulled events, and the ``annul`` events themselves, are skipped by replay: a mistaken change
stays in the history, marked, but never shaped the tree at any date.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from json.encoder import encode_basestring as _quote
from typing import Any

from desktop.domain.eras import existed_before_qd20
from desktop.domain.words import QT_TR_NOOP

CREATE = "create"
RENAME = "rename"
RECODE = "recode"
MOVE = "move"
UPDATE = "update"
MERGE = "merge"
SPLIT = "split"
CLOSE = "close"
REOPEN = "reopen"
ANNUL = "annul"
# An earlier legal basis of a unit the registry already holds: an older decision, entered after
# a later one that (re-)listed the unit, which had issued the same code to the same body first.
# Its ``after`` holds every unit field as the older act set them (its name then, its start);
# replay applies it as the unit's creation on dates before the later act, and afterwards only
# moves the unit's start back (``valid_from``): what later acts set stays theirs.
BASIS = "basis"
EVENT_TYPES = (CREATE, RENAME, RECODE, MOVE, UPDATE, MERGE, SPLIT, CLOSE, REOPEN, ANNUL, BASIS)

# Vietnamese names of event types, for history views and reports.
EVENT_LABELS = {
    CREATE: QT_TR_NOOP("Cấp mã mới"),
    RENAME: QT_TR_NOOP("Đổi tên"),
    RECODE: QT_TR_NOOP("Đổi mã"),
    MOVE: QT_TR_NOOP("Chuyển đơn vị cấp trên"),
    UPDATE: QT_TR_NOOP("Cập nhật thông tin"),
    MERGE: QT_TR_NOOP("Sáp nhập"),
    SPLIT: QT_TR_NOOP("Chia tách"),
    CLOSE: QT_TR_NOOP("Đóng mã"),
    REOPEN: QT_TR_NOOP("Mở lại mã"),
    ANNUL: QT_TR_NOOP("Hủy bỏ thay đổi nhầm"),
    BASIS: QT_TR_NOOP("Căn cứ cấp mã trước"),
}

# What the history says of a code only an annulled change issued (or one a restore carried
# over): it stays issued for ever.
ANNULLED_CODE = QT_TR_NOOP("đã hủy, không cấp lại")
# A close event that ends a unit because its parent closed (a back-filled unit under a parent
# that closed later): ``after`` names the parent (a one-item list of its unit id) under this key.
WITH_PARENT = "with_parent"
WITH_PARENT_LABEL = QT_TR_NOOP("Đóng theo đơn vị cấp trên")
# A recode a back-filled unit takes from a later recode or move of an ancestor (as children
# always follow their parent): ``after`` names the ancestor's event id under this key.
CARRIED = "carried_by"
CARRIED_LABEL = QT_TR_NOOP("Đổi mã theo đơn vị cấp trên")
# An annulment that sets aside a unit's ending with its parent because a back-filled change
# closes or moves the unit before it (``after`` holds ``annuls`` and this key, true): the
# ending was right when recorded, the earlier change makes it moot.
REPLACED = "replaced"
REPLACED_LABEL = QT_TR_NOOP("Bỏ việc đóng theo đơn vị cấp trên (đã đóng hoặc chuyển trước đó)")
# The same annulment when the ending was the former rule's for an enterprise (``after`` also holds
# this key, true): an enterprise outlives its managing body, so its ending was never right.
OUTLIVES = "outlives"
OUTLIVES_LABEL = QT_TR_NOOP(
    "Bỏ việc đóng theo đơn vị cấp trên (doanh nghiệp không chấm dứt theo cơ quan quản lý)"
)
# The merge event of the unit that receives the others (``after`` lists them as predecessors).
MERGE_TARGET_LABEL = QT_TR_NOOP("Tiếp nhận sáp nhập")

# A move that carries an enterprise, cooperative or branch (whose code is its tax code, not a
# part of its parent's) from a managing body that merged to that body's successor, on the
# merger's date and by its act: ``after`` names the closed parent (a one-item list) under this key.
TO_SUCCESSOR = "to_successor"
TO_SUCCESSOR_LABEL = QT_TR_NOOP("Chuyển sang đơn vị kế thừa của đơn vị cấp trên")

SUCCESSORS = "successors"
# A basis event's ``after`` names the later act it precedes (its date and the unit's name then)
# under this key: ``{"effective": ..., "name": ...}``.
CONFIRMED = "confirmed"
# A change back-filled before later changes of its unit (an act entered after later ones, which
# they agree with) names under this key the date of the first of them and, when a later act sets
# the same value again, that act's date: ``{"effective": ..., "confirmed": ... or None}``.
# Replay applies it in full on dates before the later changes; afterwards they decide the
# unit's state: it sets only what none of them sets again, and never the unit's decision.
BEFORE_LATER = "before_later"
# Keys of ``after`` that describe an event without being unit fields.
INFO_KEYS = frozenset(
    {
        SUCCESSORS,
        "predecessors",
        "parts",
        "annuls",
        WITH_PARENT,
        CARRIED,
        CONFIRMED,
        TO_SUCCESSOR,
        BEFORE_LATER,
    }
)


def event_label(type_: str, after: dict[str, Any]) -> str:
    """What history calls an event (a closure with the parent has its own name)."""
    if type_ == CLOSE and WITH_PARENT in after:
        return WITH_PARENT_LABEL
    if type_ == MOVE and TO_SUCCESSOR in after:
        return TO_SUCCESSOR_LABEL
    if type_ == RECODE and CARRIED in after:
        return CARRIED_LABEL
    if type_ == ANNUL and after.get(OUTLIVES):
        return OUTLIVES_LABEL
    if type_ == ANNUL and after.get(REPLACED):
        return REPLACED_LABEL
    if type_ == MERGE and "predecessors" in after:
        return MERGE_TARGET_LABEL
    return EVENT_LABELS.get(type_, type_)


@dataclass(frozen=True)
class Event:
    id: int
    unit_id: int
    type: str
    before: dict[str, Any]
    after: dict[str, Any]
    decision_id: int | None
    effective: str
    recorded_at: str = ""
    recorded_by: str = ""
    group_id: str | None = None
    annulled_by: int | None = None

    @property
    def shapes_history(self) -> bool:
        """Whether replay applies this event (annulments and annulled changes do not)."""
        return self.type != ANNUL and self.annulled_by is None

    @property
    def successors(self) -> list[int]:
        return list(self.after.get(SUCCESSORS, ()))


@dataclass
class ReplayState:
    """Units (id → field values) and successor links, as replay builds them."""

    units: dict[int, dict[str, Any]] = field(default_factory=dict)
    successors: set[tuple[int, int]] = field(default_factory=set)
    # code → unit id for every code a unit held at some point (the codes_used rule).
    codes: dict[str, int] = field(default_factory=dict)
    # code → unit id for codes only annulled changes gave: issued by a mistake, never reissued.
    annulled_codes: dict[str, int] = field(default_factory=dict)

    @property
    def used_codes(self) -> dict[str, int]:
        """Every code ever issued and the unit it stays with (what ``codes_used`` holds).

        A change in force wins over an annulled one: a redo gives an annulled unit's codes to
        the unit it makes again.
        """
        return {**self.annulled_codes, **self.codes}

    def apply(self, event: Event, until: str | None = None) -> None:
        if not event.shapes_history:
            code = event.after.get("code") if event.type != ANNUL else None
            if code:
                self.annulled_codes.setdefault(code, event.unit_id)
            return
        fields = {k: v for k, v in event.after.items() if k not in INFO_KEYS}
        if event.type == BASIS and event.unit_id in self.units:
            # The later acts are already applied (they were recorded first): only the start
            # moves back; the name and the rest are theirs on these dates.
            self.units[event.unit_id]["valid_from"] = fields["valid_from"]
            return
        later = event.after.get(BEFORE_LATER)
        if later is not None and (until is None or until >= later["effective"]):
            # Recorded after the later changes it precedes, which are applied on this date.
            if not later.get("confirmed"):
                self.units[event.unit_id].update(fields)
            return
        if event.type in (CREATE, BASIS):
            unit = dict(fields)
            self.units[event.unit_id] = unit
        else:
            unit = self.units[event.unit_id]
            unit.update(fields)
        unit["decision_id"] = event.decision_id
        if "code" in fields:
            self.codes.setdefault(fields["code"], event.unit_id)
        for successor in event.successors:
            self.successors.add((event.unit_id, successor))


def replay(events: Iterable[Event], until: str | None = None) -> ReplayState:
    """Fold events (in recording order) whose effective date is on or before ``until``.

    Effective dates of one unit's events never decrease (the store refuses it), so applying in
    recording order is also applying in effective order for each unit; the exceptions, a
    ``basis`` event and a change marked :data:`BEFORE_LATER`, are recorded after the later acts
    they precede and apply either way.
    """
    state = ReplayState()
    for event in events:
        if until is None or event.effective <= until or _there_before(event):
            state.apply(event, until)
    return state


def _there_before(event: Event) -> bool:
    """A level-1 code's creation by QĐ 20/2020, which stood before it (see :mod:`eras`)."""
    return event.type == CREATE and existed_before_qd20(event.after.get("level"), event.effective)


# One encoder for the whole process: json.dumps with options builds a new one per call.
_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _one_shot_encoder() -> Callable[[Any], str] | None:
    """``_ENCODER.encode`` without the C encoder object it builds anew on every call (a writer
    serialises an event per row); the same text. None where the C encoder is missing."""
    try:
        from json.encoder import c_make_encoder  # type: ignore[attr-defined]
    except ImportError:  # pragma: no cover - CPython always has it
        return None
    if c_make_encoder is None:  # pragma: no cover
        return None
    make = c_make_encoder(
        None, _ENCODER.default, _quote, None, ":", ",", True, False, _ENCODER.allow_nan
    )
    join = "".join

    def encode(value: Any) -> str:
        if type(value) is str:
            return _quote(value)
        return join(make(value, 0))

    return encode


_FAST_ENCODE = _one_shot_encoder()


def canonical_json(value: Any) -> str:
    if _FAST_ENCODE is not None and type(value) is dict:
        return _FAST_ENCODE(value)
    return _ENCODER.encode(value)


def scalar_json(value: Any) -> str:
    """canonical_json of an event's scalar fields, without a full encoder call per value."""
    if value is None:
        return "null"
    if type(value) is str:
        return _quote(value)
    if type(value) is int:
        return int.__repr__(value)
    return _ENCODER.encode(value)


# canonical_json of one string (no ASCII escaping), for writers that know a value is a string.
json_string = _quote


def json_members(keys: Iterable[str]) -> list[str]:
    """The ``"key":`` of each member of :func:`canonical_json` of a dict with exactly ``keys``,
    in the order it writes them. A writer of many alike rows appends each value's
    :func:`scalar_json` to its key's and joins them with :func:`join_members`, building no dict
    per row: the same text, byte for byte."""
    return [_quote(k) + ":" for k in sorted(keys)]


def join_members(members: list[str]) -> str:
    return "{" + ",".join(members) + "}"


def chain_hash(previous: str, event: Event) -> str:
    """The tamper-evidence link of an event: its content and its predecessor's hash.

    ``id`` and ``annulled_by`` stay out: the chain order gives the first, and the second is the
    one column an annulment writes later.
    """
    return chain_hash_json(
        previous,
        event,
        canonical_json(event.before),
        canonical_json(event.after),
    )


def chain_hash_json(previous: str, event: Event, before_json: str, after_json: str) -> str:
    """:func:`chain_hash` for a writer that has already serialised ``before`` and ``after``.

    The content is exactly ``canonical_json`` of the list of fields, assembled from parts.
    """
    return link_hash(
        previous,
        event.unit_id,
        event.type,
        before_json,
        after_json,
        event.decision_id,
        event.effective,
        recorder_json(event.recorded_at, event.recorded_by),
        event.group_id,
    )


def recorder_json(recorded_at: str, recorded_by: str) -> str:
    """When and by whom, serialised once for every event one write records."""
    return scalar_json(recorded_at) + "," + scalar_json(recorded_by)


def link_hash(
    previous: str,
    unit_id: int,
    type_: str,
    before_json: str,
    after_json: str,
    decision_id: int | None,
    effective: str,
    recorder: str,
    group_id: str | None,
) -> str:
    """:func:`chain_hash` from an event's fields, its JSON parts already made (a writer of many
    events builds no :class:`Event` per row)."""
    return link_hasher(type_, decision_id, effective, recorder, group_id)(
        previous, unit_id, before_json, after_json
    )


def link_hasher(
    type_: str, decision_id: int | None, effective: str, recorder: str, group_id: str | None
) -> Callable[[str, int, str, str], str]:
    """:func:`link_hash` for the many events of one write that share their type, decision,
    date, recorder and group: those fields are serialised once, not once per event. The
    hashed text is the same byte for byte."""
    enc = scalar_json
    kind = "," + enc(type_) + ","
    tail = "," + ",".join((enc(decision_id), enc(effective), recorder, enc(group_id))) + "]"
    sha256 = hashlib.sha256

    def link(previous: str, unit_id: int, before_json: str, after_json: str) -> str:
        uid = int.__repr__(unit_id) if type(unit_id) is int else enc(unit_id)
        text = f"{previous}\n[{uid}{kind}{before_json},{after_json}{tail}"
        return sha256(text.encode("utf-8")).hexdigest()

    return link
