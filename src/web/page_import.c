/*
 * page_import.c — /import: upload a list (multipart form) as a new
 * source: its name, kind and date received; the result, or the reason
 * it was refused (nothing is half-imported).
 */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "web.h"

int page_import(http_req *r, http_resp *w)
{
    sbuf b;
    sbuf_init(&b);
    web_begin(r, &b, "import");
    int status = 200;
    if (strcmp(r->method, "POST") == 0) {
        char source[120] = "", kind[40] = "", received[16] = "", fname[200] = "";
        web_multipart_field(r, "source", source, sizeof source);
        web_multipart_field(r, "kind", kind, sizeof kind);
        web_multipart_field(r, "received", received, sizeof received);
        const char *data = NULL;
        size_t len = 0;
        json_t *out = NULL;
        herr e = {0};
        bool file = web_multipart_file(r, "file", &data, &len, fname, sizeof fname);
        int rc = file ? http_import_bytes(r, data, len, fname, source, kind, received, &out, &e)
                      : HERR_INPUT;
        if (rc == HERR_OK) {
            sbuf_printf(&b, "<p class=\"ok\" role=\"status\">%lld ",
                        json_integer_value(json_object_get(out, "rows")));
            html_esc(&b, T(r, "rows"));
            sbuf_printf(&b, ", %lld ", json_integer_value(json_object_get(out, "imported")));
            html_esc(&b, T(r, "imported"));
            sbuf_printf(&b, ", %lld ", json_integer_value(json_object_get(out, "rejected")));
            html_esc(&b, T(r, "rejected"));
            sbuf_printf(&b, " — <a href=\"/sources/%lld\">",
                        json_integer_value(json_object_get(out, "source_id")));
            html_esc(&b, T(r, "rejects"));
            sbuf_adds(&b, "</a></p>");
            json_decref(out);
        } else {
            sbuf_adds(&b, "<p class=\"error\" role=\"alert\">");
            if (file)
                web_message(r, &b, e.msg);
            else
                html_esc(&b, T(r, "error.no_file"));
            sbuf_adds(&b, "</p>");
            status = 400;
        }
    }
    sbuf_adds(&b, "<form method=\"post\" action=\"/import\" enctype=\"multipart/form-data\" "
                  "class=\"card\">");
    web_csrf(r, &b);
    web_input(r, &b, "source", "source", "text", NULL);
    sbuf_adds(&b, "<label for=\"f-kind\">");
    html_esc(&b, T(r, "kind"));
    sbuf_adds(&b, "</label><select id=\"f-kind\" name=\"kind\">");
    static const char *const kinds[] = {"ngo_case", "family_report", "official_list", "press",
                                        "court", "deportation_manifest", "other"};
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        sbuf_printf(&b, "<option value=\"%s\">", kinds[i]);
        html_esc(&b, web_enum(r, "kind", kinds[i]));
        sbuf_adds(&b, "</option>");
    }
    sbuf_adds(&b, "</select>");
    web_input(r, &b, "received", "received", "date", NULL);
    sbuf_adds(&b, "<label for=\"f-file\">");
    html_esc(&b, T(r, "file"));
    sbuf_adds(&b, "</label><input id=\"f-file\" name=\"file\" type=\"file\" accept=\".csv,.json,.txt\">"
                  "<button type=\"submit\">");
    html_esc(&b, T(r, "upload"));
    sbuf_adds(&b, "</button></form>");
    return web_end(w, &b, status);
}
