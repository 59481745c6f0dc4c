/*
 * cmd_user.c — the accounts of the web service, for the office's
 * administrator: `habeas user add NAME --role ROLE`, `user list [--json]`,
 * `user disable NAME`, `user enable NAME`, `user passwd NAME` and
 * `user role NAME ROLE`.  A password is typed without echo on a terminal,
 * or read from standard input when piped.
 *
 * Every change is made by the http module (auth.c), which audits it in
 * the name of cli_actor() and ends the user's sessions when the change
 * must lock out a cookie already issued (disabled, new password, new
 * role).  This file only parses and prints.
 */
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <sodium.h>

#include "cli.h"
#include "http/http.h"

#define USER_USAGE                                                                                \
    "user add NAME --role admin|investigator|lawyer|liaison|analyst | user list [--json] | "     \
    "user disable NAME | user enable NAME | user passwd NAME | user role NAME ROLE"

/* One line from stdin; no echo when it is a terminal. */
static int read_password(const char *sub, char *out, size_t size, herr *e)
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
        return herr_set(e, HERR_INPUT, "user %s: no password given (type it, or pipe it in)", sub);
    out[strcspn(out, "\r\n")] = '\0';
    return HERR_OK;
}

static int list(cli_ctx *ctx, int argc, char **argv, herr *e)
{
    store *s;
    int rc = cli_open(ctx, STORE_MUST_EXIST, &s, e);
    if (rc != HERR_OK)
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
        printf("%-20s %-13s %-9s %s\n", json_string_value(json_object_get(x, "name")),
               json_string_value(json_object_get(x, "role")),
               json_is_true(json_object_get(x, "disabled")) ? "disabled" : "enabled",
               json_string_value(json_object_get(x, "created_at")));
    json_decref(o);
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
                 "(counts and sources).  Passwords: at least 10 characters, Argon2id.\n\n"
                 "disable, passwd and role end the user's open sessions at once; enable lets\n"
                 "the user log in again.  The last enabled admin can be neither disabled nor\n"
                 "given another role.  Every change is in the audit log.");
            return HERR_OK;
        }
        return cli_usage_error(e, "user", USER_USAGE);
    }
    const char *sub = argv[1];
    if (strcmp(sub, "list") == 0)
        return list(ctx, argc, argv, e);
    bool add = strcmp(sub, "add") == 0, passwd = strcmp(sub, "passwd") == 0;
    http_user_changes c = {.disabled = -1};
    if (add && argc == 5 && strcmp(argv[3], "--role") == 0)
        c.role = argv[4];
    else if (strcmp(sub, "role") == 0 && argc == 4)
        c.role = argv[3];
    else if ((strcmp(sub, "disable") == 0 || strcmp(sub, "enable") == 0) && argc == 3)
        c.disabled = strcmp(sub, "disable") == 0;
    else if (!passwd || argc != 3)
        return cli_usage_error(e, "user", USER_USAGE);
    const char *name = argv[2];
    char pw[512] = "";
    int rc = HERR_OK;
    if (add || passwd) {
        rc = read_password(sub, pw, sizeof pw, e);
        c.password = pw;
    }
    store *s;
    if (rc == HERR_OK && (rc = cli_open(ctx, STORE_MUST_EXIST, &s, e)) == HERR_OK) {
        long ended = 0;
        rc = add ? http_user_add(s, name, c.role, pw, cli_actor(), e)
                 : http_user_change(s, name, &c, cli_actor(), &ended, e);
        store_close(s);
        if (rc == HERR_OK) {
            if (add)
                printf("user %s added (%s)", name, c.role);
            else if (passwd)
                printf("user %s: new password set", name);
            else if (c.role)
                printf("user %s is now %s", name, c.role);
            else
                printf("user %s %s", name, c.disabled ? "disabled" : "enabled");
            if (ended)
                printf("; %ld open session%s ended", ended, ended == 1 ? "" : "s");
            putchar('\n');
        }
    }
    sodium_memzero(pw, sizeof pw);
    return rc;
}
