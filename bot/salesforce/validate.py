"""Check a create or update against the org's own metadata before anything is sent.

From an object's describe (the real `sobjects/T/describe` JSON, per user, so field-level security
shows as `createable`/`updateable` false) a pydantic model of the write is built: one field per
Salesforce field, each parsing what people type (`bot.salesforce.convert`). Every problem is
reported together, each naming the field by label with what would be valid. Lookups are returned
as `ReferenceToResolve` items for the caller to resolve (by name, id or link).
"""

from __future__ import annotations

import json
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, create_model
from pydantic_core import PydanticCustomError

from bot.escape import escape_mrkdwn, quote_user_text
from bot.salesforce.convert import (
    ConversionProblem,
    ReferenceToResolve,
    convert,
    label_of,
    picklist_values,
)
from bot.salesforce.fields import FieldIndex, FieldProblem, UnknownField
from bot.salesforce.per_describe import per_describe
from bot.salesforce.values import EXAMPLES, UserContext

__all__ = ["FieldProblem", "ReferenceToResolve", "WriteCheck", "check_write", "required_fields"]

Operation = Literal["create", "update"]
MODEL_CACHE_SIZE = 256
_SYSTEM_FIELDS = frozenset({"Id", "IsDeleted", "CreatedDate", "CreatedById", "LastModifiedDate",
    "LastModifiedById", "SystemModstamp", "LastActivityDate", "LastViewedDate",
    "LastReferencedDate", "MasterRecordId"})  # fmt: skip
_TYPE_EXAMPLES = {"date": "2026-12-31", "datetime": "2026-12-31 14:00", "time": "14:30",
                  "reference": "a name, an id or a Salesforce link", **EXAMPLES}  # fmt: skip

MESSAGES = {
    "required": "{label} is required.",
    "empty": "{label} can't be empty.",
    "twice": "{label} is given twice ({names}); keep one.",
    "fls": "You can't edit {label} in Salesforce (read-only for your profile).",
    "object_fls": "You can't {verb} {object} records in Salesforce (read-only for your profile).",
    "calculated": "{label} is calculated by Salesforce; it can't be set.",
    "system": "{label} is filled in by Salesforce; it can't be set.",
    "compound": "{label} is put together by Salesforce from {parts}; set those instead.",
    "create_only": "{label} can only be set when the {object} is created.",
    "record_type": "{typed} isn't a record type of {object}. Valid values: {values}.",
}


@dataclass
class WriteCheck:
    """The outcome of checking a write.

    Attributes:
        object_name: The object's API name.
        operation: `create` or `update`.
        values: API name → JSON value, ready to send (lookups excluded until resolved).
        references: Lookups to resolve, then add to `values` as ids.
        problems: Everything wrong, in the order typed (missing required fields last).
        missing_required: API names of required fields not given (a modal can ask for them).
        typed: API name → what was typed, to pre-fill a modal.
    """

    object_name: str
    operation: Operation
    values: dict[str, Any] = field(default_factory=dict)
    references: list[ReferenceToResolve] = field(default_factory=list)
    problems: list[FieldProblem] = field(default_factory=list)
    missing_required: list[str] = field(default_factory=list)
    typed: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems


def required_fields(describe: Mapping[str, Any]) -> list[str]:
    """API names a create must give: `createable and not nillable and not defaultedOnCreate`."""
    return [
        f["name"]
        for f in describe["fields"]
        if f.get("createable") and not f.get("nillable") and not f.get("defaultedOnCreate")
    ]


def _access_problem(spec: Mapping[str, Any], operation: Operation, describe: Mapping[str, Any]) -> str | None:  # fmt: skip  # noqa: E501
    if spec.get("createable" if operation == "create" else "updateable"):
        return None
    label, obj = label_of(spec), escape_mrkdwn(describe.get("label", describe.get("name", "")))
    parts = [label_of(f) for f in describe["fields"] if f.get("compoundFieldName") == spec["name"]]
    if spec.get("calculated") or spec.get("autoNumber"):
        return MESSAGES["calculated"].format(label=label)
    if parts and spec.get("type") != "address":
        joined = ", ".join(parts[:-1]) + " and " + parts[-1] if len(parts) > 1 else parts[0]
        return MESSAGES["compound"].format(label=label, parts=joined)
    if operation == "update" and spec.get("createable"):
        return MESSAGES["create_only"].format(label=label, object=obj)
    # Fields that profiles can't grant (audit fields, IsClosed…) are Salesforce's own.
    if spec["name"] in _SYSTEM_FIELDS or not spec.get("permissionable", True):
        return MESSAGES["system"].format(label=label)
    return MESSAGES["fls"].format(label=label)


