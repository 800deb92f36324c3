/* SPDX-License-Identifier: MIT */
/*
 * check_walk.c - archive walking: byte order, nesting, ignored and news
 * names, links reported and never followed, FIFOs, roots that are files,
 * links or missing, depth limits, and nd_name_is_news.
 */
#include <config.h>

#include <check.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fixture.h"
#include "ndi.h"
#include "newsdex.h"

static const char *tmp; /* fx_tmpdir()'s static storage */
static char root[4200]; /* tmp/archive */
static nd_walk *w;

static void
setup(void)
{
    tmp = fx_tmpdir();
    snprintf(root, sizeof root, "%s/archive", tmp);
    ck_assert_int_eq(mkdir(root, 0755), 0);
    ck_assert_int_eq(nd_walk_new(&w), ND_OK);
}

static void
teardown(void)
{
    nd_walk_free(w);
    w = NULL;
    fx_rmtree(tmp);
}

/* A file under the archive root. */
static void
put(const char *name, const char *text)
{
    fx_write_str(root, name, text);
}

/* root/name (or tmp/name) in static storage. */
static const char *
rpath(const char *name)
{
    static char p[8400];
    snprintf(p, sizeof p, "%s/%s", root, name);
    return p;
}

static const char *
tpath(const char *name)
{
    static char p[8400];
    snprintf(p, sizeof p, "%s/%s", tmp, name);
    return p;
}

#define ck_has(s, sub) \
    ck_assert_msg(strstr((s), (sub)) != NULL, "'%s' not in '%s'", (sub), (s))
#define ck_hasnt(s, sub) \
    ck_assert_msg(strstr((s), (sub)) == NULL, "'%s' in '%s'", (sub), (s))

/*
 * Walk 'dir' and list its entries one a line as "<kind> <relative path>"
 * ("N" news, "I" ignored, "S" skipped: then " (<reason>)"). Checks that
 * every path is 'dir' (trailing slashes dropped) + "/" + the relative
 * path, and every abspath is absolute. Static storage.
 */
static const char *
walk_list(const char *dir, const nd_limits *lim)
{
    static char list[16384];
    char prefix[4200];
    size_t plen = (size_t)snprintf(prefix, sizeof prefix, "%s", dir);
    while (plen > 1 && prefix[plen - 1] == '/')
        prefix[--plen] = '\0';

    nd_status st = nd_walk_open(w, dir, lim);
    ck_assert_msg(st == ND_OK, "open %s: %s", dir, nd_errmsg(w));
    size_t n = 0;
    list[0] = '\0';
    nd_entry e;
    while ((st = nd_walk_next(w, &e)) == ND_OK) {
        ck_assert_msg(strncmp(e.path, prefix, plen) == 0 && e.path[plen] == '/',
                      "path '%s' not under '%s'", e.path, prefix);
        ck_assert_msg(e.abspath[0] == '/', "abspath '%s'", e.abspath);
        const char *kind = e.kind == ND_ENTRY_NEWS      ? "N"
                           : e.kind == ND_ENTRY_IGNORED ? "I"
                                                        : "S";
        ck_assert_msg((e.kind == ND_ENTRY_SKIPPED) == (e.reason != NULL),
                      "%s: reason '%s'", e.path,
                      e.reason ? e.reason : "(null)");
        int k = snprintf(list + n, sizeof list - n, "%s %s%s%s%s\n", kind,
                         e.path + plen + 1, e.reason ? " (" : "",
                         e.reason ? e.reason : "", e.reason ? ")" : "");
        ck_assert(k > 0 && (size_t)k < sizeof list - n);
        n += (size_t)k;
    }
    ck_assert_int_eq(st, ND_DONE);
    return list;
}

/* ---- order and names ------------------------------------------------ */

START_TEST(test_walk_sorted)
{
    put("b.txt", "b");
    put("a.txt", "a");
    put("C.txt", "C");
    put("a b.txt", "ab");
    put("a.txt.gz", "gz");
    put("a/z.txt", "z");
    put("\xc3\xa9t\xc3\xa9.txt", "e");
    put("_x.txt", "_");
    put("9.txt", "9");
    /* byte order of the names, directories expanded in place */
    ck_assert_str_eq(walk_list(root, NULL), "N 9.txt\n"
                                            "N C.txt\n"
                                            "N _x.txt\n"
                                            "N a/z.txt\n"
                                            "N a b.txt\n"
                                            "N a.txt\n"
                                            "N a.txt.gz\n"
                                            "N b.txt\n"
                                            "N \xc3\xa9t\xc3\xa9.txt\n");
}
END_TEST

