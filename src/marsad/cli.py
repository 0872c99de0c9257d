"""The ``marsad`` command line: thin functions over the library.

Exit status: 0 when every document was read, 1 when some failed, 2 on a usage
error or when nothing readable was given.
"""

from __future__ import annotations

import csv
import json
import sqlite3
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape

from marsad.csvcells import cell
from marsad.errors import MarsadError, UsageError
from marsad.pipeline import RunSummary
from marsad.sources.raw import MIB, Limits
from marsad.store import DEFAULT_PATH, Store
from marsad.store.budget import DEFAULT_SECONDS
from marsad.store.search import DEFAULT_LIMITS, SearchLimits
from marsad.store.statement_groups import StatementFilters
from marsad.store.story_lists import SORTS as STORY_SORTS

# Extraction, the analysis stages and the engines (trafilatura, numpy, the models:
# about 250 ms measured after this module's own 170 ms), the tagger (50 ms), the
# progress bar (15 ms) and the server (fastapi, an optional extra: 500 ms) are imported
# by the commands that run them, so `marsad search` starts fast. Every read goes
# through the Store's methods.

class _Marsad(typer.Typer):
    """The command line, with one last guard: a store that cannot be read is an error message, not a traceback."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().__call__(*args, **kwargs)
        except (MarsadError, sqlite3.Error) as e:
            message = e.message if isinstance(e, MarsadError) else f"the store cannot be read: {e}"
            err.print(f"[bold red]error:[/] {escape(message)}")
            sys.exit(EXIT_USAGE)


app = _Marsad(
    name="marsad",
    help="marsad (مرصد): clean Arabic news articles, find who said what, and search them.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err = Console(stderr=True, highlight=False, soft_wrap=True)
out = Console(highlight=False, soft_wrap=True)

EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE = 0, 1, 2
MAX_LISTED_FAILURES = 25

PathsArg = Annotated[list[str], typer.Argument(help="Files, folders (read recursively) or - for standard input.")]
DbOpt = Annotated[str, typer.Option("--db", help="The store (SQLite file).")]
MaxMbOpt = Annotated[float, typer.Option("--max-mb", help="Largest document (and decompressed file) accepted, in MiB.")]
UnpackedOpt = Annotated[float, typer.Option("--max-unpacked-mb", help="Most a compressed input may decompress to, in MiB.")]
RatioOpt = Annotated[float, typer.Option("--max-ratio", min=1.0, help="Most a compressed input may decompress per compressed byte (past its first --max-mb).")]
ElementsOpt = Annotated[int, typer.Option("--max-elements", min=1, help="Most elements an HTML page may hold.")]
DepthOpt = Annotated[int, typer.Option("--max-depth", min=1, help="Deepest an HTML page's elements may nest.")]
FollowOpt = Annotated[bool, typer.Option("--follow-links", help="Read links in input folders that lead outside them.")]
_DEFAULT = Limits()
WorkersOpt = Annotated[int, typer.Option("--workers", min=1, help="Processes for extraction and analysis.")]
MaxTermsOpt = Annotated[int, typer.Option("--max-terms", min=1, help="Most words a search query may hold (phrases count each word).")]
MaxPrefixesOpt = Annotated[int, typer.Option("--max-prefixes", min=0, help="Most prefix terms (word*) a search query may hold.")]


def _limits(
    max_mb: float,
    max_unpacked_mb: float = _DEFAULT.max_unpacked_bytes / MIB,
    max_ratio: float = _DEFAULT.max_ratio,
    max_elements: int = _DEFAULT.max_elements,
    max_depth: int = _DEFAULT.max_depth,
    follow_links: bool = False,
) -> Limits:
    size = int(max_mb * MIB)
    return Limits(
        max_document_bytes=size, max_file_bytes=size, max_unpacked_bytes=int(max_unpacked_mb * MIB),
        max_ratio=max_ratio, max_elements=max_elements, max_depth=max_depth, follow_links=follow_links,
    )


def _fail(message: str) -> typer.Exit:
    err.print(f"[bold red]error:[/] {escape(message)}")
    return typer.Exit(EXIT_USAGE)


def _open_existing(db: str) -> Store:
    """The store at ``db`` for reading: upgraded when it can be written, read as it is when it cannot."""
    if db != ":memory:" and not Path(db).exists():
        raise _fail(f"no store at {db}: run `marsad ingest PATH --db {db}` first")
    try:
        return Store(db, readonly=None)
    except MarsadError as e:
        raise _fail(e.message) from e


def _exit_code(summary: RunSummary) -> int:
    if summary.articles == 0 and (summary.failed or not summary.skipped_inputs):
        return EXIT_USAGE
    return EXIT_SOME_FAILED if summary.failed else EXIT_OK


def _print_summary(summary: RunSummary, stored_label: str) -> None:
    parts = [f"{summary.documents} documents read", f"{summary.stored} articles {stored_label}"]
    if summary.unchanged:
        parts.append(f"{summary.unchanged} unchanged")
    if summary.skipped_inputs:
        parts.append(f"{summary.skipped_inputs} input files skipped (unchanged since last ingest)")
    parts.append(f"{summary.failed} failed")
    err.print(", ".join(parts))
    if summary.failed:
        codes = ", ".join(f"{code} {count}" for code, count in summary.failures_by_code().items())
        err.print(f"failed by code: {codes}")
        for failed in summary.failures[:MAX_LISTED_FAILURES]:
            where = failed.path or "-"
            if failed.member:
                where += f"#{failed.member}"
            err.print(f"  [red]{failed.code}[/] {escape(where)}: {escape(failed.message)}")
        if summary.failed > MAX_LISTED_FAILURES:
            err.print(f"  … and {summary.failed - MAX_LISTED_FAILURES} more (see the errors table)")
    if summary.stage_errors:
        stages = ", ".join(f"{name} {count}" for name, count in summary.stage_errors.items())
        err.print(f"[yellow]stage errors on processed articles, by code:[/] {stages}")


@app.command()
def process(
    paths: PathsArg,
    max_mb: MaxMbOpt = 8.0,
    workers: WorkersOpt = 1,
    max_unpacked_mb: UnpackedOpt = _DEFAULT.max_unpacked_bytes / MIB,
    max_ratio: RatioOpt = _DEFAULT.max_ratio,
    max_elements: ElementsOpt = _DEFAULT.max_elements,
    max_depth: DepthOpt = _DEFAULT.max_depth,
    follow_links: FollowOpt = False,
) -> None:
    """Print each document's clean record as one line of JSON (no store)."""
    limits = _limits(max_mb, max_unpacked_mb, max_ratio, max_elements, max_depth, follow_links)
    try:
        from marsad.engines.local import run
        from marsad.engines.sinks import JsonLinesSink
        from marsad.library import default_pipeline

        summary = run(paths, default_pipeline(), JsonLinesSink(sys.stdout), limits, workers)
    except MarsadError as e:
        raise _fail(e.message) from e
    sys.stdout.flush()
    _print_summary(summary, "printed")
    raise typer.Exit(_exit_code(summary))


