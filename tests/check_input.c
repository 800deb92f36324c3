/* SPDX-License-Identifier: MIT */
/*
 * check_input.c - reading untrusted source files (caps, links, FIFOs,
 * directories) and gunzip (multi-member, truncated, trailing garbage,
 * decompression bombs), also keeping the whole members of torn data.
 */
#include <config.h>

#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <zlib.h>

#include "fixture.h"
#include "input.h"
#include "ndi.h"
#include "newsdex.h"

static const char *tmp; /* fx_tmpdir()'s static storage */
static ndi_hdr hdr;
static nd_buf *raw;
static nd_filestate fs;
static const nd_limits deflim = ND_LIMITS_INIT;

static void
setup(void)
{
    tmp = fx_tmpdir();
    ndi_hdr_init(&hdr);
    ck_assert_int_eq(nd_buf_new(&raw), ND_OK);
    memset(&fs, 0x5a, sizeof fs);
}

static void
teardown(void)
{
    nd_buf_free(raw);
    raw = NULL;
    fx_rmtree(tmp);
}

/* tmp/name in static storage. */
static const char *
tpath(const char *name)
{
    static char p[4200];
    snprintf(p, sizeof p, "%s/%s", tmp, name);
    return p;
}

#define ck_has(s, sub) \
    ck_assert_msg(strstr((s), (sub)) != NULL, "'%s' not in '%s'", (sub), (s))

/* ---- ndi_input_read_file -------------------------------------------- */

START_TEST(test_input_read)
{
    const char *p = fx_write_str(tmp, "story.txt", "Headline\n\nBody.\n");
    struct stat sb;
    ck_assert_int_eq(stat(p, &sb), 0);
    /* the buffer's old contents are replaced */
    ck_assert_int_eq(ndi_buf_puts(raw, "old contents"), ND_OK);
    ck_assert_int_eq(ndi_input_read_file(&hdr, p, &deflim, raw, &fs), ND_OK);
    ck_assert_str_eq(nd_buf_data(raw), "Headline\n\nBody.\n");
    ck_assert_uint_eq(nd_buf_len(raw), 16);
    ck_assert_int_eq(fs.size, 16);
    ck_assert_int_eq(fs.mtime_ns, (int64_t)sb.st_mtim.tv_sec * 1000000000 +
                                      sb.st_mtim.tv_nsec);
    char want[33];
    ndi_hash128_hex("Headline\n\nBody.\n", 16, want);
    ck_assert_str_eq(fs.hash, want);
    ck_assert_uint_eq(fs.items, 0);
    ck_assert_str_eq(nd_errmsg(&hdr), "");
}
END_TEST

START_TEST(test_input_read_mtime)
{
    /* the modification time comes from the file, to the nanosecond */
    const char *p = fx_write_str(tmp, "old.txt", "x");
    struct timespec ts[2] = {{1000000000, 123456789}, {541357256, 987654321}};
    ck_assert_int_eq(utimensat(AT_FDCWD, p, ts, 0), 0);
    ck_assert_int_eq(ndi_input_read_file(&hdr, p, &deflim, raw, &fs), ND_OK);
    ck_assert_int_eq(fs.mtime_ns, 541357256987654321);
}
END_TEST

START_TEST(test_input_read_empty)
{
    const char *p = fx_write(tmp, "empty.txt", "", 0);
    ck_assert_int_eq(ndi_input_read_file(&hdr, p, &deflim, raw, &fs), ND_OK);
    ck_assert_uint_eq(nd_buf_len(raw), 0);
    ck_assert_str_eq(nd_buf_data(raw), "");
    ck_assert_int_eq(fs.size, 0);
    char want[33];
    ndi_hash128_hex("", 0, want);
    ck_assert_str_eq(fs.hash, want);
}
END_TEST

START_TEST(test_input_read_large)
{
    /* several read() calls' worth, binary bytes included */
    size_t n = 300000;
    unsigned char *data = malloc(n);
    ck_assert_ptr_nonnull(data);
    for (size_t i = 0; i < n; i++)
        data[i] = (unsigned char)(i * 7 + i / 256);
    const char *p = fx_write(tmp, "big.bin", data, n);
    ck_assert_int_eq(ndi_input_read_file(&hdr, p, &deflim, raw, &fs), ND_OK);
    ck_assert_uint_eq(nd_buf_len(raw), n);
    ck_assert_int_eq(memcmp(nd_buf_data(raw), data, n), 0);
    ck_assert_int_eq(nd_buf_data(raw)[n], '\0');
    ck_assert_int_eq(fs.size, (int64_t)n);
    char want[33];
    ndi_hash128_hex(data, n, want);
    ck_assert_str_eq(fs.hash, want);
    free(data);
}
END_TEST

