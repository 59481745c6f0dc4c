/*
 * kin.c — what a relative's name says of a person's surnames.
 *
 * Families report their detained: "María Elena Hernández Rodríguez
 * (madre)", or the name in one column and "madre" in another.  Under
 * Salvadoran (Spanish) naming a child's first surname is the father's
 * first surname and the second surname is the mother's first surname; a
 * full sibling carries both.  So a mother who reports "Daniel Cruz"
 * tells us his second surname, which the list left out, and an
 * investigator matching the report against a prison register reads it
 * that way.  names_parse_kin() makes that reading explicit; linkage uses
 * it only to fill a surname the record lacks (never to overrule one it
 * has) and to compare parents' names.  The rule has exceptions (a child
 * recognised by no father carries the mother's two surnames, a
 * half-sibling shares one), which is why what it infers is evidence
 * weighed by the model, not a fact written into the record.
 */
#include <stdio.h>
#include <string.h>

#include "names.h"

/* Folded relationship words, Spanish and English. */
static const struct {
    const char *word;
    names_kin_role role;
} relation_words[] = {
    {"madre", NAMES_KIN_MOTHER},    {"mama", NAMES_KIN_MOTHER},    {"mother", NAMES_KIN_MOTHER},
    {"mom", NAMES_KIN_MOTHER},      {"padre", NAMES_KIN_FATHER},   {"papa", NAMES_KIN_FATHER},
    {"father", NAMES_KIN_FATHER},   {"dad", NAMES_KIN_FATHER},     {"hermana", NAMES_KIN_SIBLING},
    {"hermano", NAMES_KIN_SIBLING}, {"sister", NAMES_KIN_SIBLING}, {"brother", NAMES_KIN_SIBLING},
};

/* The role named by a folded text ("la madre", "hermano mayor"): the
 * first word that names one. */
static names_kin_role role_of(const char *folded)
{
    const char *cur = folded, *w;
    for (size_t n; (n = names_next_word(&cur, &w)) > 0;)
        for (size_t k = 0; k < sizeof relation_words / sizeof relation_words[0]; k++)
            if (strlen(relation_words[k].word) == n && memcmp(relation_words[k].word, w, n) == 0)
                return relation_words[k].role;
    return NAMES_KIN_NONE;
}

static names_kin_role role_of_text(const char *s, size_t n)
{
    sbuf f;
    sbuf_init(&f);
    names_fold(s, n, ' ', &f);
    names_kin_role role = role_of(f.data ? f.data : "");
    sbuf_free(&f);
    return role;
}

void names_parse_kin(const char *informant, const char *relation, names_kin *out)
{
    memset(out, 0, sizeof *out);
    out->role = NAMES_KIN_NONE;
    if (!informant || !*informant)
        return;
    /* "Name (madre)": the relationship in a trailing parenthesis. */
    char name[320];
    size_t len = strlen(informant);
    if (len >= sizeof name)
        len = sizeof name - 1;
    memcpy(name, informant, len);
    name[len] = '\0';
    names_kin_role role = NAMES_KIN_NONE;
    char *open = strrchr(name, '(');
    if (open && strchr(open, ')')) {
        role = role_of_text(open + 1, (size_t)(strchr(open, ')') - open - 1));
        *open = '\0';
    }
    if (relation && *relation)
        role = role_of_text(relation, strlen(relation));
    if (role == NAMES_KIN_NONE)
        return;
    names_parse_person(name, NULL, NULL, NULL, NULL, NULL, &out->relative);
    if (!out->relative.surname1[0])
        return; /* a first name alone says nothing of surnames */
    out->role = role;
}

static void copy_surname(char *dst, size_t dn, char *key, size_t kn, const char *src,
                         const char *src_key)
{
    snprintf(dst, dn, "%s", src);
    snprintf(key, kn, "%s", src_key);
}

int names_kin_fill(const names_kin *k, names_person *p)
{
    const names_person *r = &k->relative;
    bool s1_fits = !p->surname1[0] || strcmp(p->surname1_key, r->surname1_key) == 0;
    int filled = 0;
    switch (k->role) {
    case NAMES_KIN_MOTHER:
        /* A mother with the person's first surname: the father did not
         * give his, and the second surname is not hers to tell. */
        if (!p->surname2[0] && r->surname1[0] && !(p->surname1[0] && s1_fits)) {
            copy_surname(p->surname2, sizeof p->surname2, p->surname2_key,
                         sizeof p->surname2_key, r->surname1, r->surname1_key);
            filled++;
        }
        break;
    case NAMES_KIN_FATHER:
        if (!p->surname1[0] && r->surname1[0]) {
            copy_surname(p->surname1, sizeof p->surname1, p->surname1_key,
                         sizeof p->surname1_key, r->surname1, r->surname1_key);
            filled++;
        }
        break;
    case NAMES_KIN_SIBLING:
        /* Only a sibling whose first surname is the person's: a
         * half-sibling shares one surname, not both. */
        if (!s1_fits)
            break;
        if (!p->surname1[0] && r->surname1[0]) {
            copy_surname(p->surname1, sizeof p->surname1, p->surname1_key,
                         sizeof p->surname1_key, r->surname1, r->surname1_key);
            filled++;
        }
        if (!p->surname2[0] && r->surname2[0]) {
            copy_surname(p->surname2, sizeof p->surname2, p->surname2_key,
                         sizeof p->surname2_key, r->surname2, r->surname2_key);
            filled++;
        }
        break;
    default: break;
    }
    return filled;
}
