#!/bin/sh
# A file whose bytes were imported before is refused, naming the earlier
# source; a corrected version imports as a new source.
. "$(dirname "$0")/lib.sh"
printf 'id,nombre_completo,edad\n1,Ana López,30\n2,Juan Pérez,41\n' > v1.csv
run import --source family1 --kind family_report v1.csv
expect_rc 0 "first import"
cp v1.csv renamed.csv
run import --source family1b --kind family_report renamed.csv
expect_rc 1 "same bytes under another file name"
expect_in "$err" "renamed.csv: this file was already imported as source 'family1' (file v1.csv" "names the earlier source"
run import --source family1 --kind family_report v1.csv
expect_rc 1 "same again"
run import --source family1 --kind family_report renamed.csv
expect_rc 1 "name already used"
printf 'id,nombre_completo,edad\n1,Ana López,31\n2,Juan Pérez,41\n' > v2.csv
run import --source family1 --kind family_report v2.csv
expect_rc 1 "a corrected list still needs a new name"
expect_in "$err" "source 'family1' exists already" "name clash explained"
run import --source family1-v2 --kind family_report v2.csv
expect_rc 0 "corrected list as a new source"
run sources --json
expect_eq "$(printf '%s\n' "$out" | jq -r '[.[].name] | join(",")')" "family1,family1-v2" "both sources, the first unchanged"
expect_eq "$(sqlite3 "$HABEAS_DB" 'SELECT count(*) FROM record')" "4" "four records in all"
finish
