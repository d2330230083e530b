"""The forms of every change: add, rename, details, recode, move, close, reopen, merge, split,
annul. Each one checks as the clerk types (the code grammar, codes used before, the validator's
findings on a dry run of the change), names the decision the change is made under, and hands
the change to the session, which runs it in one transaction and puts it on the undo stack.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.codes import AGENCY, Code, check_code
from desktop.domain.eras import outlives_parent
from desktop.domain.errors import KnownError
from desktop.domain.history import CLOSE, MERGE, RECODE, RENAME, REOPEN, SPLIT, Event
from desktop.domain.text import clean_name
from desktop.domain.units import ACTIVE, DRAFT, NewUnit, Unit
from desktop.store.browse import suggest_codes
from desktop.store.ops import Change, Recode
from desktop.store.registry import Registry
from desktop.ui import validation
from desktop.ui.decision_form import DecisionPicker
from desktop.ui.i18n import (
    ENGLISH,
    event_label,
    language,
    list_heading,
    message,
    show_date,
    tr,
)
from desktop.ui.panels import describe_event

if TYPE_CHECKING:
    from desktop.ui.session import Session

Operation = Callable[[Registry, int], Change]
ERROR, WARNING, INFO = "error", "warning", "info"


def problem_text(p: Any) -> str:
    return p.en if language() == ENGLISH else p.vi


class _Rollback(Exception):
    """Raised to undo a dry run."""


# -- the common frame -----------------------------------------------------------------------------


class OperationDialog(QDialog):
    """A form for one change: fields, the decision, findings as you type, OK and Cancel."""

    uses_decision = True

    def __init__(self, session: Session, title: str, ok_text: str) -> None:
        super().__init__(session.window)
        self.session = session
        assert session.reg is not None
        self.reg: Registry = session.reg
        self.notation = self.reg.notation
        self.setWindowTitle(title)
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.intro.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.intro)
        self.form = QFormLayout()
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        layout.addLayout(self.form)
        self.extra = QVBoxLayout()
        layout.addLayout(self.extra)
        self.decision = DecisionPicker(session)
        self.decision.setVisible(self.uses_decision)
        layout.addWidget(self.decision)
        self.findings = QLabel()
        self.findings.setWordWrap(True)
        self.findings.setTextFormat(Qt.TextFormat.RichText)
        self.findings.setMinimumHeight(24)
        layout.addWidget(self.findings)
        buttons = QDialogButtonBox()
        self.ok = buttons.addButton(ok_text, QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel = buttons.addButton(tr("Hủy"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self.revalidate)
        self.decision.changed.connect(self.schedule_check)
        self.current: list[tuple[str, str]] = []
        self.error: str | None = None

    # -- to override ------------------------------------------------------------------------------

    def problems(self) -> list[tuple[str, str]]:
        """Fast checks of the fields: (severity, text)."""
        return []

    def operation(self) -> tuple[str, Operation]:
        """The undo text and the operation, built from the fields."""
        raise NotImplementedError

    # -- checking ---------------------------------------------------------------------------------

    def watch(self, *widgets: QWidget) -> None:
        for w in widgets:
            if isinstance(w, QLineEdit):
                w.textChanged.connect(self.schedule_check)
            elif isinstance(w, QCheckBox):
                w.toggled.connect(self.schedule_check)
            elif isinstance(w, QTableWidget):
                w.itemChanged.connect(self.schedule_check)

    def schedule_check(self) -> None:
        self.error = None
        self._timer.start()

    def revalidate(self) -> list[tuple[str, str]]:
        self._timer.stop()
        found = self.problems()
        if self.uses_decision:
            found += self.decision.problems()
        if not any(s == ERROR for s, _ in found):
            found += self.dry_run()
        if self.error:
            found.insert(0, (ERROR, self.error))
        self.current = found
        self._render(found)
        self.ok.setEnabled(not any(s == ERROR for s, _ in found if s))
        return found

    def dry_run(self) -> list[tuple[str, str]]:
        """The change applied and rolled back, to show the validator's findings and the
        registry's own refusals before the clerk commits to anything."""
        try:
            _text, op = self.operation()
        except KnownError as exc:
            return [(ERROR, message(exc))]
        found: list[tuple[str, str]] = []
        try:
            with self.reg.write():
                did = self.decision.resolve(self.reg) if self.uses_decision else 0
                change = op(self.reg, did)
                found = validation.findings_for(self.reg, change)
                raise _Rollback
        except _Rollback:
            pass
        except KnownError as exc:
            found = [(ERROR, message(exc))]
        return found

    def _render(self, found: list[tuple[str, str]]) -> None:
        colours = {ERROR: "#b03a2e", WARNING: "#9a6700", INFO: "#1f618d"}
        marks = {ERROR: "✖", WARNING: "⚠", INFO: "ℹ"}
        lines = [
            f'<span style="color:{colours[s]}">{marks[s]} {html.escape(t)}</span>' for s, t in found
        ]
        self.findings.setText("<br>".join(lines))

    def findings_text(self) -> str:
        return "\n".join(t for _s, t in self.current)

    # -- committing -------------------------------------------------------------------------------

    def accept(self) -> None:
        found = self.revalidate()
        if any(s == ERROR for s, _ in found):
            return
        try:
            text, op = self.operation()
            self.session.perform(text, op, self.decision if self.uses_decision else None)
        except KnownError as exc:
            self.error = message(exc)
            self.revalidate()
            return
        super().accept()

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        QTimer.singleShot(0, self.revalidate)

    # -- helpers ----------------------------------------------------------------------------------

    def shown(self, unit: Unit) -> str:
        return unit.display_code(self.notation)

    def unit_line(self, unit: Unit) -> str:
        return f"<b>{html.escape(self.shown(unit))}</b> {html.escape(unit.name)}"

    def code_problems(self, text: str, parent: Code | None, own_id: int | None = None) -> list:
        """The grammar's reasons, then the registry's: the right parent, never used before."""
        text = text.strip()
        if not text:
            return [(ERROR, tr("Nhập mã định danh."))]
        check = check_code(text)
        if not check.valid or check.code is None:
            return [(ERROR, problem_text(p)) for p in check.errors[:2]] or [
                (ERROR, tr("Mã không hợp lệ."))
            ]
        code = check.code
        found: list[tuple[str, str]] = []
        if code.kind != AGENCY or (code.parent.canonical if code.parent else None) != (
            parent.canonical if parent else None
        ):
            wanted = parent.format(self.notation) if parent else ""
            found.append(
                (ERROR, tr("Mã phải là mã cấp dưới trực tiếp của {p}.").replace("{p}", wanted))
            )
            return found
        owner = self.reg.code_owner(code.canonical)
        if owner is not None and owner != own_id:
            holder = self.reg.unit(owner)
            found.append(
                (
                    ERROR,
                    tr(
                        "Mã {c} đã từng được cấp cho đơn vị «{n}»; "
                        "mã định danh không bao giờ được cấp lại."
                    )
                    .replace("{c}", code.format(self.notation))
                    .replace("{n}", holder.name),
                )
            )
        other = code.qd20 if check.notation == "qcvn102" else code.qcvn102
        if other and not found:
            found.append((INFO, tr("Cùng mã theo cách viết kia:") + f" {other}"))
        return found

    def find_unit(self, text: str) -> Unit | None:
        try:
            return self.reg.find(text)
        except KnownError:
            return None


