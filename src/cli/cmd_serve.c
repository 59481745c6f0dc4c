/*
 * cmd_serve.c — `habeas serve [--listen ADDR:PORT] [--cert PEM --key PEM]
 * [--threads N]`: the web service on this database until Ctrl-C.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "http/http.h"

#define SERVE_USAGE "serve [--listen ADDRESS:PORT] [--cert FILE.pem --key FILE.pem] [--threads N] [--quiet]"

int cmd_serve(cli_ctx *ctx, int argc, char **argv, herr *e)
{
    static const struct option opts[] = {
        {"listen", required_argument, NULL, 'l'}, {"cert", required_argument, NULL, 'c'},
        {"key", required_argument, NULL, 'k'},    {"threads", required_argument, NULL, 't'},
        {"quiet", no_argument, NULL, 'q'},        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    http_opts o = {.db_path = ctx->db_path, .listen = "127.0.0.1:8080", .threads = 4};
    optind = 0;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'l': o.listen = optarg; break;
        case 'c': o.cert = optarg; break;
        case 'k': o.key = optarg; break;
        case 't': {
            long t = strtol(optarg, NULL, 10);
            if (t < 1 || t > 64)
                return herr_set(e, HERR_INPUT, "serve: --threads: expected 1 to 64");
            o.threads = (unsigned)t;
            break;
        }
        case 'q': o.quiet = true; break;
        case 'h':
            puts("usage: habeas " SERVE_USAGE "\n\n"
                 "The web service: pages in Spanish and English and the JSON API (docs/api.md).\n"
                 "Accounts: habeas user add NAME --role ROLE.  TLS with --cert and --key.");
            return HERR_OK;
        default: return cli_usage_error(e, "serve", SERVE_USAGE);
        }
    }
    if (optind != argc)
        return cli_usage_error(e, "serve", SERVE_USAGE);
    return http_serve(&o, e);
}
