/*
 * server.c — libmicrohttpd glue: reading a request (with a body limit),
 * the session, the language, the CSRF check, then the API or a page; the
 * response with its security headers.  See http.h for the rules.
 */
#include <arpa/inet.h>
#include <jansson.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sodium.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "audit/audit.h"
#include "http.h"
#include "web/web.h"

#define BODY_LIMIT (1L << 20)      /* JSON and forms */
#define UPLOAD_LIMIT (64L << 20)   /* a list uploaded for import */

static const http_opts *opts;
static _Thread_local store *tls_store;
/* Closes a worker's connection when the worker ends (the daemon stopped). */
static pthread_key_t store_key;
static pthread_once_t store_key_once = PTHREAD_ONCE_INIT;

static void store_at_exit(void *s)
{
    store_close(s);
}

static void store_key_make(void)
{
    pthread_key_create(&store_key, store_at_exit);
}

/* ---- the shared trace index ---- */
static pthread_rwlock_t ix_lock = PTHREAD_RWLOCK_INITIALIZER;
static pthread_mutex_t ix_build = PTHREAD_MUTEX_INITIALIZER;
static trace_index *ix_current;
static atomic_long ix_checked; /* when staleness was last checked (unix seconds) */

static void index_refresh(store *s)
{
    long now = (long)time(NULL);
    long last = atomic_load(&ix_checked);
    if (ix_current && now == last)
        return; /* checked this second */
    if (pthread_mutex_trylock(&ix_build) != 0)
        return; /* someone is at it */
    atomic_store(&ix_checked, now);
    pthread_rwlock_rdlock(&ix_lock);
    bool stale = !ix_current || trace_index_stale(ix_current, s);
    pthread_rwlock_unlock(&ix_lock);
    if (stale) {
        trace_index *fresh = NULL;
        herr e = {0};
        if (trace_index_build(s, &fresh, &e) == HERR_OK) {
            pthread_rwlock_wrlock(&ix_lock);
            trace_index *old = ix_current;
            ix_current = fresh;
            pthread_rwlock_unlock(&ix_lock);
            trace_index_free(old);
            if (!opts->quiet)
                fprintf(stderr, "habeas serve: trace index: %zu records\n",
                        trace_index_records(fresh));
        }
    }
    pthread_mutex_unlock(&ix_build);
}

/* ---- helpers for handlers ---- */

const char *http_arg(const http_req *r, const char *name)
{
    return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, name);
}

