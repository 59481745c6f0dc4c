/*
 * cmd_facility.c — `habeas facility import FILE | list | unresolved`:
 * the register of prisons and detention centres, and the facility names
 * in records that it does not resolve yet.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "facility/facility.h"
#include "ingest/ingest.h"

#define FACILITY_USAGE "facility import FILE | facility list [--json] | facility unresolved [--json]"

static int facility_import_cmd(store *s, const char *path, bool json, herr *e)
{
    ingest_facility_report r;
    int rc = ingest_facility_file(s, path, &r, e);
    if (rc != HERR_OK)
        return rc;
    char detail[96];
    snprintf(detail, sizeof detail, "%ld added, %ld updated", r.added, r.updated);
    rc = cli_audit(s, "facility.import", path, detail, e);
    if (rc != HERR_OK)
        return rc;
    if (json) {
        json_t *o = json_object();
        json_object_set_new(o, "added", json_integer(r.added));
        json_object_set_new(o, "updated", json_integer(r.updated));
        cli_print_json(o);
    } else {
        printf("%s: %ld facilities added, %ld updated\n", path, r.added, r.updated);
    }
    return HERR_OK;
}

static json_t *opt_int(long v)
{
    return v >= 0 ? json_integer(v) : json_null();
}

static int facility_list_cmd(store *s, bool json, herr *e)
{
    facility_info *f;
    size_t n;
    int rc = facility_list(s, &f, &n, e);
    if (rc != HERR_OK)
        return rc;
    json_t *arr = json ? json_array() : NULL;
    if (!json)
        printf("%-4s %-48s %-28s %9s %6s %8s %6s %8s\n", "id", "name", "place", "capacity",
               "cells", "m2/cell", "bunks", "records");
    for (size_t i = 0; i < n; i++) {
        if (json) {
            json_t *o = json_object();
            json_object_set_new(o, "id", json_integer(f[i].id));
            json_object_set_new(o, "name", json_string(f[i].name));
            json_t *al = json_array();
            const char *p = f[i].aliases;
            while (*p) {
                const char *bar = strchr(p, '|');
                size_t len = bar ? (size_t)(bar - p) : strlen(p);
                json_array_append_new(al, json_stringn(p, len));
                p += len + (bar ? 1 : 0);
            }
            json_object_set_new(o, "aliases", al);
            json_object_set_new(o, "municipality", json_string(f[i].municipality));
            json_object_set_new(o, "department", json_string(f[i].department));
            json_object_set_new(o, "kind", json_string(f[i].kind));
            json_object_set_new(o, "capacity", opt_int(f[i].capacity));
            json_object_set_new(o, "cells", opt_int(f[i].cells));
            json_object_set_new(o, "cell_area_m2",
                                f[i].cell_area_m2 >= 0 ? json_real(f[i].cell_area_m2) : json_null());
            json_object_set_new(o, "bunks_per_cell", opt_int(f[i].bunks_per_cell));
            json_object_set_new(o, "records", json_integer(f[i].records));
            json_array_append_new(arr, o);
            continue;
        }
        char place[128];
        snprintf(place, sizeof place, "%s%s%s", f[i].municipality,
                 *f[i].municipality && *f[i].department ? ", " : "", f[i].department);
        printf("%-4ld %-48s %-28s %9ld %6ld %8.1f %6ld %8ld\n", f[i].id, f[i].name, place,
               f[i].capacity, f[i].cells, f[i].cell_area_m2, f[i].bunks_per_cell, f[i].records);
    }
    facility_list_free(f, n);
    if (json)
        cli_print_json(arr);
    return HERR_OK;
}

static int facility_unresolved_cmd(store *s, bool json, herr *e)
{
    facility_unresolved *u;
    size_t n;
    int rc = facility_unresolved_list(s, 0, &u, &n, e);
    if (rc != HERR_OK)
        return rc;
    json_t *arr = json ? json_array() : NULL;
    for (size_t i = 0; i < n; i++) {
        if (json) {
            json_t *o = json_object();
            json_object_set_new(o, "name", json_string(u[i].name));
            json_object_set_new(o, "records", json_integer(u[i].records));
            json_array_append_new(arr, o);
        } else {
            printf("%8ld  %s\n", u[i].records, u[i].name);
        }
    }
    if (!json && n == 0)
        puts("every facility name in the records resolves to the register");
    facility_unresolved_free(u, n);
    if (json)
        cli_print_json(arr);
    return HERR_OK;
}

int cmd_facility(cli_ctx *ctx, int argc, char **argv, herr *e)
{
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        if (argc < 2)
            return cli_usage_error(e, "facility", FACILITY_USAGE);
        puts("usage: habeas " FACILITY_USAGE "\n\n"
             "  import FILE   add or update facilities from a CSV: name, aliases (|-separated),\n"
             "                municipality, department, kind, capacity, cells, cell_area_m2,\n"
             "                bunks_per_cell\n"
             "  list          the register, with the number of records naming each facility\n"
             "  unresolved    facility names in records that the register does not resolve");
        return HERR_OK;
    }
    bool json = false;
    const char *file = NULL;
    for (int i = 2; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0)
            json = true;
        else if (!file && argv[i][0] != '-' && strcmp(argv[1], "import") == 0)
            file = argv[i];
        else
            return cli_usage_error(e, "facility", FACILITY_USAGE);
    }
    const char *sub = argv[1];
    bool is_import = strcmp(sub, "import") == 0;
    if (!is_import && strcmp(sub, "list") != 0 && strcmp(sub, "unresolved") != 0)
        return cli_usage_error(e, "facility", FACILITY_USAGE);
    if (is_import && !file)
        return cli_usage_error(e, "facility", FACILITY_USAGE);
    store *s;
    int rc = cli_open(ctx, is_import ? STORE_CREATE : STORE_MUST_EXIST, &s, e);
    if (rc != HERR_OK)
        return rc;
    if (is_import)
        rc = facility_import_cmd(s, file, json, e);
    else if (strcmp(sub, "list") == 0)
        rc = facility_list_cmd(s, json, e);
    else
        rc = facility_unresolved_cmd(s, json, e);
    store_close(s);
    return rc;
}
