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
            /* why, in the page's language where messages.c knows it */
            const char *reason = web_str(x, "reason");
            sbuf_adds(&b, "<td>");
            if (!web_message_known(r, &b, reason ? reason : ""))
                html_esc(&b, reason ? reason : "");
            sbuf_adds(&b, "</td>");
            const char *raw = web_str(x, "raw"); /* NULL: sealed, or not for this role */
            sbuf_adds(&b, raw ? "<td class=\"raw\">" : "<td class=\"muted\">");
            html_esc(&b, raw ? raw
                             : T(r, json_is_true(json_object_get(x, "sealed")) ? "raw.sealed"
                                                                              : "raw.hidden"));
            sbuf_adds(&b, "</td>");
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
