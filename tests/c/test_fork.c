/* fork(): a child forked before the process used the library starts its own runtime and works; a
 * child forked after gets LC_STATUS_RUNTIME naming the fork from blocking and async calls, at
 * once and never a hang; the parent goes on working. A completion queue inherited by a child
 * runs none of the parent's callbacks there. */
#include "common.h"

#include <sys/wait.h>

/* Runs `child` in a forked process and returns its exit code (-1 if it did not exit normally,
 * e.g. killed by the 30 s alarm that stands in for a hang). */
static int in_child(int (*child)(void)) {
    fflush(NULL);
    pid_t pid = fork();
    REQUIRE(pid >= 0, "fork failed");
    if (pid == 0) {
        alarm(30);
        _exit(child());
    }
    int status = 0;
    REQUIRE(waitpid(pid, &status, 0) == pid, "waitpid");
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* 0 when a call in this process works. */
static int child_calls(void) {
    LcClient *c = client_v("3.6");
    char *out = NULL;
    LcStatus st = lc_client_call(c, "list_routing_statuses", NULL, NULL, &out);
    if (st != LC_STATUS_OK) fprintf(stderr, "child call: %s %s\n", lc_status_name(st), out);
    lc_string_free(&out);
    lc_client_free(&c);
    return st == LC_STATUS_OK ? 0 : 1;
}

static void never_called(void *user_data, LcStatus status, const char *json) {
    (void)user_data, (void)status, (void)json;
    _exit(3);
}

/* 0 when blocking and async calls both fail with LC_STATUS_RUNTIME and a message about fork. */
static int child_is_refused(void) {
    int bad = 0;
    LcClient *c = client_v("3.6");
    char *out = NULL;
    LcStatus st = lc_client_call(c, "list_routing_statuses", NULL, NULL, &out);
    if (st != LC_STATUS_RUNTIME || !has(out, "\"kind\":\"runtime\"") || !has(out, "forked")) {
        fprintf(stderr, "child blocking call: %s %s\n", lc_status_name(st), out ? out : "(null)");
        bad = 1;
    }
    lc_string_free(&out);
    LcOp *op = NULL;
    st = lc_client_call_async(c, "list_routing_statuses", NULL, NULL, never_called, NULL, &op, &out);
    if (st != LC_STATUS_RUNTIME || op != NULL || !has(out, "forked")) {
        fprintf(stderr, "child async call: %s %s\n", lc_status_name(st), out ? out : "(null)");
        bad = 1;
    }
    lc_string_free(&out);
    lc_op_free(&op);
    lc_client_free(&c);
    return bad;
}

/* A queue with finished callbacks waiting, inherited by a child: the child's drain and free run
 * none of them (the operations are the parent's); the parent's drain runs them all. */
static LcQueue *g_queue = NULL;
static int g_queued_fired = 0;

static void count_queued(void *user_data, LcStatus status, const char *json) {
    (void)user_data, (void)status, (void)json;
    g_queued_fired++;
}

static int child_drains_nothing(void) {
    int bad = 0;
    size_t ran = lc_queue_drain(g_queue, 0);
    if (ran != 0 || g_queued_fired != 0) {
        fprintf(stderr, "child drain ran %zu callbacks\n", ran);
        bad = 1;
    }
    lc_queue_free(&g_queue);
    if (g_queued_fired != 0) {
        fprintf(stderr, "child free ran %d callbacks\n", g_queued_fired);
        bad = 1;
    }
    return bad;
}

static void test_an_inherited_queue_runs_nothing_in_the_child(LcClient *agent) {
    char *err = NULL;
    REQUIRE(lc_queue_new(&g_queue, &err) == LC_STATUS_OK, "lc_queue_new %s", err);
    REQUIRE(lc_client_set_queue(agent, g_queue) == LC_STATUS_OK, "set_queue");
    for (int i = 0; i < 3; i++) {
        REQUIRE(lc_client_call_async(agent, "list_routing_statuses", NULL, NULL, count_queued, NULL,
                                     NULL, NULL) == LC_STATUS_OK,
                "start");
    }
    sleep_ms(1000); /* all three finished and wait in the queue */
    CHECK(in_child(child_drains_nothing) == 0, "the child ran the parent's callbacks");
    CHECK(lc_queue_drain(g_queue, 0) == 3 && g_queued_fired == 3, "the parent's drain: %d",
          g_queued_fired);
    lc_client_set_queue(agent, NULL);
    lc_queue_free(&g_queue);
}

int main(void) {
    emu_reset();
    CHECK(in_child(child_calls) == 0, "a child forked before any use could not call");

    LcClient *agent = client_v("3.6");
    char *out = call_ok(agent, "list_routing_statuses", NULL); /* the runtime runs now */
    lc_string_free(&out);
    CHECK(in_child(child_is_refused) == 0, "a child forked after use was not refused cleanly");

    out = call_ok(agent, "list_routing_statuses", NULL); /* the parent is unaffected */
    lc_string_free(&out);
    test_an_inherited_queue_runs_nothing_in_the_child(agent);
    lc_client_free(&agent);
    return finish("test_fork");
}
