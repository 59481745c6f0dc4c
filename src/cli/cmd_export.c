/*
 * cmd_export.c — `habeas export membership --out FILE`: who is who, as a
 * CSV of source, record_id (the source's own id) and person_id for every
 * record, to measure linkage against a ground truth or to share.
 */
#include <stdio.h>
#include <string.h>

#include <csv.h>

#include "cli.h"

#define EXPORT_USAGE "export membership --out FILE"

static void csv_field(FILE *f, const unsigned char *s)
{
    const char *t = s ? (const char *)s : "";
    csv_fwrite(f, t, strlen(t));
}

int cmd_export(cli_ctx *ctx, int argc, char **argv, herr *e)
{
    if (argc == 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        puts("usage: habeas " EXPORT_USAGE "\n\nWrites source,record_id,person_id for every "
             "record (record_id is the source's own id; its line number when it has none).");
        return HERR_OK;
    }
    if (argc != 4 || strcmp(argv[1], "membership") != 0 || strcmp(argv[2], "--out") != 0)
        return cli_usage_error(e, "export", EXPORT_USAGE);
    const char *path = argv[3];
    store *s;
    int rc = cli_open(ctx, STORE_MUST_EXIST, &s, e);
    if (rc != HERR_OK)
        return rc;
    sqlite3_stmt *st;
    rc = store_prepare(s,
                       "SELECT src.name, COALESCE(r.source_ref, 'line ' || r.line), m.person_id "
                       "FROM record r JOIN source src ON src.id = r.source_id "
                       "LEFT JOIN membership m ON m.record_id = r.id ORDER BY r.id",
                       &st, e);
    if (rc != HERR_OK) {
        store_close(s);
        return rc;
    }
    FILE *f = fopen(path, "w");
    if (!f) {
        sqlite3_finalize(st);
        store_close(s);
        return herr_set(e, HERR_INPUT, "%s: cannot write", path);
    }
    fputs("source,record_id,person_id\n", f);
    long n = 0, unlinked = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        csv_field(f, sqlite3_column_text(st, 0));
        fputc(',', f);
        csv_field(f, sqlite3_column_text(st, 1));
        if (sqlite3_column_type(st, 2) == SQLITE_NULL) {
            fputs(",\n", f);
            unlinked++;
        } else {
            fprintf(f, ",%lld\n", sqlite3_column_int64(st, 2));
        }
        n++;
    }
    sqlite3_finalize(st);
    store_close(s);
    if (fclose(f) != 0)
        return herr_set(e, HERR_INTERNAL, "%s: write failed", path);
    printf("%s: %ld records", path, n);
    if (unlinked)
        printf(", %ld not linked yet (run 'habeas link')", unlinked);
    putchar('\n');
    return HERR_OK;
}
