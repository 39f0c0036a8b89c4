/* An echo bot in C: creates its bot (Configuration API), registers incoming_chat and
 * incoming_event bot webhooks to its own small HTTP server on 127.0.0.1 (plain POSIX sockets),
 * acts as the bot (the config's "bot" object: liblivechat issues and renews its tokens), sets
 * itself accepting_chats, answers each customer message with an echo and transfers the chat to
 * a human on "human". ./scripts/demo runs it against the emulator and plays the customer.
 *
 *   cc -std=c11 echo_bot.c $(pkg-config --cflags --libs livechat) -o echo_bot
 *   LIVECHAT_API_URL=… LIVECHAT_TOKEN=… LIVECHAT_CLIENT_ID=… LIVECHAT_ORGANIZATION_ID=… ./echo_bot
 *
 * Reading fields out of the webhook JSON uses a tiny string search to stay dependency-free;
 * real code would use a JSON library (cJSON, jansson, yyjson). */
#define _POSIX_C_SOURCE 200809L
#include <arpa/inet.h>
#include <livechat.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static const char *need(const char *name) {
    const char *v = getenv(name);
    if (v == NULL || *v == '\0') {
        fprintf(stderr, "[c bot] set %s (./scripts/demo sets it for the emulator)\n", name);
        exit(2);
    }
    return v;
}

/* Copies the string value of the first "key":"…" in `json` into buf (no unescaping). */
static int json_str(const char *json, const char *key, char *buf, size_t cap) {
    char pattern[64];
    snprintf(pattern, sizeof pattern, "\"%s\":\"", key);
    const char *at = json ? strstr(json, pattern) : NULL;
    if (at == NULL) {
        return 0;
    }
    at += strlen(pattern);
    size_t n = 0;
    while (at[n] != '\0' && at[n] != '"' && n + 1 < cap) {
        n += at[n] == '\\' && at[n + 1] != '\0' ? 2 : 1;
    }
    memcpy(buf, at, n);
    buf[n] = '\0';
    return 1;
}

/* Calls `method`; prints and returns NULL on failure. The result is freed with lc_string_free. */
static char *call(LcClient *client, const char *method, const char *args) {
    char *out = NULL;
    LcStatus st = lc_client_call(client, method, args, NULL, &out);
    if (st != LC_STATUS_OK) {
        fprintf(stderr, "[c bot] %s: %s %s\n", method, lc_status_name(st), out ? out : "");
        lc_string_free(&out);
        return NULL;
    }
    return out;
}

static LcClient *client(const char *extra) {
    char config[2048];
    snprintf(config, sizeof config,
             "{\"client_id\":\"%s\",\"api_url\":\"%s\",\"token\":\"%s\",\"version\":\"3.6\"%s}",
             need("LIVECHAT_CLIENT_ID"), need("LIVECHAT_API_URL"), need("LIVECHAT_TOKEN"), extra);
    LcClient *c = NULL;
    char *err = NULL;
    if (lc_client_new(config, NULL, NULL, NULL, &c, &err) != LC_STATUS_OK) {
        fprintf(stderr, "[c bot] lc_client_new: %s\n", err ? err : "");
        exit(1);
    }
    return c;
}

static void say(LcClient *bot, const char *chat_id, const char *text) {
    char args[1024];
    snprintf(args, sizeof args,
             "{\"chat_id\":\"%s\",\"event\":{\"type\":\"message\",\"text\":\"%s\"}}", chat_id, text);
    char *out = call(bot, "send_event", args);
    lc_string_free(&out);
}

/* Handles one verified webhook (JSON from lc_webhook_parse). */
static void handle(LcClient *bot, const char *bot_id, const char *webhook) {
    char action[64] = "", chat_id[64] = "", text[512] = "", author[128] = "";
    json_str(webhook, "action", action, sizeof action);
    if (strcmp(action, "incoming_chat") == 0 && json_str(webhook, "id", chat_id, sizeof chat_id)) {
        printf("[c bot] new chat %s\n", chat_id);
        say(bot, chat_id, "Hi! I am the echo bot. Write \\\"human\\\" to talk to a person.");
    } else if (strcmp(action, "incoming_event") == 0 &&
               json_str(webhook, "chat_id", chat_id, sizeof chat_id) &&
               json_str(webhook, "text", text, sizeof text)) {
        json_str(webhook, "author_id", author, sizeof author);
        if (strcmp(author, bot_id) == 0) {
            return;
        }
        printf("[c bot] customer in %s: %s\n", chat_id, text);
        if (strstr(text, "human") != NULL) {
            say(bot, chat_id, "Transferring you to a human.");
            char args[256];
            snprintf(args, sizeof args,
                     "{\"id\":\"%s\",\"target\":{\"type\":\"group\",\"ids\":[0]},"
                     "\"ignore_agents_availability\":true}", chat_id);
            char *out = call(bot, "transfer_chat", args);
            if (out) {
                printf("[c bot] transferred %s\n", chat_id);
            }
            lc_string_free(&out);
        } else {
            char reply[600];
            snprintf(reply, sizeof reply, "echo: %s", text);
            say(bot, chat_id, reply);
        }
    }
}

