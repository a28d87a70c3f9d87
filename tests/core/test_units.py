from pcitrack.core.units import is_group, looks_like_unit, resolve_units


def test_same_key_spellings_are_one_unit_silently():
    r = resolve_units([("Phòng Tài chính - Thương mại", 3), ("Phòng Tài chính Thương mại", 1)])
    (unit,) = r.units
    assert unit.name == "Phòng Tài chính - Thương mại"
    assert unit.approximate == []
    assert r.canonical("Phòng Tài chính Thương mại") == "Phòng Tài chính - Thương mại"


def test_missing_diacritic_is_one_unit_with_the_variant_flagged():
    r = resolve_units([("Cổng Thông tin điện tử tỉnh", 3), ("Công thông tin điện tử tỉnh", 1)])
    (unit,) = r.units
    assert unit.name == "Cổng Thông tin điện tử tỉnh"
    assert unit.approximate == ["Công thông tin điện tử tỉnh"]


def test_different_units_stay_apart():
    r = resolve_units([("Phòng Nội chính", 1), ("Phòng Kinh tế", 1), ("Phòng Hành chính - Tổ chức", 1)])
    assert len(r.units) == 3


def test_known_units_keep_their_names():
    r = resolve_units([("Phong Noi chinh", 3)], known=[("Phòng Nội chính", [])])
    assert r.canonical("Phong Noi chinh") == "Phòng Nội chính"


def test_groups_are_not_units():
    assert is_group("Các phòng, trung tâm")
    assert is_group("Lãnh đạo các Phòng, Ban, Đơn vị")
    assert is_group("Công chức, viên chức cơ quan Văn phòng UBND tỉnh")
    assert not is_group("Phòng Nội chính")
    assert looks_like_unit("Công thông tin điện tử tỉnh")
    assert not looks_like_unit("Tham mưu tổ chức thực hiện")
