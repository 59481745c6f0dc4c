/*
 * cli.c — helpers shared by the command files: opening the database,
 * finding a source by name, printing JSON.
 */
#include "cli.h"
#include "trace/trace.h"
#include "audit/audit.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cli_usage_error(herr *e, const char *cmd, const char *usage)
{
    return herr_set(e, HERR_INPUT, "%s: usage: habeas %s", cmd, usage);
}

const char *cli_actor(void)
{
    static char actor[128]; /* set once: who runs this process does not change */
    if (!actor[0]) {
        const char *who = getenv("HABEAS_USER");
        if (!who || !*who)
            who = getenv("USER");
        snprintf(actor, sizeof actor, "cli:%s", who && *who ? who : "unknown");
    }
    return actor;
}

int cli_audit(store *s, const char *action, const char *object, const char *detail, herr *e)
{
    return audit_append(s, cli_actor(), action, object, detail, e);
}

int cli_rematch(store *s, herr *e)
{
    sqlite3_stmt *st;
    int rc = store_prepare(s,
                           "SELECT (SELECT count(*) FROM inquiry WHERE status = 'open'), "
                           "(SELECT count(*) FROM link_run)",
                           &st, e);
    if (rc != HERR_OK)
        return rc;
    bool due = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int64(st, 0) > 0 &&
               sqlite3_column_int64(st, 1) > 0;
    sqlite3_finalize(st);
    if (!due)
        return HERR_OK;
    trace_index *ix;
    if ((rc = trace_index_build(s, &ix, e)) != HERR_OK)
        return rc;
    long fresh = 0;
    rc = inquiry_rematch(s, ix, &fresh, e);
    trace_index_free(ix);
    if (rc == HERR_OK && fresh)
        fprintf(stderr, "%ld new candidate(s) for open inquiries (habeas inquiry list)\n", fresh);
    return rc;
}

int cli_open(cli_ctx *ctx, store_mode mode, store **out, herr *e)
{
    return store_open(ctx->db_path, mode, out, e);
}

int cli_source_id(store *s, const char *name, long *id, herr *e)
{
    sqlite3_stmt *st;
    int rc = store_prepare(s, "SELECT id FROM source WHERE name = ?1", &st, e);
    if (rc != HERR_OK)
        return rc;
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW) {
        *id = (long)sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
        return HERR_OK;
    }
    sqlite3_finalize(st);
    return herr_set(e, HERR_INPUT, "no source named '%s' (see 'habeas sources')", name);
}

