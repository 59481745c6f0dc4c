#!/bin/sh
# JSON lists: an array of objects; each row keeps its line and raw text;
# a syntax error refuses the file with line and column.
. "$(dirname "$0")/lib.sh"
cat > lista.json <<'JSON'
[
  {"id": "J1", "nombre_completo": "José Hernández", "edad": 24, "centro_penal": "CECOT",
   "notas": {"fuente": "visita"}},
  {"id": "J2", "nombre_completo": "Ana López", "fecha_captura": "31/02/2023"},
  "not an object",
  {"id": "J4", "edad": 30},
  {"id": "J5", "Given Name": "Rosa", "Family": "Cruz"}
]
JSON
run import --source press1 --kind press --received 2025-06-01 --map 'Given Name=given_names,family=surnames' lista.json
expect_rc 0 "JSON import"
expect_in "$out" "json, utf-8" "format detected"
expect_in "$out" "rows 5  imported 3  rejected 2  warnings 1" "summary"
run rejects --source press1 --json
expect_eq "$(printf '%s\n' "$out" | jq -c '[.[] | [.line, .reason]]')" '[[5,"not a JSON object"],[6,"no name and no document: the row identifies no one"]]' "rejects with lines"
run warnings --source press1 --json
expect_eq "$(printf '%s\n' "$out" | jq -r '.[0] | "\(.line)|\(.column)|\(.raw)|\(.reason)"')" "4|fecha_captura|31/02/2023|is not a date" "warning with line"
run records --source press1 --json
expect_eq "$(printf '%s\n' "$out" | jq -r '.[0] | "\(.line)|\(.age)|\(.notes)"')" '2|24|{"fuente":"visita"}' "numbers and nested values kept"
expect_eq "$(printf '%s\n' "$out" | jq -r '.[2] | "\(.given_names)|\(.surnames)"')" "Rosa|Cruz" "--map renames columns"

printf '[\n {"nombre": "A"},\n {"nombre": "B",}\n]\n' > broken.json
run import --source broken --kind press broken.json
expect_rc 1 "JSON syntax error"
expect_in "$err" "broken.json:3:" "error names line"
printf '{"nombre": "A"}\n' > object.json
run import --source obj --kind press object.json
expect_rc 1 "not an array"
expect_in "$err" "expected a JSON array of objects" "explained"
run import --source m --kind press --map 'x' lista.json
expect_rc 1 "bad --map"
expect_in "$err" "is not their=ours" "map error explained"
finish
