/* Completion queues for event loops: with lc_client_set_queue every async callback runs inside
 * lc_queue_drain on the loop's thread (1,000 calls driven by a plain poll() loop, the callback
 * checking pthread_self()); nothing runs before a drain; the fd is readable exactly while
 * callbacks wait (an edge-triggered epoll loop gets a new edge only for new completions);
 * cancel of a call in flight is delivered as LC_STATUS_CANCELLED through the queue; freeing the
 * queue runs every pending callback inside the free (results, then CANCELLED for calls in
 * flight) and the client then refuses async calls with LC_STATUS_CLOSED until given another
 * queue; pagers created with a queue page through it; a callback may free the queue. */
#include "common.h"

#include <poll.h>
#include <sys/epoll.h>

static pthread_t g_main;

typedef struct {
    int fired;
    int off_thread;
    int ok;
    LcStatus last;
    int in_free_seen;
} Tally;

static int g_in_free = 0;

static void on_tally(void *user_data, LcStatus status, const char *json) {
    (void)json;
    Tally *t = user_data;
    t->fired++;
    if (!pthread_equal(pthread_self(), g_main)) t->off_thread++;
    if (status == LC_STATUS_OK) t->ok++;
    if (g_in_free) t->in_free_seen++;
    t->last = status;
}

static LcQueue *queue_new(void) {
    LcQueue *q = NULL;
    char *err = NULL;
    REQUIRE(lc_queue_new(&q, &err) == LC_STATUS_OK && q != NULL, "lc_queue_new %s", err);
    return q;
}

static int readable(int fd, int timeout_ms) {
    struct pollfd p = {.fd = fd, .events = POLLIN};
    return poll(&p, 1, timeout_ms) == 1 && (p.revents & POLLIN);
}

/* A plain poll() loop: waits for the fd, drains in batches of 64, until `t` saw `n` callbacks
 * or `seconds` passed. */
static void run_loop(LcQueue *q, Tally *t, int n, int seconds) {
    double deadline = now_s() + seconds;
    while (t->fired < n && now_s() < deadline) {
        if (readable(lc_queue_fd(q), 200)) lc_queue_drain(q, 64);
    }
}

static void test_a_thousand_calls_complete_on_the_loop_thread(LcClient *agent, LcQueue *q) {
    const int n = 1000;
    Tally t = {0};
    for (int i = 0; i < n; i++) {
        LcStatus st = lc_client_call_async(agent, "list_routing_statuses", NULL, NULL, on_tally,
                                           &t, NULL, NULL);
        REQUIRE(st == LC_STATUS_OK, "start %d: %s", i, lc_status_name(st));
    }
    /* Nothing runs without a drain, however long the calls have been done. */
    CHECK(readable(lc_queue_fd(q), 20000), "the fd is readable while callbacks wait");
    sleep_ms(300);
    CHECK(t.fired == 0, "no callback ran outside lc_queue_drain (%d did)", t.fired);
    run_loop(q, &t, n, 60);
    CHECK(t.fired == n && t.ok == n, "%d of %d fired, %d ok", t.fired, n, t.ok);
    CHECK(t.off_thread == 0, "%d callbacks ran off the loop thread", t.off_thread);
    CHECK(!readable(lc_queue_fd(q), 0), "drained: the fd is not readable");
    CHECK(lc_queue_drain(q, 0) == 0, "nothing left");
}

static void test_edge_triggered_epoll(LcClient *agent, LcQueue *q) {
    int ep = epoll_create1(EPOLL_CLOEXEC);
    REQUIRE(ep >= 0, "epoll_create1");
    struct epoll_event ev = {.events = EPOLLIN | EPOLLET};
    REQUIRE(epoll_ctl(ep, EPOLL_CTL_ADD, lc_queue_fd(q), &ev) == 0, "epoll_ctl");
    struct epoll_event out;
    for (int round = 0; round < 3; round++) {
        Tally t = {0};
        for (int i = 0; i < 5; i++) {
            REQUIRE(lc_client_call_async(agent, "list_routing_statuses", NULL, NULL, on_tally, &t,
                                         NULL, NULL) == LC_STATUS_OK,
                    "start");
        }
        double deadline = now_s() + 20;
        while (t.fired < 5 && now_s() < deadline) {
            if (epoll_wait(ep, &out, 1, 200) != 1) continue;
            /* Edge-triggered: drain (here one at a time) until empty. */
            while (lc_queue_drain(q, 1) == 1) {
            }
        }
        CHECK(t.fired == 5 && t.off_thread == 0, "round %d: %d fired", round, t.fired);
        CHECK(epoll_wait(ep, &out, 1, 100) == 0, "round %d: no edge without new completions",
              round);
    }
    close(ep);
}

