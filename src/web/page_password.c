/*
 * page_password.c — /password: anyone logged in changes her own
 * password.  The current one is checked first (a wrong one is throttled
 * and audited like a failed login, and changes nothing); then her other
 * sessions end, and this one stays open.
 */
#include <string.h>

#include "web.h"

int page_password(http_req *r, http_resp *w)
{
    sbuf b;
    sbuf_init(&b);
    web_begin(r, &b, "my_password");
    int status = 200;
    if (strcmp(r->method, "POST") == 0) {
        /* one byte past the longest, so that a longer one is refused, not cut */
        char current[HTTP_PASSWORD_MAX + 2] = "", fresh[HTTP_PASSWORD_MAX + 2] = "",
             again[HTTP_PASSWORD_MAX + 2] = "";
        http_form(r, "current", current, sizeof current);
        http_form(r, "new", fresh, sizeof fresh);
        http_form(r, "again", again, sizeof again);
        herr e = {0};
        bool differ = strcmp(fresh, again) != 0;
        status = differ ? 400 : http_password_change(r, w, current, fresh, &e);
        const char *key = differ           ? "passwords_differ"
                          : status == 200 ? "password_changed"
                          : status == 403 ? "wrong_password"
                          : status == 429 ? "throttled"
                          : status == 400 ? "password_short" /* the one rule a password has */
                                          : "error";
        sbuf_printf(&b, "<p class=\"%s\" role=\"%s\">", status == 200 ? "ok" : "error",
                    status == 200 ? "status" : "alert");
        html_esc(&b, T(r, key));
        sbuf_adds(&b, "</p>");
    }
    sbuf_adds(&b, "<form method=\"post\" action=\"/password\" class=\"card\">");
    web_csrf(r, &b);
    web_password_input(r, &b, "current", "current_password", false);
    web_password_input(r, &b, "new", "new_password", true);
    web_password_input(r, &b, "again", "repeat_password", true);
    sbuf_adds(&b, "<button type=\"submit\">");
    html_esc(&b, T(r, "change_password"));
    sbuf_adds(&b, "</button></form>");
    return web_end(w, &b, status);
}
