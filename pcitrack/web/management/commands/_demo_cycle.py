"""The demo's sample reporting cycle: what each unit of the seed plan "reported" for a half-year and a year.

Everything here is invented for the demo. The texts are data, written in Vietnamese as a unit would write
them; the demo puts MARK before every one of them when it stores it, so that no sample text can be taken
for a real report (the values it derives become observations flagged as sample data).

Units are found by their name's key (pcitrack.core.text.ascii_key); a unit of the plan without an entry
here, or an entry without a unit, is left out: that unit simply has not reported.
"""

from __future__ import annotations

from dataclasses import dataclass, field

MARK = "[Dữ liệu mẫu] "
# The year the texts speak of (its first half and the whole year), with the units and bodies of that year.
YEAR = 2025

APPROVED, RETURNED, SUBMITTED = "approved", "returned", "submitted"


@dataclass(frozen=True)
class SampleReport:
    """One unit's report for one period and what became of it.

    outcome: APPROVED (by the monitor), RETURNED (with return_reason, left for the unit to correct) or
    SUBMITTED (awaiting review). first_draft, when given, is what the unit first submitted: the monitor
    returned it with return_reason, the unit corrected it to the texts below, and the outcome followed.
    share: how close the unit's indicator values are to their targets (1 = on target; the direction of
    each indicator is respected); None leaves the values empty.
    """

    outcome: str
    task_status: str
    narrative: str
    problems: str
    proposals: str
    next_plans: str
    comment: str = ""
    share: float | None = None
    return_reason: str = ""
    first_draft: dict = field(default_factory=dict)
    late: bool = False  # received a week after the due date; the others the day before it


