"""Reading a rendered HTML form back, as a browser would submit it."""

from __future__ import annotations

from html.parser import HTMLParser


class _FormReader(HTMLParser):
    def __init__(self, form_id: str):
        super().__init__(convert_charrefs=True)
        self.form_id, self.inside, self.fields = form_id, False, {}
        self._textarea = self._select = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = a.get("id") == self.form_id
        if not self.inside:
            return
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in ("submit", "file", "checkbox"):
            self.fields[name] = a.get("value") or ""
        elif tag == "textarea" and name:
            self._textarea, self.fields[name] = name, ""
        elif tag == "select" and name:
            self._select = name
            self.fields.setdefault(name, None)
        elif tag == "option" and self._select:
            if "selected" in a or self.fields[self._select] is None:
                self.fields[self._select] = a.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea:
            # Browsers drop the one newline that may follow <textarea>.
            text = data[1:] if not self.fields[self._textarea] and data.startswith("\n") else data
            self.fields[self._textarea] += text


def form_fields(html: str, form_id: str) -> dict[str, str]:
    """The names and values a browser would send for the form with this id."""
    reader = _FormReader(form_id)
    reader.feed(html)
    if not reader.fields:
        raise AssertionError(f"no form #{form_id} with fields on the page")
    return {name: ("" if value is None else value) for name, value in reader.fields.items()}
