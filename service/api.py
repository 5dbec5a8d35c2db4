"""The JSON API under /api: actors, measures, responsibilities and documents.

Every answer comes from store/queries.py, the questions the command line asks too.
"""

from __future__ import annotations

import logging
import re
import tempfile
from pathlib import Path

from flask import Blueprint, Response, jsonify, request, url_for
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.utils import secure_filename

from extractor import ExtractOptions, PlanReadError
from extractor.naming import slug
from ontology import STATUS_CATEGORIES
from plankg.config import parse_date
from store import BadRequestError, StoreError, queries
from store.who import who_page

from . import guard
from .auth import WriteRefused, check_write_token
from .context import ask, base, config, iri_from_id, local_id, plankg, store, write_lock
from .searching import search_measures
from .upload import load_upload

log = logging.getLogger(__name__)
bp = Blueprint("api", __name__, url_prefix="/api")

STATUSES = STATUS_CATEGORIES
MAX_PAGE = 500
MAX_OFFSET = 1_000_000_000  # the store takes 64-bit offsets; past this nothing is there


def problem(status: int, message: str, **extra: object) -> Response:
    response = jsonify({"error": message, "status": status, **extra})
    response.status_code = status
    return response


@bp.errorhandler(WriteRefused)
def _refused(err: WriteRefused) -> Response:
    response = problem(err.status, err.message)
    response.headers.update(err.headers())
    return response


@bp.errorhandler(StoreError)
def _store_failed(err: StoreError) -> Response:
    busy = guard.overload(err)
    if busy is not None:
        return busy
    log.exception("store error in the API")
    return problem(503 if isinstance(err, TimeoutError) else 500, f"the store failed: {err}")


@bp.errorhandler(RequestEntityTooLarge)
def _too_large(_err: RequestEntityTooLarge) -> Response:
    return problem(413, f"upload larger than {config().max_upload_bytes} bytes")


def _with_links(row: dict) -> dict:
    """Add ``id`` and an API URL beside every minted measure / agent IRI in a row."""
    for key, kind, endpoint in (("m", "measure", "api.measure"),
                                ("measure", "measure", "api.measure"),
                                ("agent", "agent", "api.actor")):
        ident = local_id(str(row.get(key, "")), kind)
        if ident:
            row[f"{key}_id" if key != "m" else "id"] = ident
            row[f"{key}_url" if key != "m" else "url"] = url_for(endpoint, ident=ident,
                                                                 _external=True)
    return row


def _page_args() -> tuple[int, int]:
    try:
        limit = int(request.args.get("limit", 50))
        offset = int(request.args.get("offset", 0))
    except ValueError as err:
        raise ValueError("limit and offset must be whole numbers") from err
    if not 1 <= limit <= MAX_PAGE or not 0 <= offset <= MAX_OFFSET:
        raise ValueError(f"limit must be 1..{MAX_PAGE} and offset 0..{MAX_OFFSET}")
    return limit, offset


@bp.get("/actors")
def actors() -> Response:
    rows = ask(queries.actors, base())
    q = request.args.get("q", "").lower()
    if q:
        rows = [r for r in rows if q in r["label"].lower()]
    return jsonify({"items": [_with_links(r) for r in rows], "count": len(rows)})


@bp.get("/actors/<path:ident>")
def actor(ident: str) -> Response:
    agent = iri_from_id("agent", ident)
    detail = ask(queries.actor_detail, base(), agent) if agent else None
    if detail is None:
        return problem(404, f"no actor {ident!r}")
    detail["measures"] = [_with_links(m) for m in detail["measures"]]
    return jsonify(detail)


@bp.get("/measures")
def measures() -> Response:
    try:
        limit, offset = _page_args()
    except ValueError as err:
        return problem(400, str(err))
    status = request.args.get("status") or None
    if status and status not in STATUSES:
        return problem(400, f"unknown status {status!r}", allowed=list(STATUSES))
    q = (request.args.get("q") or "").strip()
    filters = queries.Filters(actor=request.args.get("actor") or None,
                              area=request.args.get("area") or None, status=status)
    if q:  # ranked by the full-text index (plankg/search.py), best first
        rows = search_measures(q, area=filters.area, status=status, limit=MAX_PAGE * 4)
        if filters.actor:
            theirs = {r["m"] for r in ask(queries.measures, base(), filters,
                                          limit=10_000)}
            rows = [r for r in rows if r["m"] in theirs]
        rows = rows[offset:offset + limit + 1]
    else:
        rows = ask(queries.measures, base(), filters, limit=limit + 1, offset=offset)
    more = len(rows) > limit
    rows = rows[:limit]
    for row in rows:
        _with_links(row)
    args = {k: v for k, v in request.args.items() if k not in ("limit", "offset")}
    body = {"items": rows, "limit": limit, "offset": offset,
            "next": url_for("api.measures", limit=limit, offset=offset + limit, _external=True,
                            **args) if more else None,
            "previous": url_for("api.measures", limit=limit, offset=max(0, offset - limit),
                                _external=True, **args) if offset else None}
    return jsonify(body)