START_TEST(test_input_read_toobig)
{
    char data[100];
    memset(data, 'x', sizeof data);
    const char *p = fx_write(tmp, "hundred.txt", data, sizeof data);
    nd_limits lim = ND_LIMITS_INIT;
    /* exactly at the cap: fine */
    lim.max_file_bytes = 100;
    ck_assert_int_eq(ndi_input_read_file(&hdr, p, &lim, raw, &fs), ND_OK);
    ck_assert_uint_eq(nd_buf_len(raw), 100);
    /* one byte over: refused, with the size, the cap and the option */
    lim.max_file_bytes = 99;
    ck_assert_int_eq(ndi_input_read_file(&hdr, p, &lim, raw, &fs), ND_ETOOBIG);
    ck_has(nd_errmsg(&hdr), "100 bytes");
    ck_has(nd_errmsg(&hdr), "99");
    ck_has(nd_errmsg(&hdr), "--max-file-bytes");
    ck_assert_uint_eq(nd_buf_len(raw), 0);
    ck_assert_int_eq(fs.size, 0);
    ck_assert_str_eq(fs.hash, "");
}
END_TEST

START_TEST(test_input_read_missing)
{
    ck_assert_int_eq(
        ndi_input_read_file(&hdr, tpath("nope.txt"), &deflim, raw, &fs),
        ND_EIO);
    ck_has(nd_errmsg(&hdr), "cannot open");
    ck_has(nd_errmsg(&hdr), strerror(ENOENT));
    ck_assert_int_eq(fs.size, 0);
    ck_assert_str_eq(fs.hash, "");
}
END_TEST

START_TEST(test_input_read_symlink)
{
    /* a final link is not followed, wherever it points */
    const char *target = fx_write_str(tmp, "real.txt", "real");
    char t[4200];
    snprintf(t, sizeof t, "%s", target);
    ck_assert_int_eq(symlink(t, tpath("link.txt")), 0);
    ck_assert_int_eq(
        ndi_input_read_file(&hdr, tpath("link.txt"), &deflim, raw, &fs),
        ND_EIO);
    ck_has(nd_errmsg(&hdr), "symbolic link");
    ck_assert_uint_eq(nd_buf_len(raw), 0);
    /* a dangling link too */
    ck_assert_int_eq(symlink("/nonexistent/ndtest", tpath("dangling")), 0);
    ck_assert_int_eq(
        ndi_input_read_file(&hdr, tpath("dangling"), &deflim, raw, &fs),
        ND_EIO);
    ck_has(nd_errmsg(&hdr), "symbolic link");
    /* a link in a directory part of the path is the caller's business */
    ck_assert_int_eq(symlink(tmp, tpath("dirlink")), 0);
    ck_assert_int_eq(
        ndi_input_read_file(&hdr, tpath("dirlink/real.txt"), &deflim, raw, &fs),
        ND_OK);
    ck_assert_str_eq(nd_buf_data(raw), "real");
}
END_TEST

START_TEST(test_input_read_fifo)
{
    /* opening a FIFO with no writer must not block (Check's timeout
     * fails the test if it does) */
    ck_assert_int_eq(mkfifo(tpath("pipe"), 0600), 0);
    ck_assert_int_eq(
        ndi_input_read_file(&hdr, tpath("pipe"), &deflim, raw, &fs), ND_EIO);
    ck_assert_str_eq(nd_errmsg(&hdr), "not a regular file");
}
END_TEST

START_TEST(test_input_read_dir)
{
    ck_assert_int_eq(mkdir(tpath("sub"), 0755), 0);
    ck_assert_int_eq(ndi_input_read_file(&hdr, tpath("sub"), &deflim, raw, &fs),
                     ND_EIO);
    ck_assert_str_eq(nd_errmsg(&hdr), "not a regular file");
    ck_assert_int_eq(ndi_input_read_file(&hdr, "/dev/null", &deflim, raw, &fs),
                     ND_EIO);
    ck_assert_str_eq(nd_errmsg(&hdr), "not a regular file");
}
END_TEST