static void test_cancel_while_queued(LcClient *agent, LcQueue *q) {
    Tally t = {0};
    LcOp *op = NULL;
    emu_fault("{\"action\":\"list_chats\",\"count\":1,\"delay_ms\":5000}");
    REQUIRE(lc_client_call_async(agent, "list_chats", NULL, NULL, on_tally, &t, &op, NULL) ==
                LC_STATUS_OK,
            "start");
    double t0 = now_s();
    lc_op_cancel(op);
    run_loop(q, &t, 1, 10);
    CHECK(t.fired == 1 && t.last == LC_STATUS_CANCELLED && t.off_thread == 0,
          "cancelled through the queue: %d %s", t.fired, lc_status_name(t.last));
    CHECK(now_s() - t0 < 3, "at once, not after the emulator's delay");
    lc_op_free(&op);

    /* Cancelled after it finished but before the drain: the result stands. */
    Tally done = {0};
    REQUIRE(lc_client_call_async(agent, "list_routing_statuses", NULL, NULL, on_tally, &done, &op,
                                 NULL) == LC_STATUS_OK,
            "start");
    REQUIRE(readable(lc_queue_fd(q), 10000), "completed");
    lc_op_cancel(op);
    lc_op_free(&op);
    CHECK(lc_queue_drain(q, 0) == 1 && done.last == LC_STATUS_OK, "finished before the cancel: %s",
          lc_status_name(done.last));
}

static void test_free_runs_every_pending_callback(LcClient *agent) {
    LcQueue *q = queue_new();
    REQUIRE(lc_client_set_queue(agent, q) == LC_STATUS_OK, "set_queue");
    Tally fast = {0}, slow = {0};
    emu_fault("{\"action\":\"list_chats\",\"count\":1,\"delay_ms\":5000}");
    REQUIRE(lc_client_call_async(agent, "list_chats", NULL, NULL, on_tally, &slow, NULL, NULL) ==
                LC_STATUS_OK,
            "slow");
    for (int i = 0; i < 3; i++) {
        REQUIRE(lc_client_call_async(agent, "list_routing_statuses", NULL, NULL, on_tally, &fast,
                                     NULL, NULL) == LC_STATUS_OK,
                "fast");
    }
    sleep_ms(500);
    CHECK(fast.fired == 0 && slow.fired == 0, "nothing ran before the free");
    double t0 = now_s();
    g_in_free = 1;
    lc_queue_free(&q);
    g_in_free = 0;
    CHECK(q == NULL, "lc_queue_free nulls the handle");
    CHECK(fast.fired == 3 && fast.ok == 3 && fast.in_free_seen == 3 && fast.off_thread == 0,
          "finished calls delivered inside the free with their results: %d/%d", fast.fired,
          fast.ok);
    CHECK(slow.fired == 1 && slow.last == LC_STATUS_CANCELLED && slow.in_free_seen == 1,
          "the call in flight cancelled inside the free: %d %s", slow.fired,
          lc_status_name(slow.last));
    CHECK(now_s() - t0 < 2, "the free does not wait for the request");
    sleep_ms(200);
    CHECK(fast.fired == 3 && slow.fired == 1, "exactly once");

    char *err = NULL;
    Tally t = {0};
    LcOp *op = NULL;
    LcStatus st =
        lc_client_call_async(agent, "list_routing_statuses", NULL, NULL, on_tally, &t, &op, &err);
    CHECK(st == LC_STATUS_CLOSED && op == NULL && has(err, "queue was freed"),
          "a client whose queue was freed refuses async calls: %s %s", lc_status_name(st), err);
    lc_string_free(&err);
    CHECK(lc_client_set_queue(agent, NULL) == LC_STATUS_OK, "back to library threads");
    Waiter w;
    waiter_init(&w);
    REQUIRE(lc_client_call_async(agent, "list_routing_statuses", NULL, NULL, on_done, &w, NULL,
                                 NULL) == LC_STATUS_OK,
            "start without a queue");
    CHECK(waiter_wait(&w, 1, 20) == 1 && w.last_status == LC_STATUS_OK, "library thread callback");
    waiter_destroy(&w);
    sleep_ms(100);
    CHECK(t.fired == 0, "the refused call never fired");
    lc_queue_free(&q);
    lc_queue_free(NULL);
}

