"""A statement candidate: what a shape found in a unit, before its speaker is resolved."""

from __future__ import annotations

from dataclasses import dataclass

from marsad.analyse.statements.patterns import Unit

# Punctuation that may close what was said.
TERMINAL = frozenset(".!?؟…،,؛;:")
# The agreement of a quotation with no verb: the last speaker goes on, whoever it is.
ANY = "*"
ON = frozenset({"on"})
# A noun content is at least this many words long.
MIN_OBJECT = 3


@dataclass(slots=True)
class Candidate:
    """A statement found in the text, before its speaker is resolved (offsets into the text)."""

    cue: tuple[int, int]
    content: tuple[int, int]
    direct: bool
    speaker: tuple[int, int] | None  # None: left out, continues an earlier speaker
    joined: bool = False  # the speaker follows a joined «ل» («للمصدر»)
    via: tuple[int, int] | None = None
    affiliation: tuple[int, int] | None = None
    demonym: tuple[int, int] | None = None
    qualified: bool = False  # an unnamed-source qualifier goes with the speaker
    headline: bool = False  # a headline or subhead «فلان: ...», kept only if its speaker reads as one
    agreement: str = ""  # the verb's subject agreement: "m", "f", "p", or "" (no verb: a headline, a marker)
    follows: bool = False  # «وقال الوزير:» ends its line: the content is on the lines after
    relayed: bool = False  # «نقلت الصحيفة عن فلان»: the verb agrees with the medium, not with the speaker
    silent: bool = False  # a reporting verb whose content was not found: it only names a speaker for later ones


def span(unit: Unit, first: int, stop: int, skip: int = 0) -> tuple[int, int]:
    """Character span of tokens ``[first, stop)``, ``skip`` characters into the first."""
    return unit.tokens[first].start + skip, unit.tokens[stop - 1].end
