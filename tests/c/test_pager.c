/* Paging from C with lc_client_pages / lc_pager_next / lc_pager_next_async / lc_pager_free, the
 * core's one pager behind them. Against the emulator: list_chats two at a time over three
 * pages (blocking, and async with each callback asking for the next page), and the
 * Configuration API's list_greetings. Against a canned loopback server: a repeated page id and
 * a page that is not an object are LC_STATUS_DECODE, a pager used while a page is in flight is
 * refused ("busy"), a freed or made-up pager is refused, never dereferenced. A method without
 * pages, or of the other API, is refused before anything is sent. */
#include "common.h"

static LcPager *pages_ok(LcClient *client, const char *method, const char *args) {
    LcPager *pager = NULL;
    char *err = NULL;
    LcStatus st = lc_client_pages(client, method, args, NULL, &pager, &err);
    REQUIRE(st == LC_STATUS_OK && pager != NULL, "lc_client_pages(%s): %s %s", method,
            lc_status_name(st), err ? err : "");
    CHECK(err == NULL, "no error JSON on success");
    return pager;
}

static int count(const char *text, const char *needle) {
    int n = 0;
    for (const char *p = text; p && (p = strstr(p, needle)) != NULL; p += strlen(needle)) {
        n++;
    }
    return n;
}

/* ---- list_chats over the emulator ------------------------------------------------------- */

enum { CHATS = 5 };

/* Starts CHATS chats on a fresh emulator; their ids go to `ids`. */
static void start_chats(LcClient *client, char ids[CHATS][64]) {
    emu_reset();
    for (int i = 0; i < CHATS; i++) {
        char *started = call_ok(client, "start_chat", NULL);
        REQUIRE(json_str(started, "chat_id", ids[i], 64), "chat_id in %s", started ? started : "");
        lc_string_free(&started);
    }
}

static void test_list_chats_blocking(void) {
    LcClient *client = client_v("3.6");
    char ids[CHATS][64];
    start_chats(client, ids);
    LcPager *pager = pages_ok(client, "list_chats", "{\"limit\":2}");
    char all[65536] = "";
    int pages = 0;
    for (;;) {
        char *page = NULL;
        LcStatus st = lc_pager_next(pager, &page);
        REQUIRE(st == LC_STATUS_OK, "page %d: %s %s", pages + 1, lc_status_name(st),
                page ? page : "");
        if (page == NULL) {
            break;
        }
        pages++;
        CHECK(count(page, "\"last_thread_summary\"") <= 2, "limit 2: %.500s", page);
        strncat(all, page, sizeof all - strlen(all) - 1);
        lc_string_free(&page);
        REQUIRE(pages <= 10, "too many pages");
    }
    CHECK(pages == 3, "5 chats two at a time: %d pages", pages);
    for (int i = 0; i < CHATS; i++) {
        CHECK(has(all, ids[i]), "chat %s on some page", ids[i]);
    }
    /* Past the end it stays the end. */
    char *page = (char *)"sentinel";
    CHECK(lc_pager_next(pager, &page) == LC_STATUS_OK && page == NULL, "still the end");
    lc_pager_free(&pager);
    CHECK(pager == NULL, "lc_pager_free nulls the pointer");
    lc_pager_free(&pager);
    lc_pager_free(NULL);
    lc_client_free(&client);
}

/* The async chain: each callback asks for the next page until the NULL that ends them. */
typedef struct {
    Waiter done;
    LcPager *pager;
    int pages;
    int chats;
    LcStatus failed;
} Chain;

static void on_page(void *user_data, LcStatus status, const char *json) {
    Chain *c = (Chain *)user_data;
    if (status == LC_STATUS_OK && json != NULL) {
        c->pages++;
        c->chats += count(json, "\"last_thread_summary\"");
        LcStatus st = lc_pager_next_async(c->pager, on_page, c, NULL, NULL);
        if (st == LC_STATUS_OK) {
            return;
        }
        status = st;
    }
    c->failed = status;
    on_done(&c->done, status, json ? json : "(end)");
}

static void test_list_chats_async_chain(void) {
    LcClient *client = client_v("3.6");
    char ids[CHATS][64];
    start_chats(client, ids);
    Chain chain;
    memset(&chain, 0, sizeof chain);
    waiter_init(&chain.done);
    chain.pager = pages_ok(client, "list_chats", "{\"limit\":2}");
    LcOp *op = NULL;
    char *err = NULL;
    LcStatus st = lc_pager_next_async(chain.pager, on_page, &chain, &op, &err);
    REQUIRE(st == LC_STATUS_OK, "next_async: %s %s", lc_status_name(st), err ? err : "");
    REQUIRE(waiter_wait(&chain.done, 1, 30) == 1, "the chain ended");
    CHECK(chain.failed == LC_STATUS_OK && strcmp(chain.done.last_json, "(end)") == 0,
          "ended with OK and NULL: %s %s", lc_status_name(chain.failed), chain.done.last_json);
    CHECK(chain.pages == 3 && chain.chats == CHATS, "%d pages, %d chats", chain.pages,
          chain.chats);
    lc_op_free(&op);
    lc_pager_free(&chain.pager);
    waiter_destroy(&chain.done);
    lc_client_free(&client);
}

