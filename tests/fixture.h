/* SPDX-License-Identifier: MIT */
/*
 * fixture.h - helpers shared by the Check unit tests: temporary
 * directories, files written from strings, and the test data directory.
 * Header-only (static functions) so each check_*.c stays one program.
 */
#ifndef ND_TEST_FIXTURE_H
#define ND_TEST_FIXTURE_H

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "newsdex.h"

/* A fresh directory under $TMPDIR (or /tmp); the path is static storage
 * valid until the next call. */
static inline const char *
fx_tmpdir(void)
{
    static char path[4096];
    const char *base = getenv("TMPDIR");
    snprintf(path, sizeof path, "%s/ndtest.XXXXXX",
             base != NULL && *base ? base : "/tmp");
    ck_assert_msg(mkdtemp(path) != NULL, "mkdtemp: %s", strerror(errno));
    return path;
}

/* Remove a directory tree (test scratch only). */
static inline void
fx_rmtree(const char *path)
{
    char cmd[4200];
    if (path == NULL || strncmp(path, "/", 1) != 0 ||
        strstr(path, "ndtest.") == NULL)
        return; /* only our own scratch directories */
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", path);
    if (system(cmd) != 0)
        fprintf(stderr, "warning: could not remove %s\n", path);
}

/* Write 'len' bytes to dir/name (creating parent directories); returns the
 * full path in static storage valid until the next call. */
static inline const char *
fx_write(const char *dir, const char *name, const void *data, size_t len)
{
    static char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    for (char *p = path + strlen(dir) + 1; *p; p++) {
        if (*p == '/') {
            *p = '\0';
            mkdir(path, 0755);
            *p = '/';
        }
    }
    FILE *f = fopen(path, "wb");
    ck_assert_msg(f != NULL, "cannot write %s: %s", path, strerror(errno));
    ck_assert_uint_eq(fwrite(data, 1, len, f), len);
    ck_assert_int_eq(fclose(f), 0);
    return path;
}

static inline const char *
fx_write_str(const char *dir, const char *name, const char *text)
{
    return fx_write(dir, name, text, strlen(text));
}

/* The path of a file in tests/data ($ND_TEST_DATA, set by make check). */
static inline const char *
fx_data(const char *name)
{
    static char path[4096];
    const char *dir = getenv("ND_TEST_DATA");
    snprintf(path, sizeof path, "%s/%s", dir != NULL ? dir : "tests/data",
             name);
    return path;
}

/* Read a whole file into malloc'd memory (NUL-terminated). */
static inline char *
fx_slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    ck_assert_msg(f != NULL, "cannot read %s: %s", path, strerror(errno));
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    ck_assert_ptr_nonnull(buf);
    size_t k;
    while ((k = fread(buf + n, 1, cap - n - 1, f)) > 0) {
        n += k;
        if (cap - n - 1 == 0) {
            cap *= 2;
            buf = realloc(buf, cap);
            ck_assert_ptr_nonnull(buf);
        }
    }
    fclose(f);
    buf[n] = '\0';
    if (len != NULL)
        *len = n;
    return buf;
}

/* Run one suite and return the process exit status. */
static inline int
fx_run(Suite *s)
{
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

#endif /* ND_TEST_FIXTURE_H */
