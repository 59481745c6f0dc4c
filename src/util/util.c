/*
 * util.c — errors, memory, growable strings, files, dates.
 * See util.h for the design; everything here is small on purpose.
 */
#include "util.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

int herr_set(herr *e, int code, const char *fmt, ...)
{
    if (e) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(e->msg, sizeof e->msg, fmt, ap);
        va_end(ap);
        e->code = code;
    }
    return code;
}

void herr_clear(herr *e)
{
    e->code = HERR_OK;
    e->msg[0] = '\0';
}

static void out_of_memory(void)
{
    fputs("habeas: out of memory\n", stderr);
    abort();
}

void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        out_of_memory();
    return p;
}

void *xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p)
        out_of_memory();
    return p;
}

void *xrealloc(void *p, size_t n)
{
    p = realloc(p, n ? n : 1);
    if (!p)
        out_of_memory();
    return p;
}

char *xstrdup(const char *s)
{
    return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
    char *p = xmalloc(n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

void sbuf_init(sbuf *b)
{
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
}

void sbuf_free(sbuf *b)
{
    free(b->data);
    sbuf_init(b);
}

void sbuf_reset(sbuf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

static void sbuf_grow(sbuf *b, size_t extra)
{
    size_t need = b->len + extra + 1;
    if (need <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need)
        cap *= 2;
    b->data = xrealloc(b->data, cap);
    b->cap = cap;
}

void sbuf_add(sbuf *b, const char *s, size_t n)
{
    sbuf_grow(b, n);
    if (n)
        memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void sbuf_adds(sbuf *b, const char *s)
{
    sbuf_add(b, s, strlen(s));
}

void sbuf_addc(sbuf *b, char c)
{
    sbuf_grow(b, 1);
    b->data[b->len++] = c;
    b->data[b->len] = '\0';
}

void sbuf_printf(sbuf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    sbuf_grow(b, (size_t)n);
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

void sbuf_add_json_string(sbuf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    sbuf_addc(b, '"');
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        switch (c) {
        case '"': sbuf_add(b, "\\\"", 2); break;
        case '\\': sbuf_add(b, "\\\\", 2); break;
        case '\n': sbuf_add(b, "\\n", 2); break;
        case '\r': sbuf_add(b, "\\r", 2); break;
        case '\t': sbuf_add(b, "\\t", 2); break;
        default:
            if (c < 0x20) {
                char u[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
                sbuf_add(b, u, 6);
            } else {
                sbuf_addc(b, (char)c);
            }
        }
    }
    sbuf_addc(b, '"');
}

char *file_read_all(const char *path, size_t *len, herr *e)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        herr_set(e, HERR_INPUT, "%s: cannot open: %s", path, strerror(errno));
        return NULL;
    }
    struct stat st;
    if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
        fclose(f);
        herr_set(e, HERR_INPUT, "%s: not a regular file", path);
        return NULL;
    }
    size_t cap = (size_t)st.st_size + 1, n = 0;
    char *buf = xmalloc(cap);
    for (;;) {
        size_t got = fread(buf + n, 1, cap - n - 1, f);
        n += got;
        if (n < cap - 1)
            break;
        cap *= 2; /* the file grew while we read it */
        buf = xrealloc(buf, cap);
    }
    if (ferror(f)) {
        fclose(f);
        free(buf);
        herr_set(e, HERR_INPUT, "%s: read error: %s", path, strerror(errno));
        return NULL;
    }
    fclose(f);
    buf[n] = '\0';
    *len = n;
    return buf;
}

void sha256_hex(const void *data, size_t len, char out[65])
{
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, data, len);
    sodium_bin2hex(out, 65, h, sizeof h);
}

const char *date_prec_name(date_prec p)
{
    switch (p) {
    case PREC_DAY: return "day";
    case PREC_MONTH: return "month";
    case PREC_YEAR: return "year";
    default: return "unknown";
    }
}

bool date_valid_ymd(int y, int m, int d)
{
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1)
        return false;
    int max = mdays[m - 1];
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        max = 29;
    return d <= max;
}

void hdate_format(const hdate *d, char out[11])
{
    switch (d->prec) {
    case PREC_DAY: snprintf(out, 11, "%04d-%02d-%02d", d->year, d->month, d->day); break;
    case PREC_MONTH: snprintf(out, 11, "%04d-%02d", d->year, d->month); break;
    case PREC_YEAR: snprintf(out, 11, "%04d", d->year); break;
    default: out[0] = '\0';
    }
}

int hdate_compare(const hdate *a, const hdate *b)
{
    if (a->prec == PREC_UNKNOWN || b->prec == PREC_UNKNOWN)
        return 0;
    date_prec p = a->prec < b->prec ? a->prec : b->prec;
    if (a->year != b->year)
        return a->year < b->year ? -1 : 1;
    if (p >= PREC_MONTH && a->month != b->month)
        return a->month < b->month ? -1 : 1;
    if (p >= PREC_DAY && a->day != b->day)
        return a->day < b->day ? -1 : 1;
    return 0;
}

hdate hdate_today(void)
{
    hdate d = {0, 0, 0, PREC_DAY};
    const char *env = getenv("HABEAS_TODAY");
    if (env && sscanf(env, "%d-%d-%d", &d.year, &d.month, &d.day) == 3 &&
        date_valid_ymd(d.year, d.month, d.day))
        return d;
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    d.year = tm.tm_year + 1900;
    d.month = tm.tm_mon + 1;
    d.day = tm.tm_mday;
    return d;
}

void trim_span(const char **s, size_t *n)
{
    while (*n && isspace((unsigned char)**s)) {
        (*s)++;
        (*n)--;
    }
    while (*n && isspace((unsigned char)(*s)[*n - 1]))
        (*n)--;
}

bool str_ieq_ascii(const char *a, const char *b)
{
    while (*a && *b) {
        if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
            return false;
        a++;
        b++;
    }
    return *a == *b;
}

bool stderr_is_tty(void)
{
    return isatty(STDERR_FILENO) == 1;
}

long peak_rss_kib(void)
{
    struct rusage ru;
    if (getrusage(RUSAGE_SELF, &ru) != 0)
        return -1;
    return ru.ru_maxrss;
}

double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}
