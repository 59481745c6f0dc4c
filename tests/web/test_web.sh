#!/bin/sh
# The web service end to end on a small linked demo: every API route for
# every role (the role matrix), bad JSON, oversized bodies, path tricks,
# missing CSRF tokens, throttled logins — each a clear 4xx that changes
# nothing — then the pages in a real browser (tests/web/ui.mjs), with
# screenshots kept in $SHOTS (default build/screenshots).
. "$(dirname "$0")/../cli/lib.sh"
WEB_DIR=$(cd "$(dirname "$0")" && pwd)
run demo --dir demo --persons 3000 --seed 5
expect_rc 0 "demo"
export HABEAS_DB="$WORK/demo/habeas.db"
for u in "ana admin" "ivan investigator" "lola lawyer" "luz liaison" "andy analyst"; do
    set -- $u
    echo "password-$1" | "$HABEAS" user add "$1" --role "$2" > /dev/null || not_ok "user add $1"
done
run user add bad --role admin
expect_rc 1 "a user without a password is refused"
PORT=$((20000 + $$ % 20000))
"$HABEAS" serve --listen 127.0.0.1:$PORT --quiet > "$WORK/serve.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; rm -rf "$WORK"' EXIT
URL=http://127.0.0.1:$PORT
i=0
until curl -s -o /dev/null "$URL/login" || [ $i -gt 50 ]; do sleep 0.2; i=$((i + 1)); done

# call USER METHOD PATH [BODY]: status in $code, body in $body
login() { # user [password [jar]] -> cookie jar $WORK/$jar.jar, csrf token in $WORK/$jar.csrf,
    # the status in $code (password: password-USER; jar: the user's name)
    j=${3:-$1}
    code=$(curl -s -o "$WORK/body" -w '%{http_code}' -c "$WORK/$j.jar" -H 'Content-Type: application/json' \
        -d "{\"user\":\"$1\",\"password\":\"${2:-password-$1}\"}" "$URL/api/login")
    jq -r .csrf < "$WORK/body" > "$WORK/$j.csrf"
}
call() {
    u=$1 m=$2 p=$3 d=${4:-}
    if [ "$m" = POST ]; then
        code=$(curl -s -o "$WORK/body" -w '%{http_code}' -b "$WORK/$u.jar" -X POST \
            -H "X-CSRF-Token: $(cat "$WORK/$u.csrf")" -H 'Content-Type: application/json' \
            --data-binary "$d" "$URL$p")
    else
        code=$(curl -s -o "$WORK/body" -w '%{http_code}' -b "$WORK/$u.jar" "$URL$p")
    fi
    body=$(cat "$WORK/body")
}
for u in ana ivan lola luz andy; do login $u; done
expect_eq "$(wc -c < "$WORK/ana.csrf" | tr -d ' ')" "65" "login returns a CSRF token"
expect_in "$(cat "$WORK/ana.jar")" "#HttpOnly_127.0.0.1" "the session cookie is HttpOnly"

NAME=$(sqlite3 "$HABEAS_DB" "SELECT given_names || ' ' || surname1 FROM record WHERE given_names IS NOT NULL AND surname1 IS NOT NULL ORDER BY id LIMIT 1" | sed 's/ /%20/g')
PERSON=$(sqlite3 "$HABEAS_DB" "SELECT min(person_id) FROM membership")
PAIR=$(sqlite3 "$HABEAS_DB" "SELECT record_a || ' ' || record_b FROM review_pair LIMIT 1")
INQ='{"sought":{"name":"Carlos Hernandez","age":30},"requester":{"name":"Rosa","contact":"7000-0000"}}'
# route | method | allowed roles (the matrix of http/auth.c, written out again here)
while IFS='|' read -r method path body allowed; do
    for u in ana ivan lola luz andy; do
        call $u "$method" "$path" "$body"
        case " $allowed " in
        *" $u "*) [ "$code" != 403 ] && [ "$code" -lt 500 ] && ok "$u may $method $path ($code)" ||
            not_ok "$u may $method $path: got $code $body" ;;
        *) expect_eq "$code" "403" "$u may not $method $path" ;;
        esac
    done