START_TEST(test_walk_nested)
{
    put("x/y/z/deep.txt", "d");
    put("x/y/mid.txt", "m");
    put("x/top.txt", "t");
    put("x/a/first.txt", "f");
    put("top.txt", "t");
    ck_assert_int_eq(mkdir(rpath("empty"), 0755), 0);
    ck_assert_str_eq(walk_list(root, NULL), "N top.txt\n"
                                            "N x/a/first.txt\n"
                                            "N x/top.txt\n"
                                            "N x/y/mid.txt\n"
                                            "N x/y/z/deep.txt\n");
}
END_TEST

START_TEST(test_walk_names)
{
    put("manifest.tsv", "m");
    put("style.css", "s");
    put(".hidden", "h");
    put(".hidden.txt", "h");
    put("notes.md", "n");
    put("photo.jpg", "p");
    put("story.xml.gz", "x");
    put("STORY.TXT", "x");
    put("README", "r");
    put("wire.sgm", "s");
    put("feed.json.gz", "j");
    put("page.html", "h");
    /* a hidden directory is a tool's: not walked, not reported */
    put(".git/config", "c");
    put(".git/story.txt", "s");
    ck_assert_str_eq(walk_list(root, NULL), "I .hidden\n"
                                            "I .hidden.txt\n"
                                            "N README\n"
                                            "N STORY.TXT\n"
                                            "N feed.json.gz\n"
                                            "I manifest.tsv\n"
                                            "I notes.md\n"
                                            "N page.html\n"
                                            "I photo.jpg\n"
                                            "N story.xml.gz\n"
                                            "I style.css\n"
                                            "N wire.sgm\n");
}
END_TEST

START_TEST(test_walk_entry_fields)
{
    put("sub/story.txt", "twelve bytes");
    struct stat sb;
    ck_assert_int_eq(stat(rpath("sub/story.txt"), &sb), 0);
    char real[PATH_MAX];
    ck_assert_ptr_nonnull(realpath(root, real));

    ck_assert_int_eq(nd_walk_open(w, root, NULL), ND_OK);
    nd_entry e;
    ck_assert_int_eq(nd_walk_next(w, &e), ND_OK);
    ck_assert_str_eq(e.path, rpath("sub/story.txt"));
    char want[PATH_MAX + 32];
    snprintf(want, sizeof want, "%s/sub/story.txt", real);
    ck_assert_str_eq(e.abspath, want);
    ck_assert_int_eq(e.kind, ND_ENTRY_NEWS);
    ck_assert_ptr_null(e.reason);
    ck_assert_int_eq(e.size, 12);
    ck_assert_int_eq(e.mtime_ns, (int64_t)sb.st_mtim.tv_sec * 1000000000 +
                                     sb.st_mtim.tv_nsec);
    /* the end repeats */
    ck_assert_int_eq(nd_walk_next(w, &e), ND_DONE);
    ck_assert_int_eq(nd_walk_next(w, &e), ND_DONE);
    ck_assert_str_eq(nd_errmsg(w), "");
}
END_TEST

START_TEST(test_walk_empty_root)
{
    ck_assert_str_eq(walk_list(root, NULL), "");
}
END_TEST

START_TEST(test_walk_reopen)
{
    /* a walk can be reopened mid-way, and freed mid-way */
    put("a/1.txt", "1");
    put("a/2.txt", "2");
    put("b.txt", "b");
    nd_entry e;
    ck_assert_int_eq(nd_walk_open(w, root, NULL), ND_OK);
    ck_assert_int_eq(nd_walk_next(w, &e), ND_OK);
    ck_assert_str_eq(walk_list(root, NULL), "N a/1.txt\nN a/2.txt\nN b.txt\n");
    ck_assert_int_eq(nd_walk_open(w, rpath("a"), NULL), ND_OK);
    ck_assert_int_eq(nd_walk_next(w, &e), ND_OK);
    ck_assert_str_eq(e.path, rpath("a/1.txt"));
    nd_walk_free(NULL);
}
END_TEST

/* ---- links and special files ---------------------------------------- */

