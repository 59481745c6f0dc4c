/*
 * cmd_import.c — `habeas import`: one list in as one source, then a
 * summary (rows, imported, rejected, warnings, seconds), the first
 * problems with their lines, and the facility names nothing resolves.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "ingest/ingest.h"

#define IMPORT_USAGE                                                                         \
    "import --source NAME --kind KIND [--supplied-by TEXT] [--received YYYY-MM-DD]\n"       \
    "       [--map 'their=ours,...'] [--strict] [--json] FILE"

static void print_help(void)
{
    puts("usage: habeas " IMPORT_USAGE "\n\n"
         "Imports a CSV (comma, semicolon or tab; UTF-8, UTF-16 or Windows-1252) or a JSON\n"
         "array of objects as a new source, in one transaction.\n\n"
         "  --source NAME        a new, unique name for this list\n"
         "  --kind KIND          ngo_case, family_report, official_list, press, court,\n"
         "                       deportation_manifest, other\n"
         "  --supplied-by TEXT   who gave us the list\n"
         "  --received DATE      when it reached us; later dates in it are 'in the future'\n"
         "  --map 'a=b,...'      read the list's column a as habeas column b (or 'extra')\n"
         "  --strict             refuse the whole file if any row is rejected or any field\n"
         "                       warns\n"
         "  --json               print the summary as JSON\n\n"
         "Rows that identify no one or are broken are rejected (habeas rejects); fields\n"
         "that fail validation are kept raw, not used, and listed (habeas warnings).");
}

static int print_summary(const char *file, const char *source, const ingest_report *r,
                         bool json)
{
    if (json) {
        json_t *o = json_object();
        json_object_set_new(o, "source", json_string(source));
        json_object_set_new(o, "source_id", json_integer(r->source_id));
        json_object_set_new(o, "format", json_string(r->format));
        json_object_set_new(o, "encoding", json_string(r->encoding));
        json_object_set_new(o, "rows", json_integer(r->rows));
        json_object_set_new(o, "imported", json_integer(r->imported));
        json_object_set_new(o, "rejected", json_integer(r->rejected));
        json_object_set_new(o, "warnings", json_integer(r->warnings));
        json_object_set_new(o, "blank_rows", json_integer(r->blank));
        json_object_set_new(o, "seconds", json_real(r->seconds));
        json_t *u = json_array();
        for (size_t i = 0; i < r->n_unresolved; i++) {
            json_t *x = json_object();
            json_object_set_new(x, "name", json_string(r->unresolved[i]));
            json_object_set_new(x, "records", json_integer(r->unresolved_count[i]));
            json_array_append_new(u, x);
        }
        json_object_set_new(o, "unresolved_facilities", u);
        cli_print_json(o);
        return HERR_OK;
    }
    printf("%s -> source '%s' (id %ld): %s, %s", file, source, r->source_id, r->format,
           r->encoding);
    if (r->delimiter == '\t')
        printf(", delimiter tab");
    else if (r->delimiter)
        printf(", delimiter '%c'", r->delimiter);
    printf("\n  rows %ld  imported %ld  rejected %ld  warnings %ld  %.2f s\n",
           r->rows, r->imported, r->rejected, r->warnings, r->seconds);
    if (r->n_unresolved) {
        printf("  facility names not in the register (kept as written; habeas facility "
               "unresolved):\n");
        for (size_t i = 0; i < r->n_unresolved && i < 10; i++)
            printf("    %s (%ld records)\n", r->unresolved[i], r->unresolved_count[i]);
        if (r->n_unresolved > 10)
            printf("    ... and %zu more\n", r->n_unresolved - 10);
    }
    return HERR_OK;
}

/* The first problems on stderr, each with file, line and column. */
static void print_problems(const char *file, const char *source, const ingest_report *r)
{
    size_t shown = r->n_problems < 10 ? r->n_problems : 10;
    sbuf line;
    sbuf_init(&line);
    for (size_t i = 0; i < shown; i++) {
        sbuf_reset(&line);
        ingest_problem_format(file, &r->problems[i], &line);
        fprintf(stderr, "habeas: %s: %s\n", r->problems[i].column ? "warning" : "rejected",
                line.data);
    }
    sbuf_free(&line);
    long total = r->rejected + r->warnings;
    if (total > (long)shown && r->source_id)
        fprintf(stderr,
                "habeas: ... %ld more; see 'habeas rejects --source %s' and 'habeas warnings "
                "--source %s'\n",
                total - (long)shown, source, source);
}

int cmd_import(cli_ctx *ctx, int argc, char **argv, herr *e)
{
    static const struct option opts[] = {
        {"source", required_argument, NULL, 's'}, {"kind", required_argument, NULL, 'k'},
        {"supplied-by", required_argument, NULL, 'b'}, {"received", required_argument, NULL, 'r'},
        {"map", required_argument, NULL, 'm'},   {"strict", no_argument, NULL, 'S'},
        {"json", no_argument, NULL, 'j'},        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    ingest_opts o = {.notices = stderr};
    bool json = false;
    int c;
    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 's': o.source_name = optarg; break;
        case 'k': o.kind = optarg; break;
        case 'b': o.supplied_by = optarg; break;
        case 'r': o.received = optarg; break;
        case 'm': o.map = optarg; break;
        case 'S': o.strict = true; break;
        case 'j': json = true; break;
        case 'h': print_help(); return HERR_OK;
        default: return cli_usage_error(e, "import", IMPORT_USAGE);
        }
    }
    if (optind != argc - 1 || !o.source_name || !o.kind)
        return cli_usage_error(e, "import", IMPORT_USAGE);
    o.path = argv[optind];
    o.progress = !json && stderr_is_tty();

    store *s;
    int rc = cli_open(ctx, STORE_CREATE, &s, e);
    if (rc != HERR_OK)
        return rc;
    ingest_report r;
    rc = ingest_file(s, &o, &r, e);
    if (rc == HERR_OK) {
        char object[300], detail[200];
        snprintf(object, sizeof object, "source:%s", o.source_name);
        snprintf(detail, sizeof detail, "source id %ld: %ld rows, %ld imported, %ld rejected",
                 r.source_id, r.rows, r.imported, r.rejected);
        rc = cli_audit(s, "import", object, detail, e);
    }
    if (rc == HERR_OK) {
        print_summary(o.path, o.source_name, &r, json);
        print_problems(o.path, o.source_name, &r);
    } else if (r.n_problems) {
        print_problems(o.path, o.source_name, &r);
    }
    ingest_report_free(&r);
    store_close(s);
    return rc;
}
