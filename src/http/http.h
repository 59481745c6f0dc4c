/*
 * http — habeas as a web service for a small office: GNU libmicrohttpd,
 * a JSON API under /api/ and server-rendered pages (web module), accounts
 * with roles, sessions, CSRF tokens and an audit entry for every change
 * and every read of sensitive content.
 *
 * Security, in the order a request meets it:
 *   - bodies over a limit are refused (413) before they are read whole;
 *   - the session cookie (HttpOnly, SameSite=Strict, Secure under TLS) is
 *     a random 256-bit token; the database keeps only its BLAKE2b hash;
 *   - every state-changing request (POST) must carry the session's CSRF
 *     token: the X-CSRF-Token header (API) or a csrf form field (pages);
 *   - the route says which permission it needs; the role matrix
 *     (http_role_may) says who has it; 403 otherwise;
 *   - logins are throttled: after 5 failures for a name (20 from one
 *     address) in 15 minutes, 429 until the window passes;
 *   - passwords are hashed with Argon2id (libsodium, interactive limits).
 *
 * Threads: libmicrohttpd's pool; each worker thread opens its own SQLite
 * connection on first use (WAL lets readers run beside a writer).  The
 * trace index is shared, read-locked while searched and rebuilt when the
 * register changes.
 */
#ifndef HABEAS_HTTP_H
#define HABEAS_HTTP_H

#include <stdbool.h>
#include <stddef.h>

#include "store/store.h"
#include "trace/trace.h"
#include "util/util.h"

struct json_t;
struct MHD_Connection;

/* ---- roles and permissions ---- */
typedef enum {
    PERM_NONE = 0,
    PERM_TRACE,     /* search, persons, person pages */
    PERM_CONTACTS,  /* read a requester's contact */
    PERM_INQUIRY,   /* list, file and read inquiries (without contacts) */
    PERM_DECIDE,    /* review queue and decisions */
    PERM_IMPORT,    /* sources, rejects, upload a list */
    PERM_SOURCES,   /* read the sources and their rejects */
    PERM_STATS,     /* published counts */
    PERM_USERS,     /* manage accounts */
    PERM_COUNT
} http_perm;

extern const char *const http_roles[5]; /* admin investigator lawyer liaison analyst */
bool http_role_valid(const char *role);
bool http_role_may(const char *role, http_perm p);
const char *http_perm_name(http_perm p);

/* ---- accounts (auth.c) ---- */
#define HTTP_PASSWORD_MIN 10 /* characters */
#define HTTP_PASSWORD_MAX 255 /* bytes: every form and command takes this much */

int http_user_add(store *s, const char *name, const char *role, const char *password,
                  const char *actor, herr *e);
/* Every account: name, role, created_at, disabled. */
int http_users_json(store *s, struct json_t **out, herr *e);

/* What to change in an account; the rest stays. */
typedef struct http_user_changes {
    int disabled;             /* 1 disable, 0 enable, -1 leave as it is */
    const char *role;         /* NULL: leave */
    const char *password;     /* NULL: leave; else the same strength rule as user add */
    const char *keep_session; /* a session token that stays open (a user changing her
                                 own password), or NULL */
} http_user_changes;

/* Applies c to the account `name` in one transaction, all or nothing,
 * with an audit entry per change (user.disable, user.enable, user.role,
 * user.passwd) in actor's name.  A new role, a new password or disabling
 * deletes the user's sessions (but c->keep_session), so a stolen cookie
 * stops working at once; *ended says how many.  HERR_INPUT "no user
 * 'NAME'" for an unknown name, and a refusal to disable or demote the
 * last enabled admin.  Asking for what already holds changes nothing. */
int http_user_change(store *s, const char *name, const http_user_changes *c, const char *actor,
                     long *ended, herr *e);

typedef struct http_user {
    long id;
    char name[64];
    char role[16];
    char csrf[65];
} http_user;

/* Checks a password (constant work whether or not the name exists);
 * HERR_INPUT "wrong name or password". */
int http_login(store *s, const char *name, const char *password, http_user *u, herr *e);
/* A new session for u: token (64 hex) for the cookie, u->csrf filled. */
int http_session_new(store *s, http_user *u, char token[65], herr *e);
/* The session's user; false when the token is unknown or expired. */
bool http_session_get(store *s, const char *token, http_user *u);
void http_session_end(store *s, const char *token);

/* Login throttling (in memory, per process). */
bool http_throttled(const char *name, const char *addr, long *retry_after);
void http_throttle_fail(const char *name, const char *addr);
void http_throttle_clear(const char *name);

