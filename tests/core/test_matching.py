"""Pairing the items of two versions of a plan by what they say."""

from pcitrack.core.matching import Item, match_items


def items(tasks):
    return [Item(t.text, t.section_title, t.kind) for t in tasks]


def test_items_are_paired_by_text_whatever_their_position():
    old = [Item("Rà soát thủ tục hành chính", "II"), Item("Công khai kết quả giải quyết hồ sơ", "II")]
    new = [Item("Tổ chức hội nghị đối thoại doanh nghiệp", "II")] + old
    m = match_items(old, new)
    assert m.pairs == [(0, 1), (1, 2)] and m.new_only == [0] and m.old_only == []


def test_an_edited_text_is_the_same_item_a_different_one_is_not():
    old = [Item("Rà soát, trình Chủ tịch UBND tỉnh công bố TTHC đúng quy định.", "II.2.2")]
    edited = Item("Rà soát, trình Chủ tịch UBND tỉnh công bố TTHC đúng quy định và kịp thời.", "II.2.2")
    other = Item("Tiếp nhận, xử lý phản ánh, kiến nghị của cá nhân, tổ chức về quy định hành chính.", "II.2.2")
    assert match_items(old, [edited]).pairs == [(0, 0)]
    assert match_items(old, [other]).pairs == []


def test_a_text_under_another_heading_must_be_nearly_unchanged():
    text = "Chịu trách nhiệm theo dõi việc thực hiện các chỉ tiêu được giao tại Phụ lục kèm theo Kế hoạch này."
    edited = "Chủ trì theo dõi, đôn đốc và báo cáo việc thực hiện các chỉ tiêu được giao tại Phụ lục của Kế hoạch."
    assert match_items([Item(text, "Phòng Nội chính")], [Item(edited, "Phòng Nội chính")]).pairs == [(0, 0)]
    assert match_items([Item(text, "Phòng Nội chính")], [Item(edited, "Phòng Kinh tế")]).pairs == []
    assert match_items([Item(text, "Phòng Nội chính")], [Item(text, "Phòng Kinh tế")]).pairs == [(0, 0)]


def test_the_same_text_under_its_own_heading_wins():
    text = "Thực hiện tốt công tác thông tin, tuyên truyền."
    old = [Item(text, "Phòng Nội chính"), Item(text, "Cổng Thông tin điện tử tỉnh")]
    new = [Item(text, "Cổng Thông tin điện tử tỉnh"), Item(text, "Phòng Nội chính")]
    assert match_items(old, new).pairs == [(1, 0), (0, 1)]


def test_kinds_are_never_paired():
    assert (
        match_items([Item("Cùng một nội dung", "", "task")], [Item("Cùng một nội dung", "", "responsibility")]).pairs
        == []
    )


def test_no_two_tasks_of_the_seed_are_taken_for_one_another(seed_parsed):
    tasks = seed_parsed.tasks
    m = match_items(items(tasks), items(tasks))
    assert m.pairs == [(i, i) for i in range(len(tasks))]
    for i, task in enumerate(tasks):
        others = [t for t in tasks if t is not task]
        assert match_items([items(tasks)[i]], items(others)).pairs == [], task.ref


def test_empty_sides():
    assert match_items([], [Item("a")]).new_only == [0]
    assert match_items([Item("a")], []).old_only == [0]
