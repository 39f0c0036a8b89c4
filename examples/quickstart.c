/* Quickstart for liblivechat from C: start a chat, send a message, upload a file and send it as a
 * file event, tag the thread, set a property, list chats, page through the archives, show an API
 * error, and make one asynchronous call.
 *
 *   ffi-c/install.sh --prefix "$HOME/.local"          # or: sudo ffi-c/install.sh
 *   export PKG_CONFIG_PATH="$HOME/.local/lib/pkgconfig" LD_LIBRARY_PATH="$HOME/.local/lib"
 *   cc -std=c11 quickstart.c $(pkg-config --cflags --libs livechat) -o quickstart
 *   LIVECHAT_API_URL=http://127.0.0.1:PORT LIVECHAT_TOKEN=dal:… ./quickstart
 *
 * LIVECHAT_API_URL defaults to the production API; LIVECHAT_TOKEN is an agent access token. */
#define _POSIX_C_SOURCE 200809L
#include <livechat.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Completion of the async call: signalled from a library thread. */
typedef struct {
    pthread_mutex_t mu;
    pthread_cond_t cond;
    int done;
} Done;

static void on_chats(void *user_data, LcStatus status, const char *json) {
    Done *d = user_data;
    printf("[c] async list_chats: %s, %.60s...\n", lc_status_name(status), json); /* json is lent */
    pthread_mutex_lock(&d->mu);
    d->done = 1;
    pthread_cond_signal(&d->cond);
    pthread_mutex_unlock(&d->mu);
}

/* Counts the occurrences of `needle` in `haystack`. */
static int count(const char *haystack, const char *needle) {
    int n = 0;
    for (const char *p = strstr(haystack, needle); p != NULL; p = strstr(p + 1, needle)) {
        n++;
    }
    return n;
}

/* Returns the string value of "key" in a small JSON object (ids have no escapes). */
static void field(const char *json, const char *key, char *buf, size_t cap) {
    char pattern[64];
    snprintf(pattern, sizeof pattern, "\"%s\":\"", key);
    const char *p = strstr(json, pattern);
    buf[0] = '\0';
    if (p != NULL) {
        p += strlen(pattern);
        size_t n = strcspn(p, "\"");
        snprintf(buf, cap, "%.*s", (int)(n < cap ? n : cap - 1), p);
    }
}