static void test_pagers_page_through_the_queue(LcClient *agent, LcQueue *q) {
    LcPager *pager = NULL;
    REQUIRE(lc_client_pages(agent, "list_chats", "{\"limit\":2}", NULL, &pager, NULL) ==
                LC_STATUS_OK,
            "pages");
    Tally t = {0};
    REQUIRE(lc_pager_next_async(pager, on_tally, &t, NULL, NULL) == LC_STATUS_OK, "next_async");
    sleep_ms(200);
    CHECK(t.fired == 0, "the page waits for the drain");
    run_loop(q, &t, 1, 20);
    CHECK(t.fired == 1 && t.ok == 1 && t.off_thread == 0, "page on the loop thread: %d %s",
          t.fired, lc_status_name(t.last));
    lc_pager_free(&pager);
}

typedef struct {
    LcQueue *q;
    int fired;
} FreeCtx;

static void on_free_queue(void *user_data, LcStatus status, const char *json) {
    (void)status, (void)json;
    FreeCtx *c = user_data;
    c->fired++;
    lc_queue_free(&c->q);
}

static void test_a_callback_may_free_its_queue(void) {
    LcClient *agent = client_v("3.6");
    FreeCtx ctx = {queue_new(), 0};
    REQUIRE(lc_client_set_queue(agent, ctx.q) == LC_STATUS_OK, "set_queue");
    for (int i = 0; i < 2; i++) {
        REQUIRE(lc_client_call_async(agent, "list_routing_statuses", NULL, NULL, on_free_queue,
                                     &ctx, NULL, NULL) == LC_STATUS_OK,
                "start");
    }
    LcQueue *alias = ctx.q;
    double deadline = now_s() + 20;
    while (ctx.fired == 0 && now_s() < deadline) {
        /* The second call may be finished or not: either way its callback runs exactly once,
         * inside the drain's free or the free's own delivery. */
        if (readable(lc_queue_fd(alias), 200)) lc_queue_drain(alias, 1);
    }
    CHECK(ctx.fired == 2 && ctx.q == NULL, "both callbacks ran once (%d)", ctx.fired);
    lc_client_free(&agent);
}

static void test_null_safety(void) {
    CHECK(lc_queue_new(NULL, NULL) == LC_STATUS_INVALID_ARGUMENT, "NULL out_queue");
    CHECK(lc_queue_fd(NULL) == -1, "fd of NULL");
    CHECK(lc_queue_drain(NULL, 0) == 0, "drain NULL");
    CHECK(lc_client_set_queue(NULL, NULL) == LC_STATUS_INVALID_ARGUMENT, "NULL client");
    LcQueue *q = NULL;
    lc_queue_free(&q);
}

int main(void) {
    g_main = pthread_self();
    emu_reset();
    test_null_safety();
    LcClient *agent = client_with("3.6", ",\"timeout\":60");
    LcQueue *q = queue_new();
    REQUIRE(lc_client_set_queue(agent, q) == LC_STATUS_OK, "set_queue");
    test_a_thousand_calls_complete_on_the_loop_thread(agent, q);
    test_edge_triggered_epoll(agent, q);
    test_cancel_while_queued(agent, q);
    test_pagers_page_through_the_queue(agent, q);
    lc_queue_free(&q);
    test_free_runs_every_pending_callback(agent);
    lc_client_free(&agent);
    test_a_callback_may_free_its_queue();
    return finish("test_queue");
}
