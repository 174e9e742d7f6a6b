# ContentNote and ContentDocumentLink: ../shared/salesforce/README.md §4 and the object reference
# https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_contentnote.htm
# Composite (allOrNone, @{ref.id}): https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_composite.htm
"""Notes on records: an enhanced note (ContentNote) linked to each record, all or nothing.

The note and its links (ContentDocumentLink) go in one composite request with ``allOrNone``, so
a link Salesforce refuses rolls the note back: there is never a note attached to only some of
the records, nor an orphan note. Orgs without enhanced notes get one classic ``Note`` per
record instead (same request shape, same all-or-nothing).
"""

from __future__ import annotations

import base64
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from simple_salesforce import format_soql
from simple_salesforce.exceptions import SalesforceError, SalesforceMalformedRequest

from bot.salesforce.records import CLOCK_SKEW, api_name, record_id

ENHANCED = "enhanced"
CLASSIC = "classic"
# A composite request holds at most 25 subrequests; one is the note itself.
MAX_RECORDS = 24
TITLE_LIMIT = 255
CLASSIC_TITLE_LIMIT = 80
CLASSIC_BODY_LIMIT = 32000
# "V": the note is visible to whoever can see the record (a Viewer share).
SHARE_TYPE = "V"
_HALTED = "PROCESSING_HALTED"


class CompositeFailure(SalesforceMalformedRequest):
    """An all-or-none composite request was rolled back; ``content`` holds the real error(s).

    Attributes:
        reference: The subrequest that failed (e.g. ``link1``).
    """

    def __init__(self, url: str, errors: list[dict[str, Any]], reference: str) -> None:
        # simple-salesforce types ``content`` as bytes; its handlers pass the parsed JSON body.
        super().__init__(url, 400, "composite", errors)  # type: ignore[arg-type]
        self.reference = reference


def note_kind(global_describe: Mapping[str, Any]) -> str | None:
    """``enhanced`` when the user can create ContentNote, ``classic`` for Note, else None."""
    creatable = {
        str(entry.get("name"))
        for entry in global_describe.get("sobjects", [])
        if entry.get("createable")
    }
    if "ContentNote" in creatable:
        return ENHANCED
    if "Note" in creatable:
        return CLASSIC
    return None


def note_payload(
    *, title: str, body_html: str, body_text: str, record_ids: Sequence[str], kind: str
) -> dict[str, Any]:
    """The write-intent payload of a note (checked: 1 to 24 distinct records, a title).

    Raises:
        ValueError: No record, too many, a malformed id, or an empty title.
    """
    ids = list(dict.fromkeys(record_id(r) for r in record_ids))
    if not ids:
        raise ValueError("a note needs at least one record")
    if len(ids) > MAX_RECORDS:
        raise ValueError(f"a note can be linked to at most {MAX_RECORDS} records")
    title = " ".join(title.split())
    if not title:
        raise ValueError("a note needs a title")
    if kind not in (ENHANCED, CLASSIC):
        raise ValueError(f"unknown note kind {kind!r}")
    limit = TITLE_LIMIT if kind == ENHANCED else CLASSIC_TITLE_LIMIT
    return {
        "kind": kind,
        "title": title if len(title) <= limit else title[: limit - 1] + "…",
        "html": body_html,
        "text": body_text[:CLASSIC_BODY_LIMIT],
        "record_ids": ids,
    }


def composite_requests(payload: Mapping[str, Any], *, version: str) -> list[dict[str, Any]]:
    """The subrequests that create the note(s) and links for a note payload."""
    base = f"/services/data/v{version}/sobjects"
    if payload["kind"] == CLASSIC:
        return [
            {
                "method": "POST",
                "url": f"{base}/Note",
                "referenceId": f"note{index}",
                "body": {"ParentId": rid, "Title": payload["title"], "Body": payload["text"]},
            }
            for index, rid in enumerate(payload["record_ids"])
        ]
    content = base64.b64encode(payload["html"].encode("utf-8")).decode("ascii")
    requests = [
        {
            "method": "POST",
            "url": f"{base}/ContentNote",
            "referenceId": "note",
            "body": {"Title": payload["title"], "Content": content},
        }
    ]
    for index, rid in enumerate(payload["record_ids"]):
        requests.append(
            {
                "method": "POST",
                "url": f"{base}/ContentDocumentLink",
                "referenceId": f"link{index}",
                "body": {
                    "ContentDocumentId": "@{note.id}",
                    "LinkedEntityId": rid,
                    "ShareType": SHARE_TYPE,
                },
            }
        )
    return requests


