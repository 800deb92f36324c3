/* SPDX-License-Identifier: MIT */
/*
 * xapian.cc - THE ONLY C++ FILE: a C wrapper over libxapian (xdb.h).
 *
 * Every extern "C" function catches every exception and turns it into an
 * nd_status plus a message on its handle (xdb_fail). Handles keep the
 * ndi_hdr first and the C++ objects behind a pointer, so they stay
 * standard-layout and nd_errmsg() can read them from C.
 */
#include <config.h>

#include "xdb.h"

#include <algorithm>
#include <cmath>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <cstdio>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <new>
#include <sstream>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include <sys/stat.h>
#include <thread>
#include <unordered_map>
#include <unistd.h>

#include <xapian.h>

namespace
{

struct xdoc_impl;

/* One operation for a shard's writer thread. */
struct pw_op {
    enum kind { DOC, META, BEGIN, COMMIT } k;
    std::string a, b;         /* DOC: unique term; META: key, value */
    xdoc_impl *doc = nullptr; /* DOC: owned by the op */
};

/* A shard's writer thread and its queue (parallel writers). */
struct pw_thread {
    std::mutex mu;
    std::condition_variable work_cv, idle_cv;
    std::deque<pw_op> q;
    bool stop = false, busy = false;
    bool drop = false; /* stopping without a commit: skip the rest */
    std::unordered_map<std::string, unsigned> spell; /* until the commit */
    std::exception_ptr err; /* the first failure; later ops are dropped */
    std::thread th;
};

struct xdb_impl {
    std::unique_ptr<Xapian::Database> db;
    Xapian::WritableDatabase *wdb = nullptr; /* db.get() when writable */
    bool in_txn = false;
    bool spelling = false; /* add each document's words to the table */
    /* a sharded writer: every shard (db is then their union) */
    std::vector<Xapian::WritableDatabase> shards;
    unsigned want_shards = 0;   /* ndi_xdb_set_shards */
    bool want_parallel = false; /* ndi_xdb_set_parallel */
    bool merge = false;         /* ndi_xdb_set_merge */
    /* Parallel writers (a new sharded collection): a thread per shard
     * owns that shard's WritableDatabase; documents and metadata reach
     * it through its queue. Metadata written since the last commit is
     * also kept here and read back from here; older metadata from
     * 'reader', the committed state. Anything else first waits for every
     * queue to drain (pw_quiesce) and then uses the shards directly. */
    std::vector<std::unique_ptr<pw_thread>> pw;
    std::vector<std::string> dirs; /* the shards' directories */
    std::map<std::string, std::string> mcache;
    std::unique_ptr<Xapian::Database> reader;
    uint64_t batch = 0; /* commits so far: metadata XBATCH in every shard */
    /* Spelling words of the batch, per shard (or [0]), written to the
     * spelling table at the commit: one call per distinct word instead of
     * one per word and article. */
    std::vector<std::unordered_map<std::string, unsigned>> spell;
    ~xdb_impl();
};

namespace
{

/* Shards: the file XAPIANDB in the collection directory is a Xapian stub
 * ("auto shardK" lines); a writer opens every shard, writes each article
 * to the shard its unique term hashes to and commits them in parallel. */
const char STUB[] = "XAPIANDB";

unsigned
shard_of(const char *unique, size_t n)
{
    uint32_t h = 2166136261u; /* FNV-1a: stable across runs and builds */
    for (const unsigned char *p = (const unsigned char *)unique; *p; p++)
        h = (h ^ *p) * 16777619u;
    return (unsigned)(h % n);
}

/* The shard directories a stub names (local "auto" lines only). */
std::vector<std::string>
stub_shards(const std::string &dir)
{
    std::vector<std::string> out;
    FILE *f = std::fopen((dir + "/" + STUB).c_str(), "r");
    if (f == nullptr)
        return out;
    char line[4096];
    while (std::fgets(line, sizeof line, f) != nullptr) {
        std::string l(line);
        while (!l.empty() && (l.back() == '\n' || l.back() == '\r'))
            l.pop_back();
        if (l.empty() || l[0] == '#')
            continue;
        if (l.compare(0, 5, "auto ") != 0) {
            std::fclose(f);
            throw Xapian::InvalidOperationError(
                "a collection with remote shards cannot be written: " + l);
        }
        std::string p = l.substr(5);
        out.push_back(p[0] == '/' ? p : dir + "/" + p);
    }
    std::fclose(f);
    return out;
}

void
write_stub(const std::string &dir, size_t n)
{
    std::string tmp = dir + "/" + STUB + ".tmp";
    FILE *f = std::fopen(tmp.c_str(), "w");
    if (f == nullptr)
        throw Xapian::DatabaseCreateError("cannot write " + tmp);
    for (size_t i = 0; i < n; i++)
        std::fprintf(f, "auto shard%zu\n", i);
    if (std::fclose(f) != 0 ||
        std::rename(tmp.c_str(), (dir + "/" + STUB).c_str()) != 0)
        throw Xapian::DatabaseCreateError("cannot write " + dir + "/" + STUB);
}

/* fn(i) for every shard, in parallel; the first exception is rethrown. */
template <typename F>
void
each_shard(std::vector<Xapian::WritableDatabase> &shards, F fn)
{
    std::vector<std::exception_ptr> errs(shards.size());
    std::vector<std::thread> ts;
    for (size_t i = 0; i < shards.size(); i++)
        ts.emplace_back([&, i] {
            try {
                fn(i);
            } catch (...) {
                errs[i] = std::current_exception();
            }
        });
    for (auto &t : ts)
        t.join();
    for (auto &e : errs)
        if (e)
            std::rethrow_exception(e);
}

/* The metadata key counting a sharded collection's commits. */
const char XBATCH[] = "XBATCH";

/*
 * Shards commit one by one, so a crash can leave some a batch ahead of
 * others. Then every shard's metadata (the per-file state above all) is
 * made the lagging shard's: the files of the torn batch count as not
 * done, and the next run writes their articles again (to the same shards:
 * they replace what the leading shards kept).
 */
void
reconcile_shards(std::vector<Xapian::WritableDatabase> &shards)
{
    if (shards.size() < 2)
        return;
    size_t low = 0;
    bool differ = false;
    std::vector<unsigned long long> n(shards.size());
    for (size_t i = 0; i < shards.size(); i++) {
        n[i] =
            std::strtoull(shards[i].get_metadata(XBATCH).c_str(), nullptr, 10);
        differ = differ || n[i] != n[0];
        if (n[i] < n[low])
            low = i;
    }
    if (!differ)
        return;
    Xapian::WritableDatabase &ref = shards[low];
    for (size_t i = 0; i < shards.size(); i++) {
        if (i == low)
            continue;
        Xapian::WritableDatabase &sh = shards[i];
        std::vector<std::string> keys;
        for (auto it = sh.metadata_keys_begin(); it != sh.metadata_keys_end();
             ++it)
            keys.push_back(*it);
        for (const auto &k : keys)
            if (ref.get_metadata(k).empty())
                sh.set_metadata(k, std::string());
        for (auto it = ref.metadata_keys_begin(); it != ref.metadata_keys_end();
             ++it)
            sh.set_metadata(*it, ref.get_metadata(*it));
        sh.commit();
    }
}

/* Open (or create) the shards of 'path'; true when they were created
 * now. */
bool
open_sharded(xdb_impl *p, const std::string &path, ndi_xdb_mode mode)
{
    std::vector<std::string> dirs = stub_shards(path);
    size_t n = dirs.size();
    bool created = n == 0;
    if (p->want_shards > 1 && n > 0 && n != p->want_shards)
        throw Xapian::InvalidArgumentError(path + ": the collection has " +
                                           std::to_string(n) + " shards, not " +
                                           std::to_string(p->want_shards));
    if (n == 0) {
        struct stat sb;
        if (stat((path + "/iamglass").c_str(), &sb) == 0 &&
            mode != NDI_XDB_CREATE)
            throw Xapian::InvalidArgumentError(
                path + ": the collection is not sharded (it has one "
                       "database); index into a new collection");
        if (mkdir(path.c_str(), 0777) != 0 && errno != EEXIST)
            throw Xapian::DatabaseCreateError("cannot create " + path);
        n = p->want_shards;
        write_stub(path, n);
        dirs.clear();
        for (size_t i = 0; i < n; i++)
            dirs.push_back(path + "/shard" + std::to_string(i));
    }
    int flags = (mode == NDI_XDB_CREATE ? Xapian::DB_CREATE_OR_OVERWRITE
                                        : Xapian::DB_CREATE_OR_OPEN) |
                Xapian::DB_BACKEND_GLASS;
    auto *w = new Xapian::WritableDatabase();
    p->db.reset(w);
    p->wdb = w;
    p->dirs = dirs;
    for (const auto &d : dirs) {
        p->shards.emplace_back(d, flags);
        w->add_database(p->shards.back());
    }
    if (!created)
        reconcile_shards(p->shards);
    p->batch =
        std::strtoull(p->shards[0].get_metadata(XBATCH).c_str(), nullptr, 10);
    return created;
}

/* Write the batch's spelling words. */
void
flush_spelling(Xapian::WritableDatabase &wr,
               std::unordered_map<std::string, unsigned> &spell)
{
    for (const auto &e : spell)
        wr.add_spelling(e.first, e.second);
    spell.clear();
}

/* The sequential writer's batch of spelling words, into the database. */
void
flush_all_spelling(xdb_impl *p)
{
    for (size_t i = 0; i < p->spell.size(); i++) {
        if (!p->shards.empty())
            flush_spelling(p->shards[i], p->spell[i]);
        else if (p->wdb != nullptr)
            flush_spelling(*p->wdb, p->spell[i]);
    }
}

/* Commit every shard, in parallel (the transaction, if one is open). */
void
commit_shards(xdb_impl *p, bool txn)
{
    flush_all_spelling(p);
    std::string b = std::to_string(++p->batch);
    for (auto &sh : p->shards)
        sh.set_metadata(XBATCH, b);
    each_shard(p->shards, [&](size_t i) {
        if (txn)
            p->shards[i].commit_transaction();
        else
            p->shards[i].commit();
    });
}

} // namespace

struct xdoc_impl {
    Xapian::Document doc;
    Xapian::TermGenerator gen;
};

/* The stemmer MSet::snippet is given. Xapian's snippet code stems every
 * word of the text to see whether "Z" + stem is a query term: for ten
 * hits that was 40% of a query's instructions (callgrind). This one gives
 * the same answer for every word whose stem can be a query term and
 * skips the rest: each distinct word is stemmed once per query, and for
 * English (whose Snowball stemmer only rewrites the end of a word, so
 * the first byte stays) a word whose first byte starts no stemmed query
 * term gets an empty stem, which is never a query term. */
class snippet_stem : public Xapian::StemImplementation
{
    Xapian::Stem real;
    bool filter = false;
    bool first[256] = {};
    std::unordered_map<std::string, std::string> memo;

