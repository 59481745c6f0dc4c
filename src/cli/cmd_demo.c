/*
 * cmd_demo.c — `habeas demo`: a fresh demo database from synthetic data,
 * in one command: synthetic lists for 20,000 fictional persons, the
 * facility register, every list imported, the records linked; then what
 * it did and what to try next.
 *
 * It only ever replaces a directory it made itself (marked by a
 * .habeas-demo file), so it cannot overwrite a real database.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "ingest/ingest.h"
#include "link/link.h"
#include "synth/synth.h"

#define DEMO_USAGE "demo [--dir DIR] [--persons N] [--seed S]"

typedef struct demo_list {
    char file[256], source[64], kind[32], supplied_by[128], received[16];
} demo_list;

typedef struct demo_lists {
    demo_list v[SYNTH_MAX_LISTS + 1];
    size_t n;
    int col[5]; /* file, source, kind, supplied_by, received */
} demo_lists;

static void copy_field(char *dst, size_t size, const char *s, size_t n)
{
    if (n >= size)
        n = size - 1;
    memcpy(dst, s, n);
    dst[n] = '\0';
}

static int on_list_row(void *ctx, long line, const char *const *f, const size_t *len, size_t n,
                       herr *e)
{
    demo_lists *l = ctx;
    static const char *const names[5] = {"file", "source", "kind", "supplied_by", "received"};
    if (line == 1) {
        for (int k = 0; k < 5; k++) {
            l->col[k] = -1;
            for (size_t i = 0; i < n; i++)
                if (len[i] == strlen(names[k]) && memcmp(f[i], names[k], len[i]) == 0)
                    l->col[k] = (int)i;
            if (l->col[k] < 0)
                return herr_set(e, HERR_INTERNAL, "lists.csv: no column '%s'", names[k]);
        }
        return HERR_OK;
    }
    if (l->n >= sizeof l->v / sizeof l->v[0])
        return herr_set(e, HERR_INTERNAL, "lists.csv: too many lists");
    demo_list *d = &l->v[l->n++];
    copy_field(d->file, sizeof d->file, f[l->col[0]], len[l->col[0]]);
    copy_field(d->source, sizeof d->source, f[l->col[1]], len[l->col[1]]);
    copy_field(d->kind, sizeof d->kind, f[l->col[2]], len[l->col[2]]);
    copy_field(d->supplied_by, sizeof d->supplied_by, f[l->col[3]], len[l->col[3]]);
    copy_field(d->received, sizeof d->received, f[l->col[4]], len[l->col[4]]);
    return HERR_OK;
}

/* Makes dir ready: created, or emptied of a previous demo's database. */
static int prepare_dir(const char *dir, herr *e)
{
    char path[1024];
    struct stat st;
    if (stat(dir, &st) == 0) {
        snprintf(path, sizeof path, "%s/.habeas-demo", dir);
        if (access(path, F_OK) != 0)
            return herr_set(e, HERR_INPUT,
                            "demo: %s exists and was not made by 'habeas demo'; choose another "
                            "--dir",
                            dir);
        static const char *const old[] = {"habeas.db", "habeas.db-wal", "habeas.db-shm",
                                          "habeas.db-journal"};
        for (size_t i = 0; i < sizeof old / sizeof old[0]; i++) {
            snprintf(path, sizeof path, "%s/%s", dir, old[i]);
            unlink(path);
        }
        return HERR_OK;
    }
    if (mkdir(dir, 0755) != 0)
        return herr_set(e, HERR_INPUT, "demo: cannot create %s: %s", dir, strerror(errno));
    snprintf(path, sizeof path, "%s/.habeas-demo", dir);
    FILE *f = fopen(path, "w");
    if (!f)
        return herr_set(e, HERR_INPUT, "demo: cannot write in %s", dir);
    fputs("made by habeas demo: synthetic data only; safe to delete\n", f);
    fclose(f);
    return HERR_OK;
}

