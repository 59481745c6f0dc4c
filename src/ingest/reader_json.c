/*
 * reader_json.c — a JSON array of objects as rows.
 *
 * jansson parses and validates the whole document first (a syntax error
 * refuses the file with jansson's line and column).  jansson keeps no
 * positions, so a small scanner walks the same text to find where each
 * array element starts and ends: that gives every row its line number
 * and its raw text.  The columns are the union of the objects' keys in
 * the order they first appear; an element that is not an object is a
 * broken row.  Numbers and booleans become their text; nested values are
 * kept as compact JSON text.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "reader.h"

/* Skips white space; counts newlines. */
static size_t skip_ws(const char *t, size_t i, size_t n, long *line)
{
    while (i < n && (t[i] == ' ' || t[i] == '\t' || t[i] == '\r' || t[i] == '\n')) {
        if (t[i] == '\n')
            (*line)++;
        i++;
    }
    return i;
}

/* Skips one JSON value starting at i (the text is known to be valid). */
static size_t skip_value(const char *t, size_t i, size_t n, long *line)
{
    int depth = 0;
    bool in_str = false;
    for (; i < n; i++) {
        char c = t[i];
        if (c == '\n')
            (*line)++;
        if (in_str) {
            if (c == '\\')
                i++;
            else if (c == '"') {
                in_str = false;
                if (depth == 0)
                    return i + 1;
            }
            continue;
        }
        if (c == '"')
            in_str = true;
        else if (c == '{' || c == '[')
            depth++;
        else if (c == '}' || c == ']') {
            depth--;
            if (depth == 0)
                return i + 1;
            if (depth < 0)
                return i; /* end of the enclosing array */
        } else if (depth == 0 && (c == ',' || c == ' ' || c == '\n' || c == '\t' || c == '\r')) {
            return i; /* end of a scalar */
        }
    }
    return n;
}

static void value_text(json_t *v, sbuf *out)
{
    sbuf_reset(out);
    switch (json_typeof(v)) {
    case JSON_STRING: sbuf_add(out, json_string_value(v), json_string_length(v)); break;
    case JSON_INTEGER: sbuf_printf(out, "%" JSON_INTEGER_FORMAT, json_integer_value(v)); break;
    case JSON_REAL: sbuf_printf(out, "%.17g", json_real_value(v)); break;
    case JSON_TRUE: sbuf_adds(out, "true"); break;
    case JSON_FALSE: sbuf_adds(out, "false"); break;
    case JSON_NULL: break;
    default: {
        char *d = json_dumps(v, JSON_COMPACT | JSON_ENSURE_ASCII);
        if (d) {
            sbuf_adds(out, d);
            free(d);
        }
    }
    }
}

int ingest_read_json(const char *text, size_t len, const char *file, const ingest_sink *sink,
                     herr *e)
{
    json_error_t jerr;
    json_t *root = json_loadb(text, len, 0, &jerr);
    if (!root)
        return herr_set(e, HERR_INPUT, "%s:%d:%d: %s", file, jerr.line, jerr.column, jerr.text);
    if (!json_is_array(root)) {
        json_decref(root);
        return herr_set(e, HERR_INPUT, "%s: expected a JSON array of objects", file);
    }
    size_t nel = json_array_size(root);
    if (nel == 0) {
        json_decref(root);
        return herr_set(e, HERR_INPUT, "%s: the array is empty: no rows", file);
    }

    /* Columns: union of keys, first appearance order. */
    json_t *keys = json_object();
    json_t *order = json_array();
    for (size_t i = 0; i < nel; i++) {
        json_t *obj = json_array_get(root, i);
        if (!json_is_object(obj))
            continue;
        const char *k;
        json_t *v;
        json_object_foreach(obj, k, v)
        {
            (void)v;
            if (!json_object_get(keys, k)) {
                json_object_set_new(keys, k, json_integer((json_int_t)json_array_size(order)));
                json_array_append_new(order, json_string(k));
            }
        }
    }
    size_t ncol = json_array_size(order);
    const char **names = xcalloc(ncol, sizeof *names);
    size_t *lens = xcalloc(ncol, sizeof *lens);
    for (size_t c = 0; c < ncol; c++) {
        names[c] = json_string_value(json_array_get(order, c));
        lens[c] = json_string_length(json_array_get(order, c));
    }
    int rc = sink->on_header(sink->ctx, names, lens, ncol, e);

    sbuf *vals = xcalloc(ncol ? ncol : 1, sizeof *vals);
    const char **fptr = xcalloc(ncol ? ncol : 1, sizeof *fptr);
    size_t *flen = xcalloc(ncol ? ncol : 1, sizeof *flen);
    for (size_t c = 0; c < ncol; c++)
        sbuf_init(&vals[c]);

    long line = 1;
    size_t pos = skip_ws(text, 0, len, &line);
    if (pos + 3 <= len && (unsigned char)text[pos] == 0xEF) /* no BOM after decode */
        pos += 3;
    pos++; /* '[' */
    for (size_t i = 0; i < nel && rc == HERR_OK; i++) {
        pos = skip_ws(text, pos, len, &line);
        if (pos < len && text[pos] == ',') {
            pos++;
            pos = skip_ws(text, pos, len, &line);
        }
        long start_line = line;
        size_t start = pos;
        pos = skip_value(text, pos, len, &line);
        json_t *obj = json_array_get(root, i);
        ingest_row row = {.line = start_line, .raw = text + start, .raw_len = pos - start};
        if (!json_is_object(obj)) {
            row.broken = "not a JSON object";
        } else {
            for (size_t c = 0; c < ncol; c++) {
                json_t *v = json_object_get(obj, names[c]);
                sbuf_reset(&vals[c]);
                if (v)
                    value_text(v, &vals[c]);
                fptr[c] = vals[c].data ? vals[c].data : "";
                flen[c] = vals[c].len;
            }
            row.nfields = ncol;
            row.field = fptr;
            row.field_len = flen;
        }
        rc = sink->on_row(sink->ctx, &row, e);
    }

    for (size_t c = 0; c < ncol; c++)
        sbuf_free(&vals[c]);
    free(vals);
    free(fptr);
    free(flen);
    free(names);
    free(lens);
    json_decref(keys);
    json_decref(order);
    json_decref(root);
    return rc;
}
