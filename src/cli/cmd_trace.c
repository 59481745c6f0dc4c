/*
 * cmd_trace.c — `habeas trace` (who is this person the family describes)
 * and `habeas inquiry add|import|list|show|close` (a family's request, kept
 * and matched again after every link, which is when a new list can offer
 * anyone).
 *
 * Both read the sought person from the same options:
 *   --name TEXT [--birth-date D | --age N] [--dui X] [--arrest-date D]
 *   [--place TEXT] [--facility TEXT] [--mother TEXT]
 * `inquiry import FILE` reads the same values from a CSV file's columns,
 * one inquiry a row (trace/inquiry_import.c), and files them all or none.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "trace/trace.h"

#define QUERY_USAGE                                                                            \
    "--name TEXT [--birth-date D | --age N] [--dui X] [--arrest-date D] [--place TEXT] "      \
    "[--facility TEXT] [--mother TEXT]"
#define TRACE_USAGE "trace " QUERY_USAGE " [--limit N] [--json]"
#define INQUIRY_USAGE                                                                          \
    "inquiry add " QUERY_USAGE " --requester TEXT --contact TEXT [--relationship TEXT] "      \
    "[--consent yes|no] | inquiry import FILE [--json] | inquiry list [--json] | "              \
    "inquiry show ID [--show-contact] [--json] | "                                             \
    "inquiry close ID --status answered|withdrawn --note TEXT"

typedef struct trace_args {
    trace_query q;
    trace_requester req;
    const char *consent, *status, *note;
    long limit;
    bool json, contact, help;
    long id;
} trace_args;

static int parse_long(const char *s, long lo, long hi, long *out)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (!*s || *end || v < lo || v > hi)
        return -1;
    *out = v;
    return 0;
}

static int parse_args(int argc, char **argv, const char *cmd, const char *usage, trace_args *a,
                      herr *e)
{
    static const struct option opts[] = {
        {"name", required_argument, NULL, 'n'},         {"birth-date", required_argument, NULL, 'b'},
        {"age", required_argument, NULL, 'a'},          {"dui", required_argument, NULL, 'd'},
        {"arrest-date", required_argument, NULL, 'r'},  {"place", required_argument, NULL, 'p'},
        {"facility", required_argument, NULL, 'f'},     {"limit", required_argument, NULL, 'l'},
        {"json", no_argument, NULL, 'j'},               {"requester", required_argument, NULL, 'R'},
        {"contact", required_argument, NULL, 'C'},      {"relationship", required_argument, NULL, 'L'},
        {"consent", required_argument, NULL, 'c'},      {"status", required_argument, NULL, 's'},
        {"note", required_argument, NULL, 'N'},         {"help", no_argument, NULL, 'h'},
        {"show-contact", no_argument, NULL, 'S'},       {"mother", required_argument, NULL, 'm'},
        {NULL, 0, NULL, 0}};
    memset(a, 0, sizeof *a);
    trace_query_init(&a->q);
    a->limit = 5;
    a->consent = "yes";
    optind = 0;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'n': a->q.name = optarg; break;
        case 'b': a->q.birth_date = optarg; break;
        case 'a':
            if (!trace_parse_age(optarg, &a->q.age))
                return herr_set(e, HERR_INPUT, "%s: --age: expected a whole number of years (0-120)", cmd);
            break;
        case 'd': a->q.dui = optarg; break;
        case 'r': a->q.arrest_date = optarg; break;
        case 'p': a->q.place = optarg; break;
        case 'f': a->q.facility = optarg; break;
        case 'm': a->q.mother = optarg; break;
        case 'l':
            if (parse_long(optarg, 1, 100, &a->limit) != 0)
                return herr_set(e, HERR_INPUT, "%s: --limit: expected 1 to 100", cmd);
            break;
        case 'j': a->json = true; break;
        case 'R': a->req.name = optarg; break;
        case 'C': a->req.contact = optarg; break;
        case 'S': a->contact = true; break;
        case 'L': a->req.relationship = optarg; break;
        case 'c': a->consent = optarg; break;
        case 's': a->status = optarg; break;
        case 'N': a->note = optarg; break;
        case 'h': a->help = true; return HERR_OK;
        default: return cli_usage_error(e, cmd, usage);
        }
    }
    a->id = -1;
    if (optind < argc) {
        if (optind + 1 != argc || parse_long(argv[optind], 1, 1L << 40, &a->id) != 0)
            return cli_usage_error(e, cmd, usage);
    }
    if (a->q.birth_date && a->q.age >= 0)
        return herr_set(e, HERR_INPUT, "%s: give --birth-date or --age, not both", cmd);
    return HERR_OK;
}

static const char *str(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

static void print_candidates(json_t *cands)
{
    size_t i;
    json_t *c;
    if (json_array_size(cands) == 0)
        puts("no candidate: no record in the register resembles this person");
    json_array_foreach(cands, i, c)
    {
        json_t *pid = json_object_get(c, "person_id");
        printf("%zu. ", i + 1);
        if (json_is_integer(pid))
            printf("person %lld", json_integer_value(pid));
        else
            printf("record %lld (not linked yet)", json_integer_value(json_object_get(c, "record_id")));
        printf("  %s  probability %.3f\n", str(c, "name") ? str(c, "name") : "",
               json_real_value(json_object_get(c, "probability")));
        printf("   %s", str(c, "status_note") ? str(c, "status_note") : "");
        if (str(c, "facility"))
            printf("; %s", str(c, "facility"));
        if (str(c, "since"))
            printf("; since %s", str(c, "since"));
        putchar('\n');
        json_t *src = json_object_get(c, "sources");
        if (json_array_size(src)) {
            printf("   sources:");
            size_t k;
            json_t *x;
            json_array_foreach(src, k, x) printf("%s %s", k ? "," : "", json_string_value(x));
            putchar('\n');
        }
        size_t k;
        json_t *x;
        json_array_foreach(json_object_get(c, "why"), k, x) printf("   - %s\n", json_string_value(x));
    }
}

int cmd_trace(cli_ctx *ctx, int argc, char **argv, herr *e)
{
    trace_args a;
    int rc = parse_args(argc, argv, "trace", TRACE_USAGE, &a, e);
    if (rc != HERR_OK)
        return rc;
    if (a.help) {
        puts("usage: habeas " TRACE_USAGE "\n\n"
             "Ranked candidates for a person a family describes: the probability, the current\n"
             "status and which sources say it (a single source is marked unconfirmed), the\n"
             "place, since when, and the fields that agree.  Nicknames, misspellings, a\n"
             "missing second surname and approximate dates are expected.  --age is the age today.\n"
             "--mother is the mother's full name: her first surname is the person's second.");
        return HERR_OK;
    }
    if (!a.q.name || a.id >= 0)
        return cli_usage_error(e, "trace", TRACE_USAGE);
    store *s;
    if ((rc = cli_open(ctx, STORE_MUST_EXIST, &s, e)) != HERR_OK)
        return rc;
    trace_index *ix = NULL;
    json_t *out = NULL;
    rc = trace_index_build(s, &ix, e);
    if (rc == HERR_OK)
        rc = trace_answer_json(s, ix, &a.q, (size_t)a.limit, 0, &out, e);
    if (rc == HERR_OK) {
        char detail[64];
        snprintf(detail, sizeof detail, "candidates=%zu",
                 json_array_size(json_object_get(out, "candidates")));
        rc = cli_audit(s, "trace", "", detail, e);
    }
    trace_index_free(ix);
    store_close(s);
    if (rc != HERR_OK) {
        json_decref(out);
        return rc;
    }
    if (a.json) {
        cli_print_json(out); /* frees it */
        return HERR_OK;
    }
    print_candidates(json_object_get(out, "candidates"));
    json_decref(out);
    return HERR_OK;
}

