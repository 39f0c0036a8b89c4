/* The Configuration API from C, and a bot end to end: one handle type for every API, picked by
 * the config's "api". A configuration client creates a bot and issues its token; an Agent API
 * client with that token acts as the bot (its event is authored by the bot). A method of the
 * other API is refused before anything is sent, naming the API that has it; an unknown API is
 * refused naming the known ones. */
#include "common.h"

static LcClient *new_client(const char *config) {
    LcClient *client = NULL;
    char *out = NULL;
    LcStatus st = lc_client_new(config, NULL, NULL, NULL, &client, &out);
    REQUIRE(st == LC_STATUS_OK, "lc_client_new(%s): %s %s", config, lc_status_name(st),
            out ? out : "");
    lc_string_free(&out);
    return client;
}

int main(void) {
    char config[4096];
    snprintf(config, sizeof config,
             "{\"api\":\"configuration\",\"client_id\":\"c-tests\",\"api_url\":\"%s\","
             "\"token\":\"%s\",\"version\":\"3.6\",\"max_retries\":0}",
             env("LC_TEST_URL"), env("LC_TEST_TOKEN"));
    LcClient *conf = new_client(config);

    char *info = NULL;
    CHECK(lc_client_info(conf, &info) == LC_STATUS_OK, "info");
    CHECK(info != NULL && has(info, "\"type\":\"configuration\""), "info: %s", info ? info : "");
    lc_string_free(&info);

    /* create_bot -> {id, secret}; issue_bot_token -> {token} */
    char *bot = call_ok(conf, "create_bot", "{\"name\":\"C bot\"}");
    char bot_id[128] = "", secret[128] = "";
    REQUIRE(bot && json_str(bot, "id", bot_id, sizeof bot_id) &&
                json_str(bot, "secret", secret, sizeof secret),
            "create_bot: %s", bot ? bot : "");
    lc_string_free(&bot);
    char args[1024];
    snprintf(args, sizeof args,
             "{\"bot_id\":\"%s\",\"client_id\":\"%s\",\"bot_secret\":\"%s\","
             "\"organization_id\":\"%s\"}",
             bot_id, env("LC_TEST_CLIENT_ID"), secret, env("LC_TEST_ORG"));
    char *issued = call_ok(conf, "issue_bot_token", args);
    char token[2048] = "";
    REQUIRE(issued && json_str(issued, "token", token, sizeof token), "issue_bot_token: %s",
            issued ? issued : "");
    lc_string_free(&issued);

    /* The bot acts on the Agent API with its token (no region prefix: the region is an option). */
    snprintf(config, sizeof config,
             "{\"client_id\":\"c-tests\",\"api_url\":\"%s\",\"token\":\"%s\",\"region\":\"dal\","
             "\"version\":\"3.6\",\"max_retries\":0}",
             env("LC_TEST_URL"), token);
    LcClient *as_bot = new_client(config);
    char *started = call_ok(as_bot, "start_chat", "{}");
    char chat_id[128] = "";
    REQUIRE(started && json_str(started, "chat_id", chat_id, sizeof chat_id), "start_chat: %s",
            started ? started : "");
    lc_string_free(&started);
    snprintf(args, sizeof args,
             "{\"chat_id\":\"%s\",\"event\":{\"type\":\"message\",\"text\":\"beep from C\"}}",
             chat_id);
    char *sent = call_ok(as_bot, "send_event", args);
    lc_string_free(&sent);
    snprintf(args, sizeof args, "{\"chat_id\":\"%s\"}", chat_id);
    char *chat = call_ok(as_bot, "get_chat", args);
    char needle[256];
    snprintf(needle, sizeof needle, "\"author_id\":\"%s\"", bot_id);
    CHECK(chat && has(chat, "beep from C") && has(chat, needle), "the bot's event: %s",
          chat ? chat : "");
    lc_string_free(&chat);

    /* A method of the other API: refused before sending, naming the API that has it. */
    char *out = NULL;
    LcStatus st = lc_client_call(conf, "send_event", "{}", NULL, &out);
    CHECK(st == LC_STATUS_UNSUPPORTED_METHOD, "send_event on configuration: %s",
          lc_status_name(st));
    CHECK(out && has(out, "agent API"), "%s", out ? out : "");
    lc_string_free(&out);
    st = lc_client_call(as_bot, "register_webhook", "{}", NULL, &out);
    CHECK(st == LC_STATUS_UNSUPPORTED_METHOD && out && has(out, "configuration API"), "%s %s",
          lc_status_name(st), out ? out : "");
    lc_string_free(&out);

    /* An unknown API, and a Configuration method missing from the version. */
    LcClient *none = NULL;
    st = lc_client_new("{\"api\":\"reports\",\"token\":\"t\"}", NULL, NULL, NULL, &none, &out);
    CHECK(st == LC_STATUS_INVALID_ARGUMENT && none == NULL, "unknown api: %s",
          lc_status_name(st));
    CHECK(out && has(out, "reports") && has(out, "configuration"), "%s", out ? out : "");
    lc_string_free(&out);
    snprintf(config, sizeof config,
             "{\"api\":\"configuration\",\"api_url\":\"%s\",\"token\":\"%s\",\"version\":\"3.3\"}",
             env("LC_TEST_URL"), env("LC_TEST_TOKEN"));
    LcClient *old = new_client(config);
    st = lc_client_call(old, "issue_bot_token", args, NULL, &out);
    CHECK(st == LC_STATUS_UNSUPPORTED_METHOD && out && has(out, "3.5"), "%s %s",
          lc_status_name(st), out ? out : "");
    lc_string_free(&out);

    lc_client_free(&old);
    lc_client_free(&as_bot);
    lc_client_free(&conf);
    return finish("test_configuration");
}
