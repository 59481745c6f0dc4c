#!/bin/sh
# The audit log as an administrator checks it: every change is in it, the
# chain verifies, edits are refused, and an alteration made behind the
# program's back (triggers dropped) is found and named.
. "$(dirname "$0")/lib.sh"
run init
run facility import "$FIXTURES/facilities.csv"
expect_rc 0 "facility import"
HABEAS_USER=ana run import --source casos --kind ngo_case --received 2024-06-01 "$FIXTURES/bad_rows.csv"
expect_rc 0 "import"
run link
expect_rc 0 "link"
HABEAS_USER=ana run decide 1 2 different --reason "different mothers"
expect_rc 0 "decide"

run audit list --json
expect_eq "$(printf '%s\n' "$out" | jq -r '[.[].action] | reverse | join(",")')" \
    "facility.import,import,link,decide.different" "every change is in the log, in order"
expect_eq "$(printf '%s\n' "$out" | jq -r '.[0].actor + " " + .[0].object + " " + .[0].detail')" \
    "cli:ana records:1,2 different mothers" "the decision says who, on what, why"

run audit verify
expect_rc 0 "verify an intact log"
expect_in "$out" "intact: 4 entries" "verify counts the entries"
head=$(printf '%s\n' "$out" | sed -n 's/^head //p')
expect_eq "${#head}" "64" "verify prints the head hash"

sqlite3 "$HABEAS_DB" "UPDATE audit SET detail='x' WHERE id=2" 2>"$WORK/sqlerr"
expect_in "$(cat "$WORK/sqlerr")" "append-only" "an UPDATE is refused"
sqlite3 "$HABEAS_DB" "DELETE FROM audit WHERE id=2" 2>"$WORK/sqlerr"
expect_in "$(cat "$WORK/sqlerr")" "append-only" "a DELETE is refused"

cp "$HABEAS_DB" "$WORK/copy.db"
sqlite3 "$HABEAS_DB" "DROP TRIGGER audit_no_update; UPDATE audit SET detail='0 rows' WHERE id=2"
run audit verify --json
expect_rc 1 "verify an altered log"
expect_eq "$(printf '%s\n' "$out" | jq -r '.first_bad')" "2" "the altered entry is named"
expect_in "$err" "entry 2: its content does not match its hash" "the reason is given"

sqlite3 "$WORK/copy.db" "DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE id=3"
run --db "$WORK/copy.db" audit verify
expect_rc 1 "verify a log with an entry deleted"
expect_in "$err" "entry 4: an entry before it is missing" "the gap is named"
finish
