/* Blocking calls of every method of the method table against the emulator (3.6 for most, 3.5
 * and 3.3 for the methods only they have), uploads from a path and from memory, the raw send,
 * and a check that this list covers the whole table. */
#include "common.h"

#define MAX_METHODS 128
static char g_called[MAX_METHODS][64];
static int g_ncalled = 0;

/* Calls a method, expects OK, remembers it was covered; returns the result JSON. */
static char *cover(LcClient *client, const char *method, const char *args) {
    if (g_ncalled < MAX_METHODS) {
        snprintf(g_called[g_ncalled++], sizeof g_called[0], "%s", method);
    }
    return call_ok(client, method, args);
}

static void cover_free(LcClient *client, const char *method, const char *args) {
    char *out = cover(client, method, args);
    lc_string_free(&out);
}

static int covered(const char *method) {
    for (int i = 0; i < g_ncalled; i++) {
        if (strcmp(g_called[i], method) == 0) {
            return 1;
        }
    }
    return 0;
}

/* Every method of the agent surface in lc_methods() was called (the table lists every surface,
 * the agent's first: its methods run up to the configuration surface's entry). */
static void check_coverage(void) {
    const char *table = lc_methods();
    REQUIRE(table != NULL, "method table");
    const char *p = strstr(table, "\"surfaces\":[{\"name\":\"agent\",");
    REQUIRE(p != NULL, "the agent surface in %.200s", table);
    const char *stop = strstr(p, "{\"name\":\"configuration\",\"client\":");
    REQUIRE(stop != NULL, "the configuration surface in the table");
    int methods = 0;
    while ((p = strstr(p, "{\"name\":\"")) != NULL && p < stop) {
        p += strlen("{\"name\":\"");
        const char *end = strchr(p, '"');
        REQUIRE(end != NULL, "malformed table");
        if (strncmp(end, "\",\"action\"", 10) == 0) { /* a method, not a parameter */
            char name[64];
            size_t n = (size_t)(end - p) < sizeof name - 1 ? (size_t)(end - p) : sizeof name - 1;
            memcpy(name, p, n);
            name[n] = '\0';
            methods++;
            CHECK(covered(name), "method %s of the table was not called", name);
        }
        p = end;
    }
    CHECK(methods >= 44, "the table lists %d methods", methods);
}

