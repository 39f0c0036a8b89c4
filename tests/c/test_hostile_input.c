/* Hostile input through every C entry point, from C, so that valgrind and AddressSanitizer see
 * the whole path: LC_HOSTILE_ITERATIONS (default 3000) rounds of random bytes and mutated JSON as
 * configs, method names, action names, arguments, filenames, upload data and status values,
 * with random NULLs, against the emulator. Every call returns a real status (never
 * LC_STATUS_PANIC) with an error JSON whose "kind" matches it; async calls that start call back
 * exactly once. Deterministic: LC_HOSTILE_SEED (default 20261125) picks the sequence. The Rust
 * property tests in ffi-c/src/tests/hostile.rs check the finer rules (what is sent when). */
#include "common.h"

static uint64_t g_rng;

static uint64_t next_u64(void) {
    /* xorshift64* */
    g_rng ^= g_rng >> 12;
    g_rng ^= g_rng << 25;
    g_rng ^= g_rng >> 27;
    return g_rng * 2685821657736338717ULL;
}

static size_t below(size_t n) { return n == 0 ? 0 : (size_t)(next_u64() % n); }

static const char *const METHOD_NAMES[] = {
    "send_event", "get_chat", "list_chats", "start_chat", "deactivate_chat", "list_archives",
    "list_threads", "get_customer", "update_customer", "ban_customer", "transfer_chat",
    "add_user_to_chat", "tag_thread", "update_chat_properties", "list_routing_statuses",
    "set_routing_status", "multicast", "send_typing_indicator", "resume_chat",
    "grant_chat_access", "mark_events_as_seen", "send_rich_message_postback", "logout",
};
#define N_METHODS (sizeof METHOD_NAMES / sizeof METHOD_NAMES[0])

static const char *const TEMPLATES[] = {
    "{\"chat_id\":\"PJ0MRSHTDG\",\"event\":{\"type\":\"message\",\"text\":\"hi\"}}",
    "{\"limit\":5,\"filters\":{\"active\":true,\"group_ids\":[0,1]}}",
    "{\"id\":\"b7eff798-f8df-4364-8059-649c35c9ed0c\",\"days\":3}",
    "{\"chat_id\":\"../../x\\r\\nX: 1\",\"thread_id\":\"T\",\"tag\":\"\\u0000\"}",
    "{\"client_id\":\"c\",\"api_url\":\"http://127.0.0.1:9\",\"token\":\"dal:t\",\"timeout\":0.5}",
    "{\"page_id\":\"eyJ4IjoxfQ==\",\"sort_order\":\"asc\"}",
    "[1,2,{\"a\":[null,true,false,1e400,-0.0,\"\\ud800\"]}]",
    "{\"a\":{\"b\":{\"c\":{\"d\":{\"e\":{\"f\":[[[[[[[[[[]]]]]]]]]]}}}}}}",
};
#define N_TEMPLATES (sizeof TEMPLATES / sizeof TEMPLATES[0])

/* A NUL-terminated string of random non-NUL bytes, a mutated template, or a mutated method
 * name; NULL sometimes. Free with free(). */
static char *hostile_string(int allow_null) {
    size_t pick = below(10);
    if (allow_null && pick == 0) {
        return NULL;
    }
    char *s = NULL;
    if (pick <= 3) {
        size_t n = below(96);
        s = malloc(n + 1);
        REQUIRE(s != NULL, "malloc");
        for (size_t i = 0; i < n; i++) {
            s[i] = (char)(1 + below(255));
        }
        s[n] = '\0';
        return s;
    }
    const char *base = pick <= 6 ? TEMPLATES[below(N_TEMPLATES)] : METHOD_NAMES[below(N_METHODS)];
    size_t len = strlen(base);
    s = malloc(len + 8);
    REQUIRE(s != NULL, "malloc");
    memcpy(s, base, len + 1);
    size_t edits = below(4); /* 0: the original, which often gets past the checks */
    for (size_t e = 0; e < edits && len > 0; e++) {
        size_t at = below(len);
        switch (below(3)) {
        case 0: /* replace a byte */
            s[at] = (char)(1 + below(255));
            break;
        case 1: /* cut */
            s[at] = '\0';
            len = at;
            break;
        default: /* insert one of the bytes that hurt parsers */
            if (len + 1 < strlen(base) + 8) {
                static const char hurt[] = "\"{}[]\\\r\n/:,\xff\xc3";
                memmove(s + at + 1, s + at, len - at + 1);
                s[at] = hurt[below(sizeof hurt - 1)];
                len++;
            }
        }
    }
    return s;
}