@app.command()
def ingest(
    paths: PathsArg,
    db: DbOpt = DEFAULT_PATH,
    max_mb: MaxMbOpt = 8.0,
    workers: WorkersOpt = 1,
    reprocess: Annotated[bool, typer.Option("--reprocess", help="Read inputs even if unchanged.")] = False,
    engine: Annotated[str, typer.Option("--engine", help="local (this machine) or ray (a Ray cluster).")] = "local",
    address: Annotated[str | None, typer.Option("--address", help="Ray cluster: auto, ray://host:10001; default: a local Ray.")] = None,
    max_unpacked_mb: UnpackedOpt = _DEFAULT.max_unpacked_bytes / MIB,
    max_ratio: RatioOpt = _DEFAULT.max_ratio,
    max_elements: ElementsOpt = _DEFAULT.max_elements,
    max_depth: DepthOpt = _DEFAULT.max_depth,
    follow_links: FollowOpt = False,
) -> None:
    """Read, clean and analyse documents into the store; rerunning skips what is unchanged."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from marsad import library

    limits = _limits(max_mb, max_unpacked_mb, max_ratio, max_elements, max_depth, follow_links)
    try:
        library.check_engine(engine)
        inputs = library.ingest_inputs(paths, db, follow_links)
    except MarsadError as e:
        raise _fail(e.message) from e
    try:
        with Store(db) as store:
            columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
            with Progress(*columns, console=err, transient=True, disable=not err.is_terminal) as progress:
                task = progress.add_task("ingesting", total=len(inputs))
                result = library.ingest(
                    inputs, store, engine=engine, address=address, workers=workers, limits=limits,
                    reprocess=reprocess, on_input=lambda _path: progress.advance(task),
                    command="ingest " + " ".join(paths),
                )
    except MarsadError as e:
        raise _fail(e.message) from e
    summary, corpus = result.summary, result.corpus
    _print_summary(summary, f"stored in {db}")
    if any(corpus.values()):
        err.print(", ".join(f"{value} {name.replace('_', ' ')}" for name, value in corpus.items()))
    raise typer.Exit(_exit_code(summary))


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="Words (ANDed), \"a phrase\", word* for a prefix, OR; '' with --entity.")],
    db: DbOpt = DEFAULT_PATH,
    entity: Annotated[str | None, typer.Option("--entity", help="Only articles about this entity: an id or a name in any spelling.")] = None,
    limit: Annotated[int, typer.Option("--limit", min=1)] = 10,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per hit.")] = False,
    max_terms: MaxTermsOpt = DEFAULT_LIMITS.max_terms,
    max_prefixes: MaxPrefixesOpt = DEFAULT_LIMITS.max_prefixes,
    time_budget: Annotated[float, typer.Option("--time-budget", min=0.01, help="Seconds a query may run before it is stopped.")] = 10.0,
) -> None:
    """Full-text search over titles and texts, Arabic spellings and clitics folded."""
    limits = SearchLimits(max_terms=max_terms, max_prefixes=max_prefixes)
    with _open_existing(db) as store:
        entity_ids = None
        if entity:
            entity_ids = store.entity_ids(entity)
            if not entity_ids:
                raise _fail(f"no entity matches {entity!r}")
        try:
            hits = store.search(query, limit=limit, entity_ids=entity_ids, limits=limits, seconds=time_budget)
        except UsageError as e:
            raise _fail(e.message) from e
    if as_json:
        for hit in hits:
            print(json.dumps(hit.to_dict(), ensure_ascii=False))
        return
    if not hits:
        err.print("no match")
        return
    for hit in hits:
        origin = " · ".join(x for x in (hit.site, hit.outlet, hit.published) if x)
        out.print(f"[bold]{escape(hit.title or '(untitled)')}[/]  [dim]{hit.id}[/]")
        if origin:
            out.print(f"  [cyan]{escape(origin)}[/]")
        out.print("  " + escape(hit.snippet.marked("\x00", "\x01")).replace("\x00", "[bold yellow]").replace("\x01", "[/]"))


@app.command()
def show(article_id: Annotated[str, typer.Argument(help="An article id (or a unique prefix).")], db: DbOpt = DEFAULT_PATH) -> None:
    """Print one stored article's full record as JSON."""
    with _open_existing(db) as store:
        article = store.get(article_id)
    if article is None:
        raise _fail(f"no article {article_id} in {db}")
    print(json.dumps(article.to_dict(), ensure_ascii=False, indent=2))


