/*
 * cmd_init.c — `habeas init`: create the database, or bring an existing
 * one up to this program's schema.
 */
#include <stdio.h>

#include "cli.h"

int cmd_init(cli_ctx *ctx, int argc, char **argv, herr *e)
{
    if (cli_wants_help(argc, argv)) {
        puts("usage: habeas [--db PATH] init\n\n"
             "Creates the database (or applies missing schema migrations).");
        return HERR_OK;
    }
    if (argc > 1)
        return cli_usage_error(e, "init", "[--db PATH] init");
    store *s;
    int rc = cli_open(ctx, STORE_CREATE, &s, e);
    if (rc != HERR_OK)
        return rc;
    printf("%s: habeas database, schema version %d\n", store_path(s), store_schema_version(s));
    store_close(s);
    return HERR_OK;
}
