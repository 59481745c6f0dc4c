#!/bin/sh
# Tracing as a family liaison uses it: a mother's description (a
# nickname, a misspelt surname, no second surname, an age) finds her son
# among the linked synthetic lists; the answer says where, since when and
# who says so; bad input is refused clearly; an inquiry keeps the
# requester sealed, is matched again when a new list arrives, and every
# read of the contact is audited.
. "$(dirname "$0")/lib.sh"
run demo --dir demo --persons 3000 --seed 5
expect_rc 0 "demo"
export HABEAS_DB="$WORK/demo/habeas.db"
P=demo/lists/persons.csv

# A held man who is on at least two lists, with a second surname.
row=$(held_man)
pid=$(echo "$row" | cut -d, -f1); given=$(echo "$row" | cut -d, -f2)
s1=$(echo "$row" | cut -d, -f3); s2=$(echo "$row" | cut -d, -f4); by=$(echo "$row" | cut -d, -f5 | cut -c1-4)
age=$(( $(date +%Y) - by ))
ids=$(habeas_persons demo/lists "$pid")

# Lower case, no accents, the second surname left out, the age today.
plain=$(printf '%s %s' "$given" "$s1" | iconv -f utf-8 -t ascii//TRANSLIT | tr 'A-Z' 'a-z')
run trace --name "$plain" --age "$age" --json
expect_rc 0 "trace by name and age"
top=$(printf '%s\n' "$out" | jq -r '.candidates[0:3][].person_id')
hit=no
for t in $top; do for i in $ids; do [ "$t" = "$i" ] && hit=yes; done; done
expect_eq "$hit" "yes" "the son is among the first three candidates ($given $s1, $age)"
c=$(printf '%s\n' "$out" | jq '.candidates[0]')
expect_eq "$(printf '%s\n' "$c" | jq -r '[has("probability","status","status_note","facility","since","sources","why")] | all')" \
    "true" "a candidate has probability, status, note, facility, since, sources, why"
expect_eq "$(printf '%s\n' "$c" | jq -r '.probability >= 0 and .probability <= 1')" "true" "probability is a probability"
expect_eq "$(printf '%s\n' "$out" | jq -r '[.candidates[].probability] | . == (sort | reverse)')" "true" "candidates are ranked"
# Two men of one full name: the one sought is one of them at most, so
# the candidates share the probability out instead of each looking sure.
same=$(sqlite3 -list :memory: ".import --csv $P p" ".import --csv demo/lists/truth.csv t" \
    "SELECT p.given_names || ' ' || p.surname1 || ' ' || p.surname2 FROM p JOIN t ON t.person_id = p.person_id
     WHERE p.surname2 <> '' GROUP BY 1 HAVING count(DISTINCT p.person_id) > 1 ORDER BY count(DISTINCT p.person_id) DESC, 1 LIMIT 1")
run trace --name "$same" --limit 10 --json
expect_eq "$(printf '%s\n' "$out" | jq -r '([.candidates[] | select(.probability > 0.1)] | length) > 1 and ([.candidates[].probability] | add) <= 1')" \
    "true" "namesakes share one probability out ($same)"

# The mother's name: her first surname is his second, which the query left out.
mother=$(sqlite3 -list :memory: ".import --csv $P p" "SELECT mother_name FROM p WHERE person_id = '$pid'")
if [ -n "$mother" ]; then
    run trace --name "$plain" --age "$age" --mother "$mother" --json
    expect_rc 0 "trace with the mother's name"
    first=$(printf '%s\n' "$out" | jq -r '.candidates[0].person_id')
    hit=no
    for i in $ids; do [ "$first" = "$i" ] && hit=yes; done
    expect_eq "$hit" "yes" "with the mother's name the son is the first candidate"
    expect_eq "$(printf '%s\n' "$out" | jq -r '[.candidates[0].why[] | test("^surname2: equal|^parents")] | any')" "true" \
        "the mother's surname counts as his second surname"
    expect_eq "$(printf '%s\n' "$out" | jq -r '.query.mother')" "$mother" "the query echoes the mother"
else
    expect_eq "no mother" "a mother" "the chosen person has a mother's name in the truth"
fi

# One slip in the surname, the second surname given: still found.
slip=$(printf '%s' "$s1" | sed 's/^\(..\)./\1/')
run trace --name "$given $slip $s2" --birth-date "$by"
expect_rc 0 "trace with a misspelt surname"
expect_in "$out" "sources:" "the text answer names the sources"
expect_in "$out" "probability" "the text answer gives the probability"

# The surname misspelt past its first letter, alone, and no age or date:
# the given name and the surname's initial still find him.
run trace --name "$given $slip" --json
top=$(printf '%s\n' "$out" | jq -r '.candidates[0:3][].person_id')
hit=no
for t in $top; do for i in $ids; do [ "$t" = "$i" ] && hit=yes; done; done
expect_eq "$hit" "yes" "a misspelt single surname, no age: among the first three ($given $slip)"

# A single source is said to be unconfirmed.
run trace --name "$given $s1 $s2" --json
expect_eq "$(printf '%s\n' "$out" | jq -r '[.candidates[] | select((.status_sources | length) == 1 and (.contradicted_by | length) == 0 and .status != "unknown") | .status_note | test("unconfirmed")] | all')" \
    "true" "a status from a single source is labelled unconfirmed"

# A person is judged on all his records: two men named alike with one
# birth date, one of them also on an NGO list that gives his town.  The
# family gives the town: he comes first, and the why says which record of
# his the town is on.  (The other man's record is older, so a tie would
# put him first.)
printf 'nombres,primer_apellido,segundo_apellido,fecha_nacimiento\nEliseo,Tobar,Menjívar,1988-06-02\n' > t_otro.csv
printf 'nombres,primer_apellido,segundo_apellido,fecha_nacimiento,penal\nEliseo,Tobar,Menjívar,1988-06-02,La Esperanza\n' > t_reg.csv
printf 'nombre,domicilio\nEliseo Tobar,Nahuizalco\n' > t_ngo.csv
run import --source t_otro --kind official_list --received 2026-01-10 t_otro.csv
run import --source t_reg --kind official_list --received 2026-01-11 t_reg.csv
run import --source t_ngo --kind ngo_case --received 2026-01-12 t_ngo.csv
other=$(rid t_otro); reg=$(rid t_reg); ngo=$(rid t_ngo)
run decide "$reg" "$ngo" same --reason "the NGO's case file names his prison"
run decide "$reg" "$other" different --reason "two DUIs on the prison's own files"
run link
expect_rc 0 "linked with the two decisions"
run trace --name "Eliseo Tobar" --birth-date 1988-06-02 --place Nahuizalco --json
expect_eq "$(printf '%s\n' "$out" | jq -r '.candidates[0].record_id')" "$reg" "the man whose other record gives the town comes first"
expect_eq "$(printf '%s\n' "$out" | jq -r '.candidates[0].probability > 2 * .candidates[1].probability')" "true" \
    "and is much likelier than his namesake"
expect_eq "$(printf '%s\n' "$out" | jq -r "[.candidates[0].why_parts[] | select(.field == \"residence\" and .record_id == $ngo)] | length")" \
    "1" "the why names the record the town is on"
# A town the family gives and his other record contradicts counts
# against him fully when the linkage was sure the record is his, and as
# the doubt it is when the two were joined at even odds: a namesake's
# record wrongly joined to him must not sink him.
weight_from() {
    printf '%s\n' "$out" | jq -r "[.candidates[] | select(.record_id == $1) | .why_parts[] | select(.field == \"$2\" and .record_id == $3) | .weight] | first"
}
run trace --name "Eliseo Tobar" --birth-date 1988-06-02 --place Soyapango --json
sure=$(weight_from "$reg" residence "$ngo")
expect_eq "$(jq -n "$sure < -4")" "true" "a decided record's other town counts fully against him ($sure)"
sqlite3 "$HABEAS_DB" "UPDATE link_merge SET probability = 0.5 WHERE (record_a = $reg AND record_b = $ngo) OR (record_a = $ngo AND record_b = $reg)"
run trace --name "Eliseo Tobar" --birth-date 1988-06-02 --place Soyapango --json
doubt=$(weight_from "$reg" residence "$ngo")
expect_eq "$(jq -n "$doubt > -1.01 and $doubt < -0.9")" "true" \
    "joined at even odds, it counts as the mixture log2(0.5 2^w + 0.5) ($doubt)"
expect_eq "$(printf '%s\n' "$out" | jq -r "[.candidates[] | select(.record_id == $reg) | .why_parts[] | select(.field == \"residence\") | .joined] | first")" \
    "0.5" "and the why says how sure the join was"
expect_in "$(printf '%s\n' "$out" | jq -r '.candidates[].why[]')" "joined to him at 50%" "in its lines too"
run link
# A death told by a record the linkage joined to him with doubt: the
# status says how sure the join was, and that record does not confirm it.
printf 'nombres,primer_apellido,segundo_apellido,fecha_nacimiento,estado,fecha_estado\nEliseo,Tobar,Menjívar,1988-06-02,fallecido,2025-11-02\n' > t_def.csv
run import --source t_def --kind ngo_case --received 2026-01-17 t_def.csv
printf 'nombre,fecha_nacimiento,estado,fecha_estado\nEliseo Tobar Menjívar,1988-06-02,fallecido,2025-11-01\n' > t_def2.csv
run import --source t_def2 --kind press --received 2026-01-18 t_def2.csv
def=$(rid t_def); def2=$(rid t_def2)
run decide "$reg" "$def" same --reason "the NGO's file gives his DUI"
run decide "$reg" "$def2" same --reason "the press names his prison"
run link
sqlite3 "$HABEAS_DB" "UPDATE link_merge SET probability = 0.6 WHERE (record_a = $reg AND record_b = $def) OR (record_a = $def AND record_b = $reg)"
eliseo=$(sqlite3 "$HABEAS_DB" "SELECT person_id FROM membership WHERE record_id = $reg")
run person "$eliseo" --json
expect_eq "$(printf '%s\n' "$out" | jq -r '.status.value + " " + (.status.joined | tostring) + " " + (.status.confirmed | tostring)')" \
    "dead 0.6 false" "a death from a record joined at 60%: said so, and it does not confirm another source's"
expect_eq "$(printf '%s\n' "$out" | jq -r '[.status.sources, .status.sure_sources] | map(length) | join(" ")')" "2 1" \
    "two sources tell it, one of them surely his"
expect_eq "$(printf '%s\n' "$out" | jq -r ".records[] | select(.record_id == $def) | .joined")" "0.6" \
    "the record says how sure its join was"
run person "$eliseo"
expect_in "$out" "the record that says so was joined to him at 60%" "and the text view says it"
expect_in "$out" "unconfirmed: only 1 of them surely his" "and why it is unconfirmed"
run trace --name "Eliseo Tobar Menjívar" --birth-date 1988-06-02 --json
expect_eq "$(printf '%s\n' "$out" | jq -r "[.candidates[] | select(.person_id == $eliseo) | .status_joined] | first")" "0.6" \
    "a search's candidate says it too"
expect_in "$(printf '%s\n' "$out" | jq -r "[.candidates[] | select(.person_id == $eliseo) | .status_note] | first")" \
    "the record that says so was joined to him at 60%" "in its note"
run link
run person "$eliseo" --json
expect_eq "$(printf '%s\n' "$out" | jq -r '(.status.joined | tostring) + " " + (.status.confirmed | tostring)')" "1 true" \
    "decided, the joins are sure and the two confirm the death"
# The level at which the last answer gives field $2 of record $1.
level_of() {
    printf '%s\n' "$out" | jq -r "[.candidates[] | select(.record_id == $1) | .why_parts[] | select(.field == \"$2\") | .level] | first"
}
# A mother gives his age today: against the register's birth date it is
# the age that date gives today, or only within a year of it (a family's
# age is a year off as often as not; between two lists that is a level of
# its own).
now=$(date +%Y%m%d)
exact=$(( (now - 19880602) / 10000 ))
run trace --name "Eliseo Tobar Menjívar" --age "$exact" --json
expect_eq "$(level_of $reg birth)" "the age is the one the birth date gives" \
    "his age today is the birth date's"
run trace --name "Eliseo Tobar Menjívar" --age "$((exact - 1))" --json
expect_eq "$(level_of $reg birth)" "within a year (or the age fits)" "a year short of it only fits"
run trace --name "Eliseo Tobar Menjívar" --age "$((exact + 1))" --json
expect_eq "$(level_of $reg birth)" "within a year (or the age fits)" "and a year over it"
# A family gives the name he is called by, the first of two: as good as
# both (on two lists, "first given name equal" means one dropped a name).
printf 'nombres,primer_apellido\nRigoberto Anselmo,Quintanal\n' > t_two.csv
run import --source t_two --kind official_list --received 2026-01-13 t_two.csv
run link
two=$(rid t_two)
run trace --name "Rigoberto Quintanal" --json
expect_eq "$(level_of $two given_names)" "all given names equal" \
    "one given name of two, asked, agrees as both"
# Two asked against a list's one: the list may have dropped the second,
# or be another Evaristo, as between two lists.
printf 'nombres,primer_apellido\nEvaristo,Quintanal\n' > t_one.csv
run import --source t_one --kind official_list --received 2026-01-14 t_one.csv
run link
one=$(rid t_one)
run trace --name "Evaristo Antonio Quintanal" --json
expect_eq "$(level_of $one given_names)" "first given name equal (or a nickname of it)" \
    "two given names asked, one listed: the first agrees, not both"
# A slip that changes how a name sounds ("Adnoay" on a list for Adonay,
# "Rigobreto" typed for Rigoberto) leaves the phonetic keys; the words of
# the lists one slip from the query's still find him.
printf 'nombres,primer_apellido\nAdnoay,Quintanal\n' > t_slip.csv
run import --source t_slip --kind family_report --received 2026-01-15 t_slip.csv
run link
slip_rec=$(rid t_slip)
run trace --name "Adonay Quintanal" --json
expect_eq "$(printf '%s\n' "$out" | jq -r '.candidates[0].record_id')" "$slip_rec" \
    "a list's misspelt given name is found ($(printf '%s\n' "$out" | jq -r '.candidates[0].name'))"
run trace --name "Rigobreto Quintanal" --json
expect_eq "$(printf '%s\n' "$out" | jq -r '.candidates[0].record_id')" "$two" \
    "and a misspelt query ($(printf '%s\n' "$out" | jq -r '.candidates[0].name'))"
# A slip on each side: a list's "Gómlz" for Gómez and the family's
# "Hennández" for Hernández.  No key of the query met the record (its
# keys found only a namesake who fits, so the slower search for slips
# never ran); now the list's slip is filed under Gómez as well and the
# family's is sought as Hernández.
printf 'nombres,apellidos,fecha_nacimiento,fecha_captura,municipio\nTeófilo,Hernández Gómez,1980-01-01,2022-04-11,Zaragoza\n' > t_gomez.csv
printf 'nombres,apellidos,fecha_nacimiento,fecha_captura,municipio\nTeófilo,Hernández Gómlz,1994-10-02,2022-04-11,Zaragoza\n' > t_gomlz.csv
two_men ngo_case t_gomez t_gomlz "born 14 years apart"
gomez=$rid_a; gomlz=$rid_b
run trace --name "Teófilo Hennández Gómez" --arrest-date 2022-04 --place Zaragoza --json
expect_eq "$(printf '%s\n' "$out" | jq -r "[.candidates[] | select(.record_id == $gomez or .record_id == $gomlz)] | length")" \
    "2" "a slip on the list and another in the query: both men are candidates"
run trace --name "Teófilo Gómez" --arrest-date 2022-04 --place Zaragoza --json
expect_eq "$(printf '%s\n' "$out" | jq -r "[.candidates[] | select(.record_id == $gomlz)] | length")" \
    "1" "a list's slip is found by the right spelling"
# A liaison's slip of the familiar form a mother used ("Nahco" for
# Nacho) is read as that form, Ignacio, not as an unknown given name.
printf 'nombres,apellidos,fecha_nacimiento\nIgnacio,Quintanal Zelayandía,1984-02-02\n' > t_nacho.csv
import_each ngo_case t_nacho
run link
run trace --name "Nahco Quintanal Zelayandía" --json
expect_eq "$(printf '%s\n' "$out" | jq -r "[.candidates[0].record_id == $(rid t_nacho), any(.candidates[0].why[]; startswith(\"given_names: \") and (contains(\"different\") | not))] | all")" \
    "true" "a misspelt familiar form is read as the name it stands for ($(printf '%s\n' "$out" | jq -r '[.candidates[0].why[] | select(startswith("given"))][0]'))"
# A slip in the second given name typed by the liaison ("Antnio") is
# read as a slip of Antonio, as linkage reads a list's, not as a surname.
printf 'nombres,apellidos,fecha_nacimiento\nRigoberto Antonio,Zaldívar Quintanal,1984-02-02\n' > t_ant.csv
import_each ngo_case t_ant
run link
run trace --name "Rigoberto Antnio Zaldívar" --json
expect_eq "$(printf '%s\n' "$out" | jq -r "[.candidates[0].record_id == $(rid t_ant), any(.candidates[0].why[]; startswith(\"surname1: equal (+\"))] | all")" \
    "true" "a misspelt second given name is read as a given name ($(printf '%s\n' "$out" | jq -r '.candidates[0].why[0]'))"
# Given names weigh by how common they are: a mother's "Juan Carlos"
# agrees more with a list's "Juan Carlos" than with a bare "Juan" (by
# Juan's frequency alone it weighed less), and "Jaun", a slip of Juan,
# is no more evidence than Juan itself.
printf 'nombres,primer_apellido,segundo_apellido,fecha_nacimiento\nJuan Carlos,Zelidón,Quintanal,1970-01-01\n' > t_jc.csv
printf 'nombres,primer_apellido,segundo_apellido,fecha_nacimiento\nJuan,Zelidón,Quintanal,1995-06-06\n' > t_j.csv
printf 'nombres,primer_apellido,segundo_apellido,fecha_nacimiento\nJaun,Zelidón,Quintanal,1983-03-03\n' > t_jaun.csv
import_each family_report t_jc t_j t_jaun
jc=$(rid t_jc); j=$(rid t_j); jaun=$(rid t_jaun)
# three men (the rare surnames would join them despite the birth dates)
run decide "$jc" "$j" different --reason "born 25 years apart"
run decide "$j" "$jaun" different --reason "born 12 years apart"
run decide "$jc" "$jaun" different --reason "born 13 years apart"
run link
weight_of() {
    printf '%s\n' "$out" | jq -r "[.candidates[] | select(.record_id == $1) | .why_parts[] | select(.field == \"$2\") | .weight] | first"
}
run trace --name "Juan Carlos Zelidón Quintanal" --json
expect_eq "$(printf '%s\n' "$out" | jq -r '.candidates[0].record_id')" "$jc" \
    "both given names asked: the list's two rank above its one ($(weight_of $jc given_names) against $(weight_of $j given_names))"
run trace --name "Juan Zelidón Quintanal" --json
expect_eq "$(printf '%s\n' "$out" | jq -r "$(weight_of $jaun given_names) <= $(weight_of $j given_names)")" "true" \
    "a slip of a common given name weighs no more than the name ($(weight_of $jaun given_names) against $(weight_of $j given_names))"
# A mother's "Chepe" is how she writes José, not an alias: it neither
# counts against a list's street name for him ("El Flaco") nor for a
# list that also wrote "Chepe" (it weighed -8.3 and +4.6).
printf 'nombres,apellidos,alias,fecha_nacimiento\nJosé,Zelidón Urquilla,El Flaco,1990-02-02\n' > t_flaco.csv
printf 'nombres,apellidos,alias,fecha_nacimiento\nJosé,Zelidón Urquilla,Chepe,1961-07-07\n' > t_chepe.csv
two_men official_list t_flaco t_chepe "born 29 years apart"
flaco=$rid_a; chepe=$rid_b
run trace --name "Chepe Zelidón Urquilla" --json
expect_eq "$(weight_of $flaco nickname)" "null" \
    "a familiar form of the given name is not weighed against a street alias"
expect_eq "$(weight_of $chepe nickname)" "null" "nor for the same familiar form on a list"
expect_eq "$(printf '%s\n' "$out" | jq -r "[.candidates[] | select(.record_id == $flaco or .record_id == $chepe)] | length")" \
    "2" "both men are candidates"
# Brothers taken together share both surnames, the mother, the home and
# the day: José Luis and José Roberto Zelidón Urquilla, born five years
# apart, are two men (the model alone made them one, at 100%).
printf 'nombres,apellidos,fecha_nacimiento,madre,fecha_captura,municipio\nJosé Luis,Zelidón Urquilla,1990-03-03,Ana Urquilla Zelaya,2022-04-10,Soyapango\n' > t_bro1.csv
printf 'nombres,apellidos,fecha_nacimiento,madre,fecha_captura,municipio\nJosé Roberto,Zelidón Urquilla,1995-07-07,Ana Urquilla Zelaya,2022-04-10,Soyapango\n' > t_bro2.csv
import_each ngo_case t_bro1 t_bro2
run link
person_of() { sqlite3 "$HABEAS_DB" "SELECT person_id FROM membership WHERE record_id = $1"; }
if [ "$(person_of "$(rid t_bro1)")" != "$(person_of "$(rid t_bro2)")" ]; then
    ok "two brothers of one family, arrested together, are two persons"
else
    not_ok "two brothers of one family, arrested together, are two persons"
fi
# A name so common that its key holds thousands of records is compared
# on every processor; the answer is the one a single processor gives.
awk 'BEGIN { print "nombres,primer_apellido,segundo_apellido,fecha_nacimiento";
    srand(7); for (i = 0; i < 4600; i++)
        printf "Teodoro,Yanes,Apellido%d,%d-%02d-%02d\n", i % 300, 1960 + int(rand() * 40), 1 + int(rand() * 12), 1 + int(rand() * 28) }' > t_many.csv
run import --source t_many --kind official_list --received 2026-01-16 t_many.csv
expect_rc 0 "thousands of namesakes imported"
run link
run trace --name "Teodoro Yanes Apellido17" --birth-date 1975-03-08 --json
serial=$(HABEAS_THREADS=1 "$HABEAS" trace --name "Teodoro Yanes Apellido17" --birth-date 1975-03-08 --json | jq -c '[.candidates[0:3][] | .record_id]')
expect_eq "$(printf '%s\n' "$out" | jq -c '[.candidates[0:3][] | .record_id]')" "$serial" \
    "thousands of namesakes: the same first three on one processor and on all"
expect_eq "$(printf '%s\n' "$out" | jq -r '.candidates[0].why[0] | test("^surname2: equal|^birth")')" "true" \
    "and the first agrees on the second surname or the birth date"
# A family often knows only the police holding cell he was first taken
# to; a register that has him in a prison since is a move, not a
# different man.
run trace --name "Eliseo Tobar Menjívar" --birth-date 1988-06-02 \
    --facility "Bartolinas Centrales PNC San Salvador" --json
expect_rc 0 "trace with the holding cell"
expect_eq "$(level_of $reg facility)" \
    "different, one a police holding cell" "a holding cell against a prison is its own level"

# Bad input: a clear message, exit 1.
run trace --name "Juan Perez" --birth-date "31/02/1990"
expect_rc 1 "an impossible birth date"
expect_in "$err" "birth date" "the message names the field"
run trace --age 30
expect_rc 1 "no name"
run trace --name "Juan Perez" --dui 12345678-0
expect_rc 1 "a DUI with a wrong check digit"
run trace --name "Juan Perez" --age 30 --birth-date 1990
expect_rc 1 "both age and birth date"

# An inquiry: filed, sealed, matched again when a new list arrives.
run inquiry add --name "$given $s1" --age "$age" --requester "Rosa Prueba" --contact "7000-1234" --relationship madre --json
expect_rc 0 "inquiry add"
iid=$(printf '%s\n' "$out" | jq -r '.id')
expect_eq "$(printf '%s\n' "$out" | jq -r 'has("requester")')" "false" "the contact is not shown unless asked"
expect_eq "$(stat -c %a "$HABEAS_DB.key")" "600" "the key file is private"
sealed=$(sqlite3 "$HABEAS_DB" "SELECT instr(CAST(requester AS TEXT), '7000-1234') FROM inquiry WHERE id = $iid")
expect_eq "$sealed" "0" "the contact is not in the database in clear"
run inquiry show "$iid" --show-contact --json
expect_eq "$(printf '%s\n' "$out" | jq -r '.requester.contact')" "7000-1234" "the contact opens with the key"
run audit list --json
expect_eq "$(printf '%s\n' "$out" | jq -r '.[0].action + " " + .[0].object')" "inquiry.read_contact inquiry:$iid" "reading the contact is audited"

# A new list mentions a man the inquiry describes only loosely at first.
run inquiry add --name "Wilber Antonio Quintanilla Zelaya" --age 33 --place Ilopango --requester "Marta Z." --contact "7111-2222" --json
expect_rc 0 "inquiry for a man no list mentions yet"
iid2=$(printf '%s\n' "$out" | jq -r '.id')
expect_eq "$(printf '%s\n' "$out" | jq '.candidates | length')" "0" "no candidate yet"
printf 'nombre,edad,domicilio,fecha_captura,penal\nWilber Antonio Quintanilla Zelaya,33,Ilopango,2022-04-12,Mariona\n' > new.csv
run import --source nueva --kind press --received 2026-01-10 new.csv
expect_rc 0 "a new list is imported"
run link
expect_rc 0 "and linked"
expect_in "$err" "new candidate(s) for open inquiries" "the liaison is told of new candidates"
run inquiry list --json
expect_eq "$(printf '%s\n' "$out" | jq -r ".[] | select(.id == $iid2) | .new")" "1" "the inquiry shows one new candidate"
run inquiry show "$iid2"
expect_in "$out" "NEW" "the new candidate is flagged"
run inquiry show "$iid2" --json
expect_eq "$(printf '%s\n' "$out" | jq -r '.candidates[0].new')" "false" "opening the inquiry clears the flag"

mv "$HABEAS_DB.key" "$WORK/key.bak"
run inquiry show "$iid" --show-contact
expect_rc 1 "without the key file"
expect_in "$err" "key" "the missing key is named"
mv "$WORK/key.bak" "$HABEAS_DB.key"
run inquiry close "$iid" --status answered --note "held, told the mother"
expect_rc 0 "inquiry close"
run inquiry close "$iid" --status answered --note "again"
expect_rc 1 "an inquiry closes once"
run audit verify
expect_rc 0 "the audit chain is intact"
finish
