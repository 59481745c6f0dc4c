/*
 * page_review.c — /review: the uncertain pairs (first those whose record
 * the last link set apart), each record with its list, reference, line
 * and name as written, then the two side by side field by field with
 * what each field contributed and how (on a line of its own: a phone
 * shows no titles), why a likely pair was left as two persons, and a form
 * to decide (same or different, with a reason).  POST records the
 * decision, which wins over the model from the next link on.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "link/link.h"
#include "web.h"

/* A record's value of one field; an age ("age 34 in 2022", as the link
 * module words it), a status and a court order ("order frees,
 * 2025-04-04") in the page's language. */
static void value(const http_req *r, sbuf *b, const char *field, json_t *v)
{
    int age, year;
    char end;
    const char *s = json_string_value(v);
    bool court = field && strcmp(field, "court_order") == 0;
    bool status = field && strcmp(field, "status") == 0;
    if (s && sscanf(s, "age %d in %d%c", &age, &year, &end) == 2)
        sbuf_printf(b, T(r, "review.age_in"), age, year);
    else if (s && status)
        html_esc(b, web_enum(r, "status", s));
    else if (s && court && strncmp(s, "order ", 6) == 0) {
        html_esc(b, T(r, strncmp(s, "order frees", 11) == 0 ? "review.order_frees"
                                                            : "review.order_holds"));
        html_esc(b, s + 11); /* ", 2025-04-04", or nothing */
    } else if (s)
        html_esc(b, json_string_value(v));
    else if (json_is_integer(v))
        sbuf_printf(b, "%lld", json_integer_value(v));
    else if (!json_is_null(v) && v) {
        char *t = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
        html_esc(b, t);
        free(t);
    }
}

/* How a field's weight was set, when not by its level alone (explain's
 * basis): " · by how common the value is (the level: +5.6)". */
static void basis_note(const http_req *r, sbuf *b, json_t *f)
{
    const char *basis = web_str(f, "basis");
    if (!basis || strcmp(basis, "level") == 0)
        return;
    char key[48], note[200];
    snprintf(key, sizeof key, "basis.%s", basis);
    double w = json_real_value(json_object_get(f, "weight"));
    double lw = json_real_value(json_object_get(f, "level_weight"));
    snprintf(note, sizeof note, T(r, key), lw, w - lw);
    sbuf_adds(b, " · ");
    html_esc(b, note);
}

/* The two records as their lists have them: the list, its reference for
 * the record and the line of the file, the name as written (the table
 * below shows the folded values compared), and the person each is part
 * of now, linked. */
static void origins(const http_req *r, sbuf *b, json_t *p)
{
    sbuf_adds(b, "<div class=\"pair\">");
    size_t i;
    json_t *o;
    json_array_foreach(json_object_get(p, "records"), i, o)
    {
        const char *ref = web_str(o, "ref"), *name = web_str(o, "name");
        json_t *person = json_object_get(p, i == 0 ? "person_a" : "person_b");
        sbuf_printf(b, "<div class=\"origin\"><b>%s</b> #%lld · ", i == 0 ? "A" : "B",
                    json_integer_value(json_object_get(o, "record")));
        html_esc(b, web_str(o, "source") ? web_str(o, "source") : "?");
        if (ref) {
            sbuf_adds(b, " ");
            html_esc(b, ref);
        }
        sbuf_adds(b, " · ");
        sbuf_printf(b, T(r, "review.line"), json_integer_value(json_object_get(o, "line")));
        sbuf_adds(b, "<br><strong>");
        html_esc(b, name && *name ? name : "—");
        sbuf_adds(b, "</strong>");
        if (json_is_integer(person)) {
            sbuf_printf(b, "<br><a href=\"/person/%lld\">", json_integer_value(person));
            sbuf_printf(b, T(r, "review.person"), json_integer_value(person));
            sbuf_adds(b, "</a>");
        }
        sbuf_adds(b, "</div>");
        if (i == 1)
            break;
    }
    sbuf_adds(b, "</div>");
}

/* Either record the last link set apart, on second thoughts, from the
 * group one pair had joined it to: the pair may look likely and still be
 * two people, and the reviewer should know why. */
