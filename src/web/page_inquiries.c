/*
 * page_inquiries.c — /inquiries: open inquiries with their new
 * candidates, and the form a liaison fills in while the family is there
 * (POST files it, sealing the requester's contact).
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web.h"

static int file_inquiry(http_req *r, http_resp *w)
{
    char name[200] = "", age[8] = "", place[120] = "", arrest[32] = "", rq[200] = "",
         contact[200] = "", rel[80] = "", consent[8] = "", mother[200] = "", facility[120] = "";
    http_form(r, "name", name, sizeof name);
    http_form(r, "age", age, sizeof age);
    http_form(r, "place", place, sizeof place);
    http_form(r, "mother", mother, sizeof mother);
    http_form(r, "facility", facility, sizeof facility);
    http_form(r, "arrest_date", arrest, sizeof arrest);
    http_form(r, "requester", rq, sizeof rq);
    http_form(r, "contact", contact, sizeof contact);
    http_form(r, "relationship", rel, sizeof rel);
    http_form(r, "consent", consent, sizeof consent);
    trace_query q;
    trace_query_init(&q);
    q.name = name;
    q.place = *place ? place : NULL;
    q.mother = *mother ? mother : NULL;
    q.facility = *facility ? facility : NULL;
    q.arrest_date = *arrest ? arrest : NULL;
    q.age = *age ? atoi(age) : -1;
    trace_requester who = {rq, contact, *rel ? rel : NULL};
    char actor[96];
    http_actor(r, actor, sizeof actor);
    long id;
    herr e = {0};
    if (!r->ix)
        return web_error(r, w, 503, "not_linked");
    if (inquiry_add(r->s, r->ix, &q, &who, *consent != '\0', actor, &id, &e) != HERR_OK) {
        sbuf b;
        sbuf_init(&b);
        web_begin(r, &b, "inquiries");
        sbuf_adds(&b, "<p class=\"error\" role=\"alert\">");
        web_message(r, &b, e.msg);
        sbuf_adds(&b, "</p><p><a href=\"/inquiries\">←</a></p>");
        return web_end(w, &b, 400);
    }
    char loc[64];
    snprintf(loc, sizeof loc, "/inquiries/%ld", id);
    http_redirect(w, loc);
    return 303;
}

int page_inquiries(http_req *r, http_resp *w)
{
    if (strcmp(r->method, "POST") == 0)
        return file_inquiry(r, w);
    json_t *list;
    herr e = {0};
    if (inquiry_list_json(r->s, &list, &e) != HERR_OK)
        return web_error(r, w, 500, "error");
    sbuf b;
    sbuf_init(&b);
    web_begin(r, &b, "inquiries");
    static const char *const head[] = {"#", "name", "status", "candidates"};
    if (json_array_size(list)) {
        web_table_head(r, &b, head, 4);
    } else {
        sbuf_adds(&b, "<p class=\"muted\">");
        html_esc(&b, T(r, "no_inquiries"));
        sbuf_adds(&b, "</p>");
    }
    size_t i;
    json_t *x;
    json_array_foreach(list, i, x)
    {
        long long id = json_integer_value(json_object_get(x, "id"));
        sbuf_printf(&b, "<tr><td><a href=\"/inquiries/%lld\">%lld</a></td><td>", id, id);
        html_esc(&b, web_str(x, "name"));
        sbuf_adds(&b, "</td><td>");
        html_esc(&b, web_enum(r, "inquiry", web_str(x, "status")));
        sbuf_printf(&b, "</td><td>%lld", json_integer_value(json_object_get(x, "candidates")));
        if (json_integer_value(json_object_get(x, "new")) > 0) {
            sbuf_printf(&b, " <span class=\"new\">%lld ", json_integer_value(json_object_get(x, "new")));
            html_esc(&b, T(r, "new"));
            sbuf_adds(&b, "</span>");
        }
        sbuf_adds(&b, "</td></tr>");
    }
    if (json_array_size(list))
        sbuf_adds(&b, "</table>");
    json_decref(list);
    sbuf_adds(&b, "<h2>");
    html_esc(&b, T(r, "file_inquiry"));
    sbuf_adds(&b, "</h2><form method=\"post\" action=\"/inquiries\" class=\"card\">");
    web_csrf(r, &b);
    web_input(r, &b, "name", "name", "text", NULL);
    web_input(r, &b, "age", "age", "number", NULL);
    web_input(r, &b, "arrest_date", "arrest_date", "text", NULL);
    web_input(r, &b, "place", "place", "text", NULL);
    web_input(r, &b, "facility", "where_held", "text", NULL);
    web_input(r, &b, "mother", "mother", "text", NULL);
    web_input(r, &b, "requester", "requester", "text", NULL);
    web_input(r, &b, "contact", "contact", "text", NULL);
    web_input(r, &b, "relationship", "relationship", "text", NULL);
    sbuf_adds(&b, "<label><input type=\"checkbox\" name=\"consent\" value=\"1\" checked> ");
    html_esc(&b, T(r, "consent"));
    sbuf_adds(&b, "</label><button type=\"submit\">");
    html_esc(&b, T(r, "file_inquiry"));
    sbuf_adds(&b, "</button></form>");
    return web_end(w, &b, 200);
}