static int hexval(char c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
                                          : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

bool http_form(const http_req *r, const char *name, char *out, size_t size)
{
    if (!r->body || !r->content_type ||
        strncmp(r->content_type, "application/x-www-form-urlencoded", 33) != 0)
        return false;
    size_t nl = strlen(name);
    const char *p = r->body, *end = r->body + r->body_len;
    while (p < end) {
        const char *amp = memchr(p, '&', (size_t)(end - p));
        const char *stop = amp ? amp : end;
        const char *eq = memchr(p, '=', (size_t)(stop - p));
        if (eq && (size_t)(eq - p) == nl && memcmp(p, name, nl) == 0) {
            size_t k = 0;
            for (const char *c = eq + 1; c < stop && k + 1 < size; c++) {
                if (*c == '+') {
                    out[k++] = ' ';
                } else if (*c == '%' && c + 2 < stop && hexval(c[1]) >= 0 &&
                           hexval(c[2]) >= 0) {
                    out[k++] = (char)(hexval(c[1]) * 16 + hexval(c[2]));
                    c += 2;
                } else {
                    out[k++] = *c;
                }
            }
            out[k] = '\0';
            return true;
        }
        p = stop + 1;
    }
    return false;
}

void http_json(http_resp *w, int status, json_t *v)
{
    w->status = status;
    w->ctype = "application/json; charset=utf-8";
    char *text = json_dumps(v, JSON_COMPACT | JSON_PRESERVE_ORDER);
    sbuf_reset(&w->body);
    sbuf_adds(&w->body, text ? text : "null");
    free(text);
    json_decref(v);
}

int http_error(http_resp *w, int status, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    json_t *o = json_pack("{s:{s:i,s:s}}", "error", "status", status, "message", msg);
    http_json(w, status, o);
    return status;
}

int http_herr(http_resp *w, const herr *e)
{
    if (e->code == HERR_INPUT)
        return http_error(w, strncmp(e->msg, "no ", 3) == 0 ? 404 : 400, "%s", e->msg);
    return http_error(w, 500, "%s", e->msg);
}

void http_set_cookie(http_resp *w, const http_req *r, const char *name, const char *value,
                     long max_age)
{
    if (w->ncookies >= 3)
        return;
    snprintf(w->cookie[w->ncookies++], sizeof w->cookie[0],
             "%s=%s; Path=/; Max-Age=%ld; HttpOnly; SameSite=Strict%s", name, value, max_age,
             r->tls ? "; Secure" : "");
}

void http_redirect(http_resp *w, const char *location)
{
    w->status = 303;
    snprintf(w->location, sizeof w->location, "%s", location);
}

void http_actor(const http_req *r, char *out, size_t size)
{
    snprintf(out, size, "web:%s", r->authed ? r->user.name : "anonymous");
}

int http_audit(const http_req *r, const char *action, const char *object, const char *detail)
{
    char actor[96];
    http_actor(r, actor, sizeof actor);
    herr e = {0};
    return audit_append(r->s, actor, action, object, detail, &e);
}

/* ---- searches, audited a moment later ----
 * Entries wait here (made with their time) until the main thread appends
 * them all in one transaction, every AUDIT_LATER_MS; on a failure they
 * stay for the next turn, and the last turn runs after the daemon stops. */
#define AUDIT_LATER_MS 50
static pthread_mutex_t later_lock = PTHREAD_MUTEX_INITIALIZER;
static audit_entry *later;
static size_t later_n, later_cap;

static char *dup_or_null(const char *p)
{
    return p ? xstrdup(p) : NULL;
}

void http_audit_later(const http_req *r, const char *action, const char *object,
                      const char *detail)
{
    char actor[96];
    http_actor(r, actor, sizeof actor);
    audit_entry a = {.actor = xstrdup(actor), .action = xstrdup(action),
                     .object = dup_or_null(object), .detail = dup_or_null(detail)};
    audit_now(a.at);
    pthread_mutex_lock(&later_lock);
    if (later_n == later_cap) {
        later_cap = later_cap ? 2 * later_cap : 256;
        later = xrealloc(later, later_cap * sizeof *later);
    }
    later[later_n++] = a;
    pthread_mutex_unlock(&later_lock);
}

static void entries_free(audit_entry *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(v[i].actor);
        free(v[i].action);
        free(v[i].object);
        free(v[i].detail);
    }
    free(v);
}

/* Appends what is waiting; returns how many entries are still waiting. */
static size_t audit_later_flush(store *s)
{
    pthread_mutex_lock(&later_lock);
    audit_entry *v = later;
    size_t n = later_n, cap = later_cap;
    later = NULL;
    later_n = later_cap = 0;
    pthread_mutex_unlock(&later_lock);
    if (n == 0) {
        free(v);
        return 0;
    }
    herr e = {0};
    if (audit_append_all(s, v, n, &e) == HERR_OK) {
        entries_free(v, n);
        return 0;
    }
    fprintf(stderr, "habeas serve: %zu search entries not yet in the audit log: %s\n", n, e.msg);
    /* back in front of whatever came meanwhile, in order */
    pthread_mutex_lock(&later_lock);
    if (cap < n + later_n) {
        cap = n + later_n;
        v = xrealloc(v, cap * sizeof *v);
    }
    if (later_n)
        memcpy(v + n, later, later_n * sizeof *v);
    n += later_n;
    free(later);
    later = v;
    later_n = n;
    later_cap = cap;
    pthread_mutex_unlock(&later_lock);
    return n;
}

