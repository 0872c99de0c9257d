"""Interface language: Arabic by default, English by ``?lang=en`` or the ``lang`` cookie."""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import lru_cache
from importlib import resources

from starlette.requests import Request

LANGS = ("ar", "en")
DEFAULT = "ar"
COOKIE = "lang"


@lru_cache(maxsize=1)
def catalogue() -> dict[str, dict[str, str]]:
    """The message catalogue from ``messages.json`` (read on first use)."""
    data: dict[str, dict[str, str]] = json.loads(
        resources.files("marsad.web").joinpath("messages.json").read_text(encoding="utf-8")
    )
    return data


def pick(request: Request) -> tuple[str, bool]:
    """The language of this request, and whether it was chosen now (so the cookie is set)."""
    asked = request.query_params.get("lang")
    if asked in LANGS:
        return asked, True
    saved = request.cookies.get(COOKIE)
    return (saved if saved in LANGS else DEFAULT), False


def translator(lang: str) -> Callable[[str], str]:
    """``t(key)``: the message in ``lang``, falling back to Arabic, then to the key itself."""
    messages = catalogue()

    def t(key: str) -> str:
        return messages.get(lang, {}).get(key) or messages[DEFAULT].get(key) or key

    return t
