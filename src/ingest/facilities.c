/*
 * facilities.c — reading a facility register file (CSV) into the
 * facility module's register, all rows or none; and small CSV tables of
 * the program's own (ingest_table_read).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "facility/facility.h"
#include "ingest.h"
#include "names/names.h"
#include "reader.h"

enum { F_NAME, F_ALIASES, F_MUNI, F_DEPT, F_KIND, F_CAP, F_CELLS, F_AREA, F_BUNKS, F_N };

static const struct {
    const char *key;
    int field;
} fac_headers[] = {
    {"name", F_NAME}, {"nombre", F_NAME}, {"facility", F_NAME}, {"centro_penal", F_NAME},
    {"aliases", F_ALIASES}, {"alias", F_ALIASES}, {"alias_list", F_ALIASES},
    {"municipality", F_MUNI}, {"municipio", F_MUNI},
    {"department", F_DEPT}, {"departamento", F_DEPT},
    {"kind", F_KIND}, {"tipo", F_KIND}, {"type", F_KIND},
    {"capacity", F_CAP}, {"capacidad", F_CAP},
    {"cells", F_CELLS}, {"celdas", F_CELLS},
    {"cell_area_m2", F_AREA}, {"area_celda_m2", F_AREA}, {"cell_area", F_AREA},
    {"bunks_per_cell", F_BUNKS}, {"literas_por_celda", F_BUNKS}, {"bunks", F_BUNKS},
};

typedef struct fimp {
    store *s;
    const char *file;
    int idx[F_N];
    ingest_facility_report *r;
} fimp;

static int fac_on_header(void *ctx, const char *const *names, const size_t *lens, size_t n,
                         herr *e)
{
    fimp *f = ctx;
    for (int k = 0; k < F_N; k++)
        f->idx[k] = -1;
    for (size_t i = 0; i < n; i++) {
        sbuf key;
        sbuf_init(&key);
        names_fold(names[i], lens[i], '_', &key);
        for (size_t h = 0; h < sizeof fac_headers / sizeof fac_headers[0]; h++)
            if (key.len && strcmp(key.data, fac_headers[h].key) == 0)
                f->idx[fac_headers[h].field] = (int)i;
        sbuf_free(&key);
    }
    if (f->idx[F_NAME] < 0)
        return herr_set(e, HERR_INPUT, "%s:1: no 'name' column (expected name, aliases, "
                        "municipality, department, kind, capacity, cells, cell_area_m2, "
                        "bunks_per_cell)", f->file);
    return HERR_OK;
}

/* A whole non-negative number, or -1 for an empty field. */
static int field_number(const fimp *f, const ingest_row *row, int k, bool real, double *out,
                        herr *e)
{
    *out = -1;
    if (f->idx[k] < 0)
        return HERR_OK;
    const char *p = row->field[f->idx[k]];
    size_t n = row->field_len[f->idx[k]];
    trim_span(&p, &n);
    if (!n)
        return HERR_OK;
    char buf[64];
    if (n >= sizeof buf)
        n = sizeof buf - 1;
    memcpy(buf, p, n);
    buf[n] = '\0';
    char *end;
    errno = 0;
    double v = real ? strtod(buf, &end) : (double)strtol(buf, &end, 10);
    if (errno || *end || v < 0)
        return herr_set(e, HERR_INPUT, "%s:%ld: '%s' is not a %s", f->file, row->line, buf,
                        real ? "non-negative number" : "whole non-negative number");
    *out = v;
    return HERR_OK;
}

static char *field_text(const fimp *f, const ingest_row *row, int k)
{
    if (f->idx[k] < 0)
        return NULL;
    const char *p = row->field[f->idx[k]];
    size_t n = row->field_len[f->idx[k]];
    trim_span(&p, &n);
    return n ? xstrndup(p, n) : NULL;
}