@bp.get("/measures/<path:ident>")
def measure(ident: str) -> Response:
    iri = iri_from_id("measure", ident)
    detail = ask(queries.measure_detail, base(), iri) if iri else None
    if detail is None:
        return problem(404, f"no measure {ident!r}")
    detail["agents"] = [_with_links(a) for a in detail["agents"]]
    return jsonify(detail)


@bp.get("/responsibilities")
def responsibilities() -> Response:
    who = request.args.get("who", "").strip()
    if not who:
        return problem(400, "give ?who=NAME (a person, unit, organisation or group)")
    town = request.args.get("town", "").strip()
    try:
        limit, offset = _page_args()
    except ValueError as err:
        return problem(400, str(err))
    page = ask(who_page, base(), who, town=slug(town) if town else None, limit=limit,
               offset=offset)
    rows = [_with_links(r) for r in page.items]
    args = {k: v for k, v in request.args.items() if k not in ("limit", "offset")}
    more = offset + len(rows) < page.total
    return jsonify({
        "who": who, "items": rows, "count": len(rows), "total": page.total,
        "limit": limit, "offset": offset,
        "next": url_for("api.responsibilities", limit=limit, offset=offset + limit,
                        _external=True, **args) if more else None,
        "previous": url_for("api.responsibilities", limit=limit, offset=max(0, offset - limit),
                            _external=True, **args) if offset else None})


@bp.get("/status-by-area")
def status_by_area() -> Response:
    rows = ask(queries.latest_status_by_area, base())
    return jsonify({"items": rows, "count": len(rows)})


@bp.get("/documents")
def documents() -> Response:
    rows = ask(queries.documents, base())
    return jsonify({"items": rows, "count": len(rows)})


@bp.post("/documents")
def upload() -> Response:
    check_write_token()
    limit = config().max_upload_bytes
    if request.content_length is not None and request.content_length > limit:
        return problem(413, f"upload larger than {limit} bytes")
    request.max_content_length = limit
    if request.mimetype == "multipart/form-data":
        upload_file = request.files.get("file")
        if upload_file is None:
            return problem(400, "multipart upload needs a 'file' part")
        name, data = upload_file.filename or "", upload_file.read()
        fields = request.form
    else:
        name = request.args.get("filename") or _disposition_name()
        data = request.get_data()
        fields = request.args
    if len(data) > limit:
        return problem(413, f"upload larger than {limit} bytes")
    safe = secure_filename(name or "")
    if not safe or "." not in safe:
        return problem(400, "give the file name with its extension (multipart file name, "
                            "?filename= or Content-Disposition), e.g. plan-2021.tsv")
    if not data:
        return problem(400, "the upload is empty")
    try:
        options = ExtractOptions(status_date=_date(fields.get("status_date")),
                                 municipality=_name(fields.get("municipality"), "municipality"),
                                 plan_key=_name(fields.get("plan"), "plan"),
                                 mapping=_upload_mapping(fields))
    except ValueError as err:
        return problem(400, str(err))
    except PlanReadError as err:
        return problem(400, err.reason)
    with tempfile.TemporaryDirectory(prefix="plankg-upload-") as tmp:
        path = Path(tmp) / safe
        path.write_bytes(data)
        try:
            report = load_upload(plankg(), store(), write_lock(), path, options)
        except PlanReadError as err:
            return problem(422, str(err).replace(tmp + "/", ""))
        except BadRequestError as err:
            return problem(422, f"the extracted graph cannot be stored: {err}")
    log.info("upload %s: %s", safe, report.summary())
    body = report.as_dict()
    status = 201 if report.status == "loaded" else 200
    response = jsonify(body)
    response.status_code = status
    return response


def _upload_mapping(fields) -> dict[str, str] | None:
    """The column mapping of an upload: a 'mapping' file part or field holding TOML."""
    import tomllib

    from extractor.columns import parse_mapping

    part = request.files.get("mapping") if request.mimetype == "multipart/form-data" else None
    text = part.read().decode("utf-8", "replace") if part is not None else fields.get("mapping")
    if not text:
        return None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise PlanReadError("mapping", f"cannot read the column mapping: {exc}") from exc
    return parse_mapping(data.get("columns", data), "mapping")


def _disposition_name() -> str | None:
    from werkzeug.http import parse_options_header

    _, params = parse_options_header(request.headers.get("Content-Disposition", ""))
    return params.get("filename")


_KEY = re.compile(r"[\w.\-]{1,200}")


def _name(value: str | None, field: str) -> str | None:
    """A plan key or town name from a form: it becomes part of IRIs, so no spaces."""
    if not value:
        return None
    if field == "plan" and not _KEY.fullmatch(value):
        raise ValueError(f"{field} {value!r} may hold only letters, digits, '-', '_' and '.'")
    if len(value) > 200 or any(ord(c) < 32 for c in value):
        raise ValueError(f"{field} must be a short name without control characters")
    return value


def _date(value: str | None):
    return parse_date(value) if value else None
