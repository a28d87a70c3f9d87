"""Long lists shown PER_PAGE rows at a time, with page links that keep the page's other parameters."""

from django.core.paginator import Paginator

from pcitrack.core.text import whole_number

PER_PAGE = 50


def paginate(request, items, param: str = "page", *, anchor: str = "", per_page: int = PER_PAGE):
    """The page of `items` that request.GET[param] asks for: the first for a missing or bad number, the last past
    the end. The page carries its links (`links`, `previous_url`, `next_url`) for web/_pagination.html."""
    paginator = Paginator(items, per_page)
    page = paginator.get_page(whole_number(request.GET.get(param), 1) or 1)
    fragment = f"#{anchor}" if anchor else ""

    def url(number: int) -> str:
        query = request.GET.copy()
        query[param] = str(number)
        return f"?{query.urlencode()}{fragment}"

    page.links = [
        (n, url(n) if isinstance(n, int) else None)
        for n in paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
    ]
    page.previous_url = url(page.number - 1) if page.has_previous() else None
    page.next_url = url(page.number + 1) if page.has_next() else None
    return page