def _validator(spec: Mapping[str, Any], operation: Operation, describe: Mapping[str, Any],
               allowed: Sequence[str] | None) -> Any:  # fmt: skip
    access = _access_problem(spec, operation, describe)

    def check(value: Any, info: Any) -> Any:
        if access is not None:
            raise PydanticCustomError("sf_access", "{message}", {"message": access})
        typed = "" if value is None else str(value)
        if not typed.strip():
            if spec.get("nillable") and spec.get("type") != "boolean":
                return None
            message = MESSAGES["empty"].format(label=label_of(spec))
            raise PydanticCustomError("sf_empty", "{message}", {"message": message})
        context = info.context or {}
        try:
            return convert(spec, typed, ctx=context.get("user"), allowed=allowed,
                           key_prefixes=context.get("key_prefixes"))  # fmt: skip
        except ConversionProblem as exc:
            details = {"message": exc.message, "valid_values": exc.valid_values,
                       "example": exc.example}  # fmt: skip
            raise PydanticCustomError("sf_value", "{message}", details) from exc

    return check


def _build_model(describe: Mapping[str, Any], operation: Operation,
                 record_type_values: Mapping[str, Sequence[str]]) -> type[BaseModel]:  # fmt: skip
    required = set(required_fields(describe)) if operation == "create" else set()
    definitions: dict[str, Any] = {}
    for i, spec in enumerate(describe["fields"]):
        allowed = record_type_values.get(spec["name"])
        kind = Annotated[Any, BeforeValidator(_validator(spec, operation, describe, allowed))]
        default = ... if spec["name"] in required else None
        definitions[f"f{i}"] = (kind, Field(default, alias=spec["name"]))
    name = f"{describe.get('name', 'Record')}{operation.title()}"
    config = ConfigDict(extra="ignore", populate_by_name=False)
    return create_model(name, __config__=config, **definitions)


@per_describe
def _fields_key(describe: Mapping[str, Any]) -> tuple[Any, ...]:
    """What of the fields shapes a model: two bodies with the same key share one."""
    return tuple(
        (f["name"], f.get("type"), f.get("createable"), f.get("updateable"), f.get("nillable"),
         f.get("defaultedOnCreate"), f.get("length"), f.get("restrictedPicklist"),
         f.get("label"), tuple(v["value"] for v in f.get("picklistValues") or []))
        for f in describe["fields"]
    )  # fmt: skip


_MODELS: OrderedDict[tuple[Any, ...], tuple[type[BaseModel], FieldIndex]] = OrderedDict()


def _model_for(describe: Mapping[str, Any], operation: Operation,
               record_type_values: Mapping[str, Sequence[str]]) -> tuple[type[BaseModel], FieldIndex]:  # fmt: skip  # noqa: E501
    """Models are cached by the describe's content, so each org's schema is compiled once."""
    key = (describe.get("name"), operation, json.dumps(record_type_values, sort_keys=True),
           _fields_key(describe))  # fmt: skip
    if key in _MODELS:
        _MODELS.move_to_end(key)
        return _MODELS[key]
    built = (_build_model(describe, operation, record_type_values), FieldIndex(describe))
    _MODELS[key] = built
    if len(_MODELS) > MODEL_CACHE_SIZE:
        _MODELS.popitem(last=False)
    return built


def _record_type(describe: Mapping[str, Any], typed: str) -> str | ConversionProblem:
    infos = [i for i in describe.get("recordTypeInfos") or [] if i.get("available", True)]
    wanted = typed.strip().casefold()
    for info in infos:
        names = (info.get("name"), info.get("developerName"), info.get("recordTypeId"))
        if wanted in {str(n).casefold() for n in names if n}:
            return str(info["recordTypeId"])
    values = [str(i["name"]) for i in infos if not i.get("master")]
    message = MESSAGES["record_type"].format(
        typed=quote_user_text(typed),
        object=escape_mrkdwn(describe.get("label", "")),
        values=", ".join(quote_user_text(v) for v in values) or "none",
    )
    return ConversionProblem(message, valid_values=values)


def _problem(spec: Mapping[str, Any], message: str, **extra: Any) -> FieldProblem:
    return FieldProblem(field=spec["name"], label=label_of(spec), message=message,
                        valid_values=tuple(extra.get("valid_values") or ()),
                        example=extra.get("example"))  # fmt: skip


