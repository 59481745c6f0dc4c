/*
 * load.c — records from the store into the compact in-memory form that
 * blocking and comparison read (internal.h), and the term frequencies of
 * name values.
 */
#include <math.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "facility/facility.h"
#include "internal.h"
#include "names/names.h"

/* FNV-1a of s[0..n). */
static uint32_t hash_bytes(const char *s, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 16777619u;
    }
    return h;
}

uint32_t link_hash(const char *s)
{
    if (!s || !*s)
        return 0;
    uint32_t h = hash_bytes(s, strlen(s));
    return h ? h : 1;
}

void lpool_init(lpool *p, uint32_t flag, const lpool *main)
{
    static _Atomic uint32_t generations;
    memset(p, 0, sizeof *p);
    sbuf_init(&p->buf);
    sbuf_addc(&p->buf, '\0'); /* offset 0: the empty string */
    p->flag = flag;
    p->main = main;
    p->gen = ++generations;
}

void lpool_free(lpool *p)
{
    sbuf_free(&p->buf);
    free(p->slot);
    memset(p, 0, sizeof *p);
}

/* The slot of s[0..n) in p's table: where it is, or the empty slot where
 * it would go. */
static size_t lpool_slot(const lpool *p, const char *s, size_t n)
{
    size_t k = hash_bytes(s, n) & (p->cap - 1);
    while (p->slot[k]) {
        const char *x = p->buf.data + p->slot[k];
        if (strncmp(x, s, n) == 0 && x[n] == '\0')
            break;
        k = (k + 1) & (p->cap - 1);
    }
    return k;
}

uint32_t lpool_add(lpool *p, const char *s, size_t n)
{
    if (n == 0)
        return 0;
    if (p->main && p->main->cap) {
        size_t k = lpool_slot(p->main, s, n);
        if (p->main->slot[k])
            return p->main->slot[k];
    }
    if ((p->used + 1) * 2 > p->cap) {
        lpool grown = *p;
        grown.cap = p->cap ? p->cap * 2 : 1024;
        grown.slot = xcalloc(grown.cap, sizeof *grown.slot);
        for (size_t i = 0; i < p->cap; i++)
            if (p->slot[i]) {
                const char *x = p->buf.data + p->slot[i];
                grown.slot[lpool_slot(&grown, x, strlen(x))] = p->slot[i];
            }
        free(p->slot);
        p->slot = grown.slot;
        p->cap = grown.cap;
    }
    size_t k = lpool_slot(p, s, n);
    if (!p->slot[k]) {
        p->slot[k] = (uint32_t)p->buf.len;
        p->used++;
        sbuf_add(&p->buf, s, n);
        sbuf_addc(&p->buf, '\0');
    }
    return p->slot[k] | p->flag;
}

static uint32_t pool_adds(lpool *pool, const char *s)
{
    return lpool_add(pool, s, strlen(s));
}

/* Folds t into the pool (up to the first comma when cut). */
static uint32_t pool_fold(lpool *pool, sbuf *tmp, const char *t, bool cut_at_comma)
{
    if (!t)
        return 0;
    size_t n = strlen(t);
    if (cut_at_comma) {
        const char *c = memchr(t, ',', n);
        if (c)
            n = (size_t)(c - t);
    }
    sbuf_reset(tmp);
    names_fold(t, n, ' ', tmp);
    return lpool_add(pool, tmp->data ? tmp->data : "", tmp->len);
}

/* A relative's parsed name, whole ("maria elena hernandez rodriguez"). */
static uint32_t pool_relative(lpool *pool, sbuf *tmp, const names_person *r)
{
    sbuf_reset(tmp);
    const char *parts[3] = {r->given, r->surname1, r->surname2};
    for (int k = 0; k < 3; k++)
        if (parts[k][0]) {
            if (tmp->len)
                sbuf_addc(tmp, ' ');
            sbuf_adds(tmp, parts[k]);
        }
    return lpool_add(pool, tmp->data ? tmp->data : "", tmp->len);
}

static const char *col(sqlite3_stmt *st, int i)
{
    return (const char *)sqlite3_column_text(st, i);
}

