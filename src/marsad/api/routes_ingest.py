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
from marsad.engines.sinks import StoreSink
from marsad.store import Store

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


def _ingest(db_path: str, uploads: dict[str, str]) -> dict[str, Any]:
    """Ingest the uploaded files (temporary path -> client name), as `marsad ingest` would.

    Records name each upload ``upload:<client name>``, not its temporary path, and
    uploads are not remembered as inputs (their files are gone after the request).
    """
    # Extraction and the analysis stages load here, with the first upload: importing them at
    # start would cost each server process about 270 ms (measured after the app's own imports)
    # and their memory, also when no token allows an ingest.
    from marsad import library

    with _LOCK, Store(db_path) as store:
        sink = StoreSink(store, reprocess=True, remember_inputs=False, rename=lambda path: uploads.get(path, path))
        result = library.ingest(list(uploads), store, sink=sink, command="api ingest")
    return result.to_dict()


@router.post("/ingest", dependencies=[Depends(require_token)], openapi_extra=_BODY)
async def ingest(request: Request) -> dict[str, Any]:
    """Ingest uploaded files (multipart field ``files``) and return the run summary."""
    with tempfile.TemporaryDirectory(prefix="marsad-upload-") as folder:
        names: dict[str, str] = {}  # temporary path -> the name records carry
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
                names[str(target)] = f"upload:{target.name}"
        return await run_in_threadpool(_ingest, request.app.state.db_path, names)