def check_write(
    *,
    describe: Mapping[str, Any],
    operation: Operation,
    fields: Mapping[str, str],
    ctx: UserContext | None = None,
    record_type_values: Mapping[str, Sequence[str]] | None = None,
    key_prefixes: Mapping[str, str] | None = None,
) -> WriteCheck:
    """Check a create or update typed by a user, reporting every problem at once.

    Args:
        describe: The object's describe for this user (real Salesforce JSON shape).
        operation: `create` or `update`.
        fields: Typed field name → typed value, in the order typed (`{"stage": "Won"}`).
        ctx: The user's locale and time zone, for numbers and dates.
        record_type_values: Field → values valid for the chosen record type (see
            `record_type_picklists`); restricts those picklists even when unrestricted.
        key_prefixes: `{key prefix: object}` from the global describe, to check pasted ids.

    Returns:
        The values to send, the lookups to resolve and the problems (empty when all is well).
    """
    model, index = _model_for(describe, operation, record_type_values or {})
    result = WriteCheck(object_name=str(describe.get("name", "")), operation=operation)
    names: dict[str, list[str]] = {}
    for typed_name, value in fields.items():
        try:
            api = index.resolve(typed_name)["name"]
        except UnknownField as exc:
            result.problems.append(exc.problem)
            continue
        names.setdefault(api, []).append(typed_name)
        result.typed.setdefault(api, value)
    for api, typed_names in names.items():
        if len(typed_names) > 1:
            shown = ", ".join(quote_user_text(n) for n in typed_names)
            message = MESSAGES["twice"].format(label=label_of(index.fields[api]), names=shown)
            result.problems.append(_problem(index.fields[api], message))
    data = dict(result.typed)
    if data.get("RecordTypeId", "").strip() and index.fields["RecordTypeId"].get(
        operation + "able"
    ):
        found = _record_type(describe, data["RecordTypeId"])
        if isinstance(found, ConversionProblem):
            result.problems.append(_problem(index.fields["RecordTypeId"], found.message,
                                            valid_values=found.valid_values))  # fmt: skip
            del data["RecordTypeId"]
        else:  # resolved from the describe itself: no lookup needed
            result.values["RecordTypeId"] = found
            del data["RecordTypeId"]
    if not describe.get("createable" if operation == "create" else "updateable", True):
        message = MESSAGES["object_fls"].format(
            verb=operation, object=escape_mrkdwn(describe.get("label", ""))
        )
        result.problems.insert(0, FieldProblem(field="", label="", message=message))
    context = {"user": ctx or UserContext(), "key_prefixes": key_prefixes}
    try:
        checked = model.model_validate(data, context=context)
    except ValidationError as exc:
        _collect(exc, index, result, record_type_values or {})
        # in the order typed: each problem at its field's first mention, object-wide first
        rank = {n: i for i, n in reversed(list(enumerate(fields)))}
        rank.update({api: rank[typed[0]] for api, typed in names.items()})
        rank[""] = -1
        result.problems.sort(key=lambda p: rank.get(p.field, len(rank)))
        return result
    for attr in checked.model_fields_set:
        api, value = type(checked).model_fields[attr].alias or attr, getattr(checked, attr)
        if isinstance(value, ReferenceToResolve):
            result.references.append(value)
        else:
            result.values[api] = value
    return result


def _collect(exc: ValidationError, index: FieldIndex, result: WriteCheck,
             record_type_values: Mapping[str, Sequence[str]]) -> None:  # fmt: skip
    for error in exc.errors():
        api = str(error["loc"][0]) if error["loc"] else ""
        spec = index.fields.get(api)
        if spec is None:
            continue
        if error["type"] == "missing":
            result.missing_required.append(api)
            choices = record_type_values.get(api) or picklist_values(spec)
            example = choices[0] if choices else _TYPE_EXAMPLES.get(spec.get("type", ""))
            problem = _problem(spec, MESSAGES["required"].format(label=label_of(spec)),
                               valid_values=choices, example=example)  # fmt: skip
            result.problems.append(problem)
            continue
        ctx = error.get("ctx") or {}
        message = str(ctx.get("message", error["msg"]))
        result.problems.append(_problem(spec, message, valid_values=ctx.get("valid_values"),
                                        example=ctx.get("example")))  # fmt: skip


def record_type_picklists(payload: Mapping[str, Any]) -> dict[str, list[str]]:
    """Field → values valid for one record type, from the UI API's
    `GET ui-api/object-info/T/picklist-values/{recordTypeId}` response."""
    fields = payload.get("picklistFieldValues") or {}
    return {name: [v["value"] for v in spec.get("values") or []] for name, spec in fields.items()}
