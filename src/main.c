/*
 * main.c — habeas entry point: global options, the command table, and
 * the one place that turns an error into an exit status
 * (0 ok, 1 bad input or usage, 2 internal error).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>
#include <sqlite3.h>

#include "cli/cli.h"

static const struct {
    const char *name;
    cli_cmd_fn fn;
    const char *summary;
} commands[] = {
    {"init", cmd_init, "create or upgrade the database"},
    {"import", cmd_import, "import a list (CSV or JSON) as a new source"},
    {"sources", cmd_sources, "list imported sources"},
    {"records", cmd_records, "show the records of a source"},
    {"seal", cmd_seal, "seal informants' rows imported before they were sealed at import"},
    {"rejects", cmd_rejects, "rows of a source that could not be imported"},
    {"warnings", cmd_warnings, "fields of a source that failed validation"},
    {"facility", cmd_facility, "facility register: import, list, unresolved"},
    {"link", cmd_link, "decide which records are one person"},
    {"review", cmd_review, "uncertain pairs for a person to decide"},
    {"decide", cmd_decide, "record a decision: two records are the same or different"},
    {"persons", cmd_persons, "the persons the lists describe"},
    {"person", cmd_person, "one person: records, timeline, status, conflicts"},
    {"export", cmd_export, "export membership (source, record_id, person_id)"},
    {"synth", cmd_synth, "write synthetic lists with ground truth"},
    {"demo", cmd_demo, "build a demo database from synthetic data"},
    {"estimate", cmd_estimate, "how many events no list reports (multiple systems estimation)"},
    {"stats", cmd_stats, "counts of persons for publication (small cells suppressed)"},
    {"trace", cmd_trace, "find a person a family describes: ranked candidates, status, sources"},
    {"inquiry", cmd_inquiry, "a family's request: add, import, list, show, close; matched again on new data"},
    {"serve", cmd_serve, "the web service: pages and JSON API"},
    {"user", cmd_user, "web accounts: add, list, disable, enable, passwd, role"},
    {"audit", cmd_audit, "verify or list the hash-chained audit log"},
};

static void usage(FILE *out)
{
    fputs("usage: habeas [--db PATH] <command> [options]\n\ncommands:\n", out);
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fputs("\nThe database is --db PATH, else $HABEAS_DB, else ./habeas.db.\n"
          "Every command takes --help.\n",
          out);
}

int main(int argc, char **argv)
{
    cli_ctx ctx = {.db_path = getenv("HABEAS_DB")};
    if (!ctx.db_path || !*ctx.db_path)
        ctx.db_path = "habeas.db";

    int i = 1;
    while (i < argc && argv[i][0] == '-') {
        if (strcmp(argv[i], "--db") == 0 && i + 1 < argc) {
            ctx.db_path = argv[i + 1];
            i += 2;
        } else if (strncmp(argv[i], "--db=", 5) == 0) {
            ctx.db_path = argv[i] + 5;
            i++;
        } else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            usage(stdout);
            return 0;
        } else {
            fprintf(stderr, "habeas: unknown option '%s'\n", argv[i]);
            usage(stderr);
            return HERR_INPUT;
        }
    }
    if (i >= argc) {
        usage(stderr);
        return HERR_INPUT;
    }
    /* Before any SQLite call: no global memory statistics (a mutex per
     * allocation). */
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    if (sodium_init() < 0) {
        fputs("habeas: cannot initialise libsodium\n", stderr);
        return HERR_INTERNAL;
    }
    for (size_t c = 0; c < sizeof commands / sizeof commands[0]; c++) {
        if (strcmp(argv[i], commands[c].name) != 0)
            continue;
        herr e;
        herr_clear(&e);
        int rc = commands[c].fn(&ctx, argc - i, argv + i, &e);
        if (rc != HERR_OK) {
            if (e.msg[0])
                fprintf(stderr, "habeas: %s\n", e.msg);
            return rc == HERR_INPUT ? HERR_INPUT : HERR_INTERNAL;
        }
        fflush(stdout);
        if (ferror(stdout)) {
            fputs("habeas: error writing output\n", stderr);
            return HERR_INTERNAL;
        }
        return HERR_OK;
    }
    fprintf(stderr, "habeas: unknown command '%s'\n", argv[i]);
    usage(stderr);
    return HERR_INPUT;
}