/* "2022", "2022-04", "2022-04-15" -> parts and precision. */
static void iso_date(const char *t, int16_t *y, int8_t *m, int8_t *d, int8_t *prec)
{
    *y = 0;
    *m = *d = 0;
    *prec = PREC_UNKNOWN;
    if (!t || strlen(t) < 4)
        return;
    *y = (int16_t)atoi(t);
    *prec = PREC_YEAR;
    if (strlen(t) >= 7) {
        *m = (int8_t)atoi(t + 5);
        *prec = PREC_MONTH;
    }
    if (strlen(t) >= 10) {
        *d = (int8_t)atoi(t + 8);
        *prec = PREC_DAY;
    }
}

/* The string at off, in pool or the main pool beside it. */
static const char *pool_str(const lpool *p, uint32_t off)
{
    if (p->main && !(off & LINK_EXTRA))
        return p->main->buf.data + off;
    return p->buf.data + (off & ~LINK_EXTRA);
}

/* A record's names parsed: most of the work of reading a record, and
 * touching nothing shared, so done on another processor (link_load). */
typedef struct parsed_names {
    names_person p;
    names_kin kin;
    int8_t nick_kind; /* LINK_NICK_* */
    /* A whole name read both ways (names_parse_person_alt): alt with the
     * word `moved` a given name, which link_load takes when no list
     * writes that word in its surname column. */
    bool has_alt;
    int8_t alt_nick_kind;
    names_person alt;
    char moved[32];
} parsed_names;

static bool filled(const char *s)
{
    return s && *s;
}

/* The names came in columns of their own: given names and surnames. */
static bool in_columns(const link_fields *f)
{
    return filled(f->given_names) &&
           (filled(f->surname1) || filled(f->surname2) || filled(f->surnames));
}

/* A familiar form: of his given name, or of one ("Fredy", a name in its
 * own right, is kept as written with it as nickname). */
static int8_t nick_kind_of(const names_person *p)
{
    const char *nick = p->nickname;
    return p->nickname_as_given ? LINK_NICK_AS_GIVEN
           : nick[0] && (names_nickname_fits(nick, p->given) || names_nickname_given(nick) != NULL)
               ? LINK_NICK_FAMILIAR
               : LINK_NICK_STREET;
}

static void parse_names(const link_fields *f, parsed_names *out)
{
    bool whole = filled(f->full_name) && !filled(f->given_names) && !filled(f->surname1) &&
                 !filled(f->surname2) && !filled(f->surnames);
    if (whole) /* fills out->p either way */
        out->has_alt = names_parse_person_alt(f->full_name, f->alias, &out->p, &out->alt,
                                              out->moved, sizeof out->moved);
    else {
        out->has_alt = false;
        names_parse_person(f->full_name, f->given_names, f->surname1, f->surname2,
                           f->surnames, f->alias, &out->p);
    }
    /* A mother's or sibling's name tells a surname the list left out. */
    names_parse_kin(f->informant, f->relationship, &out->kin);
    names_kin_fill(&out->kin, &out->p);
    out->nick_kind = nick_kind_of(&out->p);
    if (out->has_alt) {
        names_kin_fill(&out->kin, &out->alt);
        out->alt_nick_kind = nick_kind_of(&out->alt);
    }
}

/* The name fields of r from the names parsed. */
static void fill_names(lpool *pool, const names_person *p, int8_t nick_kind, lrec *r)
{
    r->given = pool_adds(pool, p->given);
    const char *cur = p->given, *w;
    size_t wn = names_next_word(&cur, &w);
    r->given1 = lpool_add(pool, w, wn);
    while (*cur == ' ')
        cur++;
    r->grest = pool_adds(pool, cur);
    r->s1 = pool_adds(pool, p->surname1);
    r->s2 = pool_adds(pool, p->surname2);
    r->nick = pool_adds(pool, p->nickname);
    r->nick_kind = nick_kind;
    r->familiar = strcmp(p->familiar, p->nickname) != 0 ? pool_adds(pool, p->familiar) : 0;
    r->gkey = link_hash(p->given_key);
    r->s1key = link_hash(p->surname1_key);
    r->s2key = link_hash(p->surname2_key);
    r->g1h = wn ? link_hash(pool_str(pool, r->given1)) : 0;
    r->gh = p->given[0] ? link_hash(p->given) : 0;
    r->s1h = link_hash(p->surname1);
    r->s1pre = 0;
    if (p->surname1[0] && p->surname1[1])
        r->s1pre = (uint16_t)((unsigned char)p->surname1[0] << 8 | (unsigned char)p->surname1[1]);
    size_t s1n = strlen(p->surname1);
    r->s1suf = 0;
    if (s1n >= 4)
        r->s1suf = (uint32_t)(unsigned char)p->surname1[s1n - 3] << 16 |
                   (uint32_t)(unsigned char)p->surname1[s1n - 2] << 8 |
                   (unsigned char)p->surname1[s1n - 1];
    r->s2h = link_hash(p->surname2);
}

