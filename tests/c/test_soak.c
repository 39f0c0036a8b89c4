/* A bounded soak through the C async API: LC_SOAK_CALLS (default 50,000) calls with
 * LC_SOAK_INFLIGHT (default 256) in flight on one client, mixed methods (send_event, get_chat,
 * list_chats, list_routing_statuses, a raw send, follow_chat, get_customer, and an expected
 * not_found), against the emulator. Passes when no call failed unexpectedly, every callback fired
 * exactly once, every event acknowledged is in the emulator's state exactly once (and no other
 * soak event is), and RSS while the last calls are in flight is within 10% of RSS half way
 * (LC_SOAK_RSS=0 skips that check, e.g. under valgrind). */
#include "common.h"

#define N_CHATS 64
#define N_FIXED 8
#define CUSTOMER "b7eff798-f8df-4364-8059-649c35c9ed0c"

typedef struct {
    pthread_mutex_t mu;
    pthread_cond_t cond;
    int inflight;
    long done;
    long unexpected;
    long expected_errors;
    long by_kind[20];
    char first_unexpected[512];
} Soak;

typedef struct {
    Soak *soak;
    unsigned char *sent; /* sent[i] = 1 once send_event i was acknowledged */
    long index;
    int kind; /* index % 20 */
    int fired;
} Call;

static Soak g_soak;

static double rss_mib(void) {
    FILE *f = fopen("/proc/self/statm", "r");
    long size = 0, resident = 0;
    if (f != NULL) {
        if (fscanf(f, "%ld %ld", &size, &resident) != 2) {
            resident = 0;
        }
        fclose(f);
    }
    return (double)resident * (double)sysconf(_SC_PAGESIZE) / (1024.0 * 1024.0);
}

/* The callback: checks the outcome, never blocks, frees a slot. */
static void on_call_done(void *user_data, LcStatus status, const char *json) {
    Call *c = (Call *)user_data;
    Soak *s = c->soak;
    int expected_error = c->kind == 18;
    int ok = expected_error ? status == LC_STATUS_API && has(json, "\"type\":\"not_found\"")
                            : status == LC_STATUS_OK;
    if (ok && c->kind < 8) {
        ok = has(json, "\"event_id\":\"");
        if (ok) {
            c->sent[c->index] = 1;
        }
    }
    pthread_mutex_lock(&s->mu);
    c->fired++;
    s->done++;
    s->inflight--;
    s->by_kind[c->kind]++;
    if (!ok) {
        if (s->unexpected++ == 0) {
            snprintf(s->first_unexpected, sizeof s->first_unexpected, "call %ld (kind %d): %s %s",
                     c->index, c->kind, lc_status_name(status), json ? json : "(null)");
        }
    } else if (expected_error) {
        s->expected_errors++;
    }
    pthread_cond_signal(&s->cond);
    pthread_mutex_unlock(&s->mu);
}

static LcStatus start(LcClient *agent, Call *c, char chats[][32], char fixed[][32],
                      char **error) {
    char args[256];
    const char *chat = chats[c->index % N_CHATS];
    const char *method;
    switch (c->kind) {
    case 0: case 1: case 2: case 3: case 4: case 5: case 6: case 7:
        method = "send_event";
        snprintf(args, sizeof args,
                 "{\"chat_id\":\"%s\",\"event\":{\"type\":\"message\",\"text\":\"soak-%ld\","
                 "\"visibility\":\"all\"}}",
                 chat, c->index);
        break;
    case 8: case 9: case 10:
        method = "get_chat";
        snprintf(args, sizeof args, "{\"chat_id\":\"%s\"}", fixed[c->index % N_FIXED]);
        break;
    case 11: case 12: case 13:
        method = "list_chats";
        snprintf(args, sizeof args, "{\"limit\":5}");
        break;
    case 14: case 15:
        method = "list_routing_statuses";
        snprintf(args, sizeof args, "{}");
        break;
    case 16:
        snprintf(args, sizeof args, "{\"chat_id\":\"%s\"}", chat);
        return lc_client_send_async(agent, "list_agents_for_transfer", args, NULL, on_call_done, c,
                                    NULL, error);
    case 17:
        method = "follow_chat";
        snprintf(args, sizeof args, "{\"id\":\"%s\"}", chat);
        break;
    case 18:
        method = "get_chat";
        snprintf(args, sizeof args, "{\"chat_id\":\"NOSUCHCHAT\"}");
        break;
    default:
        method = "get_customer";
        snprintf(args, sizeof args, "{\"id\":\"%s\"}", CUSTOMER);
    }
    return lc_client_call_async(agent, method, args, NULL, on_call_done, c, NULL, error);
}

