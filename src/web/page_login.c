/*
 * page_login.c — /login: the form, and its POST, which opens a session
 * (throttled like the API's login) and goes to the search page.
 */
#include <string.h>

#include "web.h"

int page_login(http_req *r, http_resp *w)
{
    const char *problem = NULL;
    char name[64] = "", pw[256] = "";
    if (strcmp(r->method, "POST") == 0) {
        http_form(r, "user", name, sizeof name);
        http_form(r, "password", pw, sizeof pw);
        long retry;
        http_user u;
        herr e = {0};
        if (http_throttled(name, r->addr, &retry)) {
            problem = "throttled";
            w->retry_after = retry;
        } else if (http_login(r->s, name, pw, &u, &e) != HERR_OK) {
            http_throttle_fail(name, r->addr);
            http_audit(r, "login.fail", name, r->addr);
            problem = "bad_login";
        } else {
            char token[65];
            http_throttle_clear(name);
            if (http_session_new(r->s, &u, token, &e) != HERR_OK)
                return web_error(r, w, 500, "error");
            r->user = u;
            r->authed = true;
            http_audit(r, "login", u.name, r->addr);
            http_set_cookie(w, r, "habeas_session", token, 8 * 3600);
            http_redirect(w, "/");
            return 303;
        }
    }
    sbuf b;
    sbuf_init(&b);
    web_begin(r, &b, "login");
    if (problem) {
        sbuf_adds(&b, "<p class=\"error\" role=\"alert\">");
        html_esc(&b, T(r, problem));
        sbuf_adds(&b, "</p>");
    }
    sbuf_adds(&b, "<form method=\"post\" action=\"/login\" class=\"card\">");
    web_input(r, &b, "user", "user", "text", name);
    web_input(r, &b, "password", "password", "password", "");
    sbuf_adds(&b, "<button type=\"submit\">");
    html_esc(&b, T(r, "login"));
    sbuf_adds(&b, "</button></form>");
    return web_end(w, &b, problem ? (strcmp(problem, "throttled") == 0 ? 429 : 401) : 200);
}
