from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from fireside.search.query import search


@login_required
def search_page(request: HttpRequest) -> HttpResponse:
    q = (request.GET.get("q") or "").strip()[:200]
    hits = search(request.user, q) if q else []
    return render(request, "search/results.html", {"q": q, "hits": hits})