  public:
    snippet_stem(const Xapian::Stem &s, const Xapian::Query &q) : real(s)
    {
        filter = s.get_description() == "Xapian::Stem(english)";
        for (auto t = q.get_terms_begin(); t != q.get_terms_end(); ++t)
            if ((*t).size() > 1 && (*t)[0] == 'Z')
                first[static_cast<unsigned char>((*t)[1])] = true;
    }
    /* whether a word starting with byte c can stem to a query term */
    bool may_match(unsigned char c) const
    {
        return !filter || first[c];
    }
    std::string operator()(const std::string &word) override
    {
        if (filter && !word.empty() &&
            !first[static_cast<unsigned char>(word[0])])
            return std::string();
        auto it = memo.find(word);
        if (it != memo.end())
            return it->second;
        std::string s = real(word);
        memo.emplace(word, s);
        return s;
    }
    std::string get_description() const override
    {
        return "snippet_stem(" + real.get_description() + ")";
    }
};

struct xmset_impl {
    Xapian::Enquire enq;
    Xapian::MSet mset;
    Xapian::Query query; /* as run: for ndi_xmset_filtered */
    Xapian::Stem stem;
    Xapian::Stem snipstem; /* snippet_stem over stem, made on first use */
    snippet_stem *snip = nullptr; /* the same, owned by snipstem */
    bool snipfirst[256] = {};     /* first bytes of unstemmed terms */
    bool have_snipstem = false;
    std::unordered_map<std::string, int> snipterms;    /* term -> index */
    std::vector<double> snipw;                         /* its weight */
    std::vector<std::pair<std::string, int>> snipwild; /* pattern, index */
    std::string description, spelling;
    std::vector<std::pair<std::string, double>> entities, related;
    std::map<std::string, double> spied[3];
    Xapian::Database db;
    Xapian::valueno tiebreak = Xapian::BAD_VALUENO;
    explicit xmset_impl(const Xapian::Database &d) : enq(d), db(d)
    {
    }
};

namespace
{

/* Write 'doc' under its unique term; with 'spelling', add its words to
 * the spelling table. */
void
write_doc(Xapian::WritableDatabase &wr, const std::string &unique,
          Xapian::Document &doc,
          std::unordered_map<std::string, unsigned> *spell)
{
    wr.replace_document(unique, doc);
    if (spell == nullptr)
        return;
    /* Words only (prefixed terms and stems begin in upper case), of 4
     * letters or more, and only those that matter in the article: in its
     * title (which counts 3 times) or used at least 3 times. That keeps
     * names and topic words and leaves out the many one-off words, which
     * would make the table four times larger (12% of a collection
     * instead of 3%). */
    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
        const std::string &w = *t;
        unsigned char c = static_cast<unsigned char>(w[0]);
        if (w.size() >= 4 && w.size() <= 32 && t.get_wdf() >= 3 &&
            ((c >= 'a' && c <= 'z') || c >= 0x80) &&
            w.find_first_of("0123456789") == std::string::npos)
            (*spell)[w]++;
    }
}

/* Operations queued per shard before the coordinator waits: bounds the
 * documents held in memory. */
const size_t PW_QUEUE = 64;

void
pw_loop(xdb_impl *p, size_t i)
{
    pw_thread &w = *p->pw[i];
    Xapian::WritableDatabase &db = p->shards[i];
    std::unique_lock<std::mutex> lk(w.mu);
    for (;;) {
        w.work_cv.wait(lk, [&] { return w.stop || !w.q.empty(); });
        if (w.q.empty())
            break; /* stopped, nothing left */
        pw_op op = std::move(w.q.front());
        w.q.pop_front();
        w.busy = true;
        bool failed = w.err || w.drop;
        lk.unlock();
        w.idle_cv.notify_all(); /* room in the queue */
        std::exception_ptr err;
        try {
            std::unique_ptr<xdoc_impl> doc(op.doc);
            if (!failed) {
                switch (op.k) {
                case pw_op::DOC:
                    write_doc(db, op.a, doc->doc,
                              p->spelling ? &w.spell : nullptr);
                    break;
                case pw_op::META:
                    db.set_metadata(op.a, op.b);
                    break;
                case pw_op::BEGIN:
                    db.begin_transaction(true);
                    break;
                case pw_op::COMMIT:
                    flush_spelling(db, w.spell);
                    if (op.a == "txn")
                        db.commit_transaction();
                    else
                        db.commit();
                    break;
                }
            }
        } catch (...) {
            err = std::current_exception();
        }
        lk.lock();
        if (err && !w.err)
            w.err = err;
        w.busy = false;
        if (w.q.empty())
            w.idle_cv.notify_all();
    }
    /* stopped to be closed: the batch's spelling words go in with it */
    if (!w.drop && !w.err) {
        try {
            flush_spelling(db, w.spell);
        } catch (...) {
            w.err = std::current_exception();
        }
    }
}

void
pw_push(xdb_impl *p, size_t i, pw_op &&op)
{
    pw_thread &w = *p->pw[i];
    std::unique_lock<std::mutex> lk(w.mu);
    w.idle_cv.wait(lk, [&] { return w.q.size() < PW_QUEUE; });
    w.q.push_back(std::move(op));
    lk.unlock();
    w.work_cv.notify_one();
}

/* Wait until every shard's queue is empty and its thread idle; rethrow
 * the first failure of any. */
void
pw_quiesce(xdb_impl *p)
{
    std::exception_ptr err;
    for (auto &t : p->pw) {
        std::unique_lock<std::mutex> lk(t->mu);
        t->idle_cv.wait(lk, [&] { return t->q.empty() && !t->busy; });
        if (t->err && !err)
            err = t->err;
    }
    if (err)
        std::rethrow_exception(err);
}

/* Stop the writer threads (after what they hold is done). */
void
pw_stop(xdb_impl *p, bool drop) noexcept
{
    for (auto &t : p->pw) {
        {
            std::lock_guard<std::mutex> lk(t->mu);
            t->stop = true;
            t->drop = drop;
        }
        t->work_cv.notify_all();
    }
    for (auto &t : p->pw)
        if (t->th.joinable())
            t->th.join();
    p->pw.clear();
    p->mcache.clear();
    p->reader.reset();
}

/* The committed state, for metadata reads while the writers run. */
void
pw_open_reader(xdb_impl *p)
{
    auto *r = new Xapian::Database();
    p->reader.reset(r);
    for (const auto &d : p->dirs)
        r->add_database(Xapian::Database(d));
}

void
pw_start(xdb_impl *p)
{
    pw_open_reader(p);
    for (size_t i = 0; i < p->shards.size(); i++)
        p->pw.emplace_back(new pw_thread);
    try {
        for (size_t i = 0; i < p->shards.size(); i++)
            p->pw[i]->th = std::thread(pw_loop, p, i);
    } catch (...) {
        pw_stop(p, true);
        throw;
    }
}

/* Quiesce the parallel writers, if any, before using the shards from this
 * thread. */
inline void
quiesce(xdb_impl *p)
{
    if (!p->pw.empty())
        pw_quiesce(p);
}

} // namespace

xdb_impl::~xdb_impl()
{
    pw_stop(this, true);
}

/* Map the exception being handled to a status, with 'what' and the
 * exception's text as the message. Never throws. */
nd_status
xdb_fail(ndi_hdr *h, const char *what) noexcept
{
    nd_status st = ND_EINTERNAL;
    char msg[NDI_ERRMSG_MAX];
    msg[0] = '\0';
    try {
        throw;
    } catch (const Xapian::DatabaseLockError &e) {
        st = ND_ELOCKED;
        snprintf(msg, sizeof msg, "%s", e.get_msg().c_str());
    } catch (const Xapian::DatabaseModifiedError &e) {
        st = ND_EMODIFIED;
        snprintf(msg, sizeof msg, "%s", e.get_msg().c_str());
    } catch (const Xapian::DatabaseCorruptError &e) {
        st = ND_ECORRUPT;
        snprintf(msg, sizeof msg, "%s", e.get_msg().c_str());
    } catch (const Xapian::DatabaseVersionError &e) {
        st = ND_EVERSION;
        snprintf(msg, sizeof msg, "%s", e.get_msg().c_str());
    } catch (const Xapian::DatabaseNotFoundError &e) {
        st = ND_ENOTFOUND;
        snprintf(msg, sizeof msg, "%s", e.get_msg().c_str());
    } catch (const Xapian::DatabaseOpeningError &e) {
        st = ND_EIO; /* exists but cannot be opened: permissions, damage */
        snprintf(msg, sizeof msg, "%s", e.get_msg().c_str());
    } catch (const Xapian::QueryParserError &e) {
        st = ND_EQUERY;
        snprintf(msg, sizeof msg, "%s", e.get_msg().c_str());
    } catch (const Xapian::DocNotFoundError &e) {
        st = ND_ENOTFOUND;
        snprintf(msg, sizeof msg, "%s", e.get_msg().c_str());
    } catch (const Xapian::Error &e) {
        st = ND_EXAPIAN;
        snprintf(msg, sizeof msg, "%s: %s", e.get_type(), e.get_msg().c_str());
    } catch (const std::bad_alloc &) {
        st = ND_ENOMEM;
        snprintf(msg, sizeof msg, "out of memory");
    } catch (const std::exception &e) {
        st = ND_EINTERNAL;
        snprintf(msg, sizeof msg, "%s", e.what());
    } catch (...) {
        st = ND_EINTERNAL;
        snprintf(msg, sizeof msg, "unknown exception");
    }
    /* the system's reason when Xapian has one ("File too large") */
    try {
        throw;
    } catch (const Xapian::Error &e) {
        const char *why = e.get_error_string();
        size_t n = strlen(msg);
        if (why != nullptr && *why != '\0' && strstr(msg, why) == nullptr &&
            n + 3 < sizeof msg)
            snprintf(msg + n, sizeof msg - n, " (%s)", why);
    } catch (...) {
    }
    if (h != nullptr)
        snprintf(h->errmsg, sizeof h->errmsg, "%s: %s", what, msg);
    return st;
}