/* ---- gzip ----------------------------------------------------------- */

/* Append one gzip member holding 'len' bytes of 'data' to 'dst'. */
static void
gz_member(nd_buf *dst, const void *data, size_t len)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    ck_assert_int_eq(
        deflateInit2(&z, 9, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY),
        Z_OK);
    uLong bound = deflateBound(&z, (uLong)len);
    ck_assert_int_eq(ndi_buf_reserve(dst, bound), ND_OK);
    z.next_in = (Bytef *)data;
    z.avail_in = (uInt)len;
    z.next_out = (Bytef *)dst->data + dst->len;
    z.avail_out = (uInt)bound;
    ck_assert_int_eq(deflate(&z, Z_FINISH), Z_STREAM_END);
    dst->len += bound - z.avail_out;
    dst->data[dst->len] = '\0';
    deflateEnd(&z);
}

static nd_buf *
gz_of(const char *text)
{
    nd_buf *g = NULL;
    ck_assert_int_eq(nd_buf_new(&g), ND_OK);
    gz_member(g, text, strlen(text));
    return g;
}

START_TEST(test_input_is_gzip)
{
    ck_assert(ndi_is_gzip("\x1f\x8b", 2));
    ck_assert(ndi_is_gzip("\x1f\x8b\x08\x00", 4));
    ck_assert(!ndi_is_gzip("\x1f", 1));
    ck_assert(!ndi_is_gzip("\x1f\x8c", 2));
    ck_assert(!ndi_is_gzip("\x8b\x1f", 2));
    ck_assert(!ndi_is_gzip("", 0));
    ck_assert(!ndi_is_gzip("\x1f\x8b", 1));
}
END_TEST

START_TEST(test_input_gunzip)
{
    nd_buf *g = gz_of("Hello, gzip world.\n");
    ck_assert_int_eq(ndi_gunzip(&hdr, nd_buf_data(g), nd_buf_len(g), 1000, raw),
                     ND_OK);
    ck_assert_str_eq(nd_buf_data(raw), "Hello, gzip world.\n");
    ck_assert_uint_eq(nd_buf_len(raw), 19);
    /* appended after what 'out' holds */
    ck_assert_int_eq(ndi_gunzip(&hdr, nd_buf_data(g), nd_buf_len(g), 1000, raw),
                     ND_OK);
    ck_assert_uint_eq(nd_buf_len(raw), 38);
    ck_assert_str_eq(nd_buf_data(raw) + 19, "Hello, gzip world.\n");
    ck_assert_str_eq(nd_errmsg(&hdr), "");
    nd_buf_free(g);
}
END_TEST

START_TEST(test_input_gunzip_empty_member)
{
    nd_buf *g = gz_of("");
    ck_assert_int_eq(ndi_gunzip(&hdr, nd_buf_data(g), nd_buf_len(g), 10, raw),
                     ND_OK);
    ck_assert_uint_eq(nd_buf_len(raw), 0);
    ck_assert_str_eq(nd_buf_data(raw), "");
    nd_buf_free(g);
}
END_TEST

START_TEST(test_input_gunzip_large)
{
    /* output far larger than one inflate step */
    size_t n = 1u << 20;
    unsigned char *data = malloc(n);
    ck_assert_ptr_nonnull(data);
    uint32_t x = 2463534242u;
    for (size_t i = 0; i < n; i++) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        data[i] = (unsigned char)(i % 3 == 0 ? x : 'a' + i % 26);
    }
    nd_buf *g = NULL;
    ck_assert_int_eq(nd_buf_new(&g), ND_OK);
    gz_member(g, data, n);
    ck_assert_int_eq(ndi_gunzip(&hdr, nd_buf_data(g), nd_buf_len(g), n, raw),
                     ND_OK);
    ck_assert_uint_eq(nd_buf_len(raw), n);
    ck_assert_int_eq(memcmp(nd_buf_data(raw), data, n), 0);
    nd_buf_free(g);
    free(data);
}
END_TEST

