"""Attributed statements: who said what, on whose word (speaker, cue, content, via)."""

from marsad.analyse.statements.stage import StatementStage, find_statements

__all__ = ["StatementStage", "find_statements"]