/* The rest of link_rec_fill, from the names parsed. */
static void fill_parsed(lpool *pool, sbuf *tmp, const link_fields *f, const parsed_names *pn,
                        lrec *r)
{
    const names_person *p = &pn->p;
    const names_kin *kin = &pn->kin;
    memset(r, 0, sizeof *r);
    for (int k = 0; k < LINK_TF_KINDS; k++)
        r->tf[k] = 1;
    fill_names(pool, p, pn->nick_kind, r);
    r->sex = f->sex ? (f->sex[0] == 'M' ? 1 : f->sex[0] == 'F' ? 2 : 0) : 0;
    iso_date(f->birth_date, &r->by, &r->bm, &r->bd, &r->bprec);
    r->age = (int16_t)(f->age >= 0 ? f->age : -1);
    r->dui = -1;
    if (f->dui && strlen(f->dui) == 10) {
        char digits[10];
        memcpy(digits, f->dui, 8);
        digits[8] = f->dui[9];
        digits[9] = '\0';
        r->dui = atoi(digits);
    }
    r->idnum = pool_fold(pool, tmp, f->id_number, false);
    r->idh = r->idnum ? link_hash(pool_str(pool, r->idnum)) : 0;
    r->residence = pool_fold(pool, tmp, f->residence, true);
    r->resh = r->residence ? link_hash(pool_str(pool, r->residence)) : 0;
    r->arrest_place = pool_fold(pool, tmp, f->arrest_place, true);
    r->arrh = r->arrest_place ? link_hash(pool_str(pool, r->arrest_place)) : 0;
    r->mother = pool_fold(pool, tmp, f->mother_name, false);
    r->father = pool_fold(pool, tmp, f->father_name, false);
    if (kin->role == NAMES_KIN_MOTHER && !r->mother)
        r->mother = pool_relative(pool, tmp, &kin->relative);
    if (kin->role == NAMES_KIN_FATHER && !r->father)
        r->father = pool_relative(pool, tmp, &kin->relative);
    iso_date(f->arrest_date, &r->ay, &r->am, &r->ad, &r->aprec);
    r->facility = f->facility_key ? pool_adds(pool, f->facility_key) : 0;
    r->fach = link_hash(f->facility_key);
    r->cell = f->facility_cell;
    iso_date(f->death_date, &r->dy, &r->dm, &r->dd, &r->dprec);
    iso_date(f->facility_since, &r->fy, &r->fm, &r->fd, &r->fprec);
    if (f->court_order) {
        bool frees = strcmp(f->court_order, "release") == 0 ||
                     strcmp(f->court_order, "alternative_measures") == 0 ||
                     strcmp(f->court_order, "dismissal") == 0;
        r->order = frees ? LINK_ORDER_FREES : LINK_ORDER_HOLDS;
        iso_date(f->hearing_date, &r->hy, &r->hm, &r->hd, &r->hprec);
    }
    if (f->status)
        r->status = strcmp(f->status, "held") == 0       ? LINK_STATUS_HELD
                    : strcmp(f->status, "released") == 0 ? LINK_STATUS_RELEASED
                    : strcmp(f->status, "dead") == 0     ? LINK_STATUS_DEAD
                    : strcmp(f->status, "missing") == 0  ? LINK_STATUS_MISSING
                                                         : LINK_STATUS_NONE;
    if (r->status == LINK_STATUS_RELEASED)
        iso_date(f->status_date, &r->ry, &r->rm, &r->rd, &r->rprec);
    r->ref_year = r->ay ? r->ay : (int16_t)(f->received ? atoi(f->received) : 0);
    if (r->ay) {
        r->age_m = r->am;
        r->age_d = r->ad;
        r->age_prec = r->aprec;
    }
    if (r->by) {
        r->blo = r->bhi = r->by;
    } else if (r->age >= 0 && r->ref_year > 0) {
        /* An age at a known arrest: born that year or the one before.
         * An age on a list with no arrest date may have been given
         * at the arrest, years before the list: allow five. */
        r->bhi = (int16_t)(r->ref_year - r->age);
        r->blo = (int16_t)(r->bhi - (r->ay ? 1 : 5));
    }
}

