"""Build large registries fast, for scale tests and benchmarks.

The units are generated valid by construction, so they are written straight through the store's
batch writers (one transaction, ``executemany``), with real create events in the hash chain and
every code recorded as used: the result is a registry like any other, only bigger.

    python tests/bigregistry.py big.db --units 1000000
"""

from __future__ import annotations

import argparse
import math
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from desktop.domain.codes import Code
from desktop.domain.history import CREATE
from desktop.domain.text import fold
from desktop.store.ops import _CREATE_COLUMNS, _INSERT_UNIT
from desktop.store.reference import load_official
from desktop.store.registry import Registry

KINDS = ["Sở", "Phòng", "Trung tâm", "Ban", "Chi cục", "Văn phòng", "Trường", "Bệnh viện"]
TOPICS = [
    "Tư pháp",
    "Tài chính",
    "Nội vụ",
    "Xây dựng",
    "Giáo dục và Đào tạo",
    "Y tế",
    "Văn hóa, Thể thao và Du lịch",
    "Khoa học và Công nghệ",
    "Nông nghiệp và Môi trường",
    "Công Thương",
    "Dân tộc và Tôn giáo",
    "Ngoại vụ",
    "Thanh tra",
    "Lưu trữ lịch sử",
    "Đo lường chất lượng",
    "Phát triển quỹ đất",
    "Kiểm soát bệnh tật",
    "Dịch vụ việc làm",
    "Quản lý đầu tư xây dựng",
    "Giám định pháp y",
    "Trợ giúp pháp lý",
    "Đăng kiểm",
]
PLACES = [
    "Đồng Xoài",
    "Bình Long",
    "Phước Long",
    "Chơn Thành",
    "Hớn Quản",
    "Lộc Ninh",
    "Bù Đốp",
    "Bù Đăng",
    "Đồng Phú",
    "Phú Riềng",
    "Ninh Kiều",
    "Cái Răng",
    "Thốt Nốt",
    "Ô Môn",
    "Đắk Mil",
]


def shape(per_level1: int) -> tuple[int, int, int]:
    """Children per level-2 and level-3 unit, and level-4 units per level-3, for a target size."""
    l2, l3 = 10, 10
    l4 = max(0, math.ceil((per_level1 - l2 - l2 * l3) / (l2 * l3)))
    return l2, l3, min(l4, 998)


def build(
    path: Path,
    units: int = 1_000_000,
    *,
    level1_filled: int | None = None,
    wide_children: int = 999,
    seed: int = 20250414,
) -> Path:
    """A registry of about ``units`` units (official level 1 plus generated levels 2-4).

    One level-3 unit (under H59) gets ``wide_children`` level-4 children, the largest a level can
    hold. ``level1_filled`` limits how many level-1 units get subtrees (the rest stay bare).
    """
    rng = random.Random(seed)
    reg = Registry.create(path)
    load_official(reg)
    decision = reg.add_decision(
        "1/QĐ-MAU", "2021-01-01", issuer="Dữ liệu mẫu", title="Sinh tự động"
    )
    roots = [u for u in reg.all_units(include_closed=False) if u.level == 1]
    roots.sort(key=lambda u: (u.code != "H59", u.code))  # H59 first: it always gets a subtree
    if level1_filled is not None:
        roots = roots[:level1_filled]
    per_root = max(0, (units - reg.count_units(include_closed=True) - wide_children) // len(roots))
    l2, l3, l4 = shape(per_root)
    rows: list[tuple] = []
    events: list[dict] = []
    codes: list[str] = []
    next_id = reg._next_id("units")

    def add(code: Code, parent_id: int, name: str) -> int:
        uid = next_id + len(rows)
        fields = {
            "code": code.canonical,
            "name": name,
            "short_name": None,
            "level": code.level,
            "parent_id": parent_id,
            "kind": "agency",
            "status": "active",
            "address": None,
            "email": None,
            "phone": None,
            "fax": None,
            "website": None,
            "note": None,
            "valid_from": "2021-01-01",
            "valid_to": None,
        }
        rows.append(
            (uid, *[fields[k] for k in _CREATE_COLUMNS], decision, code.sort_key, fold(name))
        )
        events.append(
            {
                "unit_id": uid,
                "type": CREATE,
                "after": fields,
                "decision_id": decision,
                "effective": "2021-01-01",
            }
        )
        codes.append(code.canonical)
        return uid

    started = time.perf_counter()
    for root in roots:
        rcode = root.parsed
        for a in range(1, l2 + 1):
            c2 = rcode.child(f"{a:02d}")
            id2 = add(c2, root.id, f"{rng.choice(KINDS)} {rng.choice(TOPICS)}")
            for b in range(1, l3 + 1):
                c3 = c2.child(f"{b:02d}")
                id3 = add(c3, id2, f"{rng.choice(KINDS)} {rng.choice(TOPICS)} {b}")
                count = l4
                if root.code == "H59" and a == 1 and b == 1:
                    count = wide_children
                for c in range(1, count + 1):
                    place = rng.choice(PLACES)
                    add(c3.child(f"{c:03d}"), id3, f"{rng.choice(KINDS)} {place} số {c}")
    with reg.write():
        reg.conn.executemany(_INSERT_UNIT, rows)
        ids = reg._append_events(events)
        reg._claim_codes(
            (code, row[0], eid, "2021-01-01") for code, row, eid in zip(codes, rows, ids)
        )
    reg.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    reg.conn.execute("ANALYZE")
    reg.close()
    _ = time.perf_counter() - started
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("path", type=Path)
    parser.add_argument("--units", type=int, default=1_000_000)
    args = parser.parse_args()
    if args.path.exists():
        sys.exit(f"{args.path} exists")
    started = time.perf_counter()
    build(args.path, args.units)
    with Registry.open(args.path, readonly=True) as reg:
        n = reg.count_units(include_closed=True)
    print(f"{args.path}: {n} units in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
