"""The validator's rule book: every rule with a stable id, a severity, and what a clerk reads.

Rule ids are part of the product's contract (reports, the importer, the centre's own checks cite
them): never rename or reuse one; add new rules instead. ``message_*`` says in general what the
rule checks; a :class:`Finding` carries the specific message (which code, which unit, which
other unit) and the rule's hint.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from desktop.domain.words import QT_TR_NOOP

ERROR = "error"
WARNING = "warning"
INFO = "info"
SEVERITIES = (ERROR, WARNING, INFO)
SEVERITY_LABELS = {
    ERROR: QT_TR_NOOP("Lỗi"),
    WARNING: QT_TR_NOOP("Cảnh báo"),
    INFO: QT_TR_NOOP("Lưu ý"),
}

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


REGISTRY = "registry"
APPENDIX = "appendix"
SCOPE_LABELS = {REGISTRY: "sổ và phụ lục / registry and appendix", APPENDIX: "phụ lục / appendix"}


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
    # ``registry``: judged on the registry and, with the sheet and row added, on appendix rows;
    # ``appendix``: what only an appendix can have (a header, a cell the reader repaired).
    scope: str = REGISTRY

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

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "severity": self.severity,
            "scope": self.scope,
            "title": self.title_vi,
            "title_en": self.title_en,
            "message": self.message_vi,
            "message_en": self.message_en,
            "hint": self.hint_vi,
            "hint_en": self.hint_en,
            "problems": [
                {"id": pid, "title": vi, "title_en": en}
                for pid, (rule, vi, en) in PROBLEMS.items()
                if rule == self.id
            ],
        }


def _appendix(
    rule_id: str,
    severity: str,
    title: tuple[str, str],
    what: tuple[str, str],
    hint: tuple[str, str],
) -> Rule:
    return Rule(rule_id, severity, *title, *what, *hint, scope=APPENDIX)


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
        "name.garbled",
        ERROR,
        "Tên bị chuyển sai bảng mã",
        "Garbled name",
        "Tên có từ mang hai dấu thanh (ví dụ 'Đàoưtạo'), điều không từ tiếng Việt nào "
        "có: dấu hiệu của một tên Unicode đúng đã bị chuyển nhầm như thể gõ bằng TCVN3 (thường "
        "do dấu gạch nối mềm U+00AD hoặc chữ Ð lẫn trong tên).",
        "A word of the name carries two tone marks (e.g. 'Đàoưtạo'), which no Vietnamese word "
        "has: a correct Unicode name was converted as if typed in TCVN3 (often because of a soft "
        "hyphen U+00AD or a Ð in it).",
        "Sửa lại tên theo quyết định (đổi tên đơn vị); kiểm tra các tên khác nhập cùng tệp.",
        "Correct the name from the decision (rename the unit); check the other names imported "
        "from the same file.",
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
    Rule(
        "name.spelling-only",
        INFO,
        "Đổi tên chỉ về cách viết",
        "Spelling-only rename",
        "Tên mới chỉ khác tên cũ ở vị trí dấu thanh (Hoà / Hòa) hoặc chữ hoa, chữ thường: cùng "
        "một tên, viết lại theo cách khác.",
        "The new name differs from the old one only in tone-mark placement (Hoà / Hòa) or in "
        "case: the same name, spelt anew.",
        "Không cần sửa; kiểm tra rằng đây đúng là cách viết quyết định dùng.",
        "Nothing to fix; check that this is the spelling the decision uses.",
    ),
    Rule(
        "name.place-only",
        INFO,
        "Tên chỉ khác ở tên địa phương",
        "Name differs only by its place",
        "Phụ lục ghi tên đơn vị có thêm (hoặc bớt) tên địa phương của chính nó ở cuối (Sở Kế "
        "hoạch và Đầu tư / Sở Kế hoạch và Đầu tư tỉnh Hưng Yên): cùng một cơ quan, tên đầy đủ "
        "theo địa phương; sổ giữ tên đang có, không ghi là đổi tên.",
        "The appendix names the unit with (or without) its own place at the end (Sở Kế hoạch "
        "và Đầu tư / Sở Kế hoạch và Đầu tư tỉnh Hưng Yên): one body, its full name with the "
        "place; the registry keeps its name and records no rename.",
        "Không cần sửa; nếu quyết định thật sự đổi tên, ghi bằng lệnh rename (hoặc Đổi tên "
        "trong cửa sổ) theo quyết định đó.",
        "Nothing to fix; if the decision does rename it, record it with rename (or Rename in "
        "the window) under that decision.",
        scope=APPENDIX,  # judged by the importer, on a listed name
    ),
    Rule(
        "name.abbreviation-only",
        INFO,
        "Tên chỉ khác ở chữ viết tắt",
        "Name differs only by abbreviations",
        "Phụ lục ghi tên đơn vị bằng chữ viết tắt thông dụng (Sở KH&ĐT, UBND, TP.) hoặc viết "
        "đầy đủ tên mà sổ ghi tắt: cùng một cơ quan; sổ giữ tên đang có, không ghi là đổi tên.",
        "The appendix writes the unit's name with common abbreviations (Sở KH&ĐT, UBND, TP.), "
        "or in full where the registry abbreviates: one body; the registry keeps its name and "
        "records no rename.",
        "Không cần sửa; muốn sổ ghi tên khác, ghi bằng lệnh rename (hoặc Đổi tên trong cửa sổ) "
        "theo quyết định.",
        "Nothing to fix; to give the registry another name, record it with rename (or Rename "
        "in the window) under a decision.",
        scope=APPENDIX,  # judged by the importer, on a listed name
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
        "enterprise.parent-closed",
        WARNING,
        "Doanh nghiệp dưới đơn vị đã đóng",
        "Enterprise under a closed unit",
        "Doanh nghiệp, hợp tác xã hoặc chi nhánh đang hoạt động nằm dưới cơ quan quản lý (hoặc "
        "trụ sở chính) đã đóng mà không có một đơn vị kế thừa: mã số doanh nghiệp vẫn còn hiệu "
        "lực (mã của nó là mã số thuế, không thuộc mã của cơ quan).",
        "An active enterprise, cooperative or branch sits under a managing body (or head "
        "office) closed without a single successor: its tax code stands.",
        'Chuyển doanh nghiệp sang cơ quan quản lý mới, mã không đổi: chọn nó rồi "Chuyển…" '
        "trong cửa sổ, hoặc madinhdanh move MÃ --to CƠ_QUAN --decision SỐ, hoặc nhập phụ lục "
        "của cơ quan đó có ghi doanh nghiệp; nếu doanh nghiệp đã giải thể, đóng mã theo quyết "
        "định.",
        'Attach it to its new managing body, its code unchanged: select it and "Chuyển…" '
        "(Move) in the window, or madinhdanh move CODE --to BODY --decision N, or import that "
        "body's appendix listing it; if it was dissolved, close its code by a decision.",
    ),
    Rule(
        "enterprise.ended-with-parent",
        WARNING,
        "Doanh nghiệp bị đóng theo cơ quan quản lý",
        "Enterprise closed with its managing body",
        "Doanh nghiệp được ghi là đóng theo đơn vị cấp trên (theo cách làm cũ của phần mềm), "
        "nhưng việc sáp nhập, giải thể cơ quan quản lý không chấm dứt doanh nghiệp.",
        "The enterprise was recorded as closed with its parent (the software's former rule), "
        "but a merger or closing of its managing body does not end an enterprise.",
        "Chạy madinhdanh carry-enterprises (xem trước bằng --dry-run): việc đóng được bỏ và "
        "doanh nghiệp chuyển sang đơn vị kế thừa, ghi vào lịch sử; phần mềm không tự sửa.",
        "Run madinhdanh carry-enterprises (preview with --dry-run): the closing is set aside "
        "and the enterprise passes to the successor, in the history; nothing is fixed silently.",
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
        "unit.before-parent",
        ERROR,
        "Đơn vị có trước đơn vị cấp trên",
        "Unit before its parent",
        "Một đơn vị bắt đầu (hoặc được chuyển về) trước ngày đơn vị cấp trên của nó bắt đầu, "
        "hoặc từ ngày đơn vị cấp trên đã đóng. Mã cấp 1 có từ trước QĐ 20/2020/QĐ-TTg theo "
        "QCVN 102:2016/BTTTT nên không giới hạn các quyết định trước năm 2020.",
        "A unit starts (or is moved under its parent) before the parent starts, or on or after "
        "the date the parent closed. Level-1 codes stood before QĐ 20/2020/QĐ-TTg under QCVN "
        "102:2016/BTTTT, so they do not bar decisions before 2020.",
        "Đối chiếu ngày hiệu lực với quyết định; hủy thay đổi nhầm và ghi lại đúng ngày, hoặc "
        "ghi quyết định lập đơn vị cấp trên trước.",
        "Compare the dates with the decision; annul the mistaken change and record it with the "
        "right date, or record the decision that created the parent first.",
    ),
    Rule(
        "decision.before-codes",
        WARNING,
        "Quyết định trước khi có mã định danh",
        "Decision before codes existed",
        "Quyết định có hiệu lực trước năm 2016: trước QCVN 102:2016/BTTTT (Thông tư số "
        "10/2016/TT-BTTTT) chưa có mã định danh của cơ quan, nên một quyết định cấp mã không thể "
        "có ngày đó; thường là gõ nhầm năm.",
        "The decision takes effect before 2016: before QCVN 102:2016/BTTTT (Circular "
        "10/2016/TT-BTTTT) agencies had no such codes, so a decision issuing them cannot bear "
        "that date; most often a mistyped year.",
        "Đối chiếu ngày với văn bản; nếu sai, sửa ngày của quyết định (decision SỐ --set "
        "effective=…) hoặc hủy thay đổi nhầm và ghi lại đúng ngày.",
        "Compare the date with the document; if it is wrong, correct the decision's date or "
        "annul the mistaken change and record it again.",
    ),
    Rule(
        "code.before-qd20-form",
        WARNING,
        "Mã dạng QĐ 20/2020 trong quyết định trước năm 2020",
        "QĐ 20/2020-only code before 2020",
        "Mã của đơn vị không viết được theo QCVN 102 (nhóm có chữ cái hoặc không đúng độ rộng "
        "2-2-3 chữ số) nhưng quyết định ghi nó có hiệu lực trước QĐ 20/2020/QĐ-TTg (15/09/2020): "
        "khi đó chỉ có cách viết của QCVN 102:2016/BTTTT, nên mã hoặc ngày đã bị ghi sai.",
        "The unit's code cannot be written in QCVN 102 (a group with letters or not of the 2-2-3 "
        "digit widths), yet the decision that recorded it takes effect before QĐ 20/2020/QĐ-TTg "
        "(2020-09-15), when QCVN 102:2016's notation was the only one: the code or the date is "
        "wrong.",
        "Đối chiếu mã và ngày với văn bản gốc (mã thời đó có dạng 000.00.00.H49).",
        "Compare the code and the date with the original (codes of that time read 000.00.00.H49).",
    ),
    Rule(
        "decision.pending",
        INFO,
        "Quyết định chưa có hiệu lực",
        "Decision not yet in effect",
        "Sổ có thay đổi theo một quyết định đã ký nhưng chưa đến ngày hiệu lực; danh sách hôm "
        "nay chưa áp dụng các thay đổi đó, chỉ ghi chúng là chờ hiệu lực.",
        "The registry holds changes of a signed decision not yet in effect; today's list does "
        "not apply them yet, it marks them as pending.",
        "Không cần sửa; xem và kiểm tra sổ theo ngày hiệu lực (--as-of) để thấy trạng thái mới.",
        "Nothing to fix; list and validate the registry as of the effective date (--as-of) to "
        "see the state then.",
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

_APPENDIX_RULES = (
    _appendix(
        "import.no-header",
        ERROR,
        ("Không tìm thấy dòng tiêu đề", "No header row"),
        (
            "Không trang nào của tệp có dòng tiêu đề với cột tên và cột mã định danh trong "
            "40 dòng đầu (tệp không được nhập); một trang không có tiêu đề thì được bỏ qua.",
            "No sheet has a header row naming the name and code columns in its first 40 rows "
            "(the file is refused); a sheet without one is skipped.",
        ),
        (
            "Thêm dòng tiêu đề 'STT | Tên cơ quan, đơn vị | Mã định danh' phía trên bảng.",
            "Add a header row 'STT | Tên cơ quan, đơn vị | Mã định danh' above the table.",
        ),
    ),
    _appendix(
        "import.sheet-skipped",
        INFO,
        ("Bỏ qua trang không có tiêu đề", "Sheet without a header skipped"),
        (
            "Một trang của tệp không có dòng tiêu đề (tên, mã định danh) nên không được đọc.",
            "A sheet has no header row (name, code) and is not read.",
        ),
        (
            "Nếu trang đó có danh sách đơn vị, thêm dòng tiêu đề rồi nhập lại.",
            "If the sheet lists units, add a header row and import again.",
        ),
    ),
    _appendix(
        "import.sheet-hidden",
        INFO,
        ("Trang ẩn không được đọc", "Hidden sheet not read"),
        ("Trang đang ẩn trong tệp nên không được đọc.", "A hidden sheet is not read."),
        ("Chọn trang bằng --sheet nếu cần đọc.", "Select the sheet with --sheet to read it."),
    ),
    _appendix(
        "import.row-without-code",
        WARNING,
        ("Dòng có tên nhưng không có mã", "Row without a code"),
        (
            "Dòng có số thứ tự và tên nhưng không có mã định danh; được coi là dòng tiêu đề nhóm "
            "và bỏ qua.",
            "A row has a number and a name but no code; taken as a group heading and skipped.",
        ),
        (
            "Nếu đây là một đơn vị, ghi mã định danh của nó vào bảng tính.",
            "If it is a unit, write its code in the workbook.",
        ),
    ),
    _appendix(
        "import.legacy-text",
        WARNING,
        ("Chữ bảng mã cũ đã chuyển sang Unicode", "Legacy text converted"),
        (
            "Ô được gõ bằng bảng mã cũ TCVN3 (ABC) hoặc VNI và đã được chuyển sang Unicode; chỉ "
            "chuyển khi cả cột (hoặc chính ô đó) cho thấy rõ là bảng mã cũ, không bao giờ chuyển "
            "ô đã là chữ Unicode tiếng Việt.",
            "The cell was typed in TCVN3 (ABC) or VNI and was converted to Unicode; only on the "
            "evidence of its column (or of the cell itself), never a cell that is already "
            "Unicode Vietnamese.",
        ),
        (
            "Kiểm tra tên sau khi chuyển, nhất là chữ hoa có dấu (TCVN3 không có chữ hoa có dấu).",
            "Check the converted names, accented capitals above all (TCVN3 has none).",
        ),
    ),
    _appendix(
        "import.lookalike",
        WARNING,
        ("Chữ trông giống đã được thay", "Look-alike letter replaced"),
        (
            "Ô có chữ trông giống chữ tiếng Việt nhưng là chữ khác (Ð U+00D0 thay cho Đ U+0110); "
            "đã thay bằng chữ tiếng Việt.",
            "The cell holds a letter that looks Vietnamese but is not (Ð U+00D0 for Đ U+0110); "
            "it was replaced by the Vietnamese letter.",
        ),
        (
            "Sửa bảng tính gốc để lần sau không phải thay.",
            "Correct the source workbook so that the next list needs no repair.",
        ),
    ),
    _appendix(
        "import.decision-number-repaired",
        WARNING,
        ("Số quyết định đã được sửa", "Decision number repaired"),
        (
            "Số quyết định (trên dòng Kèm theo của phụ lục, hoặc do người dùng gõ) có chữ trông "
            "giống (Ð U+00D0 thay cho Đ), ký tự vô hình hoặc khoảng trắng đặc biệt; đã sửa, để "
            "cùng một quyết định không được ghi hai lần dưới hai số trông như nhau.",
            "The decision number (on the appendix's Kèm theo line, or typed) held a look-alike "
            "letter (Ð U+00D0 for Đ), invisible characters or special spaces; repaired, so that "
            "one decision is not recorded twice under two numbers that look the same.",
        ),
        (
            "Đối chiếu số với quyết định đã ký; sửa bảng tính gốc.",
            "Compare the number with the signed decision; correct the source workbook.",
        ),
    ),
    _appendix(
        "import.invisible-chars",
        WARNING,
        ("Đã xóa ký tự vô hình", "Invisible characters removed"),
        (
            "Tên có ký tự vô hình (khoảng trắng độ rộng 0, dấu gạch nối mềm, BOM) lẫn vào khi sao "
            "chép; đã xóa khi nhập.",
            "The name held invisible characters (zero-width space, soft hyphen, BOM) from "
            "copy-and-paste; removed on import.",
        ),
        ("Không cần sửa; tên trong sổ đã sạch.", "Nothing to fix; the registry's name is clean."),
    ),
    _appendix(
        "import.whitespace",
        WARNING,
        ("Đã làm gọn khoảng trắng", "Whitespace tidied"),
        (
            "Tên có khoảng trắng thừa hoặc đặc biệt (không ngắt dòng, tab, xuống dòng); đã làm gọn "
            "khi nhập.",
            "The name had stray or special whitespace (no-break, tab, line break); tidied on "
            "import.",
        ),
        ("Không cần sửa; tên trong sổ đã sạch.", "Nothing to fix; the registry's name is clean."),
    ),
    _appendix(
        "import.not-nfc",
        WARNING,
        ("Đã chuẩn hóa Unicode (NFC)", "Normalised to NFC"),
        (
            "Tên dùng dấu tổ hợp (NFD); đã chuẩn hóa về dạng dựng sẵn (NFC) khi nhập.",
            "The name used combining marks (NFD); normalised to NFC on import.",
        ),
        ("Không cần sửa; tên trong sổ đã sạch.", "Nothing to fix; the registry's name is clean."),
    ),
    _appendix(
        "import.code-normalized",
        WARNING,
        ("Mã đã được chuẩn hóa", "Code normalised"),
        (
            "Mã được viết có khoảng trắng hoặc chữ thường; đã bỏ khoảng trắng và viết hoa.",
            "The code was written with spaces or lower case; spaces removed, upper-cased.",
        ),
        ("Sửa bảng tính gốc nếu cần.", "Correct the source workbook if needed."),
    ),
    _appendix(
        "import.code-text-prefix",
        INFO,
        ("Đã bỏ dấu nháy ' đầu ô mã", "Leading ' dropped from a code"),
        (
            "Ô mã bắt đầu bằng dấu nháy ' (dấu báo 'văn bản' của Excel, gõ thành chữ hoặc dán "
            "từ tệp CSV); dấu nháy không phải là một phần của mã và đã được bỏ. Ô được Excel "
            "đánh dấu văn bản thật thì không mang dấu nháy này.",
            "The code cell starts with ' (Excel's text marker, typed as a character or pasted "
            "from a CSV file); it is no part of the code and was dropped. A cell Excel itself "
            "marks as text carries no such character.",
        ),
        ("Không cần sửa.", "Nothing to fix."),
    ),
    _appendix(
        "import.old-code-column",
        INFO,
        ("Cột mã cũ và cột mã mới", "Old and new code columns"),
        (
            "Phụ lục có cột mã cũ và cột mã mới (danh sách đổi mã): mã của đơn vị là mã ở cột "
            "mới; đơn vị đổi mã được nhận ra theo tên dưới cùng đơn vị cấp trên.",
            "The appendix has an old and a new code column (a list that changes codes): a "
            "unit's code is the new one; a recoded unit is recognised by its name under the "
            "same parent.",
        ),
        (
            "Kiểm tra các dòng Đổi mã trong danh sách thay đổi.",
            "Check the Recoded lines of the changeset.",
        ),
    ),
    _appendix(
        "import.code-lookalike",
        WARNING,
        ("Ký tự trông giống trong mã đã được thay", "Look-alike characters in a code replaced"),
        (
            "Mã có ký tự trông giống (chữ Kirin hoặc Hy Lạp, chữ toàn độ rộng, chữ O thay số 0, "
            "chữ I hoặc l thay số 1) hoặc dấu phân cách gõ nhầm (dấu phẩy, gạch ngang, dấu chấm "
            "thừa), hoặc dấu nháy bao quanh (dấu ' của Excel gõ thành chữ, ngoặc kép) và chỉ "
            "hợp lệ sau khi sửa; đã sửa. Mã sai khác (thiếu chữ số...) không bao giờ được đoán.",
            "The code held look-alike characters (Cyrillic or Greek letters, full-width forms, "
            "letter O for 0, I or l for 1), mistyped separators (a comma, a dash, a stray "
            "dot) or surrounding quotes (Excel's ' typed literally, quotation marks) and is "
            "valid only once they are repaired; repaired. Other faults (a missing digit...) "
            "are never guessed.",
        ),
        (
            "Đối chiếu mã với quyết định; sửa bảng tính gốc.",
            "Compare the code with the decision; correct the source workbook.",
        ),
    ),
    _appendix(
        "import.code-leading-zero",
        WARNING,
        ("Đã thêm lại số 0 đầu mã số doanh nghiệp", "Leading zero restored"),
        (
            "Mã số doanh nghiệp lưu dạng số trong Excel bị mất số 0 ở đầu; đã thêm lại.",
            "An enterprise code stored as a number lost its leading zero; restored.",
        ),
        (
            "Định dạng cột mã là Văn bản (Text) trong Excel.",
            "Format the code column as Text in Excel.",
        ),
    ),
    _appendix(
        "import.cell-error",
        ERROR,
        ("Ô mã chứa lỗi công thức", "Code cell holds a formula error"),
        (
            "Ô mã định danh của một dòng có tên chứa lỗi công thức Excel (#N/A, #REF!, #VALUE!...) "
            "hoặc một công thức chưa có giá trị lưu: không đọc được mã, dòng không được bỏ qua "
            "mà chặn việc nhập.",
            "The code cell of a named row holds an Excel error (#N/A, #REF!, #VALUE!...) or a "
            "formula without a saved value: the code cannot be read, and the row blocks the "
            "import instead of being skipped.",
        ),
        (
            "Mở bảng tính trong Excel, sửa công thức (hoặc dán giá trị: Paste Special → Values) "
            "rồi lưu và nhập lại.",
            "Fix the formula in Excel (or paste the values: Paste Special → Values), save and "
            "import again.",
        ),
    ),
    _appendix(
        "import.code-number",
        INFO,
        ("Mã lưu dạng số", "Code stored as a number"),
        (
            "Mã được lưu dạng số trong bảng tính; đọc như văn bản.",
            "The code was stored as a number; read as text.",
        ),
        (
            "Định dạng cột mã là Văn bản (Text) trong Excel.",
            "Format the code column as Text in Excel.",
        ),
    ),
    _appendix(
        "import.code-columns-differ",
        WARNING,
        ("Hai cột mã khác nhau", "Code columns differ"),
        (
            "Bảng có hai cột mã (hai cách viết) nhưng một dòng ghi hai mã khác nhau; dùng mã ở "
            "cột chính.",
            "The table has two code columns (two notations) that name different codes on a "
            "row; the main column's code is used.",
        ),
        ("Sửa cột sai trong bảng tính.", "Correct the wrong column."),
    ),
    _appendix(
        "import.level-column",
        WARNING,
        ("Cột Cấp khác cấp của mã", "Level column disagrees"),
        (
            "Cột Cấp ghi một cấp khác với cấp của mã định danh; dùng cấp của mã.",
            "The level column names another level than the code's; the code's level is used.",
        ),
        ("Sửa cột Cấp hoặc mã.", "Correct the level column or the code."),
    ),
    _appendix(
        "import.level1-name-differs",
        WARNING,
        ("Tên cơ quan cấp 1 trong phụ lục khác sổ", "Level-1 name differs"),
        (
            "Phụ lục có dòng của chính cơ quan cấp 1 với tên khác tên trong sổ (không kể cách "
            "viết tắt UBND, HĐND, TP., chữ hoa, dấu thanh, 'tỉnh'/'thành phố' trước tên địa "
            "phương); tên cơ quan cấp 1 chỉ đổi theo quyết định của cơ quan cấp mã cấp 1, nên "
            "tên trong sổ được giữ.",
            "The appendix has a row for the level-1 body itself, named otherwise than the "
            "registry (abbreviations such as UBND, HĐND, TP., case, tone marks and 'tỉnh'/'thành "
            "phố' before the place aside); a level-1 name changes only by a decision of the body "
            "that issues level-1 codes, so the registry's name is kept.",
        ),
        (
            "Kiểm tra dòng cấp 1 có đúng cơ quan không; nếu tên đã thực sự đổi, ghi nhận quyết "
            "định đổi tên và đổi tên trong phần mềm.",
            "Check that the level-1 row names the right body; if the name did change, record "
            "that decision and rename the unit explicitly.",
        ),
    ),
    _appendix(
        "import.level1-new",
        WARNING,
        ("Thêm mã cấp 1 mới từ phụ lục", "New level-1 code from an appendix"),
        (
            "Phụ lục cấp một mã cấp 1 chưa có trong sổ, thuộc nhóm mà QĐ 20/2020 chỉ cho theo "
            "khoảng (A: cơ quan của Đảng, C: cơ quan của Quốc hội) hoặc có trong danh mục; đơn vị "
            "cấp 1 được thêm.",
            "The appendix gives a level-1 code the registry does not have, of a group QĐ "
            "20/2020 gives as a range (A: Party bodies, C: National Assembly bodies) or of the "
            "published list; the level-1 unit is added.",
        ),
        (
            "Kiểm tra mã và tên cơ quan cấp 1 với văn bản cấp mã.",
            "Check the level-1 code and name against the document that issues it.",
        ),
    ),
    _appendix(
        "import.enterprise-parent",
        INFO,
        ("Doanh nghiệp gắn vào cơ quan chủ quản", "Enterprise attached to its body"),
        (
            "Doanh nghiệp hoặc tổ chức khác (mã số doanh nghiệp, mã Z) ghi trong phụ lục của một "
            "cơ quan được gắn dưới cơ quan đó (cơ quan cấp 1 của phụ lục, hoặc đơn vị của mục "
            "ghi nó).",
            "An enterprise or other organisation (tax code, Z code) listed in a body's appendix "
            "is attached under that body (the appendix's level-1 body, or the unit of the "
            "section listing it).",
        ),
        ("Không cần sửa.", "Nothing to fix."),
    ),
    _appendix(
        "import.draft-decision",
        WARNING,
        ("Phụ lục của dự thảo", "Appendix of a draft"),
        (
            "Dòng 'Kèm theo Quyết định số ...' để trống số (dấu chấm): đây là dự thảo, chưa phải "
            "quyết định đã ký.",
            "The 'Kèm theo Quyết định số ...' line leaves the number blank (dots): a draft, not "
            "a signed decision.",
        ),
        (
            "Chỉ nhập phụ lục của quyết định đã ký; chạy thử thì được.",
            "Import only the appendix of a signed decision; a dry run is fine.",
        ),
    ),
    _appendix(
        "import.level1-outlier",
        WARNING,
        ("Mã thuộc cơ quan cấp 1 khác", "Code under another level-1 body"),
        (
            "Một dòng mang mã thuộc cơ quan cấp 1 khác với gần hết các dòng còn lại của phụ lục "
            "(H48 giữa các mã H49): thường là gõ nhầm, sẽ cấp mã vào cây của cơ quan khác.",
            "A row's code is under another level-1 body than nearly all the other rows (H48 "
            "among H49 codes): most often a typo, issuing a code in another body's tree.",
        ),
        (
            "Kiểm tra lại mã trên phụ lục; nếu đúng thì không cần sửa.",
            "Check the code against the signed appendix; if it is right, nothing to fix.",
        ),
    ),
    _appendix(
        "import.no-decision",
        WARNING,
        ("Phụ lục không ghi số quyết định", "Appendix names no decision"),
        (
            "Phụ lục không có dòng 'Kèm theo Quyết định số ...' đọc được: chạy thử thì được, "
            "nhập thật thì cần biết quyết định.",
            "The appendix has no readable 'Kèm theo Quyết định số ...' line: fine for a dry "
            "run, a real import needs the decision.",
        ),
        (
            "Khi nhập thật, ghi --decision SỐ (và --signed hoặc --effective).",
            "To import, give --decision NUMBER (and --signed or --effective).",
        ),
    ),
    _appendix(
        "import.no-date-level1-closed",
        ERROR,
        (
            "Chưa biết ngày hiệu lực, mã cấp 1 đã đóng hôm nay",
            "Effective date unknown, level-1 code closed today",
        ),
        (
            "Phụ lục không cho biết ngày hiệu lực của quyết định (dòng Kèm theo không đọc được "
            "hoặc không ghi ngày), nên dòng được đối chiếu với sổ hôm nay, khi mã cấp 1 của nó "
            "đã đóng (ví dụ một tỉnh đã sáp nhập năm 2025). Nguyên nhân là thiếu ngày, không "
            "phải mã sai.",
            "The appendix does not give the decision's effective date (its Kèm theo line cannot "
            "be read, or gives no date), so the row is compared with today's registry, where "
            "its level-1 code is closed (a province merged in 2025, say). The cause is the "
            "missing date, not a wrong code.",
        ),
        (
            "Ghi ngày hiệu lực của quyết định: --effective NN/TT/NNNN (dòng lệnh) hoặc ô Ngày có "
            "hiệu lực (cửa sổ).",
            "Give the decision's effective date: --effective DD/MM/YYYY (command line) or the "
            "effective date field (window).",
        ),
    ),
    _appendix(
        "import.no-effective",
        WARNING,
        ("Chưa biết ngày hiệu lực", "Effective date unknown"),
        (
            "Không biết ngày hiệu lực của quyết định (phụ lục không ghi ngày, hoặc ghi một ngày "
            "không có thật): chạy thử đối chiếu với sổ hôm nay.",
            "The decision's effective date is unknown (no date, or a date that does not exist): "
            "the dry run compares with today's registry.",
        ),
        (
            "Khi nhập thật, ghi --effective NN/TT/NNNN (hoặc --signed).",
            "To import, give --effective DD/MM/YYYY (or --signed).",
        ),
    ),
    _appendix(
        "import.decision-differs",
        WARNING,
        ("Quyết định trong phụ lục khác sổ", "Decision differs from the registry"),
        (
            "Phụ lục ghi số hoặc ngày quyết định khác với quyết định cùng số trong sổ; dùng thông "
            "tin trong sổ.",
            "The appendix dates a decision otherwise than the registry; the registry's is used.",
        ),
        (
            "Kiểm tra lại số và ngày của quyết định trên phụ lục.",
            "Check the decision's number and date on the appendix.",
        ),
    ),
    _appendix(
        "import.later-change",
        ERROR,
        ("Đơn vị đã thay đổi sau ngày hiệu lực", "Unit changed after the effective date"),
        (
            "Dòng thay đổi một đơn vị đã có thay đổi hiệu lực sau ngày hiệu lực của quyết định; "
            "thay đổi của một đơn vị phải theo thứ tự thời gian.",
            "The row changes a unit that has changes effective after the decision's date; a "
            "unit's changes must be in order.",
        ),
        (
            "Kiểm tra ngày hiệu lực của quyết định; nhập các quyết định theo thứ tự thời gian.",
            "Check the decision's effective date; import decisions in date order.",
        ),
    ),
    _appendix(
        "import.earlier-basis",
        INFO,
        ("Căn cứ cấp mã trước", "Earlier basis of a code"),
        (
            "Dòng ghi một mã mà sổ đã có cho cùng cơ quan từ một văn bản sau: quyết định cũ này "
            "là căn cứ trước của mã; đơn vị được ghi là có từ ngày hiệu lực của nó, với tên khi "
            "đó.",
            "The row lists a code the registry holds for the same body from a later act: this "
            "older decision is the code's earlier basis; the unit starts on its date, with the "
            "name it then had.",
        ),
        (
            "Không cần sửa: các quyết định được nhập không theo thứ tự thời gian.",
            "Nothing to fix: the decisions were entered out of date order.",
        ),
    ),
    _appendix(
        "import.missing-later",
        WARNING,
        ("Đơn vị không có trong văn bản sau", "Unit missing from a later act"),
        (
            "Phụ lục cũ thêm một đơn vị dưới đơn vị cấp trên mà một văn bản sau (đã có trong sổ) "
            "ghi lại các đơn vị cấp dưới mà không có nó; đơn vị vẫn được ghi là đang hoạt động.",
            "The older appendix adds a unit under a parent whose units a later act (in the "
            "registry) lists again without it; the unit stays recorded as active.",
        ),
        (
            "Nếu đơn vị đã giải thể, sáp nhập hay đổi mã trước văn bản sau, hãy nhập quyết định "
            "đó; sổ không tự đóng mã khi không có văn bản.",
            "If the unit closed, merged or was recoded before the later act, record that act; "
            "the registry closes no code without one.",
        ),
    ),
    _appendix(
        "import.not-validated",
        INFO,
        ("Chưa kiểm tra sổ sau khi nhập", "Would-be registry not validated"),
        (
            "Sổ đang mở chỉ để đọc: đã đối chiếu phụ lục nhưng chưa kiểm tra sổ sau khi nhập.",
            "The registry is read-only: the appendix was reconciled, the would-be registry not "
            "validated.",
        ),
        ("Mở sổ để ghi rồi chạy thử lại.", "Open the registry for writing and run again."),
    ),
)

RULES: dict[str, Rule] = {rule.id: rule for rule in (*_RULES, *_APPENDIX_RULES)}
# The precise problems of a code's grammar (``check-code --json`` lists them by these ids) and
# the rule each falls under: rule id, title (vi, en).
PROBLEMS: dict[str, tuple[str, str, str]] = {
    "code.empty": ("code.syntax", "Mã trống", "Empty code"),
    "code.spaces": ("code.syntax", "Khoảng trắng trong mã", "Spaces in the code"),
    "code.lowercase": ("code.syntax", "Chữ thường trong mã", "Lower case in the code"),
    "code.alphabet": ("code.syntax", "Ký tự không được phép", "Characters not allowed"),
    "code.empty-group": ("code.syntax", "Dấu chấm thừa", "Stray dot"),
    "code.shape": ("code.syntax", "Không nhận ra cấu trúc", "Unrecognised structure"),
    "code.level1": ("code.syntax", "Mã cấp 1 sai dạng", "Malformed level-1 code"),
    "code.zero-group": ("code.syntax", "Nhóm toàn số 0", "All-zero group"),
    "code.qcvn-groups": ("code.syntax", "Sai số nhóm QCVN 102", "Wrong QCVN 102 group count"),
    "code.qcvn-width": ("code.syntax", "Sai độ rộng nhóm QCVN 102", "Wrong QCVN 102 width"),
    "code.level-gap": ("code.syntax", "Cấp dưới dưới cấp chưa dùng", "Level under an unused one"),
    "code.invalid": ("code.syntax", "Mã không hợp lệ", "Invalid code"),
    "enterprise.length": ("code.syntax", "Sai độ dài mã số doanh nghiệp", "Wrong tax-code length"),
    "enterprise.branch": ("code.syntax", "Mã đơn vị phụ thuộc 000", "Branch suffix 000"),
    "enterprise.invalid": ("code.syntax", "Mã số doanh nghiệp sai", "Invalid tax code"),
    "enterprise.checksum": (
        "code.enterprise-checksum",
        "Sai chữ số kiểm tra",
        "Wrong check digit",
    ),
    "scheme.prefix": ("code.syntax", "Sai mã hệ thống Z01-Z99", "Wrong scheme number"),
    "scheme.empty": ("code.syntax", "Thiếu mã tổ chức", "Missing organisation code"),
    "scheme.too-long": ("code.syntax", "Mã tổ chức quá dài", "Organisation code too long"),
    "code.too-long": ("code.too-long", "Mã quá dài", "Code too long"),
}
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
        "Quy tắc phạm vi *phụ lục* (`import.*`) chỉ có ở phụ lục (dòng tiêu đề, ô mà trình nhập "
        "đã sửa...). Lỗi ở từng dòng phụ lục dùng cùng mã quy tắc với sổ, kèm trang, dòng và ô.",
        "",
        "Rules of scope *appendix* (`import.*`) are what only an appendix can have (a header, a "
        "cell the reader repaired...). Row-level problems of an appendix use the registry's rule "
        "ids, with the sheet, row and cell added.",
        "",
        "| id | mức độ / severity | phạm vi / scope | quy tắc / rule | hướng xử lý / hint |",
        "| --- | --- | --- | --- | --- |",
    ]
    for rule in RULES.values():
        severity = f"{SEVERITY_LABELS[rule.severity]} / {rule.severity}"
        what = f"**{rule.title_vi}** — {rule.message_vi}<br>*{rule.title_en}: {rule.message_en}*"
        problems = [f"`{pid}` {vi}" for pid, (r, vi, _) in PROBLEMS.items() if r == rule.id]
        if problems:
            what += "<br>Chi tiết / problems: " + "; ".join(problems)
        hint = f"{rule.hint_vi}<br>*{rule.hint_en}*"
        scope = SCOPE_LABELS[rule.scope]
        lines.append(f"| `{rule.id}` | {severity} | {scope} | {_cell(what)} | {_cell(hint)} |")
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")