void link_rec_fill(lpool *pool, sbuf *tmp, const link_fields *f, lrec *r)
{
    parsed_names pn;
    parse_names(f, &pn);
    fill_parsed(pool, tmp, f, &pn, r);
}

/* Whether a whole name's word one slip from a given name is taken for a
 * slip of it (see link_load): when no list writes it as a surname, and
 * some list has surname columns at all (with none, "Marín" of "Pedro
 * Marín Ayala" would be read as a given name: the lexicon alone cannot
 * tell). */
static bool take_alt(const ldata *d, const char *moved)
{
    return d->surname_words.n > 0 && !link_wordset_has(&d->surname_words, moved, strlen(moved));
}

void link_query_fill(const ldata *d, lpool *pool, sbuf *tmp, const link_fields *f, lrec *r)
{
    parsed_names pn;
    parse_names(f, &pn);
    if (pn.has_alt && take_alt(d, pn.moved)) {
        pn.p = pn.alt; /* as link_load reads a list's */
        pn.nick_kind = pn.alt_nick_kind;
    }
    fill_parsed(pool, tmp, f, &pn, r);
}

/* A record's keys in the frequency table, by LINK_TF_* (0 = none): the
 * given names' and the places' hashes salted apart from the surnames'. */
static void tf_keys(const lrec *r, uint32_t h[LINK_TF_KINDS])
{
    h[LINK_TF_S1] = r->s1h;
    h[LINK_TF_S2] = r->s2h;
    h[LINK_TF_GIVEN1] = r->g1h ? r->g1h ^ LINK_GIVEN_SALT : 0;
    h[LINK_TF_GIVEN_ALL] = r->gh ? r->gh ^ LINK_GIVEN_ALL_SALT : 0;
    h[LINK_TF_FACILITY] = r->fach ? r->fach ^ LINK_FACILITY_SALT : 0;
    h[LINK_TF_RESIDENCE] = r->resh ? r->resh ^ LINK_RESIDENCE_SALT : 0;
    h[LINK_TF_ARREST] = link_arrest_month_key(r);
}

static void tf_add(ldata *d, uint32_t h, double *total)
{
    if (!h)
        return;
    size_t mask = d->tf_cap - 1;
    size_t k = h & mask;
    while (d->tf_keys[k] && d->tf_keys[k] != h)
        k = (k + 1) & mask;
    d->tf_keys[k] = h;
    d->tf_counts[k]++;
    *total += 1.0;
}

/* The frequency table's slot of the value with hash h, or -1 when no
 * record has it. */
static long tf_slot(const ldata *d, uint32_t h)
{
    if (!h || !d->tf_cap)
        return -1;
    size_t mask = d->tf_cap - 1;
    for (size_t k = h & mask; d->tf_keys[k]; k = (k + 1) & mask)
        if (d->tf_keys[k] == h)
            return (long)k;
    return -1;
}

bool link_tf_log2(const ldata *d, uint32_t h, double *lg)
{
    long k = tf_slot(d, h);
    if (k >= 0)
        *lg = d->tf_log2[k];
    return k >= 0;
}

long link_tf_count(const ldata *d, uint32_t h)
{
    long k = tf_slot(d, h);
    return k >= 0 ? (long)d->tf_counts[k] : 0;
}

/* Records are read in batches, three at a time in a pipeline: while one
 * batch's names are parsed on a second processor, this thread adds the
 * batch before to the records (the string pool is not shared) and reads
 * the next from SQLite.  The records come out in the order of the rows,
 * as a serial loop makes them.  At 1M records: 7.3 s -> 5.1 s. */
#define LOAD_BATCH 8192
#define LOAD_COLS 29 /* the SELECT's columns before the sealed row and the line (29, 30,
                        read apart); age (10) is also kept as a number */

typedef struct load_batch {
    sbuf text;                         /* the rows' strings, each ended by a NUL */
    size_t off[LOAD_BATCH][LOAD_COLS]; /* 1 + a string's offset in text; 0 = NULL */
    long id[LOAD_BATCH];
    int source[LOAD_BATCH], age[LOAD_BATCH];
    parsed_names *parsed;              /* LOAD_BATCH */
    size_t n;
} load_batch;