static int inquiry_add_cmd(store *s, trace_args *a, herr *e)
{
    if (!a->q.name || !a->req.name || !a->req.contact)
        return herr_set(e, HERR_INPUT, "inquiry add: --name, --requester and --contact are required");
    bool consent;
    if (!inquiry_parse_consent(a->consent, &consent))
        return herr_set(e, HERR_INPUT, "inquiry add: --consent: expected yes or no (sí, no)");
    trace_index *ix = NULL;
    int rc = trace_index_build(s, &ix, e);
    if (rc != HERR_OK)
        return rc;
    long id;
    rc = inquiry_add(s, ix, &a->q, &a->req, consent, cli_actor(), &id, e);
    trace_index_free(ix);
    if (rc != HERR_OK)
        return rc;
    json_t *o;
    if ((rc = inquiry_show_json(s, id, false, false, cli_actor(), &o, e)) != HERR_OK)
        return rc;
    if (a->json) {
        cli_print_json(o);
        return HERR_OK;
    }
    printf("inquiry %ld filed; %zu candidate(s) (habeas inquiry show %ld)\n", id,
           json_array_size(json_object_get(o, "candidates")), id);
    json_decref(o);
    return HERR_OK;
}

/* `inquiry import FILE [--json]`: the problems of a refused file go to
 * stderr, one line each, before main's summary of the refusal. */
