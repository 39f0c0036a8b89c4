/* Error JSON from real API answers: 401 (bad token), 404 (unknown chat), 422 validation, 409
 * chat_inactive with data, a timeout, a non-JSON body; plus the PAT (Basic) credential. */
#include "common.h"

static void test_401_with_a_bad_token(void) {
    char config[512];
    snprintf(config, sizeof config,
             "{\"client_id\":\"c-tests\",\"api_url\":\"%s\",\"token\":\"dal:wrong-token\","
             "\"max_retries\":0}",
             env("LC_TEST_URL"));
    LcClient *client = NULL;
    char *out = NULL;
    REQUIRE(lc_client_new(config, NULL, NULL, NULL, &client, &out) == LC_STATUS_OK, "new");
    lc_string_free(&out);
    LcStatus st = lc_client_call(client, "list_chats", NULL, NULL, &out);
    CHECK(st == LC_STATUS_API, "401 is an API error: %s", lc_status_name(st));
    CHECK(has(out, "\"kind\":\"api\"") && has(out, "\"status\":401") &&
              has(out, "\"type\":\"authentication\"") && has(out, "\"message\":\"") &&
              has(out, "\"action\":\"list_chats\""),
          "401 JSON: %s", out);
    lc_string_free(&out);
    lc_client_free(&client);
}

static void test_404_and_validation_and_chat_inactive(LcClient *agent) {
    char *out = NULL;
    LcStatus st = lc_client_call(agent, "get_chat", "{\"chat_id\":\"NOSUCHCHAT\"}", NULL, &out);
    CHECK(st == LC_STATUS_API && has(out, "\"status\":404") && has(out, "\"type\":\"not_found\""),
          "404: %s %s", lc_status_name(st), out);
    lc_string_free(&out);

    char *started = call_ok(agent, "start_chat", NULL);
    char chat[64] = "", args[512];
    REQUIRE(json_str(started, "chat_id", chat, sizeof chat), "start_chat %s", started);
    lc_string_free(&started);
    snprintf(args, sizeof args,
             "{\"chat_id\":\"%s\",\"event\":{\"type\":\"no_such_event_type\",\"text\":\"x\"}}", chat);
    st = lc_client_call(agent, "send_event", args, NULL, &out);
    CHECK(st == LC_STATUS_API && has(out, "\"status\":422") && has(out, "\"type\":\"validation\""),
          "validation: %s %s", lc_status_name(st), out);
    lc_string_free(&out);

    snprintf(args, sizeof args, "{\"id\":\"%s\"}", chat);
    out = call_ok(agent, "deactivate_chat", args);
    lc_string_free(&out);
    st = lc_client_call(agent, "deactivate_chat", args, NULL, &out);
    CHECK(st == LC_STATUS_API && has(out, "\"type\":\"chat_inactive\""), "chat_inactive: %s", out);
    lc_string_free(&out);

    emu_fault("{\"action\":\"get_customer\",\"count\":1,\"status\":403,\"error\":{\"type\":"
              "\"authorization\",\"message\":\"No way\",\"data\":{\"scope\":\"customers:ro\"}}}");
    st = lc_client_call(agent, "get_customer", "{\"id\":\"b7eff798-f8df-4364-8059-649c35c9ed0c\"}",
                        NULL,
                        &out);
    CHECK(st == LC_STATUS_API && has(out, "\"status\":403") && has(out, "\"message\":\"No way\"") &&
              has(out, "\"data\":{\"scope\":\"customers:ro\"}"),
          "data kept: %s", out);
    lc_string_free(&out);
}

static void test_timeout_and_decode(void) {
    LcClient *fast = client_with("3.6", ",\"timeout\":0.3");
    emu_fault("{\"action\":\"list_chats\",\"count\":1,\"delay_ms\":2000}");
    char *out = NULL;
    double t0 = now_s();
    LcStatus st = lc_client_call(fast, "list_chats", NULL, NULL, &out);
    CHECK(st == LC_STATUS_TIMEOUT && has(out, "\"kind\":\"timeout\""), "timeout: %s %s",
          lc_status_name(st), out);
    CHECK(now_s() - t0 < 1.9, "gave up before the answer");
    lc_string_free(&out);
    emu_fault("{\"action\":\"list_chats\",\"count\":1,\"status\":200,\"body\":\"<html>oops\"}");
    st = lc_client_call(fast, "list_chats", NULL, NULL, &out);
    CHECK(st == LC_STATUS_DECODE && has(out, "\"kind\":\"decode\""), "decode: %s %s",
          lc_status_name(st), out);
    lc_string_free(&out);
    lc_client_free(&fast);
}

static void test_pat_credential(void) {
    char *info = NULL;
    REQUIRE(emu_http("GET", "info", NULL, &info) == 200, "info");
    char account[128] = "", pat[128] = "";
    const char *p = strstr(info, "\"pat\":");
    REQUIRE(p && json_str(p, "account_id", account, sizeof account) &&
                json_str(p, "token", pat, sizeof pat),
            "pat in %s", info);
    free(info);
    char extra[512];
    snprintf(extra, sizeof extra, ",\"pat\":{\"account_id\":\"%s\",\"token\":\"%s\"}", account, pat);
    char config[1024];
    snprintf(config, sizeof config,
             "{\"client_id\":\"c-tests\",\"api_url\":\"%s\",\"max_retries\":0%s}",
             env("LC_TEST_URL"), extra);
    LcClient *client = NULL;
    char *out = NULL;
    LcStatus st = lc_client_new(config, NULL, NULL, NULL, &client, &out);
    REQUIRE(st == LC_STATUS_OK, "new with pat: %s", out);
    lc_string_free(&out);
    out = call_ok(client, "list_chats", NULL);
    lc_string_free(&out);
    lc_client_free(&client);
}

int main(void) {
    emu_reset();
    LcClient *agent = client_v("3.6");
    test_401_with_a_bad_token();
    test_404_and_validation_and_chat_inactive(agent);
    test_timeout_and_decode();
    test_pat_credential();
    lc_client_free(&agent);
    return finish("test_errors");
}
