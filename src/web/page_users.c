/*
 * page_users.c — /users, for admins: every account (name, role, created,
 * enabled or disabled), a form per row to change its role and one to
 * disable or enable it, and a form to add an account.
 *
 * A POST goes through the same functions as `habeas user` and the API
 * (auth.c): audited in the admin's name, the user's sessions ended when a
 * change must lock out a cookie already issued, the last enabled admin
 * kept.  The page then shows the accounts as they are after it.
 */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "web.h"

/* The form's change; its outcome as a message on b.  Returns the status. */
static int change(http_req *r, sbuf *b)
{
    char action[16] = "", name[64] = "", role[16] = "", password[HTTP_PASSWORD_MAX + 2] = "";
    http_form(r, "action", action, sizeof action);
    http_form(r, "name", name, sizeof name);
    http_form(r, "role", role, sizeof role);
    http_form(r, "password", password, sizeof password);
    char actor[96];
    http_actor(r, actor, sizeof actor);
    http_user_changes c = {.disabled = -1};
    long ended = 0;
    herr e = {0};
    int rc;
    if (strcmp(action, "add") == 0) {
        rc = http_user_add(r->s, name, role, password, actor, &e);
    } else {
        if (strcmp(action, "role") == 0)
            c.role = role;
        else if (strcmp(action, "disable") == 0 || strcmp(action, "enable") == 0)
            c.disabled = strcmp(action, "disable") == 0;
        rc = c.role || c.disabled >= 0 ? http_user_change(r->s, name, &c, actor, &ended, &e)
                                       : herr_set(&e, HERR_INPUT, "action: add, role, disable or enable");
    }
    if (rc != HERR_OK) {
        sbuf_adds(b, "<p class=\"error\" role=\"alert\">");
        if (rc == HERR_INPUT)
            web_message(r, b, e.msg);
        else
            html_esc(b, T(r, "error"));
        sbuf_adds(b, "</p>");
        return rc == HERR_INPUT ? 400 : 500;
    }
    sbuf_adds(b, "<p class=\"ok\" role=\"status\">");
    html_esc(b, name);
    sbuf_adds(b, ": ");
    html_esc(b, T(r, strcmp(action, "add") == 0 ? "user_added" : "user_saved"));
    if (ended) {
        sbuf_adds(b, " ");
        html_esc(b, T(r, "sessions_ended"));
        sbuf_printf(b, " %ld.", ended);
    }
    sbuf_adds(b, "</p>");
    return 200;
}

/* The opening of a row's form: where it goes, its token, which account. */
static void row_form(const http_req *r, sbuf *b, const char *action, const char *name)
{
    sbuf_adds(b, "<form method=\"post\" action=\"/users\" class=\"row\">");
    web_csrf(r, b);
    sbuf_printf(b, "<input type=\"hidden\" name=\"action\" value=\"%s\">"
                   "<input type=\"hidden\" name=\"name\" value=\"",
                action);
    html_esc(b, name);
    sbuf_adds(b, "\">");
}

int page_users(http_req *r, http_resp *w)
{
    sbuf b;
    sbuf_init(&b);
    web_begin(r, &b, "users");
    int status = strcmp(r->method, "POST") == 0 ? change(r, &b) : 200;
    json_t *users;
    herr e = {0};
    if (http_users_json(r->s, &users, &e) != HERR_OK) {
        sbuf_free(&b);
        return web_error(r, w, 500, "error");
    }
    /* on a phone the created day is the column that scrolls out of sight */
    static const char *const head[] = {"user", "state", "role", "created"};
    sbuf_adds(&b, "<div class=\"wide\">"); /* a phone scrolls the table, not the page */
    web_table_head(r, &b, head, 4);
    size_t i;
    json_t *x;
    json_array_foreach(users, i, x)
    {
        const char *name = web_str(x, "name"), *created = web_str(x, "created_at");
        bool disabled = json_is_true(json_object_get(x, "disabled"));
        sbuf_printf(&b, "<tr%s><td>", disabled ? " class=\"disabled\"" : "");
        html_esc(&b, name);
        sbuf_adds(&b, "</td><td>");
        row_form(r, &b, disabled ? "enable" : "disable", name);
        sbuf_adds(&b, "<span class=\"state\">");
        html_esc(&b, T(r, disabled ? "disabled" : "enabled"));
        sbuf_adds(&b, "</span><button type=\"submit\">");
        html_esc(&b, T(r, disabled ? "enable" : "disable"));
        sbuf_adds(&b, "</button></form></td><td>"); /* the role: its select shows it */
        row_form(r, &b, "role", name);
        char id[32], label[128];
        snprintf(id, sizeof id, "role-%zu", i);
        snprintf(label, sizeof label, "%s: %s", T(r, "role"), name);
        web_role_select(r, &b, id, label, web_str(x, "role"));
        sbuf_adds(&b, "<button type=\"submit\">");
        html_esc(&b, T(r, "change_role"));
        sbuf_adds(&b, "</button></form></td>");
        char day[11];
        snprintf(day, sizeof day, "%s", created ? created : ""); /* 2024-06-01T…: the day */
        sbuf_adds(&b, "<td class=\"day\">");
        html_esc(&b, day);
        sbuf_adds(&b, "</td></tr>");
    }
    sbuf_adds(&b, "</table></div>");
    json_decref(users);
    sbuf_adds(&b, "<h2>");
    html_esc(&b, T(r, "add_user"));
    sbuf_adds(&b, "</h2><form method=\"post\" action=\"/users\" class=\"card\">");
    web_csrf(r, &b);
    sbuf_adds(&b, "<input type=\"hidden\" name=\"action\" value=\"add\">");
    web_input(r, &b, "name", "user", "text", NULL);
    sbuf_adds(&b, "<label for=\"f-role\">");
    html_esc(&b, T(r, "role"));
    sbuf_adds(&b, "</label>");
    web_role_select(r, &b, "f-role", T(r, "role"), "investigator");
    web_password_input(r, &b, "password", "new_password", true);
    sbuf_adds(&b, "<button type=\"submit\">");
    html_esc(&b, T(r, "add"));
    sbuf_adds(&b, "</button></form>");
    return web_end(w, &b, status);
}
