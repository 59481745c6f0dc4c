/*
 * trace — a family's question answered: "is my son held, where, since
 * when, says who?".
 *
 * A liaison types what the family knows (a name, perhaps a nickname or a
 * misspelling, an age, the month of the arrest, the town); trace answers
 * with ranked candidates, each a person of the linked register with the
 * probability that it is the one sought, the current status and the
 * sources behind it, and why it was proposed.
 *
 * The query is made a record like any other (the names module parses it,
 * so "Chepe" finds José and "Hernandes" finds Hernández) and compared
 * with the register's records under the last link run's Fellegi–Sunter
 * model: the same fields, levels and weights as linkage.  Candidates come
 * from an in-memory index of blocking keys (given name and surname sounds,
 * both surnames, DUI, a name with a birth year); only those are compared,
 * so a query costs about a millisecond at a million records.
 *
 * The index reflects one link run; build it again after import or link
 * (the server does so by itself, trace_index_stale() says when).  It is
 * read-only once built: threads may search it at once.
 *
 * Inquiries (inquiry.c): a family's request kept and matched again after
 * every link (a new list is offered once linked), new candidates flagged;
 * an association's file of them is filed all at once or not at all
 * (inquiry_import.c).  The requester's name and
 * contact are encrypted at rest with a key kept beside the database
 * (<db>.key, mode 0600) — XChaCha20-Poly1305 (libsodium) — and every read
 * of them is audited.
 */
#ifndef HABEAS_TRACE_H
#define HABEAS_TRACE_H

#include <stdbool.h>
#include <stddef.h>

#include "link/link.h"
#include "store/store.h"
#include "util/util.h"

struct json_t;

/* What the family knows.  Every field but name may be NULL (age -1).
 * Dates in any form import accepts ("2022-04", "abril 2022", "15/04/2022"). */
typedef struct trace_query {
    const char *name;
    const char *birth_date;
    int age;               /* today, as the family says it; -1 unknown */
    const char *dui;
    const char *arrest_date;
    const char *place;     /* town of residence or arrest */
    const char *facility;  /* a prison, in any spelling the register knows */
    const char *mother;    /* the mother's full name: her first surname is the person's
                              second, and lists that name the mother are compared */
} trace_query;

void trace_query_init(trace_query *q);
/* What trace_search would refuse in q, found without the register: no
 * name, or one with no name in it ("N/D"); an age over 120; a date or a
 * DUI that is not one.  For checking many queries before the index is
 * built (an inquiries file): the message names the field and what was
 * expected, never the value (a shifted row can put a requester's contact
 * in any cell). */
int trace_query_check(const trace_query *q, herr *e);
/* An age as a liaison gives it (--age, an inquiries file's age column):
 * a whole number of years, 0 to 120.  False, *age untouched, otherwise. */
bool trace_parse_age(const char *s, int *age);
/* The query as JSON (for an inquiry) and back; the strings of a query
 * read from JSON point into j, which must outlive it. */
struct json_t *trace_query_json(const trace_query *q);
int trace_query_from_json(struct json_t *j, trace_query *q, herr *e);

typedef struct trace_index trace_index;

/* Builds the index from the store's records, membership and last link
 * model.  HERR_INPUT when nothing was linked yet. */
int trace_index_build(store *s, trace_index **out, herr *e);
void trace_index_free(trace_index *ix);
size_t trace_index_records(const trace_index *ix);
/* The last run's model and records the index was built on, for looking
 * at pairs (link_review_json, link_explain) without reading them again;
 * valid while the index is. */
const link_view *trace_index_view(const trace_index *ix);
/* True when the store has changed (a new link run or import) since the
 * index was built. */
bool trace_index_stale(const trace_index *ix, store *s);

/* One candidate person: its best-matching record and the evidence. */
typedef struct trace_hit {
    long person_id;     /* 0 when the record is not linked yet */
    long record_id;     /* the person's record that matches best */
    double weight;      /* log2 Bayes factor, prior included */
    double probability; /* that this is the person sought, the other persons who fit
                           counted: they share it out (so three who fit equally are a
                           third each) */
} trace_hit;

