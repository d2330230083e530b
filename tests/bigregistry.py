"""Build large registries fast, for scale tests and benchmarks.

The units are generated valid by construction, so they are written straight through the store's
batch writers (one transaction, ``executemany``), with real create events in the hash chain and
every code recorded as used: the result is a registry like any other, only bigger.

Two shapes: the default is uniform (every filled level-1 body alike, tests rely on its exact
layout); ``realistic=True`` gives bodies of very different sizes, levels 2-4 with tens to
hundreds of children (a few level-3 units with 999), and Vietnamese names in the style of each
kind of body (provincial departments and communes, ministries' departments, schools, clinics).

    python tests/bigregistry.py big.db --units 1000000 [--realistic]
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


# -- realistic shapes and names ------------------------------------------------------------------

PROVINCES = [
    "Tuyên Quang",
    "Lào Cai",
    "Thái Nguyên",
    "Phú Thọ",
    "Bắc Ninh",
    "Hưng Yên",
    "Ninh Bình",
    "Quảng Trị",
    "Quảng Ngãi",
    "Gia Lai",
    "Khánh Hòa",
    "Lâm Đồng",
    "Đắk Lắk",
    "Đồng Nai",
    "Tây Ninh",
    "Vĩnh Long",
    "Đồng Tháp",
    "Cà Mau",
    "An Giang",
    "Cao Bằng",
    "Lai Châu",
    "Điện Biên",
    "Lạng Sơn",
    "Sơn La",
    "Thanh Hóa",
    "Nghệ An",
    "Hà Tĩnh",
    "Quảng Ninh",
    "Cần Thơ",
    "Đà Nẵng",
    "Hải Phòng",
    "Huế",
    "Hà Nội",
    "Hồ Chí Minh",
]
COMMUNES = [
    "Tân Lập",
    "Tân Hưng",
    "Tân Phú",
    "Phú Hòa",
    "An Bình",
    "An Phú",
    "Bình Minh",
    "Hòa Bình",
    "Long Hòa",
    "Long Thạnh",
    "Mỹ Hòa",
    "Phước Hưng",
    "Thạnh Phú",
    "Vĩnh Lợi",
    "Xuân Thủy",
    "Quang Trung",
    "Đông Hưng",
    "Tây Sơn",
    "Nam Sơn",
    "Bắc Sơn",
    "Hưng Đạo",
    "Hòa Thuận",
    "Thuận An",
    "Tân Hòa",
    "Đức Hòa",
    "Đại Đồng",
    "Cẩm Phô",
    "Hải Châu",
    "Sơn Trà",
    "Kỳ Anh",
    "Diễn Châu",
    "Quỳnh Lưu",
    "Yên Thành",
    "Đô Lương",
    "Nghĩa Đàn",
    "Ea Kar",
    "Krông Pắc",
    "Cư M'gar",
    "Mường Tè",
    "Sìn Hồ",
    "Bảo Lạc",
    "Na Rì",
    "Ba Bể",
    "Chợ Mới",
    "Lục Yên",
    "Văn Chấn",
    "Mù Cang Chải",
    "Trạm Tấu",
    "Yên Lạc",
    "Tam Đảo",
    "Lập Thạch",
    "Gia Bình",
    "Lương Tài",
    "Thuận Thành",
    "Tiên Du",
    "Quế Võ",
    "Kim Bảng",
    "Thanh Liêm",
    "Bình Lục",
    "Ý Yên",
    "Hải Hậu",
    "Giao Thủy",
    "Kim Sơn",
    "Nho Quan",
    "Gia Viễn",
    "Hoằng Hóa",
    "Nga Sơn",
    "Tĩnh Gia",
    "Quỳ Hợp",
    "Con Cuông",
    "Tương Dương",
    "Cam Lộ",
    "Hướng Hóa",
    "Đakrông",
    "Phong Điền",
    "Quảng Điền",
    "A Lưới",
    "Điện Bàn",
    "Duy Xuyên",
    "Thăng Bình",
    "Ba Tơ",
    "Sơn Hà",
    "Mộ Đức",
    "Tuy Phước",
    "Phù Cát",
    "Hoài Nhơn",
    "Ninh Hòa",
    "Vạn Ninh",
    "Cam Lâm",
    "Đức Trọng",
    "Di Linh",
    "Bảo Lộc",
    "Trảng Bom",
    "Long Thành",
    "Nhơn Trạch",
    "Cần Giờ",
    "Củ Chi",
    "Hóc Môn",
    "Bến Lức",
    "Cần Giuộc",
    "Chợ Gạo",
    "Cai Lậy",
    "Mỏ Cày",
    "Giồng Trôm",
    "Cầu Kè",
    "Tiểu Cần",
    "Trà Cú",
    "Duyên Hải",
    "Mang Thít",
    "Tam Bình",
    "Châu Thành",
    "Lấp Vò",
    "Tháp Mười",
    "Tri Tôn",
    "Tịnh Biên",
    "Hòn Đất",
    "Phú Quốc",
    "Năm Căn",
    "Ngọc Hiển",
    "Đầm Dơi",
    *PLACES,
]
PERSONS = [
    "Nguyễn Du",
    "Lê Lợi",
    "Trần Hưng Đạo",
    "Lý Thường Kiệt",
    "Nguyễn Trãi",
    "Lê Quý Đôn",
    "Chu Văn An",
    "Nguyễn Huệ",
    "Hai Bà Trưng",
    "Võ Thị Sáu",
    "Phan Bội Châu",
    "Phan Chu Trinh",
    "Nguyễn Đình Chiểu",
    "Trần Phú",
    "Lê Hồng Phong",
    "Nguyễn Văn Trỗi",
    "Kim Đồng",
    "Lương Thế Vinh",
    "Nguyễn Bỉnh Khiêm",
    "Hùng Vương",
    "Ngô Quyền",
    "Đinh Tiên Hoàng",
    "Lê Văn Tám",
    "Tô Hiến Thành",
    "Trần Quốc Toản",
    "Nguyễn Thị Minh Khai",
    "Huỳnh Thúc Kháng",
    "Quang Trung",
    "Bà Triệu",
    "Yết Kiêu",
    "Phạm Ngũ Lão",
    "Nguyễn Khuyến",
    "Trương Định",
    "Võ Trường Toản",
    "Hoàng Hoa Thám",
    "Lý Tự Trọng",
    "Mạc Đĩnh Chi",
    "Nguyễn Hiền",
    "Đoàn Thị Điểm",
    "Trần Đại Nghĩa",
    "Tôn Đức Thắng",
    "Nguyễn Văn Cừ",
    "Võ Văn Kiệt",
]
FLOWERS = [
    "Hoa Sen",
    "Hoa Mai",
    "Hoa Hồng",
    "Sơn Ca",
    "Họa Mi",
    "Vành Khuyên",
    "Hướng Dương",
    "Bông Sen",
    "Hoa Lan",
    "Tuổi Thơ",
    "Măng Non",
    "Búp Sen Hồng",
    "Ánh Dương",
    "Hoa Cúc",
    "Sao Mai",
    "Bình Minh",
    "Hoàng Oanh",
    "Hoa Phượng",
    "Tuổi Ngọc",
    "Rạng Đông",
]
HAMLETS = [
    "ấp Phú Thọ",
    "ấp Tân Thành",
    "thôn Đông",
    "thôn Trung",
    "thôn Hạ",
    "bản Mường",
    "ấp Bà Trầm",
    "khóm 1",
    "khóm 2",
    "tổ dân phố 3",
    "thôn An Lạc",
    "ấp Chợ",
    "buôn Đôn",
    "làng Chăm",
]
SUBJECTS = ["Toán", "Ngữ văn", "Ngoại ngữ", "Khoa học tự nhiên", "Lịch sử và Địa lý", "Tin học"]
FUNCTIONS = [
    "Tổ chức cán bộ",
    "Kế hoạch - Tài chính",
    "Thanh tra",
    "Pháp chế",
    "Hành chính - Tổng hợp",
    "Quản lý chất lượng",
    "Hợp tác quốc tế",
    "Thi đua - Khen thưởng",
    "Công nghệ thông tin",
    "Kiểm tra",
    "Tuyên truyền",
    "Văn thư - Lưu trữ",
]
_DEPARTMENTS = [
    "Sở Tư pháp",
    "Sở Tài chính",
    "Sở Nội vụ",
    "Sở Xây dựng",
    "Sở Giáo dục và Đào tạo",
    "Sở Y tế",
    "Sở Văn hóa, Thể thao và Du lịch",
    "Sở Khoa học và Công nghệ",
    "Sở Nông nghiệp và Môi trường",
    "Sở Công Thương",
    "Sở Dân tộc và Tôn giáo",
    "Sở Ngoại vụ",
    "Thanh tra tỉnh",
    "Văn phòng Ủy ban nhân dân tỉnh",
    "Ban Quản lý các khu công nghiệp",
    "Đài Phát thanh và Truyền hình",
    "Bệnh viện Đa khoa tỉnh",
    "Trường Cao đẳng Cộng đồng",
    "Trường Chính trị",
    "Ban Quản lý dự án đầu tư xây dựng",
]
_COUNCIL = [
    "Văn phòng Đoàn đại biểu Quốc hội và Hội đồng nhân dân",
    "Ban Pháp chế",
    "Ban Kinh tế - Ngân sách",
    "Ban Văn hóa - Xã hội",
    "Ban Dân tộc",
    "Ban Đô thị",
]


def _body_name(root_name: str) -> str:
    return root_name.removesuffix(" Việt Nam").removesuffix(" nhân dân tối cao")


class Namer:
    """Vietnamese names in the style of each kind of body, drawn from a seeded generator."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def level2(self, root_code: str, root_name: str, index: int) -> str:
        r = self.rng
        group = root_code[0]
        if group == "H":
            if index < len(_DEPARTMENTS):
                return _DEPARTMENTS[index]
            where = r.choice(["xã", "xã", "phường", "đặc khu"])
            return f"Ủy ban nhân dân {where} {r.choice(COMMUNES)}"
        if group == "K":
            if index < len(_COUNCIL):
                return _COUNCIL[index]
            return f"Hội đồng nhân dân {r.choice(['xã', 'phường'])} {r.choice(COMMUNES)}"
        if group in "IJ":
            return (
                f"{_body_name(root_name)} {r.choice(['tỉnh', 'thành phố'])} {r.choice(PROVINCES)}"
            )
        kind = r.choice(["Vụ", "Cục", "Vụ", "Cục", "Viện", "Trung tâm", "Báo", "Trường Đại học"])
        if index == 0:
            return "Văn phòng"
        if index == 1:
            return "Thanh tra"
        return f"{kind} {r.choice(TOPICS)}"

    def below(self, parent: str, level: int) -> str:
        """A child of the unit named ``parent``, at ``level`` (3 or 4)."""
        r = self.rng
        if "Giáo dục" in parent:
            kind = r.choice(
                [
                    "Trường Mầm non " + r.choice(FLOWERS),
                    "Trường Tiểu học " + r.choice(PERSONS),
                    "Trường Trung học cơ sở " + r.choice(PERSONS),
                    "Trường Trung học phổ thông " + r.choice(PERSONS),
                ]
            )
            return (
                f"{kind} {r.choice(['xã', 'phường'])} {r.choice(COMMUNES)}" if level == 4 else kind
            )
        if parent.startswith("Trường"):
            return f"Tổ {r.choice(SUBJECTS)}" if level == 4 else f"Phòng {r.choice(FUNCTIONS)}"
        if "Y tế" in parent or parent.startswith("Bệnh viện"):
            return r.choice(
                [
                    f"Trạm Y tế xã {r.choice(COMMUNES)}",
                    f"Trung tâm Y tế khu vực {r.choice(COMMUNES)}",
                    f"Phòng khám Đa khoa khu vực {r.choice(COMMUNES)}",
                    f"Khoa {r.choice(TOPICS)}",
                ]
            )
        if parent.startswith("Ủy ban nhân dân") or parent.startswith("Hội đồng nhân dân"):
            if level == 3:
                return r.choice(
                    [
                        "Phòng Kinh tế",
                        "Phòng Văn hóa - Xã hội",
                        "Trung tâm Phục vụ hành chính công",
                        f"Trạm Y tế {r.choice(COMMUNES)}",
                        f"Trường Tiểu học {r.choice(PERSONS)}",
                        f"Trường Mầm non {r.choice(FLOWERS)}",
                        "Phòng Giáo dục và Đào tạo",
                    ]
                )
            return r.choice(
                [
                    f"Nhà văn hóa {r.choice(HAMLETS)}",
                    f"Ban công tác Mặt trận {r.choice(HAMLETS)}",
                    f"Trường Mầm non {r.choice(FLOWERS)}",
                    f"Bộ phận một cửa {r.choice(HAMLETS)}",
                ]
            )
        if " tỉnh " in parent or " thành phố " in parent or " xã " in parent:
            body = parent.split(" tỉnh ")[0].split(" thành phố ")[0].split(" xã ")[0]
            if level == 3:
                return f"{body} {r.choice(['xã', 'phường'])} {r.choice(COMMUNES)}"
            return f"Chi hội {r.choice(HAMLETS)}"
        if level == 3:
            return r.choice(
                [
                    f"Phòng {r.choice(FUNCTIONS)}",
                    f"Chi cục {r.choice(TOPICS)}",
                    f"Trung tâm {r.choice(TOPICS)}",
                    f"{r.choice(KINDS)} {r.choice(TOPICS)}",
                ]
            )
        return r.choice(
            [
                f"Đội {r.choice(TOPICS)} {r.choice(PLACES)}",
                f"Trạm {r.choice(TOPICS)} {r.choice(COMMUNES)}",
                f"Tổ {r.choice(FUNCTIONS)}",
                f"Chi nhánh {r.choice(COMMUNES)}",
            ]
        )


