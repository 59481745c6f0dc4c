/*
 * parse.c — a person's name from whatever columns a list gave.
 *
 * Four steps, each on a small fixed buffer on the stack (no allocation;
 * linkage parses a million names per run):
 *
 * 1. Tokens.  Each field is folded as names_fold() does (NFKD, case fold,
 *    marks stripped), but the punctuation that carries meaning in a name
 *    is kept as tokens: quotes and parentheses around nicknames, the
 *    comma of "HERNANDEZ, JOSE", the hyphen of "García-Prieto"; an
 *    apostrophe inside a word joins it ("D'Aubuisson" -> "daubuisson").
 *    Digits separate words and are dropped.
 *
 * 2. Nicknames out, noise out.  A quoted or parenthesised part, whatever
 *    follows "alias", "(a)", "apodo", "conocido como", and an article with
 *    its word ("el flaco", "la gata") is a nickname, not a name.  Street
 *    nicknames without article ("chino") too.  Honorifics ("sr", "dona",
 *    "lic") and absence markers ("n/d", "s/n", "nn", "desconocido") go.
 *    The first nickname found is kept; the alias column is read first so
 *    that it wins.
 *
 * 3. Units.  Words are grouped into the pieces a name is made of: a
 *    particle with its surname ("de la cruz"), a hyphenated surname, a
 *    compound given name ("maria de los angeles", "jose de jesus": a
 *    known given name followed by de/del + a devotional word), a
 *    married name ("viuda de flores", or "de X" last after at least one
 *    surname when the first given name is not a man's).  "y" between
 *    surnames ("perez y lopez") is the old conjunction and is dropped.
 *
 * 4. Split.  Units are split into given names and surnames by scoring
 *    every cut: each unit leans to given or surname by its frequencies in
 *    the lexicon (a particle unit is always a surname), and the shape
 *    "one or two given names, then two surnames" is preferred to one
 *    surname, which is preferred to three.  So "Juan Carlos Pérez" is
 *    2+1 (carlos is a given name), "Juan Pérez López" 1+2, "Juan Santos
 *    Reyes" 1+2 (santos is as common either way: ties go to two
 *    surnames, since most Salvadorans are registered with two while a
 *    second given name is optional), unknown words 1+2.  Words that are
 *    all plainly given names ("Juan Carlos") stay given names; a single
 *    word is a given name unless it is only ever a surname.  A name that
 *    reads much better surnames first ("HERNANDEZ MARTINEZ JOSE LUIS", as
 *    many official lists print) is taken so; a name of surnames only
 *    ("Hernández Martínez") stays surnames only.
 *    names_parse_person_alt reads a whole name a second time with each
 *    unknown word one slip from a known given name taken for a slip of
 *    it ("Juan Carlso Pérez"); which reading holds, the lists decide.
 *
 * Lengths: a field is read up to FIELD_BYTES folded bytes and FIELD_WORDS
 * tokens; the rest is ignored (no real name comes near).
 */
#include "names.h"

#include <assert.h>
#include <string.h>

#include <utf8proc.h>

#include "lexicon.h"

enum { FIELD_BYTES = 320, FIELD_WORDS = 40, NICK_CAP = sizeof(((names_person *)0)->nickname) };

/* ---- 1. tokens ---- */

enum { TK_WORD, TK_COMMA, TK_OPEN, TK_CLOSE, TK_QUOTE };

typedef struct tok {
    const char *s;
    unsigned short len;
    unsigned char kind;
    bool hyphen; /* word joined to the previous word by a hyphen */
} tok;

typedef struct field {
    char buf[FIELD_BYTES];
    size_t used;
    tok t[FIELD_WORDS];
    int n;
} field;

typedef struct tokenizer {
    field *f;
    bool in_word; /* the last byte written belongs to the current word */
    bool hyphen;  /* a hyphen directly followed the last word */
    bool full;    /* out of room: ignore the rest */
} tokenizer;

static void tk_mark(tokenizer *z, int kind)
{
    field *f = z->f;
    z->in_word = false;
    z->hyphen = false;
    if (f->n == FIELD_WORDS) {
        z->full = true;
        return;
    }
    f->t[f->n++] = (tok){.s = f->buf + f->used, .len = 0, .kind = (unsigned char)kind};
}

static void tk_end_word(tokenizer *z)
{
    z->in_word = false;
}

