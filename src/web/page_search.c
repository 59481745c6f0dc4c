/*
 * page_search.c — / : what the family knows, and the ranked candidates
 * with their status, the sources that say it (or contradict it), place,
 * since when, and why each was proposed.
 */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "web.h"

static void candidate(const http_req *r, sbuf *b, json_t *c)
{
    json_t *pid = json_object_get(c, "person_id");
    sbuf_adds(b, "<div class=\"card candidate\"><span class=\"p\">");
    sbuf_printf(b, "%.0f%%", 100 * json_real_value(json_object_get(c, "probability")));
    sbuf_adds(b, "</span><h3>");
    if (json_is_integer(pid))
        sbuf_printf(b, "<a href=\"/person/%lld\">", json_integer_value(pid));
    html_esc(b, web_str(c, "name") ? web_str(c, "name") : "?");
    if (json_is_integer(pid))
        sbuf_adds(b, "</a>");
    sbuf_adds(b, "</h3><p><span class=\"status-");
    html_esc(b, web_str(c, "status"));
    sbuf_adds(b, "\">");
    html_esc(b, web_str(c, "status_note"));
    sbuf_adds(b, "</span>");
    if (web_str(c, "facility")) {
        sbuf_adds(b, " · ");
        html_esc(b, web_str(c, "facility"));
    }
    if (web_str(c, "since")) {
        sbuf_adds(b, " · ");
        html_esc(b, T(r, "since"));
        sbuf_adds(b, " ");
        html_esc(b, web_str(c, "since"));
    }
    sbuf_adds(b, "</p><p class=\"muted\">");
    html_esc(b, T(r, "sources"));
    sbuf_adds(b, ": ");
    size_t i;
    json_t *x;
    json_array_foreach(json_object_get(c, "sources"), i, x)
    {
        if (i)
            sbuf_adds(b, ", ");
        html_esc(b, json_string_value(x));
    }
    sbuf_adds(b, "</p><details><summary>");
    html_esc(b, T(r, "why"));
    sbuf_adds(b, "</summary><ul class=\"why\">");
    json_array_foreach(json_object_get(c, "why"), i, x)
    {
        sbuf_adds(b, "<li>");
        html_esc(b, json_string_value(x));
        sbuf_adds(b, "</li>");
    }
    sbuf_adds(b, "</ul></details></div>");
}

int page_search(http_req *r, http_resp *w)
{
    static const char *const fields[][3] = {
        {"name", "name", "text"},          {"age", "age", "number"},
        {"birth_date", "birth_date", "text"}, {"arrest_date", "arrest_date", "text"},
        {"place", "place", "text"},        {"mother", "mother", "text"},
        {"dui", "dui", "text"}};
    sbuf b;
    sbuf_init(&b);
    web_begin(r, &b, "search");
    sbuf_adds(&b, "<form method=\"get\" action=\"/\" class=\"card\">");
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        web_input(r, &b, fields[i][0], fields[i][1], fields[i][2], http_arg(r, fields[i][0]));
    sbuf_adds(&b, "<button type=\"submit\">");
    html_esc(&b, T(r, "find"));
    sbuf_adds(&b, "</button></form>");
    const char *name = http_arg(r, "name");
    int status = 200;
    if (name && *name) {
        trace_query q;
        json_t *out = NULL;
        herr e = {0};
        if (!r->ix) {
            sbuf_adds(&b, "<p class=\"error\">");
            html_esc(&b, T(r, "not_linked"));
            sbuf_adds(&b, "</p>");
            status = 503;
        } else if (http_trace_query(r, &q, &e) != HERR_OK ||
                   trace_answer_json(r->s, r->ix, &q, 5, 0, &out, &e) != HERR_OK) {
            sbuf_adds(&b, "<p class=\"error\" role=\"alert\">");
            html_esc(&b, e.msg);
            sbuf_adds(&b, "</p>");
            status = 400;
        } else {
            json_t *cands = json_object_get(out, "candidates");
            char detail[48];
            snprintf(detail, sizeof detail, "candidates=%zu", json_array_size(cands));
            http_audit(r, "trace", "", detail);
            sbuf_adds(&b, "<h2>");
            html_esc(&b, T(r, "candidates"));
            sbuf_adds(&b, "</h2>");
            if (!json_array_size(cands)) {
                sbuf_adds(&b, "<p>");
                html_esc(&b, T(r, "no_candidates"));
                sbuf_adds(&b, "</p>");
            }
            size_t i;
            json_t *c;
            json_array_foreach(cands, i, c) candidate(r, &b, c);
            json_decref(out);
        }
    }
    return web_end(w, &b, status);
}
