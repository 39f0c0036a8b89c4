/* The token getter: answered synchronously, answered later from another pthread, reporting a
 * failure, refreshed after a 401 (info->refresh), a Basic (PAT-style) answer; free_user_data
 * runs exactly once, after the client is freed; the user_data stays the caller's when
 * lc_client_new fails. Request handles are safe to misuse: a second completion, a completion
 * after the call gave up, and a handle that was never issued are refused without touching
 * memory; an answer with both a token and an error message, or with neither, is refused and
 * fails the call with LC_STATUS_TOKEN. */
#include "common.h"

typedef enum {
    ANSWER_NOW,
    ANSWER_LATER,
    ANSWER_FAIL,
    ANSWER_REFRESH,
    ANSWER_BAD_UTF8,
    ANSWER_TWICE,   /* a token, then the same request again */
    ANSWER_BOTH,    /* a token and an error message */
    ANSWER_NEITHER, /* neither */
    ANSWER_NEVER    /* keeps the request in `stash` */
} Mode;

typedef struct {
    Mode mode;
    char token[256];
    pthread_mutex_t mu;
    int asked;
    int refreshes;
    int frees;
    int complete_status; /* what lc_token_request_complete returned last */
    int second_status;   /* ANSWER_TWICE: what the second completion returned */
    int answered;        /* how many times complete_status was set */
    LcTokenRequest *stash; /* ANSWER_NEVER: the unanswered request */
} Getter;

/* Waits (at most 10 s) until `*counter` reaches `n`: the getter records its answer and
 * free_user_data runs on library threads, possibly just after the call they serve returned. */
static int wait_count(Getter *g, const int *counter, int n) {
    double deadline = now_s() + 10;
    for (;;) {
        pthread_mutex_lock(&g->mu);
        int v = *counter;
        pthread_mutex_unlock(&g->mu);
        if (v >= n || now_s() > deadline) {
            return v;
        }
        sleep_ms(1);
    }
}

static void getter_init(Getter *g, Mode mode) {
    memset(g, 0, sizeof *g);
    g->mode = mode;
    snprintf(g->token, sizeof g->token, "Bearer %s", env("LC_TEST_TOKEN"));
    pthread_mutex_init(&g->mu, NULL);
}

typedef struct {
    Getter *g;
    LcTokenRequest *request;
} Later;

static void *answer_later(void *arg) {
    Later *later = (Later *)arg;
    sleep_ms(100);
    LcStatus st = lc_token_request_complete(later->request, later->g->token, NULL);
    pthread_mutex_lock(&later->g->mu);
    later->g->complete_status = st;
    later->g->answered++;
    pthread_mutex_unlock(&later->g->mu);
    free(later);
    return NULL;
}

static void get_token(void *user_data, const LcTokenRequestInfo *info, LcTokenRequest *request) {
    Getter *g = (Getter *)user_data;
    pthread_mutex_lock(&g->mu);
    g->asked++;
    g->refreshes += info->refresh ? 1 : 0;
    pthread_mutex_unlock(&g->mu);
    LcStatus st = LC_STATUS_OK;
    switch (g->mode) {
    case ANSWER_NOW:
        st = lc_token_request_complete(request, g->token, NULL);
        break;
    case ANSWER_LATER: {
        Later *later = malloc(sizeof *later);
        later->g = g;
        later->request = request;
        pthread_t t;
        REQUIRE(pthread_create(&t, NULL, answer_later, later) == 0, "pthread_create");
        pthread_detach(t);
        return;
    }
    case ANSWER_FAIL:
        st = lc_token_request_complete(request, NULL, "the vault is sealed");
        break;
    case ANSWER_REFRESH:
        st = lc_token_request_complete(request, info->refresh ? g->token : "dal:stale-token", NULL);
        break;
    case ANSWER_BAD_UTF8:
        st = lc_token_request_complete(request, "dal:\xff\xfe", NULL);
        break;
    case ANSWER_TWICE: {
        st = lc_token_request_complete(request, g->token, NULL);
        LcStatus again = lc_token_request_complete(request, g->token, NULL);
        pthread_mutex_lock(&g->mu);
        g->second_status = again;
        pthread_mutex_unlock(&g->mu);
        break;
    }
    case ANSWER_BOTH:
        st = lc_token_request_complete(request, g->token, "and also an error");
        break;
    case ANSWER_NEITHER:
        st = lc_token_request_complete(request, NULL, NULL);
        break;
    case ANSWER_NEVER:
        pthread_mutex_lock(&g->mu);
        g->stash = request;
        pthread_mutex_unlock(&g->mu);
        return;
    }
    pthread_mutex_lock(&g->mu);
    g->complete_status = st;
    g->answered++;
    pthread_mutex_unlock(&g->mu);
}

static void free_getter(void *user_data) {
    Getter *g = (Getter *)user_data;
    pthread_mutex_lock(&g->mu);
    g->frees++;
    pthread_mutex_unlock(&g->mu);
}