static uint64_t word_hash(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
    return h ? h : 1;
}

bool link_wordset_has(const link_wordset *ws, const char *w, size_t n)
{
    uint64_t h = word_hash(w, n);
    for (size_t k = ws->cap ? h & (ws->cap - 1) : 0; ws->cap && ws->slot[k];
         k = (k + 1) & (ws->cap - 1))
        if (ws->slot[k] == h)
            return true;
    return false;
}

static void wordset_add(link_wordset *ws, uint64_t h)
{
    if (2 * (ws->n + 1) > ws->cap) {
        link_wordset big = {xcalloc(ws->cap ? ws->cap * 2 : 4096, sizeof *big.slot),
                            ws->cap ? ws->cap * 2 : 4096, 0};
        for (size_t k = 0; k < ws->cap; k++)
            if (ws->slot[k])
                wordset_add(&big, ws->slot[k]);
        free(ws->slot);
        *ws = big;
    }
    size_t k = h & (ws->cap - 1);
    while (ws->slot[k] && ws->slot[k] != h)
        k = (k + 1) & (ws->cap - 1);
    if (!ws->slot[k]) {
        ws->slot[k] = h;
        ws->n++;
    }
}

static void add_words(link_wordset *ws, const char *s)
{
    const char *w;
    for (size_t n; (n = names_next_word(&s, &w)) > 0;)
        wordset_add(ws, word_hash(w, n));
}

/* A record whose whole name was read both ways, for link_load to choose. */
typedef struct read_twice {
    size_t rec; /* index into the records */
    int8_t nick_kind;
    names_person alt;
    char moved[32];
} read_twice;

typedef struct load_pipe {
    sqlite3_stmt *st;
    ldata *d;
    sbuf tmp;
    int step;                         /* the last sqlite3_step's result */
    load_batch *read, *parse, *add;   /* this round's three (add may be NULL) */
    size_t cap;                       /* of d->r */
    read_twice *twice;
    size_t ntwice, twice_cap;
    /* sealed rows (migration 10): the key, once one is met */
    store *s;
    bool have_key, sealed_bad;
    unsigned char key[STORE_KEY_BYTES];
    herr key_error;
} load_pipe;

/* The informant of a sealed row (sealed_informant, column 29) into
 * b->text at row x as column 20; false when the key is missing or the
 * box does not open. */
static bool unseal_informant(load_pipe *lp, load_batch *b, size_t x)
{
    if (!lp->have_key) {
        if (store_key_load(lp->s, false, lp->key, &lp->key_error) != HERR_OK)
            return false;
        lp->have_key = true;
    }
    char ad[48], *plain;
    size_t n;
    store_box_ad(STORE_BOX_INFORMANT, b->source[x], sqlite3_column_int64(lp->st, 30), ad);
    if (!store_unseal(lp->key, ad, sqlite3_column_blob(lp->st, 29),
                      (size_t)sqlite3_column_bytes(lp->st, 29), &plain, &n)) {
        herr_set(&lp->key_error, HERR_INPUT,
                 "record %ld: its sealed informant does not open with this key (another database's "
                 "key file, or the row was altered)",
                 b->id[x]);
        return false;
    }
    b->off[x][20] = b->text.len + 1;
    sbuf_add(&b->text, plain, n);
    sbuf_addc(&b->text, '\0');
    sodium_memzero(plain, n);
    free(plain);
    return true;
}

/* Up to LOAD_BATCH rows into b (none once the statement is done). */
static void read_batch(load_pipe *lp, load_batch *b)
{
    b->n = 0;
    sbuf_reset(&b->text);
    while (b->n < LOAD_BATCH && lp->step == SQLITE_ROW) {
        lp->step = sqlite3_step(lp->st);
        if (lp->step != SQLITE_ROW)
            break;
        size_t x = b->n++;
        b->id[x] = (long)sqlite3_column_int64(lp->st, 0);
        b->source[x] = sqlite3_column_int(lp->st, 1);
        b->age[x] = sqlite3_column_type(lp->st, 10) == SQLITE_NULL
                        ? -1
                        : sqlite3_column_int(lp->st, 10);
        for (int c = 0; c < LOAD_COLS; c++) {
            b->off[x][c] = 0;
            const char *t = c < 2 || c == 10 ? NULL : col(lp->st, c);
            if (!t)
                continue;
            b->off[x][c] = b->text.len + 1;
            sbuf_adds(&b->text, t);
            sbuf_addc(&b->text, '\0');
        }
        if (sqlite3_column_type(lp->st, 29) != SQLITE_NULL && !unseal_informant(lp, b, x)) {
            lp->sealed_bad = true;
            lp->step = SQLITE_DONE; /* stop reading; link_load reports it */
            b->n--;
            break;
        }
    }
}

