/* Per-call options and the client's time bounds. `options_json` of every call, send and upload
 * function overrides `timeout` (the whole call), `attempt_timeout` and `max_retries` for one
 * call; bad options are refused before anything is sent, naming the key; the config keys
 * `timeout` (whole call), `attempt_timeout`, `connect_timeout`, `token_timeout`,
 * `max_connections` and `pool_idle_timeout` are accepted, `max_retries` over 10 refused. The
 * emulator delays answers (faults with `delay_ms`) to make calls slow. */
#include "common.h"

static void clear_faults(void) {
    char *out = NULL;
    emu_http("DELETE", "faults", NULL, &out);
    free(out);
}

/* How many requests of `action` the emulator has seen since the last reset. */
static int requests_of(const char *action) {
    char *log = NULL;
    REQUIRE(emu_http("GET", "requests", NULL, &log) == 200, "request log");
    char needle[128];
    snprintf(needle, sizeof needle, "\"action\":\"%s\"", action);
    int n = 0;
    for (const char *p = strstr(log, needle); p != NULL; p = strstr(p + 1, needle)) {
        n++;
    }
    free(log);
    return n;
}

/* list_chats with `options`, blocking or async; returns the status, and the time in *took. */
static LcStatus list_chats(LcClient *agent, const char *options, int async, double *took,
                           char *json, size_t cap) {
    double t0 = now_s();
    LcStatus st;
    char *out = NULL;
    if (async) {
        Waiter w;
        waiter_init(&w);
        st = lc_client_call_async(agent, "list_chats", NULL, options, on_done, &w, NULL, &out);
        if (st == LC_STATUS_OK) {
            CHECK(waiter_wait(&w, 1, 60) == 1, "the callback fired");
            st = w.last_status;
            snprintf(json, cap, "%s", w.last_json);
        } else {
            snprintf(json, cap, "%s", out ? out : "");
        }
        waiter_destroy(&w);
    } else {
        st = lc_client_call(agent, "list_chats", NULL, options, &out);
        snprintf(json, cap, "%s", out ? out : "");
    }
    lc_string_free(&out);
    *took = now_s() - t0;
    return st;
}

static void test_a_per_call_timeout_bounds_the_call(LcClient *agent) {
    char json[2048];
    for (int async = 0; async <= 1; async++) {
        const char *how = async ? "async" : "blocking";
        /* One slow answer; the client would wait 30 s. */
        emu_fault("{\"action\":\"list_chats\",\"count\":1,\"delay_ms\":4000}");
        double took = 0;
        LcStatus st = list_chats(agent, "{\"timeout\":0.5}", async, &took, json, sizeof json);
        CHECK(st == LC_STATUS_TIMEOUT && has(json, "\"kind\":\"timeout\""), "%s: %s %s", how,
              lc_status_name(st), json);
        CHECK(took >= 0.4 && took < 2.5, "%s: bounded by 0.5 s (%.2f s)", how, took);
        clear_faults();

        /* Every attempt slow: retries happen, and the whole call still ends at its timeout. */
        emu_reset();
        emu_fault("{\"action\":\"list_chats\",\"count\":50,\"delay_ms\":3000}");
        st = list_chats(agent, "{\"timeout\":2,\"attempt_timeout\":0.3,\"max_retries\":10}",
                        async, &took, json, sizeof json);
        CHECK(st == LC_STATUS_TIMEOUT, "%s, retries: %s %s", how, lc_status_name(st), json);
        CHECK(took >= 0.55 && took < 4.0, "%s: the whole call bounded by 2 s (%.2f s)", how, took);
        int attempts = requests_of("list_chats");
        CHECK(attempts >= 2 && attempts <= 7, "%s: retried within the bound (%d attempts)", how,
              attempts);
        clear_faults();
    }
}

static void test_the_client_timeout_bounds_the_whole_call(void) {
    char config[512];
    snprintf(config, sizeof config,
             "{\"client_id\":\"c-tests\",\"api_url\":\"%s\",\"token\":\"%s\",\"timeout\":2,"
             "\"attempt_timeout\":0.3,\"max_retries\":10}",
             env("LC_TEST_URL"), env("LC_TEST_TOKEN"));
    LcClient *agent = NULL;
    char *err = NULL;
    LcStatus created = lc_client_new(config, NULL, NULL, NULL, &agent, &err);
    REQUIRE(created == LC_STATUS_OK, "lc_client_new: %s", err ? err : "");
    lc_string_free(&err);
    emu_reset();
    emu_fault("{\"action\":\"list_chats\",\"count\":50,\"delay_ms\":3000}");
    char json[2048];
    double took = 0;
    LcStatus st = list_chats(agent, NULL, 0, &took, json, sizeof json);
    CHECK(st == LC_STATUS_TIMEOUT, "client timeout: %s %s", lc_status_name(st), json);
    CHECK(took >= 0.55 && took < 4.0, "the client's timeout bounds the whole call (%.2f s)", took);
    CHECK(requests_of("list_chats") >= 2, "attempt_timeout cut the attempts short");
    clear_faults();
    lc_client_free(&agent);
}