START_TEST(test_input_gunzip_multi)
{
    /* concatenated members (as .warc.gz writes them) read as one stream,
     * zero padding after the last member is allowed */
    nd_buf *g = gz_of("first member, ");
    gz_member(g, "second, ", 8);
    gz_member(g, "", 0);
    gz_member(g, "third.", 6);
    ck_assert_int_eq(nd_buf_append(g, "\0\0\0\0", 4), ND_OK);
    ck_assert_int_eq(ndi_gunzip(&hdr, nd_buf_data(g), nd_buf_len(g), 1000, raw),
                     ND_OK);
    ck_assert_str_eq(nd_buf_data(raw), "first member, second, third.");
    nd_buf_free(g);
}
END_TEST

START_TEST(test_input_gunzip_gzopen)
{
    /* a file written by zlib's gzip file interface, read back through
     * the file reader and gunzip as the reader does */
    const char *p = tpath("story.txt.gz");
    gzFile gz = gzopen(p, "wb");
    ck_assert_ptr_nonnull(gz);
    ck_assert_int_eq(gzputs(gz, "one\n"), 4);
    ck_assert_int_eq(gzclose(gz), Z_OK);
    gz = gzopen(p, "ab"); /* append: a second member */
    ck_assert_ptr_nonnull(gz);
    ck_assert_int_eq(gzputs(gz, "two\n"), 4);
    ck_assert_int_eq(gzclose(gz), Z_OK);
    ck_assert_int_eq(ndi_input_read_file(&hdr, p, &deflim, raw, &fs), ND_OK);
    ck_assert(ndi_is_gzip(nd_buf_data(raw), nd_buf_len(raw)));
    nd_buf *text = NULL;
    ck_assert_int_eq(nd_buf_new(&text), ND_OK);
    ck_assert_int_eq(
        ndi_gunzip(&hdr, nd_buf_data(raw), nd_buf_len(raw), 100, text), ND_OK);
    ck_assert_str_eq(nd_buf_data(text), "one\ntwo\n");
    nd_buf_free(text);
}
END_TEST

START_TEST(test_input_gunzip_truncated)
{
    nd_buf *g =
        gz_of("This text will be cut off before its gzip trailer ends.");
    ck_assert_int_eq(ndi_buf_puts(raw, "kept"), ND_OK);
    /* cut anywhere: inside the header, the data or the trailer */
    size_t full = nd_buf_len(g);
    size_t cuts[] = {2, 5, 10, full / 2, full - 8, full - 1};
    for (size_t i = 0; i < NDI_ARRAY_LEN(cuts); i++) {
        ndi_clear(&hdr);
        ck_assert_int_eq(ndi_gunzip(&hdr, nd_buf_data(g), cuts[i], 1000, raw),
                         ND_EFORMAT);
        ck_assert_str_eq(nd_errmsg(&hdr), "truncated gzip data");
        /* nothing of the failed member is left behind */
        ck_assert_str_eq(nd_buf_data(raw), "kept");
    }
    /* a complete member followed by a truncated one */
    nd_buf *two = gz_of("whole ");
    ck_assert_int_eq(nd_buf_append(two, nd_buf_data(g), full - 3), ND_OK);
    ck_assert_int_eq(
        ndi_gunzip(&hdr, nd_buf_data(two), nd_buf_len(two), 1000, raw),
        ND_EFORMAT);
    ck_assert_str_eq(nd_errmsg(&hdr), "truncated gzip data");
    ck_assert_str_eq(nd_buf_data(raw), "kept");
    nd_buf_free(two);
    nd_buf_free(g);
}
END_TEST

