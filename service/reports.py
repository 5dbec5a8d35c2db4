"""Pages across reports: what changed, what is overdue, uploads for staff, and downloads
of every list (CSV for German Excel, XLSX)."""

from __future__ import annotations

import hmac
import tempfile
from pathlib import Path

from flask import Blueprint, Response, abort, render_template, request
from werkzeug.utils import secure_filename

from extractor import ExtractOptions, PlanReadError
from store import analysis, queries

from . import i18n
from .context import base, config, plankg, store, write_lock
from .downloads import table_response
from .searching import search_measures
from .upload import load_upload

bp = Blueprint("reports", __name__)


def report_pair(docs: list[dict]) -> tuple[str | None, str | None]:
    """The two reports to compare: as asked, else the latest two of one plan."""
    old, new = request.args.get("old"), request.args.get("new")
    if old and new:
        return old, new
    by_plan: dict[str, list[dict]] = {}
    for doc in docs:
        by_plan.setdefault(doc["plan"], []).append(doc)
    pairs = [p for p in by_plan.values() if len(p) >= 2]
    if not pairs:
        return None, None
    latest = max(pairs, key=lambda p: str(p[-1].get("statusDate") or ""))
    return latest[-2]["doc"], latest[-1]["doc"]


@bp.get("/changes")
def changes() -> str:
    docs = queries.documents(store(), base())
    old, new = report_pair(docs)
    known = {d["doc"] for d in docs}
    if old and new and not {old, new} <= known:
        abort(404, "no such report")
    diff = queries.changes(store(), base(), old, new) if old and new else None
    names = {d["doc"]: d for d in docs}
    return render_template("changes.html", docs=docs, old=old, new=new, diff=diff,
                           names=names)


@bp.get("/overdue")
def overdue() -> str:
    return render_template("overdue.html", rows=analysis.overdue(store(), base()))


@bp.route("/upload", methods=["GET", "POST"])
def upload() -> tuple[str, int] | str:
    if request.method == "GET":
        return render_template("upload.html", report=None, diff=None, error=None)
    token = config().token
    given = request.form.get("token", "")
    if not token or not hmac.compare_digest(given.encode(), token.encode()):
        return render_template("upload.html", report=None, diff=None,
                               error=i18n.word("token") + ": ✗"), 403
    part = request.files.get("file")
    name = secure_filename(part.filename or "") if part else ""
    if not part or "." not in name:
        return render_template("upload.html", report=None, diff=None, error="?"), 400
    with tempfile.TemporaryDirectory(prefix="plankg-upload-") as tmp:
        path = Path(tmp) / name
        part.save(path)
        try:
            report = load_upload(plankg(), store(), write_lock(), path, ExtractOptions())
        except PlanReadError as err:
            return render_template("upload.html", report=None, diff=None,
                                   error=str(err).replace(tmp + "/", "")), 422
    return render_template("upload.html", report=report, diff=_diff_to(report.document),
                           error=None)


def _diff_to(document: str) -> dict | None:
    """What the uploaded report changed against the report of its plan before it."""
    docs = queries.documents(store(), base())
    mine = next((d for d in docs if d["doc"] == document), None)
    if mine is None:
        return None
    same = [d for d in docs if d["plan"] == mine["plan"]]
    at = same.index(mine)
    return queries.changes(store(), base(), same[at - 1]["doc"], document) if at else None


def _tables() -> dict:
    """The lists a download may take: headers and rows, by name."""
    t = i18n.word
    label = i18n.concept_label

    def measures():
        rows = search_measures(request.args.get("q", "").strip(),
                               area=request.args.get("area") or None,
                               status=request.args.get("status") or None, limit=10_000)
        return ([t("measure"), t("area"), t("timeframe"), t("status"), t("as_of"), "IRI"],
                [[r["title"], r["area"], r.get("timeframe"), label(r.get("status")),
                  i18n.date_text(r.get("asOf")), r["m"]] for r in rows])

    def actors():
        from .pages import actor_rows

        rows = actor_rows(request.args.get("kind") or None, request.args.get("name", ""))
        return ([t("actor"), t("kind"), t("measures"), "IRI"],
                [[r["fullName"], t(r["kind"] or ""), int(r["measures"]), r["agent"]]
                 for r in rows])

    def overdue_rows():
        rows = analysis.overdue(store(), base())
        return ([t("measure"), t("area"), t("ended"), t("as_of"), t("status"),
                 f"{t('behind')} ({t('days')})", "IRI"],
                [[r["title"], r["area"], i18n.date_text(r["end"]), i18n.date_text(r["asOf"]),
                  label(r["status"]), r["daysBehind"], r["m"]] for r in rows])

    def change_rows():
        old, new = report_pair(queries.documents(store(), base()))
        if not (old and new):
            return [t("measure"), t("from"), t("to")], []
        diff = queries.changes(store(), base(), old, new)
        rows = [[c["title"], label(c["from"]), label(c["to"]), c.get("statusText"),
                 c["measure"]] for c in diff["transitions"]]
        rows += [[c["title"], "", t("new_measures"), "", c["measure"]]
                 for c in diff["new_measures"]]
        rows += [[c["title"], "", t("dropped"), "", c["measure"]]
                 for c in diff["dropped_measures"]]
        return [t("measure"), t("from"), t("to"), t("status"), "IRI"], rows

    return {"measures": measures, "actors": actors, "overdue": overdue_rows,
            "changes": change_rows}


@bp.get("/download/<list_name>.<fmt>")
def download(list_name: str, fmt: str) -> Response:
    tables = _tables()
    if list_name not in tables or fmt not in ("csv", "xlsx"):
        abort(404, f"no list {list_name}.{fmt}")
    headers, rows = tables[list_name]()
    return table_response(list_name, fmt, headers, rows)