CSV_FIELDS = ("id", "title", "site", "outlet", "published", "lang", "url", "path", "copy_of", "story", "text")


@app.command()
def export(
    db: DbOpt = DEFAULT_PATH,
    fmt: Annotated[str, typer.Option("--format", help="jsonl (full records) or csv (main fields).")] = "jsonl",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="File to write (default: stdout).")] = None,
) -> None:
    """Write every stored article: full records as JSON lines, or a CSV table."""
    if fmt not in ("jsonl", "csv"):
        raise _fail("--format must be jsonl or csv")
    with _open_existing(db) as store:
        stream = output.open("w", encoding="utf-8", newline="") if output else sys.stdout
        try:
            if fmt == "jsonl":
                for article in store.articles():
                    stream.write(article.to_json() + "\n")
            else:
                writer = csv.writer(stream)
                writer.writerow(CSV_FIELDS)
                for article in store.articles():
                    row = article.to_dict() | {"url": article.source.url, "path": article.source.path}
                    writer.writerow([cell(row.get(name) or "") for name in CSV_FIELDS])
        finally:
            if output:
                stream.close()


@app.command()
def statements(
    db: DbOpt = DEFAULT_PATH,
    speaker: Annotated[str | None, typer.Option("--speaker", help="Speaker or affiliation: a name or an entity id.")] = None,
    anonymous: Annotated[bool | None, typer.Option("--anonymous/--named", help="Only anonymous, or only named, sources.")] = None,
    affiliation: Annotated[str | None, typer.Option("--affiliation", help="The source's affiliation: an entity id or a name.")] = None,
    via: Annotated[str | None, typer.Option("--via", help="The medium that relayed it: a name or an entity id.")] = None,
    outlet: Annotated[str | None, typer.Option("--outlet", help="The article's site or outlet: a slug or a name.")] = None,
    about: Annotated[str | None, typer.Option("--about", help="An entity id or a name the statement is about.")] = None,
    since: Annotated[str | None, typer.Option("--since", help="Published on or after this date (YYYY-MM-DD).")] = None,
    until: Annotated[str | None, typer.Option("--until", help="Published on or before this date (YYYY-MM-DD).")] = None,
    story: Annotated[str | None, typer.Option("--story", help="Only statements in this story's articles.")] = None,
    limit: Annotated[int, typer.Option("--limit", min=1)] = 50,
    offset: Annotated[int, typer.Option("--offset", min=0)] = 0,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per statement.")] = False,
) -> None:
    """Who said what, on whose word: attributed statements, newest first; a statement repeated
    by copies is listed once, with every outlet that carries it."""
    filters = StatementFilters(speaker, anonymous, affiliation, via, outlet, since, until, story, about)
    with _open_existing(db) as store:
        rows = store.statements(filters, limit, offset).groups
    for row in rows:
        if as_json:
            print(json.dumps(row, ensure_ascii=False))
            continue
        who = row["speaker_text"] + (" [anonymous]" if row["anonymous"] else "")
        if row["affiliation"] and row["affiliation"] not in row["speaker_text"]:
            who += f" ({row['affiliation']})"
        origin = " · ".join(x for x in (row["outlet"] or row["site"], row["published"], row["article_id"]) if x)
        out.print(f"[bold]{escape(who)}[/] — [cyan]{escape(row['cue'])}[/]" + (f" via [magenta]{escape(row['via_text'])}[/]" if row["via_text"] else ""))
        quote = "«{}»" if row["direct"] else "{}"
        out.print("  " + escape(quote.format(row["content"])))
        out.print(f"  [dim]{escape(origin)}[/]")
        if row["count"] > 1:
            also = ", ".join(dict.fromkeys(i["site"] or i["outlet"] or "?" for i in row["items"][1:]))
            out.print(f"  [dim]repeated in {row['count'] - 1} more: {escape(also)}[/]")
    if not rows and not as_json:
        err.print("no statement matches")