int main(void) {
    const char *url = getenv("LIVECHAT_API_URL");
    const char *token = getenv("LIVECHAT_TOKEN");
    if (token == NULL) {
        fprintf(stderr, "set LIVECHAT_TOKEN (and LIVECHAT_API_URL for the emulator)\n");
        return 2;
    }
    char config[1024];
    snprintf(config, sizeof config, "{\"client_id\":\"quickstart-c\",\"api_url\":\"%s\",\"token\":\"%s\"}",
             url ? url : "https://api.livechatinc.com", token);

    printf("[c] liblivechat %s\n", lc_version());
    LcClient *agent = NULL;
    char *json = NULL;
    LcStatus st = lc_client_new(config, NULL, NULL, NULL, &agent, &json);
    if (st != LC_STATUS_OK) {
        fprintf(stderr, "cannot create the client: %s %s\n", lc_status_name(st), json);
        lc_string_free(&json);
        return 1;
    }
    lc_string_free(&json);

    /* Any method of the table, arguments by name, result JSON out. */
    st = lc_client_call(agent, "start_chat", NULL, NULL, &json);
    if (st != LC_STATUS_OK) {
        fprintf(stderr, "start_chat failed: %s %s\n", lc_status_name(st), json);
        lc_string_free(&json);
        lc_client_free(&agent);
        return 1;
    }
    char chat_id[64], thread_id[64];
    field(json, "chat_id", chat_id, sizeof chat_id);
    field(json, "thread_id", thread_id, sizeof thread_id);
    lc_string_free(&json);
    printf("[c] started chat %s (thread %s)\n", chat_id, thread_id);

    char args[512];
    snprintf(args, sizeof args,
             "{\"chat_id\":\"%s\",\"event\":{\"type\":\"message\",\"text\":\"Hello from C\"}}",
             chat_id);
    st = lc_client_call(agent, "send_event", args, NULL, &json);
    printf("[c] send_event: %s %s\n", lc_status_name(st), json);
    lc_string_free(&json);

    /* Upload bytes from memory, then send the returned URL as a file event. */
    static const uint8_t report[] = "quarterly numbers\n";
    LcUploadSource source = {0}; /* exactly one of .path and .data */
    source.data = report;
    source.len = sizeof report - 1;
    source.filename = "report.txt";
    st = lc_client_upload(agent, &source, NULL, &json);
    char file_url[256];
    field(json, "url", file_url, sizeof file_url);
    printf("[c] upload_file: %s %s\n", lc_status_name(st), json);
    lc_string_free(&json);
    snprintf(args, sizeof args, "{\"chat_id\":\"%s\",\"event\":{\"type\":\"file\",\"url\":\"%s\"}}",
             chat_id, file_url);
    st = lc_client_call(agent, "send_event", args, NULL, &json);
    printf("[c] sent the file as an event: %s %s\n", lc_status_name(st), json);
    lc_string_free(&json);

    /* Tag the thread and set a property. */
    snprintf(args, sizeof args, "{\"chat_id\":\"%s\",\"thread_id\":\"%s\",\"tag\":\"quickstart\"}",
             chat_id, thread_id);
    st = lc_client_call(agent, "tag_thread", args, NULL, &json);
    lc_string_free(&json);
    snprintf(args, sizeof args,
             "{\"chat_id\":\"%s\",\"thread_id\":\"%s\",\"properties\":{\"test\":{\"string_property\":\"set by C\"}}}",
             chat_id, thread_id);
    LcStatus st2 = lc_client_call(agent, "update_thread_properties", args, NULL, &json);
    lc_string_free(&json);
    printf("[c] tag_thread: %s, update_thread_properties: %s\n", lc_status_name(st), lc_status_name(st2));

    /* List chats, then page through the archives two at a time with a pager: it sends the
     * filters on the first page and only page_id afterwards; the end is LC_STATUS_OK with NULL. */
    st = lc_client_call(agent, "list_chats", "{\"limit\":10}", NULL, &json);
    printf("[c] list_chats: %s, %d chat(s) on the first page\n", lc_status_name(st),
           st == LC_STATUS_OK ? count(json, "\"last_thread_summary\"") : 0);
    lc_string_free(&json);
    LcPager *pager = NULL;
    st = lc_client_pages(agent, "list_archives", "{\"limit\":2}", NULL, &pager, &json);
    for (int page = 1; st == LC_STATUS_OK && page <= 20; page++) {
        st = lc_pager_next(pager, &json);
        if (st != LC_STATUS_OK || json == NULL) {
            break; /* an error (json says which) or past the last page (json is NULL) */
        }
        printf("[c] archives page %d: %d chat(s)\n", page, count(json, "\"thread\":"));
        lc_string_free(&json);
    }
    if (st != LC_STATUS_OK) {
        printf("[c] list_archives failed: %s %s\n", lc_status_name(st), json);
    }
    lc_string_free(&json);
    lc_pager_free(&pager);

    /* Errors come back as a status plus the error JSON. */
    st = lc_client_call(agent, "get_chat", "{\"chat_id\":\"NO_SUCH_CHAT\"}", NULL, &json);
    printf("[c] get_chat of a missing chat: %s %s\n", lc_status_name(st), json);
    lc_string_free(&json);
    st = lc_client_call(agent, "send_event", "{\"chat_id\":42}", NULL, &json);
    printf("[c] a bad call: %s %s\n", lc_status_name(st), json);
    lc_string_free(&json);

    /* Asynchronous: the callback fires exactly once on a library thread. */
    Done done = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0};
    st = lc_client_call_async(agent, "list_chats", "{\"limit\":5}", NULL, on_chats, &done, NULL, NULL);
    if (st == LC_STATUS_OK) {
        pthread_mutex_lock(&done.mu);
        while (!done.done) {
            pthread_cond_wait(&done.cond, &done.mu);
        }
        pthread_mutex_unlock(&done.mu);
    }

    lc_client_free(&agent);
    return 0;
}
