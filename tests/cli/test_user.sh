#!/bin/sh
# Accounts as an office administrator keeps them from the command line:
# add, list, disable and enable, a new password, a new role.  A change that
# must lock someone out ends their open sessions; the last enabled admin
# stays; unknown names and bad input are clear errors that change nothing;
# every change is in the audit log, with who made it.
. "$(dirname "$0")/lib.sh"
export HABEAS_USER=ana
run init
expect_rc 0 "init"
echo "password-ana" | "$HABEAS" user add ana --role admin > /dev/null || not_ok "user add ana"
echo "password-luz" | "$HABEAS" user add luz --role liaison > /dev/null || not_ok "user add luz"

# open_sessions NAME N: N session rows for NAME, as logins would leave them
open_sessions() {
    k=0
    while [ $k -lt "$2" ]; do
        sqlite3 "$HABEAS_DB" "INSERT INTO session SELECT lower(hex(randomblob(32))), id, 'c', '2024-01-01', 9999999999 FROM user WHERE name = '$1'"
        k=$((k + 1))
    done
}
sessions() { sqlite3 "$HABEAS_DB" "SELECT count(*) FROM session JOIN user u ON u.id = user_id WHERE u.name = '$1'"; }
hash() { sqlite3 "$HABEAS_DB" "SELECT password_hash FROM user WHERE name = '$1'"; }

run user list
expect_in "$out" "luz                  liaison       enabled" "list shows each account enabled"

# A password longer than any form takes is refused, not cut.
long=$(printf 'x%.0s' $(seq 1 256))
printf '%s\n' "$long" | "$HABEAS" user add max --role analyst > "$WORK/.out" 2> "$WORK/.err"
rc=$?
err=$(cat "$WORK/.err")
expect_rc 1 "a 256-byte password"
expect_in "$err" "at most 255 bytes" "says how long a password may be"
expect_eq "$(sqlite3 "$HABEAS_DB" "SELECT count(*) FROM user WHERE name = 'max'")" "0" "and adds no account"

open_sessions luz 2
open_sessions ana 1
run user disable luz
expect_rc 0 "disable"
expect_eq "$out" "user luz disabled; 2 open sessions ended" "disable says the sessions it ended"
expect_eq "$(sessions luz)" "0" "the disabled user's sessions are gone"
expect_eq "$(sessions ana)" "1" "nobody else's"
run user list
expect_in "$out" "luz                  liaison       disabled" "list shows the account disabled"
run user list --json
expect_eq "$(printf '%s' "$out" | jq -r '.[] | select(.name == "luz") | .disabled')" "true" "and so does --json"
run user enable luz
expect_eq "$out" "user luz enabled" "enable"
expect_eq "$(sqlite3 "$HABEAS_DB" "SELECT disabled FROM user WHERE name = 'luz'")" "0" "the account is enabled again"

open_sessions luz 1
before=$(hash luz)
echo "a-new-password-for-luz" | "$HABEAS" user passwd luz > "$WORK/out" 2>&1
expect_eq "$(cat "$WORK/out")" "user luz: new password set; 1 open session ended" "passwd, from a pipe"
expect_in "$(hash luz)" '$argon2id$' "the new password is an Argon2id hash"
[ "$(hash luz)" != "$before" ] && ok "passwd changes the hash" || not_ok "passwd changes the hash"
expect_eq "$(sessions luz)" "0" "passwd ends the open sessions"
before=$(hash luz)
echo "short" | "$HABEAS" user passwd luz > /dev/null 2> "$WORK/err"
expect_in "$(cat "$WORK/err")" "at least 10 characters" "a short password is refused"
expect_eq "$(hash luz)" "$before" "and changes nothing"
run user passwd luz < /dev/null
expect_rc 1 "passwd without a password"
expect_in "$err" "no password given" "says so"

open_sessions luz 1
run user role luz investigator
expect_eq "$out" "user luz is now investigator; 1 open session ended" "role change ends the sessions"
expect_eq "$(sqlite3 "$HABEAS_DB" "SELECT role FROM user WHERE name = 'luz'")" "investigator" "the role is changed"
run user role luz king
expect_rc 1 "an unknown role"
expect_in "$err" "role 'king' is not one of" "is named"

# The last enabled admin.
run user disable ana
expect_rc 1 "the last admin cannot be disabled"
expect_in "$err" "'ana' is the last enabled admin" "the error says why"
run user role ana lawyer
expect_rc 1 "nor demoted"
expect_eq "$(sqlite3 "$HABEAS_DB" "SELECT role || disabled FROM user WHERE name = 'ana'")" "admin0" "ana is still an enabled admin"
expect_eq "$(sessions ana)" "1" "and still logged in"
run user role luz admin
run user disable ana
expect_rc 0 "with a second admin, the first may be disabled"
run user role luz lawyer
expect_rc 1 "then the second is the last"
run user enable ana
run user role luz lawyer
expect_rc 0 "and with the first enabled again, may step down"

# Unknown names and usage.
run user disable nobody
expect_rc 1 "an unknown user"
expect_in "$err" "no user 'nobody'" "is named"
echo "password-xyz-1" | "$HABEAS" user passwd nobody > /dev/null 2> "$WORK/err"
expect_in "$(cat "$WORK/err")" "no user 'nobody'" "passwd for an unknown user"
run user disable
expect_rc 1 "disable without a name"
expect_in "$err" "usage: habeas user" "prints the usage"
run user role luz
expect_rc 1 "role without a role"
run user --help
expect_in "$out" "user passwd NAME" "--help lists the commands"

# The audit log: every change, by whom.
run audit list --json --limit 100
expect_eq "$(printf '%s' "$out" | jq -r '[.[] | select(.action | startswith("user.")) | .action + " " + .object] | reverse | join(",")')" \
    "user.add ana,user.add luz,user.disable luz,user.sessions_ended luz,user.enable luz,user.passwd luz,user.sessions_ended luz,user.role luz,user.sessions_ended luz,user.role luz,user.disable ana,user.sessions_ended ana,user.enable ana,user.role luz" \
    "every change is audited, refusals are not"
expect_eq "$(printf '%s' "$out" | jq -r '[.[] | select(.action == "user.role")][-1] | .actor + " " + .detail')" \
    "cli:ana liaison -> investigator" "a role change says who, from what, to what"
run audit verify
expect_rc 0 "the audit chain is intact"
finish
