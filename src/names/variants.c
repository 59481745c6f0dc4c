/*
 * variants.c — one given name in several spellings.
 *
 * Names taken from English are written as they are heard, and the same
 * man is "Brayan" on one list and "Bryan" on another.  The phonetic key
 * already joins the spellings that differ by b and v, a silent h or a
 * doubled letter; the groups below are those it cannot, names in common
 * use in El Salvador.  Linkage asks (link/compare.c) before it counts two
 * common names alike in spelling as two different names.
 */
#include "names.h"

#include <string.h>

static const char *const groups[] = {
    "brayan bryan brian",
    "jonathan jonatan yonatan jhonatan",
    "steven stiven estiven",
    "maicol maikol michael",
    "jeison yeison jason",
    "jhony johnny jonny",
};

/* Is the word w (not empty, no spaces) one of the group's words? */
static bool in_group(const char *group, const char *w)
{
    size_t n = strlen(w);
    for (const char *p = group; (p = strstr(p, w)) != NULL; p += n)
        if ((p == group || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
            return true;
    return false;
}

bool names_spelling_variants(const char *a, const char *b)
{
    if (!a || !b || !*a || !*b || strchr(a, ' ') || strchr(b, ' '))
        return false;
    if (strcmp(a, b) == 0)
        return true;
    for (size_t k = 0; k < sizeof groups / sizeof groups[0]; k++)
        if (in_group(groups[k], a) && in_group(groups[k], b))
            return true;
    return false;
}
