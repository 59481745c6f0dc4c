/*
 * auth.c — accounts, roles, sessions and login throttling.
 *
 * The role matrix, in words:
 *   admin         everything, and manages accounts
 *   investigator  traces, reads persons, files and reads inquiries (no
 *                 contacts), decides review pairs, imports lists
 *   lawyer        traces and reads persons and sources: the evidence for
 *                 a habeas corpus, nothing that changes the register
 *   liaison       traces, reads persons, files inquiries and reads the
 *                 families' contacts (she calls them back)
 *   analyst       published counts and the sources, no person's details
 */
#include <jansson.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "audit/audit.h"
#include "http.h"

const char *const http_roles[5] = {"admin", "investigator", "lawyer", "liaison", "analyst"};

static const char *const perm_names[PERM_COUNT] = {
    "none", "trace", "contacts", "inquiry", "decide", "import", "sources", "stats", "users"};

/* rows: roles in http_roles order; columns: permissions */
static const bool matrix[5][PERM_COUNT] = {
    /*              none  trace  contacts inquiry decide import sources stats users */
    /* admin */    {true, true,  true,    true,   true,  true,  true,   true, true},
    /* investig. */{true, true,  false,   true,   true,  true,  true,   true, false},
    /* lawyer */   {true, true,  false,   false,  false, false, true,   true, false},
    /* liaison */  {true, true,  true,    true,   false, false, false,  true, false},
    /* analyst */  {true, false, false,   false,  false, false, true,   true, false},
};

static int role_index(const char *role)
{
    for (int i = 0; i < 5; i++)
        if (role && strcmp(role, http_roles[i]) == 0)
            return i;
    return -1;
}

bool http_role_valid(const char *role)
{
    return role_index(role) >= 0;
}

bool http_role_may(const char *role, http_perm p)
{
    int i = role_index(role);
    return i >= 0 && p >= 0 && p < PERM_COUNT && matrix[i][p];
}

const char *http_perm_name(http_perm p)
{
    return p >= 0 && p < PERM_COUNT ? perm_names[p] : "?";
}

/* A name is 1-60 letters, digits, '.', '_' or '-': safe in a URL path,
 * an audit line and a page. */