int cmd_demo(cli_ctx *ctx, int argc, char **argv, herr *e)
{
    (void)ctx;
    static const struct option opts[] = {{"dir", required_argument, NULL, 'd'},
                                         {"persons", required_argument, NULL, 'p'},
                                         {"seed", required_argument, NULL, 's'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    const char *dir = "habeas-demo";
    long persons = 20000;
    unsigned long long seed = 1;
    int c;
    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
        char *end = NULL;
        switch (c) {
        case 'd': dir = optarg; break;
        case 'p':
            persons = strtol(optarg, &end, 10);
            if (*end || persons < 10)
                return herr_set(e, HERR_INPUT, "demo: --persons must be at least 10");
            break;
        case 's':
            seed = strtoull(optarg, &end, 10);
            if (*end)
                return herr_set(e, HERR_INPUT, "demo: --seed '%s' is not a number", optarg);
            break;
        case 'h':
            puts("usage: habeas " DEMO_USAGE "\n\nMakes DIR (default habeas-demo) with synthetic "
                 "lists (DIR/lists), imports them and the\nfacility register into DIR/habeas.db, "
                 "links the records, and says what to try next.");
            return HERR_OK;
        default: return cli_usage_error(e, "demo", DEMO_USAGE);
        }
    }
    if (optind != argc)
        return cli_usage_error(e, "demo", DEMO_USAGE);
    int rc = prepare_dir(dir, e);
    if (rc != HERR_OK)
        return rc;
    char lists_dir[1024], db_path[1100], path[1400];
    snprintf(lists_dir, sizeof lists_dir, "%s/lists", dir);
    snprintf(db_path, sizeof db_path, "%s/habeas.db", dir);

    printf("1. synthetic data: %ld fictional persons, seed %llu -> %s/\n", persons, seed,
           lists_dir);
    synth_opts so = {.persons = persons, .seed = seed, .out_dir = lists_dir,
                     .lists = SYNTH_DEFAULT_LISTS};
    synth_report sr;
    if ((rc = synth_run(&so, &sr, e)) != HERR_OK)
        return rc;
    printf("   %d lists, %.1f s\n", sr.n_lists, sr.seconds);

    store *s;
    if ((rc = store_open(db_path, STORE_CREATE, &s, e)) != HERR_OK)
        return rc;
    snprintf(path, sizeof path, "%s/facilities.csv", lists_dir);
    ingest_facility_report fr;
    if ((rc = ingest_facility_file(s, path, &fr, e)) != HERR_OK) {
        store_close(s);
        return rc;
    }
    printf("2. facility register: %ld facilities -> %s\n", fr.added, db_path);

    demo_lists lists = {.n = 0};
    snprintf(path, sizeof path, "%s/lists.csv", lists_dir);
    if ((rc = ingest_table_read(path, on_list_row, &lists, e)) != HERR_OK) {
        store_close(s);
        return rc;
    }
    printf("3. import, one transaction per list:\n");
    printf("   %-14s %-15s %8s %8s %8s %8s %7s\n", "source", "kind", "rows", "imported",
           "rejected", "warnings", "seconds");
    for (size_t i = 0; i < lists.n; i++) {
        demo_list *l = &lists.v[i];
        snprintf(path, sizeof path, "%s/%s", lists_dir, l->file);
        ingest_opts o = {.path = path, .display = l->file, .source_name = l->source,
                         .kind = l->kind, .supplied_by = l->supplied_by,
                         .received = l->received};
        ingest_report r;
        rc = ingest_file(s, &o, &r, e);
        if (rc == HERR_OK)
            printf("   %-14s %-15s %8ld %8ld %8ld %8ld %7.2f\n", l->source, l->kind, r.rows,
                   r.imported, r.rejected, r.warnings, r.seconds);
        ingest_report_free(&r);
        if (rc != HERR_OK) {
            store_close(s);
            return rc;
        }
    }
    link_opts lo;
    link_opts_default(&lo);
    link_result lr;
    if ((rc = link_run(s, &lo, &lr, e)) != HERR_OK) {
        store_close(s);
        return rc;
    }
    printf("4. link: %ld records -> %ld persons (%ld candidate pairs, %ld to review), %.1f s\n",
           lr.records, lr.persons, lr.candidate_pairs, lr.review, lr.seconds);
    store_close(s);

    printf("\nDone. The truth about who is who is in %s/truth.csv and persons.csv.\n"
           "Try next:\n"
           "  export HABEAS_DB=%s\n"
           "  build/habeas sources\n"
           "  build/habeas rejects --source ngo_casos\n"
           "  build/habeas warnings --source familias --limit 10\n"
           "  build/habeas facility list\n"
           "  build/habeas persons --limit 20\n"
           "  build/habeas person 1\n"
           "  build/habeas review --limit 5\n"
           "  build/habeas export membership --out membership.csv\n",
           lists_dir, db_path);
    return HERR_OK;
}
