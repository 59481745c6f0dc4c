/*
 * page_sources.c — /sources: every list received, with its counts; and
 * /sources/ID: that list's rejected rows, line by line, with the reason
 * and the row as received where the role may read it (http_rejects_json:
 * a sealed row, which names an informant, only for the roles that import
 * lists; none for the analyst).
 */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "web.h"

/* Why a row was rejected, in the page's language: the importer's reasons
 * (import.c, reader_csv.c, reader_json.c) by their words; another kept as
 * stored. */
static void reason_cell(const http_req *r, sbuf *b, const char *reason)
{
    static const struct {
        const char *stored, *key;
    } known[] = {{"no name and no document", "reject.noname"},
                 {"unbalanced quote", "reject.quote"},
                 {"undecodable bytes", "reject.utf8"},
                 {"not a JSON object", "reject.json"}};
    const char *text = reason ? reason : "";
    char counted[120];
    long want, found;
    for (size_t k = 0; k < sizeof known / sizeof known[0]; k++)
        if (strncmp(text, known[k].stored, strlen(known[k].stored)) == 0)
            text = T(r, known[k].key);
    if (sscanf(text, "expected %ld fields, found %ld", &want, &found) == 2) {
        snprintf(counted, sizeof counted, T(r, "reject.count"), want, found);
        text = counted;
    }
    sbuf_adds(b, "<td>");
    html_esc(b, text);
    sbuf_adds(b, "</td>");
}

int page_sources(http_req *r, http_resp *w, long id)
{
    json_t *arr;
    herr e = {0};
    int rc = id > 0 ? http_rejects_json(r, id, &arr, &e) : http_sources_json(r->s, &arr, &e);
    if (rc != HERR_OK)
        return web_error(r, w, 500, "error");
    sbuf b;
    sbuf_init(&b);
    web_begin(r, &b, id > 0 ? "rejects" : "sources");
    size_t i;
    json_t *x;
    if (id > 0) {
        static const char *const head[] = {"line", "reason", "raw"};
        web_table_head(r, &b, head, 3);
        json_array_foreach(arr, i, x)
        {
            sbuf_adds(&b, "<tr>");
            web_cell(&b, x, "line");
            reason_cell(r, &b, web_str(x, "reason"));
            if (json_is_string(json_object_get(x, "raw"))) {
                sbuf_adds(&b, "<td class=\"raw\">");
                html_esc(&b, web_str(x, "raw"));
                sbuf_adds(&b, "</td>");
            } else /* sealed, or not for this role */
            {
                sbuf_adds(&b, "<td class=\"muted\">");
                html_esc(&b, T(r, json_is_true(json_object_get(x, "sealed")) ? "raw.sealed"
                                                                            : "raw.hidden"));
                sbuf_adds(&b, "</td>");
            }
            sbuf_adds(&b, "</tr>");
        }
        sbuf_adds(&b, "</table>");
    } else {
        static const char *const head[] = {"#", "source", "kind", "received",
                                           "col.rows", "col.imported", "col.rejected"};
        sbuf_adds(&b, "<div class=\"wide\">"); /* seven columns: a phone scrolls them */
        web_table_head(r, &b, head, 7);
        json_array_foreach(arr, i, x)
        {
            sbuf_adds(&b, "<tr>");
            web_cell(&b, x, "id");
            web_cell(&b, x, "name");
            web_enum_cell(r, &b, x, "kind", "kind");
            web_day_cell(&b, x, "received");
            web_cell(&b, x, "rows");
            web_cell(&b, x, "imported");
            long long rej = json_integer_value(json_object_get(x, "rejected"));
            if (rej)
                sbuf_printf(&b, "<td><a href=\"/sources/%lld\">%lld</a></td>",
                            json_integer_value(json_object_get(x, "id")), rej);
            else
                sbuf_adds(&b, "<td>0</td>");
            sbuf_adds(&b, "</tr>");
        }
        sbuf_adds(&b, "</table></div>");
    }
    json_decref(arr);
    return web_end(w, &b, 200);
}
