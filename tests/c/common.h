/* Shared helpers of the C tests: checks, environment, clients, upload sources, a tiny JSON
 * field reader, a completion waiter for async callbacks, a loopback server with canned answers
 * (Recorder), and a raw HTTP client for the emulator's control endpoints. Header-only; every
 * test program includes it once. */
#ifndef LC_TEST_COMMON_H
#define LC_TEST_COMMON_H

#define _POSIX_C_SOURCE 200809L

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "livechat.h"

static int g_failures = 0;
static int g_checks = 0;

/* Records a failed expectation (the test goes on, and exits non-zero at the end). */
#define CHECK(cond, ...)                                                                       \
    do {                                                                                       \
        g_checks++;                                                                            \
        if (!(cond)) {                                                                         \
            g_failures++;                                                                      \
            fprintf(stderr, "%s:%d: CHECK(%s) failed: ", __FILE__, __LINE__, #cond);           \
            fprintf(stderr, __VA_ARGS__);                                                      \
            fputc('\n', stderr);                                                               \
        }                                                                                      \
    } while (0)

/* Like CHECK, but stops the test at once. Evaluates `cond` once. */
#define REQUIRE(cond, ...)                                                                     \
    do {                                                                                       \
        int require_ok_ = (cond) ? 1 : 0;                                                      \
        CHECK(require_ok_, __VA_ARGS__);                                                       \
        if (!require_ok_) {                                                                    \
            fprintf(stderr, "  (required: %s)\n", #cond);                                      \
            exit(1);                                                                           \
        }                                                                                      \
    } while (0)

static inline int finish(const char *name) {
    printf("%s: %d checks, %d failed\n", name, g_checks, g_failures);
    return g_failures == 0 ? 0 : 1;
}

static inline const char *env(const char *name) {
    const char *v = getenv(name);
    if (v == NULL || v[0] == '\0') {
        fprintf(stderr, "environment variable %s is not set (run tests/c/run.sh)\n", name);
        exit(2);
    }
    return v;
}

static inline double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static inline void sleep_ms(long ms) {
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

/* ---- clients ---------------------------------------------------------------------------- */

/* A client for the emulator with the test token; `extra` is more config fields or "". */
static inline LcClient *client_with(const char *version, const char *extra) {
    char config[1024];
    snprintf(config, sizeof config,
             "{\"client_id\":\"c-tests\",\"api_url\":\"%s\",\"token\":\"%s\",\"version\":\"%s\""
             ",\"max_retries\":0%s}",
             env("LC_TEST_URL"), env("LC_TEST_TOKEN"), version, extra);
    LcClient *client = NULL;
    char *out = NULL;
    LcStatus st = lc_client_new(config, NULL, NULL, NULL, &client, &out);
    REQUIRE(st == LC_STATUS_OK, "lc_client_new: %s %s", lc_status_name(st), out ? out : "");
    lc_string_free(&out);
    return client;
}

static inline LcClient *client_v(const char *version) { return client_with(version, ""); }

/* Calls `method` and checks it succeeds; returns the result JSON (free with lc_string_free). */
static inline char *call_ok_at(const char *file, int line, LcClient *client, const char *method,
                        const char *args) {
    char *out = NULL;
    LcStatus st = lc_client_call(client, method, args, NULL, &out);
    g_checks++;
    if (st != LC_STATUS_OK) {
        g_failures++;
        fprintf(stderr, "%s:%d: %s(%s) -> %s %s\n", file, line, method, args ? args : "NULL",
                lc_status_name(st), out ? out : "(no json)");
    }
    return out;
}
#define call_ok(client, method, args) call_ok_at(__FILE__, __LINE__, client, method, args)

/* ---- uploads ---------------------------------------------------------------------------- */

/* An upload source reading the file at `path` (filename NULL: the path's last component). */
static inline LcUploadSource src_path(const char *path, const char *filename) {
    LcUploadSource src = {0};
    src.path = path;
    src.filename = filename;
    return src;
}

/* An upload source of `len` bytes at `data`, named `filename`. */
static inline LcUploadSource src_data(const void *data, size_t len, const char *filename) {
    LcUploadSource src = {0};
    src.data = (const uint8_t *)data;
    src.len = len;
    src.filename = filename;
    return src;
}

/* ---- JSON ------------------------------------------------------------------------------- */

/* Copies the string value of the first `"key": "value"` in `json` into `buf`; returns 1 when
 * found. Good enough for ids (no escapes). */
static inline int json_str(const char *json, const char *key, char *buf, size_t cap) {
    char pattern[128];
    snprintf(pattern, sizeof pattern, "\"%s\":", key);
    const char *p = json ? strstr(json, pattern) : NULL;
    if (p == NULL) {
        return 0;
    }
    p += strlen(pattern);
    while (*p == ' ') {
        p++;
    }
    if (*p != '"') {
        return 0;
    }
    p++;
    size_t n = 0;
    while (p[n] != '\0' && p[n] != '"' && n + 1 < cap) {
        n++;
    }
    memcpy(buf, p, n);
    buf[n] = '\0';
    return 1;
}

/* Whether `json` contains `needle` (a literal fragment such as "\"kind\":\"api\""). */
static inline int has(const char *json, const char *needle) {
    return json != NULL && strstr(json, needle) != NULL;
}

/* ---- async completions ------------------------------------------------------------------ */

typedef struct {
    pthread_mutex_t mu;
    pthread_cond_t cond;
    int fired;
    int by_status[16];
    LcStatus last_status;
    char last_json[4096];
} Waiter;

static inline void waiter_init(Waiter *w) {
    memset(w, 0, sizeof *w);
    pthread_mutex_init(&w->mu, NULL);
    pthread_cond_init(&w->cond, NULL);
}

static inline void waiter_destroy(Waiter *w) {
    pthread_mutex_destroy(&w->mu);
    pthread_cond_destroy(&w->cond);
}

/* The LcDoneFn of the tests: counts completions by status, keeps the last JSON. */
static inline void on_done(void *user_data, LcStatus status, const char *json) {
    Waiter *w = (Waiter *)user_data;
    pthread_mutex_lock(&w->mu);
    w->fired++;
    if (status >= 0 && status < 16) {
        w->by_status[status]++;
    }
    w->last_status = status;
    snprintf(w->last_json, sizeof w->last_json, "%s", json ? json : "(null)");
    pthread_cond_broadcast(&w->cond);
    pthread_mutex_unlock(&w->mu);
}

/* Waits until `n` callbacks fired or `seconds` passed; returns how many fired. */
static inline int waiter_wait(Waiter *w, int n, int seconds) {
    struct timespec deadline;
    clock_gettime(CLOCK_REALTIME, &deadline);
    deadline.tv_sec += seconds;
    pthread_mutex_lock(&w->mu);
    while (w->fired < n) {
        if (pthread_cond_timedwait(&w->cond, &w->mu, &deadline) != 0) {
            break;
        }
    }
    int fired = w->fired;
    pthread_mutex_unlock(&w->mu);
    return fired;
}

/* ---- a loopback server with canned answers ---------------------------------------------- */

/* Answers one request: the status line's code and the body to send (static or owned by the
 * answer's context), given the request's body and its 1-based number. */
typedef const char *(*RecorderAnswer)(void *ctx, const char *body, int n);

/* A loopback HTTP/1.1 server (keep-alive) that records every request body and answers with
 * `answer` (NULL: `{}`), 200 and application/json. One thread, one connection at a time. */
typedef struct {
    int listen_fd;
    int port;
    pthread_t thread;
    pthread_mutex_t mu;
    RecorderAnswer answer;
    void *answer_ctx;
    int requests;
    char last_body[4096];
    size_t last_len;
} Recorder;

static inline void *recorder_main(void *arg) {
    Recorder *r = (Recorder *)arg;
    for (;;) {
        int fd = accept(r->listen_fd, NULL, NULL);
        if (fd < 0) {
            if (errno == EINTR) {
                continue;
            }
            return NULL;
        }
        for (;;) { /* keep-alive: several requests per connection */
            char buf[8192];
            size_t used = 0;
            char *end = NULL;
            while (end == NULL && used < sizeof buf - 1) {
                ssize_t n = read(fd, buf + used, sizeof buf - 1 - used);
                if (n <= 0) {
                    break;
                }
                used += (size_t)n;
                buf[used] = '\0';
                end = strstr(buf, "\r\n\r\n");
            }
            if (end == NULL) {
                break;
            }
            size_t head = (size_t)(end - buf) + 4;
            size_t len = 0;
            for (char *line = buf; line < end; line = strstr(line, "\r\n") + 2) {
                if (strncasecmp(line, "content-length:", 15) == 0) {
                    len = (size_t)strtoul(line + 15, NULL, 10);
                }
            }
            if (len > sizeof buf - 1 - head) {
                break; /* bigger than these tests send */
            }
            while (used < head + len) {
                ssize_t n = read(fd, buf + used, head + len - used);
                if (n <= 0) {
                    break;
                }
                used += (size_t)n;
            }
            pthread_mutex_lock(&r->mu);
            int number = ++r->requests;
            memcpy(r->last_body, buf + head, len);
            r->last_body[len] = '\0';
            r->last_len = len;
            char body[4096];
            memcpy(body, r->last_body, len + 1);
            pthread_mutex_unlock(&r->mu);
            const char *reply = r->answer ? r->answer(r->answer_ctx, body, number) : "{}";
            char answer[8192];
            int n = snprintf(answer, sizeof answer,
                             "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n"
                             "content-length: %zu\r\n\r\n%s",
                             strlen(reply), reply);
            /* MSG_NOSIGNAL: a client that hung up must not kill the test with SIGPIPE. */
            if (n < 0 || (size_t)n >= sizeof answer ||
                send(fd, answer, (size_t)n, MSG_NOSIGNAL) < 0) {
                break;
            }
        }
        close(fd);
    }
}

/* A listening TCP socket on a free loopback port (stored in `*port`). */
static inline int loopback_listener(int backlog, int *port) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(fd >= 0, "socket");
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(bind(fd, (struct sockaddr *)&addr, sizeof addr) == 0, "bind");
    REQUIRE(listen(fd, backlog) == 0, "listen");
    socklen_t len = sizeof addr;
    REQUIRE(getsockname(fd, (struct sockaddr *)&addr, &len) == 0, "getsockname");
    *port = ntohs(addr.sin_port);
    return fd;
}

/* Stops a server thread blocked in accept() on `listen_fd`: shutting the socket down makes
 * accept fail, so the thread returns and is joined. */
static inline void listener_stop(int listen_fd, pthread_t thread) {
    shutdown(listen_fd, SHUT_RDWR);
    close(listen_fd);
    pthread_join(thread, NULL);
}

/* Starts a recorder on a free loopback port; `answer` NULL answers `{}` to everything. */
static inline void recorder_start(Recorder *r, RecorderAnswer answer, void *answer_ctx) {
    memset(r, 0, sizeof *r);
    pthread_mutex_init(&r->mu, NULL);
    r->answer = answer;
    r->answer_ctx = answer_ctx;
    r->listen_fd = loopback_listener(16, &r->port);
    REQUIRE(pthread_create(&r->thread, NULL, recorder_main, r) == 0, "pthread_create");
}

static inline void recorder_stop(Recorder *r) {
    listener_stop(r->listen_fd, r->thread);
    pthread_mutex_destroy(&r->mu);
}

/* A client for `url` with the test token, no retries and the JSON members in `extra` (each
 * starting with a comma). */
static inline LcClient *client_at_url(const char *url, const char *extra) {
    char config[512];
    snprintf(config, sizeof config,
             "{\"client_id\":\"c-tests\",\"api_url\":\"%s\",\"token\":\"%s\","
             "\"max_retries\":0%s}",
             url, env("LC_TEST_TOKEN"), extra);
    LcClient *client = NULL;
    char *out = NULL;
    LcStatus st = lc_client_new(config, NULL, NULL, NULL, &client, &out);
    REQUIRE(st == LC_STATUS_OK, "lc_client_new: %s %s", lc_status_name(st), out ? out : "");
    lc_string_free(&out);
    return client;
}

/* A client for a recorder with the test token and no retries. */
static inline LcClient *recorder_client(const Recorder *r, const char *extra) {
    char url[64];
    snprintf(url, sizeof url, "http://127.0.0.1:%d", r->port);
    return client_at_url(url, extra);
}

/* ---- the emulator's control endpoints --------------------------------------------------- */

/* Sends `method path` with an optional JSON body to the emulator; returns the HTTP status and,
 * if `response` is not NULL, the body (free with free()). */
static inline int emu_http(const char *method, const char *path, const char *body, char **response) {
    const char *url = env("LC_TEST_URL");
    const char *host = strstr(url, "://");
    host = host ? host + 3 : url;
    const char *colon = strrchr(host, ':');
    int port = colon ? atoi(colon + 1) : 80;
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(fd >= 0, "socket");
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons((uint16_t)port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(connect(fd, (struct sockaddr *)&addr, sizeof addr) == 0, "connect to the emulator");
    char head[512];
    size_t len = body ? strlen(body) : 0;
    int n = snprintf(head, sizeof head,
                     "%s /__emulator/%s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                     "Content-Type: application/json\r\nContent-Length: %zu\r\n\r\n",
                     method, path, len);
    REQUIRE(write(fd, head, (size_t)n) == n, "write head");
    if (len > 0) {
        REQUIRE(write(fd, body, len) == (ssize_t)len, "write body");
    }
    size_t cap = 1 << 16, used = 0;
    char *buf = malloc(cap);
    REQUIRE(buf != NULL, "malloc");
    for (;;) {
        if (used + 4096 > cap) {
            cap *= 2;
            char *bigger = realloc(buf, cap);
            REQUIRE(bigger != NULL, "realloc");
            buf = bigger;
        }
        ssize_t got = read(fd, buf + used, cap - used - 1);
        if (got <= 0) {
            break;
        }
        used += (size_t)got;
    }
    close(fd);
    buf[used] = '\0';
    int status = 0;
    sscanf(buf, "HTTP/1.%*d %d", &status);
    if (response) {
        const char *start = strstr(buf, "\r\n\r\n");
        *response = strdup(start ? start + 4 : "");
    }
    free(buf);
    return status;
}

static inline void emu_reset(void) { REQUIRE(emu_http("POST", "reset", NULL, NULL) == 200, "reset"); }

static inline void emu_fault(const char *fault_json) {
    REQUIRE(emu_http("POST", "faults", fault_json, NULL) == 200, "fault %s", fault_json);
}

#endif /* LC_TEST_COMMON_H */
