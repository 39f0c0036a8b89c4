/* NULL pointers, invalid UTF-8, invalid JSON, unknown methods and wrong argument types: every
 * function returns a status with an error JSON (or ignores the NULL), never crashes. Also the
 * static strings (version, status names, method table). */
#include "common.h"

static void expect(LcStatus st, char **out, LcStatus want, const char *needle, const char *what) {
    CHECK(st == want, "%s: got %s, want %s (%s)", what, lc_status_name(st), lc_status_name(want),
          *out ? *out : "no json");
    CHECK(*out != NULL && has(*out, "\"kind\":\"") && has(*out, "\"message\":\""),
          "%s: error JSON %s", what, *out ? *out : "NULL");
    CHECK(needle == NULL || has(*out, needle), "%s: %s lacks %s", what, *out, needle);
    lc_string_free(out);
    CHECK(*out == NULL, "lc_string_free nulls the pointer");
}

static void test_static_strings(void) {
    CHECK(lc_version() != NULL && strlen(lc_version()) > 0, "version");
    CHECK(strcmp(lc_status_name(LC_STATUS_OK), "LC_STATUS_OK") == 0, "OK name");
    CHECK(strcmp(lc_status_name(LC_STATUS_TIMEOUT), "LC_STATUS_TIMEOUT") == 0, "TIMEOUT name");
    CHECK(strcmp(lc_status_name(LC_STATUS_PANIC), "LC_STATUS_PANIC") == 0, "PANIC name");
    CHECK(strcmp(lc_status_name(99), "LC_STATUS_UNKNOWN") == 0, "unknown");
    CHECK(strcmp(lc_status_name(-5), "LC_STATUS_UNKNOWN") == 0, "negative");
    CHECK(LC_STATUS_API == 1 && LC_STATUS_INTERNAL == 11 && LC_STATUS_PANIC == 12, "numbers");
    const char *table = lc_methods();
    CHECK(table != NULL && has(table, "\"name\":\"send_event\""), "method table");
    CHECK(table == lc_methods(), "the table is static");
}

static void test_new(void) {
    LcClient *client = (LcClient *)&client; /* garbage that must be overwritten */
    char *out = NULL;
    expect(lc_client_new(NULL, NULL, NULL, NULL, &client, &out), &out,
           LC_STATUS_INVALID_ARGUMENT, "config_json is NULL", "NULL config");
    CHECK(client == NULL, "out_client cleared");
    expect(lc_client_new("{", NULL, NULL, NULL, &client, &out), &out,
           LC_STATUS_INVALID_ARGUMENT, "invalid client config", "bad JSON config");
    expect(lc_client_new("{\"client_id\":\"c\",\"token\":\"t\",\"bogus\":1}", NULL, NULL, NULL,
                         &client, &out),
           &out, LC_STATUS_INVALID_ARGUMENT, "bogus", "unknown field");
    expect(lc_client_new("{\"client_id\":\"\xc3\x28\"}", NULL, NULL, NULL, &client, &out), &out,
           LC_STATUS_INVALID_ARGUMENT, "UTF-8", "invalid UTF-8 config");
    expect(lc_client_new("{\"client_id\":\"c\",\"token\":\"t\",\"timeout\":\"fast\"}", NULL, NULL,
                         NULL, &client, &out),
           &out, LC_STATUS_INVALID_ARGUMENT, NULL, "wrong type in config");
    expect(lc_client_new("{\"client_id\":\"c\",\"token\":\"t\"}", NULL, NULL, NULL, NULL, &out),
           &out, LC_STATUS_INVALID_ARGUMENT, "out_client is NULL", "NULL out_client");
    CHECK(lc_client_new(NULL, NULL, NULL, NULL, NULL, NULL) == LC_STATUS_INVALID_ARGUMENT,
          "all NULL");
    lc_client_free(NULL);
    LcClient *none = NULL;
    lc_client_free(&none);
}

