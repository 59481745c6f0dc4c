/*
 * reader_csv.c — CSV rows with their line numbers and raw text.
 *
 * libcsv does the quoting; this file feeds it one physical line at a time
 * so that every row knows the line it starts on and the exact text it
 * came from (a quoted field may hold newlines, so a row may span lines).
 * Only '\n' ends a row; a '\r' before it is trimmed like a space.
 *
 * A stray quote is the usual way a hand-made list breaks: `"Juan,...`
 * opens a quoted field that swallows the following lines.  When a row
 * that spans several lines has the wrong number of fields, or a quoted
 * field is still open at the end of the file (or after MAX_ROW_LINES),
 * the first line of that row is rejected as "unbalanced quote" and
 * reading starts again on the next line, so one bad line costs one
 * reject, never the rest of the file.  The swallowed lines can close
 * the quote by chance and add up to the right field count, so a
 * multi-line row is also given up when one of its later lines looks like
 * a row of its own: as many delimiters as a whole row has (files of six
 * columns or more, where a note with that many commas on one line is
 * not to be expected).
 */
#include <stdlib.h>
#include <string.h>

#include <csv.h>

#include "reader.h"

#define MAX_ROW_LINES 1000

typedef struct csvr {
    struct csv_parser p;
    sbuf bytes;    /* the current row's field values, back to back */
    size_t *off, *len;
    size_t n, cap;
    bool done;     /* the row ended (at a '\n' or at the end) */
    const char **fptr;
    size_t fcap;
} csvr;

static void on_field(void *s, size_t len, void *data)
{
    csvr *r = data;
    if (r->n == r->cap) {
        r->cap = r->cap ? r->cap * 2 : 32;
        r->off = xrealloc(r->off, r->cap * sizeof *r->off);
        r->len = xrealloc(r->len, r->cap * sizeof *r->len);
    }
    r->off[r->n] = r->bytes.len;
    r->len[r->n] = len;
    sbuf_add(&r->bytes, s ? s : "", len);
    r->n++;
}

static void on_row_end(int c, void *data)
{
    (void)c;
    ((csvr *)data)->done = true;
}

static int is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\r';
}

static int is_term(unsigned char c)
{
    return c == '\n';
}

static void parser_start(csvr *r, char delim)
{
    csv_init(&r->p, CSV_STRICT_FINI);
    csv_set_delim(&r->p, (unsigned char)delim);
    csv_set_space_func(&r->p, is_space);
    csv_set_term_func(&r->p, is_term);
    r->n = 0;
    sbuf_reset(&r->bytes);
    r->done = false;
}

static void parser_reset(csvr *r, char delim)
{
    csv_free(&r->p);
    parser_start(r, delim);
}

/* True when a line after the first of a multi-line row holds a whole
 * row's worth of delimiters: the row swallowed other rows. */
static bool swallowed_rows(const char *row, size_t len, char delim, long expected)
{
    if (expected < 6)
        return false;
    const char *nl = memchr(row, '\n', len);
    size_t first_delims = 0;
    for (const char *p = row; p < (nl ? nl : row + len); p++)
        first_delims += *p == delim;
    while (nl) {
        const char *start = nl + 1;
        nl = memchr(start, '\n', (size_t)(row + len - start));
        const char *end = nl ? nl : row + len;
        bool last = nl == NULL;
        long d = 0;
        for (const char *p = start; p < end; p++)
            d += *p == delim;
        if (d >= expected - 1 && (!last || first_delims >= 1))
            return true;
    }
    return false;
}

static char detect_delimiter(const char *t, size_t len)
{
    static const char cands[] = {',', ';', '\t', '|'};
    size_t counts[4] = {0};
    bool quoted = false;
    for (size_t i = 0; i < len && (quoted || t[i] != '\n'); i++) {
        if (t[i] == '"')
            quoted = !quoted;
        else if (!quoted)
            for (int k = 0; k < 4; k++)
                if (t[i] == cands[k])
                    counts[k]++;
    }
    int best = 0;
    for (int k = 1; k < 4; k++)
        if (counts[k] > counts[best])
            best = k;
    return cands[best];
}

static bool line_is_blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n')
            return false;
    return true;
}

/* Strips the line terminator from a raw span. */
static size_t raw_trim_end(const char *s, size_t n)
{
    while (n && (s[n - 1] == '\n' || s[n - 1] == '\r'))
        n--;
    return n;
}

