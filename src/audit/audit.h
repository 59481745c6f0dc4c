/*
 * audit — an append-only, hash-chained log of every change and of every
 * read of sensitive content (an inquiry's contact, a person page).
 *
 * Each entry stores the hash of the entry before it, and its own hash
 * covers that link plus every field of the entry (BLAKE2b-256 over
 * length-prefixed fields, so no two different entries hash alike by
 * shifting text between fields).  Editing, inserting or deleting any entry
 * in the middle breaks the chain at that point, and audit_verify() names
 * the first entry that no longer fits.  Triggers refuse UPDATE and DELETE
 * on the table, as a second fence; verify does not rely on them.
 *
 * Truncating the newest entries leaves a shorter chain that still
 * verifies: that cannot be seen from inside the file.  audit_verify()
 * therefore returns the head hash, which an office can write down or
 * publish (an anchor) and compare later.
 *
 * Who is an actor: "web:NAME" for a signed-in web user, "cli:NAME" for a
 * command run by NAME on the machine.
 */
#ifndef HABEAS_AUDIT_H
#define HABEAS_AUDIT_H

#include "store/store.h"
#include "util/util.h"

#define AUDIT_HASH_HEX 65 /* 64 hex digits and a NUL */
#define AUDIT_TIME 32     /* "2026-12-01T09:54:59.123Z" and room to spare */

/* Appends one entry.  actor and action are required; object (what was
 * touched, e.g. "inquiry:12") and detail (free text, never secret
 * content itself) may be NULL.  Runs in the caller's transaction when
 * there is one, else in its own. */
int audit_append(store *s, const char *actor, const char *action, const char *object,
                 const char *detail, herr *e);

/* An entry made now and appended later (the web server gathers searches
 * and appends them every few milliseconds, see http.h): at is when it
 * happened, from audit_now(); the strings belong to the caller. */
typedef struct audit_entry {
    char at[AUDIT_TIME];
    char *actor, *action, *object, *detail;
} audit_entry;

/* The time as the log writes it: UTC to the millisecond. */
void audit_now(char out[AUDIT_TIME]);

/* Appends n entries in their order, all in one transaction (the
 * caller's when there is one): all of them or, on an error, none. */
int audit_append_all(store *s, const audit_entry *v, size_t n, herr *e);

typedef struct audit_report {
    long entries;             /* entries read */
    long first_bad;           /* id of the first entry that does not fit; 0 when intact */
    char reason[160];         /* why it does not fit */
    char head[AUDIT_HASH_HEX];/* hash of the newest entry ("" when empty) */
} audit_report;

/* Walks the whole chain.  HERR_OK whether or not it is intact: look at
 * r->first_bad. */
int audit_verify(store *s, audit_report *r, herr *e);

#endif