def spread(
    rng: random.Random, total: int, slots: int, *, cap: int, alpha: float, empty: float = 0.0
) -> list[int]:
    """``total`` split over ``slots`` with a heavy tail (Pareto weights), none above ``cap``,
    about ``empty`` of them left with nothing. What cannot fit under the caps is dropped."""
    if slots <= 0:
        return []
    weights = [0.0 if rng.random() < empty else rng.paretovariate(alpha) for _ in range(slots)]
    if not any(weights):
        weights[0] = 1.0
    whole = sum(weights)
    counts = [min(cap, int(total * w / whole)) for w in weights]
    room = [i for i, c in enumerate(counts) if c < cap and weights[i] > 0]
    room = room or [i for i, c in enumerate(counts) if c < cap]
    left = total - sum(counts)
    while left > 0 and room:
        i = rng.choice(room)
        step = min(left, cap - counts[i], max(1, left // len(room)))
        counts[i] += step
        left -= step
        if counts[i] >= cap:
            room.remove(i)
    return counts


def plan_body(rng: random.Random, size: int) -> list[list[int]]:
    """The shape of one level-1 body of about ``size`` units below it: for each level-2 unit,
    the number of level-4 units under each of its level-3 units."""
    if size <= 0:
        return []
    if size <= 99:
        return [[] for _ in range(size)]
    n2 = max(8, min(99, round(size**0.5 * 0.45) + rng.randint(-3, 3)))
    # About one level-3 unit in twelve: most hold a few dozen level-4 units, some hundreds.
    n3 = min(n2 * 99, max(n2, round((size - n2) / 12)))
    per2 = spread(rng, n3, n2, cap=99, alpha=1.6, empty=0.15)
    n4 = max(0, size - n2 - sum(per2))
    flat = spread(rng, n4, sum(per2), cap=998, alpha=1.3, empty=0.25)
    plan, at = [], 0
    for k in per2:
        plan.append(flat[at : at + k])
        at += k
    return plan


def _plan_size(plan: list[list[int]]) -> int:
    return len(plan) + sum(len(l3) + sum(l3) for l3 in plan)


def _group_weight(code: str) -> float:
    # Provinces and ministries hold most units; councils and associations few.
    return {"H": 1.6, "G": 1.3, "K": 0.25, "J": 0.3}.get(code[0], 0.8)


def plan_registry(
    rng: random.Random,
    roots: list[tuple[str, str]],
    total: int,
    *,
    sizes: dict[str, int],
    wide: dict[str, int],
) -> dict[str, list[list[int]]]:
    """Shapes for every body, ``total`` units below level 1 in all. ``sizes`` pins the size of
    some bodies; ``wide`` gives bodies whose first level-3 unit has exactly that many children
    (a few more bodies get one level-3 unit with 999)."""
    free = [code for code, _ in roots if code not in sizes]
    weights = {c: _group_weight(c) * rng.lognormvariate(0, 0.5) for c in free}
    rest = max(0, total - sum(sizes.values()))
    whole = sum(weights.values()) or 1.0
    plans = {}
    for code, _ in roots:
        size = sizes.get(code, round(rest * weights.get(code, 0) / whole))
        if code in wide:
            # The wide level-3 unit (and its level-2 parent) come on top of an ordinary body.
            plan = plan_body(rng, max(0, size - wide[code] - 1)) or [[]]
            plan[0].insert(0, wide[code])
        else:
            plan = plan_body(rng, size)
        plans[code] = plan
    fixed = {(c, 0, 0) for c in wide}
    for code in rng.sample(free, min(4, len(free))):
        spots = [(i, j) for i, l3 in enumerate(plans[code]) for j in range(len(l3))]
        if spots:
            i, j = rng.choice(spots)
            plans[code][i][j] = 999
            fixed.add((code, i, j))
    # Rounding and caps leave the total a little off: level-4 counts make it exact, outside the
    # pinned bodies.
    diff = total - sum(_plan_size(p) for p in plans.values())
    spots = [
        (c, i, j)
        for c in free
        for i, l3 in enumerate(plans[c])
        for j in range(len(l3))
        if (c, i, j) not in fixed
    ]
    while diff and spots:
        c, i, j = rng.choice(spots)
        have = plans[c][i][j]
        step = min(diff, 998 - have) if diff > 0 else -min(-diff, have)
        step = max(-50, min(50, step))
        plans[c][i][j] = have + step
        diff -= step
    return plans


# The date of the generated units (and of the sample decision that creates them).
GENERATED_FROM = "2021-01-01"


def build(
    path: Path,
    units: int = 1_000_000,
    *,
    level1_filled: int | None = None,
    wide_children: int = 999,
    seed: int = 20250414,
    realistic: bool = False,
    sizes: dict[str, int] | None = None,
    reserve: tuple[str, ...] = (),
) -> Path:
    """A registry of about ``units`` units (official level 1 plus generated levels 2-4).

    One level-3 unit (under H59) gets ``wide_children`` level-4 children, the largest a level can
    hold. ``level1_filled`` limits how many level-1 units get subtrees (the rest stay bare).
    ``realistic`` gives bodies of varied shapes and sizes and exactly ``units`` units; ``sizes``
    pins some bodies' sizes there, and ``reserve`` lists level-1 bodies left without units.
    """
    rng = random.Random(seed)
    reg = Registry.create(path)
    # Before the 2025 provincial merger: the generated units sit under every province, H59 too.
    load_official(reg, until="2025-04-14")
    decision = reg.add_decision(
        "1/QĐ-MAU", GENERATED_FROM, issuer="Dữ liệu mẫu", title="Sinh tự động"
    )
    roots = [
        u for u in reg.all_units(include_closed=False) if u.level == 1 and u.code not in reserve
    ]
    roots.sort(key=lambda u: (u.code != "H59", u.code))  # H59 first: it always gets a subtree
    if level1_filled is not None:
        roots = roots[:level1_filled]
    existing = reg.count_units(include_closed=True)
    rows: list[tuple] = []
    events: list[dict] = []
    codes: list[str] = []
    dates: list[str] = []
    next_id = reg._next_id("units")
    # A unit is never dated before its level-1 body starts (G38-G40 start on 2025-04-14).
    since = GENERATED_FROM

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
            "valid_from": since,
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
                "effective": since,
            }
        )
        codes.append(code.canonical)
        dates.append(since)
        return uid

    if realistic:
        plans = plan_registry(
            rng,
            [(r.code, r.name) for r in roots],
            units - existing,
            sizes=sizes or {},
            wide={"H59": wide_children} if any(r.code == "H59" for r in roots) else {},
        )
        namer = Namer(rng)
        for root in roots:
            since = max(GENERATED_FROM, root.valid_from or GENERATED_FROM)
            _add_body(add, namer, root.parsed, root.id, root.name, plans[root.code])
    else:
        per_root = max(0, (units - existing - wide_children) // len(roots))
        l2, l3, l4 = shape(per_root)
        for root in roots:
            since = max(GENERATED_FROM, root.valid_from or GENERATED_FROM)
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
            (code, row[0], eid, day) for code, row, eid, day in zip(codes, rows, ids, dates)
        )
    reg.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    reg.conn.execute("ANALYZE")
    reg.close()
    return path


