/* Async calls: the callback fires exactly once with the result; cancel of an in-flight call
 * (the emulator holds it for 5 s) fires LC_STATUS_CANCELLED at once; freeing the client with a
 * call in flight fires LC_STATUS_CLOSED; a blocking call from inside a callback fails with
 * LC_STATUS_RUNTIME; async send and uploads; an async call that cannot start never fires. */
#include "common.h"

static void test_callback_fires_once_with_the_result(LcClient *agent) {
    Waiter w;
    waiter_init(&w);
    LcOp *op = NULL;
    char *err = NULL;
    LcStatus st = lc_client_call_async(agent, "start_chat", NULL, NULL, on_done, &w, &op, &err);
    CHECK(st == LC_STATUS_OK && err == NULL, "start: %s", lc_status_name(st));
    CHECK(op != NULL, "op handle");
    CHECK(waiter_wait(&w, 1, 20) == 1, "the callback fired");
    CHECK(w.last_status == LC_STATUS_OK && has(w.last_json, "chat_id"), "%s %s",
          lc_status_name(w.last_status), w.last_json);
    lc_op_cancel(op); /* after completion: a no-op */
    sleep_ms(100);
    CHECK(w.fired == 1, "exactly once (fired %d)", w.fired);
    lc_op_free(&op);
    CHECK(op == NULL, "lc_op_free nulls the handle");
    lc_op_free(&op);
    lc_op_free(NULL);

    st = lc_client_send_async(agent, "list_chats", "{\"limit\":1}", NULL, on_done, &w, NULL, NULL);
    CHECK(st == LC_STATUS_OK, "send_async: %s", lc_status_name(st));
    CHECK(waiter_wait(&w, 2, 20) == 2, "send callback");
    CHECK(w.last_status == LC_STATUS_OK && has(w.last_json, "chats_summary"), "%s", w.last_json);

    const char data[] = "async upload";
    LcUploadSource src = src_data(data, sizeof data - 1, "a.txt");
    st = lc_client_upload_async(agent, &src, NULL, on_done, &w, NULL, NULL);
    CHECK(st == LC_STATUS_OK, "upload_async (data): %s", lc_status_name(st));
    CHECK(waiter_wait(&w, 3, 20) == 3, "upload callback");
    CHECK(w.last_status == LC_STATUS_OK && has(w.last_json, "a.txt"), "%s", w.last_json);

    src = src_path("/no/such/file.txt", NULL);
    st = lc_client_upload_async(agent, &src, NULL, on_done, &w, NULL, &err);
    CHECK(st == LC_STATUS_OK, "a missing file is found out in the task: %s", lc_status_name(st));
    CHECK(waiter_wait(&w, 4, 20) == 4, "upload_file callback");
    CHECK(w.last_status == LC_STATUS_INVALID_ARGUMENT, "%s", w.last_json);
    waiter_destroy(&w);
}

static void test_a_call_that_cannot_start_never_fires(LcClient *agent) {
    Waiter w;
    waiter_init(&w);
    LcOp *op = NULL;
    char *err = NULL;
    LcStatus st = lc_client_call_async(agent, "get_chat", "{\"chat_id\":1}", NULL, on_done, &w, &op,
                                       &err);
    CHECK(st == LC_STATUS_INVALID_ARGUMENT, "wrong type: %s", lc_status_name(st));
    CHECK(op == NULL && has(err, "\"kind\":\"invalid_argument\""), "%s", err);
    lc_string_free(&err);
    st = lc_client_call_async(agent, "list_chats", NULL, NULL, NULL, &w, &op, &err);
    CHECK(st == LC_STATUS_INVALID_ARGUMENT && has(err, "callback is NULL"), "%s", err);
    lc_string_free(&err);
    sleep_ms(100);
    CHECK(w.fired == 0, "no callback after a failed start");
    waiter_destroy(&w);
}

