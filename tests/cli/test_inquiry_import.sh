#!/bin/sh
# Many inquiries from one file, as an association's intake desk brings
# them: a Spanish sheet (semicolons, a BOM, CRLF) and an English one are
# filed as 'inquiry add' files each (the same sought person, sealed
# requester, matches, audit entry); the man the test data holds is found;
# no contact reaches the database in clear; a bad file lists every bad
# row with its line and changes nothing; an unknown column is refused.
. "$(dirname "$0")/lib.sh"
run demo --dir demo --persons 3000 --seed 5
expect_rc 0 "demo"
export HABEAS_DB="$WORK/demo/habeas.db"

# A held man on at least two lists, with a second surname, a birth date
# and a mother's name (as test_trace.sh picks him).
row=$(held_man "length(p.birth_date) = 10 AND p.mother_name <> ''")
pid=$(echo "$row" | cut -d, -f1); given=$(echo "$row" | cut -d, -f2)
s1=$(echo "$row" | cut -d, -f3); s2=$(echo "$row" | cut -d, -f4)
born=$(echo "$row" | cut -d, -f5); mother=$(echo "$row" | cut -d, -f6)
ids=$(habeas_persons demo/lists "$pid")

inquiries() { "$HABEAS" inquiry list --json | jq length; }
entries() { "$HABEAS" audit verify --json | jq .entries; }
inquiry_adds() { "$HABEAS" audit list --limit 100000 --json | jq '[.[] | select(.action == "inquiry.add")] | length'; }

# One inquiry filed by hand first: what an imported one must look like.
run inquiry add --name "Evaristo Prueba Ficticio" --age 41 --place Soyapango \
    --requester "Rosa Ficticia" --contact "7000-5550" --relationship madre --json
expect_rc 0 "inquiry add, to compare with"
by_hand=$(printf '%s\n' "$out" | jq -r .id)
actor=$("$HABEAS" audit list --json | jq -r '.[0].actor')

n0=$(inquiries); a0=$(entries); i0=$(inquiry_adds)

# Spanish headers (accents, spaces, capitals), a BOM, semicolons, CRLF.
printf '\357\273\277Nombre;Fecha de Nacimiento;Edad;Lugar;Madre;Solicitante;Contacto;Parentesco;Consentimiento\r\n' > es.csv
printf '%s %s %s;%s;;;%s;Marta Ficticia;contacto-secreto-1111;madre;sí\r\n' "$given" "$s1" "$s2" "$born" "$mother" >> es.csv
printf 'Evaristo Prueba Ficticio;;41;Soyapango;;Rosa Ficticia;contacto-secreto-2222;madre;\r\n' >> es.csv
printf 'Wilber Ficticio Zelaya;;33;Ilopango;;Juana Ficticia;contacto-secreto-3333;hermana;no\r\n' >> es.csv
run inquiry import es.csv --json
expect_rc 0 "a Spanish sheet is filed"
expect_eq "$(printf '%s\n' "$out" | jq -r '.filed')" "3" "three inquiries filed"
expect_eq "$(printf '%s\n' "$out" | jq -c '[.inquiries[].line]')" "[2,3,4]" "each says the line it came from"
expect_eq "$(inquiries)" "$((n0 + 3))" "inquiry list shows three more"
son=$(printf '%s\n' "$out" | jq -r '.inquiries[0].id')
second=$(printf '%s\n' "$out" | jq -r '.inquiries[1].id')
third=$(printf '%s\n' "$out" | jq -r '.inquiries[2].id')
expect_eq "$("$HABEAS" inquiry list --json | jq -r ".[] | select(.id == $son) | .name")" "$given $s1 $s2" \
    "the list shows the name sought"
expect_eq "$(printf '%s\n' "$out" | jq -r '.inquiries[0].candidates > 0')" "true" "the son's inquiry has candidates"
run inquiry show "$son" --json
first=$(printf '%s\n' "$out" | jq -r '.candidates[0].person_id')
hit=no
for i in $ids; do [ "$first" = "$i" ] && hit=yes; done
expect_eq "$hit" "yes" "the son is the inquiry's first candidate ($given $s1 $s2, born $born)"
expect_eq "$(printf '%s\n' "$out" | jq -r '.sought.mother + " " + .sought.birth_date')" "$mother $born" \
    "the sought person keeps the mother and the birth date"
