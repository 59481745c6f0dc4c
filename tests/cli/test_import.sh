#!/bin/sh
# habeas import of a list with every kind of bad row and bad field: the
# summary, the problems on stderr with file:line, the listings.
. "$(dirname "$0")/lib.sh"
cp "$FIXTURES/bad_rows.csv" lista.csv

run import --source ngo --kind ngo_case --supplied-by "Fictional NGO" --received 2025-06-01 lista.csv
expect_rc 0 "import with rejects and warnings succeeds"
expect_in "$out" "rows 15  imported 12  rejected 3  warnings 11" "summary counts"
expect_in "$err" "habeas: warning: lista.csv:3: fecha_nacimiento '31/02/1990' is not a date" "warning names file, line, column, value"
expect_in "$err" "habeas: rejected: lista.csv:6: expected 14 fields, found 3" "reject names file and line"
expect_in "$err" "more; see 'habeas rejects --source ngo'" "points to the full lists"

run rejects --source ngo --json
expect_rc 0 "rejects --json"
expect_eq "$(printf '%s\n' "$out" | jq -c '[.[].line]')" "[5,6,7]" "reject lines"
expect_eq "$(printf '%s\n' "$out" | jq -r '.[1].raw')" "A5,Pedro,Gómez" "reject keeps the raw row"
expect_eq "$(printf '%s\n' "$out" | jq -r '.[0] | keys | join(",")')" "column,line,raw,reason,sealed" "reject object keys"

run warnings --source ngo --json
expect_rc 0 "warnings --json"
expect_eq "$(printf '%s\n' "$out" | jq 'length')" "11" "eleven warnings"
expect_eq "$(printf '%s\n' "$out" | jq -r '.[] | select(.line == 4) | "\(.column)|\(.raw)"')" "dui|01234567-9" "bad DUI check digit is a warning with its raw value"
expect_eq "$(printf '%s\n' "$out" | jq -r '.[] | select(.line == 10) | .reason')" "is in the future (after 2025-06-01)" "future date judged against --received"

run warnings --source ngo
expect_in "$out" "ngo:17: edad '10' does not match birth_date 1990-01-01" "text listing"

run records --source ngo --limit 3 --json
expect_rc 0 "records --json"
expect_eq "$(printf '%s\n' "$out" | jq 'length')" "3" "--limit"
expect_eq "$(printf '%s\n' "$out" | jq -r '.[0] | "\(.given_names)|\(.surname1)|\(.dui)|\(.status)|\(.birth_date)"')" "José Luis|Hernández|01234567-8|held|1990-04-15" "parsed fields"
expect_eq "$(printf '%s\n' "$out" | jq -r '.[1].birth_date')" "null" "a field that failed is not used"
expect_in "$(printf '%s\n' "$out" | jq -r '.[1].raw')" "31/02/1990" "... but kept in the raw row"

run sources --json
expect_eq "$(printf '%s\n' "$out" | jq -r '.[0] | "\(.name)|\(.kind)|\(.supplied_by)|\(.received)|\(.rows)|\(.imported)|\(.rejected)|\(.warnings)"')" "ngo|ngo_case|Fictional NGO|2025-06-01|15|12|3|11" "sources --json"
expect_eq "$(printf '%s\n' "$out" | jq -r '.[0].sha256 | length')" "64" "source keeps the file's SHA-256"

run sources
expect_in "$out" "ngo_case" "sources table"

# Usage and input errors exit 1 with a message, and change nothing.
run import --kind ngo_case lista.csv
expect_rc 1 "missing --source"
expect_in "$err" "usage: habeas import" "usage shown"
run import --source x --kind nonsense lista.csv
expect_rc 1 "bad --kind"
expect_in "$err" "--kind must be one of" "kinds listed"
run import --source x --kind other no-such-file.csv
expect_rc 1 "missing file"
expect_in "$err" "no-such-file.csv: cannot open" "file named"
run import --source x --kind other --received 2099-01-01 lista.csv
expect_rc 1 "--received in the future"
run rejects --source nope
expect_rc 1 "unknown source"
expect_in "$err" "no source named 'nope'" "unknown source named"
run frobnicate
expect_rc 1 "unknown command"
run --db "$WORK/absent.db" sources
expect_rc 1 "read command on a missing database"
expect_in "$err" "habeas init" "suggests init"
run sources --json
expect_eq "$(printf '%s\n' "$out" | jq 'length')" "1" "nothing added by the failures"
# The file first and the options after it, as people type it.
printf 'nombres,primer_apellido\nAnacleto,Urbina\n' > otra.csv
run import otra.csv --source ngo_again --kind ngo_case --received 2025-06-02
expect_rc 0 "the file before the options"
expect_in "$(sqlite3 "$HABEAS_DB" "SELECT name FROM source")" "ngo_again" "imported as its own source"
finish