static void set_apart(const http_req *r, sbuf *b, json_t *p)
{
    size_t i;
    json_t *x;
    json_array_foreach(json_object_get(p, "set_apart"), i, x)
    {
        sbuf_printf(b, "<p class=\"muted set-apart\">#%lld: ",
                    json_integer_value(json_object_get(x, "record")));
        html_esc(b, T(r, "review.apart"));
        sbuf_printf(b, " #%lld ", json_integer_value(json_object_get(x, "from")));
        html_esc(b, T(r, "review.apart_why"));
        sbuf_adds(b, " ");
        html_percent(b, json_number_value(json_object_get(x, "probability")));
        sbuf_adds(b, "</p>");
    }
}

/* Why a pair likely enough was left as two persons: the rule the merging
 * keeps, in the page's language ("kept.<rule>", two record numbers). */
static void kept(const http_req *r, sbuf *b, json_t *p)
{
    json_t *k = json_object_get(p, "kept_apart");
    const char *rule = web_str(k, "rule");
    if (!rule)
        return;
    char key[40], text[300];
    snprintf(key, sizeof key, "kept.%s", rule);
    json_t *recs = json_object_get(k, "records");
    snprintf(text, sizeof text, T(r, key), json_integer_value(json_array_get(recs, 0)),
             json_integer_value(json_array_get(recs, 1)));
    sbuf_adds(b, "<p class=\"muted kept\">");
    html_esc(b, T(r, "kept"));
    sbuf_adds(b, " ");
    html_esc(b, text);
    sbuf_adds(b, "</p>");
}

/* The pair's probability alone and its rivals: another record of one
 * end's list that fits the other end too (a list names a person once, so
 * they compete and the pair's probability is shared out). */
static void rivals(const http_req *r, sbuf *b, json_t *p)
{
    sbuf_adds(b, "<p class=\"rivals\">");
    html_esc(b, T(r, "review.alone"));
    sbuf_adds(b, ": ");
    html_percent(b, json_real_value(json_object_get(p, "probability_alone")));
    size_t i;
    json_t *x;
    json_array_foreach(json_object_get(p, "rivals"), i, x)
    {
        sbuf_adds(b, "<br>");
        html_esc(b, T(r, "review.rival"));
        sbuf_printf(b, ": #%lld (", json_integer_value(json_object_get(x, "record")));
        const char *src = json_string_value(json_object_get(x, "source"));
        html_esc(b, src ? src : "?");
        sbuf_adds(b, ") ");
        html_esc(b, T(r, "review.rival_with"));
        sbuf_printf(b, " #%lld, ", json_integer_value(json_object_get(x, "fits")));
        html_percent(b, json_real_value(json_object_get(x, "probability_alone")));
    }
    sbuf_adds(b, "</p>");
}

static int decide(http_req *r, http_resp *w, sbuf *b)
{
    char a[24] = "", bb[24] = "", d[16] = "", reason[500] = "";
    http_form(r, "record_a", a, sizeof a);
    http_form(r, "record_b", bb, sizeof bb);
    http_form(r, "decision", d, sizeof d);
    http_form(r, "reason", reason, sizeof reason);
    herr e = {0};
    bool verdict = strcmp(d, "same") == 0 || strcmp(d, "different") == 0;
    int rc = verdict ? link_decide(r->s, atol(a), atol(bb),
                                   strcmp(d, "same") == 0 ? LINK_SAME : LINK_DIFFERENT, reason,
                                   r->user.name, &e)
                     : HERR_INPUT;
    if (rc == HERR_OK) {
        char object[64], action[32];
        snprintf(object, sizeof object, "records:%ld,%ld", atol(a), atol(bb));
        snprintf(action, sizeof action, "decide.%s", d);
        http_audit(r, action, object, reason);
        sbuf_adds(b, "<p class=\"ok\" role=\"status\">");
        html_esc(b, T(r, "decided"));
        sbuf_adds(b, "</p>");
        return 200;
    }
    sbuf_adds(b, "<p class=\"error\" role=\"alert\">");
    if (verdict)
        web_message(r, b, e.msg);
    else
        html_esc(b, T(r, "error.decision"));
    sbuf_adds(b, "</p>");
    (void)w;
    return 400;
}

