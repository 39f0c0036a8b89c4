/* Status values are ABI: every one is pinned here (and in ffi-c/src/status.rs), so renumbering,
 * renaming or removing one fails to compile or fails this test. Values outside the list are
 * named LC_STATUS_UNKNOWN. */
#include "common.h"

/* A renumbering fails the build, before any test runs. */
_Static_assert(LC_STATUS_OK == 0, "LC_STATUS_OK");
_Static_assert(LC_STATUS_API == 1, "LC_STATUS_API");
_Static_assert(LC_STATUS_TRANSPORT == 2, "LC_STATUS_TRANSPORT");
_Static_assert(LC_STATUS_TIMEOUT == 3, "LC_STATUS_TIMEOUT");
_Static_assert(LC_STATUS_DECODE == 4, "LC_STATUS_DECODE");
_Static_assert(LC_STATUS_TOKEN == 5, "LC_STATUS_TOKEN");
_Static_assert(LC_STATUS_UNSUPPORTED_METHOD == 6, "LC_STATUS_UNSUPPORTED_METHOD");
_Static_assert(LC_STATUS_INVALID_ARGUMENT == 7, "LC_STATUS_INVALID_ARGUMENT");
_Static_assert(LC_STATUS_CANCELLED == 8, "LC_STATUS_CANCELLED");
_Static_assert(LC_STATUS_CLOSED == 9, "LC_STATUS_CLOSED");
_Static_assert(LC_STATUS_RUNTIME == 10, "LC_STATUS_RUNTIME");
_Static_assert(LC_STATUS_INTERNAL == 11, "LC_STATUS_INTERNAL");
_Static_assert(LC_STATUS_PANIC == 12, "LC_STATUS_PANIC");
_Static_assert(LC_STATUS_INVALID_WEBHOOK == 13, "LC_STATUS_INVALID_WEBHOOK");
_Static_assert(LC_STATUS_WEBHOOK_SECRET == 14, "LC_STATUS_WEBHOOK_SECRET");

static const struct {
    int value;
    const char *name;
} PINNED[] = {
    {0, "LC_STATUS_OK"},
    {1, "LC_STATUS_API"},
    {2, "LC_STATUS_TRANSPORT"},
    {3, "LC_STATUS_TIMEOUT"},
    {4, "LC_STATUS_DECODE"},
    {5, "LC_STATUS_TOKEN"},
    {6, "LC_STATUS_UNSUPPORTED_METHOD"},
    {7, "LC_STATUS_INVALID_ARGUMENT"},
    {8, "LC_STATUS_CANCELLED"},
    {9, "LC_STATUS_CLOSED"},
    {10, "LC_STATUS_RUNTIME"},
    {11, "LC_STATUS_INTERNAL"},
    {12, "LC_STATUS_PANIC"},
    {13, "LC_STATUS_INVALID_WEBHOOK"},
    {14, "LC_STATUS_WEBHOOK_SECRET"},
};

int main(void) {
    size_t pinned = sizeof PINNED / sizeof PINNED[0];
    for (size_t i = 0; i < pinned; i++) {
        const char *name = lc_status_name(PINNED[i].value);
        CHECK(name != NULL && strcmp(name, PINNED[i].name) == 0, "%d is %s, not %s",
              PINNED[i].value, name ? name : "NULL", PINNED[i].name);
    }
    /* Every other value in the ranges, and outside them, is unknown: a caller treats it as an
     * error. A new status must be added to PINNED (and to the Rust table) with a new value. */
    int unknown_ok = 1;
    for (int v = -2; v <= 256; v++) {
        const char *name = lc_status_name(v);
        int is_pinned = v >= 0 && (size_t)v < pinned;
        if (!is_pinned && (name == NULL || strcmp(name, "LC_STATUS_UNKNOWN") != 0)) {
            unknown_ok = 0;
            CHECK(0, "%d is named %s; a new status needs a line in PINNED", v,
                  name ? name : "NULL");
        }
    }
    CHECK(unknown_ok, "unknown values");
    CHECK(strcmp(lc_status_name(INT32_MAX), "LC_STATUS_UNKNOWN") == 0, "INT32_MAX");
    CHECK(strcmp(lc_status_name(INT32_MIN), "LC_STATUS_UNKNOWN") == 0, "INT32_MIN");
    return finish("test_status");
}
