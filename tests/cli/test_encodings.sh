#!/bin/sh
# Lists as spreadsheets save them: semicolons, tabs, BOM, CRLF, Windows-1252,
# UTF-16; each imports with the same names, and a notice says what was
# converted.
. "$(dirname "$0")/lib.sh"
name_of() { # source -> "given|surname1" of the first record
    "$HABEAS" records --source "$1" --json | jq -r '.[0] | "\(.given_names)|\(.surname1)|\(.birth_date)"'
}
printf 'nombres;primer_apellido;fecha_nacimiento\nJosé;Núñez;15/04/1990\n' > semi.csv
run import --source semi --kind other semi.csv
expect_rc 0 "semicolon list"
expect_in "$out" "delimiter ';'" "semicolon detected"
expect_eq "$(name_of semi)" "José|Núñez|1990-04-15" "semicolon fields"

printf 'nombres\tprimer_apellido\tfecha_nacimiento\nJosé\tNúñez\t1990-04-15\n' > tab.tsv
run import --source tab --kind other tab.tsv
expect_in "$out" "delimiter tab" "tab detected"
expect_eq "$(name_of tab)" "José|Núñez|1990-04-15" "tab fields"

printf '\357\273\277nombres,primer_apellido,fecha_nacimiento\r\nJosé,Núñez,1990\r\n' > bom.csv
run import --source bom --kind other bom.csv
expect_in "$out" "utf-8 (BOM)" "BOM recognised"
expect_eq "$(name_of bom)" "José|Núñez|1990" "BOM and CRLF stripped"

printf 'nombres;primer_apellido;fecha_nacimiento\r\nJos\351;N\372\361ez;15/04/1990\r\n' > cp1252.csv
run import --source cp --kind other cp1252.csv
expect_rc 0 "Windows-1252 list"
expect_in "$err" "notice: cp1252.csv is windows-1252, not UTF-8; converted" "notice about the conversion"
expect_eq "$(name_of cp)" "José|Núñez|1990-04-15" "Windows-1252 converted"

printf 'nombres\tprimer_apellido\tfecha_nacimiento\r\nJosé\tNúñez\t1990-04-15\r\n' | iconv -f UTF-8 -t UTF-16 > u16.txt
run import --source u16 --kind other u16.txt
expect_rc 0 "UTF-16 list"
expect_in "$err" "not UTF-8; converted" "notice for UTF-16"
expect_eq "$(name_of u16)" "José|Núñez|1990-04-15" "UTF-16 converted"

# A UTF-8 list with one row of undecodable bytes: that row is rejected.
printf 'nombres,primer_apellido\nJosé,Núñez\nMar\355a,L\363pez\nAna,Peña\n' > mixed.csv
run import --source mixed --kind other mixed.csv
expect_rc 0 "mixed list imports"
expect_in "$out" "imported 2  rejected 1" "only the bad row is rejected"
run rejects --source mixed --json
expect_eq "$(printf '%s\n' "$out" | jq -r '.[0] | "\(.line)|\(.reason)|\(.raw)"')" '3|undecodable bytes: not valid UTF-8|Mar\xEDa,L\xF3pez' "bad bytes kept as \\xNN"
finish
