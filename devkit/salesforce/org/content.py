"""Files and notes: ContentNote content rules, ContentVersion → ContentDocument, Event timing.

ContentNote (README §4): ``Content`` is base64 of HTML or plain text; plain-text special
characters must be escaped (``&amp;``, ``&lt;``); unsafe HTML (scripts, event handlers) is
stripped; the note's id is a ContentDocument id (``069``), so a ContentNote and the
ContentDocument with the same id are one record here.
"""

from __future__ import annotations

import base64
import html
import re
from typing import Any

from devkit.salesforce.errors import ApiError

_DOCUMENT_TYPES = {"ContentDocument", "ContentNote"}
_ENTITY = re.compile(r"&(?:[a-zA-Z][a-zA-Z0-9]*|#\d+|#x[0-9a-fA-F]+);")
_TAG_START = re.compile(r"<(?=[a-zA-Z/!])")
_SCRIPT = re.compile(r"<(script|style|iframe|object|embed)\b.*?</\1\s*>", re.I | re.S)
_HANDLER = re.compile(r"\s+on[a-z]+\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s>]+)", re.I)
_JS_URL = re.compile(r"(href|src)\s*=\s*([\"'])\s*javascript:[^\"']*\2", re.I)
_TAGS = re.compile(r"<[^>]*>")
NOTE_REJECTED = (
    "Note can't be saved because it contains HTML tags or unescaped characters "
    "that are not allowed in a Note."
)


def same_object(url_object: str, stored_type: str) -> bool:
    """Whether a record stored as ``stored_type`` can be addressed as ``url_object``."""
    return url_object == stored_type or {url_object, stored_type} == _DOCUMENT_TYPES


def extra_required(sobject: str, record: dict[str, Any], names: list[str] | None) -> list[str]:
    """Required fields Salesforce enforces beyond the describe rule."""
    if names is not None:
        return []
    if sobject == "Event":
        timed = (record.get("StartDateTime") or record.get("ActivityDateTime")) and (
            record.get("EndDateTime") or record.get("DurationInMinutes") is not None
        )
        all_day = record.get("IsAllDayEvent") and (
            record.get("ActivityDate") or record.get("StartDateTime")
        )
        if not timed and not all_day:
            out = []
            if not (record.get("StartDateTime") or record.get("ActivityDateTime")):
                out.append("ActivityDateTime")
            if not (record.get("EndDateTime") or record.get("DurationInMinutes") is not None):
                out.append("DurationInMinutes")
            return out
    if sobject == "ContentVersion" and not record.get("VersionData"):
        return ["VersionData"]
    return []


def _clean_note(encoded: str) -> tuple[str, str]:
    """(sanitised HTML as base64, text preview) or a 400 for content a Note refuses."""
    try:
        text = base64.b64decode(encoded, validate=True).decode("utf-8")
    except (ValueError, UnicodeDecodeError):
        raise ApiError.one(400, "FIELD_INTEGRITY_EXCEPTION", NOTE_REJECTED, ["Content"]) from None
    text = _SCRIPT.sub("", text)
    text = _HANDLER.sub("", text)
    text = _JS_URL.sub(r"\1=\2\2", text)
    without_tags = _TAGS.sub("", text) if _TAG_START.search(text) else text
    if "<" in without_tags or ">" in without_tags.replace("&gt;", ""):
        raise ApiError.one(400, "FIELD_INTEGRITY_EXCEPTION", NOTE_REJECTED, ["Content"])
    if "&" in _ENTITY.sub("", without_tags):
        raise ApiError.one(400, "FIELD_INTEGRITY_EXCEPTION", NOTE_REJECTED, ["Content"])
    preview = html.unescape(without_tags).strip()[:255]
    return base64.b64encode(text.encode("utf-8")).decode("ascii"), preview


def before_save(org: Any, sobject: str, record: dict[str, Any], old: dict[str, Any] | None) -> None:
    """Compute file facts and enforce note content rules before a save."""
    if sobject == "ContentNote":
        if record.get("Content"):
            record["Content"], record["TextPreview"] = _clean_note(record["Content"])
            record["ContentSize"] = len(base64.b64decode(record["Content"]))
        else:
            record["TextPreview"], record["ContentSize"] = None, 0
        record["FileType"], record["FileExtension"] = "SNOTE", "snote"
        record["IsReadOnly"] = False
    elif sobject == "ContentVersion" and old is None:
        path = record.get("PathOnClient") or ""
        ext = path.rsplit(".", 1)[-1].lower() if "." in path else ""
        record["FileExtension"] = ext or None
        record["FileType"] = (ext or "UNKNOWN").upper()
        record["ContentSize"] = len(base64.b64decode(record.get("VersionData") or ""))
        record["IsLatest"], record["VersionNumber"] = True, "1"


def after_create(org: Any, user: Any, sobject: str, record: dict[str, Any]) -> None:
    """ContentVersion without a document creates its ContentDocument (and first link)."""
    if sobject != "ContentVersion" or record.get("ContentDocumentId"):
        return
    now = org.now()
    doc_id = org.ids.new("069")
    document = {f["name"]: None for f in org.definition.objects["ContentDocument"].fields}
    document.update(
        Id=doc_id,
        Title=record.get("Title"),
        OwnerId=record.get("OwnerId"),
        FileType=record.get("FileType"),
        FileExtension=record.get("FileExtension"),
        ContentSize=record.get("ContentSize"),
        LatestPublishedVersionId=record["Id"],
        PublishStatus="R",
        SharingPrivacy="N",
        IsDeleted=False,
        CreatedById=user.id,
        CreatedDate=now,
        LastModifiedById=user.id,
        LastModifiedDate=now,
        SystemModstamp=now,
    )
    org.store.put("ContentDocument", document)
    version = dict(record)
    version["ContentDocumentId"] = doc_id
    org.store.put("ContentVersion", version)
    target = record.get("FirstPublishLocationId")
    if target:
        link = {
            "Id": org.ids.new("06A"),
            "LinkedEntityId": target,
            "ContentDocumentId": doc_id,
            "ShareType": "I",
            "Visibility": "AllUsers",
            "IsDeleted": False,
            "SystemModstamp": now,
        }
        org.store.put("ContentDocumentLink", link)


def after_update(org: Any, sobject: str, record: dict[str, Any]) -> None:
    """Keep a ContentDocument's title in step with its note."""
    del org, sobject, record
