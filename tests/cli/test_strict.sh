#!/bin/sh
# --strict refuses a file with any reject or warning and changes nothing.
. "$(dirname "$0")/lib.sh"
cp "$FIXTURES/bad_rows.csv" lista.csv
run init
run import --source ngo --kind ngo_case --received 2025-06-01 --strict lista.csv
expect_rc 1 "strict import of a flawed list is refused"
expect_in "$err" "refused (--strict): 3 rejected rows and 11 field warnings; nothing imported" "reason"
expect_in "$err" "lista.csv:3: fecha_nacimiento '31/02/1990' is not a date" "problems listed"
run sources --json
expect_eq "$out" "[]" "no source"
expect_eq "$(sqlite3 "$HABEAS_DB" 'SELECT (SELECT count(*) FROM record) + (SELECT count(*) FROM reject) + (SELECT count(*) FROM warning)')" "0" "no rows of any kind"

# A clean list passes --strict.
printf 'id,nombre_completo,dui\n1,Ana López,01234567-8\n2,Juan Pérez,\n' > clean.csv
run import --source clean --kind press --strict clean.csv
expect_rc 0 "strict import of a clean list"
expect_in "$out" "imported 2  rejected 0  warnings 0" "clean summary"
# After the refusal, the corrected flawed list can still go in (not strict).
run import --source ngo --kind ngo_case --received 2025-06-01 lista.csv
expect_rc 0 "same file imports without --strict"
finish
