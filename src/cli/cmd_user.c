/*
 * cmd_user.c — `habeas user add NAME --role ROLE` (the password typed
 * without echo on a terminal, or read from standard input when piped)
 * and `habeas user list [--json]`.
 */
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <sodium.h>

#include "cli.h"
#include "http/http.h"

#define USER_USAGE "user add NAME --role admin|investigator|lawyer|liaison|analyst | user list [--json]"

/* One line from stdin; no echo when it is a terminal. */
static int read_password(char *out, size_t size, herr *e)
{
    bool tty = isatty(STDIN_FILENO);
    struct termios old, quiet;
    if (tty) {
        fputs("password: ", stderr);
        tcgetattr(STDIN_FILENO, &old);
        quiet = old;
        quiet.c_lflag &= (tcflag_t)~ECHO;
        tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
    }
    bool ok = fgets(out, (int)size, stdin) != NULL;
    if (tty) {
        tcsetattr(STDIN_FILENO, TCSANOW, &old);
        fputc('\n', stderr);
    }
    if (!ok)
        return herr_set(e, HERR_INPUT, "user add: no password given (type it, or pipe it in)");
    out[strcspn(out, "\r\n")] = '\0';
    return HERR_OK;
}

int cmd_user(cli_ctx *ctx, int argc, char **argv, herr *e)
{
    if (argc < 2 || cli_wants_help(argc, argv)) {
        if (argc >= 2) {
            puts("usage: habeas " USER_USAGE "\n\n"
                 "Accounts for the web service.  Roles: admin (everything, accounts),\n"
                 "investigator (trace, decide, import, inquiries without contacts), lawyer\n"
                 "(trace, persons, sources), liaison (trace, inquiries with contacts), analyst\n"
                 "(counts and sources).  Passwords: at least 10 characters, Argon2id.");
            return HERR_OK;
        }
        return cli_usage_error(e, "user", USER_USAGE);
    }
    store *s;
    int rc;
    if (strcmp(argv[1], "list") == 0) {
        if ((rc = cli_open(ctx, STORE_MUST_EXIST, &s, e)) != HERR_OK)
            return rc;
        json_t *o;
        rc = http_users_json(s, &o, e);
        store_close(s);
        if (rc != HERR_OK)
            return rc;
        if (argc > 2 && strcmp(argv[2], "--json") == 0) {
            cli_print_json(o);
            return HERR_OK;
        }
        size_t i;
        json_t *x;
        json_array_foreach(o, i, x)
            printf("%-20s %-13s %s\n", json_string_value(json_object_get(x, "name")),
                   json_string_value(json_object_get(x, "role")),
                   json_string_value(json_object_get(x, "created_at")));
        json_decref(o);
        return HERR_OK;
    }
    if (strcmp(argv[1], "add") != 0 || argc != 5 || strcmp(argv[3], "--role") != 0)
        return cli_usage_error(e, "user", USER_USAGE);
    char pw[512];
    if ((rc = read_password(pw, sizeof pw, e)) != HERR_OK)
        return rc;
    if ((rc = cli_open(ctx, STORE_MUST_EXIST, &s, e)) != HERR_OK) {
        sodium_memzero(pw, sizeof pw);
        return rc;
    }
    rc = http_user_add(s, argv[2], argv[4], pw, cli_actor(), e);
    sodium_memzero(pw, sizeof pw);
    store_close(s);
    if (rc == HERR_OK)
        printf("user %s added (%s)\n", argv[2], argv[4]);
    return rc;
}
