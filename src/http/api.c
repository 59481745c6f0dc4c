/*
 * api.c — the JSON API under /api/ (docs/api.md).  Each route names the
 * permission it needs; the handler parses input, calls a module, and
 * answers JSON.  Errors are {"error":{"status":N,"message":"..."}} with
 * the matching status code: 400 bad input, 401 not logged in, 403 not
 * allowed (or no CSRF token), 404 nothing there, 405 wrong method, 413
 * body too large, 429 too many failed logins, 503 nothing linked yet.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http.h"
#include "ingest/ingest.h"
#include "link/link.h"
#include "stats/stats.h"

/* The body as a JSON object, or a 400 set on w. */
static json_t *body_json(const http_req *r, http_resp *w)
{
    json_error_t je;
    json_t *j = r->body_len ? json_loadb(r->body, r->body_len, 0, &je) : NULL;
    if (!j) {
        http_error(w, 400, "the body must be a JSON object%s%s", r->body_len ? ": " : "",
                   r->body_len ? je.text : "");
        return NULL;
    }
    if (!json_is_object(j)) {
        json_decref(j);
        http_error(w, 400, "the body must be a JSON object");
        return NULL;
    }
    return j;
}

static const char *jstr(json_t *o, const char *k)
{
    return json_string_value(json_object_get(o, k));
}

/* "/api/persons/12" with prefix "/api/persons/" -> 12; -1 when not a number. */
static long path_id(const char *path, const char *prefix, const char **rest)
{
    size_t n = strlen(prefix);
    if (strncmp(path, prefix, n) != 0)
        return -1;
    char *end;
    long id = strtol(path + n, &end, 10);
    if (end == path + n || id < 1)
        return -1;
    if (rest)
        *rest = end;
    else if (*end)
        return -1;
    return id;
}

/* "/api/users/luz" with prefix "/api/users/": true, *name "luz"; false
 * when nothing or another path segment follows.  Whether such a user
 * exists is the handler's question (404 "no user"). */
static bool path_name(const char *path, const char *prefix, const char **name)
{
    size_t n = strlen(prefix);
    if (strncmp(path, prefix, n) != 0 || !path[n] || strchr(path + n, '/'))
        return false;
    *name = path + n;
    return true;
}

static int login(http_req *r, http_resp *w)
{
    json_t *j = body_json(r, w);
    if (!j)
        return w->status;
    const char *name = jstr(j, "user"), *pw = jstr(j, "password");
    if (!name || !pw) {
        json_decref(j);
        return http_error(w, 400, "expected {\"user\":..., \"password\":...}");
    }
    herr e = {0};
    int status = http_session_open(r, w, name, pw, &e);
    json_decref(j); /* name pointed into it */
    if (status != 200)
        return http_error(w, status, "%s", e.msg);
    const http_user *u = &r->user;
    http_json(w, 200, json_pack("{s:s,s:s,s:s}", "csrf", u->csrf, "user", u->name, "role", u->role));
    return 200;
}

int http_trace_query(const http_req *r, trace_query *q, herr *e)
{
    trace_query_init(q);
    q->name = http_arg(r, "name");
    q->birth_date = http_arg(r, "birth_date");
    q->dui = http_arg(r, "dui");
    q->arrest_date = http_arg(r, "arrest_date");
    q->place = http_arg(r, "place");
    q->facility = http_arg(r, "facility");
    q->mother = http_arg(r, "mother");
    const char *age = http_arg(r, "age");
    if (age && *age) {
        char *end;
        long a = strtol(age, &end, 10);
        if (*end || a < 0 || a > 120)
            return herr_set(e, HERR_INPUT, "age: expected a whole number of years (0-120)");
        q->age = (int)a;
    }
    return HERR_OK;
}

static int trace(http_req *r, http_resp *w)
{
    if (!r->ix)
        return http_error(w, 503, "nothing is linked yet: run 'habeas link'");
    trace_query q;
    herr qe = {0};
    if (http_trace_query(r, &q, &qe) != HERR_OK)
        return http_herr(w, &qe);
    const char *limit = http_arg(r, "limit");
    long lim = limit ? strtol(limit, NULL, 10) : 5;
    if (lim < 1 || lim > 50)
        return http_error(w, 400, "limit: expected 1 to 50");
    json_t *out;
    herr e = {0};
    if (trace_answer_json(r->s, r->ix, &q, (size_t)lim, 0, &out, &e) != HERR_OK)
        return http_herr(w, &e);
    char detail[48];
    snprintf(detail, sizeof detail, "candidates=%zu", json_array_size(json_object_get(out, "candidates")));
    http_audit_later(r, "trace", "", detail);
    http_json(w, 200, out);
    return 200;
}

