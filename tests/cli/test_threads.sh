#!/bin/sh
# A link run gives the same persons whatever the number of threads it
# runs on (HABEAS_THREADS): the pairs are found, compared and weighed in
# slices that are joined in order.  Lists of 6,000 persons, so that the
# blocking rounds, the weighing and the random pairs all run threaded.
. "$(dirname "$0")/lib.sh"
synth_lists 6000 11
cp "$HABEAS_DB" unlinked.db
for t in 1 3; do
    cp unlinked.db "$HABEAS_DB"
    HABEAS_THREADS=$t "$HABEAS" link --json --truth lists/truth.csv | jq -c '{candidate_pairs, persons, review, precision, recall}' > "link$t.json"
    HABEAS_THREADS=$t "$HABEAS" export membership --out "members$t.csv" > /dev/null
done
expect_eq "$(jq -r '.candidate_pairs > 10000' link1.json)" "true" "enough pairs to run threaded"
expect_eq "$(cat link3.json)" "$(cat link1.json)" "one thread and three: the same pairs, persons, review queue and accuracy"
if cmp -s members1.csv members3.csv; then ok "one thread and three: every record in the same person"; else
    not_ok "memberships differ between one thread and three"; diff members1.csv members3.csv | head -5; fi
finish
