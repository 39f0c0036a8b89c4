"""Known problems, keyed by (sdk, API version, action) -> (kind, reason); sdk is `python`,
`js`, or `docs` (the docs' samples sent directly, docs_direct.py).

`sdk-bug`: the official SDK sends something the docs do not show (or calls an action they do not
have); reported, not a failure of ours. `emulator-issue`: the emulator refuses a request the docs
allow; to be fixed in emulator/, then the mark removed (the harness fails on an unexpected pass).
"""

_COMPANY = (
    "sdk-bug",
    "lc-sdk-python ships get_company_details, an action the Configuration API pages of 3.6/3.7 do "
    "not have; the emulator answers every unknown action 404 not_found 'Unknown action'",
)

_JS_GET = (
    "sdk-bug",
    "lc-sdk-js 4.0.2 lists {action} in its GET actions (WebAPI.actionsMethodGet) and names the "
    "docs' `namespace` field `namespace_prefix`: it sends GET with the fields as a query string "
    "(and as a JSON body); the 3.4 page documents POST with a JSON body holding `namespace`; the "
    "emulator answers 422 validation 'Only POST is allowed, got GET'",
)

KNOWN: dict[tuple[str, str, str], tuple[str, str]] = {
    ("js", "3.4", "update_group"): (
        "sdk-bug",
        "lc-sdk-js 4.0.2 Configuration.updateGroup sends create_group (src/configuration/"
        "index.ts) with the group's id; the emulator answers 422 validation 'Unknown field: id'",
    ),
    ("js", "3.4", "list_license_properties"): (_JS_GET[0], _JS_GET[1].format(action="list_license_properties")),
    ("js", "3.4", "list_group_properties"): (_JS_GET[0], _JS_GET[1].format(action="list_group_properties")),
    ("python", "3.6", "get_company_details"): _COMPANY,
    ("python", "3.7", "get_company_details"): _COMPANY,
}