static LcClient *client_with_timeout(Getter *g, double timeout) {
    char config[512];
    snprintf(config, sizeof config,
             "{\"client_id\":\"c-tests\",\"api_url\":\"%s\",\"max_retries\":0,\"timeout\":%g}",
             env("LC_TEST_URL"), timeout);
    LcClient *client = NULL;
    char *out = NULL;
    LcStatus st = lc_client_new(config, get_token, g, free_getter, &client, &out);
    REQUIRE(st == LC_STATUS_OK, "lc_client_new: %s %s", lc_status_name(st), out);
    lc_string_free(&out);
    return client;
}

static LcClient *client_with_getter(Getter *g) { return client_with_timeout(g, 10); }

static LcStatus list_chats(LcClient *client, char **out) {
    return lc_client_call(client, "list_chats", "{\"limit\":1}", NULL, out);
}

static void test_answered(Mode mode, const char *what) {
    Getter g;
    getter_init(&g, mode);
    LcClient *client = client_with_getter(&g);
    for (int i = 0; i < 3; i++) {
        char *out = NULL;
        LcStatus st = list_chats(client, &out);
        CHECK(st == LC_STATUS_OK, "%s call %d: %s %s", what, i, lc_status_name(st), out);
        lc_string_free(&out);
    }
    /* async too: the getter runs for async calls as well */
    Waiter w;
    waiter_init(&w);
    LcStatus st = lc_client_call_async(client, "list_chats", NULL, NULL, on_done, &w, NULL, NULL);
    CHECK(st == LC_STATUS_OK, "async start");
    CHECK(waiter_wait(&w, 1, 20) == 1 && w.last_status == LC_STATUS_OK, "%s async: %s", what,
          w.last_json);
    waiter_destroy(&w);
    CHECK(g.asked == 4, "%s: asked before every request (%d)", what, g.asked);
    CHECK(g.refreshes == 0, "%s: no refresh", what);
    CHECK(g.frees == 0, "%s: user_data alive while the client is", what);
    lc_client_free(&client);
    /* The last answering thread may still hold the request: free_user_data runs after it. */
    wait_count(&g, &g.frees, 1);
    pthread_mutex_lock(&g.mu);
    CHECK(g.frees == 1, "%s: free_user_data ran once (%d)", what, g.frees);
    CHECK(g.complete_status == LC_STATUS_OK, "%s: complete returned %s", what,
          lc_status_name(g.complete_status));
    pthread_mutex_unlock(&g.mu);
    pthread_mutex_destroy(&g.mu);
}

static void test_failure_and_bad_answers(void) {
    Getter g;
    getter_init(&g, ANSWER_FAIL);
    LcClient *client = client_with_getter(&g);
    char *out = NULL;
    LcStatus st = list_chats(client, &out);
    CHECK(st == LC_STATUS_TOKEN && has(out, "\"kind\":\"token\"") && has(out, "the vault is sealed"),
          "failure: %s %s", lc_status_name(st), out);
    lc_string_free(&out);
    wait_count(&g, &g.answered, 1);
    CHECK(g.complete_status == LC_STATUS_OK, "a reported failure is a delivered answer");

    g.mode = ANSWER_BAD_UTF8;
    st = list_chats(client, &out);
    CHECK(st == LC_STATUS_TOKEN && has(out, "UTF-8"), "bad UTF-8 token: %s %s",
          lc_status_name(st), out);
    lc_string_free(&out);
    wait_count(&g, &g.answered, 2);
    CHECK(g.complete_status == LC_STATUS_INVALID_ARGUMENT, "complete said %s",
          lc_status_name(g.complete_status));
    CHECK(lc_token_request_complete(NULL, "t", NULL) == LC_STATUS_INVALID_ARGUMENT, "NULL request");
    lc_client_free(&client);
    CHECK(wait_count(&g, &g.frees, 1) == 1, "free_user_data once (%d)", g.frees);
    pthread_mutex_destroy(&g.mu);
}

static void test_refresh_after_401(void) {
    Getter g;
    getter_init(&g, ANSWER_REFRESH);
    LcClient *client = client_with_getter(&g);
    char *out = NULL;
    LcStatus st = list_chats(client, &out);
    CHECK(st == LC_STATUS_OK, "refreshed: %s %s", lc_status_name(st), out);
    lc_string_free(&out);
    CHECK(g.asked == 2 && g.refreshes == 1, "asked %d, refresh %d", g.asked, g.refreshes);
    lc_client_free(&client);
    pthread_mutex_destroy(&g.mu);
}

static void test_failed_new_leaves_user_data_to_the_caller(void) {
    Getter g;
    getter_init(&g, ANSWER_NOW);
    LcClient *client = NULL;
    char *out = NULL;
    LcStatus st = lc_client_new("{\"client_id\":\"c\",\"token\":\"dal:x\"}", get_token, &g,
                                free_getter, &client, &out);
    CHECK(st == LC_STATUS_INVALID_ARGUMENT && client == NULL && has(out, "not both"), "%s %s",
          lc_status_name(st), out);
    lc_string_free(&out);
    CHECK(g.frees == 0, "free_user_data not called on failure");
    pthread_mutex_destroy(&g.mu);
}

