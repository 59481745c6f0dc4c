/*
 * page_person.c — /person/ID: a person as every list tells it: the
 * current status and the sources for and against it, the conflicts, the
 * timeline and each record with its source and line.  A read of
 * sensitive content: audited.
 */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "link/link.h"
#include "web.h"

static void list(sbuf *b, json_t *arr)
{
    size_t i;
    json_t *x;
    json_array_foreach(arr, i, x)
    {
        if (i)
            sbuf_adds(b, ", ");
        html_esc(b, json_string_value(x));
    }
}

/* "oficial: detenido/a 2024-01": what one source says of the status. */
static void assertion(const http_req *r, sbuf *b, json_t *o, const char *status_key)
{
    html_esc(b, web_str(o, "source"));
    sbuf_adds(b, ": ");
    html_esc(b, web_enum(r, "status", web_str(o, status_key)));
    sbuf_adds(b, " ");
    if (web_str(o, "date")) {
        html_esc(b, web_str(o, "date"));
    } else {
        sbuf_adds(b, "(");
        html_esc(b, T(r, "undated"));
        sbuf_adds(b, ")");
    }
}

/* A record of the person as its source and line ("oficial, línea 7"). */
static void record_named(const http_req *r, sbuf *b, json_t *records, json_int_t id)
{
    size_t i;
    json_t *x;
    json_array_foreach(records, i, x)
        if (json_integer_value(json_object_get(x, "record_id")) == id) {
            html_esc(b, web_str(x, "source"));
            sbuf_adds(b, ", ");
            html_esc(b, T(r, "joined.line"));
            sbuf_printf(b, " %lld", json_integer_value(json_object_get(x, "line")));
            return;
        }
    sbuf_printf(b, "#%lld", id);
}

/* How the last link joined the person's records, one merge a line. */
/* A record of his the last link set apart from a group one pair had put
 * it in, with that group's person linked and how likely the group as a
 * whole made it one of its own. */
static void set_apart(const http_req *r, sbuf *b, json_t *p)
{
    json_t *records = json_object_get(p, "records");
    size_t i;
    json_t *x;
    json_array_foreach(json_object_get(p, "set_apart"), i, x)
    {
        json_t *fp = json_object_get(x, "from_person");
        sbuf_adds(b, "<p class=\"muted set-apart\">");
        record_named(r, b, records, json_integer_value(json_object_get(x, "record")));
        sbuf_adds(b, ": ");
        html_esc(b, T(r, "apart.from"));
        if (json_is_integer(fp))
            sbuf_printf(b, " <a href=\"/person/%lld\">#%lld</a>", json_integer_value(fp),
                        json_integer_value(fp));
        sbuf_adds(b, ", ");
        html_esc(b, T(r, "apart.why"));
        sbuf_adds(b, " ");
        html_percent(b, json_number_value(json_object_get(x, "probability")));
        sbuf_adds(b, "</p>");
    }
}

static void joined(const http_req *r, sbuf *b, json_t *p)
{
    json_t *merges = json_object_get(p, "joined"), *records = json_object_get(p, "records");
    if (!json_array_size(merges))
        return;
    sbuf_adds(b, "<details class=\"joined\"><summary>");
    html_esc(b, T(r, "joined"));
    sbuf_adds(b, "</summary><ul>");
    size_t i;
    json_t *x;
    json_array_foreach(merges, i, x)
    {
        sbuf_adds(b, "<li>");
        record_named(r, b, records, json_integer_value(json_object_get(x, "record_a")));
        sbuf_adds(b, " + ");
        record_named(r, b, records, json_integer_value(json_object_get(x, "record_b")));
        sbuf_adds(b, ": ");
        html_esc(b, web_enum(r, "joined", web_str(x, "how")));
        sbuf_adds(b, " (");
        html_percent(b, json_number_value(json_object_get(x, "probability")));
        sbuf_adds(b, ")</li>");
    }
    sbuf_adds(b, "</ul></details>");
}

