/* lc_webhook_parse: every documented webhook sample (tests/fixtures/webhooks, written from the
 * docs by core/tests/webhook_samples.rs) parses with its secret to JSON naming its action and
 * without the secret; a wrong or missing secret, an oversized, non-JSON, non-object or
 * action-less body get their own statuses; the body need not be NUL-terminated. */
#include "common.h"

#include <dirent.h>

static char *read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    REQUIRE(f != NULL, "open %s", path);
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)size + 1);
    REQUIRE(buf != NULL && fread(buf, 1, (size_t)size, f) == (size_t)size, "read %s", path);
    fclose(f);
    buf[size] = '\0';
    *len = (size_t)size;
    return buf;
}

static LcStatus parse(const char *body, size_t len, const char *secret, char **out) {
    return lc_webhook_parse((const uint8_t *)body, len, secret, out);
}

static int every_fixture_parses(void) {
    const char *versions[] = {"v3.3", "v3.4", "v3.5", "v3.6", "v3.7"};
    int parsed = 0;
    for (size_t v = 0; v < sizeof versions / sizeof versions[0]; v++) {
        char dir_path[256];
        snprintf(dir_path, sizeof dir_path, "tests/fixtures/webhooks/%s", versions[v]);
        DIR *dir = opendir(dir_path);
        REQUIRE(dir != NULL, "%s (run from the repository root)", dir_path);
        struct dirent *entry;
        while ((entry = readdir(dir)) != NULL) {
            const char *name = entry->d_name;
            size_t n = strlen(name);
            if (n < 6 || strcmp(name + n - 5, ".json") != 0) {
                continue;
            }
            char path[512];
            snprintf(path, sizeof path, "%s/%s", dir_path, name);
            size_t len = 0;
            char *body = read_file(path, &len);
            char *out = NULL;
            LcStatus st = parse(body, len, "<secret_key>", &out);
            CHECK(st == LC_STATUS_OK, "%s: %s %s", path, lc_status_name(st), out ? out : "");
            /* The file is <action>.json or <action>-<n>.json. */
            char action[128];
            snprintf(action, sizeof action, "\"action\":\"%.*s\"", (int)strcspn(name, "-."), name);
            CHECK(out && has(out, action), "%s: %s not in %s", path, action, out ? out : "");
            CHECK(out && !has(out, "secret_key"), "%s: the secret is dropped", path);
            lc_string_free(&out);
            free(body);
            parsed++;
        }
        closedir(dir);
    }
    return parsed;
}

int main(void) {
    CHECK(every_fixture_parses() >= 178, "every documented sample (178 files)");

    const char *hook = "{\"webhook_id\":\"w\",\"secret_key\":\"s3cret\",\"action\":\"incoming_event\","
                       "\"organization_id\":\"o\",\"payload\":{\"chat_id\":\"C\",\"event\":"
                       "{\"type\":\"message\",\"text\":\"hi\"}}}";
    char *out = NULL;

    /* Not NUL-terminated: only `len` bytes are read. */
    size_t n = strlen(hook);
    char *copy = malloc(n);
    REQUIRE(copy != NULL, "malloc");
    memcpy(copy, hook, n);
    LcStatus st = parse(copy, n, "s3cret", &out);
    CHECK(st == LC_STATUS_OK && out && has(out, "\"text\":\"hi\""), "%s", out ? out : "");
    lc_string_free(&out);
    free(copy);

    /* A known action in an undocumented shape: the payload as sent, and the reason. */
    const char *odd = "{\"secret_key\":\"s3cret\",\"action\":\"incoming_event\","
                      "\"payload\":{\"chat_id\":5}}";
    st = parse(odd, strlen(odd), "s3cret", &out);
    CHECK(st == LC_STATUS_OK && out && has(out, "\"chat_id\":5") && has(out, "\"payload_error\":"),
          "undocumented shape: %s", out ? out : "");
    lc_string_free(&out);

    st = parse(hook, strlen(hook), "other-secret", &out);
    CHECK(st == LC_STATUS_WEBHOOK_SECRET, "wrong secret: %s", lc_status_name(st));
    CHECK(out && !has(out, "s3cret") && !has(out, "other-secret"), "no secret: %s", out);
    lc_string_free(&out);
    const char *unsigned_hook = "{\"action\":\"incoming_event\",\"payload\":{}}";
    st = parse(unsigned_hook, strlen(unsigned_hook), "s3cret", &out);
    CHECK(st == LC_STATUS_WEBHOOK_SECRET, "missing secret: %s", lc_status_name(st));
    lc_string_free(&out);

    const char *bad[] = {"not json", "[1]", "{\"secret_key\":\"s3cret\"}", ""};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        st = parse(bad[i], strlen(bad[i]), "s3cret", &out);
        CHECK(st == LC_STATUS_INVALID_WEBHOOK, "%s: %s %s", bad[i], lc_status_name(st), out);
        lc_string_free(&out);
    }
    size_t big = (1u << 20) + 1;
    char *huge = malloc(big);
    REQUIRE(huge != NULL, "malloc");
    memset(huge, ' ', big);
    st = parse(huge, big, "s3cret", &out);
    CHECK(st == LC_STATUS_INVALID_WEBHOOK && out && has(out, "1048576"), "1 MiB + 1: %s", out);
    lc_string_free(&out);
    free(huge);

    st = lc_webhook_parse(NULL, 0, "s3cret", &out);
    CHECK(st == LC_STATUS_INVALID_WEBHOOK, "an empty body: %s", lc_status_name(st));
    lc_string_free(&out);
    st = lc_webhook_parse(NULL, 5, "s3cret", &out);
    CHECK(st == LC_STATUS_INVALID_ARGUMENT, "NULL body with a length: %s", lc_status_name(st));
    lc_string_free(&out);
    st = parse(hook, strlen(hook), NULL, &out);
    CHECK(st == LC_STATUS_INVALID_ARGUMENT, "NULL secret: %s", lc_status_name(st));
    lc_string_free(&out);
    st = parse(hook, strlen(hook), "", &out);
    CHECK(st == LC_STATUS_INVALID_ARGUMENT, "empty secret: %s", lc_status_name(st));
    lc_string_free(&out);
    st = parse(hook, strlen(hook), "s3cret", NULL);
    CHECK(st == LC_STATUS_OK, "out_json may be NULL: %s", lc_status_name(st));
    return finish("test_webhooks");
}
