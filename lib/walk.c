/* SPDX-License-Identifier: MIT */
/*
 * walk.c - archive walking. Directories are read through descriptors
 * (openat, O_NOFOLLOW), so a link inside the archive is reported, never
 * followed; entries come sorted so every run sees the same order.
 */
#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ndi.h"
#include "normalize.h"

typedef struct frame {
    int fd;
    char **names;
    size_t n, next;
    size_t pathlen; /* length of the directory's path in w->path */
    size_t abslen;  /* same in w->abs */
} frame;

struct nd_walk {
    ndi_hdr hdr;
    nd_limits lim;
    frame *stack;
    size_t depth, cap;
    nd_buf path; /* current entry path, as given */
    nd_buf abs;  /* current entry path, absolute */
    nd_buf reason;
    int single; /* root is one file: 1 until returned, then 2 */
    struct stat rootsb;
};

nd_status
nd_walk_new(nd_walk **out)
{
    nd_walk *w = calloc(1, sizeof *w);
    *out = w;
    if (w == NULL)
        return ND_ENOMEM;
    ndi_hdr_init(&w->hdr);
    ndi_hdr_init(&w->path.hdr);
    ndi_hdr_init(&w->abs.hdr);
    ndi_hdr_init(&w->reason.hdr);
    return ND_OK;
}

static void
pop(nd_walk *w)
{
    frame *f = &w->stack[w->depth - 1];
    for (size_t i = 0; i < f->n; i++)
        free(f->names[i]);
    free(f->names);
    if (f->fd >= 0)
        close(f->fd);
    w->depth--;
}

static void
reset(nd_walk *w)
{
    while (w->depth > 0)
        pop(w);
    w->single = 0;
}

void
nd_walk_free(nd_walk *w)
{
    if (w == NULL)
        return;
    reset(w);
    free(w->stack);
    free(w->path.data);
    free(w->abs.data);
    free(w->reason.data);
    free(w);
}

static int
cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Read and sort the names of the directory open at 'fd' and push it. */
static nd_status
push(nd_walk *w, int fd)
{
    nd_status st = ND_OK;
    DIR *d = NULL;
    char **names = NULL;
    size_t n = 0, cap = 0;

    if (w->depth == w->cap) {
        size_t c = w->cap ? w->cap * 2 : 16;
        frame *s = realloc(w->stack, c * sizeof *s);
        if (s == NULL) {
            close(fd);
            return ndi_fail(&w->hdr, ND_ENOMEM, "out of memory");
        }
        w->stack = s;
        w->cap = c;
    }
    int dfd = dup(fd);
    if (dfd < 0 || (d = fdopendir(dfd)) == NULL) {
        st = ndi_fail(&w->hdr, ND_EIO, "%s: cannot read directory: %s",
                      nd_buf_data(&w->path), strerror(errno));
        if (dfd >= 0)
            close(dfd);
        close(fd);
        return st;
    }
    struct dirent *de;
    errno = 0;
    while ((de = readdir(d)) != NULL) {
        const char *nm = de->d_name;
        if (nm[0] == '.' && (nm[1] == '\0' || (nm[1] == '.' && nm[2] == '\0')))
            continue;
        if (n == cap) {
            size_t c = cap ? cap * 2 : 32;
            char **p = realloc(names, c * sizeof *p);
            if (p == NULL) {
                st = ND_ENOMEM;
                break;
            }
            names = p;
            cap = c;
        }
        if ((names[n] = ndi_strndup(nm, strlen(nm))) == NULL) {
            st = ND_ENOMEM;
            break;
        }
        n++;
    }
    closedir(d);
    if (st != ND_OK) {
        for (size_t i = 0; i < n; i++)
            free(names[i]);
        free(names);
        close(fd);
        return ndi_fail(&w->hdr, st, "out of memory");
    }
    if (n > 1)
        qsort(names, n, sizeof *names, cmp_names);
    frame *f = &w->stack[w->depth++];
    f->fd = fd;
    f->names = names;
    f->n = n;
    f->next = 0;
    f->pathlen = w->path.len;
    f->abslen = w->abs.len;
    return ND_OK;
}

