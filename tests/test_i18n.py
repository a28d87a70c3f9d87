import shutil
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse

LOCALE = Path(__file__).resolve().parents[1] / "pcitrack" / "locale"


@pytest.mark.parametrize("language", ["vi", "en"])
def test_compiled_catalogs_match_their_sources(tmp_path, language):
    if not shutil.which("msgfmt"):
        pytest.skip("msgfmt (gettext) not installed")
    po = LOCALE / language / "LC_MESSAGES" / "django.po"
    out = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check-format", "-o", str(out), str(po)], check=True)
    assert out.read_bytes() == (po.with_suffix(".mo")).read_bytes(), "run: pcitrack compilemessages"


def test_every_vietnamese_message_is_translated():
    po = (LOCALE / "vi" / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    assert "#, fuzzy" not in po.split("\n\n", 1)[1]
    entries = po.split("\n\n")[1:]
    untranslated = [e for e in entries if e.rstrip().endswith('msgstr ""') and "msgid_plural" not in e]
    assert untranslated == []


def test_pages_are_vietnamese_by_default_even_for_an_english_browser(client, world):
    client.force_login(world.users["monitor"])
    page = client.get(reverse("plan_indicators", args=[world.plan.pk]), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    html = page.content.decode()
    assert page["Content-Language"] == "vi"
    assert "Đơn vị chủ trì" in html and "càng thấp càng tốt" in html
    assert "52,61\u00a0điểm" in html  # decimal comma
    assert "đến năm 2025" in html  # the year is not written 2.025


def test_english_is_available(client, world):
    client.force_login(world.users["monitor"])
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(reverse("plan_indicators", args=[world.plan.pk])).content.decode()
    assert "Lead unit" in html and "lower is better" in html
    assert "52.61\u00a0điểm" in html


@pytest.mark.parametrize(
    "value,unit,vi,en",
    [
        (52.61, "điểm", "52,61\u00a0điểm", "52.61\u00a0điểm"),
        (38.5, "", "38,5", "38.5"),
        (100, "%", "100\u00a0%", "100\u00a0%"),
        (1250, "", "1.250", "1,250"),
        (None, "%", "—", "—"),
    ],
)
def test_quantities_are_written_the_local_way(value, unit, vi, en):
    from django.utils import translation

    from pcitrack.web.templatetags.pcitrack import quantity

    with translation.override("vi"):
        assert quantity(value, unit) == vi
    with translation.override("en"):
        assert quantity(value, unit) == en
