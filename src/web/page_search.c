/*
 * page_search.c — / : what the family knows, and the ranked candidates
 * with their status, the sources that say it (or contradict it), place,
 * since when, and why each was proposed.
 */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "web.h"

/* The API's status_note, worded in the page's language from its parts:
 * "detenido/a: lo confirman 2 fuentes"; a status told by a record joined
 * to him with doubt says how sure the join was. */
static void status_note(const http_req *r, sbuf *b, json_t *c)
{
    const char *status = web_str(c, "status");
    size_t ns = json_array_size(json_object_get(c, "status_sources"));
    size_t na = json_array_size(json_object_get(c, "contradicted_by"));
    if (!json_is_integer(json_object_get(c, "person_id"))) {
        html_esc(b, T(r, "unlinked"));
        return;
    }
    if (!status || strcmp(status, "unknown") == 0) {
        html_esc(b, T(r, "no_status"));
        return;
    }
    size_t sure = json_array_size(json_object_get(c, "status_sure_sources"));
    html_esc(b, web_enum(r, "status", status));
    if (na == 0 && sure <= 1) {
        sbuf_adds(b, ": ");
        html_esc(b, T(r, ns <= 1 ? "unconfirmed" : "unconfirmed_sure"));
        sbuf_adds(b, " (");
        html_esc(b, ns ? json_string_value(json_array_get(json_object_get(c, "status_sources"), 0))
                       : "?");
        sbuf_adds(b, ")");
    } else if (na == 0) {
        sbuf_adds(b, ": ");
        html_esc(b, T(r, "confirmed_by"));
        sbuf_printf(b, " %zu ", sure);
        html_esc(b, T(r, "source_n"));
    } else {
        sbuf_adds(b, " ");
        html_esc(b, T(r, "according_to"));
        sbuf_printf(b, " %zu ", ns);
        html_esc(b, T(r, ns == 1 ? "source_1" : "source_n"));
        sbuf_adds(b, ", ");
        html_esc(b, T(r, "against"));
        sbuf_printf(b, " %zu", na);
    }
    if (json_is_number(json_object_get(c, "status_joined"))) {
        sbuf_adds(b, "; ");
        html_esc(b, T(r, "status_joined"));
        sbuf_printf(b, " %.0f%%", 100 * json_number_value(json_object_get(c, "status_joined")));
    }
}

static void candidate(const http_req *r, sbuf *b, json_t *c)
{
    json_t *pid = json_object_get(c, "person_id");
    sbuf_adds(b, "<div class=\"card candidate\"><span class=\"p\">");
    html_percent(b, json_real_value(json_object_get(c, "probability")));
    sbuf_adds(b, "</span><h3>");
    if (json_is_integer(pid))
        sbuf_printf(b, "<a href=\"/person/%lld\">", json_integer_value(pid));
    html_esc(b, web_str(c, "name") ? web_str(c, "name") : "?");
    if (json_is_integer(pid))
        sbuf_adds(b, "</a>");
    sbuf_adds(b, "</h3><p><span class=\"status-");
    html_esc(b, web_str(c, "status"));
    sbuf_adds(b, "\">");
    status_note(r, b, c);
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
    json_array_foreach(json_object_get(c, "why_parts"), i, x)
    {
        sbuf_adds(b, "<li>");
        html_esc(b, web_enum(r, "field", web_str(x, "field")));
        sbuf_adds(b, ": ");
        html_esc(b, web_enum(r, "level", web_str(x, "level")));
        sbuf_printf(b, " (%+.1f", json_real_value(json_object_get(x, "weight")));
        if (json_object_get(x, "record_id")) {
            sbuf_adds(b, ", ");
            html_esc(b, T(r, "from_other_record"));
        }
        if (json_object_get(x, "joined")) {
            sbuf_adds(b, ", ");
            html_esc(b, T(r, "joined_at"));
            sbuf_printf(b, " %.0f%%", 100 * json_real_value(json_object_get(x, "joined")));
        }
        sbuf_adds(b, ")</li>");
    }
    sbuf_adds(b, "</ul></details></div>");
}

int page_search(http_req *r, http_resp *w)
{
    static const char *const fields[][3] = {
        {"name", "name", "text"},          {"age", "age", "number"},
        {"birth_date", "birth_date", "text"}, {"arrest_date", "arrest_date", "text"},
        {"place", "place", "text"},        {"facility", "where_held", "text"},
        {"mother", "mother", "text"},      {"dui", "dui", "text"}};
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
            web_message(r, &b, e.msg);
            sbuf_adds(&b, "</p>");
            status = 400;
        } else {
            json_t *cands = json_object_get(out, "candidates");
            char detail[48];
            snprintf(detail, sizeof detail, "candidates=%zu", json_array_size(cands));
            http_audit_later(r, "trace", "", detail);
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
