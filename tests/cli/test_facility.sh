#!/bin/sh
# The facility register: names in lists resolve through aliases, accent-
# and case-insensitively; unresolved names are kept as written and listed;
# a register added later resolves earlier records too.
. "$(dirname "$0")/lib.sh"
cp "$FIXTURES/bad_rows.csv" lista.csv
run import --source ngo --kind ngo_case --received 2025-06-01 lista.csv
expect_in "$out" "Penal de Tonacatepeque (1 records)" "unresolved names listed after import"

run facility import "$FIXTURES/facilities.csv"
expect_rc 0 "facility import"
expect_in "$out" "4 facilities added, 0 updated" "facility import summary"
run facility import "$FIXTURES/facilities.csv"
expect_in "$out" "0 facilities added, 4 updated" "re-import updates, adds nothing"

run facility list --json
expect_rc 0 "facility list --json"
expect_eq "$(printf '%s\n' "$out" | jq -r '.[] | select(.name == "Centro de Confinamiento del Terrorismo") | "\(.capacity)|\(.cells)|\(.cell_area_m2)|\(.bunks_per_cell)|\(.records)"')" "40000|256|100|80|1" "figures and record count"
expect_eq "$(printf '%s\n' "$out" | jq -r '.[] | select(.name == "Centro Penal La Esperanza") | .records')" "2" "Mariona resolves to La Esperanza"

run facility unresolved --json
expect_eq "$(printf '%s\n' "$out" | jq -c '[.[].name]')" '["Penal de Tonacatepeque"]' "only the unknown prison stays unresolved"

run records --source ngo --json
expect_eq "$(printf '%s\n' "$out" | jq -r '.[] | select(.source_ref == "A1") | "\(.facility)|\(.facility_resolved)"')" "Mariona|Centro Penal La Esperanza" "record keeps the name as written and resolves"

printf 'name,aliases,capacity\nCentro Penal de Izalco,Izalco,6000\nOtro,MARIONA,100\n' > clash.csv
run facility import clash.csv
expect_rc 1 "an alias of another facility is refused"
expect_in "$err" "clash.csv:3: facility 'Otro': alias 'MARIONA' already names facility 'Centro Penal La Esperanza'" "clash explained with its line"
run facility list --json
expect_eq "$(printf '%s\n' "$out" | jq 'length')" "4" "nothing from the refused file"

printf 'name,capacity\nNuevo,mil\n' > badnum.csv
run facility import badnum.csv
expect_rc 1 "a bad number is refused"
expect_in "$err" "badnum.csv:2: 'mil' is not a whole non-negative number" "bad number explained"
finish
