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
#include <cstdio>
#include <cstring>
#include <memory>
#include <new>
#include <string>
#include <vector>

#include <xapian.h>

namespace
{

struct xdb_impl {
    std::unique_ptr<Xapian::Database> db;
    Xapian::WritableDatabase *wdb = nullptr; /* db.get() when writable */
    bool in_txn = false;
};

struct xdoc_impl {
    Xapian::Document doc;
    Xapian::TermGenerator gen;
};

struct xmset_impl {
    Xapian::Enquire enq;
    Xapian::MSet mset;
    Xapian::Query query; /* as run: for ndi_xmset_filtered */
    Xapian::Stem stem;
    Xapian::Database db;
    Xapian::valueno tiebreak = Xapian::BAD_VALUENO;
    explicit xmset_impl(const Xapian::Database &d) : enq(d), db(d)
    {
    }
};

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
        x->p->in_txn = false;
        if (mode == NDI_XDB_READ) {
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
        if (x->p->db) {
            if (x->p->wdb != nullptr) {
                if (x->p->in_txn) {
                    x->p->wdb->commit_transaction();
                    x->p->in_txn = false;
                }
                x->p->wdb->commit();
            }
            x->p->db->close();
        }
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
        if (x->p->wdb != nullptr) {
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
        x->p->db->reopen();
        return ND_OK;
    } catch (...) {
        return xdb_fail(&x->hdr, "reopen");
    }
}

extern "C" nd_status
ndi_xdb_get_meta(ndi_xdb *x, const char *key, nd_buf *out)
{
    try {
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
        if (!x->p->in_txn) {
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
        if (x->p->in_txn) {
            x->p->in_txn = false;
            x->p->wdb->commit_transaction();
        } else {
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
        x->p->wdb->replace_document(unique, d->p->doc);
        return ND_OK;
    } catch (...) {
        return xdb_fail(&x->hdr, "write document");
    }
}

extern "C" nd_status
ndi_xdb_delete(ndi_xdb *x, const char *term, unsigned *n)
{
    try {
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
        return put(out, x->p->db->get_document(id).get_value(slot));
    } catch (...) {
        return xdb_fail(&x->hdr, "read value");
    }
}

extern "C" nd_status
ndi_xdb_data(ndi_xdb *x, ndi_docid id, nd_buf *out)
{
    try {
        return put(out, x->p->db->get_document(id).get_data());
    } catch (...) {
        return xdb_fail(&x->hdr, "read document");
    }
}

extern "C" nd_status
ndi_xdb_doccount(ndi_xdb *x, uint64_t *out)
{
    try {
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
        nd_status st = put(lo, x->p->db->get_value_lower_bound(slot));
        if (st == ND_OK)
            st = put(hi, x->p->db->get_value_upper_bound(slot));
        return st;
    } catch (...) {
        return xdb_fail(&x->hdr, "read value bounds");
    }
}

/* ---- documents ------------------------------------------------------ */

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
        d->p->gen.set_stemmer(Xapian::Stem(stem_name(lang)));
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
        m->p = new xmset_impl(*x->p->db);
        m->p->stem = Xapian::Stem(stem_name(q->lang));
        Xapian::QueryParser qp;
        qp.set_database(*x->p->db);
        qp.set_stemmer(m->p->stem);
        qp.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
        qp.set_max_expansion(q->max_wildcard ? q->max_wildcard : 100,
                             Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT);
        for (size_t i = 0; i < q->nfields; i++) {
            if (q->fields[i].boolean)
                qp.add_boolean_prefix(q->fields[i].field, q->fields[i].prefix);
            else
                qp.add_prefix(q->fields[i].field, q->fields[i].prefix);
        }
        unsigned flags = Xapian::QueryParser::FLAG_PHRASE |
                         Xapian::QueryParser::FLAG_BOOLEAN |
                         Xapian::QueryParser::FLAG_LOVEHATE |
                         Xapian::QueryParser::FLAG_WILDCARD |
                         Xapian::QueryParser::FLAG_PURE_NOT;
        std::string text(q->text);
        qp.set_default_op(Xapian::Query::OP_OR);
        Xapian::Query any = qp.parse_query(text, flags);
        qp.set_default_op(Xapian::Query::OP_AND);
        Xapian::Query all = qp.parse_query(text, flags);
        /* Articles holding every word collect both weights. */
        Xapian::Query query = any;
        if (all.get_length() > 1 && all.serialise() != any.serialise())
            query = Xapian::Query(Xapian::Query::OP_OR, any, all);
        Xapian::Enquire &enq = m->p->enq;
        enq.set_query(query);
        m->p->query = query;
        if (q->collapse)
            enq.set_collapse_key(q->collapse_slot);
        if (q->tiebreak_slot >= 0)
            m->p->tiebreak = static_cast<Xapian::valueno>(q->tiebreak_slot);
        if (q->tiebreak_slot >= 0)
            enq.set_sort_by_relevance_then_value(
                static_cast<Xapian::valueno>(q->tiebreak_slot), false);
        m->p->mset =
            enq.get_mset(q->offset, q->count, q->offset + q->count + 100);
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

extern "C" nd_status
ndi_xmset_snippet(ndi_xmset *m, const char *text, size_t tlen, size_t len,
                  nd_buf *out)
{
    try {
        std::string s =
            m->p->mset.snippet(std::string(text, tlen), len, m->p->stem,
                               Xapian::MSet::SNIPPET_BACKGROUND_MODEL |
                                   Xapian::MSet::SNIPPET_EXHAUSTIVE,
                               "\x01", "\x02", "...");
        /* Xapian escapes &, < and > for HTML; the contract is plain text. */
        std::string plain;
        plain.reserve(s.size());
        for (size_t i = 0; i < s.size(); i++) {
            if (s[i] == '&') {
                if (s.compare(i, 5, "&amp;") == 0) {
                    plain += '&';
                    i += 4;
                    continue;
                }
                if (s.compare(i, 4, "&lt;") == 0) {
                    plain += '<';
                    i += 3;
                    continue;
                }
                if (s.compare(i, 4, "&gt;") == 0) {
                    plain += '>';
                    i += 3;
                    continue;
                }
                if (s.compare(i, 6, "&quot;") == 0) {
                    plain += '"';
                    i += 5;
                    continue;
                }
            }
            plain += s[i];
        }
        return nd_buf_append(out, plain.data(), plain.size());
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
