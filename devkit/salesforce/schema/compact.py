"""Turn describe JSON (captured from a real org) into the compact definition form of render.py.

Used to write the standard object definitions of the bundled orgs, and by tests to check that
rendering a compacted describe gives the captured attributes back. Run as
``python -m devkit.salesforce.schema.compact OUT.json Describe1.json …``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from devkit.salesforce.schema.render import OBJECT_BASE, render_field

_OBJECT_SKIP = {"fields", "urls", "recordTypeInfos", "childRelationships"}


def compact_field(field: dict[str, Any]) -> dict[str, Any]:
    """The smallest compact definition that renders back to ``field``."""
    out: dict[str, Any] = {"name": field["name"], "type": field["type"], "label": field["label"]}
    plain = render_field(out)
    for key, value in field.items():
        if key not in plain or plain[key] != value:
            out[key] = value
    return out


def compact_object(
    describe: dict[str, Any],
    *,
    parents: dict[str, dict[str, Any]] | None = None,
    keep_custom: bool = False,
) -> dict[str, Any]:
    """Compact one object describe.

    Args:
        describe: the object's describe JSON.
        parents: other describes by name; their ``childRelationships`` give each lookup field's
            child relationship name and cascade/restrict flags.
        keep_custom: keep custom (``__c``) fields, which are org-specific.
    """
    out: dict[str, Any] = {"name": describe["name"]}
    for key, value in describe.items():
        if key in _OBJECT_SKIP:
            continue
        if OBJECT_BASE.get(key, object()) != value or key in {"label", "labelPlural", "keyPrefix"}:
            out[key] = value
    out["urlKeys"] = list(describe.get("urls", {}))
    fields = []
    for field in describe["fields"]:
        if field["name"].endswith("__c") and not keep_custom:
            continue
        compact = compact_field(field)
        for parent in (parents or {}).values():
            for rel in parent.get("childRelationships", []):
                if rel["childSObject"] == describe["name"] and rel["field"] == field["name"]:
                    compact["child"] = rel["relationshipName"]
                    if rel["cascadeDelete"]:
                        compact["cascade"] = True
                    if rel["restrictedDelete"]:
                        compact["restricted"] = True
        fields.append(compact)
    out["fields"] = fields
    return out


def main(argv: list[str]) -> None:
    """Write the compact form of several describe files into one JSON file."""
    target, *sources = argv
    describes = {}
    for src in sources:
        data = json.loads(Path(src).read_text())
        describes[data["name"]] = data
    objects = [compact_object(d, parents=describes) for d in describes.values()]
    Path(target).write_text(json.dumps(objects, indent=1, sort_keys=False) + "\n")


if __name__ == "__main__":
    main(sys.argv[1:])
