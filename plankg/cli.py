"""The ``plankg`` command line: a thin layer over :class:`plankg.app.Plankg`."""

from __future__ import annotations

import datetime as dt
import json
import logging
import sys
from pathlib import Path

import click
from tqdm import tqdm

from extractor import ExtractOptions, PlanReadError
from extractor.naming import slug
from store import StoreBusyError, StoreError, queries

from .app import Plankg
from .config import Config, parse_date

log = logging.getLogger("plankg")


def _setup_logging(verbose: int) -> None:
    level = logging.WARNING - 10 * verbose
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s",
                        stream=sys.stderr)


def _date(_ctx: click.Context, _param: click.Parameter, value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return parse_date(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from exc


extract_options = [
    click.option("--status-date", callback=_date,
                 help="Status date when the document names none (YYYY-MM-DD or DD.MM.YYYY)."),
    click.option("--municipality", help="The town the plan belongs to (else recognised)."),
    click.option("--plan", "plan_key", help="Plan key shared by all reports of one plan."),
]


def with_extract_options(func):
    for option in reversed(extract_options):
        func = option(func)
    return func


def _progress(items: list, label: str):
    # A bar on a terminal for many files, nothing in pipes and logs.
    return tqdm(items, desc=label, unit="file", disable=None if len(items) > 1 else True,
                file=sys.stderr, leave=False)


@click.group()
@click.option("-v", "--verbose", count=True, help="More log output (-vv for debug).")
@click.option("--config", "config_path", type=click.Path(dir_okay=False),
              help="A TOML configuration file ([plankg] table).")
@click.pass_context
def main(ctx: click.Context, verbose: int, config_path: str | None) -> None:
    """plankg: German municipal plans and status reports as a knowledge graph."""
    _setup_logging(verbose)
    ctx.obj = {"config_path": config_path}


def _app(ctx: click.Context, **overrides: object) -> Plankg:
    try:
        config = Config.load(ctx.obj["config_path"], **overrides)
    except (OSError, ValueError) as exc:
        raise click.ClickException(f"configuration: {exc}") from exc
    app = Plankg(config)
    ctx.call_on_close(app.close)  # release the store lock as soon as the command ends
    return app


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output", required=True, type=click.Path(path_type=Path),
              help="Output file: .trig or .nq (N-Quads).")
@click.option("--no-validate", is_flag=True, help="Skip the SHACL check.")
@with_extract_options
@click.pass_context
def extract(ctx: click.Context, files: tuple[Path, ...], output: Path, no_validate: bool,
            status_date: dt.date | None, municipality: str | None, plan_key: str | None) -> None:
    """Extract FILES into one RDF dataset (TriG or N-Quads by OUTPUT's extension)."""
    fmt = {".trig": "trig", ".nq": "nquads", ".nquads": "nquads"}.get(output.suffix.lower())
    if fmt is None:
        raise click.UsageError("OUTPUT must end in .trig or .nq")
    app = _app(ctx)
    options = ExtractOptions(status_date=status_date, municipality=municipality,
                             plan_key=plan_key)
    failed = 0
    from rdflib import Dataset

    combined = Dataset()
    for path in _progress(list(files), "extract"):
        try:
            result = app.extract(path, options, validate=not no_validate)
        except PlanReadError as exc:
            click.echo(f"error: {exc}", err=True)
            failed += 1
            continue
        for quad in result.dataset.quads((None, None, None, None)):
            combined.add(quad)
        for prefix, ns in result.dataset.namespaces():
            combined.bind(prefix, ns, override=False)
        click.echo(result.summary())
    if failed == len(files):
        sys.exit(1)
    output.write_text(combined.serialize(format=fmt), encoding="utf-8")
    click.echo(f"wrote {output} ({len(combined)} quads)")
    if failed:
        sys.exit(1)


store_option = click.option(
    "--store", help="Store directory or http(s):// SPARQL endpoint (default $PLANKG_STORE "
                    "or ./data).")


def _store_errors(func):
    """Turn store failures into one clear line and a non-zero exit."""
    import functools

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except StoreBusyError as exc:
            raise click.ClickException(str(exc)) from exc
        except StoreError as exc:
            raise click.ClickException(f"store: {exc}") from exc

    return wrapper


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@store_option
@with_extract_options
@click.option("--jobs", type=click.IntRange(min=1), default=None,
              help="Processes that extract (default: one per 4 files, up to the cores).")
@click.pass_context
@_store_errors
def load(ctx: click.Context, files: tuple[Path, ...], store: str | None,
         status_date: dt.date | None, municipality: str | None, plan_key: str | None,
         jobs: int | None) -> None:
    """Extract FILES and add them to the store, keeping every report's history."""
    app = _app(ctx, store=store)
    options = ExtractOptions(status_date=status_date, municipality=municipality,
                             plan_key=plan_key)
    failed = 0
    bar = _progress(list(files), "load")
    for _path, report in app.load_many(list(files), options, jobs=jobs):
        bar.update(1)
        if isinstance(report, PlanReadError):
            click.echo(f"error: {report} (nothing stored)", err=True)
            failed += 1
            continue
        click.echo(report.summary())
        for warning in report.warnings:
            click.echo(f"  warning: {warning}", err=True)
    bar.close()
    if failed:
        sys.exit(1)


@main.command()
@click.argument("sparql")
@store_option
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default=None,
              help="Output format (default: table on a terminal, json otherwise).")