@app.command()
def entities(
    db: DbOpt = DEFAULT_PATH,
    label: Annotated[str | None, typer.Option("--type", help="PER, ORG, LOC or MISC.")] = None,
    limit: Annotated[int, typer.Option("--limit", min=1)] = 30,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per entity.")] = False,
) -> None:
    """The entities mentioned in the most articles, every spelling linked to one id."""
    if label and label.upper() not in ("PER", "ORG", "LOC", "MISC"):
        raise _fail("--type must be PER, ORG, LOC or MISC")
    with _open_existing(db) as store:
        rows = store.top_entities(label.upper() if label else None, limit)
    for row in rows:
        if as_json:
            print(json.dumps(row, ensure_ascii=False))
        else:
            out.print(f"{row['articles']:>6}  [bold]{escape(row['name'] or '')}[/]  {row['label']}  [dim]{row['id']}[/]")
    if not rows and not as_json:
        err.print("no entity stored yet")


@app.command()
def tag(
    conll: Annotated[Path, typer.Option("--conll", exists=True, dir_okay=False, help="One token per line, a blank line between sentences.")],
) -> None:
    """Tag tokens with marsad's named-entity model: prints token<TAB>tag (B-/I- PER, ORG, LOC, MISC, O)."""
    from marsad.analyse.ner.conll import tag_conll

    with conll.open(encoding="utf-8-sig") as lines:
        for line in tag_conll(lines):
            print(line)


