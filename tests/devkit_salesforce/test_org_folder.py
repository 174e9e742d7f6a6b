"""--org PATH: an admin points the emulator at describe files exported from their own org."""

from __future__ import annotations

import json
import shutil

from devkit.salesforce import start_emulator


def test_folder_of_describes_becomes_the_schema(shared_dir, tmp_path):
    for name in ("Account", "Contact", "Opportunity"):
        shutil.copy(shared_dir / "salesforce" / "describe" / f"{name}.json", tmp_path)
    real = json.loads((tmp_path / "Account.json").read_text())
    with start_emulator(org=tmp_path) as emu:
        session = emu.session("admin@demo.example")
        api = emu.base_url + "/services/data/v59.0/"
        ours = session.get(api + "sobjects/Account/describe", timeout=30).json()
        assert [f["name"] for f in ours["fields"]] == [f["name"] for f in real["fields"]]
        assert ours["fields"] == real["fields"]
        household = next(r for r in real["recordTypeInfos"] if not r["master"])
        assert household["recordTypeId"] in [r["recordTypeId"] for r in ours["recordTypeInfos"]]
        assert session.get(api + "sobjects/Lead/describe", timeout=30).status_code == 404
        created = session.post(api + "sobjects/Account/", json={"Name": "Mine"}, timeout=30)
        assert created.status_code == 201
        assert emu.record(created.json()["id"])["RecordTypeId"] == household["recordTypeId"]
        rels = {(r["childSObject"], r["field"]): r for r in ours["childRelationships"]}
        assert rels[("Contact", "AccountId")]["relationshipName"] == "Contacts"