nd_status
put(nd_buf *out, const std::string &s)
{
    nd_buf_clear(out);
    return nd_buf_append(out, s.data(), s.size());
}

const char *
stem_name(const char *lang)
{
    static const struct {
        const char *code, *name;
    } langs[] = {
        {"ar", "arabic"},    {"eu", "basque"},     {"ca", "catalan"},
        {"da", "danish"},    {"nl", "dutch"},      {"en", "english"},
        {"fi", "finnish"},   {"fr", "french"},     {"de", "german"},
        {"el", "greek"},     {"hu", "hungarian"},  {"id", "indonesian"},
        {"ga", "irish"},     {"it", "italian"},    {"lt", "lithuanian"},
        {"ne", "nepali"},    {"nb", "norwegian"},  {"nn", "norwegian"},
        {"no", "norwegian"}, {"pt", "portuguese"}, {"ro", "romanian"},
        {"ru", "russian"},   {"es", "spanish"},    {"sv", "swedish"},
        {"ta", "tamil"},     {"tr", "turkish"},    {"hy", "armenian"},
    };
    if (lang != nullptr)
        for (const auto &l : langs)
            if (std::strcmp(l.code, lang) == 0)
                return l.name;
    return "english";
}

/* Lower case, whitespace runs as one space, trimmed. */
std::string
fold(const std::string &s)
{
    std::string out;
    bool space = false;
    for (Xapian::Utf8Iterator it(s); it != Xapian::Utf8Iterator(); ++it) {
        unsigned ch = *it;
        if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r') {
            space = !out.empty();
            continue;
        }
        if (space)
            out += ' ';
        space = false;
        Xapian::Unicode::append_utf8(out, Xapian::Unicode::tolower(ch));
    }
    return out;
}

/* person:, place:, org:, source:, lang: - the value folded, matched as
 * the canonical term or the alias term. */
class lower_field : public Xapian::FieldProcessor
{
    std::string prefix, alias;

  public:
    lower_field(const char *p, const char *a)
        : prefix(p), alias(a != nullptr ? a : "")
    {
    }
    Xapian::Query operator()(const std::string &str) override
    {
        std::string v = fold(str);
        if (v.size() >= 2 && v.front() == '"' && v.back() == '"')
            v = fold(v.substr(1, v.size() - 2));
        Xapian::Query q(prefix + v);
        if (!alias.empty())
            q = Xapian::Query(Xapian::Query::OP_OR, q,
                              Xapian::Query(alias + v));
        return q;
    }
};

/* date: - bounds from the C callback, a range of a sortable slot. */
class date_field : public Xapian::FieldProcessor
{
    ndi_xdate_fn fn;
    void *ctx;
    Xapian::valueno slot;
    std::string *error;

  public:
    /* A bad value is reported in '*err' (thrown after parsing: an
     * exception out of a FieldProcessor leaks parser state in 1.4). */
    date_field(ndi_xdate_fn f, void *c, unsigned s, std::string *err)
        : fn(f), ctx(c), slot(s), error(err)
    {
    }
    Xapian::Query operator()(const std::string &str) override
    {
        double lo, hi;
        if (fn == nullptr || !fn(ctx, str.data(), str.size(), &lo, &hi)) {
            if (error->empty())
                *error = "not a date or date range: date:" + str;
            return Xapian::Query::MatchNothing;
        }
        if (lo > hi)
            return Xapian::Query::MatchNothing;
        return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, slot,
                             Xapian::sortable_serialise(lo),
                             Xapian::sortable_serialise(hi));
    }
};

/* --recent: a weight that halves every 'half' seconds of age. */
class decay_source : public Xapian::ValuePostingSource
{
    double w, half, now;

  public:
    decay_source(Xapian::valueno s, double w_, double half_, double now_)
        : Xapian::ValuePostingSource(s), w(w_), half(half_), now(now_)
    {
    }
    void init(const Xapian::Database &database) override
    {
        Xapian::ValuePostingSource::init(database);
        set_maxweight(w);
    }
    double get_weight() const override
    {
        double age = now - Xapian::sortable_unserialise(get_value());
        return w * std::pow(0.5, std::max(0.0, age) / half);
    }
    decay_source *clone() const override
    {
        return new decay_source(get_slot(), w, half, now);
    }
    std::string name() const override
    {
        return "newsdex.decay";
    }
};

/* Counts over every match for facets and histograms. */
class facet_spy : public Xapian::MatchSpy
{
    std::map<std::string, double> *out;
    Xapian::valueno list, source, time;

  public:
    facet_spy(std::map<std::string, double> *o, unsigned l, unsigned s,
              unsigned t)
        : out(o), list(l), source(s), time(t)
    {
    }
    void operator()(const Xapian::Document &doc, double) override
    {
        std::string v = doc.get_value(list);
        size_t p = 0;
        while (p < v.size()) {
            size_t nl = v.find('\n', p);
            if (nl == std::string::npos)
                nl = v.size();
            if (nl > p)
                out[0][v.substr(p, nl - p)] += 1;
            p = nl + 1;
        }
        v = doc.get_value(source);
        if (!v.empty())
            out[1][v] += 1;
        v = doc.get_value(time);
        if (!v.empty()) {
            double t = std::floor(Xapian::sortable_unserialise(v) / 86400.0);
            char day[32];
            snprintf(day, sizeof day, "%.0f", t);
            out[2][day] += 1;
        }
    }
};

/* The text with each plain word that is no term of the collection
 * replaced by the spelling table's suggestion; "" when none is. */
std::string
correct(const Xapian::Database &db, const std::string &text)
{
    std::string out;
    bool changed = false;
    size_t i = 0, n = text.size();
    while (i < n) {
        size_t j = i;
        while (j < n && Xapian::Unicode::is_wordchar(
                            static_cast<unsigned char>(text[j]) < 0x80
                                ? static_cast<unsigned char>(text[j])
                                : 'a'))
            j++;
        if (j == i) {
            /* a field value runs to the next space: keep it as typed */
            if (text[i] == ':') {
                while (j < n && text[j] != ' ')
                    j++;
                out.append(text, i, j - i);
                i = j;
                continue;
            }
            out += text[i++];
            continue;
        }
        std::string word = text.substr(i, j - i);
        bool field = j < n && text[j] == ':';
        std::string low = fold(word);
        std::string fix;
        if (!field && low.size() > 2 && !db.term_exists(low) && word != "AND" &&
            word != "OR" && word != "NOT")
            fix = db.get_spelling_suggestion(low);
        if (!fix.empty()) {
            out += fix;
            changed = true;
        } else {
            out += word;
        }
        i = j;
    }
    return changed ? out : std::string();
}

/* Plain words of the query text (no field values, operators or excluded
 * words), folded: candidates for entity-aware matching. Words of one
 * run are adjacent; a run ends at anything but a plain word. */
std::vector<std::vector<std::string>>
plain_words(const std::string &text)
{
    std::vector<std::vector<std::string>> runs(1);
    size_t i = 0, n = text.size();
    bool quoted = false;
    while (i < n) {
        while (i < n && text[i] == ' ')
            i++;
        size_t j = i;
        while (j < n && text[j] != ' ')
            j++;
        std::string tok = text.substr(i, j - i);
        i = j;
        if (tok.empty())
            break;
        bool skip = tok.find(':') != std::string::npos || tok[0] == '-' ||
                    tok == "AND" || tok == "OR" || tok == "NOT" ||
                    tok == "XOR" || tok == "NEAR" || tok == "ADJ";
        size_t q = std::count(tok.begin(), tok.end(), '"');
        if (skip) {
            if (q % 2 == 1)
                quoted = !quoted;
            runs.emplace_back();
            continue;
        }
        if (q % 2 == 1)
            quoted = !quoted;
        std::string word;
        for (Xapian::Utf8Iterator it(tok); it != Xapian::Utf8Iterator(); ++it) {
            unsigned ch = *it;
            if (Xapian::Unicode::is_wordchar(ch) || ch == '.' || ch == '&' ||
                ch == '\'')
                Xapian::Unicode::append_utf8(word,
                                             Xapian::Unicode::tolower(ch));
        }
        while (!word.empty() && (word.back() == '.' || word.back() == '\''))
            word.pop_back();
        if (word.empty()) {
            runs.emplace_back();
            continue;
        }
        runs.back().push_back(word);
        (void)quoted;
    }
    return runs;
}

/*
 * Articles are stemmed in their own language (index.c). When the
 * collection holds articles of more than one stemmer, each of them is
 * matched by the query parsed with its own stemmer: the query for the
 * default stemmer ('query') matches the articles of that stemmer and those
 * of no known language, and every other stemmer's parse is restricted to
 * its languages' articles. The filters do not weigh, and an article meets
 * one clause only, so its score is what a collection of its language alone
 * would give it; a collection of one language gets 'query' as it is.
 */