def plan_table(parent: QWidget | None = None) -> QTableWidget:
    table = QTableWidget(0, 3, parent)
    table.setHorizontalHeaderLabels([tr("Mã hiện tại"), tr("Mã mới"), tr("Tên đơn vị")])
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setStretchLastSection(True)
    table.setColumnWidth(0, 120)
    table.setColumnWidth(1, 120)
    table.setMinimumHeight(140)
    return table


def fill_plan(table: QTableWidget, plan: list[Recode], notation: str) -> None:
    table.setRowCount(len(plan))
    for r, line in enumerate(plan):
        values = [
            line.unit.display_code(notation),
            line.new_code.format(notation),
            line.unit.name,
        ]
        for c, v in enumerate(values):
            table.setItem(r, c, QTableWidgetItem(v))


# -- the operations -------------------------------------------------------------------------------


class AddChildDialog(OperationDialog):
    def __init__(self, session: Session, parent_unit: Unit) -> None:
        super().__init__(session, tr("Thêm đơn vị cấp dưới"), tr("Thêm"))
        self.parent_unit = parent_unit
        self.intro.setText(tr("Đơn vị cấp trên:") + " " + self.unit_line(parent_unit))
        suggested = self.reg.suggest_code(parent_unit.id)
        self.code = QLineEdit(suggested.format(self.notation) if suggested else "")
        self.code.setToolTip(
            tr("Mã tiếp theo chưa từng được cấp; có thể nhập theo QCVN 102 hoặc QĐ 20.")
        )
        self.name = QLineEdit()
        self.short_name = QLineEdit()
        self.address = QLineEdit()
        self.email = QLineEdit()
        self.phone = QLineEdit()
        self.website = QLineEdit()
        self.note = QLineEdit()
        self.draft = QCheckBox(tr("Dự thảo (chưa chính thức)"))
        self.form.addRow(tr("Mã định danh:"), self.code)
        self.form.addRow(tr("Tên cơ quan, đơn vị:"), self.name)
        self.form.addRow(tr("Tên viết tắt:"), self.short_name)
        self.form.addRow(tr("Địa chỉ:"), self.address)
        self.form.addRow(tr("Thư điện tử:"), self.email)
        self.form.addRow(tr("Điện thoại:"), self.phone)
        self.form.addRow(tr("Trang thông tin:"), self.website)
        self.form.addRow(tr("Ghi chú:"), self.note)
        self.form.addRow("", self.draft)
        self.watch(self.code, self.name, self.email, self.draft)
        self.name.setFocus()

    def problems(self) -> list[tuple[str, str]]:
        found = self.code_problems(self.code.text(), self.parent_unit.parsed)
        if not clean_name(self.name.text()):
            found.append((ERROR, tr("Nhập tên cơ quan, đơn vị.")))
        else:
            found += validation.name_findings(self.name.text())
        return found

    def operation(self) -> tuple[str, Operation]:
        spec = NewUnit(
            code=self.code.text().strip(),
            name=self.name.text(),
            short_name=self.short_name.text() or None,
            address=self.address.text() or None,
            email=self.email.text() or None,
            phone=self.phone.text() or None,
            website=self.website.text() or None,
            note=self.note.text() or None,
            status=DRAFT if self.draft.isChecked() else ACTIVE,
        )
        code = check_code(spec.code).code
        shown = code.format(self.notation) if code else spec.code
        return tr("Thêm đơn vị") + f" {shown}", lambda reg, did: reg.create_units([spec], did)


