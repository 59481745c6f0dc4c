/*
 * ingest — a list goes in whole and intact, or is refused with a reason.
 *
 * Flow for one file (ingest_file):
 *   bytes -> SHA-256 (refuse a file already imported) -> decode to UTF-8
 *   (BOM, UTF-16, Windows-1252/Latin-1 detected) -> rows (CSV through
 *   libcsv with the delimiter detected, or a JSON array of objects) ->
 *   header mapped to canonical columns (aliases, --map) -> each row
 *   validated field by field -> record / reject / warning rows -> one
 *   COMMIT.  Events are derived from records by a view (migrations.c).
 *
 * The whole source is one transaction: a process killed at any moment
 * leaves either all of it or none of it.  --strict rolls back when any
 * row was rejected or any field warned.
 *
 * What is a reject and what is a warning (DESIGN.md): a row that
 * identifies no one (no name and no document) or is structurally broken
 * (wrong field count, undecodable bytes, unbalanced quotes) is a reject:
 * kept raw with its line and reason.  A field that fails validation (an
 * impossible date, arrest before birth, a future date, a DUI with a bad
 * check digit, an unknown status word) is a warning: the record imports,
 * the field stays in the raw row but is not used.  Nothing is guessed.
 *
 * The field parsers are public so that tests and later modules (tracing
 * queries, linkage) read dates and documents exactly as import does.
 */
#ifndef HABEAS_INGEST_H
#define HABEAS_INGEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "store/store.h"
#include "util/util.h"

/* ---- canonical columns (DESIGN.md "Record fields") ---- */
typedef enum {
    COL_RECORD_ID,
    COL_FULL_NAME,
    COL_GIVEN_NAMES,
    COL_SURNAME1,
    COL_SURNAME2,
    COL_SURNAMES,
    COL_ALIAS,
    COL_SEX,
    COL_BIRTH_DATE,
    COL_AGE,
    COL_DUI,
    COL_ID_NUMBER,
    COL_ID_TYPE,
    COL_RESIDENCE,
    COL_MOTHER_NAME,
    COL_FATHER_NAME,
    COL_NATIONALITY,
    COL_ARREST_DATE,
    COL_ARREST_PLACE,
    COL_AUTHORITY,
    COL_WARRANT,
    COL_FACILITY,
    COL_PREVIOUS_FACILITY,
    COL_TRANSFER_DATE,
    COL_STATUS,
    COL_STATUS_DATE,
    COL_DEATH_DATE,
    COL_COURT_ORDER,
    COL_HEARING_DATE,
    COL_VULNERABILITY,
    COL_NOTES,
    COL_SOURCE_PERSON,
    COL_SOURCE_RELATIONSHIP,
    COL_FACILITY_SINCE,
    COL_COUNT,
    COL_EXTRA = -1 /* a column habeas does not know: kept in `extra` */
} ingest_col;

const char *ingest_col_name(ingest_col c);
/* The canonical column a header means (aliases, accents and case
 * ignored), or COL_EXTRA. */
ingest_col ingest_col_lookup(const char *header, size_t len);

/* A user's --map 'their=ours,...': their header -> canonical column.
 * Parsed once; refuses unknown canonical names. */
typedef struct ingest_map ingest_map;
int ingest_map_parse(const char *spec, ingest_map **out, herr *e);
void ingest_map_free(ingest_map *m);
/* The column for a header, consulting the map first. */
ingest_col ingest_map_lookup(const ingest_map *m, const char *header, size_t len);

/* ---- field parsers: each returns true when the value is usable ---- */
/* Dates: YYYY-MM-DD, YYYY/MM/DD, YYYYMMDD, YYYY-MM, YYYY, DD/MM/YYYY
 * (also - and .), MM/YYYY, and Spanish or English month names
 * ("15 de abril de 2022", "abril 2022").  Precision is kept.  On failure
 * `why` says what was wrong ("is not a date", "has a two-digit year"). */