static int person(http_req *r, http_resp *w, long id)
{
    json_t *out;
    herr e = {0};
    if (link_person_json(r->s, id, &out, &e) != HERR_OK)
        return http_herr(w, &e);
    char object[32];
    snprintf(object, sizeof object, "person:%ld", id);
    http_audit(r, "person.read", object, NULL);
    http_json(w, 200, out);
    return 200;
}

static int inquiry_post(http_req *r, http_resp *w)
{
    if (!r->ix)
        return http_error(w, 503, "nothing is linked yet: run 'habeas link'");
    json_t *j = body_json(r, w);
    if (!j)
        return w->status;
    trace_query q;
    herr e = {0};
    json_t *req = json_object_get(j, "requester");
    trace_requester who = {jstr(req, "name"), jstr(req, "contact"), jstr(req, "relationship")};
    json_t *consent = json_object_get(j, "consent");
    int rc = trace_query_from_json(json_object_get(j, "sought"), &q, &e);
    long id = 0;
    char actor[96];
    http_actor(r, actor, sizeof actor);
    if (rc == HERR_OK && !json_is_object(req))
        rc = herr_set(&e, HERR_INPUT, "'requester' must be an object with name and contact");
    if (rc == HERR_OK && consent && !json_is_boolean(consent))
        rc = herr_set(&e, HERR_INPUT, "'consent' must be true or false");
    if (rc == HERR_OK)
        rc = inquiry_add(r->s, r->ix, &q, &who, !consent || json_is_true(consent), actor, &id, &e);
    json_t *out = NULL;
    if (rc == HERR_OK)
        rc = inquiry_show_json(r->s, id, false, false, actor, &out, &e);
    json_decref(j);
    if (rc != HERR_OK)
        return http_herr(w, &e);
    http_json(w, 201, out);
    return 201;
}

static int inquiry_get(http_req *r, http_resp *w, long id)
{
    const char *c = http_arg(r, "contact");
    bool contact = c && strcmp(c, "1") == 0;
    if (contact && !http_role_may(r->user.role, PERM_CONTACTS))
        return http_error(w, 403, "role %s may not read families' contacts", r->user.role);
    char actor[96];
    http_actor(r, actor, sizeof actor);
    json_t *out;
    herr e = {0};
    if (inquiry_show_json(r->s, id, contact, false, actor, &out, &e) != HERR_OK)
        return http_herr(w, &e);
    http_json(w, 200, out);
    return 200;
}

static int decide(http_req *r, http_resp *w)
{
    json_t *j = body_json(r, w);
    if (!j)
        return w->status;
    json_t *a = json_object_get(j, "record_a"), *b = json_object_get(j, "record_b");
    const char *d = jstr(j, "decision"), *reason = jstr(j, "reason");
    herr e = {0};
    int rc;
    if (!json_is_integer(a) || !json_is_integer(b) || !d || !reason)
        rc = herr_set(&e, HERR_INPUT, "expected {\"record_a\":N, \"record_b\":N, "
                                      "\"decision\":\"same\"|\"different\", \"reason\":...}");
    else if (strcmp(d, "same") != 0 && strcmp(d, "different") != 0)
        rc = herr_set(&e, HERR_INPUT, "decision: expected same or different");
    else
        rc = link_decide(r->s, (long)json_integer_value(a), (long)json_integer_value(b),
                         strcmp(d, "same") == 0 ? LINK_SAME : LINK_DIFFERENT, reason, r->user.name, &e);
    if (rc == HERR_OK) {
        char object[64];
        snprintf(object, sizeof object, "records:%lld,%lld", json_integer_value(a), json_integer_value(b));
        char action[32];
        snprintf(action, sizeof action, "decide.%s", d);
        http_audit(r, action, object, reason);
    }
    json_decref(j);
    if (rc != HERR_OK)
        return http_herr(w, &e);
    http_json(w, 201, json_pack("{s:b}", "recorded", 1));
    return 201;
}