void cli_print_json(json_t *v)
{
    json_dumpf(v, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    fputc('\n', stdout);
    json_decref(v);
}

void cli_print_rivals(const json_t *pair)
{
    printf("  probability judged alone: %.4f\n",
           json_real_value(json_object_get(pair, "probability_alone")));
    size_t i;
    json_t *r;
    json_array_foreach(json_object_get(pair, "rivals"), i, r)
    {
        const char *src = json_string_value(json_object_get(r, "source"));
        printf("  rival: record %lld (%s) fits record %lld alone at %.4f\n",
               json_integer_value(json_object_get(r, "record")), src ? src : "?",
               json_integer_value(json_object_get(r, "fits")),
               json_real_value(json_object_get(r, "probability_alone")));
    }
}

const char *cli_percent(double p, char buf[8])
{
    if (p < 0.005)
        return "<1%";
    if (p > 0.995 && p < 1)
        return ">99%";
    snprintf(buf, 8, "%.0f%%", 100 * p);
    return buf;
}

void cli_print_apart(const json_t *pair)
{
    size_t i;
    json_t *x;
    json_array_foreach(json_object_get(pair, "set_apart"), i, x)
    {
        char pc[8];
        printf("  record %lld was set apart on second thoughts from the group record %lld had "
               "joined it to, which on all its records made it %s likely one of them\n",
               json_integer_value(json_object_get(x, "record")),
               json_integer_value(json_object_get(x, "from")),
               cli_percent(json_number_value(json_object_get(x, "probability")), pc));
    }
}

void cli_print_kept(const json_t *pair)
{
    json_t *k = json_object_get(pair, "kept_apart");
    const char *rule = json_string_value(json_object_get(k, "rule"));
    if (!rule)
        return;
    static const char *const why[][2] = {
        {"brothers", "their given names and birth dates both differ (brothers share the rest)"},
        {"dui", "records %lld and %lld have two DUIs that differ"},
        {"birth_years", "records %lld and %lld were born more than two years apart"},
        {"decision", "a person decided records %lld and %lld are different"},
        {"names", "the names of records %lld and %lld clearly differ"},
        {"same_list", "records %lld and %lld are of one list, which names a person once"},
        {"beyond_doubt", "records %lld and %lld, judged alone, are two people beyond doubt"},
    };
    json_t *recs = json_object_get(k, "records");
    for (size_t i = 0; i < sizeof why / sizeof why[0]; i++)
        if (strcmp(rule, why[i][0]) == 0) {
            fputs("  kept as two persons, likely as the pair is: ", stdout);
            printf(why[i][1], json_integer_value(json_array_get(recs, 0)),
                   json_integer_value(json_array_get(recs, 1)));
            fputc('\n', stdout);
        }
}

void cli_print_origins(const json_t *pair)
{
    size_t i;
    json_t *r;
    json_array_foreach(json_object_get(pair, "records"), i, r)
    {
        const char *src = json_string_value(json_object_get(r, "source"));
        const char *ref = json_string_value(json_object_get(r, "ref"));
        const char *name = json_string_value(json_object_get(r, "name"));
        printf("  %c  record %lld: %s %s, line %lld: %s\n", i == 0 ? 'A' : 'B',
               json_integer_value(json_object_get(r, "record")), src ? src : "?",
               ref ? ref : "-", json_integer_value(json_object_get(r, "line")),
               name && *name ? name : "(no name)");
    }
}

bool cli_parse_id(const char *s, long *out)
{
    char *end;
    *out = strtol(s, &end, 10);
    return *s && !*end && *out > 0;
}

bool cli_wants_help(int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
            return true;
    return false;
}

static int parse_opts(int argc, char **argv, const char *usage, bool need_source,
                      long default_limit, cli_source_opts *o, herr *e)
{
    static const struct option opts[] = {
        {"source", required_argument, NULL, 's'}, {"limit", required_argument, NULL, 'l'},
        {"json", no_argument, NULL, 'j'},         {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    *o = (cli_source_opts){.limit = default_limit};
    int c;
    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
        switch (c) {
        case 's':
            if (!need_source)
                return cli_usage_error(e, argv[0], usage);
            o->source = optarg;
            break;
        case 'l': {
            char *end;
            o->limit = strtol(optarg, &end, 10);
            if (*end || o->limit < 0)
                return herr_set(e, HERR_INPUT, "%s: --limit '%s' is not a whole number", argv[0],
                                optarg);
            break;
        }
        case 'j': o->json = true; break;
        case 'h': o->help = true; return HERR_OK;
        default: return cli_usage_error(e, argv[0], usage);
        }
    }
    if (optind != argc || (need_source && !o->source))
        return cli_usage_error(e, argv[0], usage);
    return HERR_OK;
}

int cli_parse_source_opts(int argc, char **argv, const char *usage, cli_source_opts *o, herr *e)
{
    return parse_opts(argc, argv, usage, true, -1, o, e);
}

int cli_parse_list_opts(int argc, char **argv, const char *usage, long default_limit,
                        cli_source_opts *o, herr *e)
{
    return parse_opts(argc, argv, usage, false, default_limit, o, e);
}

int cli_source_query(cli_ctx *ctx, const cli_source_opts *o, const char *sql, store **s,
                     sqlite3_stmt **st, herr *e)
{
    int rc = cli_open(ctx, STORE_MUST_EXIST, s, e);
    if (rc != HERR_OK)
        return rc;
    long sid;
    if ((rc = cli_source_id(*s, o->source, &sid, e)) == HERR_OK)
        rc = store_prepare(*s, sql, st, e);
    if (rc != HERR_OK) {
        store_close(*s);
        *s = NULL;
        return rc;
    }
    sqlite3_bind_int64(*st, 1, sid);
    sqlite3_bind_int64(*st, 2, o->limit);
    return HERR_OK;
}