@click.pass_context
@_store_errors
def query(ctx: click.Context, sparql: str, store: str | None, fmt: str | None) -> None:
    """Run a SPARQL query against the store."""
    app = _app(ctx, store=store)
    fmt = fmt or ("table" if sys.stdout.isatty() else "json")
    try:
        result = app.store.query(sparql, timeout=app.config.query_timeout)
    except ValueError as exc:
        raise click.ClickException(f"bad query: {exc}") from exc
    if fmt == "table" and result.kind == "solutions":
        rows = [[_cell(row.get(v)) for v in result.variables] for row in result]
        click.echo(render_table(result.variables, rows))
    elif result.kind == "boolean" and fmt == "table":
        click.echo("yes" if result.boolean else "no")
    else:
        target = {"json": "json", "csv": "csv", "table": "json"}[fmt]
        if result.kind == "graph":
            target = "turtle"
        sys.stdout.buffer.write(result.serialize(target))
        if not fmt == "csv":
            click.echo()


def _cell(term: object) -> str:
    return "" if term is None else str(term)


def render_table(headers: list[str], rows: list[list[str]], width: int = 60) -> str:
    """A plain text table; long cells are cut so that rows stay on one line."""
    cut = [[c if len(c) <= width else c[: width - 1] + "…" for c in row] for row in rows]
    widths = [max([len(h)] + [len(r[i]) for r in cut]) for i, h in enumerate(headers)]
    line = "  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True))
    sep = "  ".join("-" * w for w in widths)
    body = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in cut]
    return "\n".join([line, sep, *body, f"({len(rows)} rows)"])


@main.command()
@click.argument("name")
@store_option
@click.option("--town", help="Only this town's actors (its name, e.g. Mössingen).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
@click.pass_context
@_store_errors
def who(ctx: click.Context, name: str, store: str | None, town: str | None, fmt: str) -> None:
    """What NAME (a person, unit, organisation or group) is responsible for."""
    app = _app(ctx, store=store)
    rows = queries.who(app.store, app.config.base_iri, name, town=slug(town) if town else None)
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2, default=str))
        return
    if not rows:
        raise click.ClickException(f"nobody called {name!r} is responsible for anything here")
    headers = ["who", "measure", "role", "area", "time frame", "status", "as of"]
    table = [[r["agentLabel"], r["title"], ", ".join(r["roles"]), r["area"],
              _span(r), r["status"] or "", str(r["asOf"] or "")] for r in rows]
    click.echo(render_table(headers, table, width=45))


