/* The usual ownership pattern of async calls: a heap context owns its op handle, the call writes
 * the handle into the context (`&ctx->op`), and the callback frees both
 * (`lc_op_free(&ctx->op); free(ctx)`). That is only sound if `*out_op` is written before the
 * callback can possibly run: otherwise the callback sees NULL, frees the context, the library
 * then writes the handle into freed memory and the handle leaks.
 *
 * Thousands of such calls against a refused port (the callback fires within microseconds) and
 * against the emulator; every callback must see its op, every call must complete. Valgrind and
 * ASan see the rest (an invalid write, a leaked LcOp). LC_CALLBACK_CALLS sets the number of
 * calls per target (default 5,000; run.sh uses fewer under valgrind). */
#include "common.h"

typedef struct {
    pthread_mutex_t mu;
    pthread_cond_t cond;
    int started;
    int completed;
    int null_op; /* callbacks that found ctx->op still NULL */
    int by_status[16];
} Shared;

typedef struct {
    LcOp *op;
    Shared *shared;
} Context;

static void on_done_free(void *user_data, LcStatus status, const char *json) {
    (void)json;
    Context *ctx = (Context *)user_data;
    Shared *s = ctx->shared;
    int saw_null = ctx->op == NULL;
    lc_op_free(&ctx->op);
    free(ctx);
    pthread_mutex_lock(&s->mu);
    s->completed++;
    s->null_op += saw_null;
    if (status >= 0 && status < 16) {
        s->by_status[status]++;
    }
    pthread_cond_broadcast(&s->cond);
    pthread_mutex_unlock(&s->mu);
}

/* A loopback port nobody listens on: a listener's, closed. */
static int refused_port(void) {
    int port = 0;
    close(loopback_listener(1, &port));
    return port;
}

static LcClient *client_for(const char *url) { return client_at_url(url, ",\"timeout\":20"); }

/* Starts `calls` async list_chats calls (at most `inflight` at a time), each owning a heap
 * context freed by its callback; waits for all of them. Returns the shared counters. */
static void run(const char *what, const char *url, int calls, int inflight, LcStatus expected) {
    LcClient *client = client_for(url);
    Shared s;
    memset(&s, 0, sizeof s);
    pthread_mutex_init(&s.mu, NULL);
    pthread_cond_init(&s.cond, NULL);
    double t0 = now_s();
    for (int i = 0; i < calls; i++) {
        pthread_mutex_lock(&s.mu);
        while (s.started - s.completed >= inflight) {
            pthread_cond_wait(&s.cond, &s.mu);
        }
        s.started++;
        pthread_mutex_unlock(&s.mu);
        Context *ctx = malloc(sizeof *ctx);
        REQUIRE(ctx != NULL, "malloc");
        ctx->op = NULL;
        ctx->shared = &s;
        char *err = NULL;
        /* From here on `ctx` belongs to the callback: never touch it again on this thread. */
        LcStatus st = lc_client_call_async(client, "list_chats", "{\"limit\":1}", NULL, on_done_free,
                                           ctx, &ctx->op, &err);
        if (st != LC_STATUS_OK) {
            CHECK(0, "%s: start %d: %s %s", what, i, lc_status_name(st), err ? err : "");
            lc_string_free(&err);
            free(ctx); /* the callback never fires after a failed start */
            pthread_mutex_lock(&s.mu);
            s.started--;
            pthread_mutex_unlock(&s.mu);
            break;
        }
    }
    struct timespec deadline;
    clock_gettime(CLOCK_REALTIME, &deadline);
    deadline.tv_sec += 120;
    pthread_mutex_lock(&s.mu);
    while (s.completed < s.started) {
        if (pthread_cond_timedwait(&s.cond, &s.mu, &deadline) != 0) {
            break;
        }
    }
    int started = s.started, completed = s.completed, null_op = s.null_op;
    int as_expected = s.by_status[expected];
    pthread_mutex_unlock(&s.mu);
    printf("%s: %d calls in %.2f s, %d completed, %d as %s, %d saw a NULL op\n", what, started,
           now_s() - t0, completed, as_expected, lc_status_name(expected), null_op);
    CHECK(started == calls, "%s: all %d calls started (%d)", what, calls, started);
    CHECK(completed == started, "%s: every callback fired (%d of %d)", what, completed, started);
    CHECK(null_op == 0, "%s: %d of %d callbacks ran before *out_op was written", what, null_op,
          completed);
    CHECK(as_expected == completed, "%s: %d of %d completed with %s", what, as_expected, completed,
          lc_status_name(expected));
    lc_client_free(&client);
    pthread_mutex_destroy(&s.mu);
    pthread_cond_destroy(&s.cond);
}

int main(void) {
    const char *n = getenv("LC_CALLBACK_CALLS");
    int calls = n && n[0] ? atoi(n) : 5000;
    REQUIRE(calls > 0, "LC_CALLBACK_CALLS");
    char refused[64];
    snprintf(refused, sizeof refused, "http://127.0.0.1:%d", refused_port());
    run("refused port, one at a time", refused, calls, 1, LC_STATUS_TRANSPORT);
    run("refused port, 512 in flight", refused, calls, 512, LC_STATUS_TRANSPORT);
    emu_reset();
    run("emulator", env("LC_TEST_URL"), calls, 128, LC_STATUS_OK);
    return finish("test_callback_frees_context");
}