Xapian::Query
per_language(Xapian::QueryParser &qp, const std::string &text, unsigned flags,
             const Xapian::Database &db, const ndi_xquery *q,
             const Xapian::Query &query)
{
    if (q->lang_prefix == nullptr || *q->lang_prefix == '\0')
        return query;
    const std::string pfx(q->lang_prefix), deflt(stem_name(q->lang));
    std::map<std::string, std::vector<Xapian::Query>> groups;
    std::vector<Xapian::Query> others;
    for (auto t = db.allterms_begin(pfx); t != db.allterms_end(pfx); ++t) {
        const std::string name = stem_name((*t).substr(pfx.size()).c_str());
        if (name != deflt) {
            groups[name].emplace_back(*t);
            others.emplace_back(*t);
        }
    }
    if (groups.empty())
        return query;
    Xapian::Query out(
        Xapian::Query::OP_AND_NOT, query,
        Xapian::Query(Xapian::Query::OP_OR, others.begin(), others.end()));
    for (const auto &g : groups) {
        qp.set_stemmer(Xapian::Stem(g.first));
        qp.set_default_op(Xapian::Query::OP_OR);
        Xapian::Query any = qp.parse_query(text, flags);
        qp.set_default_op(Xapian::Query::OP_AND);
        Xapian::Query all = qp.parse_query(text, flags);
        Xapian::Query one = any;
        if (all.get_length() > 1 && all.serialise() != any.serialise())
            one = Xapian::Query(Xapian::Query::OP_OR, any, all);
        out = Xapian::Query(
            Xapian::Query::OP_OR, out,
            Xapian::Query(Xapian::Query::OP_FILTER, one,
                          Xapian::Query(Xapian::Query::OP_OR, g.second.begin(),
                                        g.second.end())));
    }
    /* the parser as the caller left it, for whatever parses after */
    qp.set_stemmer(Xapian::Stem(deflt));
    qp.set_default_op(Xapian::Query::OP_AND);
    return out;
}

} // namespace

struct ndi_xdb {
    ndi_hdr hdr;
    xdb_impl *p;
};

struct ndi_xdoc {
    ndi_hdr hdr;
    xdoc_impl *p;
};

struct ndi_xmset {
    ndi_hdr hdr;
    xmset_impl *p;
};

extern "C" nd_status
ndi_xdb_new(ndi_xdb **out)
{
    *out = nullptr;
    ndi_xdb *x = new (std::nothrow) ndi_xdb;
    if (x == nullptr)
        return ND_ENOMEM;
    ndi_hdr_init(&x->hdr);
    try {
        x->p = new xdb_impl;
        *out = x;
        return ND_OK;
    } catch (...) {
        nd_status st = xdb_fail(&x->hdr, "new database handle");
        delete x;
        return st;
    }
}

extern "C" void
ndi_xdb_free(ndi_xdb *x)
{
    if (x == nullptr)
        return;
    try {
        delete x->p; /* a writable database commits nothing here: see close */
    } catch (...) {
    }
    delete x;
}

extern "C" nd_status
ndi_xdb_open(ndi_xdb *x, const char *path, ndi_xdb_mode mode)
{
    try {
        x->p->db.reset();
        x->p->wdb = nullptr;
        x->p->shards.clear();
        x->p->in_txn = false;
        struct stat sb;
        if (mode != NDI_XDB_READ &&
            (x->p->want_shards > 1 ||
             stat((std::string(path) + "/" + STUB).c_str(), &sb) == 0)) {
            if (open_sharded(x->p, path, mode) && x->p->want_parallel &&
                x->p->shards.size() > 1)
                pw_start(x->p);
        } else if (mode == NDI_XDB_READ) {
            x->p->db.reset(new Xapian::Database(path));
        } else {
            int flags = (mode == NDI_XDB_CREATE ? Xapian::DB_CREATE_OR_OVERWRITE
                                                : Xapian::DB_CREATE_OR_OPEN) |
                        Xapian::DB_BACKEND_GLASS;
            auto *w = new Xapian::WritableDatabase(path, flags);
            x->p->db.reset(w);
            x->p->wdb = w;
        }
        return ND_OK;
    } catch (...) {
        return xdb_fail(&x->hdr, path);
    }
}

extern "C" nd_status
ndi_xdb_close(ndi_xdb *x)
{
    try {
        if (!x->p->pw.empty()) {
            pw_quiesce(x->p);
            pw_stop(x->p, false);
        }
        if (x->p->db) {
            if (!x->p->shards.empty()) {
                commit_shards(x->p, x->p->in_txn);
                x->p->in_txn = false;
                commit_shards(x->p, false);
            } else if (x->p->wdb != nullptr) {
                flush_all_spelling(x->p);
                if (x->p->in_txn) {
                    x->p->wdb->commit_transaction();
                    x->p->in_txn = false;
                }
                x->p->wdb->commit();
            }
            x->p->db->close();
        }
        x->p->shards.clear();
        x->p->db.reset();
        x->p->wdb = nullptr;
        return ND_OK;
    } catch (...) {
        nd_status st = xdb_fail(&x->hdr, "close");
        try {
            x->p->db.reset();
        } catch (...) {
        }
        x->p->wdb = nullptr;
        return st;
    }
}

extern "C" nd_status
ndi_xdb_compact(ndi_xdb *x, const char *dest)
{
    try {
        if (!x->p->pw.empty()) {
            pw_quiesce(x->p);
            pw_stop(x->p, false);
        }
        if (!x->p->shards.empty() && x->p->merge) {
            /* the shards into one database */
            commit_shards(x->p, x->p->in_txn);
            x->p->in_txn = false;
            x->p->db->compact(dest);
            return ND_OK;
        }
        if (!x->p->shards.empty()) {
            /* shard by shard (in parallel) into dest/shardK, plus a stub */
            commit_shards(x->p, x->p->in_txn);
            x->p->in_txn = false;
            if (mkdir(dest, 0777) != 0 && errno != EEXIST)
                throw Xapian::DatabaseCreateError(
                    std::string("cannot create ") + dest);
            each_shard(x->p->shards, [&](size_t i) {
                x->p->shards[i].compact(std::string(dest) + "/shard" +
                                        std::to_string(i));
            });
            write_stub(dest, x->p->shards.size());
            return ND_OK;
        }
        if (x->p->wdb != nullptr) {
            flush_all_spelling(x->p);
            if (x->p->in_txn) {
                x->p->in_txn = false;
                x->p->wdb->commit_transaction();
            }
            x->p->wdb->commit();
        }
        x->p->db->compact(dest);
        return ND_OK;
    } catch (...) {
        return xdb_fail(&x->hdr, dest);
    }
}

extern "C" nd_status
ndi_xdb_reopen(ndi_xdb *x)
{
    try {
        quiesce(x->p);
        x->p->db->reopen();
        return ND_OK;
    } catch (...) {
        return xdb_fail(&x->hdr, "reopen");
    }
}

namespace
{

/* Check one glass database 'dir'; damage is named as 'prefix' + file. */
void
check_glass(const std::string &dir, const std::string &prefix, ndi_xcheck_fn fn,
            void *ctx, unsigned *damaged)
{
    static const char *const tables[] = {"postlist", "docdata",  "termlist",
                                         "position", "spelling", "synonym"};
    std::string openmsg;
    try {
        Xapian::Database db(dir);
    } catch (const Xapian::Error &e) {
        openmsg = e.get_msg();
        if (openmsg.empty())
            openmsg = e.get_type();
    }
    std::vector<std::pair<std::string, std::string>> bad;
    unsigned checked = 0;
    for (const char *t : tables) {
        std::string file = std::string(t) + ".glass";
        struct stat sb;
        if (stat((dir + "/" + file).c_str(), &sb) != 0)
            continue; /* an empty table has no file */
        checked++;
        try {
            std::ostringstream os;
            Xapian::Database::check(dir + "/" + file, 0, &os);
        } catch (const Xapian::Error &e) {
            bad.emplace_back(file, e.get_msg());
        }
    }
    /* every table failing as the database fails to open: glass's
     * version file, on which they all depend */
    bool version = !openmsg.empty() && checked > 0 && bad.size() == checked;
    for (const auto &b : bad)
        version = version && b.second == bad[0].second;
    if (version ||
        (!openmsg.empty() && openmsg.compare(0, 8, "Rev file") == 0)) {
        ++*damaged;
        fn(ctx, (prefix + "iamglass").c_str(), openmsg.c_str());
        return;
    }
    unsigned before = *damaged;
    for (const auto &b : bad) {
        ++*damaged;
        fn(ctx, (prefix + b.first).c_str(), b.second.c_str());
    }
    try {
        std::ostringstream os;
        Xapian::Database::check(dir, 0, &os);
    } catch (const Xapian::Error &e) {
        /* already named by a table, or the database as a whole */
        if (*damaged == before) {
            ++*damaged;
            fn(ctx, prefix.c_str(), e.get_msg().c_str());
        }
    }
}

} // namespace

extern "C" nd_status
ndi_xdb_check(const char *path, ndi_xcheck_fn fn, void *ctx, unsigned *damaged)
{
    *damaged = 0;
    try {
        std::string dir(path);
        struct stat sb;
        if (stat((dir + "/" + STUB).c_str(), &sb) != 0) {
            check_glass(dir, "", fn, ctx, damaged);
            return ND_OK;
        }
        std::vector<std::string> shards;
        try {
            shards = stub_shards(dir);
        } catch (const Xapian::Error &e) {
            ++*damaged;
            fn(ctx, STUB, e.get_msg().c_str());
            return ND_OK;
        }
        if (shards.empty()) {
            ++*damaged;
            fn(ctx, STUB, "the stub file lists no shard");
        }
        for (const auto &s : shards) {
            /* name damage relative to the collection: "shard1/postlist.glass" */
            std::string rel = s.compare(0, dir.size() + 1, dir + "/") == 0
                                  ? s.substr(dir.size() + 1)
                                  : s;
            if (stat((s + "/iamglass").c_str(), &sb) != 0) {
                ++*damaged;
                fn(ctx, rel.c_str(), "the shard is missing");
                continue;
            }
            check_glass(s, rel + "/", fn, ctx, damaged);
        }
        return ND_OK;
    } catch (const std::bad_alloc &) {
        return ND_ENOMEM;
    } catch (...) {
        ++*damaged;
        fn(ctx, "", "unexpected error while checking");
        return ND_OK;
    }
}

extern "C" nd_status
ndi_xdb_get_meta(ndi_xdb *x, const char *key, nd_buf *out)
{
    try {
        if (!x->p->pw.empty()) {
            auto it = x->p->mcache.find(key);
            if (it != x->p->mcache.end())
                return put(out, it->second);
            return put(out, x->p->reader->get_metadata(key));
        }
        return put(out, x->p->db->get_metadata(key));
    } catch (...) {
        return xdb_fail(&x->hdr, "read metadata");
    }
}

