"""Preloaded by the forkserver of marsad's worker pools (and by nothing else): importing it
makes the forkserver end when the marsad process that started it ends (see ``orphans``)."""

from marsad.engines.orphans import watch_parent

watch_parent()
