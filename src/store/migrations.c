/*
 * migrations.c — the schema, as numbered steps.  Never edit a step that
 * has shipped: add a new one.  Step N brings user_version from N-1 to N.
 *
 * CHECK constraints on the record table are written as OR chains, not
 * IN lists: SQLite builds a temporary index for an IN list on every
 * insert, which made imports three times slower.
 *
 * Step 1 is the foundation: sources as received, records (the raw row
 * kept whole beside the parsed fields), rejects, warnings, facilities and
 * their aliases, and the events each record tells (a view).  Records are never
 * updated after import; everything derived from them (which facility a
 * name resolves to, who is one person) is computed from them plus what
 * people decided, so it can always be recomputed.
 */
#include "store.h"

const char *const store_migrations[] = {
    /* 1: foundation */
    "CREATE TABLE source ("
    "  id INTEGER PRIMARY KEY,"
    "  name TEXT NOT NULL UNIQUE,"
    "  kind TEXT NOT NULL CHECK (kind IN ('ngo_case','family_report','official_list',"
    "       'press','court','deportation_manifest','other')),"
    "  supplied_by TEXT,"
    "  received TEXT,"                 /* YYYY-MM-DD, when the list reached us */
    "  imported_at TEXT NOT NULL,"     /* UTC, ISO 8601 */
    "  file_name TEXT NOT NULL,"
    "  sha256 TEXT NOT NULL UNIQUE,"   /* of the file's bytes as received */
    "  format TEXT NOT NULL CHECK (format IN ('csv','json')),"
    "  encoding TEXT NOT NULL,"        /* as detected: utf-8, windows-1252, ... */
    "  delimiter TEXT,"                /* CSV only */
    "  header TEXT NOT NULL,"          /* JSON array: the column names as written */
    "  columns TEXT NOT NULL,"         /* JSON array: canonical column or null (extra) */
    "  rows INTEGER NOT NULL DEFAULT 0,"
    "  imported INTEGER NOT NULL DEFAULT 0,"
    "  rejected INTEGER NOT NULL DEFAULT 0,"
    "  warnings INTEGER NOT NULL DEFAULT 0"
    ");"
    /* One mention of a person in one source.  `raw` is the row as
     * received (decoded to UTF-8); the other columns are parsed from it.
     * A field that failed validation is NULL here and has a warning.
     * Dates are ISO text at their own precision: 2022, 2022-04, 2022-04-15. */
    "CREATE TABLE record ("
    "  id INTEGER PRIMARY KEY,"
    "  source_id INTEGER NOT NULL REFERENCES source(id),"
    "  line INTEGER NOT NULL,"         /* where the row starts in the file */
    "  raw TEXT NOT NULL,"
    "  source_ref TEXT,"               /* the source's own record_id */
    "  full_name TEXT, given_names TEXT, surname1 TEXT, surname2 TEXT, surnames TEXT,"
    "  alias TEXT, sex TEXT CHECK (sex = 'M' OR sex = 'F'),"
    "  birth_date TEXT, age INTEGER, dui TEXT, id_number TEXT, id_type TEXT,"
    "  residence TEXT, mother_name TEXT, father_name TEXT, nationality TEXT,"
    "  arrest_date TEXT, arrest_place TEXT, authority TEXT,"
    "  warrant TEXT CHECK (warrant = 'yes' OR warrant = 'no' OR warrant = 'unknown'),"
    "  facility TEXT, facility_key TEXT,"
    "  previous_facility TEXT, previous_facility_key TEXT, transfer_date TEXT,"
    "  status TEXT CHECK (status = 'held' OR status = 'released' OR status = 'dead'"
    "       OR status = 'missing' OR status = 'unknown'),"
    "  status_date TEXT, death_date TEXT,"
    "  court_order TEXT CHECK (court_order = 'release' OR court_order = 'alternative_measures'"
    "       OR court_order = 'provisional_detention' OR court_order = 'sentence'"
    "       OR court_order = 'dismissal'),"
    "  hearing_date TEXT,"
    "  vulnerability TEXT,"            /* comma list: disability,chronic_illness,... */
    "  notes TEXT, source_person TEXT,"
    "  extra TEXT"                     /* JSON object: columns habeas does not know */
    ");"
    "CREATE INDEX record_source ON record(source_id);"
    "CREATE TABLE reject ("
    "  id INTEGER PRIMARY KEY,"
    "  source_id INTEGER NOT NULL REFERENCES source(id),"
    "  line INTEGER NOT NULL,"
    "  reason TEXT NOT NULL,"
    "  raw TEXT NOT NULL"
    ");"
    "CREATE INDEX reject_source ON reject(source_id);"
    "CREATE TABLE warning ("
    "  id INTEGER PRIMARY KEY,"
    "  source_id INTEGER NOT NULL REFERENCES source(id),"
    "  record_id INTEGER NOT NULL REFERENCES record(id),"
    "  line INTEGER NOT NULL,"
    "  column_name TEXT NOT NULL,"     /* the column as the source wrote it */
    "  value TEXT NOT NULL,"           /* the field as received */
    "  reason TEXT NOT NULL"
    ");"
    "CREATE INDEX warning_source ON warning(source_id);"
    "CREATE TABLE facility ("
    "  id INTEGER PRIMARY KEY,"
    "  name TEXT NOT NULL UNIQUE,"
    "  municipality TEXT, department TEXT,"
    "  kind TEXT NOT NULL DEFAULT 'prison',"
    "  capacity INTEGER, cells INTEGER, cell_area_m2 REAL, bunks_per_cell INTEGER"
    ");"
    /* Every way a facility is written, by comparison key (see
     * facility_key()).  A record's facility_key joins here. */
    "CREATE TABLE facility_alias ("
    "  key TEXT PRIMARY KEY,"
    "  facility_id INTEGER NOT NULL REFERENCES facility(id),"
    "  alias TEXT NOT NULL"
    ") WITHOUT ROWID;"
    /* Something that happened, as one record tells it: a view, computed
     * from the record's fields whenever it is read, so it can never
     * disagree with the record it cites.  A date's precision is read off
     * its length (2022 / 2022-04 / 2022-04-15).  A record with a facility
     * places the person there ('held'): as of status_date when the status
     * is 'held', else at an unknown time. */
#define PREC(x) "CASE length(" x ") WHEN 10 THEN 'day' WHEN 7 THEN 'month' " \
                "WHEN 4 THEN 'year' ELSE 'unknown' END"
#define EVENT_COLS "record_id, kind, date, precision, facility, facility_key, " \
                   "from_facility, from_facility_key, place, detail"
    "CREATE VIEW event(" EVENT_COLS ") AS "
    "SELECT id, 'arrest', arrest_date, " PREC("arrest_date") ", NULL, NULL, NULL, NULL, "
    "  arrest_place, NULLIF(trim(COALESCE(authority, '') || CASE warrant "
    "  WHEN 'no' THEN ' (without warrant)' WHEN 'yes' THEN ' (with warrant)' ELSE '' END), '') "
    "FROM record WHERE arrest_date IS NOT NULL OR arrest_place IS NOT NULL "
    "  OR authority IS NOT NULL "
    "UNION ALL "
    "SELECT id, 'transfer', transfer_date, " PREC("transfer_date") ", facility, facility_key, "
    "  previous_facility, previous_facility_key, NULL, NULL "
    "FROM record WHERE previous_facility IS NOT NULL OR transfer_date IS NOT NULL "
    "UNION ALL "
    "SELECT id, 'held', CASE WHEN status = 'held' THEN status_date END, "
    "  CASE WHEN status = 'held' THEN " PREC("status_date") " ELSE 'unknown' END, "
    "  facility, facility_key, NULL, NULL, NULL, NULL "
    "FROM record WHERE facility IS NOT NULL "
    "UNION ALL "
    "SELECT id, 'hearing', hearing_date, " PREC("hearing_date") ", facility, facility_key, "
    "  NULL, NULL, NULL, NULL FROM record WHERE hearing_date IS NOT NULL "
    "UNION ALL "
    "SELECT id, 'court_order', hearing_date, " PREC("hearing_date") ", facility, facility_key, "
    "  NULL, NULL, NULL, court_order FROM record WHERE court_order IS NOT NULL "
    "UNION ALL "
    "SELECT id, 'release', status_date, " PREC("status_date") ", facility, facility_key, "
    "  NULL, NULL, NULL, NULL FROM record WHERE status = 'released' "
    "UNION ALL "
    "SELECT id, 'death', COALESCE(death_date, status_date), "
    PREC("COALESCE(death_date, status_date)") ", facility, facility_key, NULL, NULL, NULL, "
    "  NULL FROM record WHERE status = 'dead' OR death_date IS NOT NULL "
    "UNION ALL "
    "SELECT id, 'disappearance_report', status_date, " PREC("status_date") ", facility, "
    "  facility_key, NULL, NULL, NULL, NULL FROM record WHERE status = 'missing';",

    /* 2: linkage.  Who is one person is derived (membership, review_pair,
     * link_run are replaced by every run); what people decided
     * (link_decision) is appended, never changed, and wins over the model
     * in every run. */
    "CREATE TABLE link_run ("
    "  id INTEGER PRIMARY KEY,"
    "  started_at TEXT NOT NULL,"
    "  records INTEGER NOT NULL, candidate_pairs INTEGER NOT NULL,"
    "  matched_pairs INTEGER NOT NULL, persons INTEGER NOT NULL, review INTEGER NOT NULL,"
    "  decisions INTEGER NOT NULL, threshold REAL NOT NULL, seconds REAL NOT NULL,"
    "  model TEXT NOT NULL"           /* JSON: lambda, m and u per field and level */
    ");"
    "CREATE TABLE membership ("
    "  record_id INTEGER PRIMARY KEY REFERENCES record(id),"
    "  person_id INTEGER NOT NULL"
    ");"
    "CREATE INDEX membership_person ON membership(person_id);"
    "CREATE TABLE link_state ("
    "  one INTEGER PRIMARY KEY CHECK (one = 1),"
    "  next_person_id INTEGER NOT NULL"
    ");"
    "INSERT INTO link_state(one, next_person_id) VALUES (1, 1);"
    "CREATE TABLE link_decision ("
    "  id INTEGER PRIMARY KEY,"
    "  record_a INTEGER NOT NULL REFERENCES record(id),"
    "  record_b INTEGER NOT NULL REFERENCES record(id),"
    "  decision TEXT NOT NULL CHECK (decision IN ('same','different')),"
    "  reason TEXT NOT NULL CHECK (length(trim(reason)) > 0),"
    "  decided_by TEXT NOT NULL,"
    "  decided_at TEXT NOT NULL,"
    "  CHECK (record_a < record_b)"
    ");"
    "CREATE INDEX link_decision_pair ON link_decision(record_a, record_b);"
    "CREATE TABLE review_pair ("
    "  record_a INTEGER NOT NULL REFERENCES record(id),"
    "  record_b INTEGER NOT NULL REFERENCES record(id),"
    "  probability REAL NOT NULL,"
    "  weight REAL NOT NULL,"
    "  PRIMARY KEY (record_a, record_b)"
    ") WITHOUT ROWID;",

    /* 3: the audit log, hash-chained (audit module).  Triggers refuse
     * edits; audit_verify() detects them anyway. */
    "CREATE TABLE audit ("
    "  id INTEGER PRIMARY KEY,"
    "  at TEXT NOT NULL,"
    "  actor TEXT NOT NULL,"
    "  action TEXT NOT NULL,"
    "  object TEXT,"
    "  detail TEXT,"
    "  prev_hash TEXT NOT NULL,"
    "  hash TEXT NOT NULL"
    ");"
    "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit "
    "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;"
    "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit "
    "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;",

    /* 4: inquiries (trace module) and accounts (http module).  The
     * requester of an inquiry is sealed: nonce || XChaCha20-Poly1305
     * ciphertext of a JSON object, under the key in <db>.key. */
    "CREATE TABLE inquiry ("
    "  id INTEGER PRIMARY KEY,"
    "  created_at TEXT NOT NULL,"
    "  created_by TEXT NOT NULL,"
    "  sought TEXT NOT NULL,"          /* JSON: the trace query */
    "  requester BLOB NOT NULL,"       /* sealed JSON: name, contact, relationship */
    "  consent INTEGER NOT NULL CHECK (consent IN (0, 1)),"
    "  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','answered','withdrawn')),"
    "  closed_at TEXT, close_note TEXT"
    ");"
    "CREATE TABLE inquiry_match ("
    "  inquiry_id INTEGER NOT NULL REFERENCES inquiry(id),"
    "  person_id INTEGER NOT NULL,"
    "  record_id INTEGER NOT NULL REFERENCES record(id),"
    "  probability REAL NOT NULL,"
    "  first_seen TEXT NOT NULL,"
    "  last_seen TEXT NOT NULL,"
    "  is_new INTEGER NOT NULL DEFAULT 1,"
    "  PRIMARY KEY (inquiry_id, person_id)"
    ") WITHOUT ROWID;"
    "CREATE TABLE user ("
    "  id INTEGER PRIMARY KEY,"
    "  name TEXT NOT NULL UNIQUE,"
    "  role TEXT NOT NULL CHECK (role IN ('admin','investigator','lawyer','liaison','analyst')),"
    "  password_hash TEXT NOT NULL,"   /* Argon2id, libsodium's encoded form */
    "  lang TEXT,"
    "  created_at TEXT NOT NULL,"
    "  disabled INTEGER NOT NULL DEFAULT 0"
    ");"
    "CREATE TABLE session ("
    "  token_hash TEXT PRIMARY KEY,"   /* BLAKE2b of the cookie: a stolen table opens nothing */
    "  user_id INTEGER NOT NULL REFERENCES user(id),"
    "  csrf TEXT NOT NULL,"
    "  created_at TEXT NOT NULL,"
    "  expires_at INTEGER NOT NULL"    /* unix seconds */
    ") WITHOUT ROWID;",

    /* 5: how the informant is related to the person ("madre"), which
     * says what the informant's name tells of the person's surnames; and
     * since when the person is in the facility a register names (a
     * prison's "fecha de ingreso"). */
    "ALTER TABLE record ADD COLUMN source_relationship TEXT;"
    "ALTER TABLE record ADD COLUMN facility_since TEXT;",

    /* 6: how the last link run joined each person's records: every merge,
     * the two records it joined the groups through, with what probability
     * and on what ('decision': a person decided "same"; 'pair': the two
     * records alike enough; 'whole': the two groups on all their records
     * together).  Derived, replaced by every run, as membership is. */
    "CREATE TABLE link_merge ("
    "  record_a INTEGER NOT NULL REFERENCES record(id),"
    "  record_b INTEGER NOT NULL REFERENCES record(id),"
    "  probability REAL,"
    "  how TEXT NOT NULL CHECK (how IN ('decision','pair','whole'))"
    ");"
    "CREATE INDEX link_merge_a ON link_merge(record_a);"
    "CREATE INDEX link_merge_b ON link_merge(record_b);",

    /* 7: link_merge again, its check an OR chain (the IN list of step 6
     * doubled the time to write a 1M link's half a million merges) and
     * without the index on record_b, which no query uses (a person's
     * merges are found through record_a). */
    "CREATE TABLE link_merge_7 ("
    "  record_a INTEGER NOT NULL REFERENCES record(id),"
    "  record_b INTEGER NOT NULL REFERENCES record(id),"
    "  probability REAL,"
    "  how TEXT NOT NULL CHECK (how = 'decision' OR how = 'pair' OR how = 'whole')"
    ");"
    "INSERT INTO link_merge_7(rowid, record_a, record_b, probability, how) "
    "  SELECT rowid, record_a, record_b, probability, how FROM link_merge;"
    "DROP TABLE link_merge;"
    "ALTER TABLE link_merge_7 RENAME TO link_merge;"
    "CREATE INDEX link_merge_a ON link_merge(record_a);",

    /* 8: the records the last link set apart on second thoughts (link
     * module, cluster.c): one pair had put the record in a group whose
     * other records, taken together, make it unlikely one of them.  The
     * record, a record of the group it left, and how likely the group
     * made it.  Derived, replaced by every run, as link_merge is. */
    "CREATE TABLE link_apart ("
    "  record_id INTEGER PRIMARY KEY REFERENCES record(id),"
    "  from_record INTEGER NOT NULL REFERENCES record(id),"
    "  probability REAL"
    ");",

    /* 9: a review pair through which the last link had joined a record it
     * then set apart (set_apart = 1): the pair says one person, the
     * group says not, and a person should look first. */
    "ALTER TABLE review_pair ADD COLUMN set_apart INTEGER NOT NULL DEFAULT 0;",

    /* 10: a row of a list that names its informants (a family's report, an
     * NGO's case file), sealed whole (store_sealer, the key beside the
     * database): the row as received, the informant, the columns kept as
     * extra (a telephone).  Such a record's raw is '' and its
     * source_person and extra NULL; the rest of its parsed fields, which
     * linkage reads, are as any record's.  The informant alone is sealed
     * again in sealed_informant, the one thing of the row linkage reads (a
     * mother's surname is her son's second): a 1M link opened the whole
     * rows in 4 s more, the informants alone in a fraction of that.
     * Records imported before stay as they were. */
    "ALTER TABLE record ADD COLUMN sealed BLOB;"
    "ALTER TABLE record ADD COLUMN sealed_informant BLOB;",

    /* 11: a rejected row of a list that names its informants, sealed as
     * its records are (the row as received, associated data
     * "reject:<source>:<line>"); its raw is then ''.  A row rejected for
     * an unbalanced quote holds the informant and her telephone as surely
     * as one imported. */
    "ALTER TABLE reject ADD COLUMN sealed BLOB;",
};

const int store_n_migrations = sizeof store_migrations / sizeof store_migrations[0];
