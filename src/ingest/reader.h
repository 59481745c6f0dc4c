/*
 * reader.h — private to the ingest module: the row stream that the CSV
 * and JSON readers produce and import.c consumes.
 *
 * A reader calls on_header() once with the column names as written, then
 * on_row() for every data row in file order.  A row is either whole
 * (fields[] has one value per header column) or broken (`broken` says
 * why, and fields[] is empty): a broken row becomes a reject.  Field
 * pointers are valid only during the call.  A callback that returns
 * non-zero stops the reader, which returns that code.
 */
#ifndef HABEAS_INGEST_READER_H
#define HABEAS_INGEST_READER_H

#include <stddef.h>

#include "ingest.h"

typedef struct ingest_row {
    long line;         /* where the row starts, 1-based */
    const char *raw;   /* the row as written (decoded) */
    size_t raw_len;
    size_t nfields;
    const char **field;
    const size_t *field_len;
    const char *broken; /* NULL, or why the row is structurally broken */
} ingest_row;

typedef struct ingest_sink {
    void *ctx;
    int (*on_header)(void *ctx, const char *const *names, const size_t *lens, size_t n, herr *e);
    int (*on_row)(void *ctx, const ingest_row *row, herr *e);
    void (*on_progress)(void *ctx, size_t done, size_t total);
} ingest_sink;

/* delim 0: detect from the header line.  *delim_out gets the one used. */
int ingest_read_csv(const char *text, size_t len, char delim, const char *file,
                    bool check_utf8, const ingest_sink *sink, char *delim_out, herr *e);
int ingest_read_json(const char *text, size_t len, const char *file, const ingest_sink *sink,
                     herr *e);

#endif
