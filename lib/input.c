/* SPDX-License-Identifier: MIT */
/*
 * input.c - the only place that opens source files. An archive is
 * untrusted: links are not followed, only regular files are read, and
 * every byte count is capped.
 */
#include <config.h>

#include "input.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <zlib.h>

nd_status
ndi_input_read_file(ndi_hdr *h, const char *path, const nd_limits *lim,
                    nd_buf *raw, nd_filestate *fs)
{
    nd_status st = ND_OK;
    memset(fs, 0, sizeof *fs);
    nd_buf_clear(raw);
    /* O_NONBLOCK: opening a FIFO must not wait for a writer. */
    int fd =
        open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) {
        if (errno == ELOOP)
            return ndi_fail(h, ND_EIO, "is a symbolic link (not followed)");
        return ndi_fail(h, ND_EIO, "cannot open: %s", strerror(errno));
    }
    struct stat sb;
    if (fstat(fd, &sb) != 0) {
        st = ndi_fail(h, ND_EIO, "cannot stat: %s", strerror(errno));
        goto out;
    }
    if (!S_ISREG(sb.st_mode)) {
        st = ndi_fail(h, ND_EIO, "not a regular file");
        goto out;
    }
    if ((uint64_t)sb.st_size > lim->max_file_bytes) {
        st = ndi_fail(h, ND_ETOOBIG,
                      "file is %lld bytes, over the limit of %zu "
                      "(--max-file-bytes)",
                      (long long)sb.st_size, lim->max_file_bytes);
        goto out;
    }
    fs->size = sb.st_size;
    fs->mtime_ns = (int64_t)sb.st_mtim.tv_sec * 1000000000 + sb.st_mtim.tv_nsec;
    st = ndi_buf_reserve(raw, (size_t)sb.st_size);
    if (st != ND_OK)
        goto out;
    for (;;) {
        /* The file may grow while we read: the cap still holds. */
        if (raw->len >= lim->max_file_bytes) {
            char probe;
            ssize_t more = read(fd, &probe, 1);
            if (more > 0) {
                st = ndi_fail(h, ND_ETOOBIG,
                              "file grew over the limit of %zu bytes",
                              lim->max_file_bytes);
                goto out;
            }
            break;
        }
        if ((st = ndi_buf_reserve(raw, 65536)) != ND_OK)
            goto out;
        size_t want = raw->cap - raw->len - 1;
        if (want > lim->max_file_bytes - raw->len)
            want = lim->max_file_bytes - raw->len;
        ssize_t n = read(fd, raw->data + raw->len, want);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            st = ndi_fail(h, ND_EIO, "read error: %s", strerror(errno));
            goto out;
        }
        if (n == 0)
            break;
        raw->len += (size_t)n;
    }
    raw->data[raw->len] = '\0';
    ndi_hash128_hex(raw->data, raw->len, fs->hash);
out:
    close(fd);
    return st;
}

int
ndi_is_gzip(const void *data, size_t len)
{
    const unsigned char *p = data;
    return len >= 2 && p[0] == 0x1f && p[1] == 0x8b;
}

/* ndi_gunzip() and ndi_gunzip_members(): with 'truncated' NULL, a torn
 * member fails the whole; otherwise the complete members before it are
 * kept. */
static nd_status
gunzip(ndi_hdr *h, const void *data, size_t len, size_t max, nd_buf *out,
       int *truncated)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    if (!ndi_is_gzip(data, len))
        return ndi_fail(h, ND_EFORMAT, "not gzip data");
    /* 16 + MAX_WBITS: gzip only; members are restarted by hand below. */
    if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK)
        return ndi_fail(h, ND_ENOMEM, "cannot start inflate");
    nd_status st = ND_OK;
    size_t start = out->len, member_end = start;
    z.next_in = (Bytef *)data;
    z.avail_in = 0;
    size_t left = len;
    for (;;) {
        if (z.avail_in == 0 && left > 0) {
            uInt chunk = left > (1u << 30) ? (1u << 30) : (uInt)left;
            z.avail_in = chunk;
            left -= chunk;
        }
        if ((st = ndi_buf_reserve(out, 65536)) != ND_OK)
            break;
        size_t room = out->cap - out->len - 1;
        if (room > 1u << 30)
            room = 1u << 30;
        z.next_out = (Bytef *)out->data + out->len;
        z.avail_out = (uInt)room;
        int rc = inflate(&z, Z_NO_FLUSH);
        out->len += room - z.avail_out;
        if (out->len - start > max) {
            st = ndi_fail(h, ND_ETOOBIG,
                          "gzip data inflates past the limit of %zu bytes "
                          "(--max-inflated-bytes)",
                          max);
            break;
        }
        if (rc == Z_STREAM_END) {
            member_end = out->len;
            /* Another member may follow; trailing zero padding is fine. */
            const unsigned char *p = z.next_in;
            size_t rest = z.avail_in + left;
            while (rest > 0 && *p == 0) {
                p++;
                rest--;
            }
            if (rest == 0)
                break;
            if (!ndi_is_gzip(p, rest)) {
                if (truncated != NULL && rest == 1 && *p == 0x1f) {
                    *truncated = 1; /* torn inside the next magic */
                    break;
                }
                st = ndi_fail(h, ND_EFORMAT, "garbage after gzip data");
                break;
            }
            inflateReset(&z);
            z.next_in = (Bytef *)p;
            z.avail_in = rest > (1u << 30) ? (1u << 30) : (uInt)rest;
            left = rest - z.avail_in;
            continue;
        }
        if (rc == Z_BUF_ERROR && z.avail_in == 0 && left == 0) {
            if (truncated != NULL && member_end > start) {
                out->len = member_end;
                *truncated = 1;
                break;
            }
            st = ndi_fail(h, ND_EFORMAT, "truncated gzip data");
            break;
        }
        if (rc != Z_OK && rc != Z_BUF_ERROR) {
            st = ndi_fail(h, rc == Z_MEM_ERROR ? ND_ENOMEM : ND_EFORMAT,
                          "corrupt gzip data: %s",
                          z.msg != NULL ? z.msg : "inflate failed");
            break;
        }
    }
    inflateEnd(&z);
    if (out->data != NULL)
        out->data[out->len] = '\0';
    if (st != ND_OK) {
        out->len = start;
        if (out->data != NULL)
            out->data[start] = '\0';
    }
    return st;
}

nd_status
ndi_gunzip(ndi_hdr *h, const void *data, size_t len, size_t max, nd_buf *out)
{
    return gunzip(h, data, len, max, out, NULL);
}

nd_status
ndi_gunzip_members(ndi_hdr *h, const void *data, size_t len, size_t max,
                   nd_buf *out, int *truncated)
{
    *truncated = 0;
    return gunzip(h, data, len, max, out, truncated);
}