/* Rows of a prepared statement as an array of objects keyed by column name. */
static json_t *rows_json(sqlite3_stmt *st)
{
    json_t *arr = json_array();
    while (sqlite3_step(st) == SQLITE_ROW) {
        json_t *o = json_object();
        for (int i = 0; i < sqlite3_column_count(st); i++)
            json_object_set_new(o, sqlite3_column_name(st, i), store_column_json(st, i));
        json_array_append_new(arr, o);
    }
    sqlite3_finalize(st);
    return arr;
}

int http_sources_json(store *s, json_t **out, herr *e)
{
    sqlite3_stmt *st;
    int rc = store_prepare(s,
                           "SELECT id, name, kind, supplied_by, received, imported_at, file_name, "
                           "rows, imported, rejected, warnings FROM source ORDER BY id",
                           &st, e);
    if (rc == HERR_OK)
        *out = rows_json(st);
    return rc;
}

/* What a role reads of a rejected row: who imports lists (and corrects
 * them) the rows as received, sealed ones opened and audited; who may
 * read persons the rows in the clear; anyone else the line and reason. */
int http_rejects_json(http_req *r, long source_id, json_t **out, herr *e)
{
    ingest_rejects_view view = http_role_may(r->user.role, PERM_IMPORT) ? INGEST_REJECTS_OPEN
                               : http_role_may(r->user.role, PERM_TRACE) ? INGEST_REJECTS_CLEAR
                                                                          : INGEST_REJECTS_NO_RAW;
    long opened;
    int rc = ingest_rejects_json(r->s, source_id, 1000, view, out, &opened, e);
    if (rc == HERR_OK && opened) {
        char object[64], detail[64];
        snprintf(object, sizeof object, "source:%ld", source_id);
        snprintf(detail, sizeof detail, "%ld sealed rejected rows opened (informants)", opened);
        if (http_audit(r, "read_sealed_rejects", object, detail) != HERR_OK) {
            json_decref(*out);
            *out = NULL;
            return herr_set(e, HERR_INTERNAL, "the audit log could not be written");
        }
    }
    return rc;
}

int http_import_bytes(http_req *r, const char *data, size_t len, const char *file_name,
                      const char *source, const char *kind, const char *received, json_t **out,
                      herr *e)
{
    if (!source || !*source || !kind || !*kind)
        return herr_set(e, HERR_INPUT, "a list needs a source name and a kind");
    /* Imported from memory: a family's report is never on disk in the
     * clear, not even as a temporary file. */
    const char *name = file_name && *file_name ? file_name : "upload";
    ingest_opts o = {.path = name, .bytes = data ? data : "", .nbytes = data ? len : 0,
                     .display = name,
                     .source_name = source, .kind = kind,
                     .received = received && *received ? received : NULL,
                     .supplied_by = r->user.name};
    ingest_report rep;
    int rc = ingest_file(r->s, &o, &rep, e);
    if (rc != HERR_OK) {
        ingest_report_free(&rep);
        return rc;
    }
    char object[300], detail[200];
    snprintf(object, sizeof object, "source:%s", source);
    snprintf(detail, sizeof detail, "source id %ld: %ld rows, %ld imported, %ld rejected",
             rep.source_id, rep.rows, rep.imported, rep.rejected);
    http_audit(r, "import", object, detail);
    *out = json_pack("{s:I,s:I,s:I,s:I,s:I}", "source_id", (json_int_t)rep.source_id, "rows",
                     (json_int_t)rep.rows, "imported", (json_int_t)rep.imported, "rejected",
                     (json_int_t)rep.rejected, "warnings", (json_int_t)rep.warnings);
    ingest_report_free(&rep);
    return HERR_OK;
}

/* How a route's path ends: as written, or a prefix ending in '/'
 * followed by an id or by a user name. */
/* POST /api/users/{name}: any of {"disabled":bool, "role":..., "password":...},
 * applied together or not at all. */