bool ingest_parse_date(const char *s, size_t n, hdate *out, const char **why);
/* DUI: "01234567-8" or "012345678" -> "01234567-8".  On failure why is
 * "is not a DUI (8 digits and a check digit)" or names the check digit. */
bool ingest_parse_dui(const char *s, size_t n, char out[11], char *why, size_t whylen);
int ingest_dui_check_digit(const char digits[8]);
bool ingest_parse_age(const char *s, size_t n, int *age);
/* Enumerations: out is the canonical word ("M", "held", "yes", ...). */
bool ingest_parse_sex(const char *s, size_t n, const char **out);
bool ingest_parse_status(const char *s, size_t n, const char **out);
bool ingest_parse_warrant(const char *s, size_t n, const char **out);
bool ingest_parse_court_order(const char *s, size_t n, const char **out);
/* Vulnerability list: canonical comma list into out; unknown words are
 * appended to `unknown` (comma separated).  True when at least one term
 * was recognised. */
bool ingest_parse_vulnerability(const char *s, size_t n, sbuf *out, sbuf *unknown);

/* ---- text decoding ---- */
typedef struct ingest_text {
    const char *data;     /* UTF-8, NUL-terminated: into the input, or owned */
    char *owned;          /* the buffer to free when the text was converted */
    size_t len;
    const char *encoding; /* "utf-8", "utf-8 (BOM)", "utf-16le", "windows-1252", ... */
    bool converted;       /* not UTF-8 as received: a notice is due */
    bool has_invalid;     /* UTF-8 with some invalid bytes: those rows are rejects */
} ingest_text;

/* Decodes buf (NUL-terminated, as from file_read_all), which must outlive
 * the text; buf itself is never modified. */
int ingest_decode(const char *buf, size_t len, const char *file, ingest_text *out, herr *e);
void ingest_text_free(ingest_text *t);
/* Length of the valid UTF-8 prefix of s[0..n). */
size_t ingest_utf8_valid_prefix(const char *s, size_t n);

/* ---- import ---- */
typedef struct ingest_opts {
    const char *path;        /* the file (with bytes: its name, as the sender gave it) */
    const char *bytes;       /* the list in memory (an upload), or NULL: read path; it is
                                never written to disk in the clear */
    size_t nbytes;
    const char *display;     /* name used in messages; defaults to path */
    const char *source_name; /* --source */
    const char *kind;        /* --kind */
    const char *supplied_by; /* --supplied-by, may be NULL */
    const char *received;    /* --received YYYY-MM-DD, may be NULL */
    const char *map;         /* --map, may be NULL */
    bool strict;             /* --strict */
    bool progress;           /* progress on stderr (a terminal) */
    FILE *notices;           /* where notices go (encoding); may be NULL */
} ingest_opts;

/* One reject or warning, for the summary and for --strict. */
typedef struct ingest_problem {
    long line;
    char *column; /* NULL for rejects */
    char *raw;
    char *reason;
} ingest_problem;

typedef struct ingest_report {
    long source_id;
    long rows;     /* data rows read (blank rows not counted) */
    long imported; /* records */
    long rejected;
    long warnings;
    long blank;    /* empty rows skipped */
    double seconds;
    char format[8];
    char encoding[24];
    char delimiter; /* CSV */
    ingest_problem *problems; /* the first ones, for display */
    size_t n_problems;
    char **unresolved; /* facility names with no register entry, as written */
    long *unresolved_count;
    size_t n_unresolved;
} ingest_report;

#define INGEST_MAX_PROBLEMS 50

/* Imports one file as a new source.  HERR_INPUT for a file refused
 * (already imported, unreadable, bad header, --strict with problems),
 * with the database unchanged. */
int ingest_file(store *s, const ingest_opts *o, ingest_report *r, herr *e);

/* Raw text for storage: invalid UTF-8 bytes become \xNN so that nothing
 * is lost and the text stays valid. */
void ingest_escape_invalid(const char *s, size_t n, sbuf *out);