class RenameDialog(OperationDialog):
    def __init__(self, session: Session, unit: Unit) -> None:
        super().__init__(session, tr("Đổi tên đơn vị"), event_label(RENAME))
        self.unit = unit
        self.intro.setText(self.unit_line(unit))
        self.name = QLineEdit(unit.name)
        self.short_name = QLineEdit(unit.short_name or "")
        self.form.addRow(tr("Tên mới:"), self.name)
        self.form.addRow(tr("Tên viết tắt:"), self.short_name)
        self.watch(self.name, self.short_name)
        self.name.selectAll()
        self.name.setFocus()

    def problems(self) -> list[tuple[str, str]]:
        name = clean_name(self.name.text())
        if not name:
            return [(ERROR, tr("Nhập tên mới."))]
        short = clean_name(self.short_name.text()) or None
        if name == self.unit.name and short == (self.unit.short_name or None):
            return [(ERROR, tr("Tên mới giống tên hiện tại."))]
        return validation.name_findings(self.name.text())

    def operation(self) -> tuple[str, Operation]:
        uid = self.unit.id
        name = self.name.text()
        short = clean_name(self.short_name.text())
        short_arg = short if short != (self.unit.short_name or "") else None
        w = self.session
        return (
            event_label(RENAME) + f" {self.shown(self.unit)}",
            lambda reg, did: reg.rename(w.resolve(uid), name, did, short_name=short_arg),
        )


