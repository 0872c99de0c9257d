"""The one write route: upload files and ingest them (only with the server's token)."""

from __future__ import annotations

import re
import tempfile
import threading
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from marsad.api.deps import require_token

router = APIRouter(prefix="/api", tags=["ingest"])

MAX_FILES = 200
MAX_BYTES = 256 * 1024 * 1024  # all uploaded files of one request together
_CHUNK = 1024 * 1024
_UNSAFE = re.compile(r"[^\w.\-]+")
_LOCK = threading.Lock()  # one ingest at a time: SQLite has one writer

_BODY = {
    "requestBody": {
        "required": True,
        "content": {"multipart/form-data": {"schema": {
            "type": "object",
            "properties": {"files": {"type": "array", "items": {"type": "string", "format": "binary"}}},
            "required": ["files"],
        }}},
    }
}


def _safe_name(name: str | None, n: int) -> str:
    """A file name without folders or odd characters (the extension is kept for sniffing)."""
    base = _UNSAFE.sub("_", Path(name or "").name).strip("._")
    return base[:100] or f"upload-{n}"


def _ingest(db_path: str, paths: list[str]) -> dict[str, Any]:
    """Run the local engine over ``paths`` into the store, then bring copies and stories up to date."""
    from marsad.engines.local import run
    from marsad.engines.sinks import StoreSink
    from marsad.library import default_pipeline
    from marsad.store import Store
    from marsad.store.corpus import update_corpus

    with _LOCK, Store(db_path) as store:
        store.start_run("api ingest")
        summary = run(paths, default_pipeline(), StoreSink(store))
        store.finish_run(summary.to_dict())
        corpus = update_corpus(store) if summary.stored else {}
    return {**summary.to_dict(), "corpus": corpus}


@router.post("/ingest", dependencies=[Depends(require_token)], openapi_extra=_BODY)
async def ingest(request: Request) -> dict[str, Any]:
    """Ingest uploaded files (multipart field ``files``) and return the run summary."""
    with tempfile.TemporaryDirectory(prefix="marsad-upload-") as folder:
        paths: list[str] = []
        total = 0
        async with request.form(max_files=MAX_FILES) as form:
            uploads = [item for item in form.getlist("files") if isinstance(item, UploadFile)]
            if not uploads:
                raise HTTPException(422, "send one or more files in the multipart field 'files'")
            for n, upload in enumerate(uploads):
                target = Path(folder) / f"{n:03d}" / _safe_name(upload.filename, n)
                target.parent.mkdir()
                with target.open("wb") as out:
                    while chunk := await upload.read(_CHUNK):
                        total += len(chunk)
                        if total > MAX_BYTES:
                            raise HTTPException(413, "the upload is too large")
                        out.write(chunk)
                paths.append(str(target))
        return await run_in_threadpool(_ingest, request.app.state.db_path, paths)