static int fac_on_row(void *ctx, const ingest_row *row, herr *e)
{
    fimp *f = ctx;
    if (row->broken)
        return herr_set(e, HERR_INPUT, "%s:%ld: %s", f->file, row->line, row->broken);
    double cap, cells, area, bunks;
    int rc = field_number(f, row, F_CAP, false, &cap, e);
    if (rc == HERR_OK)
        rc = field_number(f, row, F_CELLS, false, &cells, e);
    if (rc == HERR_OK)
        rc = field_number(f, row, F_AREA, true, &area, e);
    if (rc == HERR_OK)
        rc = field_number(f, row, F_BUNKS, false, &bunks, e);
    if (rc != HERR_OK)
        return rc;
    char *name = field_text(f, row, F_NAME);
    if (!name)
        return herr_set(e, HERR_INPUT, "%s:%ld: the facility has no name", f->file, row->line);
    facility_def d = {.name = name,
                      .aliases = field_text(f, row, F_ALIASES),
                      .municipality = field_text(f, row, F_MUNI),
                      .department = field_text(f, row, F_DEPT),
                      .kind = field_text(f, row, F_KIND),
                      .capacity = (long)cap,
                      .cells = (long)cells,
                      .bunks_per_cell = (long)bunks,
                      .cell_area_m2 = area};
    bool added;
    rc = facility_upsert(f->s, &d, &added, e);
    if (rc == HERR_INPUT) {
        char msg[sizeof e->msg];
        snprintf(msg, sizeof msg, "%s", e->msg);
        herr_set(e, HERR_INPUT, "%s:%ld: %s", f->file, row->line, msg);
    }
    if (rc == HERR_OK) {
        if (added)
            f->r->added++;
        else
            f->r->updated++;
    }
    free(name);
    free((char *)d.aliases);
    free((char *)d.municipality);
    free((char *)d.department);
    free((char *)d.kind);
    return rc;
}

int ingest_facility_file(store *s, const char *path, ingest_facility_report *r, herr *e)
{
    memset(r, 0, sizeof *r);
    size_t len;
    char *buf = file_read_all(path, &len, e);
    if (!buf)
        return HERR_INPUT;
    ingest_text text;
    int rc = ingest_decode(buf, len, path, &text, e);
    if (rc != HERR_OK) {
        free(buf);
        return rc;
    }
    fimp f = {.s = s, .file = path, .r = r};
    ingest_sink sink = {.ctx = &f, .on_header = fac_on_header, .on_row = fac_on_row};
    char delim;
    rc = store_begin(s, e);
    if (rc == HERR_OK)
        rc = ingest_read_csv(text.data, text.len, 0, path, text.has_invalid, &sink, &delim, e);
    rc = store_end(s, rc, e);
    ingest_text_free(&text);
    free(buf);
    return rc;
}

/* ---- small tables ---- */

typedef struct table_ctx {
    ingest_table_fn fn;
    ingest_broken_fn broken; /* NULL: a broken row ends the read */
    void *ctx;
    const char *file;
} table_ctx;

static int table_header(void *ctx, const char *const *names, const size_t *lens, size_t n,
                        herr *e)
{
    table_ctx *t = ctx;
    return t->fn(t->ctx, 1, names, lens, n, e);
}

static int table_row(void *ctx, const ingest_row *row, herr *e)
{
    table_ctx *t = ctx;
    if (row->broken && t->broken)
        return t->broken(t->ctx, row->line, row->broken, e);
    if (row->broken)
        return herr_set(e, HERR_INPUT, "%s:%ld: %s", t->file, row->line, row->broken);
    return t->fn(t->ctx, row->line, row->field, row->field_len, row->nfields, e);
}

int ingest_table_read(const char *path, ingest_table_fn on_row, void *ctx, herr *e)
{
    return ingest_table_read_each(path, on_row, NULL, ctx, e);
}

int ingest_table_read_each(const char *path, ingest_table_fn on_row, ingest_broken_fn on_broken,
                           void *ctx, herr *e)
{
    size_t len;
    char *buf = file_read_all(path, &len, e);
    if (!buf)
        return HERR_INPUT;
    ingest_text text;
    int rc = ingest_decode(buf, len, path, &text, e);
    if (rc == HERR_OK) {
        table_ctx t = {on_row, on_broken, ctx, path};
        ingest_sink sink = {.ctx = &t, .on_header = table_header, .on_row = table_row};
        char delim;
        rc = ingest_read_csv(text.data, text.len, 0, path, text.has_invalid, &sink, &delim, e);
        ingest_text_free(&text);
    }
    free(buf);
    return rc;
}
