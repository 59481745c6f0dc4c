/*
 * page_inquiry.c — /inquiries/ID: whom the family seeks, the candidates
 * offered (new ones flagged, then marked seen), and the requester's
 * contact only on request, for the roles that may read it, audited.
 */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "web.h"

int page_inquiry(http_req *r, http_resp *w, long id)
{
    const char *c = http_arg(r, "contact");
    bool contact = c && strcmp(c, "1") == 0;
    if (contact && !http_role_may(r->user.role, PERM_CONTACTS))
        return web_error(r, w, 403, "forbidden");
    char actor[96];
    http_actor(r, actor, sizeof actor);
    json_t *o;
    herr e = {0};
    if (inquiry_show_json(r->s, id, contact, true, actor, &o, &e) != HERR_OK)
        return web_error(r, w, e.code == HERR_INPUT ? 404 : 500, e.code == HERR_INPUT ? "not_found" : "error");
    sbuf b;
    sbuf_init(&b);
    web_begin(r, &b, "inquiry");
    json_t *q = json_object_get(o, "sought");
    sbuf_adds(&b, "<div class=\"card\"><h2>");
    html_esc(&b, web_str(q, "name"));
    sbuf_printf(&b, " <span class=\"muted\">#%ld · ", id);
    html_esc(&b, web_enum(r, "inquiry", web_str(o, "status")));
    sbuf_adds(&b, "</span></h2><p class=\"muted\">");
    static const char *const keys[] = {"birth_date", "arrest_date", "place",
                                       "facility",   "dui",         "mother"};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        if (web_str(q, keys[i])) {
            html_esc(&b, T(r, keys[i]));
            sbuf_adds(&b, ": ");
            html_esc(&b, web_str(q, keys[i]));
            sbuf_adds(&b, " · ");
        }
    if (json_is_integer(json_object_get(q, "age"))) {
        html_esc(&b, T(r, "age"));
        sbuf_printf(&b, ": %lld", json_integer_value(json_object_get(q, "age")));
    }
    sbuf_adds(&b, "</p><p>");
    html_esc(&b, T(r, "requester"));
    sbuf_adds(&b, ": ");
    json_t *req = json_object_get(o, "requester");
    if (req) {
        html_esc(&b, web_str(req, "name"));
        if (web_str(req, "relationship")) {
            sbuf_adds(&b, " (");
            html_esc(&b, web_str(req, "relationship"));
            sbuf_adds(&b, ")");
        }
        sbuf_adds(&b, " · ");
        html_esc(&b, T(r, "contact"));
        sbuf_adds(&b, ": <strong class=\"contact\">");
        html_esc(&b, web_str(req, "contact"));
        sbuf_adds(&b, "</strong>");
    } else {
        sbuf_adds(&b, "<em>");
        html_esc(&b, T(r, "sealed"));
        sbuf_adds(&b, "</em>");
        if (http_role_may(r->user.role, PERM_CONTACTS)) {
            sbuf_printf(&b, " · <a href=\"/inquiries/%ld?contact=1\">", id);
            html_esc(&b, T(r, "show_contact"));
            sbuf_adds(&b, "</a>");
        }
    }
    sbuf_adds(&b, "</p></div><h2>");
    html_esc(&b, T(r, "candidates"));
    sbuf_adds(&b, "</h2>");
    size_t i;
    json_t *x;
    json_array_foreach(json_object_get(o, "candidates"), i, x)
    {
        long long pid = json_integer_value(json_object_get(x, "person_id"));
        sbuf_adds(&b, "<div class=\"card\"><span class=\"p\">");
        html_percent(&b, json_real_value(json_object_get(x, "probability")));
        sbuf_printf(&b, "</span><a href=\"/person/%lld\">", pid);
        html_esc(&b, web_str(x, "name"));
        sbuf_adds(&b, "</a>");
        if (json_is_true(json_object_get(x, "new"))) {
            sbuf_adds(&b, " <span class=\"new\">");
            html_esc(&b, T(r, "new"));
            sbuf_adds(&b, "</span>");
        }
        sbuf_adds(&b, "</div>");
    }
    if (!json_array_size(json_object_get(o, "candidates"))) {
        sbuf_adds(&b, "<p>");
        html_esc(&b, T(r, "no_candidates"));
        sbuf_adds(&b, "</p>");
    }
    json_decref(o);
    return web_end(w, &b, 200);
}