START_TEST(test_walk_symlinks)
{
    fx_write_str(tmp, "outside/secret.txt", "secret");
    fx_write_str(tmp, "outside/deep/more.txt", "more");
    put("real.txt", "real");
    ck_assert_int_eq(
        symlink(tpath("outside/secret.txt"), rpath("link-file.txt")), 0);
    ck_assert_int_eq(symlink(tpath("outside"), rpath("link-dir")), 0);
    ck_assert_int_eq(symlink("../outside", rpath("rel-dir")), 0);
    ck_assert_int_eq(symlink("real.txt", rpath("same-dir.txt")), 0);
    ck_assert_int_eq(symlink("/nonexistent/ndtest", rpath("dangling.txt")), 0);
    const char *list = walk_list(root, NULL);
    ck_assert_str_eq(list, "S dangling.txt (symbolic link (not followed))\n"
                           "S link-dir (symbolic link (not followed))\n"
                           "S link-file.txt (symbolic link (not followed))\n"
                           "N real.txt\n"
                           "S rel-dir (symbolic link (not followed))\n"
                           "S same-dir.txt (symbolic link (not followed))\n");
    ck_hasnt(list, "secret");
    ck_hasnt(list, "more");
}
END_TEST

START_TEST(test_walk_symlink_loop)
{
    put("a.txt", "a");
    ck_assert_int_eq(symlink("self", rpath("self")), 0);
    ck_assert_int_eq(symlink("l2", rpath("l1")), 0);
    ck_assert_int_eq(symlink("l1", rpath("l2")), 0);
    ck_assert_int_eq(symlink("..", rpath("up")), 0);
    ck_assert_int_eq(symlink(".", rpath("dot")), 0);
    ck_assert_str_eq(walk_list(root, NULL),
                     "N a.txt\n"
                     "S dot (symbolic link (not followed))\n"
                     "S l1 (symbolic link (not followed))\n"
                     "S l2 (symbolic link (not followed))\n"
                     "S self (symbolic link (not followed))\n"
                     "S up (symbolic link (not followed))\n");
}
END_TEST

START_TEST(test_walk_fifo)
{
    put("a.txt", "a");
    ck_assert_int_eq(mkfifo(rpath("pipe.txt"), 0600), 0);
    ck_assert_str_eq(walk_list(root, NULL),
                     "N a.txt\n"
                     "S pipe.txt (not a regular file)\n");
}
END_TEST

/* ---- roots ---------------------------------------------------------- */

START_TEST(test_walk_root_file)
{
    /* a file named as the root is read whatever its name */
    put("style.css", "not news by name");
    char real[PATH_MAX];
    ck_assert_ptr_nonnull(realpath(rpath("style.css"), real));
    char given[4300];
    snprintf(given, sizeof given, "%s/./style.css", root);

    ck_assert_int_eq(nd_walk_open(w, given, NULL), ND_OK);
    nd_entry e;
    ck_assert_int_eq(nd_walk_next(w, &e), ND_OK);
    ck_assert_str_eq(e.path, given);
    ck_assert_str_eq(e.abspath, real);
    ck_assert_int_eq(e.kind, ND_ENTRY_NEWS);
    ck_assert_ptr_null(e.reason);
    ck_assert_int_eq(e.size, 16);
    ck_assert_int_eq(nd_walk_next(w, &e), ND_DONE);
    ck_assert_int_eq(nd_walk_next(w, &e), ND_DONE);
}
END_TEST

START_TEST(test_walk_root_fifo)
{
    /* opening a FIFO root must not block */
    ck_assert_int_eq(mkfifo(rpath("pipe"), 0600), 0);
    ck_assert_int_eq(nd_walk_open(w, rpath("pipe"), NULL), ND_OK);
    nd_entry e;
    ck_assert_int_eq(nd_walk_next(w, &e), ND_OK);
    ck_assert_int_eq(e.kind, ND_ENTRY_SKIPPED);
    ck_assert_str_eq(e.reason, "not a regular file");
    ck_assert_int_eq(nd_walk_next(w, &e), ND_DONE);
}
END_TEST

START_TEST(test_walk_root_link)
{
    /* a link given as the root is followed: the user named it */
    put("sub/a.txt", "a");
    ck_assert_int_eq(symlink(root, tpath("alias")), 0);
    char real[PATH_MAX];
    ck_assert_ptr_nonnull(realpath(root, real));
    ck_assert_int_eq(nd_walk_open(w, tpath("alias"), NULL), ND_OK);
    nd_entry e;
    ck_assert_int_eq(nd_walk_next(w, &e), ND_OK);
    char want[8500];
    snprintf(want, sizeof want, "%s/sub/a.txt", tpath("alias"));
    ck_assert_str_eq(e.path, want);
    snprintf(want, sizeof want, "%s/sub/a.txt", real);
    ck_assert_str_eq(e.abspath, want);
    ck_assert_int_eq(e.kind, ND_ENTRY_NEWS);
    ck_assert_int_eq(nd_walk_next(w, &e), ND_DONE);
}
END_TEST

