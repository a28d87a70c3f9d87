from django.urls import path

from pcitrack.urls import urlpatterns as real


def boom(request):
    raise RuntimeError("secret internals")


urlpatterns = [path("boom", boom), *real]
