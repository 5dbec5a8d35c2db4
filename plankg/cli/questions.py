"""The questions: ``plankg query``, ``who`` and ``changes``, answered from store/queries.py."""

from __future__ import annotations

import datetime as dt
import json
import sys

import click

from extractor.naming import slug
from store import queries
from store import who as who_questions

from ..prefixes import readable_error
from ..union import union_dataset
from .common import app_of, date_option, render_table, store_errors, store_option


@click.command()
@click.argument("sparql")
@store_option
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default=None,
              help="Output format (default: table on a terminal, json otherwise).")
@click.option("--union/--no-union", default=True, show_default=True,
              help="The union of the named graphs is the default graph (unless the query "
                   "has FROM).")
@click.pass_context
@store_errors
def query(ctx: click.Context, sparql: str, store: str | None, fmt: str | None,
          union: bool) -> None:
    """Run a SPARQL query against the store."""
    app = app_of(ctx, store=store, reading=True)
    fmt = fmt or ("table" if sys.stdout.isatty() else "json")
    text = sparql
    dataset = union_dataset(app.store, text) if union else {}
    try:
        result = app.store.query(text, timeout=app.config.query_timeout, **dataset)
    except ValueError as exc:
        raise click.ClickException(f"bad query: {readable_error(str(exc), text)}") from exc
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


@click.command()
@click.argument("name")
@store_option
@click.option("--town", help="Only this town's actors (its name, e.g. Mössingen).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
@click.pass_context
@store_errors
def who(ctx: click.Context, name: str, store: str | None, town: str | None, fmt: str) -> None:
    """What NAME (a person, unit, organisation or group) is responsible for."""
    app = app_of(ctx, store=store, reading=True)
    agents = app.search_ready().agents(name)
    rows = who_questions.who(app.store, app.config.base_iri, name,
                             town=slug(town) if town else None, agents=agents)
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


@click.command()
@click.argument("old", required=False)
@click.argument("new", required=False)
@click.option("--since", callback=date_option,
              help="Compare the report before DATE with the latest.")
@store_option
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
@click.pass_context
@store_errors
def changes(ctx: click.Context, old: str | None, new: str | None, since: dt.date | None,
            store: str | None, fmt: str) -> None:
    """What changed between two loaded reports (file names or document IRIs)."""
    app = app_of(ctx, store=store, reading=True)
    base = app.config.base_iri
    docs = queries.documents(app.store, base)
    if since is not None:
        # The latest report after DATE, against its own plan's last report before it.
        dated = sorted((d for d in docs if d.get("statusDate")), key=lambda d: d["statusDate"])
        after = [d for d in dated if d["statusDate"] > since]
        before = [d for d in dated if d["statusDate"] <= since
                  and after and d["plan"] == after[-1]["plan"]]
        if not before or not after:
            raise click.ClickException(f"need a report on or before {since} and a later "
                                       "one of the same plan")
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
