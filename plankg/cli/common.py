"""What every command shares: the configuration, the application, options and errors."""

from __future__ import annotations

import datetime as dt
import functools
import logging
import sys
from collections.abc import Callable

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


def app_of(ctx: click.Context, **overrides: object) -> Plankg:
    app = Plankg(config_of(ctx, **overrides))
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