int ingest_read_csv(const char *text, size_t len, char delim, const char *file, bool check_utf8,
                    const ingest_sink *sink, char *delim_out, herr *e)
{
    if (!delim)
        delim = detect_delimiter(text, len);
    *delim_out = delim;

    csvr r;
    memset(&r, 0, sizeof r);
    sbuf_init(&r.bytes);
    parser_start(&r, delim);

    size_t pos = 0;          /* next byte to feed */
    long line = 1;           /* line number of the byte at pos */
    size_t row_pos = 0;      /* where the current row starts */
    long row_line = 0;       /* 0: no row in progress */
    long row_lines = 0;      /* lines fed into the current row */
    size_t next_line_pos = 0;/* start of the row's second line */
    long expected = -1;      /* fields per row, from the header */
    int rc = HERR_OK;
    size_t last_progress = 0;
    char count_msg[96];

    while (rc == HERR_OK) {
        bool at_end = pos >= len;
        size_t line_end = pos; /* one past the line's '\n' */
        if (!at_end) {
            const char *nl = memchr(text + pos, '\n', len - pos);
            line_end = nl ? (size_t)(nl - text) + 1 : len;
            if (!row_line && line_is_blank(text + pos, line_end - pos)) {
                pos = line_end;
                line++;
                continue;
            }
            if (!row_line) {
                row_line = line;
                row_pos = pos;
                row_lines = 0;
            }
            if (row_lines == 1)
                next_line_pos = pos;
            size_t fed = csv_parse(&r.p, text + pos, line_end - pos, on_field, on_row_end, &r);
            if (fed != line_end - pos) {
                rc = herr_set(e, HERR_INTERNAL, "%s:%ld: CSV parser: %s", file, line,
                              csv_strerror(csv_error(&r.p)));
                break;
            }
            row_lines++;
            pos = line_end;
            line++;
        } else if (row_line) {
            /* End of text with a row in progress: close it. */
            if (csv_fini(&r.p, on_field, on_row_end, &r) != 0) {
                /* A quoted field never closed. */
                r.done = false;
                r.n = (size_t)-1;
            } else {
                r.done = true;
            }
        } else {
            break;
        }

        bool runaway = !r.done && row_line && row_lines > MAX_ROW_LINES;
        bool open_at_end = at_end && r.n == (size_t)-1;
        if (!r.done && !runaway && !open_at_end)
            continue;

        /* A row is complete, or must be given up. */
        size_t row_end = at_end ? len : pos;
        bool wrong_count = r.done && expected >= 0 && (long)r.n != expected;
        bool swallowed = r.done && row_lines > 1 && expected >= 0 &&
                         swallowed_rows(text + row_pos, row_end - row_pos, delim, expected);
        if (runaway || open_at_end || swallowed || (wrong_count && row_lines > 1)) {
            /* Unbalanced quote: reject the first line, resume after it. */
            size_t first_end = row_lines > 1 ? next_line_pos : row_end;
            ingest_row row = {.line = row_line,
                              .raw = text + row_pos,
                              .raw_len = raw_trim_end(text + row_pos, first_end - row_pos),
                              .broken = "unbalanced quote: a quoted field opened on this line "
                                        "never closes"};
            if (expected < 0)
                rc = herr_set(e, HERR_INPUT,
                              "%s:%ld: the header has an unbalanced quote", file, row_line);
            else
                rc = sink->on_row(sink->ctx, &row, e);
            parser_reset(&r, delim);
            pos = first_end;
            line = row_line + 1;
            row_line = 0;
            continue;
        }

        /* Field pointers, now that the byte buffer no longer moves. */
        if (r.n > r.fcap) {
            r.fcap = r.n;
            r.fptr = xrealloc(r.fptr, r.fcap * sizeof *r.fptr);
        }
        for (size_t i = 0; i < r.n; i++)
            r.fptr[i] = r.bytes.data + r.off[i];
        ingest_row row = {.line = row_line,
                          .raw = text + row_pos,
                          .raw_len = raw_trim_end(text + row_pos, row_end - row_pos),
                          .nfields = r.n,
                          .field = r.fptr,
                          .field_len = r.len};
        if (check_utf8 && ingest_utf8_valid_prefix(row.raw, row.raw_len) < row.raw_len) {
            row.broken = "undecodable bytes: not valid UTF-8";
            row.nfields = 0;
        }
        if (expected < 0) {
            if (row.broken)
                rc = herr_set(e, HERR_INPUT, "%s:%ld: the header is not valid UTF-8", file,
                              row_line);
            else
                rc = sink->on_header(sink->ctx, row.field, r.len, r.n, e);
            expected = (long)r.n;
        } else {
            if (!row.broken && wrong_count) {
                snprintf(count_msg, sizeof count_msg, "expected %ld fields, found %zu",
                         expected, r.n);
                row.broken = count_msg;
                row.nfields = 0;
            }
            rc = sink->on_row(sink->ctx, &row, e);
        }
        r.n = 0;
        sbuf_reset(&r.bytes);
        r.done = false;
        row_line = 0;
        if (at_end) {
            /* csv_fini left the parser finished; nothing more to read. */
            break;
        }
        if (sink->on_progress && pos - last_progress > (1u << 22)) {
            sink->on_progress(sink->ctx, pos, len);
            last_progress = pos;
        }
    }
    if (rc == HERR_OK && expected < 0)
        rc = herr_set(e, HERR_INPUT, "%s: empty file: no header and no rows", file);
    csv_free(&r.p);
    sbuf_free(&r.bytes);
    free(r.off);
    free(r.len);
    free(r.fptr);
    return rc;
}