/* ---- a request and its response ---- */
typedef struct http_req {
    struct MHD_Connection *conn;
    const char *method;   /* GET, POST */
    const char *path;     /* /api/persons/12 */
    const char *body;     /* NUL-terminated; may hold NULs for uploads */
    size_t body_len;
    const char *content_type;
    const char *addr;     /* client address, for throttling */
    bool tls;
    bool authed;
    http_user user;
    const char *token;    /* the session cookie, when authed */
    const char *lang;     /* "es" or "en" */
    store *s;             /* this thread's connection */
    trace_index *ix;      /* read-locked for the request; NULL if no link run */
} http_req;

typedef struct http_resp {
    int status;
    const char *ctype;
    sbuf body;
    char cookie[3][256];  /* Set-Cookie headers */
    int ncookies;
    char location[512];
    long retry_after;
} http_resp;

/* Query-string or form argument (URL-decoded), NULL when absent. */
const char *http_arg(const http_req *r, const char *name);
/* A field of an application/x-www-form-urlencoded body, decoded into out. */
bool http_form(const http_req *r, const char *name, char *out, size_t size);

/* JSON responses and errors: {"error":{"status":..,"message":..}}. */
void http_json(http_resp *w, int status, struct json_t *v); /* steals v */
int http_error(http_resp *w, int status, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Maps a module error: HERR_INPUT -> 400 (or 404 for "no ..."), else 500. */
int http_herr(http_resp *w, const herr *e);
void http_set_cookie(http_resp *w, const http_req *r, const char *name, const char *value,
                     long max_age);
void http_redirect(http_resp *w, const char *location);

/* Logs r in as name: throttling, the password check, a new session and
 * its cookie, an audit entry for success or failure.  Returns the HTTP
 * status: 200; 429 throttled (w->retry_after set); 401 wrong name or
 * password; 500.  e says why when not 200. */
int http_session_open(http_req *r, http_resp *w, const char *name, const char *password,
                      herr *e);

/* The logged-in user changes her own password: throttled like a login,
 * the current password checked (a failure audited), then the new one
 * set; her other sessions end, this one stays.  Returns the HTTP status:
 * 200; 400 a new password that breaks the rule; 403 wrong current
 * password; 429 throttled (w->retry_after set); 500.  Nothing changes
 * unless 200; e says why. */
int http_password_change(http_req *r, http_resp *w, const char *current, const char *new_password,
                         herr *e);

/* The actor for the audit log and decisions: "web:<user>". */
void http_actor(const http_req *r, char *out, size_t size);
/* Audit in the request's name, before the response goes out. */
int http_audit(const http_req *r, const char *action, const char *object, const char *detail);
/* The same for a search (a trace), appended with the others of the last
 * 50 ms in one transaction by the server's main thread: one write a turn
 * instead of one a search is most of a search's cost, and every write
 * makes the other workers' page caches start again.  The entry keeps the
 * time of the search; an entry is lost only if the process is killed
 * within those 50 ms (a stop by signal appends what is waiting). */
void http_audit_later(const http_req *r, const char *action, const char *object,
                      const char *detail);

/* ---- the API (api.c) ---- */
/* Handles /api/...; returns the HTTP status it set. */
int http_api(http_req *r, http_resp *w);
/* Shared with the pages: sources, a source's rejects, an uploaded list
 * imported (audited) as a new source. */
int http_sources_json(store *s, struct json_t **out, herr *e);
/* The sought person from the query string (name, birth_date, age, dui,
 * arrest_date, place, facility); HERR_INPUT for an age that is not one. */
int http_trace_query(const http_req *r, trace_query *q, herr *e);
/* A list's rejected rows as r's role may read them (ingest_rejects_json):
 * raw opened for who imports lists (audited), in the clear for who reads
 * persons, null for the rest. */
int http_rejects_json(http_req *r, long source_id, struct json_t **out, herr *e);
int http_import_bytes(http_req *r, const char *data, size_t len, const char *file_name,
                      const char *source, const char *kind, const char *received,
                      struct json_t **out, herr *e);

/* ---- the server (server.c) ---- */
typedef struct http_opts {
    const char *db_path;
    const char *listen;   /* "127.0.0.1:8080" */
    const char *cert, *key; /* PEM files: TLS when both given */
    unsigned threads;     /* worker threads (default: 4) */
    bool quiet;
} http_opts;

/* Serves until SIGINT or SIGTERM. */
int http_serve(const http_opts *o, herr *e);

#endif
