"""Entity linking: a registry of canonical entities and a stage that links mentions to it."""

from __future__ import annotations

from marsad.analyse.linking.linker import link, local_id
from marsad.analyse.linking.registry import CanonicalEntity, demonym_country, registry, resolve
from marsad.analyse.linking.stage import LinkStage

__all__ = ["CanonicalEntity", "LinkStage", "demonym_country", "link", "local_id", "registry", "resolve"]
