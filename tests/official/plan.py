"""The order of calls for a whole Configuration API flow: things are created before they are
read, updated and deleted, so every call can succeed against the emulator's seed."""

from __future__ import annotations

from typing import Any

from flow import Ctx, Step, drop, groups_exist, keep, keep_bot, put, swap_agents

WEBHOOK_OWNER = "asXdesldiAJSq9padj"
LICENSE_ID = "10000001"
# The ban lifted by unban_customer (which takes exactly one of ip and customer_id).
BAN = {"ip": "192.168.1.1", "seconds": 3600}


def ban_first(ctx: Ctx, raw: Any) -> None:
    """Ban the docs' IP unless this run's SDK already did (with its own ban_customer)."""
    if not ctx.get("banned"):
        raw("3.7", "ban_customer", BAN)
        ctx["banned"] = True


def _batch_ids(key: str) -> Any:
    def save(ctx: Ctx, answer: Any) -> None:
        if isinstance(answer, dict):
            ctx[key] = [r.get("id") for r in answer.get("responses", []) if isinstance(r, dict)]

    return save


def _bot_requests(ctx: Ctx, extra: dict[str, Any]) -> dict[str, Any]:
    return {"requests": [{"id": i, **extra} for i in ctx.get("batch_bots", [])]}


def steps() -> list[Step]:
    """Every step, newest API first; a harness skips the ones its SDK or version lacks."""
    group = put("id", lambda c: c["group"])
    template = put("id", lambda c: c["template"])
    owner = put("owner_client_id", lambda c: c["client_id"])
    return [
        # Groups first: agents, tags, auto access and properties point at the new one.
        Step("create_group", edits=[swap_agents], save=keep("group")),
        Step("get_group", edits=[group]),
        Step("list_groups"),
        Step("update_group", edits=[group, swap_agents]),
        # Agents
        Step("create_agent", edits=[groups_exist]),
        Step("get_agent"),
        Step("list_agents", edits=[groups_exist]),
        Step("update_agent", edits=[groups_exist]),
        Step("suspend_agent"),
        Step("unsuspend_agent"),
        Step("request_agent_unsuspension"),
        Step("approve_agent"),
        Step("reactivate_email"),
        Step("batch_create_agents",
             args=lambda c: {"requests": [{"id": "brown@example.com", "name": "Agent Brown"}]}),
        Step("batch_update_agents",
             args=lambda c: {"requests": [{"id": "brown@example.com", "job_title": "Support"}]}),
        Step("batch_suspend_agents", args=lambda c: {"requests": [{"id": "brown@example.com"}]}),
        Step("batch_unsuspend_agents", args=lambda c: {"requests": [{"id": "brown@example.com"}]}),
        Step("batch_approve_agents", args=lambda c: {"requests": [{"id": "brown@example.com"}]}),
        # Smith stays for reactivate_email and delete_agent at the end.
        Step("batch_delete_agents", edits=[put("requests", [{"id": "brown@example.com"}])]),
        # Auto access
        Step("add_auto_access", edits=[groups_exist, drop("next_id")], save=keep("auto_access")),
        Step("list_auto_accesses"),
        Step("update_auto_access",
             edits=[put("id", lambda c: c["auto_access"]), groups_exist, drop("next_id")]),
        Step("delete_auto_access", edits=[put("id", lambda c: c["auto_access"])]),
        # Bots
        Step("create_bot", save=keep_bot),
        Step("get_bot"),
        Step("list_bots"),
        Step("update_bot", edits=[put("id", lambda c: c["bot"])]),
        Step("issue_bot_token"),
        Step("reset_bot_secret", edits=[put("id", lambda c: c["bot"])]),
        Step("delete_bot", edits=[put("id", lambda c: c["bot"])]),
        Step("batch_create_bots",
             args=lambda c: {"requests": [{"name": "Batch bot 1"}, {"name": "Batch bot 2"}]},
             save=_batch_ids("batch_bots")),
        Step("batch_update_bots", args=lambda c: _bot_requests(c, {"name": "Renamed"})),
        Step("batch_delete_bots", args=lambda c: _bot_requests(c, {})),
        # The docs' template samples leave out owner_client_id, which their own tables mark
        # required (unconditionally, unlike create_bot's "only with a PAT"): added here.
        Step("create_bot_template", edits=[owner], save=keep("template")),
        Step("list_bot_templates", edits=[owner]),
        Step("update_bot_template", edits=[template, owner]),
        Step("reset_bot_template_secret", edits=[template, owner]),
        Step("delete_bot_template", edits=[template, owner]),
        # Customer bans (3.6+; ban_customer 3.7)
        # An SDK without ban_customer (lc-sdk-python) still needs a ban to lift: one is made
        # first by a direct call.
        Step("ban_customer", save=lambda c, _a: c.update(banned=True)),
        Step("list_customer_bans", setup=ban_first),
        Step("unban_customer", setup=ban_first),
        # Greetings (3.6+)
        Step("create_greeting", save=keep("greeting")),
        Step("get_greeting", edits=[put("id", lambda c: c["greeting"])]),
        Step("list_greetings"),
        Step("update_greeting", edits=[put("id", lambda c: c["greeting"])]),
        Step("delete_greeting", edits=[put("id", lambda c: c["greeting"])]),
        # Properties
        Step("register_property"),
        Step("publish_property"),
        Step("list_properties"),
        Step("update_license_properties"),
        Step("list_license_properties"),
        Step("delete_license_properties"),
        Step("update_group_properties"),
        Step("list_groups_properties"),
        Step("list_group_properties"),
        Step("delete_group_properties"),
        Step("unregister_property"),
        # Tags (3.5+)
        Step("create_tag", edits=[groups_exist]),
        Step("list_tags", edits=[groups_exist]),
        Step("update_tag", edits=[groups_exist]),
        Step("delete_tag"),
        # Webhooks
        Step("register_webhook", save=keep("webhook")),
        # The docs' register sample owns the webhook as asXdesldiAJSq9padj, the list and
        # unregister samples name 0805e2…: the same owner is used here so the webhook is found.
        Step("list_webhooks", edits=[put("owner_client_id", WEBHOOK_OWNER)]),
        Step("unregister_webhook",
             edits=[put("id", lambda c: c["webhook"]), put("owner_client_id", WEBHOOK_OWNER)]),
        Step("list_webhook_names"),
        Step("enable_license_webhooks"),
        Step("disable_license_webhooks"),
        Step("get_license_webhooks_state"),
        # Canned responses (3.7)
        Step("create_canned_response", save=keep("canned")),
        Step("list_canned_responses"),
        Step("update_canned_response", edits=[put("id", lambda c: c["canned"])]),
        Step("delete_canned_response", edits=[put("id", lambda c: c["canned"])]),
        # Allowed domains and translations (3.7)
        Step("add_allowed_domain"),
        Step("list_allowed_domains"),
        Step("delete_allowed_domain"),
        Step("update_translations"),
        Step("list_translations"),
        Step("batch_update_translations", args=lambda c: {"requests": [
            {"group_id": 0, "language": "en", "phrases": {"Welcome_title": "Hello!"}}]}),
        # Other
        Step("list_channels"),
        Step("check_product_limits_for_plan"),
        Step("get_product_source"),
        Step("update_company_details"),
        Step("get_company_details"),
        # 3.4's GET pair: the docs' ids become the emulator's license and organization.
        Step("get_organization_id", edits=[put("license_id", LICENSE_ID)]),
        Step("get_license_id", edits=[put("organization_id", lambda c: c["organization_id"])]),
        # Last: what the flow created.
        Step("delete_agent"),
        Step("delete_group", edits=[group]),
    ]