/* A row that names its informant, sealed (seal.c) for its source and
 * line: row = the JSON of the raw row, the informant and the extra
 * attributes (extra is JSON text already, or NULL); informant = the
 * informant alone, NULL when none.  Both malloc'd; tmp is scratch. */
typedef struct ingest_sealed {
    unsigned char *row, *informant;
    size_t row_len, informant_len;
} ingest_sealed;
void ingest_seal_row(store_sealer *z, long source_id, long line, const char *raw, size_t raw_len,
                     const char *person, size_t person_len, const char *extra, size_t extra_len,
                     sbuf *tmp, ingest_sealed *out);
/* A rejected row of such a list, sealed whole for its source and line
 * (migration 11): *box malloc'd. */
void ingest_seal_reject(store_sealer *z, long source_id, long line, const char *raw,
                        size_t raw_len, unsigned char **box, size_t *box_len);
/* Seals the rows imported before migration 10 of every source that names
 * its informants, and their rejected rows (migration 11), in one
 * transaction; *rows and *rejects how many. */
int ingest_seal_old(store *s, long *rows, long *rejects, herr *e);

/* ---- reading rejects back (rejects.c) ---- */
struct json_t;
typedef enum {
    INGEST_REJECTS_NO_RAW, /* line and reason only: who may not read a person's row */
    INGEST_REJECTS_CLEAR,  /* the rows in the clear; a sealed one's raw null */
    INGEST_REJECTS_OPEN,   /* sealed rows opened too, with the key beside the database */
} ingest_rejects_view;
/* A list's rejected rows in line order, at most limit: objects with line,
 * reason, raw (the row as received, or null) and sealed (true for a row
 * of a list that names its informants).  *opened counts the sealed rows
 * opened, for the caller's audit entry.  HERR_INPUT when a sealed row
 * must open and the key is missing or does not open it. */
int ingest_rejects_json(store *s, long source_id, long limit, ingest_rejects_view view,
                        struct json_t **out, long *opened, herr *e);
void ingest_report_free(ingest_report *r);
/* "file:line: column 'raw' reason" or "file:line: reason". */
void ingest_problem_format(const char *file, const ingest_problem *p, sbuf *out);

/* ---- the facility register file ---- */
typedef struct ingest_facility_report {
    long added;   /* new facilities */
    long updated; /* facilities already registered: figures replaced, aliases added */
} ingest_facility_report;

/* Reads a CSV with the header (Spanish aliases in brackets)
 *   name [nombre], aliases [alias], municipality [municipio],
 *   department [departamento], kind [tipo], capacity [capacidad],
 *   cells [celdas], cell_area_m2 [area_celda_m2], bunks_per_cell
 *   [literas_por_celda]
 * aliases '|'-separated; only name is required.  All rows or none: a bad
 * number or a clashing alias refuses the file with its line. */
int ingest_facility_file(store *s, const char *path, ingest_facility_report *r, herr *e);

/* ---- small tables ---- */
/* Reads any CSV file (decoded and delimiter-detected as import does) and
 * calls on_row for every row, the header first (line 1), fields trimmed
 * of nothing.  A broken row is an error naming its line.  For the
 * program's own small files (synth's lists.csv, ground truth), not for
 * lists: those go through ingest_file. */
typedef int (*ingest_table_fn)(void *ctx, long line, const char *const *field,
                               const size_t *len, size_t n, herr *e);
int ingest_table_read(const char *path, ingest_table_fn on_row, void *ctx, herr *e);
/* The same, but a broken row (a wrong number of fields, an unbalanced
 * quote, bytes that are not UTF-8) goes to on_broken with its line and
 * why, and reading goes on: a file checked whole before anything is
 * written (an inquiries file) reports every bad row at once. */
typedef int (*ingest_broken_fn)(void *ctx, long line, const char *why, herr *e);
int ingest_table_read_each(const char *path, ingest_table_fn on_row, ingest_broken_fn on_broken,
                           void *ctx, herr *e);

bool ingest_kind_valid(const char *kind);
extern const char *const ingest_kinds[]; /* NULL-terminated */

#endif