static void test_calls(LcClient *agent) {
    char *out = NULL;
    expect(lc_client_call(NULL, "list_chats", NULL, NULL, &out), &out, LC_STATUS_INVALID_ARGUMENT,
           "client is NULL", "NULL client");
    expect(lc_client_call(agent, NULL, NULL, NULL, &out), &out, LC_STATUS_INVALID_ARGUMENT,
           "method is NULL", "NULL method");
    expect(lc_client_call(agent, "list_\xff", NULL, NULL, &out), &out, LC_STATUS_INVALID_ARGUMENT,
           "UTF-8", "invalid UTF-8 method");
    expect(lc_client_call(agent, "get_chat", "{\"chat_id\":\"\xff\"}", NULL, &out), &out,
           LC_STATUS_INVALID_ARGUMENT, "UTF-8", "invalid UTF-8 args");
    expect(lc_client_call(agent, "get_chat", "{\"chat_id\":", NULL, &out), &out,
           LC_STATUS_INVALID_ARGUMENT, "not valid JSON", "invalid JSON");
    expect(lc_client_call(agent, "get_chat", "[\"X\"]", NULL, &out), &out, LC_STATUS_INVALID_ARGUMENT,
           "must be a JSON object", "array args");
    expect(lc_client_call(agent, "no_such_method", "{}", NULL, &out), &out,
           LC_STATUS_UNSUPPORTED_METHOD, "unknown method", "unknown method");
    expect(lc_client_call(agent, "send_evnet", "{}", NULL, &out), &out, LC_STATUS_UNSUPPORTED_METHOD,
           "did you mean", "misspelt method");
    expect(lc_client_call(agent, "grant_chat_access", "{\"id\":\"X\",\"access\":{}}", NULL, &out), &out,
           LC_STATUS_UNSUPPORTED_METHOD, "3.3", "method of another version");
    expect(lc_client_call(agent, "get_chat", "{\"chat_id\":42}", NULL, &out), &out,
           LC_STATUS_INVALID_ARGUMENT, "chat_id", "wrong argument type");
    expect(lc_client_call(agent, "get_chat", "{}", NULL, &out), &out, LC_STATUS_INVALID_ARGUMENT,
           "chat_id", "missing argument");
    expect(lc_client_call(agent, "list_chats", "{\"limit\":\"ten\"}", NULL, &out), &out,
           LC_STATUS_INVALID_ARGUMENT, "limit", "wrong optional type");
    expect(lc_client_call(agent, "get_chat", "{\"chat_id\":\"X\",\"nope\":1}", NULL, &out), &out,
           LC_STATUS_INVALID_ARGUMENT, "nope", "unknown argument");
    CHECK(lc_client_call(agent, NULL, NULL, NULL, NULL) == LC_STATUS_INVALID_ARGUMENT, "NULL out");
    expect(lc_client_send(agent, NULL, "{}", NULL, &out), &out, LC_STATUS_INVALID_ARGUMENT,
           "action is NULL", "NULL action");
    expect(lc_client_send(agent, "List Chats", "{}", NULL, &out), &out, LC_STATUS_INVALID_ARGUMENT,
           "not a valid action name", "bad action");
    expect(lc_client_send(agent, "list_chats", "17", NULL, &out), &out, LC_STATUS_INVALID_ARGUMENT,
           "not a JSON object", "non-object body");
    expect(lc_client_send(NULL, "list_chats", NULL, NULL, &out), &out, LC_STATUS_INVALID_ARGUMENT,
           "client is NULL", "send NULL client");
    expect(lc_client_info(NULL, &out), &out, LC_STATUS_INVALID_ARGUMENT, "client is NULL",
           "info NULL client");

    /* async entry points: nothing starts, the error comes back at once */
    LcOp *op = (LcOp *)&op;
    expect(lc_client_call_async(NULL, "list_chats", NULL, NULL, on_done, NULL, &op, &out), &out,
           LC_STATUS_INVALID_ARGUMENT, "client is NULL", "async NULL client");
    CHECK(op == NULL, "out_op cleared");
    expect(lc_client_call_async(agent, "list_chats", NULL, NULL, NULL, NULL, &op, &out), &out,
           LC_STATUS_INVALID_ARGUMENT, "callback is NULL", "async NULL callback");
    expect(lc_client_send_async(agent, NULL, NULL, NULL, on_done, NULL, NULL, &out), &out,
           LC_STATUS_INVALID_ARGUMENT, "action is NULL", "send_async NULL action");
    lc_op_cancel(NULL);
    lc_op_free(NULL);
    LcOp *no_op = NULL;
    lc_op_free(&no_op);

    /* uploads */
    expect(lc_client_upload(agent, NULL, NULL, &out), &out, LC_STATUS_INVALID_ARGUMENT,
           "source is NULL", "upload NULL source");
    LcUploadSource src = src_path(NULL, NULL);
    expect(lc_client_upload(agent, &src, NULL, &out), &out, LC_STATUS_INVALID_ARGUMENT,
           "neither path nor data", "upload empty source");
    src = src_path("/definitely/not/here", NULL);
    expect(lc_client_upload(agent, &src, NULL, &out), &out, LC_STATUS_INVALID_ARGUMENT,
           "cannot read", "upload missing file");
    src = src_data("abc", 3, "a.txt");
    src.path = "/tmp/x";
    expect(lc_client_upload(agent, &src, NULL, &out), &out, LC_STATUS_INVALID_ARGUMENT,
           "both path and data", "upload path and data");
    src = src_data(NULL, 5, "x.txt");
    expect(lc_client_upload(agent, &src, NULL, &out), &out, LC_STATUS_INVALID_ARGUMENT,
           "data is NULL", "upload NULL data");
    src = src_data("abc", 3, NULL);
    expect(lc_client_upload(agent, &src, NULL, &out), &out, LC_STATUS_INVALID_ARGUMENT,
           "filename", "upload bytes without filename");
    src = src_data("abc", 3, "a\xff.txt");
    expect(lc_client_upload(agent, &src, NULL, &out), &out, LC_STATUS_INVALID_ARGUMENT, "UTF-8",
           "upload invalid UTF-8 filename");
    src = src_data("abc", 3, "a.txt");
    expect(lc_client_upload_async(agent, &src, NULL, NULL, NULL, NULL, &out), &out,
           LC_STATUS_INVALID_ARGUMENT, "callback is NULL", "upload async NULL callback");
    expect(lc_client_upload_async(agent, NULL, NULL, on_done, NULL, NULL, &out), &out,
           LC_STATUS_INVALID_ARGUMENT, "source is NULL", "upload async NULL source");
    src = src_path("/tmp/x", NULL);
    expect(lc_client_upload_async(NULL, &src, NULL, on_done, NULL, NULL, &out), &out,
           LC_STATUS_INVALID_ARGUMENT, "client is NULL", "upload_async NULL client");

    /* frees accept NULL and nulled pointers */
    lc_string_free(NULL);
    char *none = NULL;
    lc_string_free(&none);
}

int main(void) {
    test_static_strings();
    test_new();
    LcClient *agent = client_v("3.6");
    test_calls(agent);
    /* the client still works after all that */
    char *out = call_ok(agent, "list_chats", NULL);
    lc_string_free(&out);
    lc_client_free(&agent);
    CHECK(agent == NULL, "freed");
    return finish("test_null_safety");
}