extern "C" nd_status
ndi_xdb_set_meta(ndi_xdb *x, const char *key, const char *value, size_t len)
{
    try {
        if (x->p->wdb == nullptr)
            return ndi_fail(&x->hdr, ND_EINVAL, "database is read-only");
        if (!x->p->pw.empty()) {
            std::string v(value, len);
            for (size_t i = 0; i < x->p->pw.size(); i++)
                pw_push(x->p, i, pw_op{pw_op::META, key, v, nullptr});
            x->p->mcache[key] = v;
        } else if (!x->p->shards.empty()) /* every shard: any may come first */
            for (auto &sh : x->p->shards)
                sh.set_metadata(key, std::string(value, len));
        else
            x->p->wdb->set_metadata(key, std::string(value, len));
        return ND_OK;
    } catch (...) {
        return xdb_fail(&x->hdr, "write metadata");
    }
}

extern "C" nd_status
ndi_xdb_each_meta(ndi_xdb *x, const char *prefix, ndi_xmeta_fn fn, void *ctx)
{
    try {
        quiesce(x->p);
        Xapian::Database &db = *x->p->db;
        for (auto it = db.metadata_keys_begin(prefix);
             it != db.metadata_keys_end(prefix); ++it) {
            std::string k = *it;
            std::string v = db.get_metadata(k);
            nd_status st = fn(ctx, k.data(), k.size(), v.data(), v.size());
            if (st != ND_OK)
                return st;
        }
        return ND_OK;
    } catch (...) {
        return xdb_fail(&x->hdr, "list metadata");
    }
}

extern "C" nd_status
ndi_xdb_begin(ndi_xdb *x)
{
    try {
        if (x->p->wdb == nullptr)
            return ndi_fail(&x->hdr, ND_EINVAL, "database is read-only");
        if (!x->p->in_txn && !x->p->pw.empty()) {
            for (size_t i = 0; i < x->p->pw.size(); i++)
                pw_push(x->p, i, pw_op{pw_op::BEGIN, "", "", nullptr});
            x->p->in_txn = true;
        } else if (!x->p->in_txn) {
            x->p->wdb->begin_transaction(true);
            x->p->in_txn = true;
        }
        return ND_OK;
    } catch (...) {
        return xdb_fail(&x->hdr, "begin transaction");
    }
}

extern "C" nd_status
ndi_xdb_commit(ndi_xdb *x)
{
    try {
        if (x->p->wdb == nullptr)
            return ndi_fail(&x->hdr, ND_EINVAL, "database is read-only");
        if (!x->p->pw.empty()) {
            bool txn = x->p->in_txn;
            x->p->in_txn = false;
            std::string b = std::to_string(++x->p->batch);
            for (size_t i = 0; i < x->p->pw.size(); i++) {
                pw_push(x->p, i, pw_op{pw_op::META, XBATCH, b, nullptr});
                pw_push(x->p, i,
                        pw_op{pw_op::COMMIT, txn ? "txn" : "", "", nullptr});
            }
            pw_quiesce(x->p);
            x->p->mcache.clear();
            x->p->reader->reopen();
        } else if (!x->p->shards.empty()) {
            bool txn = x->p->in_txn;
            x->p->in_txn = false;
            commit_shards(x->p, txn);
        } else if (x->p->in_txn) {
            flush_all_spelling(x->p);
            x->p->in_txn = false;
            x->p->wdb->commit_transaction();
        } else {
            flush_all_spelling(x->p);
            x->p->wdb->commit();
        }
        return ND_OK;
    } catch (...) {
        return xdb_fail(&x->hdr, "commit");
    }
}

extern "C" nd_status
ndi_xdb_cancel(ndi_xdb *x)
{
    try {
        quiesce(x->p);
        for (auto &m : x->p->spell)
            m.clear();
        if (x->p->wdb != nullptr && x->p->in_txn) {
            x->p->in_txn = false;
            x->p->wdb->cancel_transaction();
        }
        return ND_OK;
    } catch (...) {
        return xdb_fail(&x->hdr, "cancel transaction");
    }
}

extern "C" nd_status
ndi_xdb_replace(ndi_xdb *x, const char *unique, ndi_xdoc *d)
{
    try {
        if (x->p->wdb == nullptr)
            return ndi_fail(&x->hdr, ND_EINVAL, "database is read-only");
        if (!x->p->pw.empty()) {
            /* the shard's thread takes the document */
            size_t k = shard_of(unique, x->p->pw.size());
            pw_push(x->p, k, pw_op{pw_op::DOC, unique, "", d->p});
            d->p = nullptr;
            return ND_OK;
        }
        Xapian::WritableDatabase *wr = x->p->wdb;
        size_t k = 0;
        if (!x->p->shards.empty()) {
            k = shard_of(unique, x->p->shards.size());
            wr = &x->p->shards[k];
        }
        if (x->p->spell.size() <= k)
            x->p->spell.resize(std::max<size_t>(x->p->shards.size(), 1));
        write_doc(*wr, unique, d->p->doc,
                  x->p->spelling ? &x->p->spell[k] : nullptr);
        return ND_OK;
    } catch (...) {
        return xdb_fail(&x->hdr, "write document");
    }
}

extern "C" nd_status
ndi_xdb_delete(ndi_xdb *x, const char *term, unsigned *n)
{
    try {
        quiesce(x->p);
        if (x->p->wdb == nullptr)
            return ndi_fail(&x->hdr, ND_EINVAL, "database is read-only");
        unsigned count = x->p->wdb->get_termfreq(term);
        if (count > 0)
            x->p->wdb->delete_document(term);
        if (n != nullptr)
            *n = count;
        return ND_OK;
    } catch (...) {
        return xdb_fail(&x->hdr, "delete document");
    }
}

extern "C" nd_status
ndi_xdb_find(ndi_xdb *x, const char *term, ndi_docid *out)
{
    try {
        quiesce(x->p);
        Xapian::PostingIterator it = x->p->db->postlist_begin(term);
        if (it == x->p->db->postlist_end(term))
            return ND_ENOTFOUND;
        *out = *it;
        return ND_OK;
    } catch (...) {
        return xdb_fail(&x->hdr, "find document");
    }
}

extern "C" nd_status
ndi_xdb_value(ndi_xdb *x, ndi_docid id, unsigned slot, nd_buf *out)
{
    try {
        quiesce(x->p);
        return put(out, x->p->db->get_document(id).get_value(slot));
    } catch (...) {
        return xdb_fail(&x->hdr, "read value");
    }
}

extern "C" nd_status
ndi_xdb_data(ndi_xdb *x, ndi_docid id, nd_buf *out)
{
    try {
        quiesce(x->p);
        return put(out, x->p->db->get_document(id).get_data());
    } catch (...) {
        return xdb_fail(&x->hdr, "read document");
    }
}

extern "C" nd_status
ndi_xdb_doccount(ndi_xdb *x, uint64_t *out)
{
    try {
        quiesce(x->p);
        *out = x->p->db->get_doccount();
        return ND_OK;
    } catch (...) {
        return xdb_fail(&x->hdr, "count documents");
    }
}

extern "C" nd_status
ndi_xdb_each_doc(ndi_xdb *x, ndi_xdoc_fn fn, void *ctx)
{
    try {
        quiesce(x->p);
        Xapian::Database &db = *x->p->db;
        for (auto it = db.postlist_begin(std::string());
             it != db.postlist_end(std::string()); ++it) {
            nd_status st = fn(ctx, *it);
            if (st != ND_OK)
                return st;
        }
        return ND_OK;
    } catch (...) {
        return xdb_fail(&x->hdr, "list documents");
    }
}

extern "C" nd_status
ndi_xdb_each_term(ndi_xdb *x, const char *prefix, ndi_xterm_fn fn, void *ctx)
{
    try {
        quiesce(x->p);
        Xapian::Database &db = *x->p->db;
        for (auto it = db.allterms_begin(prefix); it != db.allterms_end(prefix);
             ++it) {
            std::string t = *it;
            nd_status st = fn(ctx, t.data(), t.size(), it.get_termfreq());
            if (st != ND_OK)
                return st;
        }
        return ND_OK;
    } catch (...) {
        return xdb_fail(&x->hdr, "list terms");
    }
}

extern "C" nd_status
ndi_xdb_any_docs(ndi_xdb *x, const char *const *terms, size_t n, ndi_docid *out,
                 size_t max, size_t *nout)
{
    *nout = 0;
    try {
        quiesce(x->p);
        /* Plain postlist walks: far cheaper than an Enquire for the few,
         * mostly empty, lists of a near-duplicate lookup. */
        Xapian::Database &db = *x->p->db;
        std::vector<Xapian::docid> ids;
        for (size_t i = 0; i < n; i++) {
            std::string t(terms[i]);
            size_t k = 0;
            for (auto it = db.postlist_begin(t);
                 it != db.postlist_end(t) && k < max; ++it, ++k)
                ids.push_back(*it);
        }
        std::sort(ids.begin(), ids.end());
        ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
        for (size_t i = 0; i < ids.size() && *nout < max; i++)
            out[(*nout)++] = ids[i];
        return ND_OK;
    } catch (...) {
        return xdb_fail(&x->hdr, "find documents");
    }
}

extern "C" nd_status
ndi_xdb_relabel(ndi_xdb *x, const char *from, const char *to, unsigned slot,
                const char *value, size_t vlen, size_t max, size_t *n)
{
    *n = 0;
    try {
        quiesce(x->p);
        if (x->p->wdb == nullptr)
            return ndi_fail(&x->hdr, ND_EINVAL, "database is read-only");
        Xapian::WritableDatabase &w = *x->p->wdb;
        std::string f(from), t(to), v(value, vlen);
        std::vector<Xapian::docid> ids;
        for (auto it = w.postlist_begin(f);
             it != w.postlist_end(f) && ids.size() < max; ++it)
            ids.push_back(*it);
        for (Xapian::docid id : ids) {
            Xapian::Document d = w.get_document(id);
            d.remove_term(f);
            d.add_boolean_term(t);
            d.add_value(slot, v);
            w.replace_document(id, d);
            (*n)++;
        }
        return ND_OK;
    } catch (...) {
        return xdb_fail(&x->hdr, "relabel documents");
    }
}

extern "C" nd_status
ndi_xdb_termfreq(ndi_xdb *x, const char *term, uint64_t *out)
{
    try {
        quiesce(x->p);
        *out = x->p->db->get_termfreq(term);
        return ND_OK;
    } catch (...) {
        return xdb_fail(&x->hdr, "term frequency");
    }
}