static int inquiry_import_cmd(cli_ctx *ctx, int argc, char **argv, herr *e)
{
    static const struct option opts[] = {{"json", no_argument, NULL, 'j'}, {NULL, 0, NULL, 0}};
    bool json = false;
    optind = 0;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c != 'j')
            return cli_usage_error(e, "inquiry", INQUIRY_USAGE);
        json = true;
    }
    if (optind != argc - 1)
        return cli_usage_error(e, "inquiry", INQUIRY_USAGE);
    const char *path = argv[optind];
    store *s;
    int rc = cli_open(ctx, STORE_MUST_EXIST, &s, e);
    if (rc != HERR_OK)
        return rc;
    json_t *out = NULL;
    sbuf problems;
    sbuf_init(&problems);
    rc = inquiry_import(s, path, cli_actor(), &out, &problems, e);
    store_close(s);
    if (problems.len)
        fputs(problems.data, stderr);
    sbuf_free(&problems);
    if (rc != HERR_OK)
        return rc;
    json_t *list = json_object_get(out, "inquiries");
    if (json) {
        cli_print_json(out);
        return HERR_OK;
    }
    size_t i;
    json_t *x;
    json_array_foreach(list, i, x)
        printf("inquiry %lld filed: %s; %lld candidate(s)\n",
               json_integer_value(json_object_get(x, "id")), str(x, "name"),
               json_integer_value(json_object_get(x, "candidates")));
    if (!json_array_size(list))
        printf("%s: a header and no rows; nothing to file\n", path);
    printf("%zu inquiries filed\n", json_array_size(list));
    json_decref(out);
    return HERR_OK;
}

static void print_inquiry(json_t *o)
{
    printf("inquiry %lld (%s), filed %s by %s\n", json_integer_value(json_object_get(o, "id")),
           str(o, "status"), str(o, "created_at"), str(o, "created_by"));
    json_t *q = json_object_get(o, "sought");
    printf("sought: %s", str(q, "name"));
    const char *const keys[] = {"birth_date", "dui", "arrest_date", "place", "facility", "mother"};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        if (str(q, keys[i]))
            printf(", %s %s", keys[i], str(q, keys[i]));
    if (json_is_integer(json_object_get(q, "age")))
        printf(", age %lld", json_integer_value(json_object_get(q, "age")));
    putchar('\n');
    json_t *req = json_object_get(o, "requester");
    if (req)
        printf("requester: %s (%s), contact %s\n", str(req, "name"),
               str(req, "relationship") ? str(req, "relationship") : "-", str(req, "contact"));
    else
        puts("requester: sealed (habeas inquiry show ID --show-contact; the read is audited)");
    size_t i;
    json_t *c;
    json_array_foreach(json_object_get(o, "candidates"), i, c)
    {
        printf("  %s person %-7lld p=%.3f  %s  first offered %s\n",
               json_is_true(json_object_get(c, "new")) ? "NEW" : "   ",
               json_integer_value(json_object_get(c, "person_id")),
               json_real_value(json_object_get(c, "probability")),
               str(c, "name") ? str(c, "name") : "", str(c, "first_seen"));
    }
}

