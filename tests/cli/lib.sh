# tests/cli/lib.sh — helpers for the end-to-end CLI tests.
# Each test runs habeas ($HABEAS) in a fresh temporary directory, checks
# what a user would see (exit code, stdout, stderr, JSON), and prints
# "ok N - what" / "not ok N - what" lines; the script fails if any check
# failed.
set -u
: "${HABEAS:?HABEAS must name the habeas binary}"
: "${FIXTURES:?FIXTURES must name tests/fixtures}"
WORK=$(mktemp -d /tmp/habeas-cli.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK" || exit 2
export HABEAS_DB="$WORK/test.db"
n=0
failed=0

ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; }

# run CMD...: runs habeas, keeps stdout in $out, stderr in $err, code in $rc
run() {
    "$HABEAS" "$@" >"$WORK/.out" 2>"$WORK/.err"
    rc=$?
    out=$(cat "$WORK/.out")
    err=$(cat "$WORK/.err")
}

expect_rc() { # expected what
    if [ "$rc" -eq "$1" ]; then ok "$2 (exit $1)"; else
        not_ok "$2: exit $rc, expected $1"; echo "# stdout: $out"; echo "# stderr: $err"; fi
}

expect_in() { # haystack needle what
    case "$1" in
    *"$2"*) ok "$3" ;;
    *) not_ok "$3: '$2' not found"; printf '# in: %s\n' "$1" | head -20 ;;
    esac
}

expect_not_in() { # haystack needle what
    case "$1" in
    *"$2"*) not_ok "$3: '$2' should not appear" ;;
    *) ok "$3" ;;
    esac
}

expect_eq() { # got want what
    if [ "$1" = "$2" ]; then ok "$3"; else not_ok "$3: got '$1', expected '$2'"; fi
}

# synth_lists PERSONS SEED: synthetic lists in lists/, then the prison
# register and every list imported, as bench/link does
synth_lists() {
    run synth --persons "$1" --seed "$2" --out lists
    expect_rc 0 "synth"
    "$HABEAS" facility import lists/facilities.csv > /dev/null
    tail -n +2 lists/lists.csv | while IFS=, read -r file source kind supplied received; do
        "$HABEAS" import --source "$source" --kind "$kind" --received "$received" \
            "lists/$file" > /dev/null 2>&1
    done
}

# habeas_persons LISTS PID: the person ids the database gave the records
# of synthetic person PID (LISTS/truth.csv says which records are his),
# one a line
habeas_persons() {
    for rec in $(sqlite3 -csv :memory: ".import --csv $1/truth.csv t" \
        "SELECT source || '|' || record_id FROM t WHERE person_id = '$2'"); do
        sqlite3 "$HABEAS_DB" "SELECT m.person_id FROM record r JOIN source s ON s.id = r.source_id
            JOIN membership m ON m.record_id = r.id
            WHERE s.name = '${rec%%|*}' AND r.source_ref = '${rec#*|}'"
    done
}

# held_man [CONDITION]: "person_id,given,surname1,surname2,birth_date,mother"
# of the first held man of the demo lists (demo/lists) who is on two
# lists or more, with one given name, a second surname and a birth date,
# and for whom the SQL CONDITION on p (persons.csv) holds
held_man() {
    sqlite3 -list -separator , :memory: ".import --csv demo/lists/persons.csv p" \
        ".import --csv demo/lists/truth.csv t" \
        "SELECT p.person_id, p.given_names, p.surname1, p.surname2, p.birth_date, p.mother_name
         FROM p JOIN t ON t.person_id = p.person_id
         WHERE p.status = 'held' AND p.surname2 <> '' AND p.birth_date <> ''
           AND p.given_names NOT LIKE '% %' ${1:+AND $1}
         GROUP BY p.person_id HAVING count(DISTINCT t.source) >= 2 ORDER BY p.person_id LIMIT 1"
}

# import_each KIND NAME...: imports each NAME.csv as a list of its own
# called NAME (received 2026-01-16)
import_each() {
    kind=$1
    shift
    for f in "$@"; do
        run import --source "$f" --kind "$kind" --received 2026-01-16 "$f.csv"
    done
}

# rid SOURCE: the record id(s) of list SOURCE, one a line
rid() { sqlite3 "$HABEAS_DB" "SELECT r.id FROM record r JOIN source s ON s.id = r.source_id WHERE s.name = '$1'"; }

# two_men KIND A B REASON: imports the lists A.csv and B.csv (as
# import_each), decides that their records are two men, for REASON, and
# links; the two record ids are then $rid_a and $rid_b.
two_men() {
    import_each "$1" "$2" "$3"
    rid_a=$(rid "$2")
    rid_b=$(rid "$3")
    run decide "$rid_a" "$rid_b" different --reason "$4"
    run link
}

finish() {
    echo "1..$n"
    if [ "$failed" -ne 0 ]; then
        echo "# $failed of $n checks failed"
        exit 1
    fi
    exit 0
}