extern "C" nd_status
ndi_xdb_value_bounds(ndi_xdb *x, unsigned slot, nd_buf *lo, nd_buf *hi)
{
    try {
        quiesce(x->p);
        nd_status st = put(lo, x->p->db->get_value_lower_bound(slot));
        if (st == ND_OK)
            st = put(hi, x->p->db->get_value_upper_bound(slot));
        return st;
    } catch (...) {
        return xdb_fail(&x->hdr, "read value bounds");
    }
}

/* ---- documents ------------------------------------------------------ */

namespace
{

/* A stemmer that remembers: most words of news text recur, and Snowball
 * costs more than a hash lookup. One per thread and language
 * (thread_stem): Xapian's reference counts are not atomic, so a stemmer
 * never crosses threads; documents drop theirs in ndi_xdoc_sealed(). */
class cached_stem : public Xapian::StemImplementation
{
    Xapian::Stem real;
    std::unordered_map<std::string, std::string> memo;
    std::string lang;

  public:
    explicit cached_stem(const std::string &name) : real(name), lang(name)
    {
    }
    std::string operator()(const std::string &word) override
    {
        auto it = memo.find(word);
        if (it != memo.end())
            return it->second;
        if (memo.size() >= 50000)
            memo.clear(); /* bounded: start again */
        std::string st = real(word);
        memo.emplace(word, st);
        return st;
    }
    std::string get_description() const override
    {
        return lang;
    }
};

Xapian::Stem
thread_stem(const char *name)
{
    thread_local std::map<std::string, Xapian::Stem> stems;
    auto it = stems.find(name);
    if (it != stems.end())
        return it->second;
    Xapian::Stem st(*name != '\0' ? Xapian::Stem(new cached_stem(name))
                                  : Xapian::Stem());
    stems.emplace(name, st);
    return st;
}

} // namespace

extern "C" nd_status
ndi_xdoc_new(ndi_xdoc **out, const char *lang)
{
    *out = nullptr;
    ndi_xdoc *d = new (std::nothrow) ndi_xdoc;
    if (d == nullptr)
        return ND_ENOMEM;
    ndi_hdr_init(&d->hdr);
    d->p = nullptr;
    try {
        d->p = new xdoc_impl;
        d->p->gen.set_document(d->p->doc);
        d->p->gen.set_stemmer(thread_stem(stem_name(lang)));
        d->p->gen.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
        *out = d;
        return ND_OK;
    } catch (...) {
        nd_status st = xdb_fail(&d->hdr, "new document");
        delete d->p;
        delete d;
        return st;
    }
}

extern "C" void
ndi_xdoc_sealed(ndi_xdoc *d)
{
    try {
        if (d->p != nullptr)
            d->p->gen = Xapian::TermGenerator(); /* its stemmer stays here */
    } catch (...) {
        /* cannot fail: nothing is allocated */
    }
}

extern "C" void
ndi_xdoc_free(ndi_xdoc *d)
{
    if (d == nullptr)
        return;
    try {
        delete d->p;
    } catch (...) {
    }
    delete d;
}

extern "C" nd_status
ndi_xdoc_text(ndi_xdoc *d, const char *text, size_t len, unsigned wdf_inc,
              const char *prefix)
{
    try {
        d->p->gen.index_text(Xapian::Utf8Iterator(text, len), wdf_inc,
                             prefix != nullptr ? prefix : "");
        return ND_OK;
    } catch (...) {
        return xdb_fail(&d->hdr, "index text");
    }
}

extern "C" void
ndi_xdoc_gap(ndi_xdoc *d, unsigned n)
{
    try {
        d->p->gen.increase_termpos(n);
    } catch (...) {
        /* cannot fail: it adds to an integer */
    }
}

extern "C" nd_status
ndi_xdoc_term(ndi_xdoc *d, const char *term, size_t len, unsigned wdf)
{
    try {
        if (wdf == 0)
            d->p->doc.add_boolean_term(std::string(term, len));
        else
            d->p->doc.add_term(std::string(term, len), wdf);
        return ND_OK;
    } catch (...) {
        return xdb_fail(&d->hdr, "add term");
    }
}

extern "C" nd_status
ndi_xdoc_value(ndi_xdoc *d, unsigned slot, const void *data, size_t len)
{
    try {
        d->p->doc.add_value(slot,
                            std::string(static_cast<const char *>(data), len));
        return ND_OK;
    } catch (...) {
        return xdb_fail(&d->hdr, "set value");
    }
}

extern "C" nd_status
ndi_xdoc_data(ndi_xdoc *d, const void *data, size_t len)
{
    try {
        d->p->doc.set_data(std::string(static_cast<const char *>(data), len));
        return ND_OK;
    } catch (...) {
        return xdb_fail(&d->hdr, "set data");
    }
}

/* ---- queries -------------------------------------------------------- */

extern "C" nd_status
ndi_xdb_search(ndi_xdb *x, const ndi_xquery *q, ndi_xmset **out)
{
    *out = nullptr;
    ndi_xmset *m = new (std::nothrow) ndi_xmset;
    if (m == nullptr)
        return ndi_fail(&x->hdr, ND_ENOMEM, "out of memory");
    ndi_hdr_init(&m->hdr);
    m->p = nullptr;
    try {
        quiesce(x->p);
        Xapian::Database &db = *x->p->db;
        m->p = new xmset_impl(db);
        m->p->stem = Xapian::Stem(stem_name(q->lang));
        std::string date_error;
        Xapian::QueryParser qp;
        qp.set_database(db);
        qp.set_stemmer(m->p->stem);
        qp.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
        qp.set_max_expansion(q->max_wildcard ? q->max_wildcard : 100,
                             Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT);
        for (size_t i = 0; i < q->nfields; i++) {
            const ndi_xfield &f = q->fields[i];
            if (f.boolean && f.kind == NDI_XFIELD_LOWER)
                qp.add_boolean_prefix(
                    f.field, (new lower_field(f.prefix, f.alias))->release());
            else if (f.boolean && f.kind == NDI_XFIELD_DATE)
                qp.add_boolean_prefix(
                    f.field, (new date_field(q->date_fn, q->date_ctx,
                                             q->date_slot, &date_error))
                                 ->release());
            else if (f.boolean)
                qp.add_boolean_prefix(f.field, f.prefix);
            else
                qp.add_prefix(f.field, f.prefix);
        }
        unsigned flags = Xapian::QueryParser::FLAG_PHRASE |
                         Xapian::QueryParser::FLAG_BOOLEAN |
                         Xapian::QueryParser::FLAG_LOVEHATE |
                         Xapian::QueryParser::FLAG_WILDCARD |
                         Xapian::QueryParser::FLAG_PURE_NOT;
        std::string text(q->text != nullptr ? q->text : "");
        qp.set_default_op(Xapian::Query::OP_OR);
        Xapian::Query any = qp.parse_query(text, flags);
        if (q->spelling)
            m->p->spelling = correct(db, text);
        qp.set_default_op(Xapian::Query::OP_AND);
        Xapian::Query all = qp.parse_query(text, flags);
        if (!date_error.empty())
            throw Xapian::QueryParserError(date_error);
        /* Articles holding every word collect both weights. */
        Xapian::Query query = any;
        if (all.get_length() > 1 && all.serialise() != any.serialise())
            query = Xapian::Query(Xapian::Query::OP_OR, any, all);
        query = per_language(qp, text, flags, *x->p->db, q, query);

        /* Entity-aware matching: words (and pairs of adjacent words) that
         * name a known entity boost the hits holding its term. */
        if (q->nentity_prefixes > 0 && q->entity_weight > 0) {
            std::vector<Xapian::Query> boost;
            double n = db.get_doccount();
            for (const auto &run : plain_words(text)) {
                for (size_t i = 0; i < run.size(); i++) {
                    for (size_t k = 1; k <= 2 && i + k <= run.size(); k++) {
                        std::string name = run[i];
                        if (k == 2)
                            name += " " + run[i + 1];
                        for (size_t j = 0; j < q->nentity_prefixes; j++) {
                            std::string t = q->entity_prefixes[j] + name;
                            Xapian::doccount df = db.get_termfreq(t);
                            if (df == 0)
                                continue;
                            double w =
                                q->entity_weight * (1.0 + std::log(n / df));
                            m->p->entities.emplace_back(t, w);
                            boost.push_back(Xapian::Query(
                                Xapian::Query::OP_FILTER,
                                Xapian::Query(
                                    (new Xapian::FixedWeightPostingSource(w))
                                        ->release()),
                                Xapian::Query(t)));
                        }
                    }
                }
            }
            if (!boost.empty())
                query =
                    Xapian::Query(Xapian::Query::OP_AND_MAYBE, query,
                                  Xapian::Query(Xapian::Query::OP_OR,
                                                boost.begin(), boost.end()));
        }

        /* --like: the document's best terms, it excluded. */
        if (q->like_term != nullptr) {
            Xapian::PostingIterator it = db.postlist_begin(q->like_term);
            if (it == db.postlist_end(q->like_term))
                throw Xapian::DocNotFoundError(std::string("no article ") +
                                               q->like_term);
            Xapian::RSet rs;
            rs.add_document(*it);
            Xapian::Enquire e(db);
            e.set_query(Xapian::Query(q->like_term));
            Xapian::ESet es =
                e.get_eset(q->like_terms ? q->like_terms : 40, rs);
            std::vector<Xapian::Query> terms;
            for (auto t = es.begin(); t != es.end(); ++t)
                terms.push_back(Xapian::Query(*t));
            Xapian::Query like(Xapian::Query::OP_OR, terms.begin(),
                               terms.end());
            if (!text.empty() && !query.empty())
                like = Xapian::Query(Xapian::Query::OP_FILTER, like, query);
            query = Xapian::Query(Xapian::Query::OP_AND_NOT, like,
                                  Xapian::Query(q->like_term));
        }

        if (q->recent_weight > 0 && q->recent_halflife > 0)
            query = Xapian::Query(
                Xapian::Query::OP_AND_MAYBE, query,
                Xapian::Query(
                    (new decay_source(q->date_slot, q->recent_weight,
                                      q->recent_halflife, q->recent_now))
                        ->release()));
        m->p->description = query.get_description();

        Xapian::Enquire &enq = m->p->enq;
        enq.set_query(query);
        m->p->query = query;
        if (q->collapse)
            enq.set_collapse_key(q->collapse_slot);
        if (q->tiebreak_slot >= 0)
            m->p->tiebreak = static_cast<Xapian::valueno>(q->tiebreak_slot);
        if (q->sort == 1 || q->sort == 2)
            enq.set_sort_by_value_then_relevance(q->sort_slot, q->sort == 1);
        else if (q->tiebreak_slot >= 0)
            enq.set_sort_by_relevance_then_value(
                static_cast<Xapian::valueno>(q->tiebreak_slot), false);
        Xapian::doccount total = db.get_doccount();
        Xapian::doccount count = std::min<Xapian::doccount>(q->count, total);
        Xapian::doccount atleast = q->offset + count + 100;
        std::unique_ptr<facet_spy> spy;
        if (q->spy) {
            spy.reset(new facet_spy(m->p->spied, q->spy_list_slot,
                                    q->spy_source_slot, q->spy_time_slot));
            enq.add_matchspy(spy.get());
            atleast = std::max(atleast, total);
        }
        m->p->mset = enq.get_mset(q->offset, count, atleast);
        enq.clear_matchspies();

        if (q->related > 0 && q->nrelated_prefixes > 0) {
            /* the ten best hits, whatever page was asked for. Entity
             * terms are boolean (wdf 0), which Xapian's ESet weights as
             * nothing, so their offer weight is computed here as it
             * does for words: r * RSJ weight (Robertson). */
            /* the page asked for is the top ten when it starts at
             * rank 1 in relevance order and holds ten (or every) hit */
            Xapian::MSet top = q->offset == 0 && q->sort == 0 && count >= 10
                                   ? m->p->mset
                                   : enq.get_mset(0, 10);
            Xapian::doccount ntop = std::min<Xapian::doccount>(top.size(), 10);
            std::map<std::string, double> r;
            /* one pass over each termlist (Glass keeps it compressed):
             * the prefixes in order, each a skip_to */
            std::vector<std::string> pres(q->related_prefixes,
                                          q->related_prefixes +
                                              q->nrelated_prefixes);
            std::sort(pres.begin(), pres.end());
            for (auto it = top.begin(); it != top.end() && it.get_rank() < ntop;
                 ++it) {
                Xapian::Document doc = it.get_document();
                Xapian::TermIterator t = doc.termlist_begin();
                for (const std::string &pre : pres) {
                    for (t.skip_to(pre); t != doc.termlist_end(); ++t) {
                        if ((*t).compare(0, pre.size(), pre) != 0)
                            break;
                        r[*t] += 1;
                    }
                    if (t == doc.termlist_end())
                        break;
                }
            }
            /* what the query already names is not "related" */
            for (auto t = query.get_unique_terms_begin();
                 t != query.get_unique_terms_end(); ++t)
                r.erase(*t);
            for (const auto &e : m->p->entities)
                r.erase(e.first);
            double nd = db.get_doccount(), big_r = ntop;
            std::vector<std::pair<std::string, double>> v;
            for (const auto &e : r) {
                double n = db.get_termfreq(e.first), ri = e.second;
                double w = std::log((ri + 0.5) * (nd - n - big_r + ri + 0.5) /
                                    ((n - ri + 0.5) * (big_r - ri + 0.5)));
                if (!(w > 0))
                    w = 1e-6; /* in every hit of a tiny collection */
                v.emplace_back(e.first, ri * w);
            }
            std::stable_sort(v.begin(), v.end(),
                             [](const std::pair<std::string, double> &p1,
                                const std::pair<std::string, double> &p2) {
                                 return p1.second > p2.second;
                             });
            if (v.size() > q->related)
                v.resize(q->related);
            m->p->related = v;
        }
        *out = m;
        return ND_OK;
    } catch (...) {
        nd_status st = xdb_fail(&x->hdr, "query");
        try {
            delete m->p;
        } catch (...) {
        }
        delete m;
        return st;
    }
}

