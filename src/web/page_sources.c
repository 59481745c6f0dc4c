/*
 * page_sources.c — /sources: every list received, with its counts; and
 * /sources/ID: that list's rejected rows, line by line, with the reason.
 */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "web.h"

static void num(sbuf *b, json_t *o, const char *k)
{
    sbuf_printf(b, "<td>%lld</td>", json_integer_value(json_object_get(o, k)));
}

static void str(sbuf *b, json_t *o, const char *k)
{
    sbuf_adds(b, "<td>");
    html_esc(b, web_str(o, k));
    sbuf_adds(b, "</td>");
}

int page_sources(http_req *r, http_resp *w, long id)
{
    json_t *arr;
    herr e = {0};
    int rc = id > 0 ? http_rejects_json(r->s, id, &arr, &e) : http_sources_json(r->s, &arr, &e);
    if (rc != HERR_OK)
        return web_error(r, w, 500, "error");
    sbuf b;
    sbuf_init(&b);
    web_begin(r, &b, id > 0 ? "rejects" : "sources");
    size_t i;
    json_t *x;
    if (id > 0) {
        sbuf_adds(&b, "<table><tr><th>");
        html_esc(&b, T(r, "line"));
        sbuf_adds(&b, "</th><th>");
        html_esc(&b, T(r, "reason"));
        sbuf_adds(&b, "</th><th></th></tr>");
        json_array_foreach(arr, i, x)
        {
            sbuf_adds(&b, "<tr>");
            num(&b, x, "line");
            str(&b, x, "reason");
            str(&b, x, "raw");
            sbuf_adds(&b, "</tr>");
        }
        sbuf_adds(&b, "</table>");
    } else {
        sbuf_adds(&b, "<table><tr><th>#</th><th>");
        html_esc(&b, T(r, "source"));
        sbuf_adds(&b, "</th><th>");
        html_esc(&b, T(r, "kind"));
        sbuf_adds(&b, "</th><th>");
        html_esc(&b, T(r, "received"));
        sbuf_adds(&b, "</th><th>");
        html_esc(&b, T(r, "rows"));
        sbuf_adds(&b, "</th><th>");
        html_esc(&b, T(r, "imported"));
        sbuf_adds(&b, "</th><th>");
        html_esc(&b, T(r, "rejected"));
        sbuf_adds(&b, "</th></tr>");
        json_array_foreach(arr, i, x)
        {
            sbuf_adds(&b, "<tr>");
            num(&b, x, "id");
            str(&b, x, "name");
            str(&b, x, "kind");
            str(&b, x, "received");
            num(&b, x, "rows");
            num(&b, x, "imported");
            long long rej = json_integer_value(json_object_get(x, "rejected"));
            if (rej)
                sbuf_printf(&b, "<td><a href=\"/sources/%lld\">%lld</a></td>",
                            json_integer_value(json_object_get(x, "id")), rej);
            else
                sbuf_adds(&b, "<td>0</td>");
            sbuf_adds(&b, "</tr>");
        }
        sbuf_adds(&b, "</table>");
    }
    json_decref(arr);
    return web_end(w, &b, 200);
}
