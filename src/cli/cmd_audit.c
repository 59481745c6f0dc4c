/*
 * cmd_audit.c — `habeas audit verify|list`: check the hash chain of the
 * audit log, or show its newest entries.  verify exits 1 when the chain is
 * broken, naming the first entry that no longer fits, and prints the head
 * hash so that an office can keep it elsewhere and compare later (the
 * only way to notice the newest entries being cut off).
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "audit/audit.h"
#include "cli.h"

#define AUDIT_USAGE "audit verify [--json] | audit list [--limit N] [--json]"

static int verify(cli_ctx *ctx, bool json, herr *e)
{
    store *s;
    int rc = cli_open(ctx, STORE_MUST_EXIST, &s, e);
    if (rc != HERR_OK)
        return rc;
    audit_report r;
    rc = audit_verify(s, &r, e);
    store_close(s);
    if (rc != HERR_OK)
        return rc;
    if (json) {
        json_t *o = json_object();
        json_object_set_new(o, "entries", json_integer(r.entries));
        json_object_set_new(o, "intact", json_boolean(r.first_bad == 0));
        json_object_set_new(o, "head", json_string(r.head));
        if (r.first_bad) {
            json_object_set_new(o, "first_bad", json_integer(r.first_bad));
            json_object_set_new(o, "reason", json_string(r.reason));
        }
        cli_print_json(o);
    } else if (!r.first_bad) {
        printf("audit log intact: %ld entries\nhead %s\n", r.entries, r.head);
    }
    if (r.first_bad)
        return herr_set(e, HERR_INPUT,
                        "audit log altered: entry %ld: %s (%ld entries before it verify)",
                        r.first_bad, r.reason, r.entries - 1);
    return HERR_OK;
}

static int list(cli_ctx *ctx, int argc, char **argv, herr *e)
{
    cli_source_opts o;
    int rc = cli_parse_list_opts(argc, argv, AUDIT_USAGE, 50, &o, e);
    if (rc != HERR_OK)
        return rc;
    if (o.help) {
        puts("usage: habeas " AUDIT_USAGE);
        return HERR_OK;
    }
    store *s;
    rc = cli_open(ctx, STORE_MUST_EXIST, &s, e);
    if (rc != HERR_OK)
        return rc;
    sqlite3_stmt *st;
    rc = store_prepare(s,
                       "SELECT id, at, actor, action, object, detail FROM audit "
                       "ORDER BY id DESC LIMIT ?1",
                       &st, e);
    if (rc != HERR_OK) {
        store_close(s);
        return rc;
    }
    sqlite3_bind_int64(st, 1, o.limit);
    static const char *names[] = {"id", "at", "actor", "action", "object", "detail"};
    json_t *arr = json_array();
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (o.json) {
            json_t *row = json_object();
            for (int i = 0; i < 6; i++)
                json_object_set_new(row, names[i], store_column_json(st, i));
            json_array_append_new(arr, row);
        } else {
            const char *obj = (const char *)sqlite3_column_text(st, 4);
            const char *det = (const char *)sqlite3_column_text(st, 5);
            printf("%6lld  %s  %-20s %-16s %s%s%s\n", sqlite3_column_int64(st, 0),
                   sqlite3_column_text(st, 1), sqlite3_column_text(st, 2),
                   sqlite3_column_text(st, 3), obj ? obj : "", det ? "  " : "", det ? det : "");
        }
    }
    sqlite3_finalize(st);
    store_close(s);
    if (o.json)
        cli_print_json(arr);
    else
        json_decref(arr);
    return HERR_OK;
}

int cmd_audit(cli_ctx *ctx, int argc, char **argv, herr *e)
{
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        puts("usage: habeas " AUDIT_USAGE "\n\n"
             "verify  walk the hash chain; exit 1 naming the first altered entry\n"
             "list    the newest entries (default 50): who did what, to what, when");
        return argc < 2 ? cli_usage_error(e, "audit", AUDIT_USAGE) : HERR_OK;
    }
    if (strcmp(argv[1], "verify") == 0) {
        bool json = false;
        for (int i = 2; i < argc; i++) {
            if (strcmp(argv[i], "--json") == 0)
                json = true;
            else
                return cli_usage_error(e, "audit", AUDIT_USAGE);
        }
        return verify(ctx, json, e);
    }
    if (strcmp(argv[1], "list") == 0)
        return list(ctx, argc - 1, argv + 1, e);
    return cli_usage_error(e, "audit", AUDIT_USAGE);
}
