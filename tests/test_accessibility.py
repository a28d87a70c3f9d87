"""Accessibility basics on every page a member opens: a skip link to the main content, a label on every input,
a scope on every table header, the page's language, a text for every image."""

import lxml.html
import pytest

from tests.test_access import TABLE, pages_as

PERSONAS = ["staff", "head", "monitor", "leader"]
NOT_TYPED = {"hidden", "submit", "button", "image", "reset"}


def problems(html: str) -> list[str]:
    doc = lxml.html.fromstring(html)
    found = []
    if not doc.get("lang"):
        found.append("<html> has no lang")
    if not doc.xpath("//a[@href='#main']") or not doc.xpath("//*[@id='main']"):
        found.append("no skip link to #main")
    labelled_ids = {label.get("for") for label in doc.xpath("//label[@for]")}
    for field in doc.xpath("//input | //select | //textarea"):
        if field.tag == "input" and (field.get("type") or "text").lower() in NOT_TYPED:
            continue
        if field.get("aria-label") or field.get("aria-labelledby") or field.get("title"):
            continue
        if field.get("id") in labelled_ids or field.xpath("ancestor::label"):
            continue
        found.append(f"unlabelled <{field.tag} name={field.get('name')!r}>")
    for th in doc.xpath("//th[not(@scope)]"):
        found.append(f"<th> without scope: {th.text_content().strip()[:40]!r}")
    for img in doc.xpath("//img[not(@alt)]"):
        found.append(f"<img> without alt: {img.get('src')}")
    return found


def test_the_checks_catch_what_they_look_for():
    bad = '<html><body><main><table><tr><th>A</th></tr></table><input name="q"><img src="x.png"></main></body></html>'
    assert problems(bad) == [
        "<html> has no lang", "no skip link to #main", "unlabelled <input name='q'>", "<th> without scope: 'A'",
        "<img> without alt: x.png",
    ]  # fmt: skip
    good = ('<html lang="vi"><body><a href="#main">skip</a><main id="main"><table><tr><th scope="col">A</th></tr>'
            '</table><label>Q <input name="q"></label><select aria-label="x"></select><img src="x.png" alt=""></main>'
            "</body></html>")  # fmt: skip
    assert problems(good) == []


@pytest.mark.parametrize("name", sorted(TABLE))
def test_every_page_meets_the_basics(world, name):
    url, pages = pages_as(world, name, PERSONAS)
    wrong = [f"{persona}: {p}" for persona, html in pages for p in problems(html)]
    assert not wrong, f"{url}: " + "; ".join(sorted(set(wrong))[:20])