int http_session_open(http_req *r, http_resp *w, const char *name, const char *password,
                      herr *e)
{
    long retry;
    if (http_throttled(name, r->addr, &retry)) {
        w->retry_after = retry;
        herr_set(e, HERR_INPUT, "too many failed logins; try again in %ld s", retry);
        return 429;
    }
    http_user u;
    if (http_login(r->s, name, password, &u, e) != HERR_OK) {
        http_throttle_fail(name, r->addr);
        r->authed = false;
        http_audit(r, "login.fail", name, r->addr);
        return e->code == HERR_INPUT ? 401 : 500;
    }
    http_throttle_clear(name);
    char token[65];
    if (http_session_new(r->s, &u, token, e) != HERR_OK)
        return 500;
    r->user = u;
    r->authed = true;
    http_audit(r, "login", u.name, r->addr);
    http_set_cookie(w, r, "habeas_session", token, 8 * 3600);
    return 200;
}

int http_password_change(http_req *r, http_resp *w, const char *current, const char *new_password,
                         herr *e)
{
    long retry;
    if (http_throttled(r->user.name, r->addr, &retry)) {
        w->retry_after = retry;
        herr_set(e, HERR_INPUT, "too many failed attempts; try again in %ld s", retry);
        return 429;
    }
    http_user u;
    if (http_login(r->s, r->user.name, current, &u, e) != HERR_OK) {
        if (e->code != HERR_INPUT)
            return 500;
        http_throttle_fail(r->user.name, r->addr);
        http_audit(r, "user.passwd.fail", r->user.name, r->addr);
        herr_set(e, HERR_INPUT, "the current password is wrong");
        return 403;
    }
    http_throttle_clear(r->user.name);
    char actor[96];
    http_actor(r, actor, sizeof actor);
    http_user_changes c = {.disabled = -1, .password = new_password, .keep_session = r->token};
    long ended;
    if (http_user_change(r->s, r->user.name, &c, actor, &ended, e) != HERR_OK)
        return e->code == HERR_INPUT ? 400 : 500;
    return 200;
}

/* ---- one request ---- */

typedef struct conn_ctx {
    sbuf body;
    long limit;
    bool too_large;
} conn_ctx;

static const char *pick_lang(struct MHD_Connection *c)
{
    const char *chosen = MHD_lookup_connection_value(c, MHD_COOKIE_KIND, "lang");
    if (chosen && (strcmp(chosen, "es") == 0 || strcmp(chosen, "en") == 0))
        return strcmp(chosen, "es") == 0 ? "es" : "en";
    const char *al = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Accept-Language");
    if (al) {
        const char *es = strstr(al, "es"), *en = strstr(al, "en");
        if (en && (!es || en < es))
            return "en";
    }
    return "es";
}

static bool csrf_ok(const http_req *r)
{
    const char *h = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, "X-CSRF-Token");
    char form[80] = "";
    if (!h && (http_form(r, "csrf", form, sizeof form) || web_multipart_field(r, "csrf", form, sizeof form)))
        h = form;
    return h && r->authed && strlen(h) == 64 && sodium_memcmp(h, r->user.csrf, 64) == 0;
}

static int dispatch(http_req *r, http_resp *w)
{
    bool api = strncmp(r->path, "/api/", 5) == 0;
    bool login = strcmp(r->path, "/api/login") == 0 || strcmp(r->path, "/login") == 0;
    bool open = login || strcmp(r->path, "/lang") == 0 || strcmp(r->path, "/style.css") == 0;
    if (!r->authed && !open) {
        if (api)
            return http_error(w, 401, "log in first (POST /api/login)");
        http_redirect(w, "/login");
        return 303;
    }
    if (strcmp(r->method, "POST") == 0 && !login && strcmp(r->path, "/lang") != 0 && !csrf_ok(r)) {
        if (api)
            return http_error(w, 403, "missing or wrong CSRF token (X-CSRF-Token header)");
        return web_error(r, w, 403, "csrf");
    }
    if (strcmp(r->method, "GET") != 0 && strcmp(r->method, "POST") != 0)
        return http_error(w, 405, "method %s not allowed", r->method);
    return api ? http_api(r, w) : web_page(r, w);
}

