"""Gold-gate floors that can only rise: ``floors.json`` is read only when its hash is the pinned one.

Each gate pins ``FLOORS_HASH``, a hash of its ``floors.json``. Any edit of that
file (a floor lowered as much as one raised) fails the gate until the hash in
the test is changed too, so moving a floor is a deliberate two-line change seen
in review: the floor in ``floors.json`` and the hash in the test. Raise a floor
only after re-measuring with the gate's script; never lower one.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any


def floors_hash(path: Path) -> str:
    """The first 16 hex digits of the sha256 of ``path``'s bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def pinned_floors(path: Path, pinned: str) -> dict[str, Any]:
    """The floors in ``path``, after checking that the file's hash is ``pinned``."""
    found = floors_hash(path)
    assert found == pinned, (
        f"{path.name} in {path.parent.name} changed (hash {found}, the test pins {pinned}): a floor may only "
        "rise. Re-measure with the gate's script, raise only floors the new figures clear, never lower one, "
        "then pin the new hash in the test."
    )
    return dict(json.loads(path.read_text(encoding="utf-8")))