/* Appends one folded byte sequence (a letter) to the current word. */
static void tk_letter(tokenizer *z, const char *bytes, size_t n)
{
    field *f = z->f;
    if (z->full)
        return;
    if (f->used + n + 1 > FIELD_BYTES) {
        z->full = true;
        return;
    }
    if (!z->in_word) {
        if (f->n == FIELD_WORDS) {
            z->full = true;
            return;
        }
        bool joined = z->hyphen && f->n > 0 && f->t[f->n - 1].kind == TK_WORD;
        f->t[f->n++] = (tok){.s = f->buf + f->used, .len = 0, .kind = TK_WORD, .hyphen = joined};
        z->in_word = true;
        z->hyphen = false;
    }
    memcpy(f->buf + f->used, bytes, n);
    f->used += n;
    f->t[f->n - 1].len = (unsigned short)(f->t[f->n - 1].len + n);
}

static bool ascii_letter(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* A letter follows at s[i] (ASCII or any non-ASCII byte, which is most
 * likely an accented letter). */
static bool letter_at(const unsigned char *s, size_t i)
{
    return ascii_letter(s[i]) || s[i] >= 0x80;
}

static void tk_codepoint(tokenizer *z, utf8proc_int32_t cp, bool apostrophe_joins)
{
    switch (cp) {
    case 0x201C:
    case 0x201D:
    case 0x201E:
    case 0x00AB:
    case 0x00BB:
    case 0x2039:
    case 0x203A:
    case 0x2018: tk_mark(z, TK_QUOTE); return;
    case 0x2019: /* right single quote: an apostrophe inside a word */
        if (apostrophe_joins)
            return;
        tk_mark(z, TK_QUOTE);
        return;
    case 0x2010:
    case 0x2011:
        if (z->in_word)
            z->hyphen = true;
        tk_end_word(z);
        return;
    default: break;
    }
    utf8proc_int32_t d[8];
    int last_boundclass = 0;
    utf8proc_ssize_t m = utf8proc_decompose_char(
        cp, d, 8, UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK,
        &last_boundclass);
    if (m < 0 || m > 8) {
        tk_end_word(z);
        return;
    }
    for (utf8proc_ssize_t k = 0; k < m; k++) {
        utf8proc_category_t cat = utf8proc_category(d[k]);
        if (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO) {
            utf8proc_uint8_t enc[4];
            utf8proc_ssize_t len = utf8proc_encode_char(d[k], enc);
            tk_letter(z, (const char *)enc, (size_t)len);
        } else if (cat != UTF8PROC_CATEGORY_MN && cat != UTF8PROC_CATEGORY_MC &&
                   cat != UTF8PROC_CATEGORY_ME) {
            tk_end_word(z);
        }
    }
}

static void tokenize(const char *text, field *f)
{
    f->used = 0;
    f->n = 0;
    if (!text)
        return;
    tokenizer z = {.f = f};
    const unsigned char *s = (const unsigned char *)text;
    size_t n = strlen(text);
    for (size_t i = 0; i < n && !z.full;) {
        unsigned char c = s[i];
        if (c < 0x80) {
            i++;
            if (ascii_letter(c)) {
                char lc = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
                tk_letter(&z, &lc, 1);
                continue;
            }
            switch (c) {
            case '\'':
                if (z.in_word && letter_at(s, i))
                    break; /* D'Aubuisson */
                tk_mark(&z, TK_QUOTE);
                break;
            case '"':
            case '`': tk_mark(&z, TK_QUOTE); break;
            case ',':
            case ';': tk_mark(&z, TK_COMMA); break;
            case '(':
            case '[':
            case '{': tk_mark(&z, TK_OPEN); break;
            case ')':
            case ']':
            case '}': tk_mark(&z, TK_CLOSE); break;
            case '-':
                if (z.in_word)
                    z.hyphen = true;
                tk_end_word(&z);
                break;
            default:
                /* Space, digits, other punctuation.  A space after a hyphen
                 * ("Garcia- Prieto") keeps the join; anything else ends it. */
                if (c != ' ')
                    z.hyphen = false;
                tk_end_word(&z);
                break;
            }
            continue;
        }
        utf8proc_int32_t cp;
        utf8proc_ssize_t len = utf8proc_iterate(s + i, (utf8proc_ssize_t)(n - i), &cp);
        if (len <= 0) { /* invalid UTF-8: skip the byte */
            i++;
            tk_end_word(&z);
            continue;
        }
        i += (size_t)len;
        tk_codepoint(&z, cp, z.in_word && i < n && letter_at(s, i));
    }
}

/* ---- words and their lexicon entries ---- */

typedef struct word {
    const char *s;
    unsigned char len;
    bool hyphen;
    const lex_entry *lex; /* NULL when unknown */
    lex_near_info near;   /* unknown, and parse.near: what the words one slip from it are */
} word;

typedef struct wordlist {
    field f; /* the tokens the words point into */
    word w[FIELD_WORDS];
    int n;
    int comma; /* index of the first word after a comma that has words on both sides, or -1 */
} wordlist;

static bool word_is(const word *w, const char *lit)
{
    size_t n = strlen(lit);
    return w->len == n && memcmp(w->s, lit, n) == 0;
}

static bool tok_is(const tok *t, const char *lit)
{
    size_t n = strlen(lit);
    return t->kind == TK_WORD && t->len == n && memcmp(t->s, lit, n) == 0;
}

static unsigned flags_of(const word *w)
{
    if (!w->lex) /* "angeels", read as a slip (names_parse_person_alt) */
        return w->near.devotional ? (unsigned)LEX_DEVOTIONAL : 0u;
    return w->lex->flags;
}

/* ---- output buffers: words joined by one space, cut at a word ---- */

typedef struct outbuf {
    char *p;
    size_t cap, len;
    bool full;
} outbuf;

static outbuf ob(char *p, size_t cap)
{
    p[0] = '\0';
    return (outbuf){.p = p, .cap = cap};
}

static void ob_word(outbuf *o, const char *s, size_t n)
{
    if (o->full || n == 0)
        return;
    size_t need = (o->len ? 1 : 0) + n;
    if (o->len + need + 1 > o->cap) {
        o->full = true;
        return;
    }
    if (o->len)
        o->p[o->len++] = ' ';
    memcpy(o->p + o->len, s, n);
    o->len += n;
    o->p[o->len] = '\0';
}

/* Appends a string that may hold several words. */
static void ob_words(outbuf *o, const char *s)
{
    const char *cur = s, *w;
    for (size_t n; (n = names_next_word(&cur, &w)) > 0;)
        ob_word(o, w, n);
}

/* ---- parse state ---- */

typedef struct parse {
    char nick[NICK_CAP];
    char hypo[NICK_CAP]; /* first hypocoristic written as a given name */
    names_person *out;
    bool near;    /* read unknown words one slip from a given name as given names */
    int unknown;  /* words of four letters or more the lexicon does not know */
} parse;

/* ---- 2. nicknames and noise ---- */

/* First index >= i that is not a word, or f->n. */
static int run_end(const field *f, int i)
{
    while (i < f->n && f->t[i].kind == TK_WORD)
        i++;
    return i;
}

/* Single letters that mean "no data" when they come in pairs: N/D, N.N.,
 * S/N, S/D, N/A. */
static bool absent_pair(const tok *a, const tok *b)
{
    if (a->len != 1 || b->len != 1 || a->kind != TK_WORD || b->kind != TK_WORD)
        return false;
    char x = a->s[0], y = b->s[0];
    return (x == 'n' && (y == 'd' || y == 'n' || y == 'a')) || (x == 's' && (y == 'n' || y == 'd'));
}

/* Keeps words t[a..b) as the nickname unless one was found already:
 * leading articles and alias markers dropped, absence markers dropped. */
static void take_nick(parse *ps, const field *f, int a, int b)
{
    if (ps->nick[0])
        return;
    outbuf o = ob(ps->nick, sizeof ps->nick);
    for (int i = a; i < b; i++) {
        const tok *t = &f->t[i];
        if (t->kind != TK_WORD)
            continue;
        if (i + 1 < b && absent_pair(t, &f->t[i + 1])) {
            i++;
            continue;
        }
        const lex_entry *e = lex_find(t->s, t->len);
        unsigned fl = e ? e->flags : 0u;
        if (o.len == 0 && (fl & (LEX_ARTICLE | LEX_ALIAS | LEX_HONORIFIC)))
            continue;
        if (o.len == 0 && (tok_is(t, "como") || tok_is(t, "por") || tok_is(t, "a")))
            continue;
        if (fl & LEX_ABSENT)
            continue;
        ob_word(&o, t->s, t->len);
    }
}

/* Adds token ti (whose entry is e) to the words of the name, unless it is
 * noise or a street nickname; returns whether it was added. */
static bool add_word(parse *ps, wordlist *wl, int ti, const lex_entry *e, bool after_comma)
{
    const tok *t = &wl->f.t[ti];
    if (e) {
        if (e->flags & (LEX_HONORIFIC | LEX_ABSENT))
            return false;
        if ((e->flags & LEX_STREET) && !e->given && !e->surname) {
            take_nick(ps, &wl->f, ti, ti + 1);
            return false;
        }
    }
    if (after_comma && wl->n > 0 && wl->comma < 0)
        wl->comma = wl->n;
    word *w = &wl->w[wl->n++];
    w->s = t->s;
    w->len = (unsigned char)(t->len > 255 ? 255 : t->len);
    w->hyphen = t->hyphen && wl->n > 1;
    w->lex = e;
    w->near = (lex_near_info){0};
    if (!e && w->len >= 4) {
        ps->unknown++;
        if (ps->near)
            w->near = lex_near(w->s, w->len);
    }
    if (e && e->expand) {
        w->s = e->expand;
        w->len = (unsigned char)strlen(e->expand);
        w->lex = lex_find(w->s, w->len);
    }
    return true;
}

/* Tokenizes `text` into wl->f and fills wl with the words that are part
 * of the name; nicknames go to ps->nick. */
static void read_field(parse *ps, const char *text, wordlist *wl)
{
    field *f = &wl->f;
    tokenize(text, f);
    wl->n = 0;
    wl->comma = -1;
    bool comma = false;
    for (int i = 0; i < f->n; i++) {
        const tok *t = &f->t[i];
        switch (t->kind) {
        case TK_QUOTE: {
            int j = i + 1;
            while (j < f->n && f->t[j].kind != TK_QUOTE)
                j++;
            if (j < f->n) { /* unmatched quotes are ignored */
                take_nick(ps, f, i + 1, j);
                i = j;
            }
            continue;
        }
        case TK_OPEN: {
            int j = i + 1;
            while (j < f->n && f->t[j].kind != TK_CLOSE)
                j++;
            if (j == i + 2 && tok_is(&f->t[i + 1], "a")) { /* "(a) El Flaco" */
                int k = run_end(f, j + 1);
                take_nick(ps, f, j + 1, k);
                i = k - 1;
            } else {
                take_nick(ps, f, i + 1, j);
                i = j;
            }
            continue;
        }
        case TK_CLOSE: continue;
        case TK_COMMA: comma = true; continue;
        default: break;
        }
        if (i + 1 < f->n && absent_pair(t, &f->t[i + 1])) {
            i++;
            continue;
        }
        const lex_entry *e = lex_find(t->s, t->len);
        unsigned fl = e ? e->flags : 0u;
        bool next_word = i + 1 < f->n && f->t[i + 1].kind == TK_WORD;
        if (fl & LEX_ALIAS) {
            int start = i + 1;
            if (start < f->n && (tok_is(&f->t[start], "como") || tok_is(&f->t[start], "por")))
                start++;
            int k = run_end(f, start);
            take_nick(ps, f, start, k);
            i = k - 1;
            continue;
        }
        if (tok_is(t, "a") && next_word) {
            const lex_entry *ne = lex_find(f->t[i + 1].s, f->t[i + 1].len);
            if (ne && (ne->flags & LEX_ARTICLE)) /* "a. El Flaco": "(a)" without brackets */
                continue;
        }
        if (fl & LEX_ARTICLE) {
            bool after_de = wl->n > 0 && word_is(&wl->w[wl->n - 1], "de");
            if (!after_de) { /* "el flaco", "la gata": a nickname */
                if (next_word) {
                    take_nick(ps, f, i, i + 2);
                    i++;
                }
                continue;
            }
        }
        if (add_word(ps, wl, i, e, comma))
            comma = false;
    }
}

/* ---- 3. units ---- */

enum { U_PLAIN, U_PARTICLE, U_COMPOUND };

typedef struct unit {
    int first, count; /* words wl->w[first .. first+count) */
    unsigned char kind;
    bool de_plain; /* exactly "de" + one word: may be a married name */
    int lean;      /* > 0 leans to given name, < 0 to surname */
    int g, s;      /* given and surname weights */
} unit;

typedef struct units {
    unit u[FIELD_WORDS];
    int n;
    int widow; /* first word of a "viuda de" married name, or -1 */
} units;

/* Given-name weight of a word: the lexicon's, or 3 for a hypocoristic,
 * 1 for an initial. */
static int given_weight(const word *w)
{
    if (w->lex && w->lex->given)
        return w->lex->given;
    const char *canon;
    if (hypo_lookup(w->s, w->len, &canon))
        return 3;
    if (w->len == 1)
        return 1;
    /* read as a slip of a given name ("Carlso"; names_parse_person_alt) */
    if (w->near.given > w->near.surname)
        return w->near.given > 1 ? w->near.given - 1 : 1;
    return 0;
}

static int surname_weight(const word *w)
{
    if (w->lex)
        return w->lex->surname;
    /* Unknown words ending in -ez are patronymic surnames. */
    if (w->len >= 4 && w->s[w->len - 2] == 'e' && w->s[w->len - 1] == 'z')
        return 2;
    return 0;
}

static void weigh(const wordlist *wl, unit *u)
{
    if (u->kind == U_PARTICLE) {
        u->g = 0;
        u->s = 5;
        u->lean = -8;
        return;
    }
    if (u->kind == U_COMPOUND) {
        u->g = 6;
        u->s = 0;
        u->lean = 6;
        return;
    }
    int g = 99, s = 0;
    for (int i = u->first; i < u->first + u->count; i++) {
        int gi = given_weight(&wl->w[i]), si = surname_weight(&wl->w[i]);
        g = gi < g ? gi : g;
        s = si > s ? si : s;
    }
    if (u->count > 1 && s > 0)
        g = 0; /* "garcia-prieto" */
    u->g = g;
    u->s = s;
    u->lean = g - s;
}

/* Groups words [a, b) into units.  compound: a known given name followed
 * by de/del + devotional word makes one given-name unit. */
static void group(const wordlist *wl, int a, int b, bool compound, units *us)
{
    us->n = 0;
    us->widow = -1;
    int i = a;
    while (i < b) {
        const word *w = &wl->w[i];
        unsigned fl = flags_of(w);
        if (fl & LEX_WIDOW) {
            int j = i + 1;
            if (j < b && word_is(&wl->w[j], "de"))
                j++;
            if (j < b)
                us->widow = j;
            break;
        }
        if (word_is(w, "y")) { /* "perez y lopez" */
            i++;
            continue;
        }
        bool de = word_is(w, "de"), del = word_is(w, "del");
        int head = i, j = i;
        if (de || del) {
            j = i + 1;
            if (de && j < b && (flags_of(&wl->w[j]) & LEX_ARTICLE))
                j++;
            if (j >= b) /* a dangling particle */
                break;
        }
        int end = j + 1;
        while (end < b && wl->w[end].hyphen)
            end++;
        if (de || del) {
            unit *prev = us->n ? &us->u[us->n - 1] : NULL;
            if (compound && prev && prev->kind != U_PARTICLE && prev->g > 0 && prev->g >= prev->s &&
                end == j + 1 && (flags_of(&wl->w[j]) & LEX_DEVOTIONAL)) {
                prev->count = end - prev->first;
                prev->kind = U_COMPOUND;
                weigh(wl, prev);
                i = end;
                continue;
            }
        }
        unit *u = &us->u[us->n++];
        u->first = head;
        u->count = end - head;
        u->kind = (de || del) ? U_PARTICLE : U_PLAIN;
        u->de_plain = de && j == i + 1 && end == j + 1;
        weigh(wl, u);
        i = end;
    }
}

/* The sex the first given word suggests: 'm', 'f', or 'u'. */
static char sex_of(const word *w)
{
    if (!w)
        return 'u';
    const lex_entry *e = w->lex;
    const char *canon;
    if (hypo_lookup(w->s, w->len, &canon) && canon) {
        const char *sp = strchr(canon, ' ');
        e = lex_find(canon, sp ? (size_t)(sp - canon) : strlen(canon));
    }
    return e && e->sex ? e->sex : 'u';
}

/* May "de X" at the end be a married name?  Not after a man's name; when
 * the sex is not known, not when X is a surname usually written with de
 * ("de leon", "de paz"). */
static bool married_ok(char sex, const word *x)
{
    if (sex == 'f')
        return true;
    if (sex == 'm')
        return false;
    return !(flags_of(x) & LEX_DE_SURNAME);
}

/* ---- 4. output ---- */

static void emit_unit(outbuf *o, const wordlist *wl, const unit *u)
{
    for (int i = u->first; i < u->first + u->count; i++)
        ob_word(o, wl->w[i].s, wl->w[i].len);
}

static void emit_given_words(parse *ps, outbuf *o, const wordlist *wl, int a, int b)
{
    for (int i = a; i < b; i++) {
        const word *w = &wl->w[i];
        const char *canon;
        if (hypo_lookup(w->s, w->len, &canon)) {
            if (!ps->hypo[0]) {
                outbuf h = ob(ps->hypo, sizeof ps->hypo);
                ob_word(&h, w->s, w->len);
            }
            if (canon) {
                ob_words(o, canon);
                continue;
            }
        }
        ob_word(o, w->s, w->len);
    }
}

static void emit_given_units(parse *ps, outbuf *o, const wordlist *wl, const units *us, int a,
                             int b)
{
    for (int k = a; k < b; k++)
        emit_given_words(ps, o, wl, us->u[k].first, us->u[k].first + us->u[k].count);
}

static void emit_married(parse *ps, const wordlist *wl, int from, int to)
{
    outbuf o = ob(ps->out->married, sizeof ps->out->married);
    for (int i = from; i < to; i++)
        ob_word(&o, wl->w[i].s, wl->w[i].len);
}

/* Surnames only, in words [a, b): first unit is surname1, the rest
 * surname2, a final "de X" (after at least min_before units) or "viuda de
 * X" the married name.  Writes into s1/s2 (either may be NULL: then that
 * part goes to the other). */
static void split_surnames(parse *ps, const wordlist *wl, int a, int b, char sex, int min_before,
                           outbuf *s1, outbuf *s2)
{
    units us;
    group(wl, a, b, false, &us);
    if (us.widow >= 0)
        emit_married(ps, wl, us.widow, b);
    else if (us.n > min_before && us.u[us.n - 1].de_plain) {
        const unit *u = &us.u[us.n - 1];
        if (married_ok(sex, &wl->w[u->first + 1])) {
            emit_married(ps, wl, u->first + 1, u->first + 2);
            us.n--;
        }
    }
    for (int k = 0; k < us.n; k++)
        emit_unit(k == 0 && s1 ? s1 : s2, wl, &us.u[k]);
}

static int prior(int k, int m)
{
    static const int pm[] = {-2, 1, 2, -2};
    int p = m < 4 ? pm[m] : -6;
    p += k <= 2 ? 0 : k == 3 ? -1 : -4;
    return p;
}

/* Score of "k given units, then surnames". */
static int score_given_first(const units *us, int k)
{
    int sc = prior(k, us->n - k);
    for (int i = 0; i < us->n; i++)
        sc += i < k ? us->u[i].lean : -us->u[i].lean;
    return sc;
}

/* Score of "m surname units, then given names". */
static int score_surname_first(const units *us, int m)
{
    int sc = prior(us->n - m, m);
    for (int i = 0; i < us->n; i++)
        sc += i < m ? -us->u[i].lean : us->u[i].lean;
    return sc;
}

/* How much better surnames-first must read before a name is taken so. */
enum { SURNAME_FIRST_MARGIN = 8 };

static void parse_full(parse *ps, const wordlist *wl)
{
    names_person *out = ps->out;
    outbuf given = ob(out->given, sizeof out->given);
    outbuf s1 = ob(out->surname1, sizeof out->surname1);
    outbuf s2 = ob(out->surname2, sizeof out->surname2);
    if (wl->n == 0)
        return;
    if (wl->comma > 0) {
        /* "HERNANDEZ MARTINEZ, JOSE LUIS", unless plainly the other way
         * round ("Jose Luis, Hernandez Martinez"). */
        int c = wl->comma;
        const word *left = &wl->w[0], *right = &wl->w[c];
        if (given_weight(left) > surname_weight(left) &&
            given_weight(right) < surname_weight(right)) {
            emit_given_words(ps, &given, wl, 0, c);
            split_surnames(ps, wl, c, wl->n, sex_of(left), 1, &s1, &s2);
        } else {
            split_surnames(ps, wl, 0, c, sex_of(right), 1, &s1, &s2);
            emit_given_words(ps, &given, wl, c, wl->n);
        }
        return;
    }
    units us;
    group(wl, 0, wl->n, true, &us);
    char sex = us.n ? sex_of(&wl->w[us.u[0].first]) : 'u';
    if (us.widow >= 0) {
        emit_married(ps, wl, us.widow, wl->n);
    } else if (us.n >= 3 && us.u[us.n - 1].de_plain) {
        const unit *u = &us.u[us.n - 1];
        if (married_ok(sex, &wl->w[u->first + 1])) {
            emit_married(ps, wl, u->first + 1, u->first + 2);
            us.n--;
        }
    }
    if (us.n == 0)
        return;
    /* A word that is a given name only of the other sex than the first
     * ("Rosa" after "José Roberto") is a surname here: a man is not given
     * a woman's name after his own, but for the old devotional pairs
     * "José María" and "María José". */
    for (int i = 1; i < us.n && (sex == 'm' || sex == 'f'); i++) {
        unit *u = &us.u[i];
        if (u->kind != U_PLAIN || u->count != 1)
            continue;
        const word *w = &wl->w[u->first];
        char other = sex_of(w);
        if ((other == 'm' || other == 'f') && other != sex && !word_is(w, "maria") &&
            !word_is(w, "jose")) {
            u->g = 0;
            u->lean = u->s > 0 ? -u->s : -1;
        }
    }
    if (us.n == 1) { /* one word: a given name, unless only ever a surname */
        const unit *u = &us.u[0];
        if (u->kind == U_PARTICLE || (u->g == 0 && u->s > 0))
            emit_unit(&s1, wl, u);
        else
            emit_given_units(ps, &given, wl, &us, 0, 1);
        return;
    }
    bool all_surnames = us.u[0].lean < 0;
    for (int i = 0; i < us.n && all_surnames; i++)
        all_surnames = us.u[i].lean <= 0 && us.u[i].s > 0;
    if (all_surnames) { /* "Hernández Martínez", "De la Cruz López" */
        emit_unit(&s1, wl, &us.u[0]);
        for (int k = 1; k < us.n; k++)
            emit_unit(&s2, wl, &us.u[k]);
        return;
    }
    /* Given names first: k given units, at least one surname unless every
     * unit is clearly a given name ("Juan Carlos", "Rosa Elena"). */
    bool may_be_all_given = true;
    for (int i = 0; i < us.n; i++)
        if (us.u[i].lean < 2)
            may_be_all_given = false;
    int best_k = 1, best = score_given_first(&us, 1);
    for (int k = 2; k <= us.n; k++) {
        if (k == us.n && !may_be_all_given)
            break;
        int sc = score_given_first(&us, k);
        if (sc > best) {
            best = sc;
            best_k = k;
        }
    }
    /* Surnames first: one or two surname units, then given names that are
     * known as such. */
    int best_m = 0;
    if (us.u[0].lean < 0) {
        int best_sf = best + SURNAME_FIRST_MARGIN - 1;
        for (int m = 1; m <= 2 && m < us.n; m++) {
            if (us.u[m].lean < 0)
                continue;
            int sc = score_surname_first(&us, m);
            if (sc > best_sf) {
                best_sf = sc;
                best_m = m;
            }
        }
    }
    if (best_m > 0) {
        emit_unit(&s1, wl, &us.u[0]);
        if (best_m == 2)
            emit_unit(&s2, wl, &us.u[1]);
        emit_given_units(ps, &given, wl, &us, best_m, us.n);
        return;
    }
    emit_given_units(ps, &given, wl, &us, 0, best_k);
    if (best_k < us.n)
        emit_unit(&s1, wl, &us.u[best_k]);
    for (int k = best_k + 1; k < us.n; k++)
        emit_unit(&s2, wl, &us.u[k]);
}

/* ---- keys ---- */

/* Phonetic key of the first word of s that is not a particle or article. */
static void key_of(const char *s, bool skip_particles, char *key, size_t cap)
{
    const char *cur = s, *w;
    for (size_t n; (n = names_next_word(&cur, &w)) > 0;) {
        if (skip_particles) {
            const lex_entry *e = lex_find(w, n);
            if (e && (e->flags & (LEX_PARTICLE | LEX_ARTICLE)))
                continue;
        }
        char tmp[64];
        if (n >= sizeof tmp)
            n = sizeof tmp - 1;
        memcpy(tmp, w, n);
        tmp[n] = '\0';
        names_phonetic(tmp, key, cap);
        return;
    }
    key[0] = '\0';
}

/* ---- entry point ---- */

static int parse_person(const char *full, const char *given, const char *surname1,
                        const char *surname2, const char *surnames, const char *alias, bool near,
                        names_person *out)
{
    assert(out);
    parse ps;
    ps.nick[0] = '\0';
    ps.hypo[0] = '\0';
    ps.out = out;
    ps.near = near;
    ps.unknown = 0;
    out->given[0] = out->surname1[0] = out->surname2[0] = out->married[0] = '\0';
    out->nickname[0] = out->familiar[0] = '\0';

    /* The alias column first, all of it, so that its nickname wins:
     * "alias Chepe", "(a) El Flaco", "\"Chino Loco\"". */
    wordlist gw, sw;
    tokenize(alias, &gw.f);
    take_nick(&ps, &gw.f, 0, gw.f.n);

    read_field(&ps, given, &gw);
    outbuf g = ob(out->given, sizeof out->given);
    emit_given_words(&ps, &g, &gw, 0, gw.n);
    char sex = sex_of(gw.n ? &gw.w[0] : NULL);

    bool have_surnames = false;
    read_field(&ps, surname1, &sw);
    outbuf s1 = ob(out->surname1, sizeof out->surname1);
    outbuf s2 = ob(out->surname2, sizeof out->surname2);
    if (sw.n > 0) {
        have_surnames = true;
        wordlist w2;
        read_field(&ps, surname2, &w2);
        if (w2.n == 0) {
            split_surnames(&ps, &sw, 0, sw.n, sex, 1, &s1, &s2);
        } else {
            /* Both columns: surname1 as written; surname2 may be a married
             * name ("de hernandez", "vda. de flores"). */
            for (int i = 0; i < sw.n; i++)
                ob_word(&s1, sw.w[i].s, sw.w[i].len);
            split_surnames(&ps, &w2, 0, w2.n, sex == 'f' ? 'u' : sex, 0, NULL, &s2);
        }
    } else {
        read_field(&ps, surname2, &sw);
        if (sw.n > 0) {
            have_surnames = true;
            split_surnames(&ps, &sw, 0, sw.n, sex == 'f' ? 'u' : sex, 0, NULL, &s2);
        } else {
            read_field(&ps, surnames, &sw);
            if (sw.n > 0) {
                have_surnames = true;
                split_surnames(&ps, &sw, 0, sw.n, sex, 1, &s1, &s2);
            }
        }
    }

    if (gw.n == 0 && !have_surnames) {
        read_field(&ps, full, &sw);
        parse_full(&ps, &sw);
    }

    outbuf nk = ob(out->nickname, sizeof out->nickname);
    ob_words(&nk, ps.nick[0] ? ps.nick : ps.hypo);
    out->nickname_as_given = !ps.nick[0] && ps.hypo[0];
    outbuf fam = ob(out->familiar, sizeof out->familiar);
    ob_words(&fam, ps.hypo);
    if (!out->given[0] && out->nickname[0]) {
        /* "alias Chepe" and nothing else: Chepe is José. */
        const char *canon;
        if (hypo_lookup(out->nickname, strlen(out->nickname), &canon) && canon) {
            outbuf g2 = ob(out->given, sizeof out->given);
            ob_words(&g2, canon);
        }
    }

    key_of(out->given, false, out->given_key, sizeof out->given_key);
    key_of(out->surname1, true, out->surname1_key, sizeof out->surname1_key);
    key_of(out->surname2, true, out->surname2_key, sizeof out->surname2_key);
    return ps.unknown;
}

void names_parse_person(const char *full, const char *given, const char *surname1,
                        const char *surname2, const char *surnames, const char *alias,
                        names_person *out)
{
    parse_person(full, given, surname1, surname2, surnames, alias, false, out);
}

bool names_parse_person_alt(const char *full, const char *alias, names_person *out,
                            names_person *alt, char *moved, size_t cap)
{
    if (parse_person(full, NULL, NULL, NULL, NULL, alias, false, out) == 0)
        return false;
    parse_person(full, NULL, NULL, NULL, NULL, alias, true, alt);
    if (strcmp(alt->given, out->given) == 0)
        return false;
    const char *last = strrchr(alt->given, ' ');
    last = last ? last + 1 : alt->given;
    outbuf w = ob(moved, cap);
    ob_words(&w, last);
    return true;
}