static void test_options_override_max_retries(LcClient *agent) {
    char json[2048];
    double took = 0;
    emu_fault("{\"action\":\"list_chats\",\"count\":1,\"status\":503}");
    LcStatus st = list_chats(agent, NULL, 0, &took, json, sizeof json);
    CHECK(st == LC_STATUS_API && has(json, "\"status\":503"), "max_retries 0: %s %s",
          lc_status_name(st), json);
    emu_fault("{\"action\":\"list_chats\",\"count\":1,\"status\":503}");
    st = list_chats(agent, "{\"max_retries\":1}", 0, &took, json, sizeof json);
    CHECK(st == LC_STATUS_OK, "max_retries 1 for this call: %s %s", lc_status_name(st), json);
    emu_fault("{\"action\":\"list_chats\",\"count\":1,\"status\":503}");
    st = list_chats(agent, "{\"max_retries\":1}", 1, &took, json, sizeof json);
    CHECK(st == LC_STATUS_OK, "max_retries 1, async: %s %s", lc_status_name(st), json);
    clear_faults();
}

/* Each of the eight entry points with bad options: refused at once, naming the key, unsent. */
static void test_bad_options_are_refused_everywhere(LcClient *agent) {
    static const char *const BAD[][2] = {
        {"{\"timout\":1}", "timout"},
        {"{\"timeout\":-1}", "timeout"},
        {"{\"attempt_timeout\":\"fast\"}", "attempt_timeout"},
        {"{\"max_retries\":11}", "max_retries"},
        {"[1]", "options_json"},
        {"{\"timeout\":", "options_json"},
    };
    emu_reset();
    const uint8_t data[] = "abc";
    LcUploadSource from_path = src_path("/etc/hostname", NULL);
    LcUploadSource from_data = src_data(data, 3, "a.txt");
    for (size_t i = 0; i < sizeof BAD / sizeof BAD[0]; i++) {
        const char *o = BAD[i][0];
        Waiter w;
        waiter_init(&w);
        for (int entry = 0; entry < 8; entry++) {
            char *out = NULL;
            LcStatus st = LC_STATUS_OK;
            switch (entry) {
            case 0: st = lc_client_call(agent, "list_chats", NULL, o, &out); break;
            case 1: st = lc_client_send(agent, "list_chats", NULL, o, &out); break;
            case 2: st = lc_client_upload(agent, &from_path, o, &out); break;
            case 3: st = lc_client_upload(agent, &from_data, o, &out); break;
            case 4:
                st = lc_client_call_async(agent, "list_chats", NULL, o, on_done, &w, NULL, &out);
                break;
            case 5:
                st = lc_client_send_async(agent, "list_chats", NULL, o, on_done, &w, NULL, &out);
                break;
            case 6:
                st = lc_client_upload_async(agent, &from_path, o, on_done, &w, NULL, &out);
                break;
            default:
                st = lc_client_upload_async(agent, &from_data, o, on_done, &w, NULL, &out);
                break;
            }
            CHECK(st == LC_STATUS_INVALID_ARGUMENT && has(out, BAD[i][1]) &&
                      has(out, "options_json"),
                  "entry point %d, options %s: %s %s", entry, o, lc_status_name(st),
                  out ? out : "");
            lc_string_free(&out);
        }
        sleep_ms(20);
        CHECK(w.fired == 0, "refused async calls never call back (%d)", w.fired);
        waiter_destroy(&w);
    }
    char *log = NULL;
    REQUIRE(emu_http("GET", "requests", NULL, &log) == 200, "request log");
    CHECK(!has(log, "\"action\":"), "nothing was sent: %.500s", log);
    free(log);
}

static void test_config_keys(void) {
    LcClient *agent =
        client_with("3.6", ",\"timeout\":30,\"attempt_timeout\":10,\"connect_timeout\":5,"
                           "\"token_timeout\":5,\"max_connections\":4,\"pool_idle_timeout\":1");
    char *out = call_ok(agent, "list_chats", "{\"limit\":1}");
    lc_string_free(&out);
    lc_client_free(&agent);
    static const char *const BAD[][2] = {
        {"\"max_retries\":11", "max_retries"},
        {"\"max_connections\":0", "max_connections"},
        {"\"attempt_timeout\":0", "attempt_timeout"},
        {"\"pool_idle_timeot\":1", "pool_idle_timeot"},
    };
    for (size_t i = 0; i < sizeof BAD / sizeof BAD[0]; i++) {
        char config[512];
        snprintf(config, sizeof config, "{\"client_id\":\"c\",\"token\":\"dal:t\",%s}", BAD[i][0]);
        LcClient *client = NULL;
        LcStatus st = lc_client_new(config, NULL, NULL, NULL, &client, &out);
        CHECK(st == LC_STATUS_INVALID_ARGUMENT && client == NULL && has(out, BAD[i][1]),
              "config %s: %s %s", BAD[i][0], lc_status_name(st), out ? out : "");
        lc_string_free(&out);
    }
}

