<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_GB" sourcelanguage="vi_VN">
<context>
    <name></name>
    <message>
        <location filename="../../desktop/ui/decision_form.py" line="180"/>
        <location filename="../../desktop/ui/dialogs.py" line="804"/>
        <source>Theo quyết định</source>
        <translation>Under decision</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/decision_form.py" line="185"/>
        <source>Quyết định mới…</source>
        <translation>New decision…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/decision_form.py" line="190"/>
        <location filename="../../desktop/ui/dialogs.py" line="806"/>
        <location filename="../../desktop/ui/wizard.py" line="651"/>
        <source>hiệu lực</source>
        <translation>effective</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/decision_form.py" line="67"/>
        <source>ví dụ: 720/QĐ-BTTTT</source>
        <translation>e.g. 720/QĐ-BTTTT</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/decision_form.py" line="69"/>
        <source>cơ quan ban hành quyết định</source>
        <translation>the body that issued the decision</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/decision_form.py" line="73"/>
        <source>trích yếu nội dung (không bắt buộc)</source>
        <translation>title (optional)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/decision_form.py" line="81"/>
        <source>Số, ký hiệu:</source>
        <translation>Number:</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/decision_form.py" line="82"/>
        <source>Cơ quan ban hành:</source>
        <translation>Issued by:</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/decision_form.py" line="93"/>
        <source>Ngày hiệu lực:</source>
        <translation>Effective:</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/decision_form.py" line="96"/>
        <source>Ngày ký:</source>
        <translation>Signed:</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/decision_form.py" line="97"/>
        <source>Trích yếu:</source>
        <translation>Title:</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/decision_form.py" line="236"/>
        <source>Nhập số, ký hiệu của quyết định.</source>
        <translation>Type the decision&apos;s number and symbol.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/decision_form.py" line="249"/>
        <source>Quyết định này đã có trong sổ; sẽ dùng lại.</source>
        <translation>This decision is already in the registry; it will be reused.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/decision_form.py" line="251"/>
        <source>Ngày hiệu lực không được trước ngày ký.</source>
        <translation>The effective date cannot precede the signing date.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dialogs.py" line="104"/>
        <location filename="../../desktop/ui/exporting.py" line="143"/>
        <location filename="../../desktop/ui/wizard.py" line="906"/>
        <location filename="../../desktop/ui/workers.py" line="163"/>
        <source>Hủy</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dialogs.py" line="217"/>
        <source>Nhập mã định danh.</source>
        <translation>Type an identifier code.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dialogs.py" line="221"/>
        <source>Mã không hợp lệ.</source>
        <translation>Invalid code.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dialogs.py" line="230"/>
        <source>Mã phải là mã cấp dưới trực tiếp của {p}.</source>
        <translation>The code must be a direct child code of {p}.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dialogs.py" line="240"/>
        <source>Mã {c} đã từng được cấp cho đơn vị «{n}»; mã định danh không bao giờ được cấp lại.</source>
        <translation>The code {c} was once assigned to «{n}»; codes are never reassigned.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dialogs.py" line="249"/>
        <source>Cùng mã theo cách viết kia:</source>
        <translation>The same code in the other notation:</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dialogs.py" line="261"/>
        <source>Mã hiện tại</source>
        <translation>Current code</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dialogs.py" line="261"/>
        <source>Mã mới</source>
        <translation>New code</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dialogs.py" line="261"/>
        <source>Tên đơn vị</source>
        <translation>Unit name</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dialogs.py" line="288"/>
        <source>Thêm đơn vị cấp dưới</source>
        <translation>Add a child unit</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dialogs.py" line="288"/>
        <location filename="../../desktop/ui/main_window.py" line="191"/>
        <source>Thêm</source>
        <translation>Add</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dialogs.py" line="290"/>
        <source>Đơn vị cấp trên:</source>
        <translation>Parent unit:</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dialogs.py" line="294"/>
        <source>Mã tiếp theo chưa từng được cấp; có thể nhập theo QCVN 102 hoặc QĐ 20.</source>
        <translation>The next code never assigned before; type it in QCVN 102 or QĐ 20 notation.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dialogs.py" line="303"/>
        <source>Dự thảo (chưa chính thức)</source>
        <translation>Draft (not yet official)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dialogs.py" line="304"/>
        <source>Mã định danh:</source>
        <translation>Identifier code:</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dialogs.py" line="305"/>
        <source>Tên cơ quan, đơn vị:</source>
        <translation>Name of agency or unit:</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dialogs.py" line="306"/>
        <location filename="../../desktop/ui/dialogs.py" line="349"/>
        <location filename="../../desktop/ui/dialogs.py" line="383"/>
        <source>Tên viết tắt:</source>
        <translation>Short name:</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dialogs.py" line="307"/>
        <location filename="../../desktop/ui/dialogs.py" line="384"/>
        <source>Địa chỉ:</source>
        <translation>Address:</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dialogs.py" line="308"/>
        <location filename="../../desktop/ui/dialogs.py" line="385"/>
        <source>Thư điện tử:</source>
        <translation>E-mail:</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dialogs.py" line="309"/>
        <location filename="../../desktop/ui/dialogs.py" line="386"/>
        <source>Điện thoại:</source>
        <translation>Phone:</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dialogs.py" line="310"/>
        <location filename="../../desktop/ui/dialogs.py" line="388"/>
        <source>Trang thông tin:</source>
        <translation>Website:</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dialogs.py" line="311"/>
        <location filename="../../desktop/ui/dialogs.py" line="389"/>
        <source>Ghi chú:</source>
        <translation>Note:</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dialogs.py" line="319"/>
        <source>Nhập tên cơ quan, đơn vị.</source>
        <translation>Type the name of the agency or unit.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dialogs.py" line="338"/>
        <source>Thêm đơn vị</source>
        <translation>Add unit</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dialogs.py" line="343"/>
        <source>Đổi tên đơn vị</source>
        <translation>Rename a unit</translation>
    </message>
    <message>
        <location filename="../../desktop/domain/history.py" line="45"/>
        <source>Đổi tên</source>
        <translation>Rename</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dialogs.py" line="348"/>
        <source>Tên mới:</source>
        <translation>New name:</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dialogs.py" line="357"/>
        <source>Nhập tên mới.</source>
        <translation>Type the new name.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dialogs.py" line="360"/>
        <source>Tên mới giống tên hiện tại.</source>
        <translation>The new name is the current one.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dialogs.py" line="379"/>
        <source>Sửa thông tin đơn vị</source>
        <translation>Edit unit details</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dialogs.py" line="379"/>
        <source>Lưu</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dialogs.py" line="387"/>
        <source>Fax:</source>
        <translation>Fax:</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dialogs.py" line="408"/>
        <source>Chưa có thông tin nào thay đổi.</source>
        <translation>Nothing has been changed yet.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dialogs.py" line="411"/>
        <source>Thư điện tử có vẻ không đúng dạng (thiếu @).</source>
        <translation>The e-mail address looks wrong (no @).</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dialogs.py" line="419"/>
        <source>Sửa thông tin</source>
        <translation>Edit details of</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dialogs.py" line="426"/>
        <source>Đổi mã định danh</source>
        <translation>Change an identifier code</translation>
    </message>
    <message>
        <location filename="../../desktop/domain/history.py" line="46"/>
        <source>Đổi mã</source>
        <translation>Recode</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dialogs.py" line="432"/>
        <source>Các đơn vị cấp dưới đang hoạt động đổi mã theo; mã cũ không bao giờ được cấp lại.</source>
        <translation>Active child units follow with new codes; old codes are never reassigned.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dialogs.py" line="436"/>
        <source>Mã mới:</source>
        <translation>New code:</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dialogs.py" line="438"/>
        <source>Các mã sẽ thay đổi:</source>
        <translation>Codes that will change:</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dialogs.py" line="451"/>
        <source>Mã mới giống mã hiện tại.</source>
        <translation>The new code is the current one.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dialogs.py" line="477"/>
        <source>Chuyển đơn vị sang đơn vị cấp trên khác</source>
        <translation>Move a unit to another parent</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dialogs.py" line="477"/>
        <location filename="../../desktop/ui/dialogs.py" line="543"/>
        <location filename="../../desktop/ui/main_window.py" line="193"/>
        <source>Chuyển</source>
        <translation>Move</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dialogs.py" line="485"/>
        <source>Doanh nghiệp được gắn vào cơ quan quản lý mới; mã số của nó không đổi.</source>
        <translation>The enterprise is attached to the new managing body; its code does not change.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dialogs.py" line="488"/>
        <source>Đơn vị và các đơn vị cấp dưới đang hoạt động nhận mã mới theo đơn vị cấp trên mới.</source>
        <translation>The unit and its active children get new codes under the new parent.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dialogs.py" line="497"/>
        <source>để trống: giữ số cũ nếu còn trống, không thì số mới</source>
        <translation>empty: keep the old number if free, else a new one</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dialogs.py" line="498"/>
        <source>Đơn vị cấp trên mới (mã):</source>
        <translation>New parent unit (code):</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dialogs.py" line="501"/>
        <source>Nhóm mã mới (tùy chọn):</source>
        <translation>New code group (optional):</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dialogs.py" line="503"/>
        <source>Xem trước các mã sẽ thay đổi:</source>
        <translation>Preview of the codes that will change:</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dialogs.py" line="518"/>
        <source>Nhập mã của đơn vị cấp trên mới.</source>
        <translation>Type the code of the new parent unit.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dialogs.py" line="519"/>
        <location filename="../../desktop/ui/dialogs.py" line="533"/>
        <location filename="../../desktop/ui/dialogs.py" line="658"/>
        <location filename="../../desktop/ui/dialogs.py" line="666"/>
        <source>Không có đơn vị nào mang mã này.</source>
        <translation>No unit holds this code.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dialogs.py" line="554"/>
        <source>Đóng mã định danh</source>
        <translation>Close an identifier code</translation>
    </message>
    <message>
        <location filename="../../desktop/domain/history.py" line="51"/>
        <source>Đóng mã</source>
        <translation>Close code</translation>
    </message>
    <message>
        <location filename="../../desktop/domain/history.py" line="63"/>
        <source>Đóng theo đơn vị cấp trên</source>
        <translation>Closed with the parent unit</translation>
    </message>
    <message>
        <location filename="../../desktop/domain/decisions.py" line="26"/>
        <source>Nghị quyết</source>
        <translation>Resolution</translation>
    </message>
    <message>
        <location filename="../../desktop/domain/decisions.py" line="27"/>
        <source>Thông tư</source>
        <translation>Circular</translation>
    </message>
    <message>
        <location filename="../../desktop/domain/decisions.py" line="28"/>
        <source>Nghị định</source>
        <translation>Decree</translation>
    </message>
    <message>
        <location filename="../../desktop/domain/decisions.py" line="29"/>
        <source>Công văn</source>
        <translation>Official letter</translation>
    </message>
    <message>
        <location filename="../../desktop/domain/decisions.py" line="30"/>
        <source>Văn bản</source>
        <translation>Document</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/decision_form.py" line="80"/>
        <source>Loại văn bản:</source>
        <translation>Act type:</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dialogs.py" line="559"/>
        <source>Đơn vị đóng vẫn ở trong sổ và mã của nó không bao giờ được cấp lại.</source>
        <translation>A closed unit stays in the registry and its code is never reassigned.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dialogs.py" line="562"/>
        <source>mã các đơn vị kế thừa, cách nhau bằng dấu phẩy</source>
        <translation>codes of the successor units, separated by commas</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dialogs.py" line="567"/>
        <source>Đóng cả {n} đơn vị cấp dưới đang hoạt động</source>
        <translation>Also close its {n} active child units</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dialogs.py" line="571"/>
        <source>Đơn vị kế thừa:</source>
        <translation>Successors:</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dialogs.py" line="589"/>
        <source>Không có đơn vị nào mang mã</source>
        <translation>No unit holds the code</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dialogs.py" line="595"/>
        <source>Đơn vị còn đơn vị cấp dưới đang hoạt động: hãy chuyển chúng đi hoặc chọn đóng cả nhánh.</source>
        <translation>The unit still has active children: move them away or choose to close the whole branch.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dialogs.py" line="617"/>
        <source>Mở lại mã định danh</source>
        <translation>Reopen an identifier code</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dialogs.py" line="617"/>
        <source>Mở lại</source>
        <translation>Reopen</translation>
    </message>
    <message>
        <location filename="../../desktop/domain/history.py" line="52"/>
        <source>Mở lại mã</source>
        <translation>Reopen code</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dialogs.py" line="634"/>
        <source>Sáp nhập đơn vị</source>
        <translation>Merge units</translation>
    </message>
    <message>
        <location filename="../../desktop/domain/history.py" line="49"/>
        <source>Sáp nhập</source>
        <translation>Merge</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dialogs.py" line="637"/>
        <source>Các đơn vị bị sáp nhập (sẽ đóng mã):</source>
        <translation>Units being merged (their codes will be closed):</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dialogs.py" line="641"/>
        <source>Sáp nhập vào đơn vị (mã):</source>
        <translation>Merge into unit (code):</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dialogs.py" line="656"/>
        <source>Nhập mã của đơn vị tiếp nhận.</source>
        <translation>Type the code of the receiving unit.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dialogs.py" line="660"/>
        <source>Đơn vị tiếp nhận phải khác các đơn vị bị sáp nhập.</source>
        <translation>The receiving unit must differ from the units being merged.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dialogs.py" line="684"/>
        <source>Chia tách đơn vị</source>
        <translation>Split a unit</translation>
    </message>
    <message>
        <location filename="../../desktop/domain/history.py" line="50"/>
        <source>Chia tách</source>
        <translation>Split</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dialogs.py" line="686"/>
        <source>Đơn vị bị chia tách:</source>
        <translation>Unit being split:</translation>
    </message>
    <message>
        <location filename="../../desktop/domain/units.py" line="41"/>
        <source>Mã định danh</source>
        <translation>Identifier code</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dialogs.py" line="688"/>
        <source>Tên đơn vị mới</source>
        <translation>New unit name</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dialogs.py" line="693"/>
        <source>Các đơn vị mới:</source>
        <translation>New units:</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dialogs.py" line="696"/>
        <source>Thêm dòng</source>
        <translation>Add row</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dialogs.py" line="697"/>
        <source>Bớt dòng</source>
        <translation>Remove row</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dialogs.py" line="704"/>
        <source>Đóng mã của đơn vị bị chia tách</source>
        <translation>Close the code of the unit being split</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dialogs.py" line="750"/>
        <source>Nhập ít nhất một đơn vị mới.</source>
        <translation>Enter at least one new unit.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dialogs.py" line="755"/>
        <source>Dòng</source>
        <translation>Row</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dialogs.py" line="762"/>
        <source>mã bị trùng với dòng khác.</source>
        <translation>the code repeats another row.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dialogs.py" line="765"/>
        <source>nhập tên đơn vị.</source>
        <translation>type the unit name.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dialogs.py" line="772"/>
        <source>Đơn vị còn đơn vị cấp dưới đang hoạt động: hãy chuyển chúng trước khi đóng đơn vị bị chia tách.</source>
        <translation>The unit still has active children: move them before closing the unit being split.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dialogs.py" line="796"/>
        <location filename="../../desktop/domain/describe.py" line="39"/>
        <source>Hủy thay đổi nhầm</source>
        <translation>Annul a mistaken change</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dialogs.py" line="796"/>
        <source>Hủy thay đổi</source>
        <translation>Annul change</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dialogs.py" line="811"/>
        <source>Thay đổi này (cùng các thay đổi đi kèm của một lần sáp nhập, chia tách hoặc chuyển) sẽ được đánh dấu là nhầm; lịch sử vẫn giữ lại.</source>
        <translation>This change (with the rest of its merge, split or move) will be marked as a mistake; the history keeps it.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dialogs.py" line="816"/>
        <source>Không hủy</source>
        <translation>Keep it</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/about.py" line="42"/>
        <location filename="../../desktop/ui/errors.py" line="34"/>
        <location filename="../../desktop/ui/exporting.py" line="399"/>
        <location filename="../../desktop/ui/signing.py" line="272"/>
        <location filename="../../desktop/ui/wizard.py" line="1151"/>
        <source>Đóng</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="44"/>
        <source>Không thực hiện được</source>
        <translation>Not done</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="63"/>
        <source>Lỗi của chương trình</source>
        <translation>Program error</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="65"/>
        <source>Chương trình gặp lỗi nội bộ (không phải lỗi của dữ liệu). Thao tác vừa rồi không được ghi vào sổ.</source>
        <translation>The program hit an internal error (not a problem with your data). The last action was not written to the registry.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="68"/>
        <source>Chi tiết đã được ghi vào nhật ký trong thư mục:</source>
        <translation>The details were written to the log in the folder:</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/actions.py" line="221"/>
        <location filename="../../desktop/ui/errors.py" line="70"/>
        <source>Mở thư mục nhật ký</source>
        <translation>Open the log folder</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/findings.py" line="63"/>
        <source>Kiểm tra lại</source>
        <translation>Check again</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/findings.py" line="69"/>
        <location filename="../../desktop/ui/wizard.py" line="611"/>
        <source>Mức</source>
        <translation>Severity</translation>
    </message>
    <message>
        <location filename="../../desktop/domain/units.py" line="28"/>
        <source>Mã</source>
        <translation>Code</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/findings.py" line="69"/>
        <source>Quy tắc</source>
        <translation>Rule</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/findings.py" line="69"/>
        <location filename="../../desktop/ui/panels.py" line="271"/>
        <location filename="../../desktop/ui/panels.py" line="403"/>
        <location filename="../../desktop/ui/wizard.py" line="611"/>
        <source>Nội dung</source>
        <translation>Details</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/findings.py" line="69"/>
        <source>Gợi ý</source>
        <translation>Hint</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/findings.py" line="123"/>
        <source>Đang kiểm tra…</source>
        <translation>Checking…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/findings.py" line="125"/>
        <source>Chưa kiểm tra (F7)</source>
        <translation>Not checked (F7)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/findings.py" line="128"/>
        <source>Kiểm tra: không có lỗi</source>
        <translation>Check: no problems</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/findings.py" line="130"/>
        <source>Kiểm tra:</source>
        <translation>Check:</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/findings.py" line="132"/>
        <source>lỗi</source>
        <translation>errors</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/findings.py" line="134"/>
        <source>cảnh báo</source>
        <translation>warnings</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/findings.py" line="165"/>
        <source>Kiểm tra sổ</source>
        <translation>Check the registry</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/findings.py" line="165"/>
        <source>Đang kiểm tra toàn bộ sổ…</source>
        <translation>Checking the whole registry…</translation>
    </message>
    <message>
        <location filename="../../desktop/domain/units.py" line="20"/>
        <source>Đang hoạt động</source>
        <translation>Active</translation>
    </message>
    <message>
        <location filename="../../desktop/domain/units.py" line="21"/>
        <source>Đã đóng</source>
        <translation>Closed</translation>
    </message>
    <message>
        <location filename="../../desktop/domain/units.py" line="19"/>
        <source>Dự thảo</source>
        <translation>Draft</translation>
    </message>
    <message>
        <location filename="../../desktop/domain/units.py" line="22"/>
        <source>Đã hủy</source>
        <translation>Annulled</translation>
    </message>
    <message>
        <location filename="../../desktop/domain/history.py" line="44"/>
        <source>Cấp mã mới</source>
        <translation>New code</translation>
    </message>
    <message>
        <location filename="../../desktop/domain/history.py" line="47"/>
        <source>Chuyển đơn vị cấp trên</source>
        <translation>Move to another parent</translation>
    </message>
    <message>
        <location filename="../../desktop/domain/history.py" line="48"/>
        <source>Cập nhật thông tin</source>
        <translation>Details updated</translation>
    </message>
    <message>
        <location filename="../../desktop/domain/history.py" line="53"/>
        <source>Hủy bỏ thay đổi nhầm</source>
        <translation>Annulment of a mistaken change</translation>
    </message>
    <message>
        <location filename="../../desktop/domain/history.py" line="54"/>
        <source>Căn cứ cấp mã trước</source>
        <translation>Earlier basis of the code</translation>
    </message>
    <message>
        <location filename="../../desktop/domain/history.py" line="59"/>
        <source>đã hủy, không cấp lại</source>
        <translation>annulled, never reissued</translation>
    </message>
    <message>
        <location filename="../../desktop/domain/history.py" line="67"/>
        <source>Đổi mã theo đơn vị cấp trên</source>
        <translation>Recoded with the parent</translation>
    </message>
    <message>
        <location filename="../../desktop/domain/history.py" line="72"/>
        <source>Bỏ việc đóng theo đơn vị cấp trên (đã đóng hoặc chuyển trước đó)</source>
        <translation>Closure with the parent set aside (closed or moved earlier)</translation>
    </message>
    <message>
        <location filename="../../desktop/domain/history.py" line="80"/>
        <source>Tiếp nhận sáp nhập</source>
        <translation>Received in a merger</translation>
    </message>
    <message>
        <location filename="../../desktop/domain/history.py" line="86"/>
        <source>Chuyển sang đơn vị kế thừa của đơn vị cấp trên</source>
        <translation>Passed to the parent&apos;s successor</translation>
    </message>
    <message>
        <location filename="../../desktop/domain/history.py" line="77"/>
        <source>Bỏ việc đóng theo đơn vị cấp trên (doanh nghiệp không chấm dứt theo cơ quan quản lý)</source>
        <translation>Closure with the parent set aside (an enterprise outlives its managing body)</translation>
    </message>
    <message>
        <location filename="../../desktop/domain/rules.py" line="21"/>
        <source>Lỗi</source>
        <translation>Error</translation>
    </message>
    <message>
        <location filename="../../desktop/domain/rules.py" line="22"/>
        <source>Cảnh báo</source>
        <translation>Warning</translation>
    </message>
    <message>
        <location filename="../../desktop/domain/rules.py" line="23"/>
        <source>Lưu ý</source>
        <translation>Note</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/actions.py" line="86"/>
        <source>Sổ mới…</source>
        <translation>New registry…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/actions.py" line="90"/>
        <source>Tạo sổ mới với danh sách mã cấp 1 chính thức</source>
        <translation>Create a new registry with the official level-1 list</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/actions.py" line="93"/>
        <source>Mở sổ…</source>
        <translation>Open registry…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/actions.py" line="97"/>
        <source>Mở một tệp sổ mã định danh</source>
        <translation>Open a registry file</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/actions.py" line="100"/>
        <source>Nhập phụ lục quyết định…</source>
        <translation>Import decision appendix…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/actions.py" line="104"/>
        <source>Nhập danh sách mã từ phụ lục quyết định (Excel)</source>
        <translation>Import the codes of a decision&apos;s appendix (Excel)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/actions.py" line="114"/>
        <source>In…</source>
        <translation>Print…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/actions.py" line="118"/>
        <source>In danh sách mã định danh</source>
        <translation>Print the list of codes</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/actions.py" line="121"/>
        <source>Thiết lập của sổ…</source>
        <translation>Registry settings…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/actions.py" line="122"/>
        <source>Kiểm tra toàn vẹn sổ…</source>
        <translation>Check registry integrity…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/actions.py" line="123"/>
        <source>Sao lưu ngay</source>
        <translation>Back up now</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/actions.py" line="124"/>
        <location filename="../../desktop/ui/files.py" line="63"/>
        <source>Khôi phục từ bản sao lưu…</source>
        <translation>Restore from a backup…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/actions.py" line="125"/>
        <source>Thoát</source>
        <translation>Quit</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/actions.py" line="129"/>
        <location filename="../../desktop/ui/actions.py" line="294"/>
        <source>Hoàn tác</source>
        <translation>Undo</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/actions.py" line="130"/>
        <location filename="../../desktop/ui/actions.py" line="295"/>
        <source>Làm lại</source>
        <translation>Redo</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/actions.py" line="141"/>
        <source>Thêm đơn vị cấp dưới…</source>
        <translation>Add child unit…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/actions.py" line="145"/>
        <source>Cấp mã cho một đơn vị cấp dưới của đơn vị đang chọn</source>
        <translation>Assign a code to a new child of the selected unit</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/actions.py" line="147"/>
        <source>Đổi tên…</source>
        <translation>Rename…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/actions.py" line="149"/>
        <location filename="../../desktop/ui/panels.py" line="512"/>
        <source>Sửa thông tin…</source>
        <translation>Edit details…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/actions.py" line="155"/>
        <source>Đổi mã…</source>
        <translation>Recode…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/actions.py" line="158"/>
        <source>Chuyển…</source>
        <translation>Move…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/actions.py" line="162"/>
        <source>Chuyển đơn vị sang đơn vị cấp trên khác (hoặc kéo thả trong cây)</source>
        <translation>Move the unit to another parent (or drag and drop it in the tree)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/actions.py" line="165"/>
        <source>Đóng mã…</source>
        <translation>Close code…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/actions.py" line="167"/>
        <source>Mở lại mã…</source>
        <translation>Reopen code…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/actions.py" line="169"/>
        <source>Sáp nhập…</source>
        <translation>Merge…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/actions.py" line="173"/>
        <source>Sáp nhập các đơn vị đang chọn vào một đơn vị</source>
        <translation>Merge the selected units into one unit</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/actions.py" line="176"/>
        <source>Chia tách…</source>
        <translation>Split…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/actions.py" line="179"/>
        <source>Hủy thay đổi gần nhất…</source>
        <translation>Annul latest change…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/actions.py" line="182"/>
        <source>Hủy thay đổi gần nhất của đơn vị đang chọn vì đã ghi nhầm</source>
        <translation>Annul the latest change of the selected unit as a mistake</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/actions.py" line="185"/>
        <source>Sao chép mã</source>
        <translation>Copy code</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/actions.py" line="188"/>
        <source>Tìm…</source>
        <translation>Find…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/actions.py" line="195"/>
        <location filename="../../desktop/ui/main_window.py" line="219"/>
        <source>Hiện đơn vị đã đóng</source>
        <translation>Show closed units</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/actions.py" line="203"/>
        <location filename="../../desktop/ui/as_of.py" line="105"/>
        <source>Xem theo ngày</source>
        <translation>View as of date</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/actions.py" line="208"/>
        <source>Xem cây đơn vị như vào một ngày (chỉ đọc)</source>
        <translation>View the tree as it stood on a date (read-only)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/actions.py" line="211"/>
        <source>Danh sách quyết định</source>
        <translation>Decisions</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/actions.py" line="214"/>
        <source>Kiểm tra toàn bộ sổ</source>
        <translation>Check the whole registry</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/actions.py" line="218"/>
        <source>Chạy bộ kiểm tra trên toàn bộ sổ</source>
        <translation>Run the validator on the whole registry</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/about.py" line="39"/>
        <location filename="../../desktop/ui/actions.py" line="220"/>
        <source>Giới thiệu</source>
        <translation>About</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/actions.py" line="224"/>
        <location filename="../../desktop/ui/exporting.py" line="381"/>
        <source>QCVN 102 (000.00.01.H59)</source>
        <translation>QCVN 102 (000.00.01.H59)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/actions.py" line="225"/>
        <location filename="../../desktop/ui/exporting.py" line="382"/>
        <source>QĐ 20/2020 (H59.01)</source>
        <translation>QĐ 20/2020 (H59.01)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="130"/>
        <source>&amp;Tệp</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="133"/>
        <source>Mở gần đây</source>
        <translation>Open recent</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="148"/>
        <source>&amp;Sửa</source>
        <translation>&amp;Edit</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="160"/>
        <source>&amp;Xem</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="164"/>
        <source>Cách viết mã</source>
        <translation>Code notation</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="168"/>
        <source>Khung</source>
        <translation>Panes</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="171"/>
        <source>Ngôn ngữ</source>
        <translation>Language</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="175"/>
        <source>&amp;Kiểm tra</source>
        <translation>&amp;Check</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="178"/>
        <source>Trợ &amp;giúp</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="183"/>
        <source>Thanh công cụ</source>
        <translation>Toolbar</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="196"/>
        <location filename="../../desktop/ui/wizard.py" line="170"/>
        <location filename="../../desktop/ui/wizard.py" line="972"/>
        <location filename="../../desktop/ui/wizard.py" line="1002"/>
        <location filename="../../desktop/ui/wizard.py" line="1048"/>
        <location filename="../../desktop/ui/wizard.py" line="1091"/>
        <location filename="../../desktop/ui/wizard.py" line="1105"/>
        <source>Nhập phụ lục</source>
        <translation>Import</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="197"/>
        <location filename="../../desktop/ui/signing.py" line="271"/>
        <source>Kiểm tra</source>
        <translation>Check</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="225"/>
        <source>Xem theo ngày:</source>
        <translation>As of date:</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="233"/>
        <source>Lịch sử</source>
        <translation>History</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="234"/>
        <location filename="../../desktop/ui/panels.py" line="272"/>
        <location filename="../../desktop/domain/decisions.py" line="25"/>
        <source>Quyết định</source>
        <translation>Decision</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/exporting.py" line="85"/>
        <location filename="../../desktop/ui/exporting.py" line="205"/>
        <source>In báo cáo</source>
        <translation>Print a report</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/exporting.py" line="89"/>
        <source>Báo cáo</source>
        <translation>Report</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/exporting.py" line="94"/>
        <source>Danh sách mã định danh</source>
        <translation>List of identifier codes</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/exporting.py" line="95"/>
        <source>Danh sách thay đổi trong một khoảng thời gian</source>
        <translation>Changes over a period</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/exporting.py" line="96"/>
        <source>Phụ lục của một quyết định</source>
        <translation>A decision&apos;s appendix</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/exporting.py" line="97"/>
        <location filename="../../desktop/ui/main_window.py" line="235"/>
        <location filename="../../desktop/ui/wizard.py" line="616"/>
        <location filename="../../desktop/ui/wizard.py" line="671"/>
        <source>Kết quả kiểm tra</source>
        <translation>Validator findings</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/exporting.py" line="106"/>
        <location filename="../../desktop/ui/exporting.py" line="365"/>
        <source>Phạm vi</source>
        <translation>Scope</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/exporting.py" line="60"/>
        <source>Chỉ nhánh của đơn vị đang chọn</source>
        <translation>Only the branch of the selected unit</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/exporting.py" line="65"/>
        <source>Như ngày:</source>
        <translation>As of:</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/exporting.py" line="110"/>
        <source>theo đơn vị cấp trên</source>
        <translation>by parent unit</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/exporting.py" line="111"/>
        <source>theo cấp</source>
        <translation>by level</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/exporting.py" line="112"/>
        <source>Chia mục:</source>
        <translation>Sections:</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/exporting.py" line="117"/>
        <location filename="../../desktop/ui/exporting.py" line="374"/>
        <source>đến</source>
        <translation>to</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/exporting.py" line="122"/>
        <source>Hiệu lực từ:</source>
        <translation>Effective from:</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/exporting.py" line="130"/>
        <source>Quyết định:</source>
        <translation>Decision:</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/exporting.py" line="140"/>
        <source>Xem trước và in…</source>
        <translation>Preview and print…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/exporting.py" line="142"/>
        <source>Lưu PDF…</source>
        <translation>Save PDF…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/exporting.py" line="205"/>
        <location filename="../../desktop/ui/exporting.py" line="270"/>
        <source>Đang lập báo cáo…</source>
        <translation>Preparing the report…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/exporting.py" line="217"/>
        <source>Xem trước khi in</source>
        <translation>Print preview</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/exporting.py" line="236"/>
        <location filename="../../desktop/ui/exporting.py" line="270"/>
        <location filename="../../desktop/ui/signing.py" line="201"/>
        <source>Lưu báo cáo PDF</source>
        <translation>Save the report as PDF</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/exporting.py" line="236"/>
        <location filename="../../desktop/ui/signing.py" line="281"/>
        <source>Tệp PDF (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/exporting.py" line="266"/>
        <source>Đã lưu báo cáo</source>
        <translation>Report saved to</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/exporting.py" line="266"/>
        <source>trang</source>
        <translation>pages</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/exporting.py" line="352"/>
        <location filename="../../desktop/ui/exporting.py" line="433"/>
        <location filename="../../desktop/ui/exporting.py" line="471"/>
        <source>Xuất danh sách mã</source>
        <translation>Export the list of codes</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/exporting.py" line="487"/>
        <source>tính đến ngày</source>
        <translation>as of</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/exporting.py" line="294"/>
        <source>Tệp .xlsx: phụ lục danh sách mã theo mẫu (in được ngay); .csv hoặc .json: danh mục với các trường dùng chung để chia sẻ dữ liệu.</source>
        <translation>An .xlsx file: the appendix layout of the code list (ready to print); .csv or .json: the catalogue with the shared fields, for data exchange.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/exporting.py" line="384"/>
        <source>Cách viết mã:</source>
        <translation>Code notation:</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/exporting.py" line="386"/>
        <source>(không ghi)</source>
        <translation>(none)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/exporting.py" line="389"/>
        <source>Kèm theo quyết định:</source>
        <translation>Appendix of decision:</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/exporting.py" line="397"/>
        <source>Xuất ra tệp…</source>
        <translation>Export to file…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/exporting.py" line="437"/>
        <location filename="../../desktop/ui/exporting.py" line="440"/>
        <source>Bảng tính Excel (*.xlsx);;CSV (*.csv);;JSON (*.json)</source>
        <translation>Excel workbooks (*.xlsx);;CSV (*.csv);;JSON (*.json)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/exporting.py" line="483"/>
        <source>Đã xuất</source>
        <translation>Exported</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/exporting.py" line="485"/>
        <source>dòng vào</source>
        <translation>rows to</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/exporting.py" line="471"/>
        <source>Đang ghi tệp…</source>
        <translation>Writing the file…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/files.py" line="54"/>
        <location filename="../../desktop/ui/files.py" line="58"/>
        <source>Không mở được sổ</source>
        <translation>Cannot open the registry</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="308"/>
        <source>Sổ đang mở chỉ để đọc: không ghi được thay đổi.</source>
        <translation>The registry is open read-only: changes cannot be written.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/files.py" line="95"/>
        <source>Tạo sổ mã định danh mới</source>
        <translation>Create a new registry</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/files.py" line="97"/>
        <source>Sổ mã định danh (*.db)</source>
        <translation>Registries (*.db)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/files.py" line="109"/>
        <source>Đang tạo sổ với danh sách mã cấp 1 chính thức…</source>
        <translation>Creating the registry with the official level-1 list…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/files.py" line="116"/>
        <source>Sổ mới</source>
        <translation>New registry</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/files.py" line="116"/>
        <source>Đang tạo sổ…</source>
        <translation>Creating the registry…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/files.py" line="138"/>
        <location filename="../../desktop/ui/files.py" line="148"/>
        <location filename="../../desktop/ui/wizard.py" line="1038"/>
        <source>Đang sao lưu…</source>
        <translation>Backing up…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="1101"/>
        <source>Đang sao lưu sổ trước khi ghi…</source>
        <translation>Backing up the registry before writing…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/files.py" line="144"/>
        <source>Đã sao lưu vào {path}</source>
        <translation>Backed up to {path}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/files.py" line="148"/>
        <source>Sao lưu</source>
        <translation>Backup</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/files.py" line="167"/>
        <location filename="../../desktop/ui/files.py" line="244"/>
        <source>Kiểm tra toàn vẹn sổ</source>
        <translation>Check registry integrity</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/files.py" line="168"/>
        <source>Đang kiểm tra toàn vẹn sổ…</source>
        <translation>Checking the registry's integrity…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/files.py" line="187"/>
        <location filename="../../desktop/ui/restore.py" line="47"/>
        <location filename="../../desktop/ui/restore.py" line="90"/>
        <source>Khôi phục từ bản sao lưu</source>
        <translation>Restore from a backup</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/files.py" line="189"/>
        <source>Sổ này chưa có bản sao lưu nào. Bản sao được tạo tự động trước mỗi lần nhập phụ lục và trước khi nâng cấp sổ; dùng Tệp › Sao lưu ngay để tạo một bản bất cứ lúc nào.</source>
        <translation>This registry has no backups yet. A copy is made automatically before every appendix import and before the registry is upgraded; use File › Back up now to make one at any time.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/files.py" line="211"/>
        <source>Đang kiểm tra bản sao và khôi phục…</source>
        <translation>Checking the copy and restoring…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/files.py" line="218"/>
        <source>Đã khôi phục sổ từ bản sao lưu ({units} đơn vị).</source>
        <translation>The registry was restored from the backup ({units} units).</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/files.py" line="230"/>
        <location filename="../../desktop/ui/restore.py" line="71"/>
        <location filename="../../desktop/ui/restore.py" line="103"/>
        <source>Khôi phục</source>
        <translation>Restore</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/files.py" line="230"/>
        <source>Đang khôi phục…</source>
        <translation>Restoring…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/files.py" line="239"/>
        <source>Sổ toàn vẹn: tệp, chuỗi băm của {events} thay đổi và phát lại lịch sử đều khớp.</source>
        <translation>The registry is intact: the file, the hash chain of {events} events and the replay of the history all match.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/files.py" line="241"/>
        <source>Sổ có chỗ không khớp: {first} Chạy «madinhdanh verify» để xem đủ.</source>
        <translation>The registry does not match somewhere: {first} Run “madinhdanh verify” to see everything.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/files.py" line="74"/>
        <source>Mở sổ mã định danh</source>
        <translation>Open a registry</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/files.py" line="76"/>
        <source>Sổ mã định danh (*.db *.sqlite);;Mọi tệp (*)</source>
        <translation>Registries (*.db *.sqlite);;All files (*)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/files.py" line="85"/>
        <source>(chưa có)</source>
        <translation>(none yet)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="324"/>
        <source>Sổ mã định danh điện tử</source>
        <translation>Registry of identifier codes</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="329"/>
        <source>[chỉ đọc]</source>
        <translation>[read-only]</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/status.py" line="45"/>
        <source>Chưa mở sổ nào</source>
        <translation>No registry open</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/status.py" line="49"/>
        <source>Sổ:</source>
        <translation>Registry:</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/status.py" line="54"/>
        <source>Đang đếm đơn vị…</source>
        <translation>Counting units…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/status.py" line="56"/>
        <location filename="../../desktop/domain/describe.py" line="33"/>
        <source>đơn vị</source>
        <translation>units</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/status.py" line="60"/>
        <source>Xem như ngày</source>
        <translation>Viewing as of</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/status.py" line="60"/>
        <source>(chỉ đọc)</source>
        <translation>(read-only)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/status.py" line="64"/>
        <source>Ngày xem: hôm nay</source>
        <translation>Viewing: today</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/editing.py" line="138"/>
        <source>Đơn vị này không còn thay đổi nào có thể hủy.</source>
        <translation>This unit has no change left to annul.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/session.py" line="209"/>
        <source>Đã hủy thay đổi nhầm.</source>
        <translation>The mistaken change was annulled.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/session.py" line="220"/>
        <source>Không hoàn tác được</source>
        <translation>Cannot undo</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/session.py" line="245"/>
        <source>Các thay đổi tiếp theo theo quyết định</source>
        <translation>Next changes under decision</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/unit_tree.py" line="253"/>
        <source>Đơn vị này không có trong cây đang xem.</source>
        <translation>This unit is not in the tree being shown.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="365"/>
        <source>Xem lịch sử</source>
        <translation>Show history</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/as_of.py" line="106"/>
        <source>Đang dựng cây đơn vị như ngày</source>
        <translation>Building the tree as of</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/as_of.py" line="126"/>
        <source>Đang xem sổ như ngày</source>
        <translation>Viewing the registry as of</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/as_of.py" line="128"/>
        <source>chỉ đọc; bỏ chọn «Xem theo ngày» để quay về hôm nay và sửa.</source>
        <translation>read-only; untick «As of date» to return to today and edit.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/about.py" line="23"/>
        <source>Sổ mã định danh điện tử của các cơ quan, tổ chức theo Quyết định 20/2020/QĐ-TTg (sửa đổi, bổ sung bởi Quyết định 09/2025/QĐ-TTg).</source>
        <translation>The registry of electronic identifier codes of agencies and organisations under Decision 20/2020/QĐ-TTg (as amended by Decision 09/2025/QĐ-TTg).</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/about.py" line="28"/>
        <source>Làm việc không cần mạng. Không xóa dữ liệu, không bao giờ cấp lại mã đã dùng; mọi thay đổi gắn với quyết định đã ban hành.</source>
        <translation>Works offline. Nothing is ever deleted and no code is ever reassigned; every change is bound to the decision that made it.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/about.py" line="35"/>
        <source>Nhật ký:</source>
        <translation>Log:</translation>
    </message>
    <message>
        <location filename="../../desktop/domain/units.py" line="26"/>
        <source>Tên</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../desktop/domain/units.py" line="27"/>
        <source>Tên viết tắt</source>
        <translation>Short name</translation>
    </message>
    <message>
        <location filename="../../desktop/domain/units.py" line="32"/>
        <source>Địa chỉ</source>
        <translation>Address</translation>
    </message>
    <message>
        <location filename="../../desktop/domain/units.py" line="33"/>
        <source>Thư điện tử</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <location filename="../../desktop/domain/units.py" line="34"/>
        <source>Điện thoại</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../desktop/domain/units.py" line="35"/>
        <source>Fax</source>
        <translation>Fax</translation>
    </message>
    <message>
        <location filename="../../desktop/domain/units.py" line="36"/>
        <source>Trang thông tin điện tử</source>
        <translation>Website</translation>
    </message>
    <message>
        <location filename="../../desktop/domain/units.py" line="37"/>
        <source>Ghi chú</source>
        <translation>Note</translation>
    </message>
    <message>
        <location filename="../../desktop/domain/units.py" line="29"/>
        <source>Trạng thái</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../desktop/domain/describe.py" line="29"/>
        <source>Sáp nhập vào</source>
        <translation>Merged into</translation>
    </message>
    <message>
        <location filename="../../desktop/domain/describe.py" line="46"/>
        <source>không còn hiệu lực: đơn vị đã đóng hoặc chuyển trước đó</source>
        <translation>no longer applies: the unit was closed or moved earlier</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/panels.py" line="142"/>
        <source>Mã (QCVN 102)</source>
        <translation>Code (QCVN 102)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/panels.py" line="143"/>
        <source>Mã (QĐ 20/2020)</source>
        <translation>Code (QĐ 20/2020)</translation>
    </message>
    <message>
        <location filename="../../desktop/domain/units.py" line="31"/>
        <source>Cấp</source>
        <translation>Level</translation>
    </message>
    <message>
        <location filename="../../desktop/domain/units.py" line="30"/>
        <source>Đơn vị cấp trên</source>
        <translation>Parent unit</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/panels.py" line="145"/>
        <source>Hiệu lực từ</source>
        <translation>Valid from</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/panels.py" line="146"/>
        <source>Hiệu lực đến</source>
        <translation>Valid until</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/panels.py" line="147"/>
        <source>Quyết định gần nhất</source>
        <translation>Latest decision</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/panels.py" line="148"/>
        <source>Đơn vị kế thừa</source>
        <translation>Successors</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/panels.py" line="149"/>
        <source>Đơn vị tiền thân</source>
        <translation>Predecessors</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/panels.py" line="174"/>
        <source>Chọn một đơn vị trong cây để xem chi tiết.</source>
        <translation>Select a unit in the tree to see its details.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/panels.py" line="204"/>
        <source>như ngày</source>
        <translation>as of</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/panels.py" line="213"/>
        <source>(không viết được theo QCVN 102)</source>
        <translation>(cannot be written in QCVN 102)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/panels.py" line="241"/>
        <location filename="../../desktop/ui/panels.py" line="623"/>
        <location filename="../../desktop/domain/describe.py" line="41"/>
        <source>ngày</source>
        <translation>of</translation>
    </message>
    <message>
        <location filename="../../desktop/domain/describe.py" line="40"/>
        <source>Hủy thay đổi nhầm:</source>
        <translation>Annulled mistaken change:</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/panels.py" line="269"/>
        <source>Ngày hiệu lực</source>
        <translation>Effective date</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/panels.py" line="270"/>
        <location filename="../../desktop/ui/panels.py" line="402"/>
        <location filename="../../desktop/ui/wizard.py" line="594"/>
        <location filename="../../desktop/ui/wizard.py" line="615"/>
        <source>Thay đổi</source>
        <translation>Change</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/panels.py" line="273"/>
        <source>Người ghi</source>
        <translation>Recorded by</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/panels.py" line="274"/>
        <source>Ghi lúc</source>
        <translation>Recorded at</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/panels.py" line="292"/>
        <source>Hủy thay đổi nhầm…</source>
        <translation>Annul mistaken change…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/panels.py" line="294"/>
        <source>Hủy thay đổi đã chọn (chỉ hủy được thay đổi gần nhất của đơn vị).</source>
        <translation>Annul the selected change (only a unit&apos;s latest change can be annulled).</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/panels.py" line="333"/>
        <location filename="../../desktop/ui/panels.py" line="452"/>
        <source>(đã hủy)</source>
        <translation>(annulled)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/panels.py" line="340"/>
        <source>mã {code}: {note}</source>
        <translation>code {code}: {note}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/panels.py" line="401"/>
        <source>Đơn vị</source>
        <translation>Unit</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/panels.py" line="404"/>
        <location filename="../../desktop/ui/panels.py" line="483"/>
        <source>Hiệu lực</source>
        <translation>Effective</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/panels.py" line="483"/>
        <source>Số, ký hiệu</source>
        <translation>Number</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/panels.py" line="483"/>
        <source>Ngày ký</source>
        <translation>Signed</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/panels.py" line="483"/>
        <source>Số thay đổi</source>
        <translation>Changes</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/panels.py" line="483"/>
        <source>Trích yếu</source>
        <translation>Title</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/panels.py" line="509"/>
        <source>Dùng cho các thay đổi tiếp theo</source>
        <translation>Use for the next changes</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/panels.py" line="618"/>
        <source>Chọn một quyết định để xem các thay đổi của nó.</source>
        <translation>Select a decision to see its changes.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/panels.py" line="621"/>
        <source>Quyết định số</source>
        <translation>Decision No.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/panels.py" line="675"/>
        <source>Tìm theo mã hoặc tên (gõ không dấu cũng được)</source>
        <translation>Find by code or name (tone marks optional)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/panels.py" line="728"/>
        <source>Không tìm thấy đơn vị nào.</source>
        <translation>No unit found.</translation>
    </message>
    <message>
        <location filename="../../desktop/domain/units.py" line="42"/>
        <source>Tên cơ quan, đơn vị</source>
        <translation>Name of agency or unit</translation>
    </message>
    <message>
        <location filename="../../desktop/exchange/reconcile.py" line="82"/>
        <source>Thêm mới</source>
        <translation>Added</translation>
    </message>
    <message>
        <location filename="../../desktop/exchange/reconcile.py" line="88"/>
        <source>Không đổi</source>
        <translation>Unchanged</translation>
    </message>
    <message>
        <location filename="../../desktop/exchange/reconcile.py" line="89"/>
        <source>Xung đột</source>
        <translation>Conflict</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="195"/>
        <source>Không nhập lại được phụ lục: sổ đã thay đổi từ lần nhập trước.</source>
        <translation>The appendix cannot be imported again: the registry changed since.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="234"/>
        <location filename="../../desktop/ui/wizard.py" line="260"/>
        <source>Chọn tệp phụ lục</source>
        <translation>Choose the appendix file</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="237"/>
        <source>Tệp Excel (.xlsx, .xls) hoặc LibreOffice (.ods) chứa phụ lục danh sách mã định danh kèm theo quyết định.</source>
        <translation>An Excel (.xlsx, .xls) or LibreOffice (.ods) file holding a decision&apos;s appendix of identifier codes.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="244"/>
        <source>đường dẫn tới tệp phụ lục</source>
        <translation>path of the appendix file</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="246"/>
        <source>Chọn tệp…</source>
        <translation>Choose file…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="260"/>
        <location filename="../../desktop/ui/wizard.py" line="809"/>
        <source>Bảng tính</source>
        <translation>Workbooks</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="276"/>
        <source>Nội dung đọc được</source>
        <translation>What was read</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="286"/>
        <source>Trang</source>
        <translation>Sheet</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="286"/>
        <source>Dòng tiêu đề</source>
        <translation>Header row</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="286"/>
        <source>Số dòng dữ liệu</source>
        <translation>Data rows</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="333"/>
        <source>Quyết định kèm theo</source>
        <translation>The decision</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="343"/>
        <source>Danh sách thay thế danh sách cũ: đề nghị đóng các đơn vị không còn trong phụ lục</source>
        <translation>This list replaces the previous one: propose closing the units it no longer lists</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="411"/>
        <source>bảng mã</source>
        <translation>encoding</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="370"/>
        <source>Quyết định này đã có trong sổ; các thay đổi sẽ gắn với nó.</source>
        <translation>This decision is already in the registry; the changes will be bound to it.</translation>
    </message>
    <message>
        <location filename="../../desktop/exchange/reader.py" line="75"/>
        <source>STT</source>
        <translation>No.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="279"/>
        <source>Chọn các trang cần đọc, dòng tiêu đề và cột của từng trường (đã chọn sẵn những gì tìm thấy), rồi kiểm tra quyết định.</source>
        <translation>Choose the sheets to read, the header row and the column of each field (what was found is pre-selected), then check the decision.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="286"/>
        <source>Các cột</source>
        <translation>Columns</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="300"/>
        <location filename="../../desktop/ui/wizard.py" line="452"/>
        <source>Cột của từng trường</source>
        <translation>Column of each field</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="317"/>
        <source>Đọc lại theo lựa chọn</source>
        <translation>Read again with these choices</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="404"/>
        <source>không đọc</source>
        <translation>not read</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="460"/>
        <location filename="../../desktop/domain/describe.py" line="38"/>
        <source>(không có)</source>
        <translation>(none)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="507"/>
        <source>Chọn ít nhất một trang.</source>
        <translation>Choose at least one sheet.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="510"/>
        <source>Đã đổi lựa chọn: tệp sẽ được đọc lại khi bấm «Đọc lại» hoặc «Tiếp».</source>
        <translation>Choices changed: the file is read again on «Read again» or «Next».</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="564"/>
        <source>Xem trước các thay đổi</source>
        <translation>Preview of the changes</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="566"/>
        <source>Chưa có gì được ghi vào sổ. Nhấp đúp một dòng để xem ô gốc trong tệp.</source>
        <translation>Nothing has been written yet. Double-click a row to see its cells in the file.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="580"/>
        <source>Hiện:</source>
        <translation>Show:</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="586"/>
        <source>Xuất các vấn đề ra Excel…</source>
        <translation>Export the problems to Excel…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="597"/>
        <source>Trước đây</source>
        <translation>Before</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="599"/>
        <location filename="../../desktop/ui/wizard.py" line="611"/>
        <source>Vị trí trong tệp</source>
        <translation>Place in the file</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="600"/>
        <source>Lý do</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="656"/>
        <source>dòng dữ liệu</source>
        <translation>data rows</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="662"/>
        <source>Mọi thay đổi (trừ dòng không đổi)</source>
        <translation>Every change (unchanged rows left out)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="666"/>
        <source>Tất cả các dòng</source>
        <translation>All rows</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="674"/>
        <source>dòng xung đột</source>
        <translation>conflicting rows</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="676"/>
        <source>lỗi kiểm tra mới</source>
        <translation>new validation errors</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="679"/>
        <source>Không áp dụng được:</source>
        <translation>Cannot apply:</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="683"/>
        <source>Hãy sửa tệp rồi nhập lại; sổ không bị thay đổi.</source>
        <translation>Correct the file and import it again; the registry was not changed.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="686"/>
        <source>Phụ lục không có thay đổi nào so với sổ.</source>
        <translation>The appendix brings no change to the registry.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="689"/>
        <location filename="../../desktop/ui/wizard.py" line="907"/>
        <source>Áp dụng vào sổ</source>
        <translation>Apply to the registry</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="697"/>
        <source>cùng</source>
        <translation>with</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="697"/>
        <source>mã số không đổi</source>
        <translation>code unchanged</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="765"/>
        <source>không có trong phụ lục</source>
        <translation>not in the appendix</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="809"/>
        <source>Xuất các vấn đề ra Excel</source>
        <translation>Export the problems to Excel</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="822"/>
        <source>Đã ghi {n} vấn đề vào</source>
        <translation>Wrote {n} problems to</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="844"/>
        <source>Đã nhập phụ lục</source>
        <translation>Appendix imported</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="865"/>
        <source>Không có thay đổi nào được ghi.</source>
        <translation>No change was written.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="867"/>
        <source>Các thay đổi đã được ghi vào sổ theo Quyết định</source>
        <translation>The changes were written to the registry under decision</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="871"/>
        <source>Muốn hủy cả lần nhập này: Sửa › Hoàn tác (Ctrl+Z).</source>
        <translation>To take the whole import back: Edit › Undo (Ctrl+Z).</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="885"/>
        <source>Nhập phụ lục quyết định</source>
        <translation>Import a decision appendix</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="903"/>
        <source>Tiếp &gt;</source>
        <translation>Next &gt;</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="904"/>
        <source>&lt; Quay lại</source>
        <translation>&lt; Back</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="905"/>
        <source>Xong</source>
        <translation>Finish</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="960"/>
        <source>Đang đọc</source>
        <translation>Reading</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="972"/>
        <location filename="../../desktop/ui/wizard.py" line="1002"/>
        <source>Đang đọc tệp…</source>
        <translation>Reading the file…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="990"/>
        <location filename="../../desktop/ui/wizard.py" line="1026"/>
        <source>Đang đọc lại tệp theo lựa chọn…</source>
        <translation>Reading the file again with your choices…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="1032"/>
        <source>Đang đối chiếu {n} dòng đọc được với sổ và kiểm tra…</source>
        <translation>Reconciling {n} rows read with the registry and checking…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="1048"/>
        <source>Đang đối chiếu…</source>
        <translation>Comparing…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="1078"/>
        <source>Đang ghi {n} thay đổi vào sổ…</source>
        <translation>Writing {n} changes to the registry…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="1091"/>
        <source>Đang ghi các thay đổi vào sổ…</source>
        <translation>Writing the changes to the registry…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="1106"/>
        <source>Sổ đã thay đổi từ lúc xem trước; không có gì được ghi. Hãy xem lại.</source>
        <translation>The registry changed since the preview; nothing was written. Review it again.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="1122"/>
        <source>Dòng này không đến từ một ô của tệp.</source>
        <translation>This row does not come from a cell of the file.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="1125"/>
        <source>Tệp:</source>
        <translation>File:</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="1125"/>
        <source>Trang:</source>
        <translation>Sheet:</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="1126"/>
        <source>Dòng:</source>
        <translation>Row:</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="1146"/>
        <source>Ô gốc trong tệp</source>
        <translation>Source cells in the file</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="1177"/>
        <source>dòng</source>
        <translation>row</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/restore.py" line="25"/>
        <source>Trước khi nhập phụ lục</source>
        <translation>Before an appendix import</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/restore.py" line="26"/>
        <source>Trước khi nâng cấp sổ</source>
        <translation>Before a registry upgrade</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/restore.py" line="27"/>
        <source>Trước khi khôi phục từ bản sao</source>
        <translation>Before a restore</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/restore.py" line="28"/>
        <source>Sao lưu theo yêu cầu</source>
        <translation>Backup on request</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/restore.py" line="92"/>
        <source>Thay sổ hiện tại bằng bản sao lưu lúc {when}?</source>
        <translation>Replace the current registry with the backup of {when}?</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/registry_settings.py" line="32"/>
        <source>Thiết lập của sổ</source>
        <translation>Registry settings</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/registry_settings.py" line="36"/>
        <source>Các thiết lập này lưu trong tệp sổ: mọi người mở sổ đều in cùng tên cơ quan ban hành, địa danh và người ký trên báo cáo.</source>
        <translation>These settings are kept in the registry file: everyone who opens it prints the same issuing body, place and signer on reports.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/registry_settings.py" line="56"/>
        <source>Của riêng bạn, trên máy này</source>
        <translation>Your own, on this computer</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/registry_settings.py" line="59"/>
        <source>để trống: tên đăng nhập máy</source>
        <translation>empty: the login name</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/registry_settings.py" line="61"/>
        <source>Người ghi thay đổi:</source>
        <translation>Recorded by:</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/decision_form.py" line="85"/>
        <source>Có ngày ký</source>
        <translation>Signing date known</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/decision_edit.py" line="59"/>
        <source>Quyết định đã có thay đổi có hiệu lực: hoàn tác chúng để sửa ngày hiệu lực.</source>
        <translation>The decision has changes in effect: undo them to correct its effective date.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/decision_edit.py" line="64"/>
        <source>Các lần sửa trước:</source>
        <translation>Earlier corrections:</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/decision_edit.py" line="72"/>
        <source>Mỗi lần sửa được ghi vào lịch sử của quyết định (người sửa, lúc sửa, giá trị cũ).</source>
        <translation>Each correction is recorded in the decision&apos;s history (who, when, the old values).</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/decision_edit.py" line="125"/>
        <location filename="../../desktop/ui/panels.py" line="516"/>
        <source>Rút quyết định</source>
        <translation>Withdraw decision</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/decision_edit.py" line="126"/>
        <source>Rút quyết định số {number} khỏi sổ?</source>
        <translation>Withdraw decision {number} from the registry?</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/decision_edit.py" line="128"/>
        <source>Quyết định không còn thay đổi nào có hiệu lực; lịch sử vẫn giữ nó.</source>
        <translation>None of its changes is in effect; the history keeps it.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/decision_edit.py" line="47"/>
        <source>Sửa thông tin quyết định</source>
        <translation>Correct decision</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dialogs.py" line="644"/>
        <source>Đóng cả các đơn vị cấp dưới còn hoạt động</source>
        <translation>Close their active subordinate units too</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/editing.py" line="169"/>
        <source>Đã sửa thông tin quyết định</source>
        <translation>Corrected decision</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/editing.py" line="180"/>
        <source>Đã rút quyết định</source>
        <translation>Withdrew decision</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/panels.py" line="513"/>
        <source>Sửa số, cơ quan ban hành, ngày, trích yếu (ghi lịch sử)</source>
        <translation>Correct the number, issuer, dates, title (recorded in the history)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/panels.py" line="518"/>
        <source>Chỉ rút được quyết định không còn thay đổi nào có hiệu lực</source>
        <translation>Only a decision with no change in effect can be withdrawn</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/panels.py" line="716"/>
        <source>đã đóng</source>
        <translation>closed</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/panels.py" line="725"/>
        <source>Đơn vị đã đóng hiện màu xám.</source>
        <translation>Closed units are shown in grey.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/panels.py" line="726"/>
        <source>Đánh dấu “Hiện đơn vị đã đóng” (Ctrl+H) để thấy chúng trong cây.</source>
        <translation>Tick “Show closed units” (Ctrl+H) to see them in the tree.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/restore.py" line="52"/>
        <source>Chọn bản sao lưu để đưa sổ về đúng trạng thái lúc đó. Sổ hiện tại được giữ lại thành một bản sao lưu mới, nên việc khôi phục cũng có thể hoàn lại. Mọi mã đã cấp trong sổ hiện tại và trong các bản sao lưu tự động mới hơn vẫn được giữ là đã cấp: không mã nào được cấp lại.</source>
        <translation>Choose a backup to bring the registry back to how it was then. Today&apos;s registry is kept as a new backup, so a restore can itself be undone. Every code issued in today&apos;s registry and in its newer automatic backups stays issued: no code is ever reissued.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/restore.py" line="98"/>
        <source>Mọi thay đổi ghi sau thời điểm đó sẽ không còn trong sổ đang dùng; sổ hiện tại được giữ lại thành một bản sao lưu và có thể khôi phục lại. Các mã đã cấp sau thời điểm đó vẫn được giữ là đã cấp (đã hủy, không cấp lại).</source>
        <translation>Changes recorded after that moment will no longer be in the registry in use; today&apos;s registry is kept as a backup and can be restored again. Codes issued after that moment stay issued (annulled, never reissued).</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/panels.py" line="144"/>
        <source>Chờ hiệu lực</source>
        <translation>Pending</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/i18n.py" line="155"/>
        <source>Chờ hiệu lực:</source>
        <translation>Pending:</translation>
    </message>
    <message>
        <location filename="../../desktop/domain/describe.py" line="30"/>
        <source>Tiếp nhận:</source>
        <translation>Received:</translation>
    </message>
    <message>
        <location filename="../../desktop/domain/describe.py" line="31"/>
        <source>Chia tách thành</source>
        <translation>Split into</translation>
    </message>
    <message>
        <location filename="../../desktop/domain/describe.py" line="32"/>
        <source>Chia tách từ</source>
        <translation>Split from</translation>
    </message>
    <message>
        <location filename="../../desktop/domain/describe.py" line="34"/>
        <source>Kế thừa:</source>
        <translation>Succeeded by:</translation>
    </message>
    <message>
        <location filename="../../desktop/domain/describe.py" line="35"/>
        <source>Tên cũ:</source>
        <translation>Former name:</translation>
    </message>
    <message>
        <location filename="../../desktop/domain/describe.py" line="36"/>
        <source>Chuyển từ</source>
        <translation>Moved from</translation>
    </message>
    <message>
        <location filename="../../desktop/domain/describe.py" line="37"/>
        <source>sang</source>
        <translation>to</translation>
    </message>
    <message>
        <location filename="../../desktop/domain/describe.py" line="44"/>
        <source>văn bản sau ghi lại từ</source>
        <translation>listed again by a later act from</translation>
    </message>
    <message>
        <location filename="../../desktop/domain/describe.py" line="47"/>
        <source>đổi tên thành</source>
        <translation>rename to</translation>
    </message>
    <message>
        <location filename="../../desktop/domain/describe.py" line="48"/>
        <source>đổi mã thành</source>
        <translation>recode to</translation>
    </message>
    <message>
        <location filename="../../desktop/domain/describe.py" line="49"/>
        <source>chuyển về đơn vị cấp trên</source>
        <translation>move under</translation>
    </message>
    <message>
        <location filename="../../desktop/domain/describe.py" line="50"/>
        <source>mã mới</source>
        <translation>new code</translation>
    </message>
    <message>
        <location filename="../../desktop/domain/describe.py" line="51"/>
        <source>từ</source>
        <translation>from</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/i18n.py" line="157"/>
        <source>theo</source>
        <translation>under</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/unit_tree.py" line="226"/>
        <source>Đơn vị này chưa có hiệu lực hôm nay.</source>
        <translation>This unit is not in force yet today.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/panels.py" line="544"/>
        <source>Chờ hiệu lực: các thay đổi của quyết định này có hiệu lực từ</source>
        <translation>Pending: the changes of this decision take effect on</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/panels.py" line="335"/>
        <source>(chờ hiệu lực)</source>
        <translation>(pending)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/exporting.py" line="292"/>
        <source>Phụ lục (.xlsx) hoặc danh mục (.csv, .json)</source>
        <translation>Appendix (.xlsx) or catalogue fields (.csv, .json)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/exporting.py" line="300"/>
        <source>Bảng chuyển đổi mã cũ → mã mới</source>
        <translation>Old → new code crosswalk</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/exporting.py" line="302"/>
        <source>Mọi lần đổi mã, chuyển đơn vị và đóng mã (có hay không có đơn vị kế thừa): cho các hệ thống còn lưu mã cũ.</source>
        <translation>Every recode, move and closure (with or without a successor): for systems that still hold old codes.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/exporting.py" line="308"/>
        <source>edXML Organization (.xml)</source>
        <translation>edXML Organization (.xml)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/exporting.py" line="310"/>
        <source>Các cơ quan dạng phần tử Organization của edXML (QCVN 102), kèm mã cấp trên và trạng thái: cho Trục liên thông văn bản quốc gia và các hệ thống quản lý văn bản.</source>
        <translation>Agencies as edXML Organization elements (QCVN 102), with the parent code and status: for the national document exchange axis and document management systems.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/exporting.py" line="317"/>
        <source>Đăng ký trên trục liên thông (.json)</source>
        <translation>Exchange-axis registration (.json)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/exporting.py" line="319"/>
        <source>Bản ghi cơ quan như trục liên thông văn bản đăng ký: code, pcode, name, mail, mobile, fax và trạng thái.</source>
        <translation>Agency records as the document exchange axis registers them: code, pcode, name, mail, mobile, fax and status.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/exporting.py" line="325"/>
        <source>Danh mục dùng chung theo cấp (thư mục)</source>
        <translation>Shared catalogue by level (folder)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/exporting.py" line="327"/>
        <source>Một tệp JSON cho mỗi cấp (qlvanbandieuhanhcap1.json … cap4.json), ngày dạng dd/MM/yyyy: cho danh mục dùng chung trên nền tảng NDXP/LGSP.</source>
        <translation>One JSON file per level (qlvanbandieuhanhcap1.json … cap4.json), dates as dd/MM/yyyy: for the shared catalogue of the NDXP/LGSP integration platforms.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/exporting.py" line="333"/>
        <source>Dữ liệu mở (thư mục)</source>
        <translation>Open data (folder)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/exporting.py" line="335"/>
        <source>data.csv, closed.csv, crosswalk.csv và datapackage.json (mô tả bộ dữ liệu): cho Cổng dữ liệu mở.</source>
        <translation>data.csv, closed.csv, crosswalk.csv and datapackage.json (the dataset&apos;s description): for the open data portal.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/exporting.py" line="391"/>
        <source>Chỉ mã viết được theo QCVN 102; đơn vị khác liệt kê riêng (khong-qcvn102.csv)</source>
        <translation>QCVN 102 codes only; other units listed apart (khong-qcvn102.csv)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/exporting.py" line="494"/>
        <source>đơn vị có mã không viết được theo QCVN 102 liệt kê riêng</source>
        <translation>units whose code QCVN 102 cannot write listed apart</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/exporting.py" line="360"/>
        <source>Dạng xuất:</source>
        <translation>Format:</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/exporting.py" line="368"/>
        <source>Chỉ các thay đổi có hiệu lực từ</source>
        <translation>Only changes in force from</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/exporting.py" line="435"/>
        <source>Chọn thư mục để ghi</source>
        <translation>Choose the folder to write to</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/exporting.py" line="442"/>
        <source>Tệp XML (*.xml)</source>
        <translation>XML file (*.xml)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/exporting.py" line="443"/>
        <source>JSON (*.json)</source>
        <translation>JSON (*.json)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/actions.py" line="107"/>
        <source>Xuất danh sách…</source>
        <translation>Export the list…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/actions.py" line="111"/>
        <source>Xuất danh sách mã: phụ lục Excel, danh mục, edXML, dữ liệu mở</source>
        <translation>Export the list of codes: Excel appendix, catalogue, edXML, open data</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/actions.py" line="120"/>
        <source>Kiểm tra chữ ký số của tệp PDF…</source>
        <translation>Check the digital signatures of a PDF…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/signing.py" line="53"/>
        <source>Chọn…</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/signing.py" line="72"/>
        <source>Ký số báo cáo (chữ ký số, NĐ 30/2020)</source>
        <translation>Sign the report digitally (Decree 30/2020)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/signing.py" line="77"/>
        <source>Tệp chứng thư số (.p12, .pfx)</source>
        <translation>Certificate file (.p12, .pfx)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/signing.py" line="78"/>
        <source>Thiết bị ký số (USB token, PKCS#11)</source>
        <translation>Signing token (USB token, PKCS#11)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/signing.py" line="85"/>
        <source>Khóa ký:</source>
        <translation>Signing key:</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/signing.py" line="88"/>
        <source>Tệp chứng thư:</source>
        <translation>Certificate file:</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/signing.py" line="91"/>
        <source>không được lưu lại</source>
        <translation>never stored</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/signing.py" line="92"/>
        <source>Mật khẩu hoặc mã PIN:</source>
        <translation>Password or PIN:</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/signing.py" line="94"/>
        <source>Người có thẩm quyền (tại chỗ ký)</source>
        <translation>Competent signer (at the signature)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/signing.py" line="95"/>
        <source>Cơ quan, tổ chức (dấu)</source>
        <translation>Agency (its seal)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/signing.py" line="96"/>
        <source>Chữ ký của:</source>
        <translation>Signature of:</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/signing.py" line="97"/>
        <source>Thiết lập ký số…</source>
        <translation>Signing settings…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/signing.py" line="104"/>
        <source>Tệp chứng thư số</source>
        <translation>Certificate file</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/signing.py" line="104"/>
        <source>Chứng thư số (*.p12 *.pfx)</source>
        <translation>Certificates (*.p12 *.pfx)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/signing.py" line="189"/>
        <source>Đã lưu và ký số báo cáo</source>
        <translation>Saved and signed the report</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/signing.py" line="191"/>
        <source>(không lấy được dấu thời gian: không có mạng?)</source>
        <translation>(no timestamp obtained: offline?)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/signing.py" line="201"/>
        <source>Đang lập và ký số báo cáo…</source>
        <translation>Building and signing the report…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/signing.py" line="211"/>
        <source>Thiết lập ký số</source>
        <translation>Signing settings</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/signing.py" line="218"/>
        <source>Thư viện PKCS#11 của thiết bị ký số:</source>
        <translation>PKCS#11 module of the signing token:</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/signing.py" line="219"/>
        <source>Nhãn chứng thư trên thiết bị:</source>
        <translation>Certificate label on the token:</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/signing.py" line="220"/>
        <source>Địa chỉ dịch vụ cấp dấu thời gian (TSA):</source>
        <translation>Time-stamping authority (TSA) address:</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/signing.py" line="221"/>
        <source>Tệp chứng thư gốc tin cậy (.pem):</source>
        <translation>Trusted root certificates (.pem):</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/signing.py" line="250"/>
        <source>Kiểm tra chữ ký số của tệp PDF</source>
        <translation>Check the digital signatures of a PDF</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/signing.py" line="255"/>
        <source>Tệp PDF:</source>
        <translation>PDF file:</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/signing.py" line="257"/>
        <source>tệp .pem chứng thư gốc tin cậy</source>
        <translation>.pem file of trusted root certificates</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/signing.py" line="258"/>
        <source>Chứng thư gốc:</source>
        <translation>Root certificates:</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/signing.py" line="281"/>
        <source>Tệp PDF đã ký số</source>
        <translation>Signed PDF file</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/signing.py" line="290"/>
        <source>Chứng thư gốc tin cậy</source>
        <translation>Trusted root certificates</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/signing.py" line="292"/>
        <source>Chứng thư (*.pem *.cer *.crt)</source>
        <translation>Certificates (*.pem *.cer *.crt)</translation>
    </message>
    <message>
        <location filename="../../desktop/domain/progress.py" line="43"/>
        <source>Đã đọc {done}/{total} dòng</source>
        <translation>Read {done}/{total} rows</translation>
    </message>
    <message>
        <location filename="../../desktop/domain/progress.py" line="44"/>
        <source>Đã đối chiếu {done}/{total} dòng</source>
        <translation>Reconciled {done}/{total} rows</translation>
    </message>
    <message>
        <location filename="../../desktop/domain/progress.py" line="45"/>
        <source>Đã ghi {done}/{total} đơn vị</source>
        <translation>Wrote {done}/{total} units</translation>
    </message>
    <message>
        <location filename="../../desktop/domain/progress.py" line="46"/>
        <source>Đã thử áp dụng {done}/{total} thay đổi (chưa ghi vào sổ)</source>
        <translation>Tried {done}/{total} changes (nothing written yet)</translation>
    </message>
    <message>
        <location filename="../../desktop/domain/progress.py" line="47"/>
        <source>Đã kiểm tra {done}/{total} đơn vị</source>
        <translation>Checked {done}/{total} units</translation>
    </message>
    <message>
        <location filename="../../desktop/domain/progress.py" line="48"/>
        <source>Đã xuất {done}/{total} đơn vị</source>
        <translation>Exported {done}/{total} units</translation>
    </message>
    <message>
        <location filename="../../desktop/domain/progress.py" line="49"/>
        <source>Đã xuất {done}/{total} thay đổi</source>
        <translation>Exported {done}/{total} changes</translation>
    </message>
    <message>
        <location filename="../../desktop/domain/progress.py" line="50"/>
        <source>Đã lập {done}/{total} dòng của báo cáo</source>
        <translation>Built {done}/{total} rows of the report</translation>
    </message>
    <message>
        <location filename="../../desktop/domain/progress.py" line="51"/>
        <source>Đã dàn trang {done}/{total} dòng của báo cáo</source>
        <translation>Laid out {done}/{total} rows of the report</translation>
    </message>
    <message>
        <location filename="../../desktop/domain/progress.py" line="52"/>
        <source>Đã ghi {done}/{total} trang PDF</source>
        <translation>Wrote {done}/{total} PDF pages</translation>
    </message>
    <message>
        <location filename="../../desktop/domain/progress.py" line="53"/>
        <source>Đã kiểm tra {done}/{total} thay đổi trong lịch sử</source>
        <translation>Checked {done}/{total} events of the history</translation>
    </message>
    <message>
        <location filename="../../desktop/domain/progress.py" line="54"/>
        <source>Đã dựng lại {done}/{total} đơn vị như ngày đã chọn</source>
        <translation>Rebuilt {done}/{total} units as of the chosen date</translation>
    </message>
    <message>
        <location filename="../../desktop/domain/progress.py" line="55"/>
        <source>Đã sao lưu {done}/{total} trang của tệp sổ</source>
        <translation>Backed up {done}/{total} pages of the registry file</translation>
    </message>
    <message>
        <location filename="../../desktop/domain/progress.py" line="56"/>
        <source>Đã khôi phục {done}/{total} trang của tệp sổ</source>
        <translation>Restored {done}/{total} pages of the registry file</translation>
    </message>
    <message>
        <location filename="../../desktop/store/deltas.py" line="24"/>
        <source>Sửa đổi</source>
        <translation>Amended</translation>
    </message>
</context>
</TS>
