/* SIGPIPE never kills the host. With SIGPIPE at its default action (terminate, as in most C
 * programs), a request body written to a server that has closed must end as a status, not as
 * death by signal 13 (exit status 141): the emulator answers 413 after 32 MB and closes while a
 * 50 MB raw send is still being written; a local server thread reads the request head and then
 * closes the connection (plain close, and reset with SO_LINGER 0) while the body is written.
 * Blocking calls (they write on the caller's thread) and async calls (library threads), raw
 * sends and uploads. Afterwards SIGPIPE's disposition is still SIG_DFL, the thread's mask does
 * not block it, and no SIGPIPE is pending. LC_SIGPIPE_ROUNDS scales the repetitions (default 20
 * for the 9 MB uploads; the 50 MB sends run max(1, rounds / 10) times); LC_SIGPIPE_ONLY=text
 * runs only the steps whose name contains `text`. */
#include "common.h"

#include <errno.h>
#include <signal.h>

/* ---- a server that closes while the body is written --------------------------------------- */

typedef struct {
    int listen_fd;
    int port;
    int reset; /* 1: SO_LINGER 0 (RST); 0: plain close */
    pthread_t thread;
} Closer;

static void *closer_main(void *arg) {
    Closer *c = (Closer *)arg;
    for (;;) {
        int fd = accept(c->listen_fd, NULL, NULL);
        if (fd < 0) {
            if (errno == EINTR) {
                continue;
            }
            return NULL; /* the listening socket was shut down */
        }
        /* Read the request head (up to the blank line), then close with the body unread. */
        char buf[4096];
        char last4[4] = {0, 0, 0, 0};
        int done = 0;
        while (!done) {
            ssize_t n = read(fd, buf, sizeof buf);
            if (n <= 0) {
                break;
            }
            for (ssize_t i = 0; i < n && !done; i++) {
                memmove(last4, last4 + 1, 3);
                last4[3] = buf[i];
                done = memcmp(last4, "\r\n\r\n", 4) == 0;
            }
        }
        if (c->reset) {
            struct linger lg = {1, 0};
            setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
        }
        close(fd);
    }
}

static void closer_start(Closer *c, int reset) {
    memset(c, 0, sizeof *c);
    c->reset = reset;
    c->listen_fd = loopback_listener(64, &c->port);
    REQUIRE(pthread_create(&c->thread, NULL, closer_main, c) == 0, "pthread_create");
}

static void closer_stop(Closer *c) { listener_stop(c->listen_fd, c->thread); }

/* ---- clients and bodies -------------------------------------------------------------------- */

static LcClient *client_at(const char *url) { return client_at_url(url, ",\"timeout\":60"); }

/* `{"x":"aaaa…"}` of `size` bytes. */
static char *big_body(size_t size) {
    char *body = malloc(size + 1);
    REQUIRE(body != NULL, "malloc %zu", size);
    memset(body, 'a', size);
    memcpy(body, "{\"x\":\"", 6);
    memcpy(body + size - 2, "\"}", 2);
    body[size] = '\0';
    return body;
}

/* LC_SIGPIPE_ONLY=text runs only the steps whose name contains `text`. */
static const char *g_only = NULL;

/* Whether to run the step `what`; names it first (a death by SIGPIPE shows where). */
static int step(const char *what) {
    if (g_only != NULL && strstr(what, g_only) == NULL) {
        return 0;
    }
    printf("  %s\n", what);
    fflush(stdout);
    return 1;
}

/* A failure the caller can handle: the API's 413 or a transport error. */
static int handled(LcStatus st) { return st == LC_STATUS_API || st == LC_STATUS_TRANSPORT; }

static void send_blocking(LcClient *client, const char *body, const char *what) {
    if (!step(what)) {
        return;
    }
    char *out = NULL;
    LcStatus st = lc_client_send(client, "send_event", body, NULL, &out);
    CHECK(handled(st), "%s: %s %.200s", what, lc_status_name(st), out ? out : "");
    lc_string_free(&out);
}

static void send_async(LcClient *client, const char *body, const char *what) {
    if (!step(what)) {
        return;
    }
    Waiter w;
    waiter_init(&w);
    char *err = NULL;
    LcStatus st = lc_client_send_async(client, "send_event", body, NULL, on_done, &w, NULL, &err);
    CHECK(st == LC_STATUS_OK, "%s: start %s %s", what, lc_status_name(st), err ? err : "");
    lc_string_free(&err);
    if (st == LC_STATUS_OK) {
        CHECK(waiter_wait(&w, 1, 120) == 1, "%s: the callback fired", what);
        CHECK(handled(w.last_status), "%s: %s %.200s", what, lc_status_name(w.last_status),
              w.last_json);
    }
    waiter_destroy(&w);
}