/* A config that is JSON but not an object is refused with its type named, never with the
 * deserializer's "expected struct ClientConfig with 15 elements". */
static void test_a_config_must_be_an_object(void) {
    static const char *const BAD[][2] = {
        {"[\"c\",\"dal:t\"]", "the config must be a JSON object, got an array"},
        {"[]", "the config must be a JSON object, got an array"},
        {"\"c\"", "the config must be a JSON object, got a string"},
        {"42", "the config must be a JSON object, got a number"},
        {"null", "the config must be a JSON object, got null"},
    };
    for (size_t i = 0; i < sizeof BAD / sizeof BAD[0]; i++) {
        LcClient *client = NULL;
        char *out = NULL;
        LcStatus st = lc_client_new(BAD[i][0], NULL, NULL, NULL, &client, &out);
        CHECK(st == LC_STATUS_INVALID_ARGUMENT && client == NULL && has(out, BAD[i][1]) &&
                  !has(out, "struct ClientConfig"),
              "config %s: %s %s", BAD[i][0], lc_status_name(st), out ? out : "");
        lc_string_free(&out);
    }
}

/* The header's rules for arguments: NULL, "", whitespace and null mean no arguments; arguments
 * nested 128 levels deep or deeper are refused before anything is sent (127 is the most
 * accepted); lc_client_send bodies may nest 128 levels, not 129. */
static void test_empty_args_and_the_depth_limit(LcClient *agent) {
    static const char *const NONE[] = {"", "  \n", "null", "{}"};
    for (size_t i = 0; i < sizeof NONE / sizeof NONE[0]; i++) {
        char *out = NULL;
        LcStatus st = lc_client_call(agent, "list_routing_statuses", NONE[i], NULL, &out);
        CHECK(st == LC_STATUS_OK, "args %s: %s %s", NONE[i], lc_status_name(st), out);
        lc_string_free(&out);
    }
    emu_reset();
    for (int depth = 127; depth <= 130; depth++) {
        /* {"filters":[[[...]]]}: the object, then depth - 1 arrays. */
        char args[512] = "{\"filters\":";
        size_t len = strlen(args);
        for (int i = 1; i < depth; i++) args[len++] = '[';
        for (int i = 1; i < depth; i++) args[len++] = ']';
        args[len++] = '}';
        args[len] = '\0';
        char *out = NULL;
        LcStatus st = lc_client_call(agent, "list_chats", args, NULL, &out);
        if (depth <= 127) {
            CHECK(st != LC_STATUS_INVALID_ARGUMENT || !has(out, "recursion"),
                  "depth %d is within the limit: %s", depth, out);
        } else {
            CHECK(st == LC_STATUS_INVALID_ARGUMENT && has(out, "args_json"),
                  "depth %d: %s %s", depth, lc_status_name(st), out);
        }
        lc_string_free(&out);
    }
    /* Raw bodies: the core's own check, one level more. */
    for (int depth = 128; depth <= 129; depth++) {
        char body[512] = "{\"x\":";
        size_t len = strlen(body);
        for (int i = 1; i < depth; i++) body[len++] = '[';
        for (int i = 1; i < depth; i++) body[len++] = ']';
        body[len++] = '}';
        body[len] = '\0';
        char *out = NULL;
        LcStatus st = lc_client_send(agent, "list_routing_statuses", body, NULL, &out);
        int refused = st == LC_STATUS_INVALID_ARGUMENT && has(out, "deeper than 128");
        CHECK(depth == 128 ? !refused : refused, "body depth %d: %s %s", depth,
              lc_status_name(st), out);
        lc_string_free(&out);
    }
    char *log = NULL;
    REQUIRE(emu_http("GET", "requests", NULL, &log) == 200, "request log");
    CHECK(!has(log, "\"filters\""), "no deep arguments were sent: %.300s", log);
    free(log);
}

int main(void) {
    emu_reset();
    LcClient *agent = client_with("3.6", ",\"timeout\":30");
    test_a_per_call_timeout_bounds_the_call(agent);
    test_options_override_max_retries(agent);
    test_bad_options_are_refused_everywhere(agent);
    test_empty_args_and_the_depth_limit(agent);
    lc_client_free(&agent);
    test_the_client_timeout_bounds_the_whole_call();
    test_config_keys();
    test_a_config_must_be_an_object();
    return finish("test_options");
}