class DetailsDialog(OperationDialog):
    FIELDS = ("short_name", "address", "email", "phone", "fax", "website", "note")

    def __init__(self, session: Session, unit: Unit) -> None:
        super().__init__(session, tr("Sửa thông tin đơn vị"), tr("Lưu"))
        self.unit = unit
        self.intro.setText(self.unit_line(unit))
        captions = {
            "short_name": tr("Tên viết tắt:"),
            "address": tr("Địa chỉ:"),
            "email": tr("Thư điện tử:"),
            "phone": tr("Điện thoại:"),
            "fax": tr("Fax:"),
            "website": tr("Trang thông tin:"),
            "note": tr("Ghi chú:"),
        }
        self.edits: dict[str, QLineEdit] = {}
        for key in self.FIELDS:
            edit = QLineEdit(getattr(unit, key) or "")
            self.form.addRow(captions[key], edit)
            self.edits[key] = edit
            self.watch(edit)

    def changes(self) -> dict[str, str | None]:
        out: dict[str, str | None] = {}
        for key, edit in self.edits.items():
            value = clean_name(edit.text()) or None
            if value != (getattr(self.unit, key) or None):
                out[key] = value
        return out

    def problems(self) -> list[tuple[str, str]]:
        if not self.changes():
            return [(ERROR, tr("Chưa có thông tin nào thay đổi."))]
        email = clean_name(self.edits["email"].text())
        if email and "@" not in email:
            return [(WARNING, tr("Thư điện tử có vẻ không đúng dạng (thiếu @)."))]
        return []

    def operation(self) -> tuple[str, Operation]:
        uid = self.unit.id
        values = self.changes()
        w = self.session
        return (
            tr("Sửa thông tin") + f" {self.shown(self.unit)}",
            lambda reg, did: reg.update_details(w.resolve(uid), values, did),
        )


class RecodeDialog(OperationDialog):
    def __init__(self, session: Session, unit: Unit) -> None:
        super().__init__(session, tr("Đổi mã định danh"), event_label(RECODE))
        self.unit = unit
        self.intro.setText(
            self.unit_line(unit)
            + "<br>"
            + tr(
                "Các đơn vị cấp dưới đang hoạt động đổi mã theo; mã cũ không bao giờ được cấp lại."
            )
        )
        self.code = QLineEdit(self.shown(unit))
        self.form.addRow(tr("Mã mới:"), self.code)
        self.plan = plan_table()
        self.extra.addWidget(QLabel(tr("Các mã sẽ thay đổi:")))
        self.extra.addWidget(self.plan)
        self.watch(self.code)

    def _new_code(self) -> Code | None:
        check = check_code(self.code.text())
        return check.code if check.valid else None

    def problems(self) -> list[tuple[str, str]]:
        parent = self.unit.parsed.parent
        found = self.code_problems(self.code.text(), parent, own_id=None)
        code = self._new_code()
        if code is not None and code.canonical == self.unit.code:
            return [(ERROR, tr("Mã mới giống mã hiện tại."))]
        self.plan.setRowCount(0)
        if any(s == ERROR for s, _ in found) or code is None:
            return found
        if self.unit.parent_id is not None:
            try:
                plan = self.reg.plan_move(self.unit.id, self.unit.parent_id, segment=code.segment)
                fill_plan(self.plan, plan, self.notation)
            except KnownError as exc:
                found.append((ERROR, message(exc)))
        return found

    def operation(self) -> tuple[str, Operation]:
        uid = self.unit.id
        text = self.code.text().strip()
        w = self.session
        return (
            event_label(RECODE) + f" {self.shown(self.unit)}",
            lambda reg, did: reg.recode(w.resolve(uid), text, did),
        )