/* ---- the Configuration API's paginated method ------------------------------------------- */

static void test_list_greetings(void) {
    emu_reset();
    char config[1024];
    snprintf(config, sizeof config,
             "{\"api\":\"configuration\",\"client_id\":\"c-tests\",\"api_url\":\"%s\","
             "\"token\":\"%s\",\"version\":\"3.6\",\"max_retries\":0}",
             env("LC_TEST_URL"), env("LC_TEST_TOKEN"));
    LcClient *conf = NULL;
    char *out = NULL;
    LcStatus st = lc_client_new(config, NULL, NULL, NULL, &conf, &out);
    REQUIRE(st == LC_STATUS_OK, "configuration client: %s %s", lc_status_name(st), out ? out : "");
    lc_string_free(&out);
    for (int i = 0; i < 3; i++) {
        char args[512];
        snprintf(args, sizeof args,
                 "{\"type\":\"normal\",\"active\":true,\"name\":\"g%d\",\"group\":0,\"rules\":"
                 "[{\"condition\":\"and\",\"type\":\"visit_time_site\",\"value\":\"30\"}]}",
                 i);
        char *created = call_ok(conf, "create_greeting", args);
        lc_string_free(&created);
    }
    LcPager *pager = pages_ok(conf, "list_greetings", "{\"limit\":1}");
    char names[64] = "";
    for (int page = 0; page < 10; page++) {
        char *json = NULL;
        st = lc_pager_next(pager, &json);
        REQUIRE(st == LC_STATUS_OK, "greetings page: %s %s", lc_status_name(st), json ? json : "");
        if (json == NULL) {
            break;
        }
        char name[16] = "";
        CHECK(json_str(json, "name", name, sizeof name), "a greeting: %s", json);
        strncat(names, name, sizeof names - strlen(names) - 1);
        strncat(names, " ", sizeof names - strlen(names) - 1);
        lc_string_free(&json);
    }
    CHECK(strcmp(names, "g0 g1 g2 ") == 0, "greetings one per page: %s", names);
    lc_pager_free(&pager);
    lc_client_free(&conf);
}

/* ---- refused before anything is sent ---------------------------------------------------- */

