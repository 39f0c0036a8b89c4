/* Acting as a bot from C: the config's "bot" object makes the client issue its own bot tokens
 * (with the config's token) and renew them. 100 concurrent calls share one issue_bot_token; after
 * the emulator's clock passes the token's expiry, 100 more cost exactly one more; bad bot
 * credentials are the API's error and the secret never shows. */
#include "common.h"

#define CALLS 100

/* How many issue_bot_token requests the emulator has logged. */
static int issues(void) {
    char *log = NULL;
    REQUIRE(emu_http("GET", "requests", NULL, &log) == 200, "request log");
    int n = 0;
    for (const char *p = log; (p = strstr(p, "/configuration/action/issue_bot_token")) != NULL; p++) {
        n++;
    }
    free(log);
    return n;
}

/* CALLS concurrent list_chats; returns how many succeeded. */
static int many_calls(LcClient *agent) {
    Waiter w;
    waiter_init(&w);
    LcOp *ops[CALLS] = {0};
    for (int i = 0; i < CALLS; i++) {
        LcStatus st = lc_client_call_async(agent, "list_chats", NULL, NULL, on_done, &w, &ops[i], NULL);
        CHECK(st == LC_STATUS_OK, "call_async %d: %s", i, lc_status_name(st));
    }
    CHECK(waiter_wait(&w, CALLS, 30) == CALLS, "every call completed");
    int ok = w.by_status[LC_STATUS_OK];
    if (ok != CALLS) {
        fprintf(stderr, "last: %s %s\n", lc_status_name(w.last_status), w.last_json);
    }
    for (int i = 0; i < CALLS; i++) {
        lc_op_free(&ops[i]);
    }
    waiter_destroy(&w);
    return ok;
}

static LcClient *bot_client(const char *bot_id, const char *secret) {
    char extra[1024];
    snprintf(extra, sizeof extra,
             ",\"bot\":{\"bot_id\":\"%s\",\"client_id\":\"%s\",\"bot_secret\":\"%s\","
             "\"organization_id\":\"%s\"}",
             bot_id, env("LC_TEST_CLIENT_ID"), secret, env("LC_TEST_ORG"));
    return client_with("3.6", extra);
}

int main(void) {
    emu_reset();
    LcClient *conf = client_with("3.6", ",\"api\":\"configuration\"");
    char *bot = call_ok(conf, "create_bot", "{\"name\":\"C bot\"}");
    char bot_id[128] = "", secret[128] = "";
    REQUIRE(bot && json_str(bot, "id", bot_id, sizeof bot_id) &&
                json_str(bot, "secret", secret, sizeof secret),
            "create_bot: %s", bot ? bot : "");
    lc_string_free(&bot);
    char *routing = NULL;
    char args[256];
    snprintf(args, sizeof args, "{\"status\":\"accepting_chats\",\"agent_id\":\"%s\"}", bot_id);

    LcClient *agent = bot_client(bot_id, secret);
    REQUIRE(emu_http("DELETE", "requests", NULL, NULL) == 200, "clear the request log");
    routing = call_ok(agent, "set_routing_status", args);
    lc_string_free(&routing);
    CHECK(many_calls(agent) == CALLS, "100 calls as the bot");
    CHECK(issues() == 1, "one issue_bot_token for 101 calls, got %d", issues());

    /* A day later the emulator refuses the token: one more issue serves the next 100 calls. */
    REQUIRE(emu_http("POST", "clock", "{\"advance_seconds\":90000}", NULL) == 200, "clock");
    CHECK(many_calls(agent) == CALLS, "100 calls after the expiry");
    CHECK(issues() == 2, "exactly one more issue after the expiry, got %d", issues());

    /* A wrong secret: the API's own error; neither secret in it. */
    LcClient *wrong = bot_client(bot_id, "not-the-bot-secret-42");
    char *out = NULL;
    LcStatus st = lc_client_call(wrong, "list_chats", NULL, NULL, &out);
    CHECK(st == LC_STATUS_API, "wrong secret: %s %s", lc_status_name(st), out ? out : "");
    CHECK(out && has(out, "Invalid bot credentials"), "the API's message: %s", out ? out : "");
    CHECK(out && !has(out, "not-the-bot-secret-42") && !has(out, secret), "no secret: %s", out);
    lc_string_free(&out);

    /* "bot" without a credential to issue with is refused when the client is made. */
    LcClient *none = NULL;
    char config[1024];
    snprintf(config, sizeof config,
             "{\"api_url\":\"%s\",\"bot\":{\"bot_id\":\"%s\",\"client_id\":\"c\","
             "\"bot_secret\":\"s\",\"organization_id\":\"o\"}}",
             env("LC_TEST_URL"), bot_id);
    st = lc_client_new(config, NULL, NULL, NULL, &none, &out);
    CHECK(st == LC_STATUS_INVALID_ARGUMENT && none == NULL, "no issuer: %s", lc_status_name(st));
    CHECK(out && has(out, "authenticates issue_bot_token"), "%s", out ? out : "");
    lc_string_free(&out);

    lc_client_free(&wrong);
    lc_client_free(&agent);
    lc_client_free(&conf);
    return finish("test_bot");
}
