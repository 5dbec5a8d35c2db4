"""The ``plankg`` command line: a thin layer over :class:`plankg.app.Plankg`.

One module per concern: documents in (``documents``), questions (``questions``), linking
and publishing (``publish``), the service (``gunicorn``); ``common`` holds what they share.
"""

from __future__ import annotations

import click

from .common import (
    PlankgGroup,
    app_of,
    config_of,
    render_table,
    setup_logging,
    store_errors,
    store_option,
)
from .documents import extract, load
from .publish import catalog, export, links
from .questions import changes, query, who

__all__ = ["main", "render_table"]


@click.group(cls=PlankgGroup)
@click.option("-v", "--verbose", count=True, help="More log output (-vv for debug).")
@click.option("--config", "config_path", type=click.Path(dir_okay=False),
              help="A TOML configuration file ([plankg] table).")
@click.pass_context
def main(ctx: click.Context, verbose: int, config_path: str | None) -> None:
    """plankg: German municipal plans and status reports as a knowledge graph."""
    setup_logging(verbose)
    ctx.obj = {"config_path": config_path}


@main.command()
@store_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8080, show_default=True, type=int, help="Port to listen on.")
@click.option("--threads", default=32, show_default=True, type=int,
              help="Request threads of the one worker process (most wait on a query "
                   "worker; fewer than the clients at once would let slow ones block all).")
@click.option("--base-iri", help="Base for minted IRIs (default $PLANKG_BASE_IRI); set it to "
                                 "http://HOST:PORT/id/ to make them dereference here.")
@click.pass_context
@store_errors
def serve(ctx: click.Context, store: str | None, host: str, port: int, threads: int,
          base_iri: str | None) -> None:
    """Serve the web pages, JSON API, SPARQL endpoint and Graph Store (gunicorn).

    Writes need the bearer token in $PLANKG_TOKEN; without it the service takes no writes.
    """
    from .gunicorn import run

    run(config_of(ctx, store=store, base_iri=base_iri), host=host, port=port, threads=threads)


@main.command()
@store_option
@click.pass_context
@store_errors
def reindex(ctx: click.Context, store: str | None) -> None:
    """Rebuild the search index beside the store from what the store holds."""
    app = app_of(ctx, store=store, reading=True)
    count = app.search.rebuild(app.store)
    click.echo(f"indexed {count} measures into {app.search.path}")


for _command in (extract, load, query, who, changes, links, catalog, export):
    main.add_command(_command)