static int user_post(http_req *r, http_resp *w, const char *name)
{
    json_t *j = body_json(r, w);
    if (!j)
        return w->status;
    http_user_changes c = {.disabled = -1};
    herr e = {0};
    int rc = HERR_OK;
    const char *k;
    json_t *v;
    json_object_foreach(j, k, v)
    {
        if (strcmp(k, "disabled") == 0 && json_is_boolean(v))
            c.disabled = json_is_true(v);
        else if (strcmp(k, "role") == 0 && json_is_string(v))
            c.role = json_string_value(v);
        else if (strcmp(k, "password") == 0 && json_is_string(v))
            c.password = json_string_value(v);
        else {
            rc = herr_set(&e, HERR_INPUT, "'%s': expected \"disabled\":true|false, "
                                          "\"role\":\"...\" or \"password\":\"...\"", k);
            break;
        }
    }
    if (rc == HERR_OK && c.disabled < 0 && !c.role && !c.password)
        rc = herr_set(&e, HERR_INPUT, "expected one or more of {\"disabled\":true|false, "
                                      "\"role\":\"...\", \"password\":\"...\"}");
    char actor[96];
    http_actor(r, actor, sizeof actor);
    long ended = 0;
    if (rc == HERR_OK)
        rc = http_user_change(r->s, name, &c, actor, &ended, &e);
    json_decref(j); /* c pointed into it */
    if (rc != HERR_OK)
        return http_herr(w, &e);
    http_json(w, 200, json_pack("{s:b,s:I}", "updated", 1, "sessions_ended", (json_int_t)ended));
    return 200;
}

/* POST /api/password: the logged-in user's own, {"current":..., "new":...}. */
static int password_post(http_req *r, http_resp *w)
{
    json_t *j = body_json(r, w);
    if (!j)
        return w->status;
    const char *current = jstr(j, "current"), *new_password = jstr(j, "new");
    if (!current || !new_password) {
        json_decref(j);
        return http_error(w, 400, "expected {\"current\":..., \"new\":...}");
    }
    herr e = {0};
    int status = http_password_change(r, w, current, new_password, &e);
    json_decref(j);
    if (status != 200)
        return http_error(w, status, "%s", e.msg);
    http_json(w, 200, json_pack("{s:b}", "updated", 1));
    return 200;
}

typedef enum { EXACT, ID, NAME } route_tail;

typedef struct route {
    const char *method;
    const char *path;
    route_tail tail;
    http_perm perm;
} route;

/* Every route and the permission it needs (the route x role tests read
 * docs/api.md, which lists the same). */
static const route routes[] = {
    {"POST", "/api/logout", EXACT, PERM_NONE},
    {"GET", "/api/me", EXACT, PERM_NONE},
    {"GET", "/api/trace", EXACT, PERM_TRACE},
    {"GET", "/api/persons", EXACT, PERM_TRACE},
    {"GET", "/api/persons/", ID, PERM_TRACE},
    {"GET", "/api/inquiries", EXACT, PERM_INQUIRY},
    {"POST", "/api/inquiries", EXACT, PERM_INQUIRY},
    {"GET", "/api/inquiries/", ID, PERM_INQUIRY},
    {"GET", "/api/review", EXACT, PERM_DECIDE},
    {"POST", "/api/decisions", EXACT, PERM_DECIDE},
    {"GET", "/api/sources", EXACT, PERM_SOURCES},
    {"GET", "/api/sources/", ID, PERM_SOURCES},
    {"POST", "/api/import", EXACT, PERM_IMPORT},
    {"GET", "/api/stats", EXACT, PERM_STATS},
    {"GET", "/api/users", EXACT, PERM_USERS},
    {"POST", "/api/users", EXACT, PERM_USERS},
    {"POST", "/api/users/", NAME, PERM_USERS},
    {"POST", "/api/password", EXACT, PERM_NONE},
};

