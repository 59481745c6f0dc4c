/*
 * nicknames.c — hypocoristics: the familiar forms of given names.
 *
 * Salvadoran lists, and relatives asking for someone, often give the name
 * people use rather than the one on the DUI: "Chepe" for José, "Toño"
 * for Antonio, "Chayo" for Rosario.  Each entry maps the familiar form to
 * one canonical given name, and lists the other names it is also used
 * for, so that linkage can accept it against any of them.
 *
 * Decisions where the familiar form is shared:
 *   beto   -> roberto (the more common in El Salvador); also alberto,
 *             humberto, heriberto, gilberto, norberto, rigoberto...
 *   fredy  -> alfredo (the classic derivation); also wilfredo, which is
 *             as common in El Salvador.  Fredy is also a registered name
 *             in its own right: the word as written is kept as nickname.
 *   chamba -> salvador; also francisco (both are heard).
 *   meme   -> manuel; also guillermo.
 *   chon   -> concepcion; also asuncion, encarnacion.
 *   alex   -> alexander (the commoner here); also alejandro, alexis.
 *   tito, tino, fito, chencho, chano, willy, eddy, lulu, polo, chelo: shared by
 *   too many names to pick one; canonical is NULL, so a given name
 *   written this way stays as written, and these only "fit".
 * Keep the table sorted by `nick` (strcmp order); a test checks it.
 */
#include "names.h"
#include "lexicon.h"

#include <string.h>

typedef struct hypocoristic {
    const char *nick;
    const char *canonical; /* NULL: ambiguous, see above */
    const char *also;      /* other given names, space separated */
} hypocoristic;

static const hypocoristic table[] = {
    {"alex", "alexander", "alejandro alexis"},
    {"beny", "benjamin", ""},
    {"beto", "roberto",
     "alberto humberto heriberto gilberto norberto rigoberto dagoberto adalberto"},
    {"chabela", "isabel", ""},
    {"chago", "santiago", ""},
    {"chalo", "gonzalo", "rosalio"},
    {"chamba", "salvador", "francisco"},
    {"chano", NULL, "santos feliciano luciano mariano sebastian"},
    {"charo", "rosario", ""},
    {"chava", "salvador", ""},
    {"chayo", "rosario", ""},
    {"checo", "sergio", ""},
    {"chelo", NULL, "consuelo marcelo"},
    {"chema", "jose maria", "jose"},
    {"chencho", NULL, "inocencio crescencio"},
    {"chente", "vicente", ""},
    {"chepa", "josefa", ""},
    {"chepe", "jose", ""},
    {"chepito", "jose", ""},
    {"chico", "francisco", ""},
    {"chon", "concepcion", "asuncion encarnacion"},
    {"chucho", "jesus", ""},
    {"chus", "jesus", ""},
    {"chuy", "jesus", ""},
    {"concha", "concepcion", ""},
    {"conchita", "concepcion", ""},
    {"dani", "daniel", "daniela"},
    {"eddy", NULL, "eduardo edwin edgar"},
    {"fer", "fernando", "fernanda"},
    {"fito", NULL, "adolfo rodolfo"},
    {"freddy", "alfredo", "wilfredo"},
    {"fredi", "alfredo", "wilfredo"},
    {"fredy", "alfredo", "wilfredo"},
    {"gaby", "gabriela", "gabriel"},
    {"goyo", "gregorio", ""},
    {"guicho", "luis", ""},
    {"guille", "guillermo", ""},
    {"isa", "isabel", ""},
    {"jona", "jonathan", "jonatan jonas"},
    {"juanca", "juan carlos", ""},
    {"juancho", "juan", ""},
    {"juanito", "juan", ""},
    {"kike", "enrique", ""},
    {"lalo", "eduardo", ""},
    {"lencho", "lorenzo", ""},
    {"lety", "leticia", ""},
    {"licha", "alicia", "elisa"},
    {"lola", "dolores", ""},
    {"lolita", "dolores", ""},
    {"lucho", "luis", ""},
    {"lulu", NULL, "lourdes luisa"},
    {"lupe", "guadalupe", ""},
    {"lupita", "guadalupe", ""},
    {"majo", "maria jose", "maria"},
    {"manolo", "manuel", ""},
    {"mari", "maria", ""},
    {"maru", "maria", ""},
    {"mauri", "mauricio", ""},
    {"meche", "mercedes", ""},
    {"meme", "manuel", "guillermo"},
    {"memo", "guillermo", ""},
    {"mingo", "domingo", ""},
    {"moncho", "ramon", ""},
    {"nacho", "ignacio", ""},
    {"nando", "fernando", ""},
    {"nati", "natalia", ""},
    {"neto", "ernesto", ""},
    {"nico", "nicolas", ""},
    {"paco", "francisco", ""},
    {"pancho", "francisco", ""},
    {"pati", "patricia", ""},
    {"paty", "patricia", ""},
    {"pepa", "josefa", ""},
    {"pepe", "jose", ""},
    {"pepito", "jose", ""},
    {"pili", "pilar", ""},
    {"polo", NULL, "leopoldo hipolito"},
    {"poncho", "alfonso", ""},
    {"quique", "enrique", ""},
    {"rafa", "rafael", ""},
    {"rosi", "rosa", ""},
    {"rosy", "rosa", ""},
    {"rudy", "rodolfo", ""},
    {"santi", "santiago", ""},
    {"susy", "susana", ""},
    {"tavo", "gustavo", ""},
    {"tencha", "hortensia", ""},
    {"tere", "teresa", ""},
    {"tino", NULL, "celestino faustino constantino justino agustin florentino"},
    {"tito", NULL, "alberto roberto ernesto augusto hector"},
    {"tona", "antonia", ""},
    {"toni", "antonio", ""},
    {"tono", "antonio", ""},
    {"tony", "antonio", ""},
    {"vicky", "victoria", ""},
    {"willy", NULL, "william wilfredo wilber"},
    {"yoli", "yolanda", ""},
};