START_TEST(test_input_gunzip_members)
{
    /* members before a torn one are kept (a .warc.gz's whole records) */
    nd_buf *g = gz_of("first, ");
    gz_member(g, "second, ", 8);
    size_t whole = nd_buf_len(g);
    gz_member(g, "torn member", 11);
    size_t full = nd_buf_len(g);
    size_t cuts[] = {whole + 1, whole + 12, full - 1};
    int truncated;
    for (size_t i = 0; i < NDI_ARRAY_LEN(cuts); i++) {
        nd_buf_clear(raw);
        ck_assert_int_eq(ndi_buf_puts(raw, "kept "), ND_OK);
        truncated = -1;
        ck_assert_int_eq(ndi_gunzip_members(&hdr, nd_buf_data(g), cuts[i], 1000,
                                            raw, &truncated),
                         ND_OK);
        ck_assert_int_eq(truncated, 1);
        ck_assert_str_eq(nd_buf_data(raw), "kept first, second, ");
        /* ndi_gunzip() still refuses the same bytes */
        ck_assert_int_eq(ndi_gunzip(&hdr, nd_buf_data(g), cuts[i], 1000, raw),
                         ND_EFORMAT);
    }
    /* whole data: not truncated */
    nd_buf_clear(raw);
    ck_assert_int_eq(
        ndi_gunzip_members(&hdr, nd_buf_data(g), full, 1000, raw, &truncated),
        ND_OK);
    ck_assert_int_eq(truncated, 0);
    ck_assert_str_eq(nd_buf_data(raw), "first, second, torn member");
    /* a torn first member leaves nothing whole: an error, as before */
    nd_buf_clear(raw);
    ck_assert_int_eq(
        ndi_gunzip_members(&hdr, nd_buf_data(g), 9, 1000, raw, &truncated),
        ND_EFORMAT);
    ck_assert_str_eq(nd_errmsg(&hdr), "truncated gzip data");
    ck_assert_uint_eq(nd_buf_len(raw), 0);
    /* corrupt data and the bomb cap are errors whatever came before */
    ck_assert_int_eq(
        ndi_gunzip_members(&hdr, nd_buf_data(g), full, 10, raw, &truncated),
        ND_ETOOBIG);
    nd_buf_free(g);
}
END_TEST

START_TEST(test_input_gunzip_garbage)
{
    nd_buf *g = gz_of("member");
    ck_assert_int_eq(ndi_buf_puts(g, "trailing junk"), ND_OK);
    ck_assert_int_eq(ndi_gunzip(&hdr, nd_buf_data(g), nd_buf_len(g), 1000, raw),
                     ND_EFORMAT);
    ck_assert_str_eq(nd_errmsg(&hdr), "garbage after gzip data");
    ck_assert_uint_eq(nd_buf_len(raw), 0);
    ck_assert_str_eq(nd_buf_data(raw), "");
    /* padding then junk is garbage too */
    nd_buf *h = gz_of("member");
    ck_assert_int_eq(nd_buf_append(h, "\0\0x", 3), ND_OK);
    ck_assert_int_eq(ndi_gunzip(&hdr, nd_buf_data(h), nd_buf_len(h), 1000, raw),
                     ND_EFORMAT);
    ck_assert_str_eq(nd_errmsg(&hdr), "garbage after gzip data");
    nd_buf_free(h);
    nd_buf_free(g);
}
END_TEST

START_TEST(test_input_gunzip_corrupt)
{
    /* a flipped byte in the trailer's CRC, then in the deflate data */
    nd_buf *g = gz_of("checksummed text, checksummed text, checksummed text");
    size_t n = nd_buf_len(g);
    g->data[n - 8] ^= 0x55;
    ck_assert_int_eq(ndi_gunzip(&hdr, nd_buf_data(g), n, 1000, raw),
                     ND_EFORMAT);
    ck_has(nd_errmsg(&hdr), "corrupt gzip data");
    ck_has(nd_errmsg(&hdr), "check");
    ck_assert_uint_eq(nd_buf_len(raw), 0);
    g->data[n - 8] ^= 0x55;
    g->data[10] = (char)0xff; /* first deflate block header: reserved type */
    ck_assert_int_eq(ndi_gunzip(&hdr, nd_buf_data(g), n, 1000, raw),
                     ND_EFORMAT);
    ck_has(nd_errmsg(&hdr), "corrupt gzip data");
    nd_buf_free(g);
}
END_TEST

START_TEST(test_input_gunzip_not_gzip)
{
    ck_assert_int_eq(ndi_gunzip(&hdr, "plain text", 10, 1000, raw), ND_EFORMAT);
    ck_assert_str_eq(nd_errmsg(&hdr), "not gzip data");
    ck_assert_int_eq(ndi_gunzip(&hdr, "", 0, 1000, raw), ND_EFORMAT);
    ck_assert_str_eq(nd_errmsg(&hdr), "not gzip data");
    /* a zlib (not gzip) stream */
    unsigned char z[64];
    uLongf zlen = sizeof z;
    ck_assert_int_eq(compress(z, &zlen, (const Bytef *)"zlib", 4), Z_OK);
    ck_assert_int_eq(ndi_gunzip(&hdr, z, zlen, 1000, raw), ND_EFORMAT);
    ck_assert_str_eq(nd_errmsg(&hdr), "not gzip data");
    ck_assert_uint_eq(nd_buf_len(raw), 0);
}
END_TEST

