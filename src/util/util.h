/*
 * util — the few helpers every habeas module shares.
 *
 * Errors.  Library functions never print and never exit: they return a
 * status code and fill a `herr` with a message a person can act on
 * ("lista.csv:214: fecha_nacimiento '31/02/1990' is not a date").  Only
 * main() turns the code into an exit status:
 *   HERR_OK 0 — fine; HERR_INPUT 1 — bad input or usage; HERR_INTERNAL 2 —
 *   our fault or the system's (disk full, out of memory, SQLite error).
 *
 * Growable strings.  `sbuf` is a byte buffer that always stays
 * NUL-terminated; it is used to build SQL-free text such as JSON and
 * raw rows.  Allocation failure aborts: habeas cannot do anything useful
 * without memory, and checking every append would hide the logic.
 *
 * Dates.  Sources give dates with different precision ("2022", "2022-04",
 * "2022-04-15").  A `hdate` keeps year, month and day with a precision;
 * comparisons only say "before" when that is certain at both precisions.
 */
#ifndef HABEAS_UTIL_H
#define HABEAS_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum { HERR_OK = 0, HERR_INPUT = 1, HERR_INTERNAL = 2 };

typedef struct herr {
    int code;
    char msg[1024];
} herr;

/* Sets the message (printf-style) and the code; returns the code. */
int herr_set(herr *e, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void herr_clear(herr *e);

/* ---- memory ---- */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/* ---- growable string ---- */
typedef struct sbuf {
    char *data;
    size_t len;
    size_t cap;
} sbuf;

void sbuf_init(sbuf *b);
void sbuf_free(sbuf *b);
void sbuf_reset(sbuf *b);
void sbuf_add(sbuf *b, const char *s, size_t n);
void sbuf_adds(sbuf *b, const char *s);
void sbuf_addc(sbuf *b, char c);
void sbuf_printf(sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Appends s as a JSON string literal, quotes included. */
void sbuf_add_json_string(sbuf *b, const char *s, size_t n);

/* ---- files ---- */
/* Reads a whole file into a fresh buffer (NUL-terminated, *len excludes
 * the NUL).  On error fills e (HERR_INPUT: cannot open/read). */
char *file_read_all(const char *path, size_t *len, herr *e);
/* SHA-256 of a buffer as 64 lowercase hex digits plus NUL. */
void sha256_hex(const void *data, size_t len, char out[65]);

/* ---- dates with precision ---- */
typedef enum { PREC_UNKNOWN = 0, PREC_YEAR, PREC_MONTH, PREC_DAY } date_prec;

typedef struct hdate {
    int year, month, day; /* month/day 0 when not known */
    date_prec prec;
} hdate;

const char *date_prec_name(date_prec p);    /* "day", "month", "year", "unknown" */
bool date_valid_ymd(int y, int m, int d);   /* real calendar day */
/* ISO form at its own precision: "2022", "2022-04", "2022-04-15". */
void hdate_format(const hdate *d, char out[11]);
/* -1 certainly before, +1 certainly after, 0 equal or cannot tell at the
 * coarser of the two precisions. */
int hdate_compare(const hdate *a, const hdate *b);
/* Today's date in UTC, or $HABEAS_TODAY (YYYY-MM-DD) when set, so that
 * tests about "future dates" do not depend on the day they run. */
hdate hdate_today(void);

/* ---- small text helpers ---- */
/* Trims ASCII white space in place on a (ptr,len) view. */
void trim_span(const char **s, size_t *n);
bool str_ieq_ascii(const char *a, const char *b);
/* True when stdout/stderr is a terminal (for progress output). */
bool stderr_is_tty(void);
/* Peak resident set size of this process, in KiB. */
long peak_rss_kib(void);
double now_seconds(void);

#endif