START_TEST(test_walk_root_missing)
{
    const char *missing = rpath("no/such/dir");
    ck_assert_int_eq(nd_walk_open(w, missing, NULL), ND_ENOTFOUND);
    ck_has(nd_errmsg(w), missing);
    ck_has(nd_errmsg(w), strerror(ENOENT));
    /* nothing to walk after a failed open */
    nd_entry e;
    ck_assert_int_eq(nd_walk_next(w, &e), ND_DONE);
    /* a dangling link as the root is missing too */
    ck_assert_int_eq(symlink("/nonexistent/ndtest", tpath("gone")), 0);
    ck_assert_int_eq(nd_walk_open(w, tpath("gone"), NULL), ND_ENOTFOUND);
    ck_has(nd_errmsg(w), tpath("gone"));
}
END_TEST

START_TEST(test_walk_root_eio)
{
    /* a path through a regular file: not missing, but unusable */
    put("file.txt", "f");
    const char *bad = rpath("file.txt/sub");
    ck_assert_int_eq(nd_walk_open(w, bad, NULL), ND_EIO);
    ck_has(nd_errmsg(w), bad);
    ck_has(nd_errmsg(w), strerror(ENOTDIR));
    /* a later good open clears the message */
    ck_assert_int_eq(nd_walk_open(w, root, NULL), ND_OK);
    ck_assert_str_eq(nd_errmsg(w), "");
}
END_TEST

START_TEST(test_walk_trailing_slash)
{
    put("a.txt", "a");
    put("d/b.txt", "b");
    char want[16384];
    snprintf(want, sizeof want, "%s", walk_list(root, NULL));
    ck_assert_str_eq(want, "N a.txt\nN d/b.txt\n");
    char slash[4300];
    static const char *const suffixes[] = {"/", "//", "/./"};
    for (size_t i = 0; i < NDI_ARRAY_LEN(suffixes); i++) {
        snprintf(slash, sizeof slash, "%s%s", root, suffixes[i]);
        /* same listing; walk_list checks the paths start "root/" */
        ck_assert_str_eq(walk_list(slash, NULL), want);
    }
    /* and the same strings exactly as without the slash */
    snprintf(slash, sizeof slash, "%s//", root);
    ck_assert_int_eq(nd_walk_open(w, slash, NULL), ND_OK);
    nd_entry e;
    ck_assert_int_eq(nd_walk_next(w, &e), ND_OK);
    ck_assert_str_eq(e.path, rpath("a.txt"));
}
END_TEST

START_TEST(test_walk_relative_root)
{
    /* a relative root: paths as given, abspaths absolute */
    put("sub/a.txt", "a");
    char cwd[PATH_MAX], real[PATH_MAX];
    ck_assert_ptr_nonnull(getcwd(cwd, sizeof cwd));
    ck_assert_ptr_nonnull(realpath(root, real));
    ck_assert_int_eq(chdir(tmp), 0);

    nd_status st = nd_walk_open(w, "archive", NULL);
    nd_entry e;
    nd_status st2 = st == ND_OK ? nd_walk_next(w, &e) : st;
    char path[256], abs[PATH_MAX + 32];
    snprintf(path, sizeof path, "%s", st2 == ND_OK ? e.path : "");
    snprintf(abs, sizeof abs, "%s", st2 == ND_OK ? e.abspath : "");
    nd_status st3 = nd_walk_open(w, ".", NULL);
    nd_status st4 = st3 == ND_OK ? nd_walk_next(w, &e) : st3;
    char dotpath[256];
    snprintf(dotpath, sizeof dotpath, "%s", st4 == ND_OK ? e.path : "");
    ck_assert_int_eq(chdir(cwd), 0); /* back before any assertion fails */

    ck_assert_int_eq(st, ND_OK);
    ck_assert_int_eq(st2, ND_OK);
    ck_assert_str_eq(path, "archive/sub/a.txt");
    char want[PATH_MAX + 32];
    snprintf(want, sizeof want, "%s/sub/a.txt", real);
    ck_assert_str_eq(abs, want);
    ck_assert_int_eq(st4, ND_OK);
    ck_assert_str_eq(dotpath, "./archive/sub/a.txt");
}
END_TEST

