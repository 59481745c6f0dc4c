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

static void cell(sbuf *b, json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    sbuf_adds(b, "<td>");
    if (json_is_string(v))
        html_esc(b, json_string_value(v));
    else if (json_is_integer(v))
        sbuf_printf(b, "%lld", json_integer_value(v));
    sbuf_adds(b, "</td>");
}

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
    html_esc(&b, web_str(st, "value"));
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
    if (json_array_size(json_object_get(st, "sources")) == 1 &&
        !json_array_size(json_object_get(st, "contradicted_by"))) {
        sbuf_adds(&b, " <em>(");
        html_esc(&b, T(r, "unconfirmed"));
        sbuf_adds(&b, ")</em>");
    }
    if (json_array_size(json_object_get(st, "contradicted_by"))) {
        sbuf_adds(&b, "<br>");
        html_esc(&b, T(r, "contradicted"));
        sbuf_adds(&b, ": ");
        list(&b, json_object_get(st, "contradicted_by"));
    }
    sbuf_adds(&b, "</p></div>");
    json_t *conf = json_object_get(p, "conflicts");
    size_t i;
    json_t *x;
    if (json_array_size(conf)) {
        sbuf_adds(&b, "<h2>");
        html_esc(&b, T(r, "conflicts"));
        sbuf_adds(&b, "</h2><ul>");
        json_array_foreach(conf, i, x)
        {
            sbuf_adds(&b, "<li>");
            html_esc(&b, json_string_value(x));
            sbuf_adds(&b, "</li>");
        }
        sbuf_adds(&b, "</ul>");
    }
    sbuf_adds(&b, "<h2>");
    html_esc(&b, T(r, "timeline"));
    sbuf_adds(&b, "</h2><table><tr><th>");
    html_esc(&b, T(r, "date"));
    sbuf_adds(&b, "</th><th>");
    html_esc(&b, T(r, "event"));
    sbuf_adds(&b, "</th><th>");
    html_esc(&b, T(r, "facility"));
    sbuf_adds(&b, "</th><th>");
    html_esc(&b, T(r, "source"));
    sbuf_adds(&b, "</th></tr>");
    json_array_foreach(json_object_get(p, "timeline"), i, x)
    {
        sbuf_adds(&b, "<tr>");
        cell(&b, x, "date");
        cell(&b, x, "kind");
        cell(&b, x, web_str(x, "facility") ? "facility" : "place");
        cell(&b, x, "source");
        sbuf_adds(&b, "</tr>");
    }
    sbuf_adds(&b, "</table><h2>");
    html_esc(&b, T(r, "records"));
    sbuf_adds(&b, "</h2><table><tr><th>");
    html_esc(&b, T(r, "source"));
    sbuf_adds(&b, "</th><th>");
    html_esc(&b, T(r, "line"));
    sbuf_adds(&b, "</th><th>");
    html_esc(&b, T(r, "name"));
    sbuf_adds(&b, "</th><th>");
    html_esc(&b, T(r, "birth_date"));
    sbuf_adds(&b, "</th><th>DUI</th><th>");
    html_esc(&b, T(r, "facility"));
    sbuf_adds(&b, "</th><th>");
    html_esc(&b, T(r, "status"));
    sbuf_adds(&b, "</th></tr>");
    json_array_foreach(json_object_get(p, "records"), i, x)
    {
        sbuf_adds(&b, "<tr>");
        cell(&b, x, "source");
        cell(&b, x, "line");
        cell(&b, x, "name");
        cell(&b, x, "birth_date");
        cell(&b, x, "dui");
        cell(&b, x, web_str(x, "facility_resolved") ? "facility_resolved" : "facility");
        cell(&b, x, "status");
        sbuf_adds(&b, "</tr>");
    }
    sbuf_adds(&b, "</table>");
    json_decref(p);
    return web_end(w, &b, 200);
}