static const hypocoristic *find(const char *s, size_t n)
{
    size_t lo = 0, hi = sizeof table / sizeof table[0];
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const char *w = table[mid].nick;
        int c = strncmp(w, s, n);
        if (c == 0)
            c = w[n] == '\0' ? 0 : 1;
        if (c == 0)
            return &table[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

const char *names_nickname_given(const char *folded)
{
    if (!folded)
        return NULL;
    const hypocoristic *h = find(folded, strlen(folded));
    return h ? h->canonical : NULL;
}

/* True when the space-separated list `words` contains w[0..n). */
static bool has_word(const char *words, const char *w, size_t n)
{
    const char *cur = words, *x;
    for (size_t m; (m = names_next_word(&cur, &x)) > 0;)
        if (m == n && memcmp(x, w, n) == 0)
            return true;
    return false;
}

bool names_nickname_fits(const char *nick, const char *given)
{
    if (!nick || !given)
        return false;
    const hypocoristic *h = find(nick, strlen(nick));
    if (!h)
        return false;
    const char *cur = given, *w;
    for (size_t n; (n = names_next_word(&cur, &w)) > 0;) {
        if (h->canonical && has_word(h->canonical, w, n))
            return true;
        if (has_word(h->also, w, n))
            return true;
    }
    return false;
}

static uint32_t word_initials(const char *words)
{
    uint32_t m = 0;
    const char *cur = words, *w;
    for (size_t n; (n = names_next_word(&cur, &w)) > 0;)
        if (w[0] >= 'a' && w[0] <= 'z')
            m |= 1u << (w[0] - 'a');
    return m;
}

uint32_t names_nickname_initials(const char *nick)
{
    const hypocoristic *h = nick ? find(nick, strlen(nick)) : NULL;
    if (!h)
        return 0;
    return (h->canonical ? word_initials(h->canonical) : 0) | word_initials(h->also);
}

bool hypo_lookup(const char *s, size_t n, const char **canonical)
{
    const hypocoristic *h = find(s, n);
    *canonical = h ? h->canonical : NULL;
    return h != NULL;
}

/* One slip apart: a letter dropped, added or changed, or two neighbours
 * swapped (a != b). */
static bool one_slip(const char *a, size_t na, const char *b, size_t nb)
{
    if (na > nb)
        return one_slip(b, nb, a, na);
    if (nb - na > 1)
        return false;
    size_t i = 0;
    while (i < na && a[i] == b[i])
        i++;
    if (na == nb)
        return i == na || memcmp(a + i + 1, b + i + 1, na - i - 1) == 0 ||
               (i + 1 < na && a[i] == b[i + 1] && a[i + 1] == b[i] &&
                memcmp(a + i + 2, b + i + 2, na - i - 2) == 0);
    return memcmp(a + i, b + i + 1, na - i) == 0;
}

/* Shorter words have too many neighbours among the familiar forms; a
 * word of SLIP_MIN letters is taken only for a letter dropped from a
 * longer form ("kie" for Kike), where the lexicon cannot tell whether a
 * given name is as near (lex_near reads longer words only). */
#define SLIP_MIN 3

bool names_nickname_slip(const char *full, sbuf *out)
{
    if (!full || strchr(full, ','))
        return false;
    sbuf f;
    sbuf_init(&f);
    names_fold(full, strlen(full), ' ', &f);
    const char *cur = f.data ? f.data : "", *w;
    size_t n = names_next_word(&cur, &w);
    const char *canon, *nick = NULL;
    bool ok = n >= SLIP_MIN && *cur && !lex_find(w, n) && !hypo_lookup(w, n, &canon);
    if (ok) {
        lex_near_info near = lex_near(w, n);
        ok = !near.given && !near.surname;
    }
    const char *stands = NULL;
    for (size_t i = 0; ok && i < sizeof table / sizeof table[0]; i++)
        if ((n > SLIP_MIN || strlen(table[i].nick) == n + 1) &&
            one_slip(w, n, table[i].nick, strlen(table[i].nick))) {
            /* two forms a slip away ("cepe": Chepe, Pepe) are taken only
             * when they stand for one name */
            ok = !nick || (stands && table[i].canonical && strcmp(stands, table[i].canonical) == 0);
            if (!nick) {
                nick = table[i].nick;
                stands = table[i].canonical;
            }
        }
    ok = ok && nick;
    if (ok) {
        sbuf_reset(out);
        sbuf_adds(out, nick);
        sbuf_adds(out, cur);
    }
    sbuf_free(&f);
    return ok;
}

const char *hypo_nick(size_t i)
{
    return i < sizeof table / sizeof table[0] ? table[i].nick : NULL;
}
