/* Benchmark driver for the C library (liblivechat), one client per process:
 *
 *   bench --client blocking|async --url URL [--mode seq|conc] [--calls N] [--concurrency C]
 *         [--warmup W] [--ca PEM] [--token T]
 *
 * blocking: lc_client_call from `concurrency` pthreads (one thread for seq).
 * async:    lc_client_call_async with `concurrency` calls in flight (10,000 in the wide mode);
 *           each callback records its call's latency and starts the next one (seq: one call at a
 *           time, the main thread waits).
 * Every response's event_id is checked. Prints one JSON line like the other drivers.
 * Built by bench/run with `cc -O2` against include/livechat.h and target/release/liblivechat.so. */
#define _GNU_SOURCE
#include <livechat.h>

#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

static const char *ARGS =
    "{\"chat_id\":\"PJ0MRSHTDG\",\"event\":{\"type\":\"message\",\"text\":\"hello\","
    "\"visibility\":\"all\"}}";

static uint64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static double cpu_seconds(void) {
    struct rusage r;
    getrusage(RUSAGE_SELF, &r);
    return (double)(r.ru_utime.tv_sec + r.ru_stime.tv_sec) +
           (double)(r.ru_utime.tv_usec + r.ru_stime.tv_usec) / 1e6;
}

/* The response is `{"event_id":"…"}`: find the key and compare its string value. */
static int event_id_ok(const char *json) {
    const char *key = json ? strstr(json, "\"event_id\"") : NULL;
    if (!key) return 0;
    const char *p = key + strlen("\"event_id\"");
    while (*p == ' ' || *p == ':') p++;
    return strncmp(p, "\"Q20N9CKRX2\"", 12) == 0;
}

typedef struct {
    LcClient *agent;
    long calls;
    atomic_long next;     /* calls handed out */
    atomic_long done;     /* calls finished: each takes its latency slot from this counter */
    atomic_long recorded; /* calls whose slot and error are written (the waiter's condition) */
    atomic_long errors;
    uint64_t *lat_ns;     /* one slot per finished call */
    char first_error[256];
    atomic_int have_error;
    pthread_mutex_t mu;
    pthread_cond_t cv;
} Phase;

static void record(Phase *ph, uint64_t t0, int ok, const char *json) {
    uint64_t dt = now_ns() - t0;
    long i = atomic_fetch_add(&ph->done, 1);
    ph->lat_ns[i] = dt;
    if (!ok) {
        atomic_fetch_add(&ph->errors, 1);
        if (atomic_exchange(&ph->have_error, 1) == 0)
            snprintf(ph->first_error, sizeof ph->first_error, "%s", json ? json : "(null)");
    }
    /* Counted after the writes: the last call to finish is not always the last to write its
     * slot, and the main thread sorts the slots as soon as it wakes. */
    if (atomic_fetch_add(&ph->recorded, 1) + 1 == ph->calls) {
        pthread_mutex_lock(&ph->mu);
        pthread_cond_broadcast(&ph->cv);
        pthread_mutex_unlock(&ph->mu);
    }
}

/* -- blocking ---------------------------------------------------------------------------------- */

static void *blocking_worker(void *arg) {
    Phase *ph = arg;
    while (atomic_fetch_add(&ph->next, 1) < ph->calls) {
        char *json = NULL;
        uint64_t t0 = now_ns();
        LcStatus st = lc_client_call(ph->agent, "send_event", ARGS, NULL, &json);
        record(ph, t0, st == LC_STATUS_OK && event_id_ok(json), json);
        lc_string_free(&json);
    }
    return NULL;
}

static void run_blocking(Phase *ph, int threads) {
    pthread_t *t = calloc((size_t)threads, sizeof *t);
    for (int i = 0; i < threads; i++) pthread_create(&t[i], NULL, blocking_worker, ph);
    for (int i = 0; i < threads; i++) pthread_join(t[i], NULL);
    free(t);
}

/* -- async ------------------------------------------------------------------------------------- */

typedef struct {
    Phase *ph;
    uint64_t t0;
} Slot;

static void on_done(void *user_data, LcStatus status, const char *json);

/* Starts the next call on `slot`, if any are left. */
static void start_next(Slot *slot) {
    Phase *ph = slot->ph;
    if (atomic_fetch_add(&ph->next, 1) >= ph->calls) return;
    slot->t0 = now_ns();
    char *err = NULL;
    LcStatus st = lc_client_call_async(ph->agent, "send_event", ARGS, NULL, on_done, slot, NULL, &err);
    if (st != LC_STATUS_OK) {
        record(ph, slot->t0, 0, err);
        lc_string_free(&err);
        start_next(slot);
    }
}

static void on_done(void *user_data, LcStatus status, const char *json) {
    Slot *slot = user_data;
    record(slot->ph, slot->t0, status == LC_STATUS_OK && event_id_ok(json), json);
    start_next(slot);
}

static void run_async(Phase *ph, int in_flight) {
    Slot *slots = calloc((size_t)in_flight, sizeof *slots);
    for (int i = 0; i < in_flight; i++) {
        slots[i].ph = ph;
        start_next(&slots[i]);
    }
    pthread_mutex_lock(&ph->mu);
    while (atomic_load(&ph->recorded) < ph->calls) pthread_cond_wait(&ph->cv, &ph->mu);
    pthread_mutex_unlock(&ph->mu);
    /* `slots` is not freed: the last callback may still be returning from start_next. */
}