int cmd_inquiry(cli_ctx *ctx, int argc, char **argv, herr *e)
{
    if (argc < 2 || cli_wants_help(argc, argv)) {
        if (argc >= 2)
            puts("usage: habeas " INQUIRY_USAGE "\n\n"
                 "A family's request to find a person.  The requester's name and contact are\n"
                 "encrypted at rest (key: <db>.key); showing them is audited.  Every open inquiry\n"
                 "is matched again after each link (import, then link); new candidates are marked NEW.\n\n"
                 "inquiry import FILE files one inquiry per row of a CSV file (comma, semicolon or\n"
                 "tab; UTF-8 with or without a BOM, UTF-16 or Windows-1252), each as inquiry add\n"
                 "would, in one transaction.  A header row names the columns, in English (the\n"
                 "options above) or Spanish:\n"
                 "  name [nombre]  birth_date [fecha_nacimiento]  age [edad]  dui\n"
                 "  arrest_date [fecha_captura, fecha_detencion]  place [lugar, municipio]\n"
                 "  facility [penal, centro]  mother [madre]  requester [solicitante]\n"
                 "  contact [contacto]  relationship [parentesco]\n"
                 "  consent [consentimiento]: yes or no (sí, no); yes when empty, as for add\n"
                 "name, requester and contact are required; any other column is refused.  The\n"
                 "whole file is checked first: on any bad row, every one is listed (FILE:LINE: what\n"
                 "was expected) and nothing is filed.");
        return argc >= 2 ? HERR_OK : cli_usage_error(e, "inquiry", INQUIRY_USAGE);
    }
    const char *sub = argv[1];
    if (strcmp(sub, "import") == 0)
        return inquiry_import_cmd(ctx, argc - 1, argv + 1, e);
    trace_args a;
    int rc = parse_args(argc - 1, argv + 1, "inquiry", INQUIRY_USAGE, &a, e);
    if (rc != HERR_OK)
        return rc;
    store *s;
    if ((rc = cli_open(ctx, STORE_MUST_EXIST, &s, e)) != HERR_OK)
        return rc;
    json_t *o = NULL;
    if (strcmp(sub, "add") == 0) {
        rc = inquiry_add_cmd(s, &a, e);
    } else if (strcmp(sub, "list") == 0) {
        rc = inquiry_list_json(s, &o, e);
        if (rc == HERR_OK && !a.json) {
            size_t i;
            json_t *x;
            if (!json_array_size(o))
                puts("no inquiries");
            json_array_foreach(o, i, x)
                printf("%-5lld %-8s %s  %-40.40s %lld candidate(s), %lld new\n",
                       json_integer_value(json_object_get(x, "id")), str(x, "status"),
                       str(x, "created_at"), str(x, "name"),
                       json_integer_value(json_object_get(x, "candidates")),
                       json_integer_value(json_object_get(x, "new")));
        }
    } else if (strcmp(sub, "show") == 0) {
        if (a.id < 1)
            rc = cli_usage_error(e, "inquiry", INQUIRY_USAGE);
        else
            rc = inquiry_show_json(s, a.id, a.contact, true, cli_actor(), &o, e);
        if (rc == HERR_OK && !a.json)
            print_inquiry(o);
    } else if (strcmp(sub, "close") == 0) {
        if (a.id < 1 || !a.status || !a.note)
            rc = herr_set(e, HERR_INPUT, "inquiry close: ID, --status and --note are required");
        else
            rc = inquiry_close(s, a.id, a.status, a.note, cli_actor(), e);
        if (rc == HERR_OK)
            printf("inquiry %ld %s\n", a.id, a.status);
    } else {
        rc = cli_usage_error(e, "inquiry", INQUIRY_USAGE);
    }
    if (rc == HERR_OK && o && a.json)
        cli_print_json(o);
    else
        json_decref(o);
    store_close(s);
    return rc;
}
