"""Linking and publishing: ``plankg links [refresh]``, ``catalog`` and ``export``."""

from __future__ import annotations

import shutil
from pathlib import Path

import click

from extractor import references, tables
from linking import queries as link_queries
from linking.catalog import CatalogOptions, catalog_graph
from linking.export import jsonld, responsibilities_csv
from linking.refresh import (
    WIKIDATA_SPARQL,
    Endpoint,
    RefreshError,
    refresh_municipalities,
    refresh_organisations,
)

from .common import app_of, config_of, render_table, store_errors, store_option


@click.group(invoke_without_command=True)
@click.option("--missing", is_flag=True, help="List organisations in the store without links.")
@store_option
@click.pass_context
@store_errors
def links(ctx: click.Context, missing: bool, store: str | None) -> None:
    """Links to Wikidata and the GND: what is missing, and refreshing the tables."""
    if ctx.invoked_subcommand is not None:
        return
    app = app_of(ctx, store=store, reading=True)
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
              help="Organisation table to fill (default: the configured one, else "
                   "organisations.csv in the user data directory).")
@click.option("--municipalities", "mun_path", type=click.Path(path_type=Path),
              help="Municipality table to fill (default: the configured one, else "
                   "municipalities.csv in the user data directory).")
@click.pass_context
def links_refresh(ctx: click.Context, endpoint: str | None, org_path: Path | None,
                  mun_path: Path | None) -> None:
    """Fill Wikidata, GND, AGS/ARS and GeoNames ids in the user's reference tables.

    The shipped tables are never changed: a table the user has none of yet starts as a
    copy of the shipped one in the user data directory, where plankg then reads it."""
    config = config_of(ctx)
    client = Endpoint(endpoint or WIKIDATA_SPARQL)
    jobs = [("organisations", org_path or config.user_table("organisations"),
             tables.shipped_organisations(), refresh_organisations),
            ("municipalities", mun_path or config.user_table("municipalities"),
             tables.shipped_municipalities(), refresh_municipalities)]
    for name, path, shipped, refresh in jobs:
        try:
            if not path.exists():
                path.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(shipped, path)
            report = refresh(path, client)
        except RefreshError as exc:
            raise click.ClickException(f"refresh of {name} failed: {exc}") from exc
        except OSError as exc:
            raise click.ClickException(f"{path}: {exc}") from exc
        click.echo(f"{name} ({path}): {report.summary()}")
        for line in report.ambiguous + report.conflicts:
            click.echo(f"  check: {line}", err=True)
    references.reload()


@click.command()
@click.option("-o", "--output", type=click.Path(path_type=Path), help="File (default stdout).")
@click.option("--format", "fmt", type=click.Choice(["turtle", "json-ld"]), default=None,
              help="Default: by OUTPUT's extension (.ttl, .jsonld), else turtle.")
@click.option("--service-url", default="http://127.0.0.1:8080",
              help="Public URL of the service (for the SPARQL endpoint and access URLs).")
@click.option("--publisher", default="plankg", help="Publisher name.")
@store_option
@click.pass_context
@store_errors
def catalog(ctx: click.Context, output: Path | None, fmt: str | None, service_url: str,
            publisher: str, store: str | None) -> None:
    """A DCAT-AP.de and VoID description of the loaded data."""
    app = app_of(ctx, store=store, reading=True)
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


@click.command()
@click.option("--format", "fmt", type=click.Choice(["csv", "jsonld"]), required=True)
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True)
@store_option
@click.pass_context
@store_errors
def export(ctx: click.Context, fmt: str, output: Path, store: str | None) -> None:
    """Responsibilities as CSV (one row per measure and actor) or everything as JSON-LD."""
    app = app_of(ctx, store=store, reading=True)
    text = (responsibilities_csv(app.store, app.config.base_iri) if fmt == "csv"
            else jsonld(app.store))
    output.write_text(text, encoding="utf-8")
    click.echo(f"wrote {output}")