int page_review(http_req *r, http_resp *w)
{
    sbuf b;
    sbuf_init(&b);
    web_begin(r, &b, "review");
    int status = strcmp(r->method, "POST") == 0 ? decide(r, w, &b) : 200;
    json_t *pairs = NULL;
    herr e = {0};
    if (link_review_json(r->s, r->ix ? trace_index_view(r->ix) : NULL, 10, &pairs, &e) !=
        HERR_OK) {
        sbuf_adds(&b, "<p>");
        html_esc(&b, T(r, "not_linked"));
        sbuf_adds(&b, "</p>");
        return web_end(w, &b, status);
    }
    if (!json_array_size(pairs)) {
        sbuf_adds(&b, "<p>");
        html_esc(&b, T(r, "no_review"));
        sbuf_adds(&b, "</p>");
    }
    size_t i, k;
    json_t *p, *f;
    json_array_foreach(pairs, i, p)
    {
        long long ra = json_integer_value(json_object_get(p, "record_a"));
        long long rb = json_integer_value(json_object_get(p, "record_b"));
        sbuf_adds(&b, "<div class=\"card pair-card\"><span class=\"p\">");
        html_percent(&b, json_real_value(json_object_get(p, "probability")));
        sbuf_printf(&b, "</span><h3>#%lld · #%lld</h3>", ra, rb);
        origins(r, &b, p);
        set_apart(r, &b, p);
        kept(r, &b, p);
        sbuf_adds(&b, "<table class=\"cmp\"><tr><th></th><th>A</th><th>B</th><th>±</th></tr>");
        json_array_foreach(json_object_get(p, "fields"), k, f)
        {
            json_t *va = json_object_get(f, "a"), *vb = json_object_get(f, "b");
            if ((!va || json_is_null(va)) && (!vb || json_is_null(vb)))
                continue;
            const char *level = web_str(f, "level");
            bool missing = !level || strcmp(level, "missing") == 0;
            /* the field's row, then (when both have it) what the comparison
             * found and how it was weighed, on a line of its own: a phone
             * shows no titles */
            sbuf_printf(&b, "<tr%s><th>", missing ? "" : " class=\"has-level\"");
            html_esc(&b, web_enum(r, "field", web_str(f, "field")));
            sbuf_adds(&b, "</th><td>");
            value(r, &b, web_str(f, "field"), va);
            sbuf_adds(&b, "</td><td>");
            value(r, &b, web_str(f, "field"), vb);
            if (missing)
                sbuf_adds(&b, "</td><td class=\"muted\">0</td></tr>");
            else
                sbuf_printf(&b, "</td><td class=\"w\">%+.1f</td></tr>",
                            json_real_value(json_object_get(f, "weight")));
            if (missing)
                continue;
            sbuf_adds(&b, "<tr class=\"level\"><td></td><td colspan=\"3\">");
            html_esc(&b, web_enum(r, "level", level));
            basis_note(r, &b, f);
            sbuf_adds(&b, "</td></tr>");
        }
        sbuf_adds(&b, "</table>");
        rivals(r, &b, p);
        sbuf_adds(&b, "<form method=\"post\" action=\"/review\">");
        web_csrf(r, &b);
        sbuf_printf(&b, "<input type=\"hidden\" name=\"record_a\" value=\"%lld\">"
                        "<input type=\"hidden\" name=\"record_b\" value=\"%lld\">",
                    ra, rb);
        sbuf_printf(&b, "<label for=\"reason-%zu\">", i);
        html_esc(&b, T(r, "reason"));
        sbuf_printf(&b, "</label><input id=\"reason-%zu\" name=\"reason\" required>", i);
        sbuf_adds(&b, "<button name=\"decision\" value=\"same\">");
        html_esc(&b, T(r, "same"));
        sbuf_adds(&b, "</button> <button name=\"decision\" value=\"different\">");
        html_esc(&b, T(r, "different"));
        sbuf_adds(&b, "</button></form></div>");
    }
    json_decref(pairs);
    return web_end(w, &b, status);
}
