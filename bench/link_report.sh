# bench/link_report.sh — sourced by bench/link and bench/febrl: links the
# database $HABEAS_DB against a ground truth and prints what both report:
# time (and by phase) and peak RSS, candidate pairs, blocking recall,
# pairwise precision / recall / F1, the calibration, then the naive
# baseline (exact normalised name + birth date).  Needs HABEAS, and DIR
# for its scratch files.
# Usage: link_report TRUTH
link_report() {
    /usr/bin/time -f "%e %M" -o "$DIR/time" "$HABEAS" link --json --truth "$1" > "$DIR/link.json"
    read -r secs rss < "$DIR/time"
    jq -r --arg secs "$secs" --arg rss "$rss" '
      "habeas link: \(.records) records, \(.candidate_pairs) candidate pairs, \(.persons) persons, \($secs) s, peak RSS \(($rss | tonumber) / 1024 | floor) MB",
      "  seconds by phase: " + (.phase_seconds | to_entries | map("\(.key) \(.value * 10 | round / 10)") | join(", ")),
      "  blocking recall \(.blocking_recall * 10000 | round / 10000)  precision \(.precision * 10000 | round / 10000)  recall \(.recall * 10000 | round / 10000)  F1 \(.f1 * 10000 | round / 10000)",
      "  joined on all their records together: \(.joined_whole) groups, \(.joined_whole_right) rightly; moved on second thoughts: \(.moved) records, \(.moved_right) rightly; set apart: \(.set_apart), \(.set_apart_right) rightly",
      "  calibration (candidate pairs by probability: mean probability / share one person):",
      "   " + ([.calibration[] | select(.pairs > 0) | "\(.from)+: \(.mean_probability * 100 | round)/\(.same_person * 100 | round)%"] | join("  "))' "$DIR/link.json"
    "${BASELINE:-$(dirname "$HABEAS")/bench/link_baseline}" "$HABEAS_DB" "$1"
}