def unique_name(name: str, seen: set[str]) -> str:
    """Siblings never share a name, not even folded (the validator would warn): a number tells
    them apart."""
    if fold(name) in seen:
        n = 2
        while fold(f"{name} số {n}") in seen:
            n += 1
        name = f"{name} số {n}"
    seen.add(fold(name))
    return name


def _add_body(add, namer: Namer, code: Code, uid: int, name: str, plan: list[list[int]]) -> None:
    seen2: set[str] = set()
    for a, level3 in enumerate(plan, 1):
        name2 = unique_name(namer.level2(code.canonical, name, a - 1), seen2)
        c2 = code.child(f"{a:02d}")
        id2 = add(c2, uid, name2)
        seen3: set[str] = set()
        for b, count in enumerate(level3, 1):
            name3 = unique_name(namer.below(name2, 3), seen3)
            c3 = c2.child(f"{b:02d}")
            id3 = add(c3, id2, name3)
            seen4: set[str] = set()
            for c in range(1, count + 1):
                add(c3.child(f"{c:03d}"), id3, unique_name(namer.below(name3, 4), seen4))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("path", type=Path)
    parser.add_argument("--units", type=int, default=1_000_000)
    parser.add_argument("--realistic", action="store_true", help="varied shapes and names")
    args = parser.parse_args()
    if args.path.exists():
        sys.exit(f"{args.path} exists")
    started = time.perf_counter()
    build(args.path, args.units, realistic=args.realistic)
    with Registry.open(args.path, readonly=True) as reg:
        n = reg.count_units(include_closed=True)
    print(f"{args.path}: {n} units in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