/* Row x of b as the fields of a record (pointing into b->text). */
static link_fields batch_fields(const load_batch *b, size_t x)
{
    const char *v[LOAD_COLS];
    for (int c = 0; c < LOAD_COLS; c++)
        v[c] = b->off[x][c] ? b->text.data + b->off[x][c] - 1 : NULL;
    return (link_fields){
        .full_name = v[2], .given_names = v[3], .surname1 = v[4], .surname2 = v[5],
        .surnames = v[6], .alias = v[7], .sex = v[8], .birth_date = v[9], .age = b->age[x],
        .dui = v[11], .id_number = v[12], .residence = v[13], .mother_name = v[14],
        .father_name = v[15], .arrest_date = v[16], .facility_key = v[17], .received = v[18],
        .death_date = v[19], .informant = v[20], .relationship = v[21], .arrest_place = v[22],
        .facility_since = v[23], .facility_cell = facility_kind_is_cell(v[24]),
        .status = v[25], .court_order = v[26], .hearing_date = v[27], .status_date = v[28]};
}

/* Item 0: add the batch parsed last round, then read the next; item 1:
 * parse this round's. */
static void load_slice(void *arg, size_t lo, size_t hi, int t)
{
    (void)t;
    load_pipe *lp = arg;
    for (size_t item = lo; item < hi; item++) {
        if (item == 1) {
            load_batch *b = lp->parse;
            if (!b->parsed)
                b->parsed = xmalloc(LOAD_BATCH * sizeof *b->parsed);
            for (size_t x = 0; x < b->n; x++) {
                link_fields f = batch_fields(b, x);
                parse_names(&f, &b->parsed[x]);
            }
            continue;
        }
        ldata *d = lp->d;
        for (size_t x = 0; lp->add && x < lp->add->n; x++) {
            if (d->n == lp->cap) {
                lp->cap = lp->cap ? lp->cap * 2 : 4096;
                d->r = xrealloc(d->r, lp->cap * sizeof *d->r);
            }
            lrec *r = &d->r[d->n++];
            link_fields f = batch_fields(lp->add, x);
            const parsed_names *pn = &lp->add->parsed[x];
            fill_parsed(&d->pool, &lp->tmp, &f, pn, r);
            r->id = lp->add->id[x];
            r->source = lp->add->source[x];
            if (in_columns(&f)) {
                add_words(&d->surname_words, pn->p.surname1);
                add_words(&d->surname_words, pn->p.surname2);
            }
            if (pn->has_alt) {
                if (lp->ntwice == lp->twice_cap) {
                    lp->twice_cap = lp->twice_cap ? lp->twice_cap * 2 : 256;
                    lp->twice = xrealloc(lp->twice, lp->twice_cap * sizeof *lp->twice);
                }
                read_twice *tw = &lp->twice[lp->ntwice++];
                tw->rec = d->n - 1;
                tw->nick_kind = pn->alt_nick_kind;
                tw->alt = pn->alt;
                memcpy(tw->moved, pn->moved, sizeof tw->moved);
            }
        }
        read_batch(lp, lp->read);
    }
}

int link_month_index(int y, int m, int prec)
{
    int k = (y - LINK_ADM_YEAR0) * 12 + (m - 1);
    return y && prec >= PREC_MONTH && k >= 0 && k < LINK_ADM_MONTHS ? k : -1;
}

/* The chance that an admission picked at random is before the arrest of
 * month index v, within the month after it, or long after (levels 1-3 of
 * the admission, at the month), from the shares of admissions by month. */
void link_admission_chances(const ldata *d, int v, double u[4])
{
    double before = d->adm_before[v];
    double within = d->adm_share[v] + (v + 1 < LINK_ADM_MONTHS ? d->adm_share[v + 1] : 0);
    u[0] = 0;
    u[1] = before;
    u[2] = 1 - before - within;
    u[3] = within;
}

#define ADM_KNOWN_MIN 200

