#!/bin/sh
# A list that names its informants (a family's report) is sealed row by
# row at import: the database file alone holds neither the informant's
# name nor the telephone; `records --json` opens the rows with the key
# beside the database and the read is audited; without the key nothing
# opens (records, link), and a sealed row moved to another record does
# not open either.  Linkage still reads the informant: a mother's surname
# completes a son's.  `habeas seal` seals the rows of a database from
# before, leaving no byte of them in the file.  A rejected row of such a
# list is sealed as its records are.
. "$(dirname "$0")/lib.sh"
printf 'id;nombre_completo;edad;fecha_detencion;informante;telefono_contacto\n' > fam.csv
printf 'F1;Wilber Quintanilla;24;04/2022;Rosa Elvira Argueta Sosa (madre);7123-4567\n' >> fam.csv
printf 'F2;Ana Ruth Ayala;31;05/2022;Marvin Ayala Pérez (hermano);7999-0001\n' >> fam.csv
printf 'F3;;44;06/2022;Teresa Molina Cruz (esposa);7555-1212\n' >> fam.csv
run import --source familias --kind family_report fam.csv
expect_rc 0 "a family report imports"
expect_eq "$(stat -c %a "$HABEAS_DB.key")" "600" "the key is made beside the database, 0600"
sqlite3 "$HABEAS_DB" 'PRAGMA wal_checkpoint(TRUNCATE)' > /dev/null
for secret in "Rosa Elvira" "Argueta Sosa" "7123-4567" "Marvin Ayala" "Teresa Molina" "7555-1212"; do
    if grep -a -q "$secret" "$HABEAS_DB" "$HABEAS_DB-wal" 2>/dev/null; then
        not_ok "'$secret' is in the database file"
    else
        ok "'$secret' is not in the database file"
    fi
done
expect_eq "$(sqlite3 "$HABEAS_DB" "SELECT count(*) FROM record WHERE sealed IS NOT NULL AND raw = '' AND source_person IS NULL AND extra IS NULL")" "2" "both rows sealed, nothing of them in the clear"
expect_eq "$(sqlite3 "$HABEAS_DB" "SELECT count(DISTINCT substr(sealed, 1, 24)) + count(DISTINCT substr(sealed_informant, 1, 24)) FROM record")" "4" "every box has its own nonce"
expect_eq "$(sqlite3 "$HABEAS_DB" "SELECT full_name FROM record WHERE source_ref = 'F1'")" "Wilber Quintanilla" "the detained man's name is not sealed (linkage reads it)"
expect_eq "$(sqlite3 "$HABEAS_DB" "SELECT line || ' ' || length(raw) || ' ' || (sealed IS NOT NULL) FROM reject")" "4 0 1" \
    "a rejected row (no one named) of the list is sealed too: it names the informant"
run rejects --source familias --json
expect_rc 0 "rejects with the key"
expect_eq "$(printf '%s\n' "$out" | jq -r '.[0] | "\(.sealed) \(.raw)"')" "true F3;;44;06/2022;Teresa Molina Cruz (esposa);7555-1212" \
    "rejects opens the sealed row, as received"
run rejects --source familias
expect_in "$out" "line 4: no name and no document" "rejects as text, opened"
expect_in "$out" "Teresa Molina Cruz" "with the row"

run records --source familias --json
expect_rc 0 "records --json with the key"
expect_eq "$(printf '%s\n' "$out" | jq -r '.[0].source_person')" "Rosa Elvira Argueta Sosa (madre)" "the informant, as received"
expect_eq "$(printf '%s\n' "$out" | jq -r '.[0].extra.telefono_contacto')" "7123-4567" "the telephone, as received"
expect_in "$(printf '%s\n' "$out" | jq -r '.[1].raw')" "F2;Ana Ruth Ayala;31;05/2022;Marvin Ayala" "the raw row, whole"
run audit list
expect_in "$out" "read_sealed_rows" "the read is in the audit log"
expect_in "$out" "2 sealed rows opened" "with how many rows"
expect_in "$out" "1 sealed rejected rows opened" "and so is each opening of the rejected row"
run records --source familias
expect_rc 0 "records without --json"
expect_not_in "$out" "Rosa" "lists no informant"