static enum MHD_Result respond(struct MHD_Connection *c, const http_req *r, http_resp *w)
{
    struct MHD_Response *resp = MHD_create_response_from_buffer(
        w->body.len, w->body.data ? w->body.data : (char *)"", MHD_RESPMEM_MUST_COPY);
    MHD_add_response_header(resp, "Content-Type", w->ctype ? w->ctype : "text/html; charset=utf-8");
    MHD_add_response_header(resp, "Cache-Control", "no-store");
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(resp, "X-Frame-Options", "DENY");
    MHD_add_response_header(resp, "Content-Security-Policy",
                            "default-src 'none'; style-src 'self'; img-src 'self'; "
                            "form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
    if (r && r->lang)
        MHD_add_response_header(resp, "Content-Language", r->lang);
    if (r && r->tls) /* a browser that met the office over TLS never falls back */
        MHD_add_response_header(resp, "Strict-Transport-Security", "max-age=31536000");
    for (int i = 0; i < w->ncookies; i++)
        MHD_add_response_header(resp, "Set-Cookie", w->cookie[i]);
    if (w->location[0])
        MHD_add_response_header(resp, "Location", w->location);
    if (w->retry_after > 0) {
        char ra[24];
        snprintf(ra, sizeof ra, "%ld", w->retry_after);
        MHD_add_response_header(resp, "Retry-After", ra);
    }
    enum MHD_Result ret = MHD_queue_response(c, (unsigned)(w->status ? w->status : 200), resp);
    MHD_destroy_response(resp);
    return ret;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version, const char *upload,
                                  size_t *upload_size, void **con_cls)
{
    (void)cls;
    (void)version;
    conn_ctx *cx = *con_cls;
    if (!cx) {
        cx = xcalloc(1, sizeof *cx);
        sbuf_init(&cx->body);
        bool upload_route = strcmp(url, "/api/import") == 0 || strcmp(url, "/import") == 0;
        cx->limit = upload_route ? UPLOAD_LIMIT : BODY_LIMIT;
        const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
        if (cl && atol(cl) > cx->limit)
            cx->too_large = true;
        *con_cls = cx;
        return MHD_YES;
    }
    if (*upload_size) {
        if (!cx->too_large && (long)(cx->body.len + *upload_size) <= cx->limit)
            sbuf_add(&cx->body, upload, *upload_size);
        else
            cx->too_large = true;
        *upload_size = 0;
        return MHD_YES;
    }
    http_resp w = {0};
    sbuf_init(&w.body);
    if (cx->too_large) {
        http_error(&w, 413, "the body is larger than %ld bytes", cx->limit);
        enum MHD_Result ret = respond(c, NULL, &w);
        sbuf_free(&w.body);
        return ret;
    }
    if (!tls_store) {
        herr e = {0};
        if (store_open(opts->db_path, STORE_MUST_EXIST, &tls_store, &e) != HERR_OK) {
            http_error(&w, 503, "the database cannot be opened: %s", e.msg);
            enum MHD_Result ret = respond(c, NULL, &w);
            sbuf_free(&w.body);
            return ret;
        }
        pthread_once(&store_key_once, store_key_make);
        pthread_setspecific(store_key, tls_store);
    }
    sbuf_addc(&cx->body, '\0'); /* handlers may read the body as a string */
    cx->body.len--;
    char addr[64] = "?";
    const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (ci && ci->client_addr) {
        if (ci->client_addr->sa_family == AF_INET)
            inet_ntop(AF_INET, &((struct sockaddr_in *)ci->client_addr)->sin_addr, addr, sizeof addr);
        else if (ci->client_addr->sa_family == AF_INET6)
            inet_ntop(AF_INET6, &((struct sockaddr_in6 *)ci->client_addr)->sin6_addr, addr, sizeof addr);
    }
    http_req r = {.conn = c, .method = method, .path = url, .body = cx->body.data,
                  .body_len = cx->body.len, .addr = addr, .tls = opts->cert != NULL,
                  .s = tls_store};
    r.content_type = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Type");
    r.lang = pick_lang(c);
    r.token = MHD_lookup_connection_value(c, MHD_COOKIE_KIND, "habeas_session");
    r.authed = http_session_get(r.s, r.token, &r.user);
    index_refresh(r.s);
    pthread_rwlock_rdlock(&ix_lock);
    r.ix = ix_current;
    dispatch(&r, &w);
    pthread_rwlock_unlock(&ix_lock);
    enum MHD_Result ret = respond(c, &r, &w);
    sbuf_free(&w.body);
    return ret;
}

static void on_done(void *cls, struct MHD_Connection *c, void **con_cls,
                    enum MHD_RequestTerminationCode toe)
{
    (void)cls;
    (void)c;
    (void)toe;
    conn_ctx *cx = *con_cls;
    if (cx) {
        sbuf_free(&cx->body);
        free(cx);
        *con_cls = NULL;
    }
}

int http_serve(const http_opts *o, herr *e)
{
    opts = o;
    char host[128] = "127.0.0.1";
    int port = 8080;
    if (o->listen) {
        const char *colon = strrchr(o->listen, ':');
        if (!colon || atoi(colon + 1) <= 0 || atoi(colon + 1) > 65535 ||
            (size_t)(colon - o->listen) >= sizeof host)
            return herr_set(e, HERR_INPUT, "--listen '%s': expected ADDRESS:PORT", o->listen);
        snprintf(host, sizeof host, "%.*s", (int)(colon - o->listen), o->listen);
        port = atoi(colon + 1);
    }
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    if (inet_pton(AF_INET, host, &sa.sin_addr) != 1)
        return herr_set(e, HERR_INPUT, "--listen: '%s' is not an IPv4 address", host);
    store *s;
    int rc = store_open(o->db_path, STORE_MUST_EXIST, &s, e); /* migrates, checks */
    if (rc != HERR_OK)
        return rc;
    index_refresh(s); /* s stays open: the main thread appends the searches' audit entries */
    char *cert = NULL, *key = NULL;
    if ((o->cert != NULL) != (o->key != NULL)) {
        store_close(s);
        return herr_set(e, HERR_INPUT, "TLS needs both --cert and --key");
    }
    if (o->cert) {
        size_t n;
        if (!(cert = file_read_all(o->cert, &n, e)) || !(key = file_read_all(o->key, &n, e))) {
            free(cert);
            store_close(s);
            return e->code;
        }
    }
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, NULL); /* worker threads inherit the mask */
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG;
    if (cert)
        flags |= MHD_USE_TLS;
    struct MHD_Daemon *d = MHD_start_daemon(
        flags, (uint16_t)port, NULL, NULL, on_request, NULL, MHD_OPTION_SOCK_ADDR, &sa,
        MHD_OPTION_THREAD_POOL_SIZE, o->threads ? o->threads : 4u, MHD_OPTION_NOTIFY_COMPLETED,
        on_done, NULL, MHD_OPTION_CONNECTION_TIMEOUT, 30u, MHD_OPTION_CONNECTION_LIMIT, 1000u,
        cert ? MHD_OPTION_HTTPS_MEM_CERT : MHD_OPTION_END, cert, MHD_OPTION_HTTPS_MEM_KEY, key,
        MHD_OPTION_END);
    if (!d) {
        free(cert);
        free(key);
        store_close(s);
        return herr_set(e, HERR_INPUT, "cannot listen on %s:%d (in use, or not allowed)", host, port);
    }
    printf("habeas serve: listening on %s://%s:%d/  (Ctrl-C stops)\n", cert ? "https" : "http",
           host, port);
    fflush(stdout);
    struct timespec turn = {0, AUDIT_LATER_MS * 1000000L};
    while (sigtimedwait(&set, NULL, &turn) < 0)
        audit_later_flush(s);
    MHD_stop_daemon(d);
    size_t lost = audit_later_flush(s);
    if (lost)
        fprintf(stderr, "habeas serve: %zu search entries could not be written to the audit log\n",
                lost);
    store_close(s);
    trace_index_free(ix_current);
    ix_current = NULL;
    free(cert);
    free(key);
    return HERR_OK;
}
