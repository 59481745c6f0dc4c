#!/bin/sh
# habeas estimate as an analyst uses it: from a capture-history table, and
# from the linked synthetic lists, where persons.csv holds the truth: the
# true number of deaths in custody must lie inside the intervals.
. "$(dirname "$0")/lib.sh"
MSE="$FIXTURES/mse"

run estimate --table "$MSE/hiv_rome.csv" --method loglinear --json
expect_rc 0 "estimate from a table"
expect_eq "$(printf '%s\n' "$out" | jq -r '.method + " " + .model + " " + (.estimate | round | tostring)')" \
    "loglinear c1*c2 12318" "best model by AIC and its estimate (Rcapture: 12318.47)"
expect_eq "$(printf '%s\n' "$out" | jq -r '(.ci | map(round) | join(",")) + " " + (.models | length | tostring)')" \
    "10266,14992 10" "profile interval (Rcapture: 10265.99, 14992.33) and ten models shown"
expect_eq "$(printf '%s\n' "$out" | jq -r '.models[0] | has("terms") and has("aic") and has("bic") and has("estimate") and has("ci")')" \
    "true" "each model has terms, aic, bic, estimate, ci"
expect_eq "$(printf '%s\n' "$out" | jq -r '.observed')" "1896" "observed count"

run estimate --table "$MSE/kosovo_killings.csv"
expect_rc 0 "both methods side by side (text)"
expect_in "$out" "loglinear  total" "log-linear line"
expect_in "$out" "lcmcr      total" "latent-class line"
expect_in "$out" "assumptions:" "assumptions stated"

printf 'A,B,count\n1,0,30\n0,1,20\n1,1,6\n' > two.csv
run estimate --table two.csv --method loglinear --json
expect_eq "$(printf '%s\n' "$out" | jq -r '[.warnings[] | select(test("fewer than 3 lists"))] | length')" "1" \
    "two lists: warned that dependence cannot be checked"
expect_eq "$(printf '%s\n' "$out" | jq -r '.estimate | round')" "156" "two lists: Lincoln-Petersen (30+6)(20+6)/6 = 156"

printf 'A,B,count\n1,0,30\n0,x,20\n' > bad.csv
run estimate --table bad.csv
expect_rc 1 "a bad table is refused"
expect_in "$err" "bad.csv:3: column 'B': expected 0 or 1, found 'x'" "error names file, line, column"
run estimate --table two.csv --method bayes
expect_rc 1 "unknown method refused"
run estimate --table two.csv --stratum year
expect_rc 1 "--stratum needs --event"

# From the database: the demo's linked synthetic lists.
run demo --dir demo
expect_rc 0 "demo"
export HABEAS_DB="$WORK/demo/habeas.db"
truth=$(sqlite3 :memory: ".import --csv demo/lists/persons.csv p" "SELECT count(*) FROM p WHERE status = 'dead'")
run estimate --event death --samples 4000 --json
expect_rc 0 "estimate --event death"
for m in loglinear lcmcr; do
    inside=$(printf '%s\n' "$out" | jq -r --argjson t "$truth" --arg m "$m" \
        '.results[] | select(.method == $m) | (.ci[0] <= $t and $t <= .ci[1])')
    expect_eq "$inside" "true" "$m: the true $truth deaths lie in the interval ($(printf '%s\n' "$out" | jq -c --arg m "$m" '.results[] | select(.method == $m) | .ci | map(round)'))"
done
expect_eq "$(printf '%s\n' "$out" | jq -r '.observed < '"$truth")" "true" "fewer deaths observed than happened"

run estimate --event death --lists ngo_casos,defunciones,prensa --method loglinear --json
expect_eq "$(printf '%s\n' "$out" | jq -r '.lists | join(",")')" "ngo_casos,defunciones,prensa" "--lists chooses the lists"
run estimate --event death --lists ngo_casos,nosuch
expect_rc 1 "an unknown list is refused"
expect_in "$err" "no source is called 'nosuch'" "and named"
run estimate --event death --stratum facility --method loglinear --json
expect_rc 0 "--stratum facility"
expect_eq "$(printf '%s\n' "$out" | jq -r '(.strata | length > 1) and ([.strata[].observed] | add) == '"$(printf '%s\n' "$out" | jq '[.strata[].observed] | add')")" "true" "one estimate per facility"
expect_eq "$(printf '%s\n' "$out" | jq -r '[.strata[] | select(.observed < 50) | .warnings[] | select(test("stratum too small"))] | length > 0')" "true" "small strata are warned"

# habeas stats: counts for publication, small cells suppressed.
run stats --json
expect_rc 0 "stats (by status)"
expect_eq "$(printf '%s\n' "$out" | jq -r '([.cells[].count // 0] | add) == .persons')" "true" "status cells add up to the persons"
expect_eq "$(printf '%s\n' "$out" | jq -r '[.cells[].label] | contains(["held", "dead", "released"])')" "true" "held, dead and released counted"
expect_eq "$(printf '%s\n' "$out" | jq -r '.held_without_hearing | length > 0')" "true" "time held without a hearing"
run stats --by facility --min-cell 300 --json
expect_eq "$(printf '%s\n' "$out" | jq -r '[.cells[] | select(.count != null and .count < 300)] | length')" "0" "no published cell below --min-cell"
expect_eq "$(printf '%s\n' "$out" | jq -r '[.cells[] | select(.count == null) | .suppressed] | length > 0')" "true" "small cells are marked suppressed"
expect_eq "$(printf '%s\n' "$out" | jq -r '[.cells[] | select(.deaths != null and .deaths < 300)] | length')" "0" "deaths per facility suppressed alike"
run stats --by month --json
expect_eq "$(printf '%s\n' "$out" | jq -r '[.cells[] | select(.count == null)] | length != 1')" "true" "never exactly one suppressed cell (its value would follow from the total)"
run stats --by vulnerability
expect_in "$out" "chronic_illness" "vulnerability counts"
run stats --by colour
expect_rc 1 "an unknown dimension is refused"
finish
