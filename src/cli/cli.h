/*
 * cli — the `habeas <command>` front end.  One file per command,
 * cmd_<name>.c, each holding nothing but that command: it parses its
 * options, calls a module, and formats the result (text, or JSON with
 * --json).  The table that maps names to functions is in main.c.
 *
 * A command returns HERR_OK, or an error code with the message in `e`;
 * main() prints "habeas: <message>" on stderr and exits with the code.
 */
#ifndef HABEAS_CLI_H
#define HABEAS_CLI_H

#include <jansson.h>
#include <stdbool.h>

#include "store/store.h"
#include "util/util.h"

typedef struct cli_ctx {
    const char *db_path; /* --db, else $HABEAS_DB, else ./habeas.db */
} cli_ctx;

typedef int (*cli_cmd_fn)(cli_ctx *ctx, int argc, char **argv, herr *e);

int cmd_init(cli_ctx *ctx, int argc, char **argv, herr *e);
int cmd_import(cli_ctx *ctx, int argc, char **argv, herr *e);
int cmd_sources(cli_ctx *ctx, int argc, char **argv, herr *e);
int cmd_rejects(cli_ctx *ctx, int argc, char **argv, herr *e);
int cmd_warnings(cli_ctx *ctx, int argc, char **argv, herr *e);
int cmd_records(cli_ctx *ctx, int argc, char **argv, herr *e);
int cmd_seal(cli_ctx *ctx, int argc, char **argv, herr *e);
int cmd_facility(cli_ctx *ctx, int argc, char **argv, herr *e);
int cmd_synth(cli_ctx *ctx, int argc, char **argv, herr *e);
int cmd_demo(cli_ctx *ctx, int argc, char **argv, herr *e);
int cmd_link(cli_ctx *ctx, int argc, char **argv, herr *e);
int cmd_review(cli_ctx *ctx, int argc, char **argv, herr *e);
int cmd_decide(cli_ctx *ctx, int argc, char **argv, herr *e);
int cmd_export(cli_ctx *ctx, int argc, char **argv, herr *e);
int cmd_persons(cli_ctx *ctx, int argc, char **argv, herr *e);
int cmd_person(cli_ctx *ctx, int argc, char **argv, herr *e);
int cmd_audit(cli_ctx *ctx, int argc, char **argv, herr *e);
int cmd_estimate(cli_ctx *ctx, int argc, char **argv, herr *e);
int cmd_stats(cli_ctx *ctx, int argc, char **argv, herr *e);
int cmd_trace(cli_ctx *ctx, int argc, char **argv, herr *e);
int cmd_inquiry(cli_ctx *ctx, int argc, char **argv, herr *e);
int cmd_serve(cli_ctx *ctx, int argc, char **argv, herr *e);
int cmd_user(cli_ctx *ctx, int argc, char **argv, herr *e);

/* Opens the database named by ctx. */
int cli_open(cli_ctx *ctx, store_mode mode, store **out, herr *e);
/* The id of the source called `name`; HERR_INPUT naming the known ones
 * when there is none. */
int cli_source_id(store *s, const char *name, long *id, herr *e);
/* Prints a JSON value (indented) and a newline on stdout; takes the
 * reference. */
void cli_print_json(json_t *v);
/* Prints the rivals of an explained pair (link_explain, link_review_json)
 * and its probability alone and with them, each line indented. */
void cli_print_rivals(const json_t *pair);
/* Prints where each record of an explained pair comes from and its name
 * as the list wrote it ("  A  record 3267: prensa PR-00007, line 8:
 * José Roberto Martínez Amaya"). */
void cli_print_origins(const json_t *pair);
/* Prints the records of an explained pair that the last link set apart
 * from the group one pair had joined them to (link_explain's set_apart). */
void cli_print_apart(const json_t *pair);
/* Prints why an explained pair, likely enough, was left as two persons
 * (link_explain's kept_apart: the rule the merging keeps). */
void cli_print_kept(const json_t *pair);
/* A probability as a person reads it: "64%", "<1%", ">99%". */
const char *cli_percent(double p, char buf[8]);
/* True for "-h" / "--help" anywhere in argv. */
bool cli_wants_help(int argc, char **argv);
/* A record id as typed: a whole number above 0, nothing after it. */
bool cli_parse_id(const char *s, long *out);

/* Options shared by the per-source listings (records, rejects,
 * warnings): --source NAME (required), --limit N, --json, --help.
 * Returns HERR_OK with *help set when help was asked for. */
typedef struct cli_source_opts {
    const char *source;
    long limit; /* -1: all */
    bool json;
    bool help;
} cli_source_opts;
int cli_parse_source_opts(int argc, char **argv, const char *usage, cli_source_opts *o, herr *e);
/* The same options for listings that take no source (persons, review);
 * limit starts at default_limit. */
int cli_parse_list_opts(int argc, char **argv, const char *usage, long default_limit,
                        cli_source_opts *o, herr *e);
/* Opens the database and prepares `sql` for the source named in o, with
 * ?1 bound to the source id and ?2 to the limit.  On success the caller
 * finalizes *st and closes *s. */
int cli_source_query(cli_ctx *ctx, const cli_source_opts *o, const char *sql, store **s,
                     sqlite3_stmt **st, herr *e);

/* Who runs this command, for decisions and the audit log: "cli:" and
 * $HABEAS_USER, else $USER, else "unknown". */
const char *cli_actor(void);

/* Appends an audit entry for a change made by this command (see
 * audit.h); a failure is an error the command reports. */
int cli_audit(store *s, const char *action, const char *object, const char *detail, herr *e);

/* Shared by commands: the usage error for an unknown option or a missing
 * argument, in one wording. */
/* After a link: matches every open inquiry again and says on stderr how
 * many new candidates were found.  Not after an import: records not yet
 * linked are never offered to a family, so matching then finds nothing
 * new and would only rebuild the index. */
int cli_rematch(store *s, herr *e);

int cli_usage_error(herr *e, const char *cmd, const char *usage);

#endif