/* Reads one HTTP request; returns its body (malloc'd, `*len` bytes) or NULL. */
static char *read_request(int fd, size_t *len) {
    size_t cap = 1 << 16, used = 0;
    char *buf = malloc(cap + 1);
    char *body = NULL;
    size_t want = 0;
    while (buf != NULL && used < cap) {
        ssize_t got = read(fd, buf + used, cap - used);
        if (got <= 0) {
            break;
        }
        used += (size_t)got;
        buf[used] = '\0';
        char *end = strstr(buf, "\r\n\r\n");
        if (end == NULL) {
            continue;
        }
        char *cl = strstr(buf, "Content-Length:");
        if (cl == NULL) {
            cl = strstr(buf, "content-length:");
        }
        want = cl ? (size_t)strtoul(cl + 15, NULL, 10) : 0;
        if (used >= (size_t)(end + 4 - buf) + want) {
            body = end + 4;
            break;
        }
    }
    if (body == NULL || want > cap) {
        free(buf);
        return NULL;
    }
    memmove(buf, body, want);
    *len = want;
    return buf;
}

int main(void) {
    setvbuf(stdout, NULL, _IOLBF, 0); /* line by line, also into a file or pipe */
    LcClient *admin = client(",\"api\":\"configuration\"");
    int server = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t addr_len = sizeof addr;
    if (server < 0 || bind(server, (struct sockaddr *)&addr, sizeof addr) != 0 ||
        listen(server, 64) != 0 || getsockname(server, (struct sockaddr *)&addr, &addr_len) != 0) {
        perror("[c bot] listen");
        return 1;
    }
    char url[128];
    snprintf(url, sizeof url, "http://127.0.0.1:%d/webhooks", ntohs(addr.sin_port));

    char args[2048], bot_id[128] = "", bot_secret[256] = "", secret_key[64];
    snprintf(args, sizeof args,
             "{\"name\":\"Echo bot (C)\",\"owner_client_id\":\"%s\","
             "\"groups\":[{\"id\":0,\"priority\":\"first\"}]}",
             need("LIVECHAT_CLIENT_ID"));
    char *created = call(admin, "create_bot", args);
    if (!created || !json_str(created, "id", bot_id, sizeof bot_id) ||
        !json_str(created, "secret", bot_secret, sizeof bot_secret)) {
        return 1;
    }
    lc_string_free(&created);
    srand((unsigned)time(NULL));
    snprintf(secret_key, sizeof secret_key, "echo-c-%d%d", rand(), rand());
    const char *actions[] = {"incoming_chat", "incoming_event"};
    for (int i = 0; i < 2; i++) {
        snprintf(args, sizeof args,
                 "{\"action\":\"%s\",\"secret_key\":\"%s\",\"url\":\"%s\",\"owner_client_id\":\"%s\","
                 "\"type\":\"bot\"%s}",
                 actions[i], secret_key, url, need("LIVECHAT_CLIENT_ID"),
                 i == 1 ? ",\"filters\":{\"author_type\":\"customer\"}" : "");
        char *registered = call(admin, "register_webhook", args);
        if (!registered) {
            return 1;
        }
        lc_string_free(&registered);
    }

    /* The bot's own client: every call carries a bot token liblivechat issues and renews. */
    char extra[1024];
    snprintf(extra, sizeof extra,
             ",\"bot\":{\"bot_id\":\"%s\",\"client_id\":\"%s\",\"bot_secret\":\"%s\","
             "\"organization_id\":\"%s\"}",
             bot_id, need("LIVECHAT_CLIENT_ID"), bot_secret, need("LIVECHAT_ORGANIZATION_ID"));
    LcClient *bot = client(extra);
    snprintf(args, sizeof args, "{\"status\":\"accepting_chats\",\"agent_id\":\"%s\"}", bot_id);
    char *routing = call(bot, "set_routing_status", args);
    if (!routing) {
        return 1;
    }
    lc_string_free(&routing);
    printf("[c bot] ready: bot %s listening on %s\n", bot_id, url);
    fflush(stdout);

    const char *limit = getenv("ECHO_BOT_SECONDS");
    time_t stop = limit ? time(NULL) + atol(limit) : 0;
    for (;;) {
        struct pollfd p = {.fd = server, .events = POLLIN};
        int ready = poll(&p, 1, 200);
        if (stop && time(NULL) >= stop) {
            break;
        }
        if (ready <= 0) {
            continue;
        }
        int fd = accept(server, NULL, NULL);
        if (fd < 0) {
            continue;
        }
        size_t len = 0;
        char *body = read_request(fd, &len);
        char *webhook = NULL;
        LcStatus st = body ? lc_webhook_parse((const uint8_t *)body, len, secret_key, &webhook)
                           : LC_STATUS_INVALID_WEBHOOK;
        /* Answer first (LiveChat retries slow webhooks), then work. */
        const char *reply = st == LC_STATUS_OK              ? "200 OK"
                            : st == LC_STATUS_WEBHOOK_SECRET ? "401 Unauthorized"
                                                             : "400 Bad Request";
        char head[128];
        int n = snprintf(head, sizeof head,
                         "HTTP/1.1 %s\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", reply);
        if (write(fd, head, (size_t)n) != n) {
            perror("[c bot] write");
        }
        close(fd);
        if (st == LC_STATUS_OK) {
            handle(bot, bot_id, webhook);
        } else {
            fprintf(stderr, "[c bot] refused a webhook: %s\n", webhook ? webhook : "");
        }
        lc_string_free(&webhook);
        free(body);
    }
    close(server);
    lc_client_free(&bot);
    lc_client_free(&admin);
    return 0;
}
