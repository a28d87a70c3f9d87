"""A person's account: their page, changing the password, and setting a new one from a link sent by e-mail."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from pcitrack.audit.models import AuditEvent

OLD, NEW = "mat-khau-cu-2025", "mat-khau-moi-2026"


@pytest.fixture
def staff(world, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    user = world.users["staff"]
    user.first_name, user.email = "Nguyễn Thị Hồng Nhung", "nhung.ntk@example.gov.vn"
    user.set_password(OLD)
    user.save()
    return user


def without_token(html: bytes) -> str:
    """A page without its forms' CSRF tokens, which differ from one response to the next."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html.decode())


def reloaded(user):
    return get_user_model().objects.get(pk=user.pk)


def test_the_account_page_shows_name_e_mail_roles_and_where_to_change_the_password(client, staff):
    client.force_login(staff)
    html = client.get(reverse("account")).content.decode()
    assert "Nguyễn Thị Hồng Nhung" in html and "nhung.ntk@example.gov.vn" in html
    assert "Cán bộ đơn vị — Phòng Nội chính" in html
    assert f'href="{reverse("password_change")}"' in html and "Đổi mật khẩu" in html
    # The name in the header leads there.
    header = client.get(reverse("my_reports")).content.decode()
    assert f'<a href="{reverse("account")}" class="muted" title="Tài khoản của tôi">Nguyễn Thị Hồng Nhung</a>' in header


def test_changing_the_password_needs_the_current_one_and_is_audited(client, staff):
    client.force_login(staff)
    wrong = client.post(reverse("password_change"), {"old_password": "sai", "new_password1": NEW, "new_password2": NEW})
    assert wrong.status_code == 200
    assert "Chưa đổi mật khẩu" in wrong.content.decode() and 'aria-invalid="true"' in wrong.content.decode()
    assert reloaded(staff).check_password(OLD)
    response = client.post(
        reverse("password_change"), {"old_password": OLD, "new_password1": NEW, "new_password2": NEW}
    )
    assert response["Location"] == reverse("password_change_done")
    assert reloaded(staff).check_password(NEW) and not reloaded(staff).check_password(OLD)
    assert AuditEvent.objects.filter(action="account.password_change", object_id=str(staff.pk)).count() == 1
    assert client.get(reverse("account")).status_code == 200  # still signed in
    assert "Đã đổi mật khẩu" in client.get(reverse("password_change_done")).content.decode()


def test_a_too_short_new_password_is_refused_in_vietnamese(client, staff):
    client.force_login(staff)
    response = client.post(
        reverse("password_change"), {"old_password": OLD, "new_password1": "abc", "new_password2": "abc"}
    )
    assert "Mật khẩu quá ngắn: cần có ít nhất 8 ký tự." in response.content.decode()
    assert reloaded(staff).check_password(OLD)


def test_a_reset_link_by_e_mail_sets_a_new_password_once(client, staff):
    login = client.get(reverse("login")).content.decode()
    assert f'<a href="{reverse("password_reset")}">Quên mật khẩu?</a>' in login
    response = client.post(reverse("password_reset"), {"email": "nhung.ntk@example.gov.vn"})
    assert response["Location"] == reverse("password_reset_done")
    [message] = mail.outbox
    assert message.to == ["nhung.ntk@example.gov.vn"] and message.subject == "pcitrack: đặt mật khẩu mới"
    assert message.body.startswith("Kính gửi Nguyễn Thị Hồng Nhung,") and "“staff_a”" in message.body
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", message.body).group(1)

    opened = client.get(link)  # the token moves into the session, out of the address bar
    assert opened.status_code == 302 and opened["Location"].endswith("/set-password/")
    page = client.get(opened["Location"]).content.decode()
    assert "Đặt mật khẩu mới" in page and 'id="password-reset-confirm-form"' in page
    done = client.post(opened["Location"], {"new_password1": NEW, "new_password2": NEW})
    assert done["Location"] == reverse("password_reset_complete")
    assert reloaded(staff).check_password(NEW)
    assert AuditEvent.objects.filter(action="account.password_reset", object_id=str(staff.pk)).count() == 1

    again = client.get(link, follow=True).content.decode()
    assert "Đường dẫn này không còn hiệu lực" in again  # used once


def test_an_unknown_address_gives_the_same_page_and_sends_nothing(client, staff):
    known = client.post(reverse("password_reset"), {"email": "nhung.ntk@example.gov.vn"}, follow=True)
    unknown = client.post(reverse("password_reset"), {"email": "khong.co@example.gov.vn"}, follow=True)
    assert len(mail.outbox) == 1
    assert known.redirect_chain == unknown.redirect_chain == [(reverse("password_reset_done"), 302)]
    assert without_token(known.content) == without_token(unknown.content)
    assert "Nếu có tài khoản dùng địa chỉ thư điện tử này" in unknown.content.decode()