static void birth_years(ldata *d)
{
    double n = 0;
    memset(d->birth_share, 0, sizeof d->birth_share);
    for (size_t i = 0; i < d->n; i++) {
        int k = d->r[i].by - LINK_BIRTH_YEAR0;
        if (d->r[i].by && k >= 0 && k < LINK_BIRTH_YEARS) {
            d->birth_share[k] += 1;
            n += 1;
        }
    }
    d->birth_expect = 0;
    for (int k = 0; k < LINK_BIRTH_YEARS; k++) {
        d->birth_share[k] = n > 0 ? (float)(d->birth_share[k] / n) : 0;
        d->birth_expect += (double)d->birth_share[k] * d->birth_share[k];
    }
}

/* The admissions', arrests' and hearings' months that weigh an
 * admission or a hearing against an arrest (ldata.adm_*, arrest_after,
 * heard_before_mean). */
static void month_chances(ldata *d)
{
    double n = 0;
    memset(d->adm_share, 0, sizeof d->adm_share);
    for (size_t i = 0; i < d->n; i++) {
        int k = link_month_index(d->r[i].fy, d->r[i].fm, d->r[i].fprec);
        if (k >= 0) {
            d->adm_share[k] += 1;
            n += 1;
        }
    }
    d->adm_known = n >= ADM_KNOWN_MIN;
    double earlier = 0;
    for (int k = 0; k < LINK_ADM_MONTHS; k++) {
        d->adm_share[k] = n > 0 ? (float)(d->adm_share[k] / n) : 0;
        d->adm_before[k] = (float)earlier;
        earlier += d->adm_share[k];
    }
    /* on average over the arrests, by month */
    double arrests[LINK_ADM_MONTHS] = {0}, na = 0;
    for (size_t i = 0; i < d->n; i++) {
        int k = link_month_index(d->r[i].ay, d->r[i].am, d->r[i].aprec);
        if (k >= 0) {
            arrests[k] += 1;
            na += 1;
        }
    }
    memset(d->adm_u_mean, 0, sizeof d->adm_u_mean);
    for (int v = 0; v < LINK_ADM_MONTHS && na > 0; v++) {
        if (!arrests[v])
            continue;
        double u[4];
        link_admission_chances(d, v, u);
        for (int l = 1; l < 4; l++)
            d->adm_u_mean[l] += arrests[v] / na * u[l];
    }
    d->adm_known = d->adm_known && na >= ADM_KNOWN_MIN;
    /* hearings: the share of arrests in the months after each month */
    double after = 0;
    for (int v = LINK_ADM_MONTHS - 1; v >= 0; v--) {
        d->arrest_after[v] = na > 0 ? (float)(after / na) : 0;
        after += arrests[v];
    }
    double nh = 0, before = 0;
    for (size_t i = 0; i < d->n; i++) {
        int k = d->r[i].order ? link_month_index(d->r[i].hy, d->r[i].hm, d->r[i].hprec) : -1;
        if (k >= 0) {
            nh += 1;
            before += d->arrest_after[k];
        }
    }
    d->heard_before_mean = nh > 0 ? before / nh : 0;
    d->court_known = nh >= ADM_KNOWN_MIN && na >= ADM_KNOWN_MIN;
}