done <<ROUTES
GET|/api/me||ana ivan lola luz andy
GET|/api/trace?name=$NAME||ana ivan lola luz
GET|/api/persons?limit=3||ana ivan lola luz
GET|/api/persons/$PERSON||ana ivan lola luz
GET|/api/inquiries||ana ivan luz
POST|/api/inquiries|$INQ|ana ivan luz
GET|/api/inquiries/1||ana ivan luz
GET|/api/inquiries/1?contact=1||ana luz
GET|/api/review?limit=2||ana ivan
POST|/api/decisions|{"record_a":${PAIR% *},"record_b":${PAIR#* },"decision":"different","reason":"route test"}|ana ivan
GET|/api/sources||ana ivan lola andy
GET|/api/sources/1/rejects||ana ivan lola andy
GET|/api/stats||ana ivan lola luz andy
GET|/api/users||ana
POST|/api/users/luz|{"disabled":false}|ana
POST|/api/password|{}|ana ivan lola luz andy
ROUTES

# The answers themselves.
call luz GET "/api/trace?name=$NAME&limit=3"
expect_eq "$(printf '%s' "$body" | jq -r '[.candidates[] | has("person_id","probability","status","sources","why")] | all')" "true" "GET /api/trace answers the CLI's JSON"
call ana GET "/api/persons/$PERSON"
expect_eq "$(printf '%s' "$body" | jq -r .person_id)" "$PERSON" "GET /api/persons/{id}"
call luz GET "/api/inquiries/1?contact=1"
expect_eq "$(printf '%s' "$body" | jq -r .requester.contact)" "7000-0000" "the liaison reads the contact"
call ana GET "/api/users"
expect_eq "$(printf '%s' "$body" | jq length)" "5" "the admin lists the accounts"

# Bad requests: clear 4xx, nothing changed.
before=$(sqlite3 "$HABEAS_DB" "SELECT (SELECT count(*) FROM inquiry) || ',' || (SELECT count(*) FROM link_decision) || ',' || (SELECT count(*) FROM user)")
call ana POST /api/inquiries '{"sought":'
expect_eq "$code" "400" "bad JSON is a 400"
expect_in "$body" '"message"' "with an error object"
call ana POST /api/inquiries '{"sought":{"name":"X Y","shoe":"42"},"requester":{"name":"a","contact":"b"}}'
expect_eq "$code" "400" "an unknown field is a 400"
expect_in "$body" "shoe" "naming the field"
call ana POST /api/decisions '{"record_a":1,"record_b":2,"decision":"maybe","reason":"x"}'
expect_eq "$code" "400" "a decision that is not same/different"
call ana POST /api/users '{"name":"eve","role":"king","password":"0123456789"}'
expect_eq "$code" "400" "an unknown role"
code=$(curl -s -o /dev/null -w '%{http_code}' -b "$WORK/ana.jar" -X POST -H 'Content-Type: application/json' \
    --data-binary "$INQ" "$URL/api/inquiries")
expect_eq "$code" "403" "a POST without the CSRF token is refused"
code=$(curl -s -o /dev/null -w '%{http_code}' -b "$WORK/ana.jar" -X POST -H 'X-CSRF-Token: 0000000000000000000000000000000000000000000000000000000000000000' \
    -H 'Content-Type: application/json' --data-binary "$INQ" "$URL/api/inquiries")
expect_eq "$code" "403" "a POST with a wrong CSRF token is refused"
head -c 2000000 /dev/zero | tr '\0' 'a' > "$WORK/big"
code=$(curl -s -o /dev/null -w '%{http_code}' -b "$WORK/ana.jar" -X POST -H "X-CSRF-Token: $(cat "$WORK/ana.csrf")" \
    -H 'Content-Type: application/json' --data-binary @"$WORK/big" "$URL/api/inquiries")
expect_eq "$code" "413" "an oversized body is a 413"
code=$(curl -s -o /dev/null -w '%{http_code}' --path-as-is -b "$WORK/ana.jar" "$URL/api/persons/../users")
expect_in "404 400" "$code" "a path with .. is not resolved ($code)"
code=$(curl -s -o /dev/null -w '%{http_code}' --path-as-is -b "$WORK/ana.jar" "$URL/api/persons/1%2f..%2f..%2fetc")
expect_eq "$code" "404" "an encoded path trick is a 404"
code=$(curl -s -o /dev/null -w '%{http_code}' "$URL/api/persons/1")
expect_eq "$code" "401" "no session: 401"
code=$(curl -s -o /dev/null -w '%{http_code}' -X DELETE -b "$WORK/ana.jar" "$URL/api/persons/1")
expect_in "405 403" "$code" "an unknown method is refused ($code)"
after=$(sqlite3 "$HABEAS_DB" "SELECT (SELECT count(*) FROM inquiry) || ',' || (SELECT count(*) FROM link_decision) || ',' || (SELECT count(*) FROM user)")
expect_eq "$after" "$before" "none of the bad requests changed anything"

# Accounts: disabled, enabled, a new role, a new password; each change that
# must lock someone out ends her open sessions at once.
account() { sqlite3 "$HABEAS_DB" "SELECT role || ' ' || disabled || ' ' || password_hash FROM user WHERE name = '$1'"; }
call ana POST /api/users '{"name":"dora","role":"lawyer","password":"password-dora"}'
expect_eq "$code" "201" "the admin adds dora, a lawyer"
login dora
call dora GET "/api/persons?limit=1"
expect_eq "$code" "200" "dora reads persons"
call ana POST /api/users/dora '{"disabled":true}'
expect_eq "$code" "200" "the admin disables dora"
expect_eq "$(printf '%s' "$body" | jq -r .sessions_ended)" "1" "which ends her one session"
call dora GET /api/me
expect_eq "$code" "401" "dora's open session is refused at once"
login dora password-dora probe
expect_eq "$code" "401" "a disabled user cannot log in"
call ana GET /api/users
expect_eq "$(printf '%s' "$body" | jq -r '.[] | select(.name == "dora") | .disabled')" "true" "GET /api/users shows her disabled"
call ana POST /api/users/dora '{"disabled":false}'
expect_eq "$code" "200" "the admin enables dora"
login dora
expect_eq "$code" "200" "enabling restores her login"

call ana POST /api/users/dora '{"role":"analyst"}'
expect_eq "$code" "200" "the admin makes dora an analyst"
call dora GET /api/me
expect_eq "$code" "401" "a new role ends her session"
login dora
call dora GET "/api/persons?limit=1"
expect_eq "$code" "403" "as an analyst she may no longer read persons"
call dora GET /api/stats
expect_eq "$code" "200" "but reads the counts"

call ana POST /api/users/dora '{"password":"another-password-dora"}'
expect_eq "$code" "200" "the admin sets a new password for dora"
call dora GET /api/me
expect_eq "$code" "401" "a new password ends her session"
login dora password-dora probe
expect_eq "$code" "401" "the old password no longer works"
login dora another-password-dora
expect_eq "$code" "200" "the new one does"

login dora another-password-dora dora2
before=$(account dora)
call dora POST /api/password '{"current":"not-her-password","new":"her-own-password"}'
expect_eq "$code" "403" "her own password: a wrong current password is a 403"
expect_in "$body" "current password is wrong" "that says so"
call dora POST /api/password '{"current":"another-password-dora","new":"short"}'
expect_eq "$code" "400" "a new password that is too short is a 400"
expect_eq "$(account dora)" "$before" "neither changed anything"
call dora POST /api/password '{"current":"another-password-dora","new":"her-own-password"}'
expect_eq "$code" "200" "with the right current password she sets her own"
call dora GET /api/me
expect_eq "$code" "200" "this session stays open"
call dora2 GET /api/me
expect_eq "$code" "401" "her other session ends"
login dora her-own-password probe
expect_eq "$code" "200" "she logs in with her new password"

before=$(account ana)
call ana POST /api/users/ana '{"disabled":true}'
expect_eq "$code" "400" "the last enabled admin cannot be disabled"
expect_in "$body" "last enabled admin" "the error says why"
call ana POST /api/users/ana '{"role":"lawyer"}'
expect_eq "$code" "400" "nor demoted"
expect_eq "$(account ana)" "$before" "ana is unchanged"
call ana GET /api/users
expect_eq "$code" "200" "and still an admin"

before=$(account dora)
call ana POST /api/users/nobody '{"disabled":true}'
expect_eq "$code" "404" "an unknown user is a 404"
expect_in "$body" "no user 'nobody'" "naming her"
call ana POST /api/users/dora '{"disabled":"yes"}'
expect_eq "$code" "400" "a field of the wrong type is a 400"
expect_in "$body" "'disabled'" "naming the field"
call ana POST /api/users/dora '{"shoe":42}'
expect_eq "$code" "400" "an unknown field is a 400"
call ana POST /api/users/dora '{}'
expect_eq "$code" "400" "nothing to change is a 400"
call ana POST /api/users/dora '{"role":"lawyer","password":"short"}'
expect_eq "$code" "400" "a role with a short password"
call ana GET /api/users/dora
expect_eq "$code" "405" "GET on an account is a 405"
call lola POST /api/users/dora '{"disabled":true}'
expect_eq "$code" "403" "a lawyer may not disable an account"
call dora POST /api/users/dora '{"role":"admin"}'
expect_eq "$code" "403" "nor may an analyst make herself an admin"
code=$(curl -s -o /dev/null -w '%{http_code}' -b "$WORK/ana.jar" -X POST -H 'Content-Type: application/json' \
    --data-binary '{"disabled":true}' "$URL/api/users/dora")
expect_eq "$code" "403" "POST /api/users/{name} without the CSRF token is refused"
code=$(curl -s -o /dev/null -w '%{http_code}' -b "$WORK/dora.jar" -X POST -H 'Content-Type: application/json' \
    --data-binary '{"current":"her-own-password","new":"stolen-password"}' "$URL/api/password")
expect_eq "$code" "403" "POST /api/password without the CSRF token is refused"
expect_eq "$(account dora)" "$before" "none of these changed dora's account (all or nothing)"
call dora GET /api/me
expect_eq "$code" "200" "nor ended her session"

# The same on the pages: the users page for admins only, its forms with
# the CSRF token; the own-password page for everyone.
form() { # user path form-body [no-csrf]: status in $code, the page in $body
    tok=$([ -n "${4:-}" ] || printf 'csrf=%s&' "$(cat "$WORK/$1.csrf")")
    code=$(curl -s -o "$WORK/body" -w '%{http_code}' -b "$WORK/$1.jar" --data-binary "$tok$3" "$URL$2")
    body=$(cat "$WORK/body")
}
call ana GET /users
expect_eq "$code" "200" "the admin opens /users"
expect_in "$body" "<h1>Usuarios</h1>" "in Spanish"
expect_in "$body" '<option value="analyst" selected>analista</option>' "each account with its role, worded"
expect_eq "$(printf '%s' "$body" | grep -o '<form method="post"' | wc -l)" "$(printf '%s' "$body" | grep -o 'name="csrf"' | wc -l)" "every form carries the CSRF token"
expect_in "$body" 'href="/users"' "the navigation links the page for an admin"
for u in ivan lola luz dora; do
    call $u GET /users
    expect_eq "$code" "403" "$u may not open /users"
done
call luz GET /password
expect_in "$body" "Mi contraseña" "everyone has the own-password page"
expect_not_in "$body" 'href="/users"' "and no link to /users unless an admin"
before=$(account dora)
form ana /users "action=disable&name=dora" no-csrf
expect_eq "$code" "403" "a users form without the CSRF token is refused"
form lola /users "action=disable&name=dora"
expect_eq "$code" "403" "a lawyer posting the users form is refused"
form dora /password "current=her-own-password&new=stolen-password&again=stolen-password" no-csrf
expect_eq "$code" "403" "the own-password form without the CSRF token is refused"
form dora /password "current=wrong-password&new=other-password-1&again=other-password-1"
expect_eq "$code" "403" "a wrong current password is refused"
expect_in "$body" "no es correcta" "in Spanish"
form dora /password "current=her-own-password&new=other-password-1&again=other-password-2"
expect_eq "$code" "400" "two new passwords that differ are refused"
expect_eq "$(account dora)" "$before" "none of these changed dora's account"
form ana /users "action=disable&name=dora"
expect_eq "$code" "200" "the admin disables dora with the form"
expect_in "$body" '<span class="state">desactivado</span>' "the page shows her disabled"
call dora GET /api/me
expect_eq "$code" "401" "and her session is refused"
form ana /users "action=enable&name=dora"
expect_in "$body" "dora: cambio guardado" "the admin enables her again"
form ana /users "action=role&name=ana&role=lawyer"
expect_eq "$code" "400" "the form may not demote the last admin either"
expect_in "$body" "es el último administrador activo" "and says why, in Spanish"
form ana /users "action=add&name=eva&role=liaison&password=password-eva"
expect_eq "$code" "200" "the admin adds eva with the form"
login eva
expect_eq "$code" "200" "eva logs in"
form eva /password "current=password-eva&new=new-password-eva&again=new-password-eva"
expect_eq "$code" "200" "eva changes her own password on the page"
login eva new-password-eva probe
expect_eq "$code" "200" "and logs in with it"

# Throttling: five wrong passwords, then even the right one waits.
for k in 1 2 3 4 5; do
    curl -s -o /dev/null -H 'Content-Type: application/json' -d '{"user":"andy","password":"nope"}' "$URL/api/login"
done
code=$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
    -d '{"user":"andy","password":"password-andy"}' "$URL/api/login")
expect_eq "$code" "429" "the sixth login in a row is throttled"

# A module's errors on a page are in the page's language, the values kept.
curl -s -o "$WORK/page" -b "$WORK/ivan.jar" "$URL/?name=Jose&birth_date=31/02/1990"
expect_in "$(cat "$WORK/page")" "La fecha de nacimiento «31/02/1990» no es una fecha" \
    "a date that is not one, said in Spanish on the search page"
curl -s -o "$WORK/page" -b "$WORK/ivan.jar" -H 'Accept-Language: en' "$URL/?name=Jose&birth_date=31/02/1990"
expect_in "$(cat "$WORK/page")" "birth date &#39;31/02/1990&#39; is not a date" "and in English on an English page"
form ivan /review "record_a=${PAIR% *}&record_b=${PAIR#* }&decision=same&reason="
expect_eq "$code" "400" "a decision without a reason is refused on the page"
expect_in "$body" "Escriba el motivo de la decisión" "in Spanish, without the command line's --reason"
form luz /inquiries "name=Jose&requester=&contact="
printf 'colegio,ciudad\nSan Juan,Apopa\n' > "$WORK/noname.csv"
sources_before=$(sqlite3 "$HABEAS_DB" "SELECT count(*) FROM source")
code=$(curl -s -o "$WORK/page" -w '%{http_code}' -b "$WORK/ana.jar" -F "csrf=$(cat "$WORK/ana.csrf")" \
    -F source=sin_nombres -F kind=other -F "file=@$WORK/noname.csv" "$URL/import")
expect_eq "$code" "400" "a list that names no one is refused on the import page"
expect_in "$(cat "$WORK/page")" "ninguna columna nombra a una persona" "and says why in Spanish, naming the file"
expect_eq "$(sqlite3 "$HABEAS_DB" "SELECT count(*) FROM source")" "$sources_before" "and nothing was imported"
expect_in "$body" "Una solicitud necesita el nombre de quien pregunta" "an inquiry without its requester, in Spanish"

# Pages: escaped, in the chosen language, CSRF on forms.
code=$(curl -s -o "$WORK/page" -w '%{http_code}' -b "$WORK/ivan.jar" "$URL/?name=%3Cscript%3Ealert(1)%3C/script%3E")
expect_not_in "$(cat "$WORK/page")" "<script>alert(1)" "user input is escaped in pages"
expect_in "$(cat "$WORK/page")" "&lt;script&gt;" "and shown as text"
# A common name: many candidates, most of them unlikely, none shown as 0%.
curl -s -o "$WORK/page" -b "$WORK/ivan.jar" "$URL/?name=Jose%20Hernandez&age=30"
expect_in "$(cat "$WORK/page")" '<span class="p">&lt;1%</span>' "an unlikely candidate is '<1%'"
expect_eq "$(grep -c '<span class="p">0%<' "$WORK/page")" "0" "never '0%'"
# The prison or police cell a family knows is asked for and searched on.
curl -s -o "$WORK/page" -b "$WORK/ivan.jar" "$URL/?name=Jose%20Hernandez&age=30&facility=Mariona"
expect_in "$(cat "$WORK/page")" 'name="facility"' "the search asks for the prison or police cell"
expect_in "$(cat "$WORK/page")" 'value="Mariona"' "and keeps what was typed"
expect_in "$(cat "$WORK/page")" 'class="card candidate"' "a search with a prison gives candidates"
curl -s -o "$WORK/page" -b "$WORK/ivan.jar" -H 'Accept-Language: en-GB,en' "$URL/review"
expect_in "$(cat "$WORK/page")" "Review queue" "Accept-Language: English"
expect_in "$(cat "$WORK/page")" 'name="csrf"' "forms carry the CSRF token"
curl -s -o "$WORK/page" -b "$WORK/ivan.jar" "$URL/review"
expect_in "$(cat "$WORK/page")" "Revisión de pares" "Spanish by default"
# Statuses, kinds, events, roles: the API's English codes, worded on a
# Spanish page (the text, tags and attributes aside).
CONFLICTED=$(sqlite3 "$HABEAS_DB" "SELECT m.person_id FROM membership m JOIN record r ON r.id = m.record_id WHERE r.status IN ('held', 'released', 'dead', 'missing') GROUP BY m.person_id HAVING count(DISTINCT r.status) > 1 LIMIT 1")
CODES='held|released|dead|missing|unknown|undated|arrest|transfer|hearing|court_order|release|death|disappearance_report|ngo_case|family_report|official_list|press|court|deportation_manifest|other|open|answered|withdrawn|admin|investigator|lawyer|liaison|analyst|given_names|surname1|surname2|birth|residence|equal|different|similar|confirmed|unconfirmed|source|sources|age'
for p in "/?name=$NAME" "/person/$CONFLICTED" /inquiries /inquiries/1 /review /sources /import; do
    curl -s -o "$WORK/page" -b "$WORK/ana.jar" "$URL$p"
    english=$(sed -e 's/<[^>]*>/ /g' "$WORK/page" | grep -owE "$CODES" | sort -u | tr '\n' ' ')
    expect_eq "$english" "" "no English code on the Spanish page $p"
done
curl -s -o "$WORK/page" -b "$WORK/ana.jar" "$URL/review"
expect_eq "$(grep -cE '<td>#[0-9]+' "$WORK/page")" "0" "the review page names prisons, not register ids"
# A record the link set apart from a group one pair had joined it to says
# so on its person's page, with the person it left linked.
set -- $(sqlite3 -separator " " "$HABEAS_DB" "SELECT a.record_id, m.person_id, f.person_id,
    a.from_record FROM link_apart a JOIN membership m ON m.record_id = a.record_id
    JOIN membership f ON f.record_id = a.from_record ORDER BY a.record_id LIMIT 1")
expect_eq "$#" "4" "the demo's link set a record apart on second thoughts"
expect_in "$("$HABEAS" link --explain "${1:-0}" "${4:-0}")" "record ${1:-0} was set apart on second thoughts" \
    "explaining the pair that had joined it says it was set apart, and why"
expect_eq "$("$HABEAS" review --json --limit 1 | jq -c '.[0] | [.record_a, .record_b] | sort')" \
    "$(printf '[%s,%s]' "${1:-0}" "${4:-0}" | jq -c sort)" \
    "the pair that had joined a record set apart is the first a reviewer sees"
curl -s -o "$WORK/page" -b "$WORK/ana.jar" "$URL/person/${2:-0}"
expect_in "$(cat "$WORK/page")" "el último enlace lo apartó de la persona <a href=\"/person/${3:-0}\">" \
    "the page of a record set apart says from which person, linked"
# A pair likely enough yet left as two persons says by which rule.
set -- $("$HABEAS" review --json --limit 100 | jq -r '[.[] | select(.kept_apart)][0] | "\(.record_a) \(.record_b) \(.kept_apart.rule)"')
expect_eq "$#" "3" "the demo's review queue holds a likely pair left as two persons"
expect_in "$("$HABEAS" link --explain "${1:-0}" "${2:-0}")" "kept as two persons, likely as the pair is: " \
    "explain says why a likely pair is two persons (${3:-})"
curl -s -o "$WORK/page" -b "$WORK/ana.jar" "$URL/review"
expect_in "$(cat "$WORK/page")" "Quedan como dos personas, aunque el par es probable:" \
    "and so does the review page, in Spanish"
curl -s -o "$WORK/page" -b "$WORK/ana.jar" "$URL/sources"
expect_in "$(cat "$WORK/page")" '<div class="wide"><table><tr><th>#</th>' \
    "the sources' seven columns scroll on a phone rather than run off it"
expect_in "$(cat "$WORK/page")" "<th>Filas</th><th>Importadas</th><th>Rechazadas</th>" \
    "the sources' headings are capitalised like the others"
# A rejected row is the row as received, a person's name and all: who
# imports lists reads it to correct them, the lawyer (who reads persons)
# too, the analyst the line and reason alone.  A rejected row of a list
# that names its informants (ngo_casos) is sealed: opened for who imports
# lists, and audited; the lawyer sees only that it is sealed.
printf 'nombres,primer_apellido,edad\nJuan,Pineda,30\n,,41\nAna,Ruiz,30,x\n' > "$WORK/w_rej.csv"
curl -s -o /dev/null -b "$WORK/ana.jar" -F "csrf=$(cat "$WORK/ana.csrf")" \
    -F source=con_rechazo -F kind=other -F "file=@$WORK/w_rej.csv" "$URL/import"
REJ=$(sqlite3 "$HABEAS_DB" "SELECT id FROM source WHERE name = 'con_rechazo'")
expect_eq "$(sqlite3 "$HABEAS_DB" "SELECT file_name FROM source WHERE name = 'con_rechazo'")" "w_rej.csv" \
    "an uploaded list keeps the name of the file sent (imported from memory, no temporary file)"
SEALED=$(sqlite3 "$HABEAS_DB" "SELECT min(source_id) FROM reject WHERE sealed IS NOT NULL")
expect_eq "$(sqlite3 "$HABEAS_DB" "SELECT count(*) FROM reject WHERE source_id = ${SEALED:-0} AND raw = ''")" "1" \
    "the demo's NGO list has a rejected row, sealed"
reads() { sqlite3 "$HABEAS_DB" "SELECT count(*) FROM audit WHERE actor = 'web:$1' AND action = 'read_sealed_rejects' AND object = 'source:${SEALED:-0}' AND detail = '1 sealed rejected rows opened (informants)'"; }
ivan_reads=$(reads ivan)
for who in "ivan ,,41 true" "lola ,,41 false" "andy null false"; do
    set -- $who
    call $1 GET "/api/sources/${REJ:-0}/rejects"
    expect_eq "$(printf '%s' "$body" | jq -r '.[0] | "\(.raw) \(.sealed)"')" "$2 false" "$1 reads a rejected row of a plain list: $2"
    call $1 GET "/api/sources/${SEALED:-0}/rejects"
    expect_eq "$(printf '%s' "$body" | jq -r '.[0] | "\(.raw != null) \(.sealed)"')" "$3 true" "$1 reads a sealed rejected row opened: $3"
done
expect_eq "$(reads ivan)" "$((ivan_reads + 1))" "opening a sealed rejected row is audited, with how many"
expect_eq "$(reads lola)" "0" "seeing that a row is sealed is not a read of it"
curl -s -o "$WORK/page" -b "$WORK/lola.jar" "$URL/sources/${SEALED:-0}"
expect_in "$(cat "$WORK/page")" "sellada: nombra a quien informó" "the lawyer's page says the row is sealed"
expect_in "$(cat "$WORK/page")" "<td>sin nombre ni documento: la fila no identifica a nadie</td>" \
    "and why it was rejected, in Spanish"
curl -s -o "$WORK/page" -b "$WORK/ivan.jar" -H 'Accept-Language: en' "$URL/sources/${REJ:-0}"
expect_in "$(cat "$WORK/page")" '<td>no name and no document: the row identifies no one</td><td class="raw">,,41</td>' \
    "in English on an English page, beside the row as received"
curl -s -o "$WORK/page" -b "$WORK/andy.jar" "$URL/sources/${REJ:-0}"
expect_in "$(cat "$WORK/page")" "su rol no ve los datos de las personas" "the analyst's page says why no row is shown"
expect_not_in "$(cat "$WORK/page")" ",,41" "and shows none"
expect_in "$(cat "$WORK/page")" "<td>se esperaban 3 campos, hay 4</td>" "a row of too many fields, said in Spanish"
curl -s -o "$WORK/page" -b "$WORK/ana.jar" "$URL/person/$CONFLICTED"
expect_in "$(cat "$WORK/page")" "Contradicciones entre fuentes" "a person whose sources disagree"
expect_in "$(sed -n 's/.*Contradicciones entre fuentes<\/h2><ul>\(<li>[^<]*\)<.*/\1/p' "$WORK/page")" "/a " "her conflicts are worded in Spanish"
expect_in "$(cat "$WORK/page")" "Cómo se unieron sus registros" "the person page says how her records were joined"
expect_in "$(cat "$WORK/page")" "los dos registros se parecen (" "each merge with its probability, in Spanish"
# A death told by a record joined to him with doubt: the person page and
# the search say how sure the join was, in the page's language.
printf 'nombres,primer_apellido,segundo_apellido,fecha_nacimiento,penal\nAnacleto,Yanes,Quiroa,1979-04-05,La Esperanza\n' > "$WORK/w_reg.csv"
printf 'nombres,primer_apellido,segundo_apellido,fecha_nacimiento,estado,fecha_estado\nAnacleto,Yanes,Quiroa,1979-04-05,fallecido,2025-10-09\n' > "$WORK/w_def.csv"
run import --source w_reg --kind official_list --received 2026-02-01 "$WORK/w_reg.csv"
run import --source w_def --kind ngo_case --received 2026-02-02 "$WORK/w_def.csv"
wreg=$(sqlite3 "$HABEAS_DB" "SELECT r.id FROM record r JOIN source s ON s.id = r.source_id WHERE s.name = 'w_reg'")
wdef=$(sqlite3 "$HABEAS_DB" "SELECT r.id FROM record r JOIN source s ON s.id = r.source_id WHERE s.name = 'w_def'")
run link
sqlite3 "$HABEAS_DB" "UPDATE link_merge SET probability = 0.7 WHERE (record_a = $wreg AND record_b = $wdef) OR (record_a = $wdef AND record_b = $wreg)"
wpid=$(sqlite3 "$HABEAS_DB" "SELECT person_id FROM membership WHERE record_id = $wreg")
expect_eq "$(sqlite3 "$HABEAS_DB" "SELECT person_id FROM membership WHERE record_id = $wdef")" "$wpid" "the two records are one person"
# The server looks for new records and links at most once a second (a
# search within the second of the last look uses the index it has).
sleep 1.1
curl -s -o "$WORK/page" -b "$WORK/ana.jar" "$URL/person/$wpid"
expect_in "$(cat "$WORK/page")" "el registro que lo dice se unió a él con una probabilidad de 70%" \
    "the person page says a death's record was joined at 70%"
curl -s -o "$WORK/page" -b "$WORK/ana.jar" -H 'Accept-Language: en' "$URL/?name=Anacleto%20Yanes%20Quiroa"
expect_in "$(cat "$WORK/page")" "the record that says so was joined to him with a probability of 70%" \
    "and so does the search, in English"
curl -s -o "$WORK/page" -b "$WORK/ana.jar" "$URL/inquiries"
expect_in "$(cat "$WORK/page")" "<td>abierta</td>" "an open inquiry is 'abierta'"
curl -s -o "$WORK/page" -b "$WORK/ana.jar" -H 'Accept-Language: en' "$URL/inquiries"
expect_in "$(cat "$WORK/page")" "<td>open</td>" "and 'open' in English"
call ana GET /api/inquiries/1
expect_eq "$(printf '%s' "$body" | jq -r .status)" "open" "the API keeps its English codes"
hdrs=$(curl -s -D - -o /dev/null -b "$WORK/ivan.jar" "$URL/")
expect_in "$hdrs" "Content-Security-Policy: default-src 'none'" "a strict content security policy"

run audit verify
expect_rc 0 "the audit chain is intact after all that"
run audit list --limit 500 --json
expect_in "$out" "person.read" "person reads are audited"
expect_in "$out" "inquiry.read_contact" "contact reads are audited"
expect_in "$out" "login.fail" "failed logins are audited"
expect_eq "$(printf '%s' "$out" | jq -r '[.[] | select(.object == "dora" and (.action | startswith("user."))) | .actor + " " + .action] | reverse | join(",")')" \
    "web:ana user.add,web:ana user.disable,web:ana user.sessions_ended,web:ana user.enable,web:ana user.role,web:ana user.sessions_ended,web:ana user.passwd,web:ana user.sessions_ended,web:dora user.passwd.fail,web:dora user.passwd,web:dora user.sessions_ended,web:dora user.passwd.fail,web:ana user.disable,web:ana user.sessions_ended,web:ana user.enable" \
    "account changes are audited, with who made them"

if kill -0 $SERVER 2>/dev/null; then ok "the server is still up"; else
    not_ok "the server died"; sed 's/^/# /' "$WORK/serve.log" | head -40; fi
# The browser.
if [ -x /usr/bin/chromium ] && [ -d "$WEB_DIR/node_modules/playwright-core" ]; then
    run trace --name "$(echo "$NAME" | sed 's/%20/ /g')" --json
    SHOTS=${SHOTS:-$WEB_DIR/../../build/screenshots}
    mkdir -p "$SHOTS"
    echo "password-ivan" > /dev/null
    sed -e 's/liaison-pass-1/password-luz/' -e 's/investigator-1/password-ivan/' -e 's/admin-pass-1/password-ana/' \
        "$WEB_DIR/ui.mjs" > "$WEB_DIR/.ui-run.mjs"
    # a person the last link joined from records of two lists
    JOINED=$(sqlite3 "$HABEAS_DB" "SELECT m.person_id FROM link_merge j JOIN membership m ON m.record_id = j.record_a
        JOIN record a ON a.id = j.record_a JOIN record b ON b.id = j.record_b
        WHERE j.how = 'pair' AND a.source_id <> b.source_id ORDER BY m.person_id LIMIT 1")
    SHOTS=$SHOTS node "$WEB_DIR/.ui-run.mjs" "$URL" "$(echo "$NAME" | sed 's/%20/ /g')" 30 "$JOINED" > "$WORK/ui.out" 2>&1
    uirc=$?
    rm -f "$WEB_DIR/.ui-run.mjs"
    sed 's/^/# /' "$WORK/ui.out"
    expect_eq "$uirc" "0" "browser: log in, trace, person, inquiry, language, review, users ($(grep -c '^ok' "$WORK/ui.out") checks)"
else
    not_ok "browser tests need /usr/bin/chromium and npm's playwright-core (make check installs them)"
fi
# Searches are audited a moment later, in batches: a new user's seven
# searches, the last made just before the server is stopped, are all in
# the log afterwards, once each, with their time.
echo "password-tere" | "$HABEAS" user add tere --role liaison > /dev/null || not_ok "user add tere"
login tere
for i in 1 2 3 4 5 6 7; do call tere GET "/api/trace?name=$NAME&limit=2"; done
expect_eq "$code" "200" "tere's searches are answered"
# Ctrl-C (SIGTERM here) stops the server cleanly: exit 0, and under the
# sanitizers no memory left behind (every worker's database closed).
kill -TERM $SERVER
wait $SERVER
expect_eq "$?" "0" "the server stops cleanly on SIGTERM"
expect_eq "$(sqlite3 "$HABEAS_DB" "SELECT count(*) FROM audit WHERE actor = 'web:tere' AND action = 'trace' AND at LIKE '20__-__-__T__:__:__.___Z'")" \
    "7" "every search is in the audit log once the server has stopped"
run audit verify
expect_rc 0 "the chain is intact with the searches appended in batches"
finish