int main(void) {
    const char *calls_env = getenv("LC_SOAK_CALLS");
    const char *inflight_env = getenv("LC_SOAK_INFLIGHT");
    const char *rss_env = getenv("LC_SOAK_RSS");
    long calls = calls_env ? atol(calls_env) : 50000;
    int inflight = inflight_env ? atoi(inflight_env) : 256;
    int check_rss = !(rss_env && strcmp(rss_env, "0") == 0);
    REQUIRE(calls >= 2L * inflight && inflight > 0, "LC_SOAK_CALLS >= 2 * LC_SOAK_INFLIGHT > 0");

    emu_reset();
    LcClient *agent = client_with("3.6", ",\"timeout\":60");
    static char chats[N_CHATS][32], fixed[N_FIXED][32];
    for (int i = 0; i < N_CHATS + N_FIXED; i++) {
        char *out = call_ok(agent, "start_chat", NULL);
        char *id = i < N_CHATS ? chats[i] : fixed[i - N_CHATS];
        REQUIRE(json_str(out, "chat_id", id, 32), "start_chat: %s", out ? out : "NULL");
        lc_string_free(&out);
    }
    /* get_chat reads chats whose size never changes: the work per call stays the same. */
    for (int i = 0; i < N_FIXED; i++) {
        for (int n = 0; n < 5; n++) {
            char args[256];
            snprintf(args, sizeof args,
                     "{\"chat_id\":\"%s\",\"event\":{\"type\":\"message\",\"text\":\"fixed-%d\"}}",
                     fixed[i], n);
            char *out = call_ok(agent, "send_event", args);
            lc_string_free(&out);
        }
    }

    Call *ctx = calloc((size_t)calls, sizeof *ctx);
    unsigned char *sent = calloc((size_t)calls, 1);
    REQUIRE(ctx != NULL && sent != NULL, "calloc");
    Soak *s = &g_soak;
    memset(s, 0, sizeof *s);
    pthread_mutex_init(&s->mu, NULL);
    pthread_cond_init(&s->cond, NULL);

    double rss_half = 0, rss_last = 0, rss_start = rss_mib();
    long start_failures = 0;
    double t0 = now_s();
    for (long i = 0; i < calls; i++) {
        pthread_mutex_lock(&s->mu);
        while (s->inflight >= inflight) {
            pthread_cond_wait(&s->cond, &s->mu);
        }
        s->inflight++;
        pthread_mutex_unlock(&s->mu);
        if (i == calls / 2) {
            rss_half = rss_mib();
        }
        if (i == calls - 1) {
            rss_last = rss_mib();
        }
        Call *c = &ctx[i];
        c->soak = s;
        c->sent = sent;
        c->index = i;
        c->kind = (int)(i % 20);
        char *error = NULL;
        LcStatus st = start(agent, c, chats, fixed, &error);
        if (st != LC_STATUS_OK) {
            if (start_failures++ == 0) {
                fprintf(stderr, "call %ld (kind %d) did not start: %s %s\n", i, c->kind,
                        lc_status_name(st), error ? error : "");
            }
            lc_string_free(&error);
            pthread_mutex_lock(&s->mu);
            s->inflight--;
            pthread_mutex_unlock(&s->mu);
        }
    }
    /* Wait for the tail, at most 120 s. */
    struct timespec deadline;
    clock_gettime(CLOCK_REALTIME, &deadline);
    deadline.tv_sec += 120;
    pthread_mutex_lock(&s->mu);
    while (s->done < calls - start_failures) {
        if (pthread_cond_timedwait(&s->cond, &s->mu, &deadline) != 0) {
            break;
        }
    }
    long done = s->done;
    pthread_mutex_unlock(&s->mu);
    double seconds = now_s() - t0;

    CHECK(start_failures == 0, "%ld calls could not start", start_failures);
    CHECK(done == calls, "%ld of %ld callbacks fired", done, calls);
    CHECK(s->unexpected == 0, "%ld unexpected outcomes; first: %s", s->unexpected,
          s->first_unexpected);
    long expected_errors = calls / 20 + (calls % 20 > 18 ? 1 : 0);
    CHECK(s->expected_errors == expected_errors, "%ld expected not_found, want %ld",
          s->expected_errors, expected_errors);
    long twice = 0;
    for (long i = 0; i < calls; i++) {
        if (ctx[i].fired != 1) {
            twice++;
        }
    }
    CHECK(twice == 0, "%ld callbacks did not fire exactly once", twice);

    /* Every acknowledged event is stored exactly once, and no other soak event exists. */
    char *state = NULL;
    REQUIRE(emu_http("GET", "state", NULL, &state) == 200, "GET state");
    unsigned short *stored = calloc((size_t)calls, sizeof *stored);
    REQUIRE(stored != NULL, "calloc");
    long foreign = 0;
    for (const char *p = strstr(state, "\"soak-"); p != NULL; p = strstr(p + 1, "\"soak-")) {
        char *end = NULL;
        long i = strtol(p + 6, &end, 10);
        if (end == NULL || *end != '"') {
            continue;
        }
        if (i < 0 || i >= calls) {
            foreign++;
        } else if (stored[i] < 65535) {
            stored[i]++;
        }
    }
    long acknowledged = 0, missing = 0, duplicated = 0, unreported = 0;
    for (long i = 0; i < calls; i++) {
        acknowledged += sent[i];
        if (sent[i] && stored[i] == 0) {
            missing++;
        } else if (stored[i] > 1) {
            duplicated++;
        } else if (!sent[i] && stored[i] > 0) {
            unreported++;
        }
    }
    CHECK(acknowledged == (calls / 20) * 8 + (calls % 20 < 8 ? calls % 20 : 8),
          "%ld events acknowledged", acknowledged);
    CHECK(missing == 0 && duplicated == 0 && unreported == 0 && foreign == 0,
          "events: %ld missing, %ld stored twice, %ld stored but not acknowledged, %ld unknown",
          missing, duplicated, unreported, foreign);
    free(stored);
    free(state);

    printf("soak (C async): %ld calls, %d in flight, %.2f s (%.0f calls/s), %ld events stored "
           "once each, %ld expected errors; RSS MiB start %.1f, half %.1f, last %.1f\n",
           calls, inflight, seconds, (double)calls / seconds, acknowledged, s->expected_errors,
           rss_start, rss_half, rss_last);
    if (check_rss) {
        CHECK(rss_last <= rss_half * 1.10, "RSS grew from %.1f MiB half way to %.1f MiB", rss_half,
              rss_last);
    }
    lc_client_free(&agent);
    pthread_mutex_destroy(&s->mu);
    pthread_cond_destroy(&s->cond);
    free(ctx);
    free(sent);
    return finish("test_soak");
}