@app.command("stories")
def stories_command(
    db: DbOpt = DEFAULT_PATH,
    since: Annotated[str | None, typer.Option("--since", help="Stories seen on or after this date (YYYY-MM-DD).")] = None,
    sort: Annotated[str, typer.Option("--sort", help="recent, size (articles) or outlets.")] = "recent",
    min_outlets: Annotated[int, typer.Option("--min-outlets", min=1, help="Only stories covered by at least N outlets.")] = 1,
    limit: Annotated[int, typer.Option("--limit", min=1)] = 20,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per story.")] = False,
) -> None:
    """Stories: the articles of any outlet covering the same event, most recent (or largest) first,
    one-article stories last."""
    if sort not in STORY_SORTS:
        raise _fail(f"--sort must be one of {', '.join(STORY_SORTS)}")
    with _open_existing(db) as store:
        rows = store.stories(sort, min_outlets, since, None, limit)
    for row in rows:
        if as_json:
            print(json.dumps(row, ensure_ascii=False))
            continue
        span = " → ".join(dict.fromkeys(x for x in (row["first_seen"], row["last_seen"]) if x))
        out.print(f"[bold]{escape(row['headline'] or '')}[/]  [dim]{row['id']}[/]")
        out.print(f"  {row['articles']} articles · {escape(', '.join(row['outlets']))}" + (f" · {span}" if span else ""))
    if not rows and not as_json:
        err.print("no story yet")


@app.command("story")
def story_command(
    story_id: Annotated[str, typer.Argument(help="A story id (from `marsad stories`).")],
    db: DbOpt = DEFAULT_PATH,
    as_json: Annotated[bool, typer.Option("--json", help="The story and its timeline as JSON.")] = False,
) -> None:
    """A story's timeline: who published what and when, who was first, the copies, the statements."""
    with _open_existing(db) as store:
        found = store.story(story_id)
        if found is None:
            raise _fail(f"no story {story_id} in {db}")
        for item in found["timeline"]:
            item["statements"] = store.statements_of(item["id"])
    if as_json:
        print(json.dumps(found, ensure_ascii=False, indent=2))
        return
    out.print(f"[bold]{escape(found['headline'] or '')}[/]  [dim]{found['id']}[/]")
    if "renamed_from" in found:
        out.print(f"[dim]{found['renamed_from']} is now part of this story[/]")
    for item in found["timeline"]:
        mark = "[green]first[/]" if item["first"] else ("[yellow]copy[/]" if item["copy_of"] else "")
        media = " / ".join(x for x in (item["site"], item["outlet"]) if x)
        out.print(f"  {item['published'] or '?'}  {escape(media)}  {mark}  [dim]{item['id']}[/]")
        out.print(f"    {escape(item['title'] or '')}")
        for said in item["statements"]:
            who = said["speaker_text"] + (" [anonymous]" if said["anonymous"] else "")
            via = f" via {said['via_text']}" if said["via_text"] else ""
            out.print(f"      [cyan]{escape(who)}[/] {escape(said['cue'])}{escape(via)}: {escape(said['content'][:120])}")


@app.command()
def serve(
    db: DbOpt = DEFAULT_PATH,
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port")] = 8000,
    token: Annotated[str | None, typer.Option("--token", envvar="MARSAD_TOKEN", help="Allow POST /api/ingest with this bearer token.")] = None,
    max_terms: MaxTermsOpt = DEFAULT_LIMITS.max_terms,
    max_prefixes: MaxPrefixesOpt = DEFAULT_LIMITS.max_prefixes,
    time_budget: Annotated[float, typer.Option("--time-budget", min=0.01, help="Seconds the queries of one request may run before they are stopped (422).")] = DEFAULT_SECONDS,
    workers: Annotated[int, typer.Option("--workers", min=1, help="Server processes (each answers requests; one per core).")] = 1,
) -> None:
    """The web interface (Arabic, right-to-left) and the JSON API over a store."""
    try:
        from marsad.api.deps import ServeLimits
        from marsad.web.server import serve as run_server
    except ImportError as e:
        raise _fail("the web interface needs its extra: pip install 'marsad[server]'") from e
    _open_existing(db).close()
    err.print(f"marsad on http://{host}:{port}/ (store {db})")
    limits = ServeLimits(SearchLimits(max_terms=max_terms, max_prefixes=max_prefixes), time_budget)
    run_server(db, host, port, token, limits, workers)


@app.command()
def errors(db: DbOpt = DEFAULT_PATH, as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """List the documents that failed, in every run, with their reason codes."""
    with _open_existing(db) as store:
        rows = store.errors()
    for row in rows:
        if as_json:
            print(json.dumps(row, ensure_ascii=False))
        else:
            where = (row["path"] or "-") + (f"#{row['member']}" if row["member"] else "")
            out.print(f"[red]{row['code']}[/] {escape(where)}: {escape(row['message'])}")


def main() -> None:
    """Entry point for ``python -m marsad``."""
    app()


from marsad import cli_desk  # noqa: E402,F401  (registers `marsad sources` and `marsad summary`)