/* The best `max` persons for q, best first, into hits; *n how many.
 * HERR_INPUT when q is unusable (no name, a date that is not one). */
int trace_search(const trace_index *ix, const trace_query *q, trace_hit *hits, size_t max,
                 size_t *n, herr *e);

/* The answer as JSON:
 *   {"query":{..}, "candidates":[{"person_id", "record_id", "probability",
 *     "name", "status", "status_note", "confirmed", "status_sources",
 *     "contradicted_by", "facility", "since", "sources":[..],
 *     "why":["surname1: equal (+6.1)", ..],
 *     "why_parts":[{"field","level","weight"}, ..]}]}  (the same, in parts)
 * Candidates below min_probability are left out. */
int trace_answer_json(store *s, const trace_index *ix, const trace_query *q, size_t limit,
                      double min_probability, struct json_t **out, herr *e);

/* ---- inquiries (inquiry.c) ---- */

/* The requester: encrypted at rest. */
typedef struct trace_requester {
    const char *name;
    const char *contact;      /* phone, address */
    const char *relationship; /* "madre", "hermana" */
} trace_requester;

/* Files an inquiry and matches it at once; *id its number.  Audited
 * (inquiry.add) by actor, in the same transaction. */
int inquiry_add(store *s, const trace_index *ix, const trace_query *q, const trace_requester *r,
                bool consent, const char *actor, long *id, herr *e);
/* One inquiry to file, as inquiry_add takes it. */
typedef struct inquiry_new {
    trace_query q;
    trace_requester r;
    bool consent;
} inquiry_new;
/* Files n inquiries in one transaction, each exactly as inquiry_add
 * files it (matched, requester sealed, audited); ids[i] is in[i]'s
 * number.  All or none: on an error nothing is filed and *failed is the
 * index of the inquiry refused (n when the fault was no one's). */
int inquiry_add_all(store *s, const trace_index *ix, const inquiry_new *in, size_t n,
                    const char *actor, long *ids, size_t *failed, herr *e);
/* Consent as a liaison gives it: yes or no, also in Spanish (sí, si),
 * any case.  False, *consent untouched, for anything else. */
bool inquiry_parse_consent(const char *s, bool *consent);
/* Open inquiries: id, created, the sought name, status, how many
 * candidates and how many new.  JSON array. */
int inquiry_list_json(store *s, struct json_t **out, herr *e);
/* One inquiry with its candidates; with_contact decrypts the requester
 * (audited as a read of sensitive content by actor) and clears the
 * "new" flags when mark_seen. */
int inquiry_show_json(store *s, long id, bool with_contact, bool mark_seen, const char *actor,
                      struct json_t **out, herr *e);
/* Closes an inquiry (answered, or withdrawn) with a note. */
int inquiry_close(store *s, long id, const char *status, const char *note, const char *actor,
                  herr *e);
/* Matches every open inquiry against ix; candidates not offered before
 * are flagged new.  *fresh counts them. */
int inquiry_rematch(store *s, const trace_index *ix, long *fresh, herr *e);

/* ---- a file of inquiries (inquiry_import.c) ---- */

/* Files one inquiry per data row of a CSV file (a header row, then rows;
 * decoded and delimiter-detected as import does), each as inquiry_add
 * files it, all in one transaction, the trace index built once.  The
 * columns, in English or Spanish: name [nombre], birth_date
 * [fecha_nacimiento], age [edad], dui, arrest_date [fecha_captura,
 * fecha_detencion], place [lugar, municipio], facility [penal, centro],
 * mother [madre], requester [solicitante], contact [contacto],
 * relationship [parentesco], consent [consentimiento]; name, requester
 * and contact required, any other column refused.  All or nothing: when
 * any row is bad, every problem of the file is appended to problems, one
 * "FILE:LINE: what was expected" line each, the result is HERR_INPUT, and
 * the database is unchanged.  Else *out is {"filed": N, "inquiries": [{"id",
 * "line", "name", "candidates"}]} (N may be 0: a header and no rows). */
int inquiry_import(store *s, const char *path, const char *actor, struct json_t **out,
                   sbuf *problems, herr *e);

#endif