# Keyed by the unit's name key, then by the kind of period ("half": the first half of the year, "year").
CYCLE: dict[str, dict[str, SampleReport]] = {
    "trung tam phuc vu hanh chinh cong tinh": {
        "half": SampleReport(
            outcome=APPROVED,
            task_status="in_progress",
            narrative=(
                "Sáu tháng đầu năm, Trung tâm tiếp nhận 18.420 hồ sơ thủ tục hành chính, 72,4% nộp trực tuyến, "
                "98,1% giải quyết đúng hạn; đã số hóa 15.230 hồ sơ, kết quả giải quyết. Rà soát và niêm yết lại "
                "đầy đủ bộ thủ tục hành chính cấp tỉnh tại các quầy giao dịch sau các quyết định công bố mới."
            ),
            problems=(
                "Một số hồ sơ liên thông còn phải luân chuyển bản giấy nên chậm; đường truyền tại Trung tâm có lúc "
                "gián đoạn, làm chậm việc số hóa hồ sơ."
            ),
            proposals=(
                "Đề nghị Sở Khoa học và Công nghệ nâng cấp đường truyền cho Trung tâm; đề nghị các sở, ngành cử "
                "công chức có chuyên môn phù hợp làm việc tại quầy."
            ),
            next_plans=(
                "Triển khai đánh giá mức độ hài lòng bằng máy tính bảng tại quầy; tập huấn kỹ năng giao tiếp, "
                "hướng dẫn hồ sơ cho công chức Một cửa."
            ),
            comment="Ước tính từ 150 phiếu khảo sát nhanh doanh nghiệp đến giao dịch tại Trung tâm.",
            share=0.93,
        ),
        "year": SampleReport(
            outcome=APPROVED,
            task_status="done_on_time",
            narrative=(
                "Năm 2025, Trung tâm tiếp nhận 37.915 hồ sơ, 97,6% giải quyết đúng và trước hạn; tỷ lệ nộp trực "
                "tuyến đạt 76,8%. Đã đưa vào sử dụng máy tính bảng đánh giá mức độ hài lòng tại quầy và hướng dẫn "
                "nghiệp vụ tiếp nhận hồ sơ cho Trung tâm Phục vụ hành chính công cấp xã sau sắp xếp."
            ),
            problems=(
                "Còn 312 hồ sơ trễ hạn, chủ yếu ở lĩnh vực đất đai và xây dựng; nhiều doanh nghiệp nhỏ chưa quen "
                "nộp hồ sơ trực tuyến toàn trình."
            ),
            proposals=(
                "Đề nghị UBND tỉnh chỉ đạo các cơ quan có hồ sơ trễ hạn thực hiện việc xin lỗi tổ chức, cá nhân "
                "theo quy định; bố trí kinh phí hỗ trợ doanh nghiệp nộp hồ sơ trực tuyến tại Trung tâm."
            ),
            next_plans=(
                "Năm 2026: giữ tỷ lệ hồ sơ đúng hạn trên 98%; mở rộng trả kết quả qua dịch vụ bưu chính công ích; "
                "cùng Cổng Thông tin điện tử tỉnh hướng dẫn doanh nghiệp nộp hồ sơ trực tuyến."
            ),
            comment="Theo kết quả đánh giá trên máy tính bảng tại quầy, 2.140 lượt doanh nghiệp.",
            share=1.02,
        ),
    },
    "cong thong tin dien tu tinh": {
        "half": SampleReport(
            outcome=APPROVED,
            task_status="in_progress",
            narrative=(
                "Đăng tải 146 tin, bài về cải thiện môi trường kinh doanh và 38 văn bản chỉ đạo, điều hành của "
                "UBND tỉnh; duy trì chuyên mục “Hỗ trợ doanh nghiệp” và cập nhật danh mục dự án kêu gọi đầu tư."
            ),
            problems=(
                "Một số cơ quan gửi văn bản để đăng tải chậm so với ngày ban hành; mục hỏi - đáp doanh nghiệp còn "
                "ít lượt tương tác."
            ),
            proposals="Đề nghị các đơn vị gửi văn bản chỉ đạo về Cổng trong 02 ngày làm việc kể từ ngày ban hành.",
            next_plans=(
                "Nâng cấp chuyên mục văn bản pháp luật của tỉnh, bổ sung tìm kiếm theo lĩnh vực; thực hiện 02 "
                "phóng sự về đối thoại doanh nghiệp."
            ),
            comment="Theo thống kê truy cập của Cổng và phiếu đánh giá trực tuyến.",
            share=0.9,
        ),
        "year": SampleReport(
            outcome=APPROVED,
            task_status="done_on_time",
            narrative=(
                "Năm 2025 đăng tải 312 tin, bài và 84 văn bản chỉ đạo, điều hành về môi trường kinh doanh; hoàn "
                "thành nâng cấp chuyên mục văn bản pháp luật có tìm kiếm theo lĩnh vực. Tường thuật trực tuyến "
                "Hội nghị đối thoại doanh nghiệp năm 2025 của UBND tỉnh."
            ),
            problems=(
                "Chưa tách được số lượt truy cập của doanh nghiệp khỏi tổng lượt truy cập; nhân lực biên tập còn "
                "mỏng so với khối lượng tin, bài."
            ),
            proposals=(
                "Đề nghị bổ sung 01 biên tập viên; đề nghị Sở Tư pháp gửi định kỳ danh mục văn bản quy phạm pháp "
                "luật mới ban hành để cập nhật."
            ),
            next_plans=(
                "Năm 2026: khảo sát trực tuyến mức độ hữu ích của thông tin trên Cổng; tích hợp danh mục dự án "
                "kêu gọi đầu tư với bản đồ số của tỉnh."
            ),
            comment="Theo thống kê truy cập cả năm và 420 phiếu đánh giá trực tuyến.",
            share=0.96,
        ),
    },
    "phong tai chinh thuong mai": {
        "half": SampleReport(
            outcome=APPROVED,
            task_status="in_progress",
            first_draft={
                "narrative": "Tham mưu tổ chức Hội nghị gặp mặt doanh nghiệp đầu Xuân 2025.",
                "problems": "Còn một số khó khăn.",
            },
            return_reason=(
                "Đề nghị nêu cụ thể số kiến nghị của doanh nghiệp đã tiếp nhận, đã trả lời và khó khăn cụ thể "
                "trong việc cung cấp thông tin cho doanh nghiệp."
            ),
            narrative=(
                "Tham mưu UBND tỉnh tổ chức Hội nghị gặp mặt doanh nghiệp đầu Xuân 2025 với 210 doanh nghiệp tham "
                "dự, tổng hợp 47 kiến nghị và theo dõi việc trả lời; tham mưu văn bản chỉ đạo các sở, ngành khắc "
                "phục các chỉ số thành phần giảm điểm trong PCI 2024."
            ),
            problems=(
                "Thời gian trả lời kiến nghị của một số cơ quan còn dài, trung bình 9 ngày; chưa có sổ theo dõi "
                "chung các yêu cầu cung cấp thông tin của doanh nghiệp."
            ),
            proposals=(
                "Đề nghị UBND tỉnh giao thời hạn trả lời kiến nghị của doanh nghiệp không quá 07 ngày làm việc và "
                "đưa kết quả vào đánh giá thi đua cuối năm."
            ),
            next_plans=(
                "Tham mưu tổ chức Hội nghị đối thoại doanh nghiệp 6 tháng cuối năm; xây dựng sổ theo dõi yêu cầu "
                "cung cấp thông tin của doanh nghiệp."
            ),
            comment="Tổng hợp từ phiếu khảo sát tại Hội nghị gặp mặt doanh nghiệp đầu Xuân.",
            share=0.88,
        ),
        "year": SampleReport(
            outcome=SUBMITTED,
            late=True,
            task_status="done_late",
            narrative=(
                "Tham mưu tổ chức 02 hội nghị đối thoại doanh nghiệp (tháng 4 và tháng 10/2025), tiếp nhận 96 kiến "
                "nghị, đã trả lời 91 kiến nghị. Sổ theo dõi yêu cầu cung cấp thông tin đưa vào sử dụng chậm 01 "
                "tháng so với kế hoạch."
            ),
            problems="Còn 05 kiến nghị về đất đai, mặt bằng sản xuất chưa được trả lời dứt điểm do vướng quy hoạch.",
            proposals=(
                "Đề nghị UBND tỉnh chỉ đạo Sở Nông nghiệp và Môi trường trả lời dứt điểm các kiến nghị về đất đai "
                "còn tồn đọng trong quý I/2026."
            ),
            next_plans=(
                "Năm 2026: tham mưu đối thoại doanh nghiệp theo chuyên đề đất đai và thuế; cập nhật sổ theo dõi "
                "yêu cầu cung cấp thông tin hằng tháng, báo cáo lãnh đạo Văn phòng."
            ),
            comment="Tổng hợp từ sổ theo dõi yêu cầu cung cấp thông tin và phiếu khảo sát tại hội nghị đối thoại.",
            share=0.97,
        ),
    },
    "phong noi chinh": {
        "half": SampleReport(
            outcome=APPROVED,
            task_status="in_progress",
            narrative=(
                "Tham mưu Chủ tịch UBND tỉnh ban hành 14 quyết định công bố danh mục thủ tục hành chính mới, sửa "
                "đổi, bãi bỏ; kiểm tra việc niêm yết, công khai tại Trung tâm Phục vụ hành chính công tỉnh. Tiếp "
                "nhận 23 phản ánh, kiến nghị về quy định hành chính, đã xử lý 21."
            ),
            problems=(
                "Một số quyết định công bố của bộ, ngành ban hành sát ngày có hiệu lực nên việc công bố, niêm yết "
                "ở tỉnh chưa kịp thời."
            ),
            proposals="Đề nghị các sở, ngành dự thảo quyết định công bố ngay khi bộ, ngành ban hành văn bản.",
            next_plans=(
                "Rà soát, đơn giản hóa 20 thủ tục hành chính lĩnh vực đầu tư, xây dựng; kiểm tra công tác kiểm "
                "soát thủ tục hành chính tại 03 sở, ngành."
            ),
            comment="Theo phiếu lấy ý kiến doanh nghiệp tại bộ phận Một cửa.",
            share=0.91,
        ),
        "year": SampleReport(
            outcome=RETURNED,
            task_status="done_on_time",
            narrative=(
                "Năm 2025 tham mưu công bố 31 quyết định danh mục thủ tục hành chính, trong đó có các thủ tục được "
                "chuẩn hóa sau sắp xếp chính quyền địa phương hai cấp; xử lý 45/48 phản ánh, kiến nghị."
            ),
            problems="Khối lượng chuẩn hóa thủ tục hành chính sau sắp xếp đơn vị hành chính lớn.",
            proposals="Đề nghị tăng cường tập huấn nghiệp vụ kiểm soát thủ tục hành chính cho công chức cấp xã.",
            next_plans="Tiếp tục rà soát, đơn giản hóa thủ tục hành chính; kiểm tra công tác kiểm soát tại cấp xã.",
            return_reason=(
                "Đề nghị bổ sung giá trị các chỉ tiêu do Phòng chủ trì, kết quả rà soát, đơn giản hóa thủ tục hành "
                "chính năm 2025 và hướng xử lý 03 phản ánh chưa giải quyết xong."
            ),
        ),
    },
}
