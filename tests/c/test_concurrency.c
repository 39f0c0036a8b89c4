/* LC_TEST_CONCURRENCY (default 1000) async calls in flight at once on one client, each
 * callback fired exactly once with LC_STATUS_OK; then the same number of send_event calls to
 * one chat, all stored. */
#include "common.h"

int main(void) {
    const char *n_env = getenv("LC_TEST_CONCURRENCY");
    int n = n_env ? atoi(n_env) : 1000;
    REQUIRE(n > 0, "LC_TEST_CONCURRENCY");
    emu_reset();
    LcClient *agent = client_with("3.6", ",\"timeout\":60");
    char *out = call_ok(agent, "start_chat", NULL);
    char chat[64] = "", args[256];
    REQUIRE(json_str(out, "chat_id", chat, sizeof chat), "start_chat: %s", out);
    lc_string_free(&out);

    Waiter w;
    waiter_init(&w);
    double t0 = now_s();
    for (int i = 0; i < n; i++) {
        LcStatus st = i % 2 == 0
            ? lc_client_call_async(agent, "list_chats", "{\"limit\":1}", NULL, on_done, &w, NULL, NULL)
            : lc_client_call_async(agent, "get_chat", NULL, NULL, on_done, &w, NULL, NULL);
        if (i % 2 == 1) {
            /* get_chat without chat_id is refused before it starts: never fires. */
            CHECK(st == LC_STATUS_INVALID_ARGUMENT, "%s", lc_status_name(st));
            snprintf(args, sizeof args, "{\"chat_id\":\"%s\"}", chat);
            st = lc_client_call_async(agent, "get_chat", args, NULL, on_done, &w, NULL, NULL);
        }
        CHECK(st == LC_STATUS_OK, "start %d: %s", i, lc_status_name(st));
    }
    int fired = waiter_wait(&w, n, 120);
    CHECK(fired == n, "%d of %d callbacks fired", fired, n);
    CHECK(w.by_status[LC_STATUS_OK] == n, "%d OK of %d; last %s %s", w.by_status[LC_STATUS_OK], n,
          lc_status_name(w.last_status), w.last_json);
    printf("%d concurrent calls in %.2f s\n", n, now_s() - t0);

    Waiter sends;
    waiter_init(&sends);
    for (int i = 0; i < n; i++) {
        snprintf(args, sizeof args,
                 "{\"chat_id\":\"%s\",\"event\":{\"type\":\"message\",\"text\":\"m%d\"}}", chat, i);
        LcStatus st = lc_client_call_async(agent, "send_event", args, NULL, on_done, &sends, NULL, NULL);
        CHECK(st == LC_STATUS_OK, "send %d: %s", i, lc_status_name(st));
    }
    fired = waiter_wait(&sends, n, 120);
    CHECK(fired == n && sends.by_status[LC_STATUS_OK] == n, "%d fired, %d OK; last %s", fired,
          sends.by_status[LC_STATUS_OK], sends.last_json);
    sleep_ms(100);
    CHECK(w.fired == n && sends.fired == n, "no callback fired twice");
    waiter_destroy(&w);
    waiter_destroy(&sends);
    lc_client_free(&agent);
    return finish("test_concurrency");
}