static void test_cancel_of_an_in_flight_call(LcClient *agent) {
    emu_fault("{\"action\":\"list_chats\",\"count\":1,\"delay_ms\":5000}");
    Waiter w;
    waiter_init(&w);
    LcOp *op = NULL;
    double t0 = now_s();
    LcStatus st = lc_client_call_async(agent, "list_chats", NULL, NULL, on_done, &w, &op, NULL);
    REQUIRE(st == LC_STATUS_OK, "start: %s", lc_status_name(st));
    /* Wait until the emulator has the request, then cancel. */
    for (int i = 0; i < 100; i++) {
        char *log = NULL;
        emu_http("GET", "requests", NULL, &log);
        int arrived = has(log, "\"action\":\"list_chats\"");
        free(log);
        if (arrived) {
            break;
        }
        sleep_ms(20);
    }
    lc_op_cancel(op);
    lc_op_cancel(op); /* idempotent */
    CHECK(waiter_wait(&w, 1, 20) == 1, "the callback fired");
    double took = now_s() - t0;
    CHECK(w.last_status == LC_STATUS_CANCELLED && has(w.last_json, "\"kind\":\"cancelled\""),
          "%s %s", lc_status_name(w.last_status), w.last_json);
    CHECK(took < 3.0, "cancel did not wait for the slow answer (%.2f s)", took);
    lc_op_free(&op);
    sleep_ms(100);
    CHECK(w.fired == 1, "exactly once (fired %d)", w.fired);
    waiter_destroy(&w);
    char *faults = NULL;
    emu_http("DELETE", "faults", NULL, &faults);
    free(faults);
}

static void test_free_with_a_call_in_flight_fires_closed(void) {
    LcClient *agent = client_v("3.6");
    emu_fault("{\"action\":\"get_customer\",\"count\":1,\"delay_ms\":5000}");
    Waiter w;
    waiter_init(&w);
    LcStatus st = lc_client_call_async(
        agent, "get_customer", "{\"id\":\"b7eff798-f8df-4364-8059-649c35c9ed0c\"}", NULL, on_done, &w,
        NULL, NULL);
    REQUIRE(st == LC_STATUS_OK, "start: %s", lc_status_name(st));
    sleep_ms(200);
    double t0 = now_s();
    lc_client_free(&agent);
    CHECK(agent == NULL, "free nulls the client");
    CHECK(waiter_wait(&w, 1, 20) == 1, "the callback fired");
    CHECK(w.last_status == LC_STATUS_CLOSED && has(w.last_json, "\"kind\":\"closed\""), "%s %s",
          lc_status_name(w.last_status), w.last_json);
    CHECK(now_s() - t0 < 3.0, "closed at once");
    waiter_destroy(&w);
    char *faults = NULL;
    emu_http("DELETE", "faults", NULL, &faults);
    free(faults);
}

typedef struct {
    LcClient *agent;
    Waiter w;
    LcStatus nested_status;
    char nested_json[1024];
} Nested;

static void call_from_callback(void *user_data, LcStatus status, const char *json) {
    Nested *n = (Nested *)user_data;
    char *out = NULL;
    n->nested_status = lc_client_call(n->agent, "list_chats", NULL, NULL, &out);
    snprintf(n->nested_json, sizeof n->nested_json, "%s", out ? out : "");
    lc_string_free(&out);
    on_done(&n->w, status, json);
}

static void test_blocking_call_in_a_callback_fails_with_runtime(LcClient *agent) {
    Nested n;
    n.agent = agent;
    waiter_init(&n.w);
    LcStatus st = lc_client_call_async(agent, "list_chats", NULL, NULL, call_from_callback, &n, NULL,
                                       NULL);
    REQUIRE(st == LC_STATUS_OK, "start");
    CHECK(waiter_wait(&n.w, 1, 20) == 1, "the callback fired");
    CHECK(n.nested_status == LC_STATUS_RUNTIME && has(n.nested_json, "\"kind\":\"runtime\""),
          "%s %s", lc_status_name(n.nested_status), n.nested_json);
    waiter_destroy(&n.w);
}

int main(void) {
    emu_reset();
    LcClient *agent = client_v("3.6");
    test_callback_fires_once_with_the_result(agent);
    test_a_call_that_cannot_start_never_fires(agent);
    test_cancel_of_an_in_flight_call(agent);
    test_free_with_a_call_in_flight_fires_closed();
    test_blocking_call_in_a_callback_fails_with_runtime(agent);
    lc_client_free(&agent);
    return finish("test_async");
}
