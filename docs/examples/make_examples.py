"""Regenerate the example report pages in this folder (needs pdftoppm from poppler-utils).

    python docs/examples/make_examples.py

A sample registry: the official level-1 list, Bến Tre's departments coded in 2023, and the
2025 reorganisation (departments merged and renamed). The people and decision numbers are
made up; the layout is what a clerk would print.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

from desktop.domain.units import NewUnit  # noqa: E402
from desktop.reports.build import build_report  # noqa: E402
from desktop.reports.render import write_pdf  # noqa: E402
from desktop.store.reference import load_official  # noqa: E402
from desktop.store.registry import Registry  # noqa: E402

TODAY = "2025-05-26"
# The registry is shown as it stood that day, as the page is dated (desktop.domain.decisions.today).
os.environ["MADINHDANH_TODAY"] = TODAY
SETTINGS = {
    "issuer_parent": "Ủy ban nhân dân tỉnh Bến Tre",
    "issuer_name": "Sở Khoa học và Công nghệ",
    "number_symbol": "BC-SKHCN",
    "place": "Bến Tre",
    "signer_title": "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC",
    "signer_name": "Nguyễn Văn An",
    "recipients": "Ủy ban nhân dân tỉnh (để báo cáo) | Sở Nội vụ | Lưu: VT, VP",
}
DEPARTMENTS = [
    ("01", "Văn phòng Ủy ban nhân dân tỉnh"),
    ("02", "Sở Nội vụ"),
    ("03", "Sở Tư pháp"),
    ("04", "Sở Kế hoạch và Đầu tư"),
    ("05", "Sở Tài chính"),
    ("06", "Sở Công Thương"),
    ("07", "Sở Nông nghiệp và Phát triển nông thôn"),
    ("08", "Sở Giao thông vận tải"),
    ("09", "Sở Xây dựng"),
    ("10", "Sở Tài nguyên và Môi trường"),
    ("11", "Sở Thông tin và Truyền thông"),
    ("12", "Sở Lao động - Thương binh và Xã hội"),
    ("13", "Sở Văn hóa, Thể thao và Du lịch"),
    ("14", "Sở Khoa học và Công nghệ"),
    ("15", "Sở Giáo dục và Đào tạo"),
    ("16", "Sở Y tế"),
    ("17", "Thanh tra tỉnh"),
    ("18", "Ban Dân tộc"),
]
OFFICES = {
    "03": ["Phòng Hành chính tư pháp", "Phòng Bổ trợ tư pháp", "Trung tâm Trợ giúp pháp lý"],
    "07": ["Chi cục Thủy lợi", "Chi cục Kiểm lâm", "Chi cục Chăn nuôi và Thú y"],
    "11": ["Trung tâm Công nghệ thông tin và Truyền thông", "Phòng Bưu chính, Viễn thông"],
    "14": [
        "Trung tâm Ứng dụng tiến bộ khoa học và công nghệ",
        "Chi cục Tiêu chuẩn Đo lường Chất lượng",
    ],
    "16": ["Bệnh viện Nguyễn Đình Chiểu", "Trung tâm Kiểm soát bệnh tật", "Chi cục Dân số"],
}


def sample(path: Path) -> Registry:
    reg = Registry.create(path)
    load_official(reg)
    with reg.write():
        for key, value in SETTINGS.items():
            reg._set_meta(key, value)
    first = reg.add_decision(
        "1520/QĐ-UBND",
        "2023-07-15",
        issuer="Ủy ban nhân dân tỉnh Bến Tre",
        signed="2023-07-10",
        title="Về việc ban hành mã định danh điện tử của các cơ quan, đơn vị thuộc Ủy ban "
        "nhân dân tỉnh Bến Tre phục vụ kết nối, chia sẻ dữ liệu",
    )
    units = [NewUnit(f"H07.{seg}", name) for seg, name in DEPARTMENTS]
    for seg, names in OFFICES.items():
        units += [NewUnit(f"H07.{seg}.{i:02d}", n) for i, n in enumerate(names, start=1)]
    units.append(NewUnit("H07.16.01.001", "Khoa Khám bệnh"))
    units.append(NewUnit("H07.16.01.002", "Khoa Cấp cứu"))
    reg.create_units(units, first)
    second = reg.add_decision(
        "845/QĐ-UBND",
        "2025-03-01",
        issuer="Ủy ban nhân dân tỉnh Bến Tre",
        signed="2025-02-28",
        title="Về việc điều chỉnh mã định danh điện tử sau khi sắp xếp tổ chức bộ máy",
    )
    find = reg.find
    reg.rename(find("H07.07").id, "Sở Nông nghiệp và Môi trường", second)
    for office in ("H07.11.01", "H07.11.02"):
        reg.move(find(office).id, find("H07.14").id, second)
    for source, target in (
        ("H07.04", "H07.05"),
        ("H07.08", "H07.09"),
        ("H07.10", "H07.07"),
        ("H07.11", "H07.14"),
        ("H07.12", "H07.02"),
    ):
        reg.merge([find(source).id], find(target).id, second)
    reg.rename(find("H07.18").id, "Sở Dân tộc và Tôn giáo", second)
    # A clerk's slip, undone: the history keeps it, no print shows it.
    slip = reg.rename(find("H07.16").id, "Sở Y tế (ghi nhầm)", second)
    reg.annul(slip.event_ids[0])
    # What the validator finds in real registries: a name typed in an old 8-bit encoding, a
    # unit entered twice, a decision whose dates were swapped, one not yet in force.
    third = reg.add_decision(
        "96/QĐ-UBND", "2025-04-01", issuer="Ủy ban nhân dân tỉnh Bến Tre", signed="2025-04-10"
    )
    reg.create_units(
        [
            NewUnit("H07.16.04", "Trung t©m Y tÕ huyÖn Ba Tri"),
            NewUnit("H07.03.04", "Phòng bổ trợ tư pháp"),
        ],
        third,
        effective="2025-04-10",
    )
    fourth = reg.add_decision(
        "1102/QĐ-UBND", "2025-06-15", issuer="Ủy ban nhân dân tỉnh Bến Tre", signed="2025-05-20"
    )
    reg.create_units([NewUnit("H07.19", "Sở Ngoại vụ")], fourth)
    return reg


def main() -> None:
    jobs = {
        "tree": {"root": "H07"},
        "changes": {"date_from": "2025-01-01", "date_to": "2025-12-31"},
        "decision": {"decision": "1520/QĐ-UBND"},
    }
    try:
        from desktop.store.validation import validate_registry  # noqa: F401

        jobs["validation"] = {}
    except ImportError:
        pass
    with tempfile.TemporaryDirectory() as folder:
        reg = sample(Path(folder) / "sample.db")
        for kind, options in jobs.items():
            pdf = Path(folder) / f"{kind}.pdf"
            pages = write_pdf(build_report(reg, kind, today=TODAY, **options), pdf)
            subprocess.run(
                [
                    "pdftoppm",
                    "-png",
                    "-r",
                    "80",
                    "-f",
                    "1",
                    "-l",
                    "1",
                    "-singlefile",
                    str(pdf),
                    str(HERE / kind),
                ],
                check=True,
            )
            print(f"{kind}: {pages} pages -> {HERE / kind}.png")
        reg.close()


if __name__ == "__main__":
    main()
