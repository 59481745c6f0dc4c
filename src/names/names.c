/*
 * names.c — comparison keys.  ASCII text (most rows) takes a fast path
 * that never calls utf8proc; anything else is decomposed, case folded and
 * stripped of marks by utf8proc, then the same word splitting applies.
 */
#include "names.h"
#include "lexicon.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

static void fold_ascii(const unsigned char *s, size_t n, char sep, sbuf *out)
{
    bool pending_sep = false;
    size_t start = out->len;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = s[i];
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z')) {
            if (pending_sep && out->len > start)
                sbuf_addc(out, sep);
            pending_sep = false;
            sbuf_addc(out, (char)(c >= 'A' && c <= 'Z' ? c + 32 : c));
        } else {
            pending_sep = true;
        }
    }
}

void names_fold(const char *s, size_t n, char sep, sbuf *out)
{
    bool ascii = true;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] >= 0x80) {
            ascii = false;
            break;
        }
    if (ascii) {
        fold_ascii((const unsigned char *)s, n, sep, out);
        return;
    }
    utf8proc_uint8_t *mapped = NULL;
    utf8proc_ssize_t m = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &mapped,
                                      UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD |
                                          UTF8PROC_STRIPMARK | UTF8PROC_STABLE);
    if (m < 0) {
        /* Invalid UTF-8: keep only the ASCII letters and digits. */
        fold_ascii((const unsigned char *)s, n, sep, out);
        return;
    }
    /* Walk code points: letters and digits are kept (as UTF-8), the rest
     * separate words. */
    bool pending_sep = false;
    size_t start = out->len;
    utf8proc_ssize_t i = 0;
    while (i < m) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t len = utf8proc_iterate(mapped + i, m - i, &cp);
        if (len <= 0)
            break;
        utf8proc_category_t cat = utf8proc_category(cp);
        bool keep = (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO) ||
                    cat == UTF8PROC_CATEGORY_ND;
        if (keep) {
            if (pending_sep && out->len > start)
                sbuf_addc(out, sep);
            pending_sep = false;
            sbuf_add(out, (const char *)mapped + i, (size_t)len);
        } else if (cat != UTF8PROC_CATEGORY_MN && cat != UTF8PROC_CATEGORY_MC) {
            pending_sep = true;
        }
        i += len;
    }
    free(mapped);
}

size_t names_next_word(const char **cursor, const char **word)
{
    const char *p = *cursor;
    while (*p == ' ')
        p++;
    const char *start = p;
    while (*p && *p != ' ')
        p++;
    *word = start;
    *cursor = p;
    return (size_t)(p - start);
}

int names_known_words(const char *text)
{
    if (!text)
        return 0;
    sbuf f;
    sbuf_init(&f);
    names_fold(text, strlen(text), ' ', &f);
    int known = 0;
    const char *cur = f.data ? f.data : "", *w;
    const char *canon;
    for (size_t n; (n = names_next_word(&cur, &w)) > 0;) {
        const lex_entry *e = lex_find(w, n);
        known += (e && (e->given || e->surname)) || hypo_lookup(w, n, &canon);
    }
    sbuf_free(&f);
    return known;
}
