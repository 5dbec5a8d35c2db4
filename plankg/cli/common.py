"""What every command shares: the configuration, the application, options and errors."""

from __future__ import annotations

import datetime as dt
import functools
import logging
import sys
from collections.abc import Callable
from pathlib import Path

import click
from tqdm import tqdm

from extractor import PlanReadError
from store import StoreBusyError, StoreError

from ..app import Plankg
from ..config import Config, parse_date


def setup_logging(verbose: int) -> None:
    level = logging.WARNING - 10 * verbose
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s",
                        stream=sys.stderr)


def config_of(ctx: click.Context, **overrides: object) -> Config:
    try:
        return Config.load(ctx.obj["config_path"], **overrides)
    except (OSError, ValueError) as exc:
        raise click.ClickException(f"configuration: {exc}") from exc


def app_of(ctx: click.Context, *, reading: bool = False, **overrides: object) -> Plankg:
    """``reading``: the command only reads, so it works while ``plankg serve`` runs."""
    app = Plankg(config_of(ctx, **overrides), reading=reading)
    ctx.call_on_close(app.close)  # release the store lock as soon as the command ends
    return app


def date_option(_ctx: click.Context, _param: click.Parameter,
                value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return parse_date(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from exc


def mapping_option(_ctx: click.Context, _param: click.Parameter,
                   value: str | None) -> dict[str, str] | None:
    if not value:
        return None
    from extractor.columns import load_mapping

    try:
        return load_mapping(value)
    except PlanReadError as exc:
        raise click.BadParameter(str(exc)) from exc


_EXTRACT_OPTIONS = [
    click.option("--status-date", callback=date_option,
                 help="Status date when the document names none (YYYY-MM-DD or DD.MM.YYYY)."),
    click.option("--municipality", help="The town the plan belongs to (else recognised)."),
    click.option("--plan", "plan_key", help="Plan key shared by all reports of one plan."),
    click.option("--mapping", callback=mapping_option, type=click.Path(dir_okay=False),
                 help="A TOML file naming the role of each column header "
                      '("Header" = "measure"; roles: measure, area, goal, who, timeframe, …).'),
]

store_option = click.option(
    "--store", help="Store directory or http(s):// SPARQL endpoint (default $PLANKG_STORE "
                    "or ./data).")


def document_files(paths: tuple[Path, ...]) -> list[Path]:
    """The files to read: a directory stands for the documents in it (by suffix)."""
    from extractor.read import supported_suffixes

    suffixes = set(supported_suffixes())
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.is_file()
                           and p.suffix.lower() in suffixes and not p.name.startswith("."))
            if not found:
                raise click.ClickException(f"{path}: no documents in this directory "
                                           f"({', '.join(sorted(suffixes))})")
            files.extend(found)
        else:
            files.append(path)
    return files


class PlankgGroup(click.Group):
    """Click's own messages begin with "Error:"; plankg's all begin with "error:", so
    that scripts and users find one form whatever failed."""

    def main(self, *args, **kwargs):
        kwargs["standalone_mode"] = False
        try:
            return super().main(*args, **kwargs)
        except click.exceptions.Exit as exc:
            sys.exit(exc.exit_code)
        except click.Abort:
            click.echo("error: aborted", err=True)
            sys.exit(1)
        except click.UsageError as exc:
            if exc.ctx is not None:
                click.echo(exc.ctx.get_usage(), err=True)
            click.echo(f"error: {exc.format_message()}", err=True)
            sys.exit(exc.exit_code)
        except click.ClickException as exc:
            click.echo(f"error: {exc.format_message()}", err=True)
            sys.exit(exc.exit_code)


def with_extract_options(func: Callable) -> Callable:
    for option in reversed(_EXTRACT_OPTIONS):
        func = option(func)
    return func


def progress(items: list, label: str):
    # A bar on a terminal for many files, nothing in pipes and logs.
    return tqdm(items, desc=label, unit="file", disable=None if len(items) > 1 else True,
                file=sys.stderr, leave=False)


def store_errors(func: Callable) -> Callable:
    """Turn store failures into one clear line and a non-zero exit."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except StoreBusyError as exc:
            raise click.ClickException(str(exc)) from exc
        except StoreError as exc:
            raise click.ClickException(f"store: {exc}") from exc

    return wrapper


def render_table(headers: list[str], rows: list[list[str]], width: int = 60) -> str:
    """A plain text table; long cells are cut so that rows stay on one line."""
    cut = [[c if len(c) <= width else c[: width - 1] + "…" for c in row] for row in rows]
    widths = [max([len(h)] + [len(r[i]) for r in cut]) for i, h in enumerate(headers)]
    line = "  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True))
    sep = "  ".join("-" * w for w in widths)
    body = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in cut]
    return "\n".join([line, sep, *body, f"({len(rows)} rows)"])