static void upload_blocking(LcClient *client, const uint8_t *data, size_t len, int expect_fail,
                            const char *what) {
    if (!step(what)) {
        return;
    }
    char *out = NULL;
    LcUploadSource src = src_data(data, len, "big.bin");
    LcStatus st = lc_client_upload(client, &src, NULL, &out);
    if (expect_fail) {
        CHECK(handled(st), "%s: %s %.200s", what, lc_status_name(st), out ? out : "");
    } else {
        CHECK(st == LC_STATUS_OK || handled(st), "%s: %s %.200s", what, lc_status_name(st),
              out ? out : "");
    }
    lc_string_free(&out);
}

static void upload_async(LcClient *client, const uint8_t *data, size_t len, const char *what) {
    if (!step(what)) {
        return;
    }
    Waiter w;
    waiter_init(&w);
    LcUploadSource src = src_data(data, len, "big.bin");
    LcStatus st = lc_client_upload_async(client, &src, NULL, on_done, &w, NULL, NULL);
    CHECK(st == LC_STATUS_OK, "%s: start %s", what, lc_status_name(st));
    if (st == LC_STATUS_OK) {
        CHECK(waiter_wait(&w, 1, 120) == 1, "%s: the callback fired", what);
        CHECK(handled(w.last_status), "%s: %s %.200s", what, lc_status_name(w.last_status),
              w.last_json);
    }
    waiter_destroy(&w);
}

/* SIGPIPE is still SIG_DFL, not blocked in this thread, and not pending. */
static void check_signal_state(const char *when) {
    struct sigaction sa;
    REQUIRE(sigaction(SIGPIPE, NULL, &sa) == 0, "sigaction");
    CHECK(sa.sa_handler == SIG_DFL, "%s: the disposition of SIGPIPE was changed", when);
    sigset_t mask;
    REQUIRE(pthread_sigmask(SIG_BLOCK, NULL, &mask) == 0, "pthread_sigmask");
    CHECK(!sigismember(&mask, SIGPIPE), "%s: SIGPIPE is left blocked in the caller's thread",
          when);
    sigset_t pending;
    REQUIRE(sigpending(&pending) == 0, "sigpending");
    CHECK(!sigismember(&pending, SIGPIPE), "%s: a SIGPIPE is left pending", when);
}

int main(void) {
    /* The host keeps the default action: a delivered SIGPIPE terminates the process. */
    signal(SIGPIPE, SIG_DFL);
    sigset_t unblock;
    sigemptyset(&unblock);
    sigaddset(&unblock, SIGPIPE);
    pthread_sigmask(SIG_UNBLOCK, &unblock, NULL);

    g_only = getenv("LC_SIGPIPE_ONLY");
    if (g_only != NULL && g_only[0] == '\0') {
        g_only = NULL;
    }
    const char *r = getenv("LC_SIGPIPE_ROUNDS");
    int rounds = r && r[0] ? atoi(r) : 20;
    REQUIRE(rounds > 0, "LC_SIGPIPE_ROUNDS");
    int big_rounds = rounds / 10 > 0 ? rounds / 10 : 1;

    char *body50 = big_body((size_t)50 * 1024 * 1024);
    size_t len9 = (size_t)9 * 1024 * 1024;
    uint8_t *data9 = malloc(len9);
    REQUIRE(data9 != NULL, "malloc");
    memset(data9, 'b', len9);

    /* 1. The emulator: 413 after 32 MB, then the connection closes under the writer. */
    emu_reset();
    LcClient *emu = client_at(env("LC_TEST_URL"));
    for (int i = 0; i < big_rounds; i++) {
        send_blocking(emu, body50, "emulator, 50 MB raw send, blocking");
        send_async(emu, body50, "emulator, 50 MB raw send, async");
    }
    for (int i = 0; i < rounds; i++) {
        upload_blocking(emu, data9, len9, 0, "emulator, 9 MB upload, blocking");
    }
    lc_client_free(&emu);
    check_signal_state("after the emulator calls");

    /* 2. A server that reads the request head and closes (plain, then reset). */
    for (int reset = 0; reset <= 1; reset++) {
        Closer closer;
        closer_start(&closer, reset);
        char url[64];
        snprintf(url, sizeof url, "http://127.0.0.1:%d", closer.port);
        LcClient *client = client_at(url);
        const char *how = reset ? "reset" : "closed";
        char what[128];
        for (int i = 0; i < big_rounds; i++) {
            snprintf(what, sizeof what, "%s by the server, 50 MB raw send, blocking", how);
            send_blocking(client, body50, what);
            snprintf(what, sizeof what, "%s by the server, 50 MB raw send, async", how);
            send_async(client, body50, what);
        }
        for (int i = 0; i < rounds; i++) {
            snprintf(what, sizeof what, "%s by the server, 9 MB upload, blocking", how);
            upload_blocking(client, data9, len9, 1, what);
        }
        snprintf(what, sizeof what, "%s by the server, 9 MB upload, async", how);
        upload_async(client, data9, len9, what);
        lc_client_free(&client);
        closer_stop(&closer);
        check_signal_state(reset ? "after the reset server" : "after the closing server");
    }

    free(body50);
    free(data9);
    return finish("test_sigpipe");
}