extern "C" void
ndi_xmset_free(ndi_xmset *m)
{
    if (m == nullptr)
        return;
    try {
        delete m->p;
    } catch (...) {
    }
    delete m;
}

extern "C" uint64_t
ndi_xmset_total(const ndi_xmset *m)
{
    try {
        return m->p->mset.get_matches_estimated();
    } catch (...) {
        return 0;
    }
}

extern "C" size_t
ndi_xmset_size(const ndi_xmset *m)
{
    try {
        return m->p->mset.size();
    } catch (...) {
        return 0;
    }
}

extern "C" ndi_docid
ndi_xmset_docid(const ndi_xmset *m, size_t i)
{
    try {
        return *(m->p->mset[static_cast<Xapian::doccount>(i)]);
    } catch (...) {
        return 0;
    }
}

extern "C" double
ndi_xmset_weight(const ndi_xmset *m, size_t i)
{
    try {
        return m->p->mset[static_cast<Xapian::doccount>(i)].get_weight();
    } catch (...) {
        return 0.0;
    }
}

extern "C" nd_status
ndi_xmset_data(ndi_xmset *m, size_t i, nd_buf *out)
{
    try {
        return put(out, m->p->mset[static_cast<Xapian::doccount>(i)]
                            .get_document()
                            .get_data());
    } catch (...) {
        return xdb_fail(&m->hdr, "read hit");
    }
}

extern "C" nd_status
ndi_xmset_value(ndi_xmset *m, size_t i, unsigned slot, nd_buf *out)
{
    try {
        return put(out, m->p->mset[static_cast<Xapian::doccount>(i)]
                            .get_document()
                            .get_value(slot));
    } catch (...) {
        return xdb_fail(&m->hdr, "read hit value");
    }
}

extern "C" uint64_t
ndi_xmset_collapse_count(const ndi_xmset *m, size_t i)
{
    try {
        return m->p->mset[static_cast<Xapian::doccount>(i)]
            .get_collapse_count();
    } catch (...) {
        return 0;
    }
}

extern "C" nd_status
ndi_xmset_filtered(ndi_xmset *m, const char *term, size_t max, uint64_t *count,
                   ndi_docid *ids, size_t *nids)
{
    *count = 0;
    *nids = 0;
    try {
        Xapian::Enquire enq(m->p->db);
        enq.set_query(Xapian::Query(Xapian::Query::OP_FILTER, m->p->query,
                                    Xapian::Query(term)));
        if (m->p->tiebreak != Xapian::BAD_VALUENO)
            enq.set_sort_by_relevance_then_value(m->p->tiebreak, false);
        Xapian::doccount all = m->p->db.get_termfreq(term);
        Xapian::MSet ms =
            enq.get_mset(0, static_cast<Xapian::doccount>(max), all);
        *count = ms.get_matches_estimated();
        for (auto it = ms.begin(); it != ms.end() && *nids < max; ++it)
            ids[(*nids)++] = *it;
        return ND_OK;
    } catch (...) {
        return xdb_fail(&m->hdr, "cluster members");
    }
}

/* ---- snippets --------------------------------------------------------
 * Xapian's MSet::snippet tokenised and stemmed the whole text with its
 * Unicode iterator and, with SNIPPET_EXHAUSTIVE, scored every window:
 * 72% of a 10-hit query's instructions (callgrind). Here one pass finds
 * the words (an ASCII fast path, Xapian's Unicode tables for the rest),
 * the words that match a query term (as is, or "Z" + stem, as the query
 * parser made them; each distinct word stemmed once), and a sliding
 * window over the matches picks the span of at most 'len' bytes holding
 * the most query weight: each distinct term counts its weight in the
 * MSet (rarer words weigh more), repeats a little. Every match in the
 * window is highlighted, as Xapian did. */