/* A second completion of the same request is refused (LC_STATUS_CANCELLED: nobody waits for it
 * any more) and touches no memory; the call got the first answer. */
static void test_double_completion(void) {
    Getter g;
    getter_init(&g, ANSWER_TWICE);
    LcClient *client = client_with_getter(&g);
    for (int i = 0; i < 3; i++) {
        char *out = NULL;
        LcStatus st = list_chats(client, &out);
        CHECK(st == LC_STATUS_OK, "double completion, call %d: %s %s", i, lc_status_name(st), out);
        lc_string_free(&out);
        wait_count(&g, &g.answered, i + 1);
        pthread_mutex_lock(&g.mu);
        CHECK(g.complete_status == LC_STATUS_OK, "the first completion: %s",
              lc_status_name(g.complete_status));
        CHECK(g.second_status == LC_STATUS_CANCELLED, "the second completion: %s",
              lc_status_name(g.second_status));
        pthread_mutex_unlock(&g.mu);
    }
    lc_client_free(&client);
    CHECK(wait_count(&g, &g.frees, 1) == 1, "free_user_data once (%d)", g.frees);
    pthread_mutex_destroy(&g.mu);
}

/* Both a token and an error message, or neither: refused with LC_STATUS_INVALID_ARGUMENT, and
 * the call fails with LC_STATUS_TOKEN saying why. */
static void test_both_or_neither(Mode mode, const char *what, const char *why) {
    Getter g;
    getter_init(&g, mode);
    LcClient *client = client_with_getter(&g);
    char *out = NULL;
    LcStatus st = list_chats(client, &out);
    CHECK(st == LC_STATUS_TOKEN && has(out, "\"kind\":\"token\"") && has(out, why),
          "%s: the call: %s %s", what, lc_status_name(st), out);
    lc_string_free(&out);
    wait_count(&g, &g.answered, 1);
    pthread_mutex_lock(&g.mu);
    CHECK(g.complete_status == LC_STATUS_INVALID_ARGUMENT, "%s: complete returned %s", what,
          lc_status_name(g.complete_status));
    pthread_mutex_unlock(&g.mu);
    lc_client_free(&client);
    CHECK(wait_count(&g, &g.frees, 1) == 1, "%s: free_user_data once (%d)", what, g.frees);
    pthread_mutex_destroy(&g.mu);
}

/* A request never answered: the call fails with LC_STATUS_TOKEN at its timeout; the request is
 * forgotten then (nothing leaks, free_user_data runs when the client is freed), and a late
 * completion is refused with LC_STATUS_CANCELLED. A handle that was never issued is refused
 * with LC_STATUS_INVALID_ARGUMENT. */
static void test_completion_after_the_call_gave_up(void) {
    Getter g;
    getter_init(&g, ANSWER_NEVER);
    LcClient *client = client_with_timeout(&g, 0.5);
    char *out = NULL;
    double t0 = now_s();
    LcStatus st = list_chats(client, &out);
    CHECK(st == LC_STATUS_TOKEN || st == LC_STATUS_TIMEOUT, "unanswered: %s %s",
          lc_status_name(st), out);
    CHECK(now_s() - t0 < 5, "bounded by the timeout (%.2f s)", now_s() - t0);
    lc_string_free(&out);
    pthread_mutex_lock(&g.mu);
    LcTokenRequest *late = g.stash;
    pthread_mutex_unlock(&g.mu);
    REQUIRE(late != NULL, "the getter was asked");
    lc_client_free(&client);
    CHECK(wait_count(&g, &g.frees, 1) == 1, "free_user_data once the client is freed (%d)",
          g.frees);
    st = lc_token_request_complete(late, g.token, NULL);
    CHECK(st == LC_STATUS_CANCELLED, "late completion: %s", lc_status_name(st));
    st = lc_token_request_complete(late, NULL, "late failure");
    CHECK(st == LC_STATUS_CANCELLED, "late completion again: %s", lc_status_name(st));
    /* Never issued: a made-up handle is only compared, never dereferenced. */
    st = lc_token_request_complete((LcTokenRequest *)(uintptr_t)0x7fffffffffffULL, g.token, NULL);
    CHECK(st == LC_STATUS_INVALID_ARGUMENT, "made-up handle: %s", lc_status_name(st));
    pthread_mutex_destroy(&g.mu);
}

int main(void) {
    emu_reset();
    test_answered(ANSWER_NOW, "synchronous");
    test_answered(ANSWER_LATER, "from another thread");
    test_failure_and_bad_answers();
    test_refresh_after_401();
    test_failed_new_leaves_user_data_to_the_caller();
    test_double_completion();
    test_both_or_neither(ANSWER_BOTH, "both", "both a token and an error message");
    test_both_or_neither(ANSWER_NEITHER, "neither", "neither a token nor an error message");
    test_completion_after_the_call_gave_up();
    return finish("test_token");
}
