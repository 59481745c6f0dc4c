/*
 * load.c — records from the store into the compact in-memory form that
 * blocking and comparison read (internal.h), and the term frequencies of
 * name values.
 */
#include <math.h>
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

void link_rec_fill(lpool *pool, sbuf *tmp, const link_fields *f, lrec *r)
{
    memset(r, 0, sizeof *r);
    for (int k = 0; k < LINK_TF_KINDS; k++)
        r->tf[k] = 1;
    names_person p;
    names_parse_person(f->full_name, f->given_names, f->surname1, f->surname2, f->surnames,
                       f->alias, &p);
    /* A mother's or sibling's name tells a surname the list left out. */
    names_kin kin;
    names_parse_kin(f->informant, f->relationship, &kin);
    names_kin_fill(&kin, &p);
    r->given = pool_adds(pool, p.given);
    const char *cur = p.given, *w;
    size_t wn = names_next_word(&cur, &w);
    r->given1 = lpool_add(pool, w, wn);
    while (*cur == ' ')
        cur++;
    r->grest = pool_adds(pool, cur);
    r->s1 = pool_adds(pool, p.surname1);
    r->s2 = pool_adds(pool, p.surname2);
    r->nick = pool_adds(pool, p.nickname);
    r->gkey = link_hash(p.given_key);
    r->s1key = link_hash(p.surname1_key);
    r->s2key = link_hash(p.surname2_key);
    r->g1h = wn ? link_hash(pool_str(pool, r->given1)) : 0;
    r->gh = p.given[0] ? link_hash(p.given) : 0;
    r->s1h = link_hash(p.surname1);
    if (p.surname1[0] && p.surname1[1])
        r->s1pre = (uint16_t)((unsigned char)p.surname1[0] << 8 | (unsigned char)p.surname1[1]);
    size_t s1n = strlen(p.surname1);
    if (s1n >= 4)
        r->s1suf = (uint32_t)(unsigned char)p.surname1[s1n - 3] << 16 |
                   (uint32_t)(unsigned char)p.surname1[s1n - 2] << 8 |
                   (unsigned char)p.surname1[s1n - 1];
    r->s2h = link_hash(p.surname2);
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
    if (kin.role == NAMES_KIN_MOTHER && !r->mother)
        r->mother = pool_relative(pool, tmp, &kin.relative);
    if (kin.role == NAMES_KIN_FATHER && !r->father)
        r->father = pool_relative(pool, tmp, &kin.relative);
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
                           "r.court_order, r.hearing_date, r.status_date "
                           "FROM record r JOIN source s ON s.id = r.source_id "
                           "LEFT JOIN facility_alias a ON a.key = r.facility_key "
                           "LEFT JOIN facility fk ON fk.id = a.facility_id ORDER BY r.id",
                           &st, e);
    if (rc != HERR_OK)
        return rc;
    size_t cap = 0;
    sbuf tmp;
    sbuf_init(&tmp);
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        if (d->n == cap) {
            cap = cap ? cap * 2 : 4096;
            d->r = xrealloc(d->r, cap * sizeof *d->r);
        }
        lrec *r = &d->r[d->n++];
        link_fields f = {
            .full_name = col(st, 2), .given_names = col(st, 3), .surname1 = col(st, 4),
            .surname2 = col(st, 5), .surnames = col(st, 6), .alias = col(st, 7),
            .sex = col(st, 8), .birth_date = col(st, 9),
            .age = sqlite3_column_type(st, 10) == SQLITE_NULL ? -1 : sqlite3_column_int(st, 10),
            .dui = col(st, 11), .id_number = col(st, 12), .residence = col(st, 13),
            .mother_name = col(st, 14), .father_name = col(st, 15), .arrest_date = col(st, 16),
            .facility_key = col(st, 17), .received = col(st, 18), .death_date = col(st, 19),
            .informant = col(st, 20), .relationship = col(st, 21),
            .arrest_place = col(st, 22), .facility_since = col(st, 23),
            .facility_cell = facility_kind_is_cell(col(st, 24)), .status = col(st, 25),
            .court_order = col(st, 26), .hearing_date = col(st, 27),
            .status_date = col(st, 28)};
        link_rec_fill(&d->pool, &tmp, &f, r);
        r->id = (long)sqlite3_column_int64(st, 0);
        r->source = sqlite3_column_int(st, 1);
    }
    sqlite3_finalize(st);
    sbuf_free(&tmp);
    if (step != SQLITE_DONE) {
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
     * names, facilities, towns: the total of each */
    static const int kind[LINK_TF_KINDS] = {0, 0, 1, 2, 3, 4};
    double total[5] = {0, 0, 0, 0, 0};
    for (size_t i = 0; i < d->n; i++) {
        uint32_t h[LINK_TF_KINDS];
        tf_keys(&d->r[i], h);
        for (int f = 0; f < LINK_TF_KINDS; f++)
            tf_add(d, h[f], &total[kind[f]]);
    }
    d->tf_total = total[0] + total[1] + total[2] + total[3] + total[4];
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
    return HERR_OK;
}

void link_data_free(ldata *d)
{
    free(d->r);
    lpool_free(&d->pool);
    free(d->tf_keys);
    free(d->tf_counts);
    free(d->tf_log2);
    memset(d, 0, sizeof *d);
}
