"""The validator's rule book: every rule with a stable id, a severity, and what a clerk reads.

Rule ids are part of the product's contract (reports, the importer, the centre's own checks cite
them): never rename or reuse one; add new rules instead. ``message_*`` says in general what the
rule checks; a :class:`Finding` carries the specific message (which code, which unit, which
other unit) and the rule's hint.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

ERROR = "error"
WARNING = "warning"
INFO = "info"
SEVERITIES = (ERROR, WARNING, INFO)
SEVERITY_LABELS = {ERROR: "Lỗi", WARNING: "Cảnh báo", INFO: "Thông tin"}

# How many days a decision (or a change it makes) may take effect before the decision is
# signed. Decisions on identifier codes take effect on or after signing; a retroactive effect
# is a typing mistake far more often than a lawful choice, so none is allowed.
RETROACTIVE_DAYS_ALLOWED = 0


@dataclass(frozen=True)
class Finding:
    """One thing the validator found: a broken rule, on a unit, a decision or an appendix row."""

    rule: str
    severity: str
    message: str
    message_en: str
    hint: str = ""
    code: str | None = None
    unit_id: int | None = None
    sheet: str | None = None
    row: int | None = None

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "rule": self.rule,
            "severity": self.severity,
            "code": self.code,
            "unit_id": self.unit_id,
            "message": self.message,
            "hint": self.hint,
        }
        if self.sheet is not None:
            out["sheet"] = self.sheet
        if self.row is not None:
            out["row"] = self.row
        return out


@dataclass(frozen=True)
class Rule:
    id: str
    severity: str
    title_vi: str
    title_en: str
    message_vi: str
    message_en: str
    hint_vi: str
    hint_en: str

    def finding(
        self,
        message: str,
        message_en: str,
        *,
        code: str | None = None,
        unit_id: int | None = None,
        sheet: str | None = None,
        row: int | None = None,
    ) -> Finding:
        return Finding(
            rule=self.id,
            severity=self.severity,
            message=message,
            message_en=message_en,
            hint=self.hint_vi,
            code=code,
            unit_id=unit_id,
            sheet=sheet,
            row=row,
        )

    def as_dict(self) -> dict[str, str]:
        return {
            "id": self.id,
            "severity": self.severity,
            "title": self.title_vi,
            "title_en": self.title_en,
            "message": self.message_vi,
            "message_en": self.message_en,
            "hint": self.hint_vi,
            "hint_en": self.hint_en,
        }


_RULES = (
    # -- codes ---------------------------------------------------------------------------------
    Rule(
        "code.syntax",
        ERROR,
        "Mã sai cấu trúc",
        "Malformed code",
        "Mã không đúng cấu trúc của QĐ 20/2020/QĐ-TTg: có ký tự ngoài 0-9, A-Z và dấu chấm, nhóm "
        "sai độ dài, mã cấp 1 sai, hoặc một cấp được dùng dưới một cấp chưa dùng.",
        "The code breaks the grammar of QĐ 20/2020/QĐ-TTg: characters other than 0-9, A-Z and "
        "the dot, a group of the wrong width, a wrong level-1 code, or a used level under an "
        "unused one.",
        "Viết mã cấp 1 bằng một chữ cái A-K và hai chữ số (G14, H59); theo QCVN 102, nhóm cấp 2 "
        "và cấp 3 có 2 chữ số, cấp 4 có 3 chữ số, cấp chưa dùng ghi toàn số 0 (000.00.01.H59).",
        "Write the level-1 code as one letter A-K and two digits (G14, H59); in QCVN 102, "
        "levels 2 and 3 have 2 digits, level 4 has 3, unused levels are zeros (000.00.01.H59).",
    ),
    Rule(
        "code.too-long",
        ERROR,
        "Mã quá dài",
        "Code too long",
        "Mã dài hơn 35 ký tự, giới hạn của QĐ 20/2020/QĐ-TTg và của trường edXML:OrganId.",
        "The code is longer than 35 characters, the limit of QĐ 20/2020/QĐ-TTg and of "
        "edXML:OrganId.",
        "Rút ngắn các nhóm của mã hoặc giảm số cấp.",
        "Shorten the groups of the code or use fewer levels.",
    ),
    Rule(
        "code.level1-unknown",
        ERROR,
        "Mã cấp 1 không có trong sổ",
        "Unknown level-1 code",
        "Nhóm cấp 1 của mã không phải là mã của một cơ quan cấp 1 trong sổ (danh mục mã cấp 1 "
        "của QĐ 20/2020/QĐ-TTg và các quyết định sửa đổi).",
        "The level-1 group of the code is not the code of a level-1 body of the registry (the "
        "level-1 list of QĐ 20/2020/QĐ-TTg and its amendments).",
        "Kiểm tra mã cấp 1 (ví dụ G06 là Bộ Khoa học và Công nghệ); nếu cơ quan cấp 1 mới được "
        "bổ sung, hãy ghi nhận quyết định bổ sung trước.",
        "Check the level-1 code (G06 is the Ministry of Science and Technology); if the level-1 "
        "body is new, record the decision that adds it first.",
    ),
    Rule(
        "code.level1-closed",
        ERROR,
        "Mã cấp 1 đã đóng",
        "Closed level-1 code",
        "Đơn vị đang hoạt động nhưng mã cấp 1 của nó đã bị đóng (tỉnh đã sáp nhập, bộ đã hợp "
        "nhất...).",
        "The unit is active but its level-1 code is closed (a merged province or ministry...).",
        "Chuyển đơn vị sang cơ quan cấp 1 kế thừa, hoặc đóng mã của đơn vị theo quyết định.",
        "Move the unit under the successor level-1 body, or close its code by a decision.",
    ),
    Rule(
        "code.parent-missing",
        ERROR,
        "Thiếu đơn vị cấp trên",
        "Missing parent unit",
        "Đơn vị từ cấp 2 trở xuống không gắn với đơn vị cấp trên nào có trong sổ.",
        "A unit of level 2 or below is not attached to a parent unit of the registry.",
        "Cấp mã cho đơn vị cấp trên trước, hoặc gắn đơn vị vào đúng đơn vị cấp trên.",
        "Give the parent unit its code first, or attach the unit to its parent.",
    ),
    Rule(
        "code.parent-mismatch",
        ERROR,
        "Mã không khớp với đơn vị cấp trên",
        "Code does not match the parent",
        "Mã của đơn vị đang hoạt động không phát triển từ mã của đơn vị cấp trên (mã cấp trên "
        "thêm đúng một nhóm), hoặc cấp của mã khác vị trí của đơn vị trong cây.",
        "The code of an active unit does not extend its parent unit's code by exactly one "
        "group, or its level differs from the unit's depth in the tree.",
        "Đổi mã hoặc chuyển đơn vị để mã của đơn vị cấp dưới bắt đầu bằng mã của đơn vị cấp trên.",
        "Recode or move the unit so that its code starts with its parent's code.",
    ),
    Rule(
        "code.duplicate",
        ERROR,
        "Trùng mã",
        "Duplicate code",
        "Hai đơn vị đang hoạt động mang cùng một mã.",
        "Two active units hold the same code.",
        "Giữ mã cho đúng một đơn vị; cấp cho đơn vị kia một mã chưa từng dùng.",
        "Keep the code for one unit; give the other a code never used before.",
    ),
    Rule(
        "code.reused",
        ERROR,
        "Mã bị cấp lại",
        "Reused code",
        "Mã đã từng được cấp cho một đơn vị khác; mã định danh không bao giờ được cấp lại.",
        "The code was once assigned to another unit; codes are never reassigned.",
        "Cấp cho đơn vị một mã chưa từng được dùng (chức năng Gợi ý mã).",
        "Give the unit a code never used before (Suggest code).",
    ),
    Rule(
        "code.enterprise-checksum",
        ERROR,
        "Sai chữ số kiểm tra của mã số doanh nghiệp",
        "Wrong enterprise check digit",
        "Chữ số thứ 10 của mã số doanh nghiệp không khớp với 9 chữ số đầu (QĐ 20/2020/QĐ-TTg, "
        "Điều 5).",
        "The 10th digit of the enterprise code does not match the first nine (QĐ 20/2020/QĐ-TTg, "
        "Article 5).",
        "Đối chiếu với Giấy chứng nhận đăng ký doanh nghiệp; Excel có thể đã làm mất số 0 ở đầu.",
        "Compare with the enterprise registration certificate; Excel may have dropped a leading 0.",
    ),
    Rule(
        "code.notation-mixed",
        WARNING,
        "Dùng lẫn hai cách viết mã",
        "Mixed code notations",
        "Một tệp có cả mã viết theo QCVN 102 (000.00.01.H59) và mã viết theo QĐ 20/2020 "
        "(H59.01); hoặc sổ hiển thị theo QCVN 102 có mã không viết được theo QCVN 102 (nhóm có "
        "chữ cái hoặc sai độ rộng) nên phải hiện theo QĐ 20/2020.",
        "A file holds codes written in QCVN 102 (000.00.01.H59) and in QĐ 20/2020 (H59.01); or "
        "a registry shown in QCVN 102 holds a code QCVN 102 cannot write (a group with letters "
        "or of another width), shown in QĐ 20/2020.",
        "Hai cách viết cùng chỉ một đơn vị nên tệp vẫn nhập được; nên thống nhất một cách viết. "
        "Với mã không viết được theo QCVN 102: đổi mã, hoặc chuyển cách hiển thị của sổ sang "
        "QĐ 20/2020.",
        "Both notations name the same unit, so the file can be imported; keep to one. For a "
        "code QCVN 102 cannot write: recode it, or show the registry in QĐ 20/2020.",
    ),
    Rule(
        "code.no-dossier-code",
        INFO,
        "Mã không viết được theo QCVN 102",
        "Code not writable in QCVN 102",
        "Mã của cơ quan không viết được theo QCVN 102 (nhóm có chữ cái, không đúng độ rộng "
        "2-2-3 chữ số, hoặc hơn 4 cấp): cơ quan không nhận được mã hồ sơ thủ tục hành chính "
        "(000.00.00.H29-YYMMDD-XXXX, TT 01/2018/TT-VPCP) và không có trong danh sách gửi trục "
        "liên thông văn bản (edXML) và danh mục dùng chung.",
        "The agency's code cannot be written in QCVN 102 (a group with letters, not of the 2-2-3 "
        "digit widths, or more than 4 levels): the agency cannot receive public-service dossier "
        "codes (TT 01/2018/TT-VPCP) and is left out of the exchange-axis (edXML) and shared "
        "catalogue exports, which list it apart.",
        "Nếu cơ quan cần nhận hồ sơ hoặc văn bản điện tử: đề nghị cấp mã mới viết được theo "
        "QCVN 102 (chỉ chữ số, 4 cấp).",
        "If the agency must receive dossiers or electronic documents: have it given a code "
        "QCVN 102 can write (digits only, 4 levels).",
    ),
    # -- names ---------------------------------------------------------------------------------
    Rule(
        "name.empty",
        ERROR,
        "Thiếu tên",
        "Missing name",
        "Đơn vị không có tên (tên trống hoặc chỉ có khoảng trắng).",
        "The unit has no name (empty or only whitespace).",
        "Nhập tên đầy đủ của cơ quan, đơn vị như trong quyết định.",
        "Enter the full name of the body as the decision writes it.",
    ),
    Rule(
        "name.whitespace",
        WARNING,
        "Khoảng trắng thừa trong tên",
        "Stray whitespace in the name",
        "Tên có khoảng trắng ở đầu, ở cuối, hai khoảng trắng liền nhau hoặc khoảng trắng đặc "
        "biệt (khoảng trắng không ngắt dòng).",
        "The name has leading, trailing or doubled whitespace, or a special space (no-break).",
        "Xóa khoảng trắng thừa; phần mềm tự làm gọn tên khi nhập.",
        "Remove the stray whitespace; names are tidied on input.",
    ),
    Rule(
        "name.not-nfc",
        WARNING,
        "Tên chưa chuẩn hóa Unicode (NFC)",
        "Name not in NFC",
        "Tên dùng dấu tổ hợp (dạng NFD, do một số bộ gõ hoặc macOS) thay vì chữ dựng sẵn, nên "
        "tìm kiếm và so sánh tên có thể sai.",
        "The name uses combining marks (NFD, from some keyboards or macOS) instead of "
        "precomposed letters, so search and comparison may fail.",
        "Chuẩn hóa tên về dạng NFC (phần mềm tự chuẩn hóa khi nhập).",
        "Normalise the name to NFC (done automatically on input).",
    ),
    Rule(
        "name.control-chars",
        ERROR,
        "Ký tự điều khiển trong tên",
        "Control characters in the name",
        "Tên chứa ký tự điều khiển hoặc ký tự vô hình (tab, xuống dòng, ký tự độ rộng 0...).",
        "The name holds control or invisible characters (tab, line break, zero-width...).",
        "Xóa các ký tự này; chúng thường lẫn vào khi sao chép từ trang web hoặc tệp PDF.",
        "Remove them; they come from copying out of web pages or PDF files.",
    ),
    Rule(
        "name.legacy-encoding",
        ERROR,
        "Tên gõ bằng bảng mã cũ",
        "Legacy-encoded name",
        "Tên được gõ bằng bảng mã cũ TCVN3 (ABC, phông .VnTime) hoặc VNI (phông VNI-Times) nên "
        "hiển thị sai trong Unicode.",
        "The name was typed in a legacy encoding, TCVN3 (ABC, .VnTime fonts) or VNI "
        "(VNI-Times), and reads wrong in Unicode.",
        "Chuyển tên sang Unicode (phần mềm chuyển khi nhập phụ lục); kiểm tra lại chữ hoa có "
        "dấu, vì TCVN3 không có chữ hoa có dấu.",
        "Convert the name to Unicode (the importer does it); check accented capitals, which "
        "TCVN3 does not have.",
    ),
    Rule(
        "name.duplicate-sibling",
        WARNING,
        "Trùng tên đơn vị cùng cấp trên",
        "Duplicate name among siblings",
        "Hai đơn vị đang hoạt động dưới cùng một đơn vị cấp trên có tên giống nhau (không kể "
        "dấu, chữ hoa, chữ thường).",
        "Two active units under the same parent have the same name (ignoring marks and case).",
        "Kiểm tra xem có phải một đơn vị được cấp hai mã không; nếu là hai đơn vị khác nhau, "
        "hãy đặt tên phân biệt.",
        "Check whether one body got two codes; if they are two bodies, name them apart.",
    ),
    # -- the tree ------------------------------------------------------------------------------
    Rule(
        "tree.cycle",
        ERROR,
        "Vòng lặp trong cây đơn vị",
        "Cycle in the unit tree",
        "Một đơn vị là cấp trên của chính nó qua một chuỗi đơn vị cấp trên.",
        "A unit is its own ancestor through a chain of parent units.",
        "Gắn lại đúng đơn vị cấp trên cho các đơn vị trong vòng lặp.",
        "Attach the units of the cycle to their right parents.",
    ),
    Rule(
        "tree.too-deep",
        ERROR,
        "Vượt quá số cấp của cách viết mã",
        "Deeper than the notation allows",
        "Đơn vị ở cấp sâu hơn số cấp mà cách viết mã của sổ cho phép (QCVN 102: tối đa 4 cấp).",
        "The unit is deeper than the registry's code notation allows (QCVN 102: 4 levels).",
        "Đặt đơn vị ở cấp 4 trở lên, hoặc đổi cách viết mã của sổ sang QĐ 20/2020.",
        "Place the unit at level 4 or above, or switch the registry to the QĐ 20/2020 notation.",
    ),
    Rule(
        "tree.active-under-closed",
        ERROR,
        "Đơn vị hoạt động dưới đơn vị đã đóng",
        "Active unit under a closed one",
        "Đơn vị đang hoạt động nằm dưới một đơn vị cấp trên đã đóng.",
        "An active unit sits under a closed parent unit.",
        "Chuyển đơn vị sang đơn vị kế thừa, hoặc đóng mã của đơn vị theo quyết định.",
        "Move the unit under the successor, or close its code by a decision.",
    ),
    # -- decisions and lifecycle ---------------------------------------------------------------
    Rule(
        "decision.missing",
        ERROR,
        "Thay đổi không có quyết định",
        "Change without a decision",
        "Một thay đổi (cấp mã, đổi tên, đổi mã, chuyển, đóng...) hoặc một đơn vị không gắn với "
        "quyết định nào có trong sổ.",
        "A change (create, rename, recode, move, close...) or a unit is not bound to a decision "
        "of the registry.",
        "Ghi nhận quyết định đã ban hành và gắn thay đổi với quyết định đó.",
        "Record the decision that was issued and bind the change to it.",
    ),
    Rule(
        "decision.dates",
        ERROR,
        "Ngày hiệu lực không hợp lệ",
        "Inconsistent dates",
        "Quyết định có hiệu lực trước ngày ký, một thay đổi có hiệu lực trước ngày ký quyết định "
        "của nó, hoặc các thay đổi của một đơn vị không theo thứ tự thời gian.",
        "A decision takes effect before it is signed, a change takes effect before its "
        "decision is signed, or a unit's changes are out of order.",
        "Đối chiếu ngày ký, ngày hiệu lực với văn bản; hủy thay đổi nhầm và ghi lại đúng ngày.",
        "Compare the dates with the document; annul the mistaken change and record it again.",
    ),
    Rule(
        "decision.pending",
        INFO,
        "Quyết định chưa có hiệu lực",
        "Decision not yet in effect",
        "Sổ có thay đổi theo một quyết định đã ký nhưng chưa đến ngày hiệu lực; danh sách hiện "
        "tại đã gồm các thay đổi đó.",
        "The registry holds changes of a signed decision not yet in effect; the current list "
        "already includes them.",
        "Không cần sửa; xem danh sách theo một ngày trước ngày hiệu lực để thấy trạng thái cũ.",
        "Nothing to fix; list the registry as of an earlier date to see the state before.",
    ),
    Rule(
        "lifecycle.no-successor",
        ERROR,
        "Sáp nhập không có đơn vị kế thừa",
        "Merge without a successor",
        "Đơn vị đã đóng do sáp nhập hoặc chia tách nhưng không có đơn vị kế thừa.",
        "A unit closed by a merge or a split has no successor.",
        "Hủy thay đổi nhầm rồi sáp nhập lại vào đúng đơn vị tiếp nhận theo quyết định.",
        "Annul the mistaken change and merge again into the receiving unit of the decision.",
    ),
)

RULES: dict[str, Rule] = {rule.id: rule for rule in _RULES}
RULE_ORDER: dict[str, int] = {rule_id: index for index, rule_id in enumerate(RULES)}


def rule_book_markdown() -> str:
    """The rule book as a Markdown page (``docs/rules.md`` is this text, committed)."""
    lines = [
        "# Bộ quy tắc kiểm tra — validator rule book",
        "",
        "<!-- Generated by `python -m desktop rules --markdown > docs/rules.md`; do not edit. -->",
        "",
        "Mỗi quy tắc có mã cố định (`id`), mức độ và hướng xử lý. `madinhdanh validate` kiểm tra "
        "sổ theo các quy tắc này; trình nhập phụ lục dùng cùng các quy tắc cho danh sách sau khi "
        "nhập. Lỗi (error) làm `validate` trả mã thoát 1; cảnh báo (warning) và thông tin (info) "
        "thì không.",
        "",
        "Each rule has a stable id, a severity and a fix hint. `madinhdanh validate` checks a "
        "registry against them and the appendix importer checks the would-be registry with the "
        "same rules. Errors make `validate` exit with 1; warnings and infos do not.",
        "",
        "| id | mức độ / severity | quy tắc / rule | hướng xử lý / hint |",
        "| --- | --- | --- | --- |",
    ]
    for rule in RULES.values():
        severity = f"{SEVERITY_LABELS[rule.severity]} / {rule.severity}"
        what = f"**{rule.title_vi}** — {rule.message_vi}<br>*{rule.title_en}: {rule.message_en}*"
        hint = f"{rule.hint_vi}<br>*{rule.hint_en}*"
        lines.append(f"| `{rule.id}` | {severity} | {_cell(what)} | {_cell(hint)} |")
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")