/* Checks a status and its error JSON; frees the JSON. */
static void check_result(const char *what, LcStatus st, char **json) {
    CHECK(st != LC_STATUS_PANIC, "%s: a panic reached the boundary: %s", what, *json ? *json : "");
    CHECK(strncmp(lc_status_name(st), "LC_STATUS_", 10) == 0 &&
              strcmp(lc_status_name(st), "LC_STATUS_UNKNOWN") != 0,
          "%s: not a status: %d", what, (int)st);
    if (st != LC_STATUS_OK) {
        char want[64] = "\"kind\":\"";
        const char *name = lc_status_name(st) + 10;
        size_t n = strlen(want);
        for (; *name && n + 2 < sizeof want; name++) {
            want[n++] = (char)(*name >= 'A' && *name <= 'Z' ? *name - 'A' + 'a' : *name);
        }
        want[n++] = '"';
        want[n] = '\0';
        CHECK(*json != NULL && has(*json, want), "%s: %s without %s: %s", what,
              lc_status_name(st), want, *json ? *json : "NULL");
    }
    lc_string_free(json);
}

int main(void) {
    const char *it_env = getenv("LC_HOSTILE_ITERATIONS");
    const char *seed_env = getenv("LC_HOSTILE_SEED");
    long iterations = it_env ? atol(it_env) : 3000;
    g_rng = seed_env ? strtoull(seed_env, NULL, 10) : 20261125ULL;
    if (g_rng == 0) {
        g_rng = 1;
    }
    emu_reset();
    LcClient *agent = client_with("3.6", ",\"timeout\":10");
    Waiter w;
    waiter_init(&w);
    int started = 0;
    long by_op[7] = {0};
    double t0 = now_s();
    for (long i = 0; i < iterations; i++) {
        char *a = hostile_string(1);
        char *b = hostile_string(1);
        char *out = NULL;
        size_t op = below(7);
        by_op[op]++;
        switch (op) {
        case 0:
            check_result("call", lc_client_call(agent, a, b, NULL, &out), &out);
            break;
        case 1:
            check_result("send", lc_client_send(agent, a, b, NULL, &out), &out);
            break;
        case 2: {
            LcClient *client = NULL;
            LcStatus st = lc_client_new(a, NULL, NULL, NULL, &client, &out);
            CHECK((st == LC_STATUS_OK) == (client != NULL), "new: client iff OK");
            check_result("new", st, &out);
            lc_client_free(&client);
            break;
        }
        case 3:
        case 4: {
            LcOp *op_handle = NULL;
            LcStatus st = op == 3
                ? lc_client_call_async(agent, a, b, NULL, on_done, &w, &op_handle, &out)
                : lc_client_send_async(agent, a, b, NULL, on_done, &w, NULL, &out);
            if (st == LC_STATUS_OK) {
                CHECK(out == NULL, "async: out_error NULL on success");
                started++;
                if (op_handle != NULL && below(2) == 0) {
                    lc_op_cancel(op_handle);
                }
                lc_op_free(&op_handle);
            } else {
                CHECK(op_handle == NULL, "async: no op handle when nothing started");
                check_result("async", st, &out);
            }
            break;
        }
        case 5: {
            size_t n = a ? strlen(a) : 0;
            /* a may be NULL (then n is 0): neither path nor data, refused. */
            LcUploadSource src = src_data(a, n, b);
            LcStatus st = lc_client_upload(agent, &src, NULL, &out);
            check_result("upload", st, &out);
            break;
        }
        default: {
            const char *name = lc_status_name((int32_t)next_u64());
            CHECK(name != NULL && strncmp(name, "LC_STATUS_", 10) == 0, "status name");
            break;
        }
        }
        free(a);
        free(b);
    }
    int fired = waiter_wait(&w, started, 60);
    CHECK(fired == started, "%d of %d async callbacks fired", fired, started);
    CHECK(w.by_status[LC_STATUS_PANIC] == 0, "no callback reported a panic: %s", w.last_json);
    printf("%ld hostile inputs (call %ld, send %ld, new %ld, async %ld, upload %ld, names %ld), "
           "%d async started, %.2f s\n",
           iterations, by_op[0], by_op[1], by_op[2], by_op[3] + by_op[4], by_op[5], by_op[6],
           started, now_s() - t0);
    lc_client_free(&agent);
    /* A callback firing twice would show up here, after the client is gone. */
    CHECK(waiter_wait(&w, started + 1, 0) == started, "no callback fired twice");
    waiter_destroy(&w);
    return finish("test_hostile_input");
}