START_TEST(test_walk_max_depth)
{
    put("top.txt", "t");
    put("x/one.txt", "1");
    put("x/y/two.txt", "2");
    nd_limits lim = ND_LIMITS_INIT;
    lim.max_depth = 1;
    ck_assert_str_eq(walk_list(root, &lim),
                     "N top.txt\n"
                     "S x (directory nested too deep (--max-depth))\n");
    lim.max_depth = 2;
    ck_assert_str_eq(walk_list(root, &lim),
                     "N top.txt\n"
                     "N x/one.txt\n"
                     "S x/y (directory nested too deep (--max-depth))\n");
    lim.max_depth = 3;
    ck_assert_str_eq(walk_list(root, &lim),
                     "N top.txt\nN x/one.txt\nN x/y/two.txt\n");
    /* NULL limits: the defaults (depth 256) */
    ck_assert_str_eq(walk_list(root, NULL),
                     "N top.txt\nN x/one.txt\nN x/y/two.txt\n");
}
END_TEST

/* ---- nd_name_is_news ------------------------------------------------ */

typedef struct name_case {
    const char *name;
    int news;
} name_case;

static const name_case name_cases[] = {
    {"story.txt", 1},
    {"story.TXT", 1},
    {"story.text", 1},
    {"page.html", 1},
    {"page.htm", 1},
    {"page.xhtml", 1},
    {"page.shtml", 1},
    {"item.xml", 1},
    {"item.xml.gz", 1},
    {"item.XML.GZ", 1},
    {"item.nitf", 1},
    {"reut2-000.sgm", 1},
    {"file.sgml", 1},
    {"crawl.warc", 1},
    {"crawl.warc.gz", 1},
    {"feed.rss", 1},
    {"feed.atom", 1},
    {"item.newsml", 1},
    {"mail.mbox", 1},
    {"msg.eml", 1},
    {"dump.jsonl", 1},
    {"dump.ndjson", 1},
    {"dump.json", 1},
    {"x.news", 1},
    {"x.story", 1},
    {"README", 1},
    {"12345", 1},
    {"12345.gz", 1},
    {"dir/sub/story.txt", 1},
    {"dir.d/README", 1},
    {"manifest.tsv", 0},
    {"style.css", 0},
    {"app.js", 0},
    {"photo.jpg", 0},
    {"notes.md", 0},
    {"data.csv", 0},
    {"archive.tar.gz", 0},
    {"story.txt.bak", 0},
    {"story.txt~", 0},
    {"story.", 0},
    {".hidden", 0},
    {".hidden.txt", 0},
    {"dir/.story.txt", 0},
    {".gz", 0},
    {"a.gz.txt", 1},
    {"story.htmlx", 0},
    {"story.tx", 0},
};

START_TEST(test_walk_name_is_news)
{
    const name_case *c = &name_cases[_i];
    ck_assert_msg(nd_name_is_news(c->name) == c->news, "'%s': want %d", c->name,
                  c->news);
}
END_TEST

static Suite *
walk_suite(void)
{
    Suite *s = suite_create("walk");
    const struct {
        const char *name;
        const TTest *test;
    } cases[] = {
        {"sorted", test_walk_sorted},
        {"nested", test_walk_nested},
        {"names", test_walk_names},
        {"entry_fields", test_walk_entry_fields},
        {"empty_root", test_walk_empty_root},
        {"reopen", test_walk_reopen},
        {"symlinks", test_walk_symlinks},
        {"symlink_loop", test_walk_symlink_loop},
        {"fifo", test_walk_fifo},
        {"root_file", test_walk_root_file},
        {"root_fifo", test_walk_root_fifo},
        {"root_link", test_walk_root_link},
        {"root_missing", test_walk_root_missing},
        {"root_eio", test_walk_root_eio},
        {"trailing_slash", test_walk_trailing_slash},
        {"relative_root", test_walk_relative_root},
        {"max_depth", test_walk_max_depth},
    };
    for (size_t i = 0; i < NDI_ARRAY_LEN(cases); i++) {
        TCase *tc = tcase_create(cases[i].name);
        tcase_add_checked_fixture(tc, setup, teardown);
        tcase_add_test(tc, cases[i].test);
        suite_add_tcase(s, tc);
    }
    TCase *tc = tcase_create("name_is_news");
    tcase_add_loop_test(tc, test_walk_name_is_news, 0,
                        (int)NDI_ARRAY_LEN(name_cases));
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    return fx_run(walk_suite());
}