int main(void) {
    emu_reset();
    LcClient *agent = client_v("3.6");
    char chat[64] = "", thread[64] = "", event[64] = "", rich[64] = "", args[2048];
    const char *customer = "b7eff798-f8df-4364-8059-649c35c9ed0c";

    char *out = cover(agent, "start_chat", NULL);
    REQUIRE(json_str(out, "chat_id", chat, sizeof chat), "start_chat: %s", out);
    REQUIRE(json_str(out, "thread_id", thread, sizeof thread), "start_chat: %s", out);
    lc_string_free(&out);

    snprintf(args, sizeof args,
             "{\"chat_id\":\"%s\",\"event\":{\"type\":\"message\",\"text\":\"Hello from C\"}}",
             chat);
    out = cover(agent, "send_event", args);
    REQUIRE(json_str(out, "event_id", event, sizeof event), "send_event: %s", out);
    lc_string_free(&out);

    snprintf(args, sizeof args,
             "{\"chat_id\":\"%s\",\"event\":{\"type\":\"rich_message\",\"template_id\":"
             "\"quick_replies\",\"elements\":[{\"title\":\"Pick\",\"buttons\":[{\"type\":"
             "\"message\",\"text\":\"Yes\",\"postback_id\":\"yes\",\"user_ids\":[]}]}]}}",
             chat);
    out = call_ok(agent, "send_event", args);
    REQUIRE(json_str(out, "event_id", rich, sizeof rich), "send_event rich: %s", out);
    lc_string_free(&out);

    snprintf(args, sizeof args, "{\"limit\":5}");
    cover_free(agent, "list_chats", args);
    snprintf(args, sizeof args, "{\"chat_id\":\"%s\"}", chat);
    cover_free(agent, "list_threads", args);
    out = cover(agent, "get_chat", args);
    CHECK(has(out, "Hello from C"), "get_chat shows the message: %s", out);
    lc_string_free(&out);
    cover_free(agent, "list_agents_for_transfer", args);
    cover_free(agent, "send_thinking_indicator", args);

    snprintf(args, sizeof args,
             "{\"chat_id\":\"%s\",\"event\":{\"type\":\"message\",\"text\":\"typing…\"}}", chat);
    cover_free(agent, "send_event_preview", args);
    snprintf(args, sizeof args, "{\"chat_id\":\"%s\",\"is_typing\":true}", chat);
    cover_free(agent, "send_typing_indicator", args);
    snprintf(args, sizeof args,
             "{\"chat_id\":\"%s\",\"seen_up_to\":\"2099-01-01T00:00:00.000000Z\"}", chat);
    cover_free(agent, "mark_events_as_seen", args);

    snprintf(args, sizeof args,
             "{\"id\":\"%s\",\"properties\":{\"test\":{\"string_property\":\"from C\"}}}", chat);
    cover_free(agent, "update_chat_properties", args);
    snprintf(args, sizeof args, "{\"id\":\"%s\",\"properties\":{\"test\":[\"string_property\"]}}",
             chat);
    cover_free(agent, "delete_chat_properties", args);
    snprintf(args, sizeof args,
             "{\"chat_id\":\"%s\",\"thread_id\":\"%s\",\"properties\":{\"test\":"
             "{\"bool_property\":true}}}",
             chat, thread);
    cover_free(agent, "update_thread_properties", args);
    snprintf(args, sizeof args,
             "{\"chat_id\":\"%s\",\"thread_id\":\"%s\",\"properties\":{\"test\":"
             "[\"bool_property\"]}}",
             chat, thread);
    cover_free(agent, "delete_thread_properties", args);
    snprintf(args, sizeof args,
             "{\"chat_id\":\"%s\",\"thread_id\":\"%s\",\"event_id\":\"%s\",\"properties\":"
             "{\"test\":{\"int_property\":3}}}",
             chat, thread, event);
    cover_free(agent, "update_event_properties", args);
    snprintf(args, sizeof args,
             "{\"chat_id\":\"%s\",\"thread_id\":\"%s\",\"event_id\":\"%s\",\"properties\":"
             "{\"test\":[\"int_property\"]}}",
             chat, thread, event);
    cover_free(agent, "delete_event_properties", args);
    snprintf(args, sizeof args, "{\"chat_id\":\"%s\",\"thread_id\":\"%s\",\"tag\":\"vip\"}", chat,
             thread);
    cover_free(agent, "tag_thread", args);
    cover_free(agent, "untag_thread", args);
    snprintf(args, sizeof args,
             "{\"chat_id\":\"%s\",\"thread_id\":\"%s\",\"event_id\":\"%s\",\"postback\":"
             "{\"id\":\"yes\",\"toggled\":true}}",
             chat, thread, rich);
    cover_free(agent, "send_rich_message_postback", args);
    snprintf(args, sizeof args, "{\"chat_id\":\"%s\",\"thread_id\":\"%s\"}", chat, thread);
    cover_free(agent, "request_thread_summary", args);
    out = cover(agent, "get_thread_transcript", args);
    CHECK(has(out, "transcript"), "get_thread_transcript: %s", out);
    lc_string_free(&out);

    snprintf(args, sizeof args, "{\"id\":\"%s\"}", chat);
    cover_free(agent, "follow_chat", args);
    cover_free(agent, "unfollow_chat", args);
    snprintf(args, sizeof args,
             "{\"chat_id\":\"%s\",\"user_id\":\"second@emulator.test\",\"user_type\":\"agent\","
             "\"visibility\":\"all\"}",
             chat);
    cover_free(agent, "add_user_to_chat", args);
    snprintf(args, sizeof args,
             "{\"chat_id\":\"%s\",\"user_id\":\"second@emulator.test\",\"user_type\":\"agent\"}",
             chat);
    cover_free(agent, "remove_user_from_chat", args);
    snprintf(args, sizeof args, "{\"id\":\"%s\",\"target\":{\"type\":\"group\",\"ids\":[0]}}",
             chat);
    cover_free(agent, "transfer_chat", args);
    snprintf(args, sizeof args, "{\"id\":\"%s\"}", chat);
    cover_free(agent, "deactivate_chat", args);
    snprintf(args, sizeof args, "{\"chat\":\"%s\"}", chat);
    out = cover(agent, "resume_chat", args);
    CHECK(has(out, "thread_id"), "resume_chat: %s", out);
    lc_string_free(&out);
    cover_free(agent, "list_archives", "{\"limit\":5}");

    snprintf(args, sizeof args, "{\"id\":\"%s\"}", customer);
    out = cover(agent, "get_customer", args);
    CHECK(has(out, "Thomas Anderson"), "get_customer: %s", out);
    lc_string_free(&out);
    cover_free(agent, "follow_customer", args);
    cover_free(agent, "unfollow_customer", args);
    snprintf(args, sizeof args, "{\"id\":\"%s\",\"name\":\"Neo\"}", customer);
    cover_free(agent, "update_customer", args);
    cover_free(agent, "ban_customer", "{\"id\":\"0f9e8d7c-6b5a-4c3d-9e1f-2a3b4c5d6e7f\",\"days\":1}");
    cover_free(agent, "set_routing_status", "{\"status\":\"accepting_chats\"}");
    out = cover(agent, "list_routing_statuses", "{\"group_ids\":[0]}");
    CHECK(out && out[0] == '[', "list_routing_statuses is a top-level array: %s", out);
    lc_string_free(&out);
    cover_free(agent, "multicast", "{\"recipients\":{\"agents\":{\"all\":true}},\"content\":{\"x\":1}}");
    cover_free(agent, "logout", NULL);

    /* upload_file through the generic call (a path), and from a path and from memory. */
    char path[] = "/tmp/lc-c-upload-XXXXXX";
    int fd = mkstemp(path);
    REQUIRE(fd >= 0, "mkstemp");
    REQUIRE(write(fd, "hello file", 10) == 10, "write");
    close(fd);
    snprintf(args, sizeof args, "{\"file\":\"%s\",\"filename\":\"hello.txt\"}", path);
    out = cover(agent, "upload_file", args);
    CHECK(has(out, "\"url\":\"") && has(out, "hello.txt"), "upload_file: %s", out);
    lc_string_free(&out);
    LcUploadSource src = src_path(path, NULL);
    LcStatus st = lc_client_upload(agent, &src, NULL, &out);
    CHECK(st == LC_STATUS_OK && has(out, "\"url\""), "upload path: %s %s", lc_status_name(st), out);
    lc_string_free(&out);
    unlink(path);
    const unsigned char png[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0};
    src = src_data(png, sizeof png, "pixel.png");
    st = lc_client_upload(agent, &src, NULL, &out);
    CHECK(st == LC_STATUS_OK && has(out, "pixel.png"), "upload bytes: %s %s", lc_status_name(st),
          out);
    char url[512];
    if (json_str(out, "url", url, sizeof url)) {
        snprintf(args, sizeof args,
                 "{\"chat_id\":\"%s\",\"event\":{\"type\":\"file\",\"url\":\"%s\"}}", chat, url);
        char *sent = call_ok(agent, "send_event", args);
        lc_string_free(&sent);
    }
    lc_string_free(&out);

    /* The raw send. */
    st = lc_client_send(agent, "list_chats", "{\"limit\":1}", NULL, &out);
    CHECK(st == LC_STATUS_OK && has(out, "chats_summary"), "send: %s %s", lc_status_name(st), out);
    lc_string_free(&out);

    /* 3.5-only and 3.3–3.5 methods. */
    LcClient *v35 = client_v("3.5");
    out = cover(v35, "get_license_info", NULL);
    CHECK(has(out, "license_id"), "get_license_info: %s", out);
    lc_string_free(&out);
    cover_free(v35, "create_customer", "{\"name\":\"Created From C\"}");
    cover_free(v35, "list_customers", "{\"limit\":5}");
    lc_client_free(&v35);
    CHECK(v35 == NULL, "free nulls the pointer");

    /* 3.3-only methods (on a fresh chat). */
    LcClient *v33 = client_v("3.3");
    out = call_ok(v33, "start_chat", NULL);
    char chat33[64] = "";
    json_str(out, "chat_id", chat33, sizeof chat33);
    lc_string_free(&out);
    snprintf(args, sizeof args, "{\"chat_id\":\"%s\",\"access\":{\"type\":\"group\",\"id\":1}}", chat33);
    cover_free(v33, "grant_chat_access", args);
    cover_free(v33, "revoke_chat_access", args);
    lc_client_free(&v33);

    check_coverage();
    lc_client_free(&agent);
    lc_client_free(&agent); /* a second free of the nulled pointer is a no-op */
    return finish("test_blocking");
}
