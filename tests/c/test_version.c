/* The header's version macros name the library it is linked with: LC_VERSION_MAJOR/MINOR/PATCH,
 * LC_VERSION_NUM and LC_VERSION against lc_version() at run time. */
#include "common.h"

/* Usable by the preprocessor, as a host's feature checks need. */
#if !defined(LC_VERSION_NUM) || LC_VERSION_NUM != \
    ((LC_VERSION_MAJOR << 16) | (LC_VERSION_MINOR << 8) | LC_VERSION_PATCH)
#error "LC_VERSION_NUM is not 0xMMmmpp of LC_VERSION_MAJOR/MINOR/PATCH"
#endif

int main(void) {
    const char *version = lc_version();
    REQUIRE(version != NULL, "lc_version() is not NULL");
    CHECK(strcmp(version, LC_VERSION) == 0, "lc_version() %s, LC_VERSION %s", version,
          LC_VERSION);
    unsigned major = 0, minor = 0, patch = 0;
    CHECK(sscanf(version, "%u.%u.%u", &major, &minor, &patch) == 3, "parse %s", version);
    CHECK(major == LC_VERSION_MAJOR && minor == LC_VERSION_MINOR && patch == LC_VERSION_PATCH,
          "lc_version() %s, macros %d.%d.%d", version, LC_VERSION_MAJOR, LC_VERSION_MINOR,
          LC_VERSION_PATCH);
    CHECK((unsigned long)LC_VERSION_NUM == ((major << 16) | (minor << 8) | patch),
          "LC_VERSION_NUM 0x%06lx", (unsigned long)LC_VERSION_NUM);
    return finish("test_version");
}
