/* Raw bodies go out verbatim and numbers keep their digits. lc_client_send (blocking and
 * async) must put body_json on the wire byte for byte — whitespace, key order, big integers,
 * -0, long decimals — as a local recording server sees it; a body that is not one JSON object
 * is refused before anything is sent. Through the emulator's request log: a raw send and a
 * custom event sent with lc_client_call("send_event") arrive digit for digit. */
#include "common.h"

/* Bodies that JSON round trips change: whitespace, key order, big and negative-zero numbers,
 * more decimals than a double has, escapes. */
static const char *const VERBATIM[] = {
    "{\"x\":18446744073709551616,\"y\":-0,\"z\":1.0000000000000000001}",
    "{ \"z\" : 1.0000000000000000001 ,\n\t\"a\":[ -0.0, 1e400, 123456789012345678901234567890 ] }",
    "{\"s\":\"\\u00e9\\ud83d\\ude00 \\/ caf\xc3\xa9\",\"n\":null,\"b\":[true,false]}",
};

static void test_raw_send_is_byte_exact(void) {
    Recorder r;
    recorder_start(&r, NULL, NULL);
    LcClient *client = recorder_client(&r, "");
    int expected = 0;
    for (size_t i = 0; i < sizeof VERBATIM / sizeof VERBATIM[0]; i++) {
        const char *body = VERBATIM[i];
        for (int async = 0; async <= 1; async++) {
            LcStatus st;
            char *out = NULL;
            if (async) {
                Waiter w;
                waiter_init(&w);
                st = lc_client_send_async(client, "custom_action", body, NULL, on_done, &w, NULL,
                                          &out);
                if (st == LC_STATUS_OK) {
                    CHECK(waiter_wait(&w, 1, 20) == 1, "async callback");
                    st = w.last_status;
                }
                waiter_destroy(&w);
            } else {
                st = lc_client_send(client, "custom_action", body, NULL, &out);
            }
            CHECK(st == LC_STATUS_OK, "send %zu (%s): %s %s", i, async ? "async" : "blocking",
                  lc_status_name(st), out ? out : "");
            lc_string_free(&out);
            expected++;
            pthread_mutex_lock(&r.mu);
            CHECK(r.requests == expected, "request %d arrived (%d)", expected, r.requests);
            CHECK(r.last_len == strlen(body) && memcmp(r.last_body, body, r.last_len) == 0,
                  "body %zu (%s) changed on the way:\n  sent     %s\n  received %s", i,
                  async ? "async" : "blocking", body, r.last_body);
            pthread_mutex_unlock(&r.mu);
        }
    }
    /* NULL, "" and whitespace are {}; anything but one JSON object is refused unsent. */
    for (int i = 0; i < 3; i++) {
        const char *empty[] = {NULL, "", " \n "};
        char *out = NULL;
        LcStatus st = lc_client_send(client, "custom_action", empty[i], NULL, &out);
        CHECK(st == LC_STATUS_OK, "empty body %d: %s %s", i, lc_status_name(st), out ? out : "");
        lc_string_free(&out);
        expected++;
        pthread_mutex_lock(&r.mu);
        CHECK(r.requests == expected && strcmp(r.last_body, "{}") == 0, "empty body %d sent %s",
              i, r.last_body);
        pthread_mutex_unlock(&r.mu);
    }
    const char *bad[] = {"[1,2]", "{\"a\":1} {\"b\":2}", "{\"a\":", "\"text\"", "{\"a\":1}x"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char *out = NULL;
        LcStatus st = lc_client_send(client, "custom_action", bad[i], NULL, &out);
        CHECK(st == LC_STATUS_INVALID_ARGUMENT, "bad body %s: %s %s", bad[i], lc_status_name(st),
              out ? out : "");
        lc_string_free(&out);
        Waiter w;
        waiter_init(&w);
        st = lc_client_send_async(client, "custom_action", bad[i], NULL, on_done, &w, NULL, &out);
        CHECK(st == LC_STATUS_INVALID_ARGUMENT, "bad body %s async: %s", bad[i],
              lc_status_name(st));
        lc_string_free(&out);
        waiter_destroy(&w);
    }
    pthread_mutex_lock(&r.mu);
    CHECK(r.requests == expected, "refused bodies were not sent (%d requests)", r.requests);
    pthread_mutex_unlock(&r.mu);
    lc_client_free(&client);
    recorder_stop(&r);
}

/* The emulator's request log keeps numbers as received (serde_json arbitrary_precision). */
static void test_digits_reach_the_emulator(void) {
    emu_reset();
    LcClient *client = client_v("3.6");
    char *out = NULL;
    LcStatus st = lc_client_send(client, "list_chats", VERBATIM[0], NULL, &out);
    /* list_chats refuses unknown fields: an API error, but the body is in the log. */
    CHECK(st == LC_STATUS_API, "raw list_chats: %s %s", lc_status_name(st), out ? out : "");
    lc_string_free(&out);

    char *started = call_ok(client, "start_chat", NULL);
    char chat_id[64] = "";
    CHECK(json_str(started, "chat_id", chat_id, sizeof chat_id), "chat_id in %s", started);
    lc_string_free(&started);
    char args[512];
    snprintf(args, sizeof args,
             "{\"chat_id\":\"%s\",\"event\":{\"type\":\"custom\",\"content\":{\"big\":"
             "18446744073709551616,\"neg_zero\":-0,\"long\":1.0000000000000000001}}}",
             chat_id);
    char *sent = call_ok(client, "send_event", args);
    lc_string_free(&sent);

    char *log = NULL;
    REQUIRE(emu_http("GET", "requests", NULL, &log) == 200, "request log");
    CHECK(has(log, "\"body\":{\"x\":18446744073709551616,\"y\":-0,\"z\":1.0000000000000000001}"),
          "the raw body's numbers changed: %.2000s", log);
    CHECK(has(log, "\"content\":{\"big\":18446744073709551616,\"neg_zero\":-0,"
                   "\"long\":1.0000000000000000001}"),
          "the custom event's numbers changed: %.2000s", log);
    free(log);

    /* And back: get_chat returns the stored event with its digits (the response is verbatim). */
    char get_args[128];
    snprintf(get_args, sizeof get_args, "{\"chat_id\":\"%s\"}", chat_id);
    char *chat = call_ok(client, "get_chat", get_args);
    CHECK(has(chat, "18446744073709551616") && has(chat, "1.0000000000000000001"),
          "get_chat: %.1000s", chat ? chat : "");
    lc_string_free(&chat);
    lc_client_free(&client);
}

int main(void) {
    test_raw_send_is_byte_exact();
    test_digits_reach_the_emulator();
    return finish("test_raw_body");
}