def _span(row: dict) -> str:
    if row.get("start") or row.get("end"):
        return f"{row.get('start') or '…'} – {row.get('end') or '…'}"
    return row.get("timeframe") or ""


@main.command()
@click.argument("old", required=False)
@click.argument("new", required=False)
@click.option("--since", callback=_date, help="Compare the report before DATE with the latest.")
@store_option
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
@click.pass_context
@_store_errors
def changes(ctx: click.Context, old: str | None, new: str | None, since: dt.date | None,
            store: str | None, fmt: str) -> None:
    """What changed between two loaded reports (file names or document IRIs)."""
    app = _app(ctx, store=store)
    base = app.config.base_iri
    docs = queries.documents(app.store, base)
    if since is not None:
        before = [d for d in docs if d.get("statusDate") and d["statusDate"] <= since]
        after = [d for d in docs if d.get("statusDate") and d["statusDate"] > since]
        if not before or not after:
            raise click.ClickException(f"need a report on or before {since} and one after it")
        old_iri, new_iri = before[-1]["doc"], after[-1]["doc"]
    else:
        if not (old and new):
            raise click.UsageError("give OLD and NEW, or --since DATE")
        old_iri = queries.find_document(app.store, base, old)
        new_iri = queries.find_document(app.store, base, new)
        for ref, found in ((old, old_iri), (new, new_iri)):
            if found is None:
                raise click.ClickException(f"no loaded report matches {ref!r}")
    diff = queries.changes(app.store, base, old_iri, new_iri)
    if fmt == "json":
        click.echo(json.dumps(diff, ensure_ascii=False, indent=2, default=str))
        return
    click.echo(f"from {old_iri}\n  to {new_iri}\n")
    click.echo(f"status changes ({len(diff['transitions'])}):")
    for t in diff["transitions"]:
        click.echo(f"  {t['from'] or '-'} → {t['to'] or '-'}: {t['title']}")
    click.echo(f"new measures ({len(diff['new_measures'])}):")
    for m in diff["new_measures"]:
        click.echo(f"  + {m['title']}")
    click.echo(f"no longer mentioned ({len(diff['dropped_measures'])}):")
    for m in diff["dropped_measures"]:
        click.echo(f"  - {m['title']}")
    if diff["retitled"]:
        click.echo(f"retitled ({len(diff['retitled'])}):")
        for m in diff["retitled"]:
            click.echo(f"  ~ {m['from']} → {m['to']}")


@main.group(invoke_without_command=True)
@click.option("--missing", is_flag=True, help="List organisations in the store without links.")
@store_option
@click.pass_context
@_store_errors
def links(ctx: click.Context, missing: bool, store: str | None) -> None:
    """Links to Wikidata and the GND: what is missing, and refreshing the tables."""
    if ctx.invoked_subcommand is not None:
        return
    from linking import queries as link_queries

    app = _app(ctx, store=store)
    rows = (link_queries.unlinked_organisations if missing else link_queries.links)(
        app.store, app.config.base_iri)
    if missing:
        table = [[r["label"], str(r["documents"]), r["agent"]] for r in rows]
        click.echo(render_table(["organisation", "documents", "IRI"], table))
    else:
        table = [[r.get("label") or "", r["link"], r["s"]] for r in rows]
        click.echo(render_table(["label", "link", "resource"], table))


@links.command("refresh")
@click.option("--endpoint", default=None,
              help="SPARQL endpoint with Wikidata's shape (default: Wikidata's public one).")
@click.option("--organisations", "org_path", type=click.Path(path_type=Path),
              help="Organisation table to fill (default $PLANKG_ORGANISATIONS, else the "
                   "shipped one).")
@click.option("--municipalities", "mun_path", type=click.Path(path_type=Path),
              help="Municipality table to fill (default $PLANKG_MUNICIPALITIES, else the "
                   "shipped one).")