class MoveDialog(OperationDialog):
    """Move a unit under another parent; the preview shows every code that will change."""

    def __init__(self, session: Session, unit: Unit, new_parent: Unit | None = None) -> None:
        super().__init__(session, tr("Chuyển đơn vị sang đơn vị cấp trên khác"), tr("Chuyển"))
        self.unit = unit
        # An enterprise's code is its tax code: only its managing body changes.
        self.keeps_code = outlives_parent(unit.kind)
        self.intro.setText(
            self.unit_line(unit)
            + "<br>"
            + (
                tr("Doanh nghiệp được gắn vào cơ quan quản lý mới; mã số của nó không đổi.")
                if self.keeps_code
                else tr(
                    "Đơn vị và các đơn vị cấp dưới đang hoạt động nhận mã mới theo đơn vị cấp "
                    "trên mới."
                )
            )
        )
        self.parent_code = QLineEdit(self.shown(new_parent) if new_parent else "")
        self.parent_name = QLabel()
        self.parent_name.setWordWrap(True)
        self.segment = QLineEdit()
        self.segment.setPlaceholderText(tr("để trống: giữ số cũ nếu còn trống, không thì số mới"))
        self.form.addRow(tr("Đơn vị cấp trên mới (mã):"), self.parent_code)
        self.form.addRow("", self.parent_name)
        if not self.keeps_code:
            self.form.addRow(tr("Nhóm mã mới (tùy chọn):"), self.segment)
        self.plan = plan_table()
        self.extra.addWidget(QLabel(tr("Xem trước các mã sẽ thay đổi:")))
        self.extra.addWidget(self.plan)
        self.watch(self.parent_code, self.segment)
        self.planned: list[Recode] = []

    def target(self) -> Unit | None:
        return self.find_unit(self.parent_code.text()) if self.parent_code.text().strip() else None

    def problems(self) -> list[tuple[str, str]]:
        self.plan.setRowCount(0)
        self.planned = []
        target = self.target()
        if target is None:
            self.parent_name.setText("")
            if not self.parent_code.text().strip():
                return [(ERROR, tr("Nhập mã của đơn vị cấp trên mới."))]
            return [(ERROR, tr("Không có đơn vị nào mang mã này."))]
        self.parent_name.setText(target.name)
        try:
            self.planned = self.reg.plan_move(
                self.unit.id, target.id, segment=self.segment.text().strip() or None
            )
        except KnownError as exc:
            return [(ERROR, message(exc))]
        fill_plan(self.plan, self.planned, self.notation)
        return []

    def operation(self) -> tuple[str, Operation]:
        target = self.target()
        if target is None:
            raise KnownError(tr("Không có đơn vị nào mang mã này."))
        if not self.planned:
            self.planned = self.reg.plan_move(
                self.unit.id, target.id, segment=self.segment.text().strip() or None
            )
        # The segment the preview showed, so that redo after undo gives the same code.
        segment = None if self.keeps_code else self.planned[0].new_code.segment
        uid, pid = self.unit.id, target.id
        w = self.session
        return (
            tr("Chuyển") + f" {self.shown(self.unit)} → {self.shown(target)}",
            lambda reg, did: reg.move(w.resolve(uid), w.resolve(pid), did, segment=segment),
        )


def _codes_list(text: str) -> list[str]:
    return [t.strip() for t in text.replace(";", ",").split(",") if t.strip()]


class CloseDialog(OperationDialog):
    def __init__(self, session: Session, unit: Unit) -> None:
        super().__init__(session, tr("Đóng mã định danh"), event_label(CLOSE))
        self.unit = unit
        self.intro.setText(
            self.unit_line(unit)
            + "<br>"
            + tr("Đơn vị đóng vẫn ở trong sổ và mã của nó không bao giờ được cấp lại.")
        )
        self.successors = QLineEdit()
        self.successors.setPlaceholderText(tr("mã các đơn vị kế thừa, cách nhau bằng dấu phẩy"))
        self.successor_names = QLabel()
        self.successor_names.setWordWrap(True)
        below = len(self.reg.subtree(unit, include_closed=False)) - 1
        self.cascade = QCheckBox(
            tr("Đóng cả {n} đơn vị cấp dưới đang hoạt động").replace("{n}", str(below))
        )
        self.cascade.setVisible(below > 0)
        self.below = below
        self.form.addRow(tr("Đơn vị kế thừa:"), self.successors)
        self.form.addRow("", self.successor_names)
        self.form.addRow("", self.cascade)
        self.watch(self.successors, self.cascade)

    def successor_units(self) -> tuple[list[Unit], list[str]]:
        units, missing = [], []
        for text in _codes_list(self.successors.text()):
            unit = self.find_unit(text)
            if unit is None:
                missing.append(text)
            else:
                units.append(unit)
        return units, missing

    def problems(self) -> list[tuple[str, str]]:
        units, missing = self.successor_units()
        self.successor_names.setText("; ".join(u.name for u in units))
        found = [(ERROR, tr("Không có đơn vị nào mang mã") + f" {m}.") for m in missing]
        if self.below and not self.cascade.isChecked():
            found.append(
                (
                    ERROR,
                    tr(
                        "Đơn vị còn đơn vị cấp dưới đang hoạt động: hãy chuyển chúng đi "
                        "hoặc chọn đóng cả nhánh."
                    ),
                )
            )
        return found

    def operation(self) -> tuple[str, Operation]:
        uid = self.unit.id
        succ = [u.id for u in self.successor_units()[0]]
        cascade = self.cascade.isChecked()
        w = self.session
        return (
            event_label(CLOSE) + f" {self.shown(self.unit)}",
            lambda reg, did: reg.close_unit(
                w.resolve(uid), did, successors=[w.resolve(s) for s in succ], cascade=cascade
            ),
        )


