/*
 * web — the server-rendered pages, in Spanish and English: search and
 * trace, a person, inquiries, the review queue, sources and rejects,
 * uploading a list, the accounts (admins) and one's own password.  Plain HTML and one small stylesheet, no script and
 * no external asset; readable on a phone.
 *
 * Every byte that comes from data or from the user goes through
 * html_esc(); only the fixed strings of this module are written raw.
 * Forms that change anything carry the session's CSRF token, which the
 * server checks before a page handler runs.
 */
#ifndef HABEAS_WEB_H
#define HABEAS_WEB_H

#include <stdbool.h>
#include <stddef.h>

#include "http/http.h"

/* Routes every non-API path. */
int web_page(http_req *r, http_resp *w);
/* An error page (status, and a message key of the string table). */
int web_error(http_req *r, http_resp *w, int status, const char *key);

/* multipart/form-data: a text field, or a file part. */
bool web_multipart_field(const http_req *r, const char *name, char *out, size_t size);
bool web_multipart_file(const http_req *r, const char *name, const char **data, size_t *len,
                        char *filename, size_t fsize);

/* ---- messages.c ---- */
/* A module's error message (English, as the command line shows it), in
 * the request's language, escaped into b; one the table does not know is
 * shown as it is, after a line in the page's language. */
void web_message(const http_req *r, sbuf *b, const char *msg);
/* The same for a message the table knows; false, nothing written, for
 * one it does not (a rejected row's reason is then shown as stored). */
bool web_message_known(const http_req *r, sbuf *b, const char *msg);

/* ---- html.c: escaping, strings, the frame of a page ---- */
void html_esc(sbuf *b, const char *s);
/* A probability as a percentage a reader can trust: "<1%" and ">99%"
 * rather than a rounded "0%" or "100%" that is neither. */
void html_percent(sbuf *b, double p);
/* The string `key` in the request's language (the key itself if missing). */
const char *T(const http_req *r, const char *key);
/* An enumerated value that the data and the API spell in English (code
 * "held" of group "status"; groups: status, event, kind, inquiry, role,
 * field), in the request's language; the code itself when the table has
 * no word for it, NULL for NULL. */
const char *web_enum(const http_req *r, const char *group, const char *code);
/* The page's head, header and navigation; web_end closes it and sets w. */
void web_begin(const http_req *r, sbuf *b, const char *title_key);
int web_end(http_resp *w, sbuf *b, int status);
/* A string member of a JSON object, or NULL. */
struct json_t;
const char *web_str(struct json_t *o, const char *key);
/* A labelled text input, its value kept from the request (escaped). */
void web_input(const http_req *r, sbuf *b, const char *name, const char *label_key,
               const char *type, const char *value);
/* A password input: the current one, or a new one (minlength from the
 * rule, so a browser says so before the server does). */
void web_password_input(const http_req *r, sbuf *b, const char *name, const char *label_key,
                        bool new_password);
/* A <select name="role"> of every role, worded in the page's language
 * (values are the codes); label is its accessible name. */
void web_role_select(const http_req *r, sbuf *b, const char *id, const char *label,
                     const char *selected);
/* Opens a table with a header row: each key through T() ("#" and ""
 * stay as they are). */
void web_table_head(const http_req *r, sbuf *b, const char *const *keys, size_t n);
/* A <td> with member key of o: a string (escaped), an integer, or empty. */
void web_cell(sbuf *b, struct json_t *o, const char *key);
/* The same for a date, kept on one line ("2022-06-07" is not broken at
 * its dashes on a phone). */
void web_day_cell(sbuf *b, struct json_t *o, const char *key);
/* A <td> with the string member key of o through web_enum(). */
void web_enum_cell(const http_req *r, sbuf *b, struct json_t *o, const char *key,
                   const char *group);
/* A hidden CSRF input for a form. */
void web_csrf(const http_req *r, sbuf *b);

/* ---- the pages, one file each ---- */
int page_login(http_req *r, http_resp *w);
int page_search(http_req *r, http_resp *w);
int page_person(http_req *r, http_resp *w, long id);
int page_inquiries(http_req *r, http_resp *w);
int page_inquiry(http_req *r, http_resp *w, long id);
int page_review(http_req *r, http_resp *w);
int page_sources(http_req *r, http_resp *w, long id);
int page_import(http_req *r, http_resp *w);
int page_users(http_req *r, http_resp *w);
int page_password(http_req *r, http_resp *w);

#endif
