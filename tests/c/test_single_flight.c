/* Concurrent calls share one token getter call. 600 async calls start at once on a client whose
 * getter does not answer at once: it records the request, and the main thread answers every
 * recorded request later. The getter must be asked a handful of times at most (once, ideally),
 * not once per call; every call then succeeds, and the process's thread count stays bounded
 * (no thread per waiting call). LC_SINGLE_FLIGHT_CALLS sets the number of calls. */
#include "common.h"

#define MAX_ASKED 64

typedef struct {
    pthread_mutex_t mu;
    int asked;
    LcTokenRequest *pending[MAX_ASKED];
    int npending;
    char token[256];
} Getter;

static void get_token(void *user_data, const LcTokenRequestInfo *info, LcTokenRequest *request) {
    (void)info;
    Getter *g = (Getter *)user_data;
    pthread_mutex_lock(&g->mu);
    g->asked++;
    if (g->npending < MAX_ASKED) {
        g->pending[g->npending++] = request;
    }
    pthread_mutex_unlock(&g->mu);
}

/* The process's thread count, from /proc/self/status (0 when unknown). */
static int threads_now(void) {
    FILE *f = fopen("/proc/self/status", "r");
    if (f == NULL) {
        return 0;
    }
    char line[256];
    int n = 0;
    while (fgets(line, sizeof line, f) != NULL) {
        if (strncmp(line, "Threads:", 8) == 0) {
            n = atoi(line + 8);
            break;
        }
    }
    fclose(f);
    return n;
}

/* Answers every recorded request (from this thread, not the getter's); returns how many. */
static int answer_all(Getter *g) {
    LcTokenRequest *todo[MAX_ASKED];
    pthread_mutex_lock(&g->mu);
    int n = g->npending;
    memcpy(todo, g->pending, sizeof todo[0] * (size_t)n);
    g->npending = 0;
    pthread_mutex_unlock(&g->mu);
    for (int i = 0; i < n; i++) {
        LcStatus st = lc_token_request_complete(todo[i], g->token, NULL);
        CHECK(st == LC_STATUS_OK || st == LC_STATUS_CANCELLED, "complete: %s", lc_status_name(st));
    }
    return n;
}

int main(void) {
    const char *n_env = getenv("LC_SINGLE_FLIGHT_CALLS");
    int calls = n_env && n_env[0] ? atoi(n_env) : 600;
    REQUIRE(calls > 0, "LC_SINGLE_FLIGHT_CALLS");
    emu_reset();
    Getter g;
    memset(&g, 0, sizeof g);
    pthread_mutex_init(&g.mu, NULL);
    snprintf(g.token, sizeof g.token, "Bearer %s", env("LC_TEST_TOKEN"));
    char config[512];
    snprintf(config, sizeof config,
             "{\"client_id\":\"c-tests\",\"api_url\":\"%s\",\"max_retries\":0,\"timeout\":60,"
             "\"token_timeout\":30}",
             env("LC_TEST_URL"));
    LcClient *client = NULL;
    char *out = NULL;
    LcStatus st = lc_client_new(config, get_token, &g, NULL, &client, &out);
    REQUIRE(st == LC_STATUS_OK, "lc_client_new: %s %s", lc_status_name(st), out ? out : "");
    lc_string_free(&out);

    int threads_before = threads_now();
    Waiter w;
    waiter_init(&w);
    for (int i = 0; i < calls; i++) {
        st = lc_client_call_async(client, "list_chats", "{\"limit\":1}", NULL, on_done, &w,
                                  NULL, &out);
        CHECK(st == LC_STATUS_OK, "start %d: %s %s", i, lc_status_name(st), out ? out : "");
        lc_string_free(&out);
    }
    /* Every call is now waiting for a token; give the getter time to be asked (too often). */
    sleep_ms(500);
    int threads_waiting = threads_now();
    pthread_mutex_lock(&g.mu);
    int asked_before_answer = g.asked;
    pthread_mutex_unlock(&g.mu);
    CHECK(w.fired == 0, "no call finished before the token came (%d)", w.fired);

    /* Answer, keep answering whatever else is asked until every call is done. */
    double deadline = now_s() + 60;
    while (waiter_wait(&w, calls, 0) < calls && now_s() < deadline) {
        answer_all(&g);
        sleep_ms(20);
    }
    answer_all(&g);
    int fired = waiter_wait(&w, calls, 5);
    pthread_mutex_lock(&g.mu);
    int asked = g.asked;
    pthread_mutex_unlock(&g.mu);
    printf("%d concurrent calls: getter asked %d times (%d before the answer); threads %d before,"
           " %d while waiting; %d OK\n",
           calls, asked, asked_before_answer, threads_before, threads_waiting,
           w.by_status[LC_STATUS_OK]);
    CHECK(fired == calls, "every call completed (%d of %d)", fired, calls);
    CHECK(w.by_status[LC_STATUS_OK] == calls, "every call succeeded (%d of %d; last %s)",
          w.by_status[LC_STATUS_OK], calls, w.last_json);
    CHECK(asked_before_answer <= 2, "concurrent calls share one getter call (asked %d times)",
          asked_before_answer);
    CHECK(asked <= 4, "the getter was asked a handful of times at most (%d)", asked);
    CHECK(threads_waiting <= threads_before + 64,
          "no thread per waiting call (%d threads before, %d while waiting)", threads_before,
          threads_waiting);
    waiter_destroy(&w);
    lc_client_free(&client);
    pthread_mutex_destroy(&g.mu);
    return finish("test_single_flight");
}