namespace
{

struct snip_word {
    size_t start, end; /* bytes of the text */
    int term;          /* index of the matched query term, or -1 */
};

/* the byte length of the UTF-8 sequence at p, and its code point */
inline size_t
utf8_at(const unsigned char *p, size_t n, unsigned *cp)
{
    unsigned c = p[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    size_t k = c < 0xC0 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    if (c < 0x80 || k > n || c < 0xC0) {
        *cp = c < 0x80 ? c : 0xFFFD;
        return 1;
    }
    unsigned v = c & (0x3F >> (k - 1));
    for (size_t i = 1; i < k; i++) {
        if ((p[i] & 0xC0) != 0x80) {
            *cp = 0xFFFD;
            return 1;
        }
        v = (v << 6) | (p[i] & 0x3F);
    }
    *cp = v;
    return k;
}

inline bool
wordchar(unsigned cp)
{
    if (cp < 0x80)
        return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
               (cp >= '0' && cp <= '9');
    return Xapian::Unicode::is_wordchar(cp);
}

/* The patterns of the query's wildcards (unprefixed ones): Xapian
 * expands them when matching, and the public API shows the pattern only
 * in the description, "WILDCARD <combiner> <pattern>". */
void
wildcards(const Xapian::Query &q, std::vector<std::string> &out)
{
    if (q.get_type() == Xapian::Query::OP_WILDCARD) {
        std::string d = q.get_description();
        size_t w = d.find("WILDCARD ");
        size_t sp = w == std::string::npos ? w : d.find(' ', w + 9);
        if (sp != std::string::npos) {
            size_t e = d.find_first_of(" )", sp + 1);
            std::string pat =
                d.substr(sp + 1, e == std::string::npos ? std::string::npos
                                                        : e - sp - 1);
            if (!pat.empty() && !(pat[0] >= 'A' && pat[0] <= 'Z'))
                out.push_back(pat);
        }
        return;
    }
    for (size_t i = 0; i < q.get_num_subqueries(); i++)
        wildcards(q.get_subquery(i), out);
}

} // namespace

extern "C" nd_status
ndi_xmset_snippet(ndi_xmset *m, const char *text, size_t tlen, size_t len,
                  nd_buf *out)
{
    try {
        if (len == 0 || tlen == 0)
            return ND_OK;
        xmset_impl &p = *m->p;
        if (!p.have_snipstem) {
            p.snip = new snippet_stem(p.stem, p.query);
            p.snipstem = Xapian::Stem(p.snip);
            p.have_snipstem = true;
            for (auto t = p.query.get_unique_terms_begin();
                 t != p.query.get_unique_terms_end(); ++t) {
                const std::string &term = *t;
                if (term.empty() ||
                    (term[0] >= 'A' && term[0] <= 'Z' && term[0] != 'Z'))
                    continue; /* prefixed: no word of the text */
                if (term[0] != 'Z')
                    p.snipfirst[static_cast<unsigned char>(term[0])] = true;
                double w = p.mset.get_termweight(term);
                p.snipterms.emplace(term, static_cast<int>(p.snipw.size()));
                p.snipw.push_back(w > 0 ? w : 1.0);
            }
            std::vector<std::string> pats;
            wildcards(p.query, pats);
            for (const std::string &pat : pats) {
                p.snipfirst[static_cast<unsigned char>(pat[0])] = true;
                p.snipwild.emplace_back(pat, static_cast<int>(p.snipw.size()));
                p.snipw.push_back(1.0);
            }
        }
        const unsigned char *u = reinterpret_cast<const unsigned char *>(text);
        std::vector<snip_word> words;
        std::vector<size_t> hits; /* indexes into words of the matches */
        std::string low;
        for (size_t i = 0; i < tlen;) {
            unsigned cp;
            size_t k = utf8_at(u + i, tlen - i, &cp);
            if (!wordchar(cp)) {
                i += k;
                continue;
            }
            snip_word w = {i, i, -1};
            low.clear();
            while (i < tlen) {
                k = utf8_at(u + i, tlen - i, &cp);
                if (!wordchar(cp)) {
                    /* an apostrophe between letters stays in the word */
                    unsigned next = 0;
                    size_t k2 = 0;
                    if ((cp == '\'' || cp == 0x2019) && i + k < tlen)
                        k2 = utf8_at(u + i + k, tlen - i - k, &next);
                    if (k2 == 0 || !wordchar(next))
                        break;
                    low += '\'';
                    i += k;
                    continue;
                }
                if (cp < 0x80)
                    low += static_cast<char>(cp >= 'A' && cp <= 'Z' ? cp + 32
                                                                    : cp);
                else
                    Xapian::Unicode::append_utf8(low,
                                                 Xapian::Unicode::tolower(cp));
                i += k;
            }
            w.end = i;
            unsigned char c0 = static_cast<unsigned char>(low[0]);
            if (!p.snipw.empty() &&
                (p.snipfirst[c0] || p.snip->may_match(c0))) {
                auto it = p.snipterms.end();
                if (p.snipfirst[c0])
                    it = p.snipterms.find(low);
                if (it == p.snipterms.end() && p.snip->may_match(c0))
                    it = p.snipterms.find("Z" + (*p.snip)(low));
                if (it != p.snipterms.end())
                    w.term = it->second;
                for (size_t wk = 0; w.term < 0 && wk < p.snipwild.size(); wk++)
                    if (low.compare(0, p.snipwild[wk].first.size(),
                                    p.snipwild[wk].first) == 0)
                        w.term = p.snipwild[wk].second;
                if (w.term >= 0)
                    hits.push_back(words.size());
            }
            words.push_back(w);
        }
        if (words.empty())
            return ND_OK;

        /* the best run of matches hits[a..b] within len bytes */
        size_t best_a = 0, best_b = 0;
        double best = -1;
        if (!hits.empty()) {
            std::vector<int> count(p.snipw.size(), 0);
            double score = 0;
            size_t a = 0;
            for (size_t b = 0; b < hits.size(); b++) {
                const snip_word &wb = words[hits[b]];
                double wt = p.snipw[static_cast<size_t>(wb.term)];
                score +=
                    count[static_cast<size_t>(wb.term)]++ == 0 ? wt : wt * 0.1;
                while (a < b && wb.end - words[hits[a]].start > len) {
                    const snip_word &wa = words[hits[a]];
                    double wa_t = p.snipw[static_cast<size_t>(wa.term)];
                    score -= --count[static_cast<size_t>(wa.term)] == 0
                                 ? wa_t
                                 : wa_t * 0.1;
                    a++;
                }
                if (score > best + 1e-9) {
                    best = score;
                    best_a = a;
                    best_b = b;
                }
            }
        }
        /* the window: the matched span with some words before it */
        size_t first = 0, last; /* words */
        if (best >= 0) {
            size_t span_s = words[hits[best_a]].start;
            size_t span_e = words[hits[best_b]].end;
            size_t slack = span_e - span_s < len ? len - (span_e - span_s) : 0;
            size_t ws = span_s > slack / 6 ? span_s - slack / 6 : 0;
            if (ws + len > tlen)
                ws = tlen > len ? tlen - len : 0;
            if (ws > span_s)
                ws = span_s;
            first = hits[best_a];
            while (first > 0 && words[first - 1].start >= ws)
                first--;
        }
        last = first;
        while (last + 1 < words.size() &&
               words[last + 1].end - words[first].start <= len)
            last++;
        size_t s = words[first].start, e = words[last].end;
        /* closing punctuation of the last word */
        while (e < tlen && e - s < len + 3 && u[e] != ' ' && u[e] != '\n' &&
               u[e] != '\t' && u[e] != '\r')
            e++;

        std::string r;
        r.reserve(e - s + 16);
        if (s > 0)
            r += "...";
        size_t wi = first;
        bool space = false;
        for (size_t i = s; i < e;) {
            if (wi <= last && i == words[wi].start) {
                if (space)
                    r += ' ';
                space = false;
                const snip_word &w = words[wi++];
                if (w.term >= 0)
                    r += '\x01';
                r.append(text + w.start, w.end - w.start);
                if (w.term >= 0)
                    r += '\x02';
                i = w.end;
                continue;
            }
            unsigned char c = u[i];
            if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
                space = true;
                i++;
                continue;
            }
            if (space)
                r += ' ';
            space = false;
            r += static_cast<char>(c);
            i++;
        }
        size_t rest = e; /* only white space after the window: no "..." */
        while (rest < tlen && (u[rest] == ' ' || u[rest] == '\n' ||
                               u[rest] == '\t' || u[rest] == '\r'))
            rest++;
        /* a window ending a sentence needs no "..." either */
        size_t q = r.size();
        while (q > 0 &&
               (r[q - 1] == '"' || r[q - 1] == '\'' || r[q - 1] == ')' ||
                (q >= 3 && r.compare(q - 3, 3, "\xE2\x80\x9D") == 0)))
            q -= r[q - 1] == '\x9D' ? 3 : 1;
        bool ends =
            q > 0 && (r[q - 1] == '.' || r[q - 1] == '!' || r[q - 1] == '?');
        if (rest < tlen && !ends)
            r += "...";
        return nd_buf_append(out, r.data(), r.size());
    } catch (...) {
        return xdb_fail(&m->hdr, "snippet");
    }
}

extern "C" nd_status
ndi_x_sortable(double v, nd_buf *out)
{
    try {
        return put(out, Xapian::sortable_serialise(v));
    } catch (...) {
        return ND_ENOMEM;
    }
}

extern "C" double
ndi_x_unsortable(const char *s, size_t len)
{
    try {
        return Xapian::sortable_unserialise(std::string(s, len));
    } catch (...) {
        return 0.0;
    }
}

extern "C" nd_status
ndi_xmset_description(ndi_xmset *m, nd_buf *out)
{
    try {
        return put(out, m->p->description);
    } catch (...) {
        return xdb_fail(&m->hdr, "describe query");
    }
}

extern "C" nd_status
ndi_xmset_spelling(ndi_xmset *m, nd_buf *out)
{
    try {
        return put(out, m->p->spelling);
    } catch (...) {
        return xdb_fail(&m->hdr, "spelling");
    }
}

namespace
{
nd_status
each_pair(const std::vector<std::pair<std::string, double>> &v, ndi_xstr_fn fn,
          void *ctx)
{
    for (const auto &e : v) {
        nd_status st = fn(ctx, e.first.data(), e.first.size(), e.second);
        if (st != ND_OK)
            return st;
    }
    return ND_OK;
}
} // namespace

extern "C" nd_status
ndi_xmset_entities(ndi_xmset *m, ndi_xstr_fn fn, void *ctx)
{
    try {
        return each_pair(m->p->entities, fn, ctx);
    } catch (...) {
        return xdb_fail(&m->hdr, "entities");
    }
}

extern "C" nd_status
ndi_xmset_related(ndi_xmset *m, ndi_xstr_fn fn, void *ctx)
{
    try {
        return each_pair(m->p->related, fn, ctx);
    } catch (...) {
        return xdb_fail(&m->hdr, "related");
    }
}

extern "C" nd_status
ndi_xmset_spy(ndi_xmset *m, int kind, ndi_xstr_fn fn, void *ctx)
{
    try {
        if (kind < 0 || kind > 2)
            return ND_EINVAL;
        for (const auto &e : m->p->spied[kind]) {
            nd_status st = fn(ctx, e.first.data(), e.first.size(), e.second);
            if (st != ND_OK)
                return st;
        }
        return ND_OK;
    } catch (...) {
        return xdb_fail(&m->hdr, "facets");
    }
}

extern "C" void
ndi_xdb_set_shards(ndi_xdb *x, unsigned n)
{
    try {
        x->p->want_shards = n;
    } catch (...) {
    }
}

extern "C" void
ndi_xdb_set_spelling(ndi_xdb *x, int on)
{
    try {
        x->p->spelling = on != 0;
    } catch (...) {
        /* cannot fail: it sets a flag */
    }
}

extern "C" void
ndi_xdb_set_parallel(ndi_xdb *x, int on)
{
    try {
        x->p->want_parallel = on != 0;
    } catch (...) {
        /* cannot fail: it sets a flag */
    }
}

extern "C" void
ndi_xdb_set_merge(ndi_xdb *x, int on)
{
    try {
        x->p->merge = on != 0;
    } catch (...) {
        /* cannot fail: it sets a flag */
    }
}

extern "C" int
ndi_xdb_parallel(const ndi_xdb *x)
{
    try {
        return !x->p->pw.empty();
    } catch (...) {
        return 0;
    }
}

extern "C" nd_status
ndi_xdb_lastdocid(ndi_xdb *x, ndi_docid *out)
{
    try {
        quiesce(x->p);
        *out = x->p->db->get_lastdocid();
        return ND_OK;
    } catch (...) {
        return xdb_fail(&x->hdr, "last document id");
    }
}