nd_status
nd_walk_open(nd_walk *w, const char *root, const nd_limits *lim)
{
    static const nd_limits deflim = ND_LIMITS_INIT;
    reset(w);
    ndi_clear(&w->hdr);
    w->lim = lim != NULL ? *lim : deflim;
    nd_buf_clear(&w->path);
    nd_buf_clear(&w->abs);
    /* The root itself may be a link: the user named it. */
    int fd = open(root, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
    if (fd < 0) {
        int e = errno;
        return ndi_fail(&w->hdr, e == ENOENT ? ND_ENOTFOUND : ND_EIO, "%s: %s",
                        root, strerror(e));
    }
    if (fstat(fd, &w->rootsb) != 0) {
        int e = errno;
        close(fd);
        return ndi_fail(&w->hdr, ND_EIO, "%s: %s", root, strerror(e));
    }
    char *real = realpath(root, NULL);
    if (real == NULL) {
        int e = errno;
        close(fd);
        return ndi_fail(&w->hdr, ND_EIO, "%s: %s", root, strerror(e));
    }
    nd_status st = ndi_buf_puts(&w->abs, real);
    free(real);
    if (st == ND_OK)
        st = ndi_buf_puts(&w->path, root);
    if (st != ND_OK) {
        close(fd);
        return ndi_fail(&w->hdr, st, "out of memory");
    }
    if (S_ISDIR(w->rootsb.st_mode)) {
        /* "dir/" and "dir" give the same paths below. */
        while (w->path.len > 1 && w->path.data[w->path.len - 1] == '/')
            w->path.data[--w->path.len] = '\0';
        return push(w, fd);
    }
    close(fd);
    w->single = 1;
    return ND_OK;
}

int
nd_name_is_news(const char *name)
{
    static const char *const news_ext[] = {
        "txt",  "text", "html",  "htm",    "xhtml", "shtml", "xml",
        "nitf", "sgml", "sgm",   "warc",   "rss",   "atom",  "newsml",
        "mbox", "eml",  "jsonl", "ndjson", "json",  "news",  "story",
    };
    const char *base = strrchr(name, '/');
    base = base != NULL ? base + 1 : name;
    if (base[0] == '.')
        return 0; /* hidden files: editors' and tools' leftovers */
    size_t n = strlen(base);
    if (n > 3 && ndi_strncaseeq(base + n - 3, ".gz", 3))
        n -= 3;
    const char *dot = NULL;
    for (size_t i = n; i > 0; i--)
        if (base[i - 1] == '.') {
            dot = base + i - 1;
            break;
        }
    if (dot == NULL)
        return 1; /* no extension: its content decides */
    size_t elen = n - (size_t)(dot + 1 - base);
    for (size_t i = 0; i < NDI_ARRAY_LEN(news_ext); i++)
        if (strlen(news_ext[i]) == elen &&
            ndi_strncaseeq(dot + 1, news_ext[i], elen))
            return 1;
    return 0;
}

static void
set_times(nd_entry *out, const struct stat *sb)
{
    out->size = sb->st_size;
    out->mtime_ns =
        (int64_t)sb->st_mtim.tv_sec * 1000000000 + sb->st_mtim.tv_nsec;
}

/* Set w->path and w->abs to the directory 'f' plus 'name'. */
static nd_status
join(nd_walk *w, const frame *f, const char *name)
{
    w->path.len = f->pathlen;
    w->abs.len = f->abslen;
    nd_status st = ND_OK;
    if (w->path.len == 0 || w->path.data[w->path.len - 1] != '/')
        st = ndi_buf_putc(&w->path, '/');
    if (st == ND_OK)
        st = ndi_buf_puts(&w->path, name);
    if (st == ND_OK && (w->abs.len == 0 || w->abs.data[w->abs.len - 1] != '/'))
        st = ndi_buf_putc(&w->abs, '/');
    if (st == ND_OK)
        st = ndi_buf_puts(&w->abs, name);
    return st;
}

nd_status
nd_walk_next(nd_walk *w, nd_entry *out)
{
    memset(out, 0, sizeof *out);
    if (w->single == 1) {
        w->single = 2;
        out->path = nd_buf_data(&w->path);
        out->abspath = nd_buf_data(&w->abs);
        set_times(out, &w->rootsb);
        if (!S_ISREG(w->rootsb.st_mode)) {
            out->kind = ND_ENTRY_SKIPPED;
            out->reason = "not a regular file";
        } else {
            out->kind = ND_ENTRY_NEWS; /* named by the user: always read */
        }
        return ND_OK;
    }
    while (w->depth > 0) {
        frame *f = &w->stack[w->depth - 1];
        if (f->next == f->n) {
            pop(w);
            continue;
        }
        const char *name = f->names[f->next++];
        nd_status st = join(w, f, name);
        if (st != ND_OK)
            return ndi_fail(&w->hdr, st, "out of memory");
        out->path = nd_buf_data(&w->path);
        out->abspath = nd_buf_data(&w->abs);
        struct stat sb;
        if (fstatat(f->fd, name, &sb, AT_SYMLINK_NOFOLLOW) != 0) {
            nd_buf_clear(&w->reason);
            ndi_buf_printf(&w->reason, "cannot stat: %s", strerror(errno));
            out->kind = ND_ENTRY_SKIPPED;
            out->reason = nd_buf_data(&w->reason);
            return ND_OK;
        }
        set_times(out, &sb);
        if (S_ISDIR(sb.st_mode)) {
            if (name[0] == '.')
                continue; /* .git, .svn and other tool directories */
            if (w->depth >= w->lim.max_depth) {
                out->kind = ND_ENTRY_SKIPPED;
                out->reason = "directory nested too deep (--max-depth)";
                return ND_OK;
            }
            int fd = openat(f->fd, name,
                            O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
            if (fd < 0) {
                nd_buf_clear(&w->reason);
                ndi_buf_printf(&w->reason, "cannot open directory: %s",
                               strerror(errno));
                out->kind = ND_ENTRY_SKIPPED;
                out->reason = nd_buf_data(&w->reason);
                return ND_OK;
            }
            st = push(w, fd);
            if (st == ND_ENOMEM)
                return st;
            if (st != ND_OK) {
                nd_buf_clear(&w->reason);
                ndi_buf_puts(&w->reason, "cannot read directory");
                out->kind = ND_ENTRY_SKIPPED;
                out->reason = nd_buf_data(&w->reason);
                return ND_OK;
            }
            continue;
        }
        if (S_ISLNK(sb.st_mode)) {
            out->kind = ND_ENTRY_SKIPPED;
            out->reason = "symbolic link (not followed)";
            return ND_OK;
        }
        if (!S_ISREG(sb.st_mode)) {
            out->kind = ND_ENTRY_SKIPPED;
            out->reason = "not a regular file";
            return ND_OK;
        }
        out->kind = nd_name_is_news(name) ? ND_ENTRY_NEWS : ND_ENTRY_IGNORED;
        return ND_OK;
    }
    return ND_DONE;
}
