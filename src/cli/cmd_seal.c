/*
 * cmd_seal.c — `habeas seal`: seal the rows a database holds from before
 * informants were sealed at import (migration 10), for every list that
 * names its informants (ingest_seal_old).  Run once after upgrading; a
 * second run finds nothing to do.  Audited.
 */
#include <stdio.h>

#include "cli.h"
#include "ingest/ingest.h"

int cmd_seal(cli_ctx *ctx, int argc, char **argv, herr *e)
{
    if (cli_wants_help(argc, argv)) {
        puts("usage: habeas [--db PATH] seal\n\n"
             "Seals, with the key beside the database (<db>.key, made if missing), the\n"
             "rows imported before habeas sealed them at import: every row of a list\n"
             "that names its informants (a family's report, an NGO's case file) — the\n"
             "row as received, the informant, the extra columns — and its rejected\n"
             "rows.  The freed bytes are zeroed.  Lists imported since are sealed\n"
             "already.");
        return HERR_OK;
    }
    if (argc > 1)
        return cli_usage_error(e, "seal", "[--db PATH] seal");
    store *s;
    int rc = cli_open(ctx, STORE_MUST_EXIST, &s, e);
    if (rc != HERR_OK)
        return rc;
    long rows, rejects;
    rc = ingest_seal_old(s, &rows, &rejects, e);
    if (rc == HERR_OK && (rows || rejects)) {
        char detail[80];
        snprintf(detail, sizeof detail, "%ld rows sealed, %ld rejected rows", rows, rejects);
        rc = cli_audit(s, "seal", "records", detail, e);
    }
    if (rc == HERR_OK)
        printf("sealed %ld rows and %ld rejected rows of lists that name their informants\n",
               rows, rejects);
    store_close(s);
    return rc;
}