int page_person(http_req *r, http_resp *w, long id)
{
    json_t *p;
    herr e = {0};
    if (link_person_json(r->s, id, &p, &e) != HERR_OK)
        return web_error(r, w, e.code == HERR_INPUT ? 404 : 500, "not_found");
    char object[32];
    snprintf(object, sizeof object, "person:%ld", id);
    http_audit(r, "person.read", object, NULL);
    sbuf b;
    sbuf_init(&b);
    web_begin(r, &b, "person");
    sbuf_adds(&b, "<div class=\"card\"><h2>");
    html_esc(&b, web_str(p, "name"));
    sbuf_printf(&b, " <span class=\"muted\">#%ld</span></h2>", id);
    json_t *st = json_object_get(p, "status");
    sbuf_adds(&b, "<p>");
    html_esc(&b, T(r, "status"));
    sbuf_adds(&b, ": <span class=\"status-");
    html_esc(&b, web_str(st, "value"));
    sbuf_adds(&b, "\">");
    html_esc(&b, web_enum(r, "status", web_str(st, "value")));
    sbuf_adds(&b, "</span>");
    if (web_str(st, "date")) {
        sbuf_adds(&b, " (");
        html_esc(&b, web_str(st, "date"));
        sbuf_adds(&b, ")");
    }
    if (web_str(st, "facility")) {
        sbuf_adds(&b, " · ");
        html_esc(&b, web_str(st, "facility"));
    }
    sbuf_adds(&b, "</p><p>");
    html_esc(&b, T(r, "says_so"));
    sbuf_adds(&b, ": ");
    list(&b, json_object_get(st, "sources"));
    size_t ns = json_array_size(json_object_get(st, "sources"));
    if (ns >= 1 && json_array_size(json_object_get(st, "sure_sources")) <= 1 &&
        !json_array_size(json_object_get(st, "contradicted_by"))) {
        sbuf_adds(&b, " <em>(");
        html_esc(&b, T(r, ns == 1 ? "unconfirmed" : "unconfirmed_sure"));
        sbuf_adds(&b, ")</em>");
    }
    double sure = json_is_number(json_object_get(st, "joined"))
                      ? json_number_value(json_object_get(st, "joined"))
                      : 1;
    if (sure < LINK_JOIN_SHOWN) {
        sbuf_adds(&b, " <em>(");
        html_esc(&b, T(r, "status_joined"));
        sbuf_printf(&b, " %.0f%%)</em>", 100 * sure);
    }
    if (json_array_size(json_object_get(st, "contradicted_by"))) {
        sbuf_adds(&b, "<br>");
        html_esc(&b, T(r, "contradicted"));
        sbuf_adds(&b, ": ");
        list(&b, json_object_get(st, "contradicted_by"));
    }
    sbuf_adds(&b, "</p></div>");
    json_t *conf = json_object_get(st, "contradictions");
    size_t i;
    json_t *x;
    if (json_array_size(conf)) {
        sbuf_adds(&b, "<h2>");
        html_esc(&b, T(r, "conflicts"));
        sbuf_adds(&b, "</h2><ul>");
        json_array_foreach(conf, i, x)
        {
            sbuf_adds(&b, "<li>");
            assertion(r, &b, st, "value");
            sbuf_adds(&b, "; ");
            assertion(r, &b, x, "status");
            sbuf_adds(&b, "</li>");
        }
        sbuf_adds(&b, "</ul>");
    }
    sbuf_adds(&b, "<h2>");
    html_esc(&b, T(r, "timeline"));
    sbuf_adds(&b, "</h2>");
    static const char *const timeline_head[] = {"date", "event", "where", "source"};
    web_table_head(r, &b, timeline_head, 4);
    json_array_foreach(json_object_get(p, "timeline"), i, x)
    {
        sbuf_adds(&b, "<tr>");
        web_day_cell(&b, x, "date");
        web_enum_cell(r, &b, x, "kind", "event");
        web_cell(&b, x, web_str(x, "facility") ? "facility" : "place");
        web_cell(&b, x, "source");
        sbuf_adds(&b, "</tr>");
    }
    sbuf_adds(&b, "</table><h2>");
    html_esc(&b, T(r, "records"));
    sbuf_adds(&b, "</h2>");
    static const char *const records_head[] = {"source",   "line", "name",  "birth_date",
                                               "dui", "facility", "status"};
    sbuf_adds(&b, "<div class=\"wide\">"); /* seven columns: a phone scrolls them */
    web_table_head(r, &b, records_head, 7);
    json_array_foreach(json_object_get(p, "records"), i, x)
    {
        sbuf_adds(&b, "<tr>");
        web_cell(&b, x, "source");
        web_cell(&b, x, "line");
        web_cell(&b, x, "name");
        web_day_cell(&b, x, "birth_date");
        web_cell(&b, x, "dui");
        web_cell(&b, x, web_str(x, "facility_resolved") ? "facility_resolved" : "facility");
        web_enum_cell(r, &b, x, "status", "status");
        sbuf_adds(&b, "</tr>");
    }
    sbuf_adds(&b, "</table></div>");
    joined(r, &b, p);
    set_apart(r, &b, p);
    json_decref(p);
    return web_end(w, &b, 200);
}
