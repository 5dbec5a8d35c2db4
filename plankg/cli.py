"""The ``plankg`` command line: a thin layer over :class:`plankg.app.Plankg`."""

from __future__ import annotations

import datetime as dt
import logging
import sys
from pathlib import Path

import click
from tqdm import tqdm

from extractor import ExtractOptions, PlanReadError

from .app import Plankg
from .config import Config

log = logging.getLogger("plankg")


def _setup_logging(verbose: int) -> None:
    level = logging.WARNING - 10 * verbose
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s",
                        stream=sys.stderr)


def _date(_ctx: click.Context, _param: click.Parameter, value: str | None) -> dt.date | None:
    if not value:
        return None
    for fmt in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(value, fmt).date()
        except ValueError:
            pass
    raise click.BadParameter("give the date as YYYY-MM-DD or DD.MM.YYYY")


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
    return Plankg(config)


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


if __name__ == "__main__":
    main()