class ReopenDialog(OperationDialog):
    def __init__(self, session: Session, unit: Unit) -> None:
        super().__init__(session, tr("Mở lại mã định danh"), tr("Mở lại"))
        self.unit = unit
        self.intro.setText(self.unit_line(unit))

    def operation(self) -> tuple[str, Operation]:
        uid = self.unit.id
        w = self.session
        return (
            event_label(REOPEN) + f" {self.shown(self.unit)}",
            lambda reg, did: reg.reopen_unit(w.resolve(uid), did),
        )


class MergeDialog(OperationDialog):
    """Several units into one: the merged ones close with the receiving unit as successor."""

    def __init__(self, session: Session, sources: list[Unit], target: Unit | None = None):
        super().__init__(session, tr("Sáp nhập đơn vị"), event_label(MERGE))
        self.sources = sources
        lines = "<br>".join("• " + self.unit_line(u) for u in sources)
        self.intro.setText(tr("Các đơn vị bị sáp nhập (sẽ đóng mã):") + "<br>" + lines)
        self.target_code = QLineEdit(self.shown(target) if target else "")
        self.target_name = QLabel()
        self.target_name.setWordWrap(True)
        self.form.addRow(tr("Sáp nhập vào đơn vị (mã):"), self.target_code)
        self.form.addRow("", self.target_name)
        # A merger of provinces closes their departments with them, in the same change.
        self.cascade = QCheckBox(tr("Đóng cả các đơn vị cấp dưới còn hoạt động"))
        self.extra.addWidget(self.cascade)
        self.watch(self.target_code, self.cascade)

    def target(self) -> Unit | None:
        text = self.target_code.text().strip()
        return self.find_unit(text) if text else None

    def problems(self) -> list[tuple[str, str]]:
        target = self.target()
        self.target_name.setText(target.name if target else "")
        if not self.target_code.text().strip():
            return [(ERROR, tr("Nhập mã của đơn vị tiếp nhận."))]
        if target is None:
            return [(ERROR, tr("Không có đơn vị nào mang mã này."))]
        if any(s.id == target.id for s in self.sources):
            return [(ERROR, tr("Đơn vị tiếp nhận phải khác các đơn vị bị sáp nhập."))]
        return []

    def operation(self) -> tuple[str, Operation]:
        target = self.target()
        if target is None:
            raise KnownError(tr("Không có đơn vị nào mang mã này."))
        ids = [u.id for u in self.sources]
        tid = target.id
        w = self.session
        names = ", ".join(self.shown(u) for u in self.sources)
        cascade = self.cascade.isChecked()
        return (
            event_label(MERGE) + f" {names} → {self.shown(target)}",
            lambda reg, did: reg.merge(
                [w.resolve(i) for i in ids], w.resolve(tid), did, cascade=cascade
            ),
        )