int http_api(http_req *r, http_resp *w)
{
    if (strcmp(r->path, "/api/login") == 0)
        return strcmp(r->method, "POST") == 0 ? login(r, w)
                                              : http_error(w, 405, "POST /api/login");
    const route *rt = NULL;
    long id = -1;
    const char *rest = "";
    bool path_known = false;
    for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++) {
        long pid = routes[i].tail == ID ? path_id(r->path, routes[i].path, &rest) : -1;
        bool match = routes[i].tail == ID     ? pid > 0
                     : routes[i].tail == NAME ? path_name(r->path, routes[i].path, &rest)
                                              : strcmp(r->path, routes[i].path) == 0;
        if (!match)
            continue;
        path_known = true;
        if (strcmp(r->method, routes[i].method) == 0) {
            rt = &routes[i];
            id = pid;
            break;
        }
    }
    if (!rt)
        return path_known ? http_error(w, 405, "%s not allowed on %s", r->method, r->path)
                          : http_error(w, 404, "no such route: %s", r->path);
    if (rt->perm != PERM_NONE && !http_role_may(r->user.role, rt->perm))
        return http_error(w, 403, "role %s may not %s", r->user.role, http_perm_name(rt->perm));
    herr e = {0};
    json_t *out = NULL;
    int rc = HERR_OK;
    const char *p = rt->path;
    if (strcmp(p, "/api/logout") == 0) {
        http_session_end(r->s, r->token);
        http_set_cookie(w, r, "habeas_session", "", 0);
        http_json(w, 200, json_pack("{s:b}", "logged_out", 1));
        return 200;
    }
    if (strcmp(p, "/api/me") == 0) {
        http_json(w, 200, json_pack("{s:s,s:s,s:s}", "user", r->user.name, "role", r->user.role,
                                    "csrf", r->user.csrf));
        return 200;
    }
    if (strcmp(p, "/api/trace") == 0)
        return trace(r, w);
    if (strcmp(p, "/api/persons/") == 0)
        return *rest ? http_error(w, 404, "no such route: %s", r->path) : person(r, w, id);
    if (strcmp(p, "/api/inquiries") == 0 && strcmp(r->method, "POST") == 0)
        return inquiry_post(r, w);
    if (strcmp(p, "/api/inquiries/") == 0)
        return *rest ? http_error(w, 404, "no such route: %s", r->path) : inquiry_get(r, w, id);
    if (strcmp(p, "/api/decisions") == 0)
        return decide(r, w);
    if (strcmp(p, "/api/users/") == 0)
        return user_post(r, w, rest);
    if (strcmp(p, "/api/password") == 0)
        return password_post(r, w);
    if (strcmp(p, "/api/persons") == 0) {
        const char *l = http_arg(r, "limit");
        rc = link_persons_json(r->s, l ? strtol(l, NULL, 10) : 100, &out, &e);
    } else if (strcmp(p, "/api/inquiries") == 0) {
        rc = inquiry_list_json(r->s, &out, &e);
    } else if (strcmp(p, "/api/review") == 0) {
        const char *l = http_arg(r, "limit");
        rc = link_review_json(r->s, r->ix ? trace_index_view(r->ix) : NULL,
                              l ? strtol(l, NULL, 10) : 20, &out, &e);
    } else if (strcmp(p, "/api/sources") == 0) {
        rc = http_sources_json(r->s, &out, &e);
    } else if (strcmp(p, "/api/sources/") == 0) {
        if (strcmp(rest, "/rejects") != 0)
            return http_error(w, 404, "no such route: %s", r->path);
        rc = http_rejects_json(r, id, &out, &e);
    } else if (strcmp(p, "/api/import") == 0) {
        rc = http_import_bytes(r, r->body, r->body_len, http_arg(r, "file"), http_arg(r, "source"),
                               http_arg(r, "kind"), http_arg(r, "received"), &out, &e);
        if (rc == HERR_OK) {
            http_json(w, 201, out);
            return 201;
        }
    } else if (strcmp(p, "/api/stats") == 0) {
        const char *by = http_arg(r, "by");
        rc = stats_describe(r->s, by ? by : "status", 5, &out, &e);
    } else if (strcmp(p, "/api/users") == 0 && strcmp(r->method, "GET") == 0) {
        rc = http_users_json(r->s, &out, &e);
    } else if (strcmp(p, "/api/users") == 0) {
        json_t *j = body_json(r, w);
        if (!j)
            return w->status;
        char actor[96];
        http_actor(r, actor, sizeof actor);
        rc = http_user_add(r->s, jstr(j, "name"), jstr(j, "role"), jstr(j, "password"), actor, &e);
        json_decref(j);
        if (rc == HERR_OK) {
            http_json(w, 201, json_pack("{s:b}", "created", 1));
            return 201;
        }
    }
    if (rc != HERR_OK)
        return http_herr(w, &e);
    http_json(w, 200, out);
    return 200;
}
