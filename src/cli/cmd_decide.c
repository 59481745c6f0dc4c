/*
 * cmd_decide.c — `habeas decide REC_A REC_B same|different --reason TEXT`:
 * a person's decision about two records.  It is kept forever (who, when,
 * why), wins over the model, and applies from the next `habeas link` on.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "link/link.h"

#define DECIDE_USAGE "decide RECORD_A RECORD_B same|different --reason TEXT"

int cmd_decide(cli_ctx *ctx, int argc, char **argv, herr *e)
{
    static const struct option opts[] = {{"reason", required_argument, NULL, 'r'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    const char *reason = NULL;
    int c;
    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        if (c == 'r')
            reason = optarg;
        else if (c == 'h') {
            puts("usage: habeas " DECIDE_USAGE "\n\nRecords who decided (the $HABEAS_USER, "
                 "else $USER), when and why.\nDecisions win over the model in every later link.");
            return HERR_OK;
        } else
            return cli_usage_error(e, "decide", DECIDE_USAGE);
    }
    long a, b;
    if (optind != argc - 3 || !cli_parse_id(argv[optind], &a) ||
        !cli_parse_id(argv[optind + 1], &b))
        return cli_usage_error(e, "decide", DECIDE_USAGE);
    const char *verdict = argv[optind + 2];
    link_verdict v;
    if (strcmp(verdict, "same") == 0)
        v = LINK_SAME;
    else if (strcmp(verdict, "different") == 0)
        v = LINK_DIFFERENT;
    else
        return herr_set(e, HERR_INPUT, "decide: '%s' is not 'same' or 'different'", verdict);
    if (!reason || !*reason)
        return herr_set(e, HERR_INPUT, "decide: --reason TEXT is required: say why");
    store *s;
    int rc = cli_open(ctx, STORE_MUST_EXIST, &s, e);
    if (rc != HERR_OK)
        return rc;
    rc = link_decide(s, a, b, v, reason, cli_actor() + 4, e);
    if (rc == HERR_OK) {
        char object[64];
        snprintf(object, sizeof object, "records:%ld,%ld", a, b);
        rc = cli_audit(s, verdict[0] == 's' ? "decide.same" : "decide.different", object,
                       reason, e);
    }
    store_close(s);
    if (rc == HERR_OK)
        printf("decided: records %ld and %ld are %s (%s); applies from the next 'habeas link'\n",
               a, b, verdict, reason);
    return rc;
}
