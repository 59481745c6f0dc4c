/*
 * encoding.c — turning the bytes of a list into UTF-8 text.
 *
 * Lists arrive as Excel or LibreOffice left them: UTF-8 with or without a
 * byte-order mark, "Unicode text" (UTF-16 with a BOM), or the Windows
 * code page of a Spanish-language desktop (Windows-1252, or its subset
 * ISO-8859-1).  The rule:
 *   - a BOM says what the file is;
 *   - a file that is valid UTF-8 is UTF-8;
 *   - a file with no valid multi-byte UTF-8 sequence but with high bytes
 *     is 8-bit: Windows-1252 (Latin-1 when it uses the five bytes
 *     Windows-1252 leaves undefined), converted, with a notice;
 *   - a file that is mostly UTF-8 but has invalid bytes stays UTF-8, and
 *     the rows holding the invalid bytes are rejected ("undecodable
 *     bytes") rather than guessed at.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ingest.h"

/* Length of the UTF-8 sequence at s (1..4), or 0 when invalid. */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
    unsigned char c = s[0];
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF)
        return n >= 2 && (s[1] & 0xC0) == 0x80 ? 2 : 0;
    if (c >= 0xE0 && c <= 0xEF) {
        if (n < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80)
            return 0;
        if (c == 0xE0 && s[1] < 0xA0)
            return 0; /* overlong */
        if (c == 0xED && s[1] >= 0xA0)
            return 0; /* surrogate */
        return 3;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        if (n < 4 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 || (s[3] & 0xC0) != 0x80)
            return 0;
        if (c == 0xF0 && s[1] < 0x90)
            return 0;
        if (c == 0xF4 && s[1] >= 0x90)
            return 0;
        return 4;
    }
    return 0;
}

size_t ingest_utf8_valid_prefix(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        /* ASCII fast path, eight bytes at a time. */
        while (i + 8 <= n) {
            uint64_t w;
            memcpy(&w, p + i, 8);
            if (w & 0x8080808080808080ULL)
                break;
            i += 8;
        }
        if (i >= n)
            break;
        size_t k = utf8_seq(p + i, n - i);
        if (k == 0)
            return i;
        i += k;
    }
    return n;
}

static void put_utf8(sbuf *b, uint32_t cp)
{
    char u[4];
    if (cp < 0x80) {
        sbuf_addc(b, (char)cp);
    } else if (cp < 0x800) {
        u[0] = (char)(0xC0 | (cp >> 6));
        u[1] = (char)(0x80 | (cp & 0x3F));
        sbuf_add(b, u, 2);
    } else if (cp < 0x10000) {
        u[0] = (char)(0xE0 | (cp >> 12));
        u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[2] = (char)(0x80 | (cp & 0x3F));
        sbuf_add(b, u, 3);
    } else {
        u[0] = (char)(0xF0 | (cp >> 18));
        u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[3] = (char)(0x80 | (cp & 0x3F));
        sbuf_add(b, u, 4);
    }
}

/* Windows-1252 0x80..0x9F; 0 marks the five undefined bytes. */
static const uint16_t cp1252_high[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,
    0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178,
};

static int decode_utf16(const unsigned char *p, size_t n, bool le, const char *file, sbuf *out,
                        herr *e)
{
    size_t i = 0;
    while (i + 1 < n) {
        uint32_t u = le ? (uint32_t)(p[i] | p[i + 1] << 8) : (uint32_t)(p[i] << 8 | p[i + 1]);
        i += 2;
        if (u >= 0xD800 && u <= 0xDBFF) {
            if (i + 1 >= n)
                return herr_set(e, HERR_INPUT, "%s: invalid UTF-16 at byte %zu", file, i);
            uint32_t lo = le ? (uint32_t)(p[i] | p[i + 1] << 8) : (uint32_t)(p[i] << 8 | p[i + 1]);
            if (lo < 0xDC00 || lo > 0xDFFF)
                return herr_set(e, HERR_INPUT, "%s: invalid UTF-16 at byte %zu", file, i);
            i += 2;
            u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
        } else if (u >= 0xDC00 && u <= 0xDFFF) {
            return herr_set(e, HERR_INPUT, "%s: invalid UTF-16 at byte %zu", file, i - 2);
        }
        if (u == 0)
            return herr_set(e, HERR_INPUT, "%s: NUL character at byte %zu", file, i - 2);
        put_utf8(out, u);
    }
    if (i != n)
        return herr_set(e, HERR_INPUT, "%s: UTF-16 file has an odd number of bytes", file);
    return HERR_OK;
}

int ingest_decode(const char *buf, size_t len, const char *file, ingest_text *out, herr *e)
{
    const unsigned char *p = (const unsigned char *)buf;
    memset(out, 0, sizeof *out);

    if (len >= 2 && ((p[0] == 0xFF && p[1] == 0xFE) || (p[0] == 0xFE && p[1] == 0xFF))) {
        bool le = p[0] == 0xFF;
        sbuf u;
        sbuf_init(&u);
        sbuf_add(&u, "", 0);
        int rc = decode_utf16(p + 2, len - 2, le, file, &u, e);
        if (rc != HERR_OK) {
            sbuf_free(&u);
            return rc;
        }
        out->data = out->owned = u.data;
        out->len = u.len;
        out->encoding = le ? "utf-16le" : "utf-16be";
        out->converted = true;
        return HERR_OK;
    }
    if (memchr(buf, '\0', len))
        return herr_set(e, HERR_INPUT,
                        "%s: holds NUL bytes; not a text list (CSV or JSON expected)", file);

    size_t skip = 0;
    if (len >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF)
        skip = 3;

    /* Count invalid bytes and valid multi-byte sequences. */
    size_t invalid = 0, multibyte = 0, undefined1252 = 0;
    size_t i = skip;
    while (i < len) {
        size_t ok = ingest_utf8_valid_prefix(buf + i, len - i);
        i += ok;
        if (i >= len)
            break;
        invalid++;
        unsigned char c = p[i];
        if (c >= 0x80 && c <= 0x9F && cp1252_high[c - 0x80] == 0)
            undefined1252++;
        i++;
    }
    if (invalid) {
        /* Valid multi-byte sequences can only be told apart by walking. */
        for (i = skip; i < len; i++)
            if (p[i] >= 0xC2) {
                size_t k = utf8_seq(p + i, len - i);
                if (k > 1) {
                    multibyte++;
                    i += k - 1;
                }
            }
    }

    if (invalid == 0 || multibyte > invalid) {
        out->data = (char *)buf + skip; /* text is never written through */
        out->len = len - skip;
        out->encoding = skip ? "utf-8 (BOM)" : "utf-8";
        out->has_invalid = invalid > 0;
        return HERR_OK;
    }

    /* 8-bit: every byte is one character. */
    bool latin1 = undefined1252 > 0;
    sbuf u;
    sbuf_init(&u);
    sbuf_add(&u, "", 0);
    for (i = 0; i < len; i++) {
        unsigned char c = p[i];
        if (c < 0x80)
            sbuf_addc(&u, (char)c);
        else if (c <= 0x9F && !latin1)
            put_utf8(&u, cp1252_high[c - 0x80]);
        else
            put_utf8(&u, c);
    }
    out->data = out->owned = u.data;
    out->len = u.len;
    out->encoding = latin1 ? "iso-8859-1" : "windows-1252";
    out->converted = true;
    return HERR_OK;
}

void ingest_text_free(ingest_text *t)
{
    free(t->owned);
    memset(t, 0, sizeof *t);
}
