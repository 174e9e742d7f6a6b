"""Version root resources and ``limits/`` (shape of ../shared/salesforce/misc/limits)."""

from __future__ import annotations

from devkit.salesforce.api.rest import Call, Reply, route

_RESOURCES = [
    "tooling",
    "metadata",
    "eclair",
    "folders",
    "prechatForms",
    "contact-tracing",
    "jsonxform",
    "chatter",
    "tabs",
    "appMenu",
    "quickActions",
    "queryAll",
    "commerce",
    "wave",
    "iot",
    "analytics",
    "search",
    "identity",
    "composite",
    "parameterizedSearch",
    "fingerprint",
    "theme",
    "nouns",
    "domino",
    "event",
    "serviceTemplates",
    "recent",
    "connect",
    "licensing",
    "limits",
    "process",
    "async-queries",
    "query",
    "match",
    "emailConnect",
    "compactLayouts",
    "knowledgeManagement",
    "sobjects",
    "actions",
    "support",
    "ui-api",
]


def _root(call: Call) -> Reply:
    body = {name: call.api(name).rstrip("/") for name in _RESOURCES}
    body["identity"] = f"{call.state.base_url}/id/{call.org.definition.org_id}/{call.user.id}"
    return Reply(200, body)


def _limits(call: Call) -> Reply:
    used, limit = call.state.api_used, call.state.api_max

    def pair(maximum: int, remaining: int | None = None) -> dict[str, int]:
        return {"Max": maximum, "Remaining": maximum if remaining is None else remaining}

    return Reply(
        200,
        {
            "ConcurrentAsyncGetReportInstances": pair(200),
            "ConcurrentSyncReportRuns": pair(20),
            "DailyApiRequests": {**pair(limit, max(limit - used, 0)), "devkit": pair(0)},
            "DailyAsyncApexExecutions": pair(250000),
            "DailyBulkApiBatches": pair(15000),
            "DailyBulkV2QueryJobs": pair(10000),
            "DailyGenericStreamingApiEvents": pair(10000),
            "DailyStreamingApiEvents": pair(1000000),
            "DailyWorkflowEmails": pair(2000),
            "DataStorageMB": pair(5, 5),
            "FileStorageMB": pair(20, 20),
            "HourlyAsyncReportRuns": pair(1200),
            "HourlyDashboardRefreshes": pair(200),
            "HourlyDashboardResults": pair(5000),
            "HourlyDashboardStatuses": pair(999999999),
            "HourlySyncReportRuns": pair(500),
            "MassEmail": pair(10),
            "SingleEmail": pair(15),
        },
    )


route(r"", GET=_root)
route(r"limits", GET=_limits)
