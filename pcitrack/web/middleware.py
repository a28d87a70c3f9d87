from django.conf import settings
from django.utils import translation


class LanguageMiddleware:
    """Vietnamese unless the user picked another language on the site.

    Unlike Django's LocaleMiddleware the browser's Accept-Language is ignored: many
    civil servants use an English browser but work in Vietnamese.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.available = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.available else settings.LANGUAGE_CODE
        request.LANGUAGE_CODE = language
        with translation.override(language):
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class PrivateCacheMiddleware:
    """A page or file shown to a signed-in person is for that person only: neither the browser nor a proxy may
    keep a copy (a shared office computer, a caching proxy between the office and the server)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response.headers["Cache-Control"] = "private, no-store"
        return response


class MethodNotAllowedPageMiddleware:
    """An address only a form's button sends to (…/submit/ typed or bookmarked) answers a page saying so, in the
    site's language, instead of the browser's blank error; the status and the Allow header stay."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 405 or response.content:
            return response
        from django.shortcuts import render

        page = render(request, "405.html", status=405)
        page["Allow"] = response.get("Allow", "")
        return page
