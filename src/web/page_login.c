/*
 * page_login.c — /login: the form, and its POST, which opens a session
 * (throttled like the API's login) and goes to the search page.
 */
#include <string.h>

#include "web.h"

int page_login(http_req *r, http_resp *w)
{
    const char *problem = NULL;
    char name[64] = "", pw[HTTP_PASSWORD_MAX + 2] = "";
    if (strcmp(r->method, "POST") == 0) {
        http_form(r, "user", name, sizeof name);
        http_form(r, "password", pw, sizeof pw);
        herr e = {0};
        int status = http_session_open(r, w, name, pw, &e);
        if (status == 200) {
            http_redirect(w, "/");
            return 303;
        }
        if (status == 500)
            return web_error(r, w, 500, "error");
        problem = status == 429 ? "throttled" : "bad_login";
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