/* -- phases and output ------------------------------------------------------------------------- */

static double run_phase(Phase *ph, LcClient *agent, const char *client, long calls, int conc) {
    memset(ph, 0, sizeof *ph);
    ph->agent = agent;
    ph->calls = calls;
    ph->lat_ns = calloc((size_t)calls, sizeof *ph->lat_ns);
    pthread_mutex_init(&ph->mu, NULL);
    pthread_cond_init(&ph->cv, NULL);
    uint64_t t0 = now_ns();
    if (strcmp(client, "blocking") == 0)
        run_blocking(ph, conc);
    else
        run_async(ph, conc);
    return (double)(now_ns() - t0) / 1e9;
}

/* VmHWM of this process (ru_maxrss would include the forked parent's pages). */
static long peak_rss_kb(void) {
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long kb = -1;
    while (f && fgets(line, sizeof line, f))
        if (strncmp(line, "VmHWM:", 6) == 0) kb = atol(line + 6);
    if (f) fclose(f);
    return kb;
}

static int cmp_u64(const void *a, const void *b) {
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static double pct(const uint64_t *sorted, long n, double p) {
    if (n == 0) return 0;
    long rank = (long)ceil(p * (double)n);
    if (rank < 1) rank = 1;
    if (rank > n) rank = n;
    return (double)sorted[rank - 1] / 1000.0;
}

static void json_escape(const char *s, char *out, size_t cap) {
    size_t j = 0;
    for (; *s && j + 7 < cap; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\') {
            out[j++] = '\\';
            out[j++] = (char)c;
        } else if (c < 0x20) {
            j += (size_t)snprintf(out + j, cap - j, "\\u%04x", c);
        } else {
            out[j++] = (char)c;
        }
    }
    out[j] = 0;
}

int main(int argc, char **argv) {
    const char *client = NULL, *url = NULL, *mode = "conc", *ca = NULL, *token = "bench-token";
    long calls = 1000, warmup = 200;
    int conc = 64;
    for (int i = 1; i + 1 < argc; i += 2) {
        const char *k = argv[i], *v = argv[i + 1];
        if (!strcmp(k, "--client")) client = v;
        else if (!strcmp(k, "--url")) url = v;
        else if (!strcmp(k, "--mode")) mode = v;
        else if (!strcmp(k, "--calls")) calls = atol(v);
        else if (!strcmp(k, "--concurrency")) conc = atoi(v);
        else if (!strcmp(k, "--warmup")) warmup = atol(v);
        else if (!strcmp(k, "--ca")) ca = v;
        else if (!strcmp(k, "--token")) token = v;
        else {
            fprintf(stderr, "bench: unknown option %s\n", k);
            return 2;
        }
    }
    if (!client || !url || (strcmp(client, "blocking") && strcmp(client, "async"))) {
        fprintf(stderr, "bench: --client blocking|async and --url are required\n");
        return 2;
    }
    if (!strcmp(mode, "seq")) conc = 1;

    char config[2048];
    snprintf(config, sizeof config,
             "{\"client_id\":\"bench\",\"api_url\":\"%s\",\"version\":\"3.6\",\"token\":\"%s\"%s%s%s}",
             url, token, ca ? ",\"ca_file\":\"" : "", ca ? ca : "", ca ? "\"" : "");
    LcClient *agent = NULL;
    char *out = NULL;
    if (lc_client_new(config, NULL, NULL, NULL, &agent, &out) != LC_STATUS_OK) {
        fprintf(stderr, "bench: lc_client_new: %s\n", out);
        return 1;
    }
    lc_string_free(&out);

    /* Separate phases: a callback of the warm-up may still be returning while the timed one
     * starts. */
    static Phase warm, ph;
    if (warmup > 0) {
        run_phase(&warm, agent, client, warmup, conc < warmup ? conc : (int)warmup);
        if (atomic_load(&warm.errors) == warmup) {
            fprintf(stderr, "bench: warm-up failed: %s\n", warm.first_error);
            return 1;
        }
    }
    double cpu0 = cpu_seconds();
    double elapsed = run_phase(&ph, agent, client, calls, conc);
    double cpu = cpu_seconds() - cpu0;

    long n = atomic_load(&ph.done);
    qsort(ph.lat_ns, (size_t)n, sizeof *ph.lat_ns, cmp_u64);
    double sum = 0;
    for (long i = 0; i < n; i++) sum += (double)ph.lat_ns[i];
    char err[600] = "null";
    if (atomic_load(&ph.have_error)) {
        char esc[560];
        json_escape(ph.first_error, esc, sizeof esc);
        snprintf(err, sizeof err, "\"%s\"", esc);
    }
    printf("{\"calls\":%ld,\"errors\":%ld,\"first_error\":%s,\"elapsed_s\":%.6f,\"cpu_s\":%.6f,"
           "\"lat_mean_us\":%.3f,\"lat_p50_us\":%.3f,\"lat_p99_us\":%.3f,\"rss_peak_kb\":%ld}\n",
           n, atomic_load(&ph.errors), err, elapsed, cpu, n ? sum / (double)n / 1000.0 : 0.0,
           pct(ph.lat_ns, n, 0.50), pct(ph.lat_ns, n, 0.99), peak_rss_kb());
    free(ph.lat_ns);
    lc_client_free(&agent);
    return 0;
}