expect_eq "$("$HABEAS" inquiry show "$second" --json | jq -c '.sought')" \
    "$("$HABEAS" inquiry show "$by_hand" --json | jq -c '.sought')" "the same values give the sought person inquiry add gives"
expect_eq "$("$HABEAS" inquiry show "$second" --json | jq -r '.created_by')" \
    "$("$HABEAS" inquiry show "$by_hand" --json | jq -r '.created_by')" "filed by the same actor as inquiry add"
expect_eq "$("$HABEAS" inquiry show "$son" --json | jq -r .consent)/$("$HABEAS" inquiry show "$second" --json | jq -r .consent)/$("$HABEAS" inquiry show "$third" --json | jq -r .consent)" \
    "true/true/false" "consent: sí, empty (inquiry add's default) and no"

# The contacts are sealed: not in the database's bytes, and they open.
sought_bytes=$(cat "$HABEAS_DB" "$HABEAS_DB-wal" 2>/dev/null | grep -c -a -F "Wilber Ficticio Zelaya")
expect_eq "$([ "$sought_bytes" -gt 0 ] && echo found)" "found" "the search reads the database's bytes (the name sought is there)"
for secret in contacto-secreto-1111 contacto-secreto-2222 contacto-secreto-3333 "Marta Ficticia" "Juana Ficticia"; do
    expect_eq "$(cat "$HABEAS_DB" "$HABEAS_DB-wal" 2>/dev/null | grep -c -a -F "$secret")" "0" \
        "'$secret' is not in the database in clear"
done
expect_eq "$(sqlite3 "$HABEAS_DB" "SELECT count(*) FROM inquiry WHERE instr(CAST(requester AS TEXT), 'contacto-secreto') > 0 OR length(requester) = 0")" \
    "0" "and no requester column holds it, or is empty"
run inquiry show "$third" --show-contact --json
expect_eq "$(printf '%s\n' "$out" | jq -r '.requester.contact + " " + .requester.name + " " + .requester.relationship')" \
    "contacto-secreto-3333 Juana Ficticia hermana" "a contact opens with the key, as inquiry add's do"