static int check_name(const char *name, herr *e)
{
    if (!name || !*name || strlen(name) > 60 || strspn(name, "abcdefghijklmnopqrstuvwxyz"
                                                              "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                                              "0123456789._-") != strlen(name))
        return herr_set(e, HERR_INPUT, "a user name is 1-60 letters, digits, '.', '_' or '-'");
    return HERR_OK;
}

static int check_role(const char *role, herr *e)
{
    if (!http_role_valid(role))
        return herr_set(e, HERR_INPUT,
                        "role '%s' is not one of admin, investigator, lawyer, liaison, analyst",
                        role ? role : "");
    return HERR_OK;
}

/* The strength rule, then the Argon2id hash in libsodium's encoded form. */
static int hash_password(const char *password, char hash[crypto_pwhash_STRBYTES], herr *e)
{
    if (!password || strlen(password) < HTTP_PASSWORD_MIN)
        return herr_set(e, HERR_INPUT, "a password needs at least %d characters",
                        HTTP_PASSWORD_MIN);
    if (strlen(password) > HTTP_PASSWORD_MAX)
        return herr_set(e, HERR_INPUT, "a password may have at most %d bytes", HTTP_PASSWORD_MAX);
    if (crypto_pwhash_str(hash, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        return herr_set(e, HERR_INTERNAL, "out of memory hashing the password");
    return HERR_OK;
}

int http_user_add(store *s, const char *name, const char *role, const char *password,
                  const char *actor, herr *e)
{
    char hash[crypto_pwhash_STRBYTES];
    int rc = check_name(name, e);
    if (rc == HERR_OK)
        rc = check_role(role, e);
    if (rc == HERR_OK)
        rc = hash_password(password, hash, e);
    if (rc != HERR_OK || (rc = store_begin(s, e)) != HERR_OK)
        return rc;
    sqlite3_stmt *st;
    rc = store_prepare(s,
                       "INSERT INTO user(name, role, password_hash, created_at) VALUES "
                       "(?1, ?2, ?3, strftime('%Y-%m-%dT%H:%M:%SZ','now'))",
                       &st, e);
    if (rc == HERR_OK) {
        sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, role, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 3, hash, -1, SQLITE_STATIC);
        int step = sqlite3_step(st);
        sqlite3_finalize(st);
        if (step == SQLITE_CONSTRAINT)
            rc = herr_set(e, HERR_INPUT, "user '%s' exists already", name);
        else if (step != SQLITE_DONE)
            rc = store_error(s, e, "adding the user");
    }
    if (rc == HERR_OK)
        rc = audit_append(s, actor, "user.add", name, role, e);
    return store_end(s, rc, e);
}

int http_users_json(store *s, json_t **out, herr *e)
{
    sqlite3_stmt *st;
    int rc = store_prepare(s, "SELECT name, role, created_at, disabled FROM user ORDER BY name",
                           &st, e);
    if (rc != HERR_OK)
        return rc;
    json_t *arr = json_array();
    while (sqlite3_step(st) == SQLITE_ROW) {
        json_t *o = json_object();
        json_object_set_new(o, "name", json_string((const char *)sqlite3_column_text(st, 0)));
        json_object_set_new(o, "role", json_string((const char *)sqlite3_column_text(st, 1)));
        json_object_set_new(o, "created_at", json_string((const char *)sqlite3_column_text(st, 2)));
        json_object_set_new(o, "disabled", json_boolean(sqlite3_column_int(st, 3)));
        json_array_append_new(arr, o);
    }
    sqlite3_finalize(st);
    *out = arr;
    return HERR_OK;
}

/* A hash to check against when the name is unknown: the same work, so
 * timing does not tell which names exist. */
static char dummy_hash[crypto_pwhash_STRBYTES];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void make_dummy(void)
{
    if (crypto_pwhash_str(dummy_hash, "no such user", 12, crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        dummy_hash[0] = '\0'; /* out of memory: verify fails, as it should */
}

int http_login(store *s, const char *name, const char *password, http_user *u, herr *e)
{
    pthread_once(&dummy_once, make_dummy);
    memset(u, 0, sizeof *u);
    sqlite3_stmt *st;
    int rc = store_prepare(s,
                           "SELECT id, name, role, password_hash FROM user "
                           "WHERE name = ?1 AND disabled = 0",
                           &st, e);
    if (rc != HERR_OK)
        return rc;
    sqlite3_bind_text(st, 1, name ? name : "", -1, SQLITE_STATIC);
    char hash[crypto_pwhash_STRBYTES] = "";
    bool found = sqlite3_step(st) == SQLITE_ROW;
    if (found) {
        u->id = (long)sqlite3_column_int64(st, 0);
        snprintf(u->name, sizeof u->name, "%s", (const char *)sqlite3_column_text(st, 1));
        snprintf(u->role, sizeof u->role, "%s", (const char *)sqlite3_column_text(st, 2));
        snprintf(hash, sizeof hash, "%s", (const char *)sqlite3_column_text(st, 3));
    }
    sqlite3_finalize(st);
    const char *pw = password ? password : "";
    bool ok = crypto_pwhash_str_verify(found ? hash : dummy_hash, pw, strlen(pw)) == 0;
    if (!found || !ok) {
        memset(u, 0, sizeof *u);
        return herr_set(e, HERR_INPUT, "wrong name or password");
    }
    return HERR_OK;
}

static void hex(const unsigned char *b, size_t n, char *out)
{
    sodium_bin2hex(out, n * 2 + 1, b, n);
}

static void token_hash(const char *token, char out[65])
{
    unsigned char h[32];
    crypto_generichash(h, sizeof h, (const unsigned char *)token, strlen(token), NULL, 0);
    hex(h, sizeof h, out);
}

#define SESSION_SECONDS (8 * 3600)

int http_session_new(store *s, http_user *u, char token[65], herr *e)
{
    unsigned char t[32], c[32];
    randombytes_buf(t, sizeof t);
    randombytes_buf(c, sizeof c);
    hex(t, sizeof t, token);
    hex(c, sizeof c, u->csrf);
    char th[65];
    token_hash(token, th);
    sqlite3_stmt *st;
    int rc = store_prepare(s,
                           "INSERT INTO session(token_hash, user_id, csrf, created_at, expires_at) "
                           "VALUES (?1, ?2, ?3, strftime('%Y-%m-%dT%H:%M:%SZ','now'), ?4)",
                           &st, e);
    if (rc != HERR_OK)
        return rc;
    sqlite3_bind_text(st, 1, th, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, u->id);
    sqlite3_bind_text(st, 3, u->csrf, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 4, (sqlite3_int64)time(NULL) + SESSION_SECONDS);
    rc = sqlite3_step(st) == SQLITE_DONE ? HERR_OK : store_error(s, e, "opening a session");
    sqlite3_finalize(st);
    return rc;
}

bool http_session_get(store *s, const char *token, http_user *u)
{
    if (!token || strlen(token) != 64)
        return false;
    char th[65];
    token_hash(token, th);
    sqlite3_stmt *st;
    herr e = {0};
    if (store_cached(s,
                      "SELECT u.id, u.name, u.role, x.csrf FROM session x "
                      "JOIN user u ON u.id = x.user_id "
                      "WHERE x.token_hash = ?1 AND x.expires_at > ?2 AND u.disabled = 0",
                      &st, &e) != HERR_OK)
        return false;
    sqlite3_bind_text(st, 1, th, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, (sqlite3_int64)time(NULL));
    bool ok = sqlite3_step(st) == SQLITE_ROW;
    if (ok) {
        u->id = (long)sqlite3_column_int64(st, 0);
        snprintf(u->name, sizeof u->name, "%s", (const char *)sqlite3_column_text(st, 1));
        snprintf(u->role, sizeof u->role, "%s", (const char *)sqlite3_column_text(st, 2));
        snprintf(u->csrf, sizeof u->csrf, "%s", (const char *)sqlite3_column_text(st, 3));
    }
    store_done(s, st);
    return ok;
}

void http_session_end(store *s, const char *token)
{
    if (!token)
        return;
    char th[65];
    token_hash(token, th);
    sqlite3_stmt *st;
    herr e = {0};
    if (store_prepare(s, "DELETE FROM session WHERE token_hash = ?1", &st, &e) != HERR_OK)
        return;
    sqlite3_bind_text(st, 1, th, -1, SQLITE_STATIC);
    sqlite3_step(st);
    sqlite3_finalize(st);
}

/* ---- changing an account ---- */

/* Ends the sessions of user id, but the one whose token is keep (may be
 * NULL); *ended says how many. */
static int end_sessions(store *s, long id, const char *keep, long *ended, herr *e)
{
    char kh[65] = "";
    if (keep)
        token_hash(keep, kh);
    sqlite3_stmt *st;
    int rc = store_prepare(s, "DELETE FROM session WHERE user_id = ?1 AND token_hash <> ?2", &st, e);
    if (rc != HERR_OK)
        return rc;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_text(st, 2, kh, -1, SQLITE_STATIC);
    rc = sqlite3_step(st) == SQLITE_DONE ? HERR_OK : store_error(s, e, "ending the sessions");
    sqlite3_finalize(st);
    *ended = rc == HERR_OK ? sqlite3_changes(store_db(s)) : 0;
    return rc;
}

/* Refuses a change that would leave no enabled admin. */
static int keep_an_admin(store *s, long id, const char *name, herr *e)
{
    sqlite3_stmt *st;
    int rc = store_prepare(s,
                           "SELECT count(*) FROM user WHERE role = 'admin' AND disabled = 0 "
                           "AND id <> ?1",
                           &st, e);
    if (rc != HERR_OK)
        return rc;
    sqlite3_bind_int64(st, 1, id);
    long others = sqlite3_step(st) == SQLITE_ROW ? (long)sqlite3_column_int64(st, 0) : -1;
    sqlite3_finalize(st);
    if (others < 0)
        return store_error(s, e, "counting the admins");
    if (others == 0)
        return herr_set(e, HERR_INPUT,
                        "'%s' is the last enabled admin: make another admin first, or nobody "
                        "could manage the accounts",
                        name);
    return HERR_OK;
}

int http_user_change(store *s, const char *name, const http_user_changes *c,
                     const char *actor, long *ended, herr *e)
{
    *ended = 0;
    char hash[crypto_pwhash_STRBYTES];
    int rc = c->role ? check_role(c->role, e) : HERR_OK;
    if (rc == HERR_OK && c->password)
        rc = hash_password(c->password, hash, e);
    if (rc != HERR_OK || (rc = store_begin(s, e)) != HERR_OK)
        return rc;
    sqlite3_stmt *st;
    rc = store_prepare(s, "SELECT id, role, disabled FROM user WHERE name = ?1", &st, e);
    long id = 0;
    char old_role[16] = "";
    bool was_disabled = false;
    if (rc == HERR_OK) {
        sqlite3_bind_text(st, 1, name ? name : "", -1, SQLITE_STATIC);
        if (sqlite3_step(st) == SQLITE_ROW) {
            id = (long)sqlite3_column_int64(st, 0);
            snprintf(old_role, sizeof old_role, "%s", (const char *)sqlite3_column_text(st, 1));
            was_disabled = sqlite3_column_int(st, 2) != 0;
        } else {
            rc = herr_set(e, HERR_INPUT, "no user '%s'", name ? name : "");
        }
        sqlite3_finalize(st);
    }
    if (rc != HERR_OK)
        return store_end(s, rc, e);
    const char *role = c->role ? c->role : old_role;
    bool disabled = c->disabled < 0 ? was_disabled : c->disabled > 0;
    bool new_role = strcmp(role, old_role) != 0, new_state = disabled != was_disabled;
    if (!new_role && !new_state && !c->password)
        return store_end(s, HERR_OK, e); /* nothing to change */
    if (strcmp(old_role, "admin") == 0 && !was_disabled && (disabled || new_role))
        rc = keep_an_admin(s, id, name, e);
    if (rc == HERR_OK)
        rc = store_prepare(s,
                           "UPDATE user SET role = ?2, disabled = ?3, "
                           "password_hash = COALESCE(?4, password_hash) WHERE id = ?1",
                           &st, e);
    if (rc == HERR_OK) {
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_text(st, 2, role, -1, SQLITE_STATIC);
        sqlite3_bind_int(st, 3, disabled);
        if (c->password)
            sqlite3_bind_text(st, 4, hash, -1, SQLITE_STATIC);
        rc = sqlite3_step(st) == SQLITE_DONE ? HERR_OK : store_error(s, e, "changing the user");
        sqlite3_finalize(st);
    }
    /* a new role or password, or a disabled account: every cookie issued
     * before stops working now, not when it expires */
    if (rc == HERR_OK && (new_role || c->password || (new_state && disabled)))
        rc = end_sessions(s, id, c->keep_session, ended, e);
    if (rc == HERR_OK && new_state)
        rc = audit_append(s, actor, disabled ? "user.disable" : "user.enable", name, NULL, e);
    if (rc == HERR_OK && new_role) {
        char detail[40];
        snprintf(detail, sizeof detail, "%s -> %s", old_role, role);
        rc = audit_append(s, actor, "user.role", name, detail, e);
    }
    if (rc == HERR_OK && c->password)
        rc = audit_append(s, actor, "user.passwd", name, NULL, e);
    if (rc == HERR_OK && *ended > 0) {
        char detail[32];
        snprintf(detail, sizeof detail, "%ld", *ended);
        rc = audit_append(s, actor, "user.sessions_ended", name, detail, e);
    }
    if (rc != HERR_OK)
        *ended = 0;
    return store_end(s, rc, e);
}

/* ---- throttling: failures per name and per address in a window ---- */
#define THROTTLE_SLOTS 256
#define THROTTLE_MAX 5       /* failures for one name */
#define THROTTLE_MAX_ADDR 20 /* failures from one address (an office shares one) */
#define THROTTLE_WINDOW 900

typedef struct slot {
    char key[96];
    int fails;
    time_t first;
} slot;

static slot slots[THROTTLE_SLOTS];
static pthread_mutex_t throttle_lock = PTHREAD_MUTEX_INITIALIZER;

static slot *find(const char *kind, const char *v, bool create)
{
    char key[96];
    snprintf(key, sizeof key, "%s:%s", kind, v ? v : "");
    time_t now = time(NULL);
    slot *free_slot = NULL, *oldest = &slots[0];
    for (int i = 0; i < THROTTLE_SLOTS; i++) {
        slot *x = &slots[i];
        if (x->key[0] && now - x->first > THROTTLE_WINDOW)
            x->key[0] = '\0';
        if (x->key[0] && strcmp(x->key, key) == 0)
            return x;
        if (!x->key[0] && !free_slot)
            free_slot = x;
        if (x->first < oldest->first)
            oldest = x;
    }
    if (!create)
        return NULL;
    slot *x = free_slot ? free_slot : oldest;
    snprintf(x->key, sizeof x->key, "%s", key);
    x->fails = 0;
    x->first = now;
    return x;
}

bool http_throttled(const char *name, const char *addr, long *retry_after)
{
    pthread_mutex_lock(&throttle_lock);
    const slot *both[2] = {find("u", name, false), find("a", addr, false)};
    bool blocked = false;
    time_t now = time(NULL);
    *retry_after = 0;
    for (int i = 0; i < 2; i++)
        if (both[i] && both[i]->fails >= (i == 0 ? THROTTLE_MAX : THROTTLE_MAX_ADDR)) {
            blocked = true;
            long left = (long)(both[i]->first + THROTTLE_WINDOW - now);
            if (left > *retry_after)
                *retry_after = left;
        }
    pthread_mutex_unlock(&throttle_lock);
    return blocked;
}

void http_throttle_fail(const char *name, const char *addr)
{
    pthread_mutex_lock(&throttle_lock);
    find("u", name, true)->fails++;
    find("a", addr, true)->fails++;
    pthread_mutex_unlock(&throttle_lock);
}

void http_throttle_clear(const char *name)
{
    pthread_mutex_lock(&throttle_lock);
    slot *x = find("u", name, false);
    if (x)
        x->key[0] = '\0';
    pthread_mutex_unlock(&throttle_lock);
}
