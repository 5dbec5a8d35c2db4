"""``plankg extract`` and ``plankg load``: documents in, through the one load path."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click
from rdflib import Dataset

from extractor import ExtractOptions, PlanReadError

from .common import (
    app_of,
    document_files,
    progress,
    store_errors,
    store_option,
    with_extract_options,
)


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output", required=True, type=click.Path(path_type=Path),
              help="Output file: .trig or .nq (N-Quads).")
@click.option("--no-validate", is_flag=True, help="Skip the SHACL check.")
@with_extract_options
@click.pass_context
def extract(ctx: click.Context, files: tuple[Path, ...], output: Path, no_validate: bool,
            status_date: dt.date | None, municipality: str | None, plan_key: str | None,
            mapping: dict[str, str] | None) -> None:
    """Extract FILES (or the documents in a directory) into one RDF dataset (TriG or
    N-Quads by OUTPUT's extension)."""
    fmt = {".trig": "trig", ".nq": "nquads", ".nquads": "nquads"}.get(output.suffix.lower())
    if fmt is None:
        raise click.UsageError("OUTPUT must end in .trig or .nq")
    app = app_of(ctx)
    options = ExtractOptions(status_date=status_date, municipality=municipality,
                             plan_key=plan_key, mapping=mapping)
    failed = 0
    combined = Dataset()
    files = tuple(document_files(files))
    for path in progress(list(files), "extract"):
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


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@store_option
@with_extract_options
@click.pass_context
@store_errors
def load(ctx: click.Context, files: tuple[Path, ...], store: str | None,
         status_date: dt.date | None, municipality: str | None, plan_key: str | None,
         mapping: dict[str, str] | None) -> None:
    """Extract FILES (or the documents in a directory) and add them to the store, keeping
    every report's history."""
    app = app_of(ctx, store=store)
    options = ExtractOptions(status_date=status_date, municipality=municipality,
                             plan_key=plan_key, mapping=mapping)
    failed = 0
    for path in progress(document_files(files), "load"):
        try:
            report = app.load(path, options)
        except PlanReadError as exc:
            click.echo(f"error: {exc} (nothing stored)", err=True)
            failed += 1
            continue
        click.echo(report.summary())
        for warning in report.warnings:
            click.echo(f"  warning: {warning}", err=True)
    if failed:
        sys.exit(1)