START_TEST(test_input_gunzip_bomb)
{
    /* 16 MiB of zeros squeeze into a few KiB */
    size_t n = 16u << 20;
    char *zeros = calloc(1, n);
    ck_assert_ptr_nonnull(zeros);
    nd_buf *g = NULL;
    ck_assert_int_eq(nd_buf_new(&g), ND_OK);
    gz_member(g, zeros, n);
    free(zeros);
    ck_assert_uint_lt(nd_buf_len(g), 64 * 1024);

    ck_assert_int_eq(ndi_buf_puts(raw, "kept"), ND_OK);
    ck_assert_int_eq(
        ndi_gunzip(&hdr, nd_buf_data(g), nd_buf_len(g), 1u << 20, raw),
        ND_ETOOBIG);
    ck_has(nd_errmsg(&hdr), "1048576");
    ck_has(nd_errmsg(&hdr), "--max-inflated-bytes");
    ck_assert_str_eq(nd_buf_data(raw), "kept");
    /* inflation stopped near the cap instead of going on to 16 MiB */
    ck_assert_uint_lt(raw->cap, 8u << 20);

    /* one byte under the size: refused; exactly the size: fine */
    ck_assert_int_eq(
        ndi_gunzip(&hdr, nd_buf_data(g), nd_buf_len(g), n - 1, raw),
        ND_ETOOBIG);
    nd_buf_clear(raw);
    ck_assert_int_eq(ndi_gunzip(&hdr, nd_buf_data(g), nd_buf_len(g), n, raw),
                     ND_OK);
    ck_assert_uint_eq(nd_buf_len(raw), n);
    nd_buf_free(g);
}
END_TEST

START_TEST(test_input_gunzip_bomb_members)
{
    /* the cap holds for the total of all members, not each one */
    nd_buf *g = NULL;
    ck_assert_int_eq(nd_buf_new(&g), ND_OK);
    char block[1000];
    memset(block, 'b', sizeof block);
    for (int i = 0; i < 10; i++)
        gz_member(g, block, sizeof block);
    ck_assert_int_eq(ndi_gunzip(&hdr, nd_buf_data(g), nd_buf_len(g), 9999, raw),
                     ND_ETOOBIG);
    ck_assert_uint_eq(nd_buf_len(raw), 0);
    ck_assert_int_eq(
        ndi_gunzip(&hdr, nd_buf_data(g), nd_buf_len(g), 10000, raw), ND_OK);
    ck_assert_uint_eq(nd_buf_len(raw), 10000);
    nd_buf_free(g);
}
END_TEST

static Suite *
input_suite(void)
{
    Suite *s = suite_create("input");
    TCase *tc;

    tc = tcase_create("read");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_input_read);
    tcase_add_test(tc, test_input_read_mtime);
    tcase_add_test(tc, test_input_read_empty);
    tcase_add_test(tc, test_input_read_large);
    suite_add_tcase(s, tc);

    tc = tcase_create("read_toobig");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_input_read_toobig);
    suite_add_tcase(s, tc);

    tc = tcase_create("read_refused");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_input_read_missing);
    tcase_add_test(tc, test_input_read_symlink);
    tcase_add_test(tc, test_input_read_fifo);
    tcase_add_test(tc, test_input_read_dir);
    suite_add_tcase(s, tc);

    tc = tcase_create("gunzip");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_input_is_gzip);
    tcase_add_test(tc, test_input_gunzip);
    tcase_add_test(tc, test_input_gunzip_empty_member);
    tcase_add_test(tc, test_input_gunzip_large);
    tcase_add_test(tc, test_input_gunzip_multi);
    tcase_add_test(tc, test_input_gunzip_gzopen);
    suite_add_tcase(s, tc);

    tc = tcase_create("gunzip_broken");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_input_gunzip_truncated);
    tcase_add_test(tc, test_input_gunzip_members);
    tcase_add_test(tc, test_input_gunzip_garbage);
    tcase_add_test(tc, test_input_gunzip_corrupt);
    tcase_add_test(tc, test_input_gunzip_not_gzip);
    suite_add_tcase(s, tc);

    tc = tcase_create("gunzip_bomb");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_input_gunzip_bomb);
    tcase_add_test(tc, test_input_gunzip_bomb_members);
    suite_add_tcase(s, tc);

    return s;
}

int
main(void)
{
    return fx_run(input_suite());
}
