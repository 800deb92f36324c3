/* SPDX-License-Identifier: MIT */
/*
 * check_header_cxx.cc - the public header compiled as C++17 -pedantic and
 * used against the installed library: it must need no C-only constructs.
 */
#include <newsdex.h>

#include <cstdio>
#include <cstring>
#include <memory>

namespace
{

int failures = 0;

void
expect(bool ok, const char *what)
{
    if (!ok) {
        std::fprintf(stderr, "check_header_cxx: FAILED: %s\n", what);
        failures++;
    }
}

struct article_free {
    void operator()(nd_article *a) const
    {
        nd_article_free(a);
    }
};
struct buf_free {
    void operator()(nd_buf *b) const
    {
        nd_buf_free(b);
    }
};
using article_ptr = std::unique_ptr<nd_article, article_free>;
using buf_ptr = std::unique_ptr<nd_buf, buf_free>;

void
set(nd_article *a, nd_field f, const char *s)
{
    expect(nd_article_set(a, f, s, std::strlen(s)) == ND_OK, "nd_article_set");
}

} /* namespace */

int
main()
{
    expect(std::strcmp(nd_strerror(ND_OK), "success") == 0,
           "nd_strerror(ND_OK)");
    expect(std::strcmp(nd_strerror(ND_STATUS_COUNT), "unknown status") == 0,
           "nd_strerror(out of range)");
    expect(std::strcmp(nd_errmsg(nullptr), "") == 0, "nd_errmsg(nullptr)");

    /* The initializer macros are valid C++ aggregate initializers. */
    nd_limits lim = ND_LIMITS_INIT;
    nd_run_opts ro = ND_RUN_OPTS_INIT;
    nd_search_opts so = ND_SEARCH_OPTS_INIT;
    expect(lim.max_depth == 256 && ro.limits.max_items == 100000 &&
               so.count == 10,
           "initializers");

    nd_article *raw = nullptr;
    expect(nd_article_new(&raw) == ND_OK, "nd_article_new");
    article_ptr a(raw);
    set(a.get(), ND_F_TITLE, "Cafe\xcc\x81  news");
    set(a.get(), ND_F_BODY, "One.\n\n\nTwo.");
    set(a.get(), ND_F_ABSPATH, "/data/cxx.txt");
    expect(std::strcmp(nd_article_title(a.get()), "Caf\xc3\xa9 news") == 0,
           "title normalized");
    expect(nd_article_make_id(a.get()) == ND_OK, "nd_article_make_id");

    nd_buf *braw = nullptr;
    expect(nd_buf_new(&braw) == ND_OK, "nd_buf_new");
    buf_ptr rec(braw);
    expect(nd_record_write(a.get(), rec.get()) == ND_OK, "nd_record_write");

    nd_article *back_raw = nullptr;
    std::size_t used = 0;
    expect(nd_record_read(nd_buf_data(rec.get()), nd_buf_len(rec.get()),
                          &back_raw, &used, nullptr) == ND_OK,
           "nd_record_read");
    article_ptr back(back_raw);
    expect(back != nullptr &&
               std::strcmp(nd_article_body(back.get()), "One.\n\nTwo.") == 0,
           "body round trip");
    expect(used == nd_buf_len(rec.get()), "record length");

    if (failures == 0)
        std::printf("check_header_cxx: all checks passed\n");
    return failures == 0 ? 0 : 1;
}
