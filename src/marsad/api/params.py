"""Query parameters shared by several routes: the statement filters."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query

from marsad.store.statement_groups import StatementFilters


def statement_query(
    speaker: Annotated[str | None, Query(description="Speaker entity id, or text in the speaker or its affiliation.")] = None,
    anonymous: Annotated[bool | None, Query(description="Only anonymous (true) or named (false) speakers.")] = None,
    affiliation: Annotated[str | None, Query(description="Affiliation of the source: an entity id or text.")] = None,
    via: Annotated[str | None, Query(description="Medium that relayed the statement: an entity id or a name.")] = None,
    outlet: Annotated[str | None, Query(description="Site or outlet of the article: a slug or a name.")] = None,
    since: Annotated[str | None, Query(description="Published on or after (ISO date).")] = None,
    until: Annotated[str | None, Query(description="Published on or before (ISO date, inclusive).")] = None,
    story: Annotated[str | None, Query(description="Only statements in the articles of this story.")] = None,
    about: Annotated[str | None, Query(description="Entity the article mentions, or a name in the content.")] = None,
) -> StatementFilters:
    """The statement filters of a request (blank values ignored)."""
    return StatementFilters(speaker or None, anonymous, affiliation or None, via or None, outlet or None,
                            since or None, until or None, story or None, about or None)


StatementQuery = Annotated[StatementFilters, Depends(statement_query)]