# Linkage reads the mother's surname: Wilber Quintanilla Argueta.
printf 'NO,NOMBRES,APELLIDOS,FECHA_NACIMIENTO\n1,WILBER,QUINTANILLA ARGUETA,19980210\n2,WILBER,QUINTANILLA MOLINA,19980210\n' > reg.csv
run import --source registro --kind official_list reg.csv
run link --json
expect_rc 0 "link opens the sealed rows"
f1=$(sqlite3 "$HABEAS_DB" "SELECT id FROM record WHERE source_ref = 'F1'")
r1=$(sqlite3 "$HABEAS_DB" "SELECT id FROM record WHERE source_ref = '1'")
run link --explain "$f1" "$r1"
expect_in "$(printf '%s\n' "$out" | grep '^  surname2 ')" "argueta                    argueta                    equal" "the mother's surname, from the sealed informant, completes the son's"

mv "$HABEAS_DB.key" key.saved
before=$(sqlite3 "$HABEAS_DB" 'SELECT count(*) FROM link_run')
run records --source familias --json
expect_rc 1 "without the key, records --json refuses"
expect_in "$err" "the key that seals families' contacts and lists' informants is missing" "and says why"
run rejects --source familias
expect_rc 1 "without the key, rejects refuses"
expect_in "$err" "the key that seals families' contacts and lists' informants is missing" "and says why"
run link
expect_rc 1 "without the key, link refuses"
expect_eq "$(sqlite3 "$HABEAS_DB" 'SELECT count(*) FROM link_run')" "$before" "and links nothing"
mv key.saved "$HABEAS_DB.key"

# A database from before sealing at import: its rows in the clear (made
# here by writing them back), sealed by `habeas seal`, bytes and all.
run records --source familias --json
opened=$(printf '%s\n' "$out" | jq -c '[.[] | {raw, source_person, extra}]')
export HABEAS_DB="$WORK/old.db"
run import --source familias --kind family_report fam.csv
printf '%s\n' "$out" > /dev/null
for ref in F1 F2; do
    raw=$(grep "^$ref;" fam.csv)
    who=$(printf '%s\n' "$raw" | cut -d';' -f5)
    tel=$(printf '%s\n' "$raw" | cut -d';' -f6)
    sqlite3 "$HABEAS_DB" "UPDATE record SET raw = '$raw', source_person = '$who', extra = json_object('telefono_contacto', '$tel'), sealed = NULL, sealed_informant = NULL WHERE source_ref = '$ref'"
done
sqlite3 "$HABEAS_DB" "UPDATE reject SET raw = '$(grep '^F3;' fam.csv)', sealed = NULL"
sqlite3 "$HABEAS_DB" 'PRAGMA wal_checkpoint(TRUNCATE)' > /dev/null
for secret in "Rosa Elvira" "Teresa Molina"; do
    if grep -a -q "$secret" "$HABEAS_DB"; then ok "an old database holds '$secret' in the clear"; else not_ok "the old database was not made"; fi
done
run seal
expect_rc 0 "habeas seal"
expect_in "$out" "sealed 2 rows and 1 rejected rows" "seals the two old rows and the rejected one"
for secret in "Rosa Elvira" "Teresa Molina"; do
    if grep -a -q "$secret" "$HABEAS_DB" "$HABEAS_DB-wal" 2>/dev/null; then
        not_ok "after seal, '$secret' is still in the file"
    else
        ok "after seal, no byte of '$secret' is left in the file"
    fi
done
run rejects --source familias --json
expect_eq "$(printf '%s\n' "$out" | jq -r '.[0].raw')" "$(grep '^F3;' fam.csv)" "the rejected row opens as received"
run records --source familias --json
expect_eq "$(printf '%s\n' "$out" | jq -c '[.[] | {raw, source_person, extra}]')" "$opened" "the rows open as received"
run seal
expect_in "$out" "sealed 0 rows" "a second run finds nothing to do"
run audit list
expect_in "$out" "2 rows sealed, 1 rejected rows" "sealing is audited"
export HABEAS_DB="$WORK/test.db"

# A sealed row moved onto another record does not open.
sqlite3 "$HABEAS_DB" "UPDATE record SET sealed = (SELECT sealed FROM record WHERE source_ref = 'F1') WHERE source_ref = 'F2'"
run records --source familias --json
expect_rc 1 "a sealed row moved to another record"
expect_in "$err" "line 3: its sealed row does not open with this key" "is named, by line"
finish