def links_refresh(endpoint: str | None, org_path: Path | None, mun_path: Path | None) -> None:
    """Fill Wikidata, GND, AGS/ARS and GeoNames ids in the reference tables."""
    from extractor import places
    from linking import organisations, tables
    from linking.refresh import (
        WIKIDATA_SPARQL,
        Endpoint,
        RefreshError,
        refresh_municipalities,
        refresh_organisations,
    )

    client = Endpoint(endpoint or WIKIDATA_SPARQL)
    jobs = [("organisations", org_path or tables.user_organisations()
             or tables.shipped_organisations(), refresh_organisations),
            ("municipalities", mun_path or tables.user_municipalities()
             or tables.shipped_municipalities(), refresh_municipalities)]
    for name, path, refresh in jobs:
        try:
            report = refresh(path, client)
        except RefreshError as exc:
            raise click.ClickException(f"refresh of {name} failed: {exc}") from exc
        except OSError as exc:
            raise click.ClickException(f"{path}: {exc}") from exc
        click.echo(f"{name} ({path}): {report.summary()}")
        for line in report.ambiguous + report.conflicts:
            click.echo(f"  check: {line}", err=True)
    organisations.reload()
    places.municipalities.cache_clear()


@main.command()
@click.option("-o", "--output", type=click.Path(path_type=Path), help="File (default stdout).")
@click.option("--format", "fmt", type=click.Choice(["turtle", "json-ld"]), default=None,
              help="Default: by OUTPUT's extension (.ttl, .jsonld), else turtle.")
@click.option("--service-url", default="http://127.0.0.1:8080",
              help="Public URL of the service (for the SPARQL endpoint and access URLs).")
@click.option("--publisher", default="plankg", help="Publisher name.")
@store_option
@click.pass_context
@_store_errors
def catalog(ctx: click.Context, output: Path | None, fmt: str | None, service_url: str,
            publisher: str, store: str | None) -> None:
    """A DCAT-AP.de and VoID description of the loaded data."""
    from linking.catalog import CatalogOptions, catalog_graph

    app = _app(ctx, store=store)
    if fmt is None:
        fmt = "json-ld" if output and output.suffix in (".jsonld", ".json") else "turtle"
    graph = catalog_graph(app.store, app.config.base_iri,
                          CatalogOptions(service_url=service_url, publisher=publisher))
    text = graph.serialize(format=fmt)
    if output:
        output.write_text(text, encoding="utf-8")
        click.echo(f"wrote {output} ({len(graph)} triples)")
    else:
        click.echo(text)


@main.command()
@click.option("--format", "fmt", type=click.Choice(["csv", "jsonld"]), required=True)
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True)
@store_option
@click.pass_context
@_store_errors
def export(ctx: click.Context, fmt: str, output: Path, store: str | None) -> None:
    """Responsibilities as CSV (one row per measure and actor) or everything as JSON-LD."""
    from linking.export import jsonld, responsibilities_csv

    app = _app(ctx, store=store)
    text = (responsibilities_csv(app.store, app.config.base_iri) if fmt == "csv"
            else jsonld(app.store))
    output.write_text(text, encoding="utf-8")
    click.echo(f"wrote {output}")


@main.command()
@store_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8080, show_default=True, type=int, help="Port to listen on.")
@click.option("--threads", default=8, show_default=True, type=int,
              help="Request threads of the one worker process.")
@click.option("--base-iri", help="Base for minted IRIs (default $PLANKG_BASE_IRI); set it to "
                                 "http://HOST:PORT/id/ to make them dereference here.")
@click.pass_context
@_store_errors
def serve(ctx: click.Context, store: str | None, host: str, port: int, threads: int,
          base_iri: str | None) -> None:
    """Serve the web pages, JSON API, SPARQL endpoint and Graph Store (gunicorn).

    Writes need the bearer token in $PLANKG_TOKEN; without it the service takes no writes.
    """
    from .serve import run

    run(_app(ctx, store=store, base_iri=base_iri).config, host=host, port=port, threads=threads)


if __name__ == "__main__":
    main()