int link_load(store *s, ldata *d, herr *e)
{
    memset(d, 0, sizeof *d);
    lpool_init(&d->pool, 0, NULL);
    sqlite3_stmt *st;
    int rc = store_prepare(s,
                           "SELECT r.id, r.source_id, r.full_name, r.given_names, r.surname1, "
                           "r.surname2, r.surnames, r.alias, r.sex, r.birth_date, r.age, r.dui, "
                           "r.id_number, r.residence, r.mother_name, r.father_name, "
                           "r.arrest_date, COALESCE('#' || a.facility_id, r.facility_key), "
                           "COALESCE(s.received, substr(s.imported_at, 1, 10)), "
                           "COALESCE(r.death_date, CASE WHEN r.status = 'dead' "
                           "THEN r.status_date END), r.source_person, r.source_relationship, "
                           "r.arrest_place, r.facility_since, fk.kind, r.status, "
                           "r.court_order, r.hearing_date, r.status_date, r.sealed_informant, r.line "
                           "FROM record r JOIN source s ON s.id = r.source_id "
                           "LEFT JOIN facility_alias a ON a.key = r.facility_key "
                           "LEFT JOIN facility fk ON fk.id = a.facility_id ORDER BY r.id",
                           &st, e);
    if (rc != HERR_OK)
        return rc;
    load_batch *b = xcalloc(3, sizeof *b);
    for (int x = 0; x < 3; x++)
        sbuf_init(&b[x].text);
    load_pipe lp = {.st = st, .d = d, .step = SQLITE_ROW, .s = s};
    sbuf_init(&lp.tmp);
    read_batch(&lp, &b[0]);
    for (size_t k = 0; b[k % 3].n || (k && b[(k - 1) % 3].n); k++) {
        lp.parse = &b[k % 3];
        lp.add = k ? &b[(k - 1) % 3] : NULL;
        lp.read = &b[(k + 1) % 3];
        link_parallel_heavy(2, load_slice, &lp);
    }
    sqlite3_finalize(st);
    sbuf_free(&lp.tmp);
    /* A whole name with a word the lexicon does not know, one slip from a
     * given name ("Juan Carlso Pérez", "Pedro Marín Ayala"): a surname if
     * some list writes it in a surname column, else a slip of the given
     * name.  On 404k whole names of 1M synthetic records, the parser
     * alone took 986 given names for surnames; reading every such word as
     * a given name put 1642 surnames unknown to the lexicon (Marín,
     * Rosas) among the given names. */
    for (size_t k = 0; k < lp.ntwice; k++) {
        const read_twice *t = &lp.twice[k];
        if (take_alt(d, t->moved))
            fill_names(&d->pool, &t->alt, t->nick_kind, &d->r[t->rec]);
    }
    free(lp.twice);
    for (int x = 0; x < 3; x++) {
        sbuf_free(&b[x].text);
        free(b[x].parsed);
    }
    free(b);
    sodium_memzero(lp.key, sizeof lp.key);
    if (lp.sealed_bad) {
        link_data_free(d);
        *e = lp.key_error;
        return HERR_INPUT;
    }
    if (lp.step != SQLITE_DONE) {
        link_data_free(d);
        return store_error(s, e, "reading records");
    }
    /* Term frequencies: surnames, first given names, all given names and
     * facilities, one table.  Every value is a pooled string, and a
     * string is at most three keys (a surname, a first given name, all the
     * given names; or a facility; or a town), so twice that many slots keep
     * the table at most half full. */
    d->tf_cap = 1024;
    while (d->tf_cap < 6 * d->pool.used)
        d->tf_cap *= 2;
    d->tf_keys = xcalloc(d->tf_cap, sizeof *d->tf_keys);
    d->tf_counts = xcalloc(d->tf_cap, sizeof *d->tf_counts);
    /* A value's share among the values of its own kind: a surname's
     * among the surnames (first and second alike), a given name's among
     * the given names. */
    /* surnames (first and second alike), first given names, all given
     * names, facilities, towns, months of arrest: the total of each */
    static const int kind[LINK_TF_KINDS] = {0, 0, 1, 2, 3, 4, 5};
    double total[6] = {0, 0, 0, 0, 0, 0};
    for (size_t i = 0; i < d->n; i++) {
        uint32_t h[LINK_TF_KINDS];
        tf_keys(&d->r[i], h);
        for (int f = 0; f < LINK_TF_KINDS; f++)
            tf_add(d, h[f], &total[kind[f]]);
    }
    d->tf_total = 0;
    for (size_t k = 0; k < sizeof total / sizeof *total; k++)
        d->tf_total += total[k];
    d->tf_log2 = xcalloc(d->tf_cap, sizeof *d->tf_log2);
    for (size_t i = 0; i < d->n; i++) {
        uint32_t h[LINK_TF_KINDS];
        tf_keys(&d->r[i], h);
        for (int f = 0; f < LINK_TF_KINDS; f++) {
            long k = tf_slot(d, h[f]); /* every key was counted above */
            if (k < 0)
                continue;
            d->tf_log2[k] = (float)log2(fmax(d->tf_counts[k] / total[kind[f]], LINK_TF_FLOOR));
            d->r[i].tf[f] = d->tf_log2[k];
        }
    }
    month_chances(d);
    birth_years(d);
    return HERR_OK;
}

void link_data_free(ldata *d)
{
    free(d->r);
    lpool_free(&d->pool);
    free(d->tf_keys);
    free(d->tf_counts);
    free(d->tf_log2);
    free(d->surname_words.slot);
    memset(d, 0, sizeof *d);
}
