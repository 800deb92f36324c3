/* SPDX-License-Identifier: MIT */
/*
 * render-report.c - an indexing run's report as JSON. Apart from
 * render.c because it reads the run (pipeline.c): the query programs and
 * the CGI link render.c without the pipeline, the readers and libxml2.
 */
#include <config.h>

#include <inttypes.h>
#include <stdlib.h>

#include <json-c/json.h>

#include "ndi.h"

nd_status
nd_render_report(const nd_run *run, const nd_run_stats *s, FILE *out)
{
    nd_buf tmp = {0};
    ndi_hdr_init(&tmp.hdr);
    json_object *o = json_object_new_object();
    json_object *errs = json_object_new_array();
    if (o == NULL || errs == NULL) {
        json_object_put(o);
        json_object_put(errs);
        return ND_ENOMEM;
    }
    json_object_object_add(o, "schema",
                           json_object_new_string("newsdex-report/1"));
    json_object_object_add(o, "files_seen",
                           json_object_new_int64((int64_t)s->files_seen));
    json_object_object_add(o, "files_skipped",
                           json_object_new_int64((int64_t)s->files_skipped));
    json_object_object_add(o, "files_ignored",
                           json_object_new_int64((int64_t)s->files_ignored));
    json_object_object_add(o, "files_unchanged",
                           json_object_new_int64((int64_t)s->files_unchanged));
    json_object_object_add(o, "articles_added",
                           json_object_new_int64((int64_t)s->articles_added));
    json_object_object_add(o, "articles_updated",
                           json_object_new_int64((int64_t)s->articles_updated));
    json_object_object_add(
        o, "articles_unchanged",
        json_object_new_int64((int64_t)s->articles_unchanged));
    json_object_object_add(o, "articles_removed",
                           json_object_new_int64((int64_t)s->articles_removed));
    json_object_object_add(o, "items_skipped",
                           json_object_new_int64((int64_t)s->items_skipped));
    json_object_object_add(o, "bytes_read",
                           json_object_new_int64((int64_t)s->bytes_read));
    json_object_object_add(o, "elapsed_seconds",
                           json_object_new_double(s->elapsed));
    json_object_object_add(o, "compacted",
                           json_object_new_boolean(s->compacted));
    json_object_object_add(o, "errors", errs);
    long item;
    const char *reason, *path;
    for (size_t i = 0; (path = nd_run_error(run, i, &item, &reason)) != NULL;
         i++) {
        json_object *e = json_object_new_object();
        if (e == NULL)
            break;
        json_object_array_add(errs, e);
        if (ndi_render_safe_text(path, &tmp) == ND_OK)
            json_object_object_add(e, "path",
                                   json_object_new_string(nd_buf_data(&tmp)));
        if (item >= 0)
            json_object_object_add(e, "item", json_object_new_int64(item));
        if (ndi_render_safe_text(reason, &tmp) == ND_OK)
            json_object_object_add(e, "reason",
                                   json_object_new_string(nd_buf_data(&tmp)));
    }
    const char *txt = json_object_to_json_string_ext(
        o, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE);
    int bad = txt == NULL || fputs(txt, out) == EOF || fputc('\n', out) == EOF;
    json_object_put(o);
    free(tmp.data);
    return bad ? ND_EIO : ND_OK;
}
