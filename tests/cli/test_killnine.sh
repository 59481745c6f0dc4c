#!/bin/sh
# A source imports in one transaction: killed with SIGKILL at any moment,
# the database holds all of the source or none of it, and stays
# consistent.  The kill delays vary (fixed list); the invariant is checked
# after every kill, whatever the moment was.
. "$(dirname "$0")/lib.sh"
printf 'id,nombre_completo,dui\n1,Ana López,01234567-8\n' > small.csv
run import --source small --kind other small.csv
expect_rc 0 "a first source"

# ~400,000 rows, large enough to be killed in the middle.
awk 'BEGIN { print "id,nombres,primer_apellido,fecha_nacimiento,centro_penal,estado,notas";
             for (i = 1; i <= 400000; i++)
               printf "%d,Nombre%d,Apellido%d,%02d/%02d/19%02d,Mariona,detenido,\"nota, con coma\"\n",
                      i, i % 97, i % 89, 1 + i % 28, 1 + i % 12, 50 + i % 50 }' > big.csv

for delay in 0.02 0.1 0.2 0.3 0.45 0.6 0.8 1.1 1.5; do
    "$HABEAS" import --source big --kind official_list big.csv >/dev/null 2>&1 &
    pid=$!
    sleep "$delay"
    kill -9 "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    # Opening through habeas rolls back any hot journal, as any later use would.
    run sources --json
    sources=$(printf '%s\n' "$out" | jq 'length')
    records=$(sqlite3 "$HABEAS_DB" 'SELECT count(*) FROM record')
    integrity=$(sqlite3 "$HABEAS_DB" 'PRAGMA integrity_check')
    expect_eq "$integrity" "ok" "integrity after kill at ${delay}s"
    if [ "$sources" = 1 ] && [ "$records" = 1 ]; then
        ok "kill at ${delay}s: none of the source"
    elif [ "$sources" = 2 ] && [ "$records" = 400001 ]; then
        ok "kill at ${delay}s: all of the source (it had finished)"
        run sources --json  # finished: stop here, the rest would be refused
        break
    else
        not_ok "kill at ${delay}s: $sources sources, $records records (partial)"
    fi
done
run import --source big --kind official_list big.csv
if [ "$rc" -eq 0 ]; then
    expect_in "$out" "imported 400000" "after the kills the source imports whole"
else
    expect_in "$err" "source 'big' exists already" "the source had finished before a kill"
fi
expect_eq "$(sqlite3 "$HABEAS_DB" 'SELECT count(*) FROM record')" "400001" "every row once"
expect_eq "$(sqlite3 "$HABEAS_DB" 'PRAGMA journal_mode')" "wal" "back in WAL mode"
finish