class SplitDialog(OperationDialog):
    """One unit into several new ones (its successors), codes suggested among never-used ones."""

    def __init__(self, session: Session, source: Unit) -> None:
        super().__init__(session, tr("Chia tách đơn vị"), event_label(SPLIT))
        self.source = source
        self.intro.setText(tr("Đơn vị bị chia tách:") + " " + self.unit_line(source))
        self.table = QTableWidget(0, 2)
        self.table.setHorizontalHeaderLabels([list_heading("code"), tr("Tên đơn vị mới")])
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(0, 150)
        self.table.setMinimumHeight(150)
        self.extra.addWidget(QLabel(tr("Các đơn vị mới:")))
        self.extra.addWidget(self.table)
        row = QHBoxLayout()
        add = QPushButton(tr("Thêm dòng"))
        remove = QPushButton(tr("Bớt dòng"))
        add.clicked.connect(self.add_row)
        remove.clicked.connect(self.remove_row)
        row.addWidget(add)
        row.addWidget(remove)
        row.addStretch(1)
        self.extra.addLayout(row)
        self.close_source = QCheckBox(tr("Đóng mã của đơn vị bị chia tách"))
        self.close_source.setChecked(True)
        self.extra.addWidget(self.close_source)
        self._suggested: list[Code] = []
        if source.parent_id is not None:
            self._suggested = suggest_codes(self.reg, source.parent_id, 20)
        self.add_row()
        self.add_row()
        self.watch(self.table, self.close_source)

    def add_row(self) -> None:
        r = self.table.rowCount()
        self.table.insertRow(r)
        used = {self._cell(i, 0) for i in range(r)} - {""}
        code = next(
            (
                c.format(self.notation)
                for c in self._suggested
                if c.format(self.notation) not in used
            ),
            "",
        )
        self.table.setItem(r, 0, QTableWidgetItem(code))
        self.table.setItem(r, 1, QTableWidgetItem(""))
        self.schedule_check()

    def remove_row(self) -> None:
        if self.table.rowCount() > 1:
            self.table.removeRow(self.table.rowCount() - 1)
            self.schedule_check()

    def _cell(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text() if item is not None else ""

    def parts(self) -> list[NewUnit]:
        out = []
        for r in range(self.table.rowCount()):
            code, name = self._cell(r, 0).strip(), self._cell(r, 1)
            if code or name.strip():
                out.append(NewUnit(code=code, name=name))
        return out

    def problems(self) -> list[tuple[str, str]]:
        parts = self.parts()
        if not parts:
            return [(ERROR, tr("Nhập ít nhất một đơn vị mới."))]
        found: list[tuple[str, str]] = []
        seen: set[str] = set()
        parent = self.source.parsed.parent
        for i, part in enumerate(parts, 1):
            prefix = tr("Dòng") + f" {i}: "
            for s, t in self.code_problems(part.code, parent):
                if s != INFO:
                    found.append((s, prefix + t))
            code = check_code(part.code).code
            if code is not None:
                if code.canonical in seen:
                    found.append((ERROR, prefix + tr("mã bị trùng với dòng khác.")))
                seen.add(code.canonical)
            if not clean_name(part.name):
                found.append((ERROR, prefix + tr("nhập tên đơn vị.")))
        below = len(self.reg.subtree(self.source, include_closed=False)) - 1
        if below and self.close_source.isChecked():
            found.append(
                (
                    ERROR,
                    tr(
                        "Đơn vị còn đơn vị cấp dưới đang hoạt động: hãy chuyển chúng "
                        "trước khi đóng đơn vị bị chia tách."
                    ),
                )
            )
        return found

    def operation(self) -> tuple[str, Operation]:
        uid = self.source.id
        parts = self.parts()
        close = self.close_source.isChecked()
        w = self.session
        return (
            event_label(SPLIT) + f" {self.shown(self.source)}",
            lambda reg, did: reg.split(w.resolve(uid), parts, did, close_source=close),
        )


class AnnulDialog(OperationDialog):
    """Annul a mistaken change: it stays in the history, marked, and stops shaping the tree."""

    uses_decision = False

    def __init__(self, session: Session, event: Event) -> None:
        super().__init__(session, tr("Hủy thay đổi nhầm"), tr("Hủy thay đổi"))
        self.annulled = event  # not ``self.event``: that is QWidget's event handler
        unit = self.reg.unit(event.unit_id)
        decision = self.reg.decision(event.decision_id) if event.decision_id else None
        lines = [
            self.unit_line(unit),
            html.escape(event_label(event.type) + ": " + describe_event(self.reg, event, unit)),
            html.escape(
                tr("Theo quyết định")
                + f" {decision.number if decision else ''}, "
                + tr("hiệu lực")
                + f" {show_date(event.effective)}"
            ),
            "",
            tr(
                "Thay đổi này (cùng các thay đổi đi kèm của một lần sáp nhập, chia tách hoặc "
                "chuyển) sẽ được đánh dấu là nhầm; lịch sử vẫn giữ lại."
            ),
        ]
        self.intro.setText("<br>".join(lines))
        self.cancel.setText(tr("Không hủy"))

    def accept(self) -> None:
        try:
            self.session.annul_event(self.annulled.id)
        except KnownError as exc:
            self.error = message(exc)
            self._render([(ERROR, self.error)])
            return
        QDialog.accept(self)

    def dry_run(self) -> list[tuple[str, str]]:
        return []