# Each inquiry filed has its audit entry, as inquiry add writes it.
expect_eq "$(inquiry_adds)" "$((i0 + 3))" "three inquiry.add entries"
expect_eq "$("$HABEAS" audit list --limit 100000 --json | jq -r "[.[] | select(.action == \"inquiry.add\" and (.object == \"inquiry:$son\" or .object == \"inquiry:$second\" or .object == \"inquiry:$third\")) | .actor] | unique | join(\",\")")" \
    "$actor" "one for each inquiry, by the actor inquiry add names"

# English headers, commas, plain text.
n1=$(inquiries)
printf 'name,arrest_date,facility,requester,contact,relationship,consent\nChepe Ficticio Quintanal,2022-04,Mariona,Ana Ficticia,contact-secret-4444,sister,yes\n' > en.csv
run inquiry import en.csv
expect_rc 0 "an English sheet is filed"
expect_in "$out" "Chepe Ficticio Quintanal" "the text output names the person sought"
expect_in "$out" "candidate(s)" "and how many candidates"
expect_in "$out" "1 inquiries filed" "and sums up"
expect_eq "$(inquiries)" "$((n1 + 1))" "one more inquiry"
expect_not_in "$out" "contact-secret-4444" "the contact is not printed"

# A bad file: every bad row with its line and what was expected, nothing changed.
n2=$(inquiries); a2=$(entries); i2=$(inquiry_adds)
printf 'nombre,edad,solicitante,contacto\nLuis Ficticio Campos,30,Sara Ficticia,contacto-bueno-5555\nPedro Ficticio Gomez,veinte,Lidia Ficticia,contacto-malo-6666\nJuan Ficticio Rivas,40,Elena Ficticia,\n' > bad.csv
run inquiry import bad.csv
expect_rc 1 "a file with bad rows is refused"
expect_in "$err" "bad.csv:3: edad: not an age; expected a whole number of years" "line 3: the age, and what was expected"
expect_in "$err" "bad.csv:4: contacto: empty; expected a contact" "line 4: the missing contact"
expect_not_in "$err" "bad.csv:2:" "the good row is not blamed"
expect_not_in "$err" "contacto-malo-6666" "no contact in the messages"
expect_not_in "$err" "contacto-bueno-5555" "not even a good row's"
expect_not_in "$err" "veinte" "nor the bad cell itself"
# A row shifted by a cell puts a contact under a date or the name: the
# messages say where and what was expected, and never quote it.
printf 'nombre,fecha_nacimiento,solicitante,contacto\nAna Ficticia Mena,7000-9191,Rosa Ficticia,x\n7000-9292,,Rosa Ficticia,y\n' > shifted.csv
run inquiry import shifted.csv
expect_rc 1 "a shifted file is refused"
expect_in "$err" "shifted.csv:2: birth date" "line 2: the birth date"
expect_in "$err" "shifted.csv:3: the name has no name in it" "line 3: the name"
expect_not_in "$err" "7000-91" "the contact under the date is not quoted"
expect_not_in "$err" "7000-92" "nor the one under the name"
expect_eq "$(inquiries)" "$n2" "no inquiry filed, not even the good row's"
expect_eq "$(entries)" "$a2" "the audit log is as long as before"
expect_eq "$(inquiry_adds)" "$i2" "no inquiry.add entry"
expect_eq "$(cat "$HABEAS_DB" "$HABEAS_DB-wal" 2>/dev/null | grep -c -a -F "Luis Ficticio Campos")" "0" \
    "the good row's person is nowhere in the database"
# Dates and documents as inquiry add checks them; a broken row is named too.
printf 'nombre,fecha_nacimiento,dui,solicitante,contacto\nAna Ficticia Cruz,31/02/1990,,Eva Ficticia,7\nBeto Ficticio Paz,,12345678-0,Eva Ficticia,7\nCarla Ficticia,1990,Eva Ficticia,7\n' > dates.csv
run inquiry import dates.csv
expect_rc 1 "impossible dates and bad DUIs are refused"
expect_in "$err" "dates.csv:2: birth date is not a date" "line 2: the birth date"
expect_in "$err" "dates.csv:3: DUI is not one (expected 8 digits" "line 3: the DUI's check digit"
expect_in "$err" "dates.csv:4: expected 5 fields, found 4" "line 4: the short row"
expect_eq "$(inquiries)" "$n2" "still nothing filed"

# An unknown column is refused, naming it.
printf 'nombre,solicitante,contacot\nLuis Ficticio Campos,Sara Ficticia,7000-0000\n' > typo.csv
run inquiry import typo.csv
expect_rc 1 "a misspelt column is refused"
expect_in "$err" "unknown column 'contacot'" "the column is named"
expect_eq "$(inquiries)" "$n2" "nothing filed"
# No contact column at all: refused, not filed without contacts.
printf 'nombre,solicitante\nLuis Ficticio Campos,Sara Ficticia\n' > nocontact.csv
run inquiry import nocontact.csv
expect_rc 1 "a file without a contact column is refused"
expect_in "$err" "no contact (contacto) column" "and says which column is missing"

# A header and no rows: nothing to file, and it says so.
printf 'nombre;solicitante;contacto\r\n' > empty.csv
run inquiry import empty.csv
expect_rc 0 "a header alone is not an error"
expect_in "$out" "0 inquiries filed" "it says nothing was filed"
run inquiry import empty.csv --json
expect_eq "$(printf '%s\n' "$out" | jq -c .)" '{"filed":0,"inquiries":[]}' "and in JSON"
expect_eq "$(inquiries)/$(entries)" "$n2/$a2" "nothing changed"

run inquiry --help
expect_in "$out" "inquiry import FILE" "inquiry --help tells of import"
run audit verify
expect_rc 0 "the audit chain is intact"
finish