def run_composite(sf: Any, requests: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """POST an all-or-none composite request; returns referenceId → body of each subrequest.

    Raises:
        CompositeFailure: A subrequest failed and everything was rolled back.
    """
    answer = sf.restful(
        "composite", method="POST", json={"allOrNone": True, "compositeRequest": requests}
    )
    entries = (answer or {}).get("compositeResponse") or []
    bodies: dict[str, dict[str, Any]] = {}
    failed: tuple[str, list[dict[str, Any]]] | None = None
    for entry in entries:
        status = int(entry.get("httpStatusCode") or 500)
        body = entry.get("body")
        if status < 400 and not _collection_failed(body):
            bodies[str(entry.get("referenceId"))] = body if isinstance(body, dict) else {}
            continue
        errors = _errors_of(body)
        real = [e for e in errors if e.get("errorCode") != _HALTED]
        if real and (failed is None or not failed[1]):
            failed = (str(entry.get("referenceId")), real)
        elif failed is None:
            failed = (str(entry.get("referenceId")), [])
    if failed is not None or len(bodies) != len(requests):
        reference, errors = failed or ("", [])
        errors = errors or [{"errorCode": "UNKNOWN_EXCEPTION", "message": "rolled back"}]
        raise CompositeFailure(sf.base_url + "composite", errors, reference)
    return bodies


def _collection_failed(body: Any) -> bool:
    """An sObject Collections answer can be 200 with records that failed."""
    return isinstance(body, list) and any(
        isinstance(item, dict) and item.get("success") is False for item in body
    )


def _errors_of(body: Any) -> list[dict[str, Any]]:
    items = body if isinstance(body, list) else [body]
    errors: list[dict[str, Any]] = []
    for item in items:
        if isinstance(item, dict) and "success" in item:
            errors += [e for e in item.get("errors") or [] if isinstance(e, dict)]
        elif isinstance(item, dict):
            errors.append(item)
    # Collections say statusCode where other answers say errorCode.
    return [{**e, "errorCode": e.get("errorCode") or e.get("statusCode")} for e in errors]


def create_note(sf: Any, payload: Mapping[str, Any]) -> dict[str, Any]:
    """Create the note and its links in one request (see the module docstring).

    Returns:
        ``{"record_id", "sobject", "kind", "links", "record_ids", "undo_records"}``:
        the note's id (the first classic note's id), the created link ids, the linked
        records, and every record Undo must delete.

    Raises:
        CompositeFailure: Salesforce refused the note or one link; nothing was created.
    """
    bodies = run_composite(sf, composite_requests(payload, version=sf.sf_version))
    record_ids = list(payload["record_ids"])
    if payload["kind"] == CLASSIC:
        notes = [str(bodies[f"note{i}"]["id"]) for i in range(len(record_ids))]
        return _result(CLASSIC, notes[0], [], record_ids, [("Note", n) for n in notes])
    note = str(bodies["note"]["id"])
    links = [str(bodies[f"link{i}"]["id"]) for i in range(len(record_ids))]
    return _result(ENHANCED, note, links, record_ids, [("ContentNote", note)])


def _result(
    kind: str, note: str, links: list[str], record_ids: list[str], undo: list[tuple[str, str]]
) -> dict[str, Any]:
    return {
        "record_id": note,
        "sobject": "ContentNote" if kind == ENHANCED else "Note",
        "kind": kind,
        "links": links,
        "record_ids": record_ids,
        "undo_records": [{"sobject": sobject, "id": rid} for sobject, rid in undo],
    }


def find_note(
    sf: Any, payload: Mapping[str, Any], *, since: datetime, created_by: str | None
) -> dict[str, Any] | None:
    """The note an interrupted attempt created (same title, same user, since ``since``), if any.

    All-or-none means a note that exists has all its links; one query finds it, one more reads
    its links.
    """
    sobject = "ContentNote" if payload["kind"] == ENHANCED else "Note"
    soql = format_soql(
        "SELECT Id FROM {:literal} WHERE Title = {} AND CreatedDate >= {}",
        sobject,
        payload["title"],
        since - CLOCK_SKEW,
    )
    if created_by:
        soql += format_soql(" AND CreatedById = {}", created_by)
    rows = sf.query(soql + " ORDER BY CreatedDate DESC LIMIT 50").get("records", [])
    if not rows:
        return None
    record_ids = list(payload["record_ids"])
    if payload["kind"] == CLASSIC:
        notes = [str(row["Id"]) for row in rows][: len(record_ids)]
        return _result(CLASSIC, notes[0], [], record_ids, [("Note", n) for n in notes])
    note = str(rows[0]["Id"])
    links = sf.query(
        format_soql(
            "SELECT Id, LinkedEntityId FROM ContentDocumentLink WHERE ContentDocumentId = {}", note
        )  # noqa: E501
    ).get("records", [])
    wanted = {rid[:15] for rid in record_ids}
    link_ids = [str(r["Id"]) for r in links if str(r["LinkedEntityId"])[:15] in wanted]
    return _result(ENHANCED, note, link_ids, record_ids, [("ContentNote", note)])


def delete_records(sf: Any, records: Sequence[Mapping[str, str]]) -> list[str]:
    """Delete each record (Undo of a note or activity); already-deleted ones are skipped.

    Returns:
        The ids deleted now.
    """
    deleted = []
    for item in records:
        try:
            getattr(sf, api_name(item["sobject"])).delete(record_id(item["id"]))
        except SalesforceError as exc:
            codes: set[Any] = (
                {e.get("errorCode") for e in exc.content if isinstance(e, dict)}
                if isinstance(exc.content, list)
                else set()
            )  # noqa: E501
            if exc.status == 404 or codes & {"ENTITY_IS_DELETED", "NOT_FOUND"}:
                continue
            raise
        deleted.append(item["id"])
    return deleted