static void test_refused_unsent(void) {
    Recorder r;
    recorder_start(&r, NULL, NULL);
    LcClient *agent = recorder_client(&r, "");
    LcClient *conf = recorder_client(&r, ",\"api\":\"configuration\"");
    const struct {
        LcClient *client;
        const char *method;
        const char *args;
        LcStatus status;
        const char *needle;
    } cases[] = {
        {agent, "get_chat", NULL, LC_STATUS_INVALID_ARGUMENT, "get_chat has no pages"},
        {agent, "get_chat", NULL, LC_STATUS_INVALID_ARGUMENT, "list_chats"},
        {agent, "list_greetings", NULL, LC_STATUS_UNSUPPORTED_METHOD, "configuration API"},
        {conf, "list_chats", NULL, LC_STATUS_UNSUPPORTED_METHOD, "agent API"},
        {conf, "list_bots", NULL, LC_STATUS_INVALID_ARGUMENT, "list_greetings"},
        {agent, "no_such_method", NULL, LC_STATUS_UNSUPPORTED_METHOD, "no_such_method"},
        {agent, "list_chats", "[1]", LC_STATUS_INVALID_ARGUMENT, "args_json"},
        {agent, "list_chats", "{\"limit\":\"two\"}", LC_STATUS_INVALID_ARGUMENT, "limit"},
        {NULL, "list_chats", NULL, LC_STATUS_INVALID_ARGUMENT, "client is NULL"},
        {agent, NULL, NULL, LC_STATUS_INVALID_ARGUMENT, "method is NULL"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        LcPager *pager = (LcPager *)&r; /* overwritten with NULL first */
        char *err = NULL;
        LcStatus st =
            lc_client_pages(cases[i].client, cases[i].method, cases[i].args, NULL, &pager, &err);
        CHECK(st == cases[i].status && pager == NULL && has(err, cases[i].needle),
              "pages(%s): %s %s", cases[i].method ? cases[i].method : "NULL", lc_status_name(st),
              err ? err : "");
        lc_string_free(&err);
    }
    char *err = NULL;
    CHECK(lc_client_pages(agent, "list_chats", NULL, NULL, NULL, &err) ==
                  LC_STATUS_INVALID_ARGUMENT &&
              has(err, "out_pager is NULL"),
          "NULL out_pager: %s", err ? err : "");
    lc_string_free(&err);
    /* A method of the other API through a plain call: refused naming the API that has it. */
    LcStatus st = lc_client_call(agent, "create_bot", "{\"name\":\"x\"}", NULL, &err);
    CHECK(st == LC_STATUS_UNSUPPORTED_METHOD && has(err, "configuration API"),
          "create_bot on an agent client: %s %s", lc_status_name(st), err ? err : "");
    lc_string_free(&err);
    st = lc_client_call(conf, "send_event", "{}", NULL, &err);
    CHECK(st == LC_STATUS_UNSUPPORTED_METHOD && has(err, "agent API"),
          "send_event on a configuration client: %s %s", lc_status_name(st), err ? err : "");
    lc_string_free(&err);
    sleep_ms(20);
    pthread_mutex_lock(&r.mu);
    CHECK(r.requests == 0, "nothing was sent (%d requests)", r.requests);
    pthread_mutex_unlock(&r.mu);
    lc_client_free(&conf);
    lc_client_free(&agent);
    recorder_stop(&r);
}

/* ---- bad pages from a canned server ----------------------------------------------------- */

static const char *answer_with(void *ctx, const char *body, int n) {
    (void)body;
    (void)n;
    return (const char *)ctx;
}

static void test_bad_pages(void) {
    Recorder r;
    recorder_start(&r, answer_with, "{\"chats_summary\":[],\"next_page_id\":\"same\"}");
    LcClient *client = recorder_client(&r, "");
    LcPager *pager = pages_ok(client, "list_chats", "{\"limit\":1}");
    char *page = NULL;
    LcStatus st = lc_pager_next(pager, &page);
    CHECK(st == LC_STATUS_OK && has(page, "\"same\""), "first page: %s %s", lc_status_name(st),
          page ? page : "");
    lc_string_free(&page);
    st = lc_pager_next(pager, &page);
    CHECK(st == LC_STATUS_DECODE && has(page, "repeated next_page_id") &&
              has(page, "\"kind\":\"decode\""),
          "a repeated page id: %s %s", lc_status_name(st), page ? page : "");
    lc_string_free(&page);
    pthread_mutex_lock(&r.mu);
    CHECK(r.requests == 2 && has(r.last_body, "\"page_id\":\"same\""), "%d requests, last %s",
          r.requests, r.last_body);
    pthread_mutex_unlock(&r.mu);
    st = lc_pager_next(pager, &page);
    CHECK(st == LC_STATUS_OK && page == NULL, "finished after the error: %s", lc_status_name(st));
    lc_pager_free(&pager);
    lc_client_free(&client);
    recorder_stop(&r);

    recorder_start(&r, answer_with, "[{\"chats_summary\":[]}]");
    client = recorder_client(&r, "");
    pager = pages_ok(client, "list_chats", NULL);
    st = lc_pager_next(pager, &page);
    CHECK(st == LC_STATUS_DECODE && has(page, "not a JSON object"), "an array page: %s %s",
          lc_status_name(st), page ? page : "");
    lc_string_free(&page);
    lc_pager_free(&pager);
    lc_client_free(&client);
    recorder_stop(&r);
}

/* ---- one page at a time; freed and made-up pagers --------------------------------------- */

typedef struct {
    pthread_mutex_t mu;
    pthread_cond_t cond;
    int arrived;
    int open;
} Gate;

/* Holds every answer until the gate opens. */
static const char *answer_when_open(void *ctx, const char *body, int n) {
    (void)body;
    (void)n;
    Gate *g = (Gate *)ctx;
    pthread_mutex_lock(&g->mu);
    g->arrived++;
    pthread_cond_broadcast(&g->cond);
    while (!g->open) {
        pthread_cond_wait(&g->cond, &g->mu);
    }
    pthread_mutex_unlock(&g->mu);
    return "{\"chats_summary\":[{\"id\":\"ONLY\"}]}";
}

static void test_one_page_at_a_time_and_stale_handles(void) {
    Gate gate = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, 0};
    Recorder r;
    recorder_start(&r, answer_when_open, &gate);
    LcClient *client = recorder_client(&r, "");
    LcPager *pager = pages_ok(client, "list_chats", NULL);
    Waiter w;
    waiter_init(&w);
    char *err = NULL;
    LcStatus st = lc_pager_next_async(pager, on_done, &w, NULL, &err);
    REQUIRE(st == LC_STATUS_OK, "next_async: %s %s", lc_status_name(st), err ? err : "");
    pthread_mutex_lock(&gate.mu);
    while (gate.arrived == 0) {
        pthread_cond_wait(&gate.cond, &gate.mu);
    }
    pthread_mutex_unlock(&gate.mu);
    /* The first page is held by the server: a second one, blocking or async, is refused. */
    char *page = NULL;
    st = lc_pager_next(pager, &page);
    CHECK(st == LC_STATUS_INVALID_ARGUMENT && has(page, "busy"), "concurrent next: %s %s",
          lc_status_name(st), page ? page : "");
    lc_string_free(&page);
    LcOp *op = (LcOp *)&w; /* overwritten with NULL first */
    st = lc_pager_next_async(pager, on_done, &w, &op, &err);
    CHECK(st == LC_STATUS_INVALID_ARGUMENT && op == NULL && has(err, "busy"),
          "concurrent next_async: %s %s", lc_status_name(st), err ? err : "");
    lc_string_free(&err);
    pthread_mutex_lock(&gate.mu);
    gate.open = 1;
    pthread_cond_broadcast(&gate.cond);
    pthread_mutex_unlock(&gate.mu);
    CHECK(waiter_wait(&w, 1, 20) == 1 && w.last_status == LC_STATUS_OK &&
              has(w.last_json, "ONLY"),
          "the first page: %s %s", lc_status_name(w.last_status), w.last_json);
    /* The page had no next_page_id: the end. */
    st = lc_pager_next(pager, &page);
    CHECK(st == LC_STATUS_OK && page == NULL, "the end: %s", lc_status_name(st));

    /* Freed: the stale handle is refused, never dereferenced; freeing it again is harmless. */
    LcPager *stale = pager;
    lc_pager_free(&pager);
    st = lc_pager_next(stale, &page);
    CHECK(st == LC_STATUS_INVALID_ARGUMENT && has(page, "not a live pager"), "after free: %s %s",
          lc_status_name(st), page ? page : "");
    lc_string_free(&page);
    st = lc_pager_next_async(stale, on_done, &w, NULL, &err);
    CHECK(st == LC_STATUS_INVALID_ARGUMENT && has(err, "not a live pager"),
          "async after free: %s", lc_status_name(st));
    lc_string_free(&err);
    lc_pager_free(&stale);
    LcPager *made_up = (LcPager *)(uintptr_t)0x5eed;
    st = lc_pager_next(made_up, &page);
    CHECK(st == LC_STATUS_INVALID_ARGUMENT, "a made-up pager: %s", lc_status_name(st));
    lc_string_free(&page);
    st = lc_pager_next(NULL, &page);
    CHECK(st == LC_STATUS_INVALID_ARGUMENT && has(page, "pager is NULL"), "NULL: %s",
          lc_status_name(st));
    lc_string_free(&page);
    CHECK(lc_pager_next_async(NULL, on_done, &w, NULL, NULL) == LC_STATUS_INVALID_ARGUMENT,
          "async NULL pager");
    CHECK(waiter_wait(&w, 2, 0) == 1, "no callback from refused calls");

    /* Freed while a page is in flight, and the client with it: the callback still fires. */
    gate.open = 0;
    gate.arrived = 0;
    pager = pages_ok(client, "list_chats", NULL);
    st = lc_pager_next_async(pager, on_done, &w, NULL, NULL);
    CHECK(st == LC_STATUS_OK, "next_async: %s", lc_status_name(st));
    pthread_mutex_lock(&gate.mu);
    while (gate.arrived == 0) {
        pthread_cond_wait(&gate.cond, &gate.mu);
    }
    pthread_mutex_unlock(&gate.mu);
    lc_pager_free(&pager);
    lc_client_free(&client);
    CHECK(waiter_wait(&w, 2, 20) == 2 && w.last_status == LC_STATUS_CLOSED,
          "freed during a page: %s %s", lc_status_name(w.last_status), w.last_json);
    pthread_mutex_lock(&gate.mu);
    gate.open = 1;
    pthread_cond_broadcast(&gate.cond);
    pthread_mutex_unlock(&gate.mu);
    waiter_destroy(&w);
    recorder_stop(&r);
}

int main(void) {
    test_list_chats_blocking();
    test_list_chats_async_chain();
    test_list_greetings();
    test_refused_unsent();
    test_bad_pages();
    test_one_page_at_a_time_and_stale_handles();
    return finish("test_pager");
}
