from django.shortcuts import render
from django.views.decorators.http import require_GET

from pcitrack import access
from pcitrack.core.text import search_terms, squash
from pcitrack.plans import search as finder

MAX_QUERY = 200


@require_GET
@access.member_required
def search_page(request):
    """Tasks, indicators, units and reports with every word of the query, within what the user may see."""
    query = squash(request.GET.get("q", ""))[:MAX_QUERY]
    results = finder.search(request.user, query) if search_terms(query) else None
    return render(request, "web/search.html", {"search_query": query, "results": results, "shown": finder.SHOWN})
