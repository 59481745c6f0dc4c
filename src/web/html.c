/*
 * html.c — what every page shares: the HTML escaper, the Spanish and
 * English strings, the frame (head, navigation by role, language switch),
 * multipart form parsing for uploads, the stylesheet, and the router.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web.h"

void html_esc(sbuf *b, const char *s)
{
    if (!s)
        return;
    for (; *s; s++) {
        switch (*s) {
        case '&': sbuf_adds(b, "&amp;"); break;
        case '<': sbuf_adds(b, "&lt;"); break;
        case '>': sbuf_adds(b, "&gt;"); break;
        case '"': sbuf_adds(b, "&quot;"); break;
        case '\'': sbuf_adds(b, "&#39;"); break;
        default: sbuf_addc(b, *s);
        }
    }
}

void html_percent(sbuf *b, double p)
{
    if (p > 0 && p < 0.005)
        sbuf_adds(b, "&lt;1%");
    else if (p < 1 && p >= 0.995)
        sbuf_adds(b, "&gt;99%");
    else
        sbuf_printf(b, "%.0f%%", 100 * p);
}

static const struct {
    const char *key, *es, *en;
} strings[] = {
    {"app", "habeas", "habeas"},
    {"search", "Buscar a una persona", "Find a person"},
    /* the navigation's words: short, so that it fits a phone in two rows */
    {"nav.search", "Buscar", "Find"},
    {"nav.inquiries", "Solicitudes", "Inquiries"},
    {"nav.review", "Revisión", "Review"},
    {"nav.sources", "Fuentes", "Sources"},
    {"nav.import", "Importar", "Import"},
    {"nav.users", "Usuarios", "Users"},
    {"person", "Persona", "Person"},
    {"inquiries", "Solicitudes de familias", "Family inquiries"},
    {"inquiry", "Solicitud", "Inquiry"},
    {"review", "Revisión de pares", "Review queue"},
    {"sources", "Fuentes", "Sources"},
    {"import", "Importar una lista", "Import a list"},
    {"login", "Iniciar sesión", "Log in"},
    {"logout", "Salir", "Log out"},
    {"user", "Usuario", "User"},
    {"password", "Contraseña", "Password"},
    {"name", "Nombre", "Name"},
    {"age", "Edad actual", "Age today"},
    {"review.age_in", "%d años en %d", "age %d in %d"},
    {"review.order_frees", "orden de libertad", "order to free"},
    {"review.order_holds", "orden de detención", "order to hold"},
    {"birth_date", "Fecha de nacimiento", "Birth date"},
    {"arrest_date", "Fecha de captura", "Arrest date"},
    {"place", "Municipio", "Town"},
    {"facility", "Centro penal", "Prison"},
    {"where", "Dónde", "Where"}, /* a timeline's: the town of an arrest, a prison */
    {"where_held", "Penal o bartolina (si se sabe)", "Prison or police cell (if known)"},
    {"mother", "Nombre de la madre", "Mother's name"},
    {"dui", "DUI", "DUI"},
    {"find", "Buscar", "Search"},
    {"candidates", "Candidatos", "Candidates"},
    {"no_candidates", "Ningún registro se parece a esta persona.",
     "No record resembles this person."},
    {"probability", "probabilidad", "probability"},
    {"status", "Situación", "Status"},
    {"since", "desde", "since"},
    {"says_so", "Lo dicen", "Says so"},
    {"contradicted", "Lo contradicen", "Contradicted by"},
    {"why", "Por qué", "Why"},
    {"from_other_record", "en otro de sus registros", "on another of the person's records"},
    {"joined_at", "unido a él con una probabilidad de", "joined to him with a probability of"},
    {"records", "Registros", "Records"},
    {"timeline", "Cronología", "Timeline"},
    {"conflicts", "Contradicciones entre fuentes", "Conflicts between sources"},
    {"joined", "Cómo se unieron sus registros", "How its records were joined"},
    {"joined.pair", "los dos registros se parecen", "the two records are alike"},
    {"joined.whole", "sus grupos, con todos sus registros", "their groups, on all their records"},
    {"joined.decision", "una persona lo decidió", "a person decided so"},
    {"apart.from", "el último enlace lo apartó de la persona",
     "the last link set it apart from person"},
    {"apart.why",
     "a la que lo había unido un par: con todos sus registros, esa persona lo hacía suyo al",
     "which one pair had joined it to: on all its records, that person made it theirs at"},
    {"joined.line", "línea", "line"},
    {"source", "Fuente", "Source"},
    {"line", "Línea", "Line"},
    {"date", "Fecha", "Date"},
    {"event", "Evento", "Event"},
    {"requester", "Quien pregunta", "Requester"},
    {"contact", "Contacto", "Contact"},
    {"relationship", "Parentesco", "Relationship"},
    {"consent", "Consiente que se guarde su solicitud", "Consents to keeping the request"},
    {"file_inquiry", "Registrar la solicitud", "File the inquiry"},
    {"show_contact", "Ver el contacto (queda registrado)", "Show the contact (this is logged)"},
    {"sealed", "cifrado", "sealed"},
    {"new", "NUEVO", "NEW"},
    {"same", "Misma persona", "Same person"},
    {"different", "Personas distintas", "Different people"},
    {"reason", "Motivo", "Reason"},
    {"raw", "Fila como se recibió", "Row as received"},
    {"decide", "Decidir", "Decide"},
    {"decided", "Decisión registrada.", "Decision recorded."},
    {"no_review", "No hay pares pendientes.", "No pairs to review."},
    {"no_inquiries", "Todavía no hay solicitudes: registre la primera abajo.",
     "No inquiries yet: file the first one below."},
    {"review.alone", "Por sí solo, sin contar rivales", "Judged alone, without rivals"},
    {"review.line", "línea %lld", "line %lld"},
    {"kept", "Quedan como dos personas, aunque el par es probable:",
     "Left as two persons, likely as the pair is:"},
    {"kept.brothers", "sus nombres y sus fechas de nacimiento difieren (hermanos comparten lo demás)",
     "their given names and birth dates both differ (brothers share the rest)"},
    {"kept.dui", "los registros #%lld y #%lld tienen dos DUI distintos",
     "records #%lld and #%lld have two DUIs that differ"},
    {"kept.birth_years", "los registros #%lld y #%lld nacieron con más de dos años de diferencia",
     "records #%lld and #%lld were born more than two years apart"},
    {"kept.decision", "una persona decidió que los registros #%lld y #%lld son distintos",
     "a person decided records #%lld and #%lld are different"},
    {"kept.names", "los nombres de los registros #%lld y #%lld son claramente distintos",
     "the names of records #%lld and #%lld clearly differ"},
    {"kept.same_list", "los registros #%lld y #%lld son de una misma lista, que nombra una vez a cada persona",
     "records #%lld and #%lld are of one list, which names a person once"},
    {"kept.beyond_doubt", "los registros #%lld y #%lld, por sí solos, son sin duda dos personas",
     "records #%lld and #%lld, judged alone, are two people beyond doubt"},
    {"review.apart", "el último enlace lo apartó del grupo al que lo había unido el registro",
     "the last link set it apart from the group that joined it through record"},
    {"review.apart_why", "porque ese grupo, con todos sus registros, lo hacía suyo al",
     "as that group, on all its records, made it theirs at"},
    {"review.person", "hoy en la persona %lld", "now in person %lld"},
    {"review.rival", "También encaja", "Also fits"},
    {"review.rival_with", "con", "with"},
    /* how a weight was set (explain's basis); the level's weight, then what is added */
    {"basis.value_frequency", "según lo común que es el valor (el nivel: %+.1f)",
     "by how common the value is (the level: %+.1f)"},
    {"basis.slip_cap", "un error de escritura no cuenta más que el nombre exacto (el nivel: %+.1f)",
     "a slip counts no more than the name agreeing exactly (the level: %+.1f)"},
    {"basis.facility_pair", "el nivel %+.1f, y %+.1f por estos dos centros",
     "the level %+.1f, and %+.1f for these two facilities"},
    {"basis.month", "según el mes de la captura o de la audiencia (el nivel: %+.1f)",
     "by the month of the arrest or the hearing (the level: %+.1f)"},
    {"basis.facility_admissions", "el nivel %+.1f, y %+.1f por los ingresos de este centro",
     "the level %+.1f, and %+.1f for admissions at this facility"},
    {"rows", "filas", "rows"},
    {"col.rows", "Filas", "Rows"},
    {"col.imported", "Importadas", "Imported"},
    {"col.rejected", "Rechazadas", "Rejected"},
    {"imported", "importadas", "imported"},
    {"rejected", "rechazadas", "rejected"},
    {"rejects", "Filas rechazadas", "Rejected rows"},
    {"raw.sealed", "sellada: nombra a quien informó (la ven los roles que importan listas)",
     "sealed: it names the informant (the roles that import lists see it)"},
    {"raw.hidden", "su rol no ve los datos de las personas",
     "your role does not see persons' details"},
    {"kind", "Tipo", "Kind"},
    {"received", "Recibida", "Received"},
    {"file", "Archivo", "File"},
    {"upload", "Importar", "Import"},
    {"forbidden", "Su rol no permite esta página.", "Your role may not see this page."},
    {"not_found", "No existe.", "Not found."},
    {"csrf", "Falta el código del formulario; vuelva a cargar la página.",
     "The form's token is missing; reload the page."},
    {"bad_login", "Usuario o contraseña incorrectos.", "Wrong user or password."},
    {"throttled", "Demasiados intentos; espere unos minutos.", "Too many attempts; wait a few minutes."},
    {"not_linked", "Aún no hay nada vinculado: ejecute 'habeas link'.",
     "Nothing is linked yet: run 'habeas link'."},
    {"unconfirmed", "una sola fuente, sin confirmar", "a single source, unconfirmed"},
    {"unconfirmed_sure", "sin confirmar: solo una fuente es con seguridad suya",
     "unconfirmed: only one source is surely his"},
    {"status_joined", "el registro que lo dice se unió a él con una probabilidad de",
     "the record that says so was joined to him with a probability of"},
    {"error", "Error", "Error"},
    {"error.untranslated", "No se cambió nada. El detalle, en inglés:", ""},
    {"error.no_file", "Elija un archivo para importar.", "Choose a file to import."},
    {"error.decision", "Elija «Misma persona» o «Personas distintas».",
     "Choose 'Same person' or 'Different people'."},
    {"filed", "Solicitud registrada.", "Inquiry filed."},
    {"language", "English", "Español"},
    {"users", "Usuarios", "Users"},
    {"role", "Rol", "Role"},
    {"created", "Creado", "Created"},
    {"state", "Estado", "State"},
    {"enabled", "activo", "enabled"},
    {"disabled", "desactivado", "disabled"},
    {"disable", "Desactivar", "Disable"},
    {"enable", "Activar", "Enable"},
    {"change_role", "Cambiar el rol", "Change role"},
    {"add_user", "Añadir un usuario", "Add a user"},
    {"add", "Añadir", "Add"},
    {"user_added", "usuario añadido.", "user added."},
    {"user_saved", "cambio guardado.", "change saved."},
    {"sessions_ended", "Sesiones abiertas cerradas:", "Open sessions ended:"},
    {"my_password", "Mi contraseña", "My password"},
    {"current_password", "Contraseña actual", "Current password"},
    {"new_password", "Contraseña nueva (10 caracteres o más)", "New password (10 characters or more)"},
    {"repeat_password", "Repita la contraseña nueva", "The new password again"},
    {"change_password", "Cambiar la contraseña", "Change the password"},
    {"password_changed", "Contraseña cambiada. Sus otras sesiones se cerraron.",
     "Password changed. Your other sessions were ended."},
    {"wrong_password", "La contraseña actual no es correcta; nada cambió.",
     "The current password is wrong; nothing changed."},
    {"passwords_differ", "Las dos contraseñas nuevas no coinciden; nada cambió.",
     "The two new passwords differ; nothing changed."},
    {"password_short", "La contraseña nueva necesita 10 caracteres o más; nada cambió.",
     "The new password needs 10 characters or more; nothing changed."},
    {"undated", "sin fecha", "undated"},
    {"no_status", "ninguna fuente da su situación", "no source gives a status"},
    {"unlinked", "registro aún sin vincular: ejecute 'habeas link'",
     "record not linked yet: run 'habeas link'"},
    {"confirmed_by", "lo confirman", "confirmed by"},
    {"according_to", "según", "according to"},
    {"against", "en contra:", "contradicted by"},
    {"source_1", "fuente", "source"},
    {"source_n", "fuentes", "sources"},

    /* Enumerated values, which the data and the API spell in English
     * (web_enum): "<group>.<code>"; a comparison's levels are the words
     * of link_level_name(). */
    {"status.held", "detenido/a", "held"},
    {"status.released", "liberado/a", "released"},
    {"status.dead", "fallecido/a", "dead"},
    {"status.missing", "desaparecido/a", "missing"},
    {"status.unknown", "sin datos", "unknown"},
    {"event.arrest", "captura", "arrest"},
    {"event.transfer", "traslado", "transfer"},
    {"event.held", "reclusión", "held"},
    {"event.hearing", "audiencia", "hearing"},
    {"event.court_order", "orden judicial", "court order"},
    {"event.release", "liberación", "release"},
    {"event.death", "fallecimiento", "death"},
    {"event.disappearance_report", "denuncia de desaparición", "disappearance report"},
    {"event.visit", "visita", "visit"},
    {"event.parcel_refused", "paquete rechazado", "parcel refused"},
    {"kind.ngo_case", "caso de ONG", "NGO case"},
    {"kind.family_report", "denuncia de familia", "family report"},
    {"kind.official_list", "lista oficial", "official list"},
    {"kind.press", "prensa", "press"},
    {"kind.court", "tribunal", "court"},
    {"kind.deportation_manifest", "lista de deportados", "deportation manifest"},
    {"kind.other", "otra", "other"},
    {"inquiry.open", "abierta", "open"},
    {"inquiry.answered", "respondida", "answered"},
    {"inquiry.withdrawn", "retirada", "withdrawn"},
    {"role.admin", "administrador/a", "admin"},
    {"role.investigator", "investigador/a", "investigator"},
    {"role.lawyer", "abogado/a", "lawyer"},
    {"role.liaison", "enlace con familias", "family liaison"},
    {"role.analyst", "analista", "analyst"},
    {"field.given_names", "Nombres", "Given names"},
    {"field.surname1", "Primer apellido", "First surname"},
    {"field.surname2", "Segundo apellido", "Second surname"},
    {"field.birth", "Nacimiento", "Birth"},
    {"field.dui", "DUI", "DUI"},
    {"field.id_number", "Otro documento", "Other ID"},
    {"field.sex", "Sexo", "Sex"},
    {"field.residence", "Domicilio", "Residence"},
    {"field.parents", "Padres", "Parents"},
    {"field.facility", "Centro penal", "Prison"},
    {"field.nickname", "Alias", "Nickname"},
    {"field.arrest_date", "Fecha de captura", "Arrest date"},
    {"field.death_date", "Fecha de fallecimiento", "Death date"},
    {"field.place", "Lugar", "Place"},
    {"field.admission", "Fecha de ingreso", "Admission date"},
    {"field.court_order", "Orden judicial", "Court order"},
    {"field.status", "Situación", "Status"},
    {"level.missing", "falta en un registro", "missing"},
    {"level.different", "distinto", "different"},
    {"level.similar (Jaro-Winkler >= 0.88, one slip or one on each side, or sounds alike)",
     "parecido (Jaro-Winkler >= 0.88, una letra de diferencia o una en cada lado, o suena igual)",
     "similar (Jaro-Winkler >= 0.88, one slip or one on each side, or sounds alike)"},
    {"level.similar (Jaro-Winkler >= 0.90, one slip, or sounds alike)",
     "parecido (Jaro-Winkler >= 0.90, una letra de diferencia, o suena igual)",
     "similar (Jaro-Winkler >= 0.90, one slip, or sounds alike)"},
    {"level.first given name equal (or a nickname of it)",
     "el primer nombre coincide (o es su apodo)",
     "first given name equal (or a nickname of it)"},
    {"level.first given name equal, a later one different",
     "el primer nombre coincide, otro no", "first given name equal, a later one different"},
    {"level.all given names equal", "todos los nombres coinciden", "all given names equal"},
    {"level.both surnames, in the other order", "los dos apellidos, en el otro orden",
     "both surnames, in the other order"},
    {"level.counted with surname1", "contado con el primer apellido", "counted with surname1"},
    {"level.all given names equal, one read as a surname",
     "todos los nombres coinciden, uno leído como apellido",
     "all given names equal, one read as a surname"},
    {"level.first given name equal, the second read as a surname",
     "el primer nombre coincide; el segundo, leído como apellido",
     "first given name equal, the second read as a surname"},
    {"level.equal, as the other record's second surname",
     "igual, como segundo apellido del otro registro",
     "equal, as the other record's second surname"},
    {"level.equal to the other record's second surname",
     "igual al segundo apellido del otro registro",
     "equal to the other record's second surname"},
    {"level.equal to the other record's first surname",
     "igual al primer apellido del otro registro",
     "equal to the other record's first surname"},
    {"level.equal", "igual", "equal"},
    {"level.within a year (or the age fits)",
     "a menos de un año (o la edad concuerda)",
     "within a year (or the age fits)"},
    {"level.same year", "mismo año", "same year"},
    {"level.same month, or day and month swapped",
     "mismo mes, o día y mes invertidos",
     "same month, or day and month swapped"},
    {"level.same day", "mismo día", "same day"},
    {"level.the age is the one the birth date gives",
     "la edad es la que da la fecha de nacimiento",
     "the age is the one the birth date gives"},
    {"level.one digit off", "un dígito distinto", "one digit off"},
    {"level.different municipality", "otro municipio", "different municipality"},
    {"level.same municipality", "mismo municipio", "same municipality"},
    {"level.a parent's name agrees",
     "coincide el nombre del padre o de la madre",
     "a parent's name agrees"},
    {"level.same facility", "mismo centro penal", "same facility"},
    {"level.different, one a police holding cell", "distinto, uno es una bartolina policial",
     "different, one a police holding cell"},
    {"level.same month (or day and month swapped)",
     "mismo mes (o día y mes invertidos)",
     "same month (or day and month swapped)"},
    {"level.within three days", "a menos de tres días", "within three days"},
    {"level.same municipality (of arrest, or arrest and residence)",
     "mismo municipio (de captura, o de captura y domicilio)",
     "same municipality (of arrest, or arrest and residence)"},
    {"level.admitted before the arrest", "ingresó antes de la captura", "admitted before the arrest"},
    {"level.admitted long after the arrest (or on another day)",
     "ingresó mucho después de la captura (u otro día)",
     "admitted long after the arrest (or on another day)"},
    {"level.admitted within a month of the arrest",
     "ingresó a menos de un mes de la captura",
     "admitted within a month of the arrest"},
    {"level.heard before the arrest or after the death",
     "audiencia antes de la captura o después de la muerte",
     "heard before the arrest or after the death"},
    {"level.ordered freed, the other says held", "se ordenó su libertad, el otro dice detenido",
     "ordered freed, the other says held"},
    {"level.ordered held, the other says released",
     "se ordenó mantenerlo detenido, el otro dice liberado",
     "ordered held, the other says released"},
    {"level.ordered held, the other says held",
     "se ordenó mantenerlo detenido, el otro dice detenido", "ordered held, the other says held"},
    {"level.ordered freed, the other says released",
     "se ordenó su libertad, el otro dice liberado", "ordered freed, the other says released"},
    {"level.ordered freed within a month before the other's release",
     "se ordenó su libertad menos de un mes antes de la liberación que da el otro",
     "ordered freed within a month before the other's release"},
    {"level.the age is one year off the one the birth date gives",
     "la edad difiere en un año de la que da la fecha de nacimiento",
     "the age is one year off the one the birth date gives"},
    {"level.two slips apart", "a dos letras de diferencia", "two slips apart"},
    {"level.dead on one, alive on the other", "fallecido en uno, vivo en el otro",
     "dead on one, alive on the other"},
    {"level.held on one, released on the other", "detenido en uno, liberado en el otro",
     "held on one, released on the other"},
    {"level.both held", "detenido en los dos", "both held"},
    {"level.both released", "liberado en los dos", "both released"},
    {"level.both dead", "fallecido en los dos", "both dead"},
    {"level.disappeared on one, held or released on the other",
     "desaparecido en uno, detenido o liberado en el otro",
     "disappeared on one, held or released on the other"},
};

/* The string `key` in the request's language; NULL when there is none. */
static const char *lookup(const http_req *r, const char *key)
{
    bool en = r->lang && strcmp(r->lang, "en") == 0;
    for (size_t i = 0; i < sizeof strings / sizeof strings[0]; i++)
        if (strcmp(strings[i].key, key) == 0)
            return en ? strings[i].en : strings[i].es;
    return NULL;
}

const char *T(const http_req *r, const char *key)
{
    const char *s = lookup(r, key);
    return s ? s : key;
}

const char *web_enum(const http_req *r, const char *group, const char *code)
{
    if (!code)
        return NULL;
    char key[96];
    snprintf(key, sizeof key, "%s.%s", group, code);
    const char *s = lookup(r, key);
    return s ? s : code;
}

const char *web_str(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

void web_input(const http_req *r, sbuf *b, const char *name, const char *label_key,
               const char *type, const char *value)
{
    sbuf_printf(b, "<label for=\"f-%s\">", name);
    html_esc(b, T(r, label_key));
    sbuf_printf(b, "</label><input id=\"f-%s\" name=\"%s\" type=\"%s\" value=\"", name, name, type);
    html_esc(b, value ? value : "");
    sbuf_adds(b, "\">");
}

void web_password_input(const http_req *r, sbuf *b, const char *name, const char *label_key,
                        bool new_password)
{
    sbuf_printf(b, "<label for=\"f-%s\">", name);
    html_esc(b, T(r, label_key));
    sbuf_printf(b, "</label><input id=\"f-%s\" name=\"%s\" type=\"password\" required ", name,
                name);
    if (new_password)
        sbuf_printf(b, "minlength=\"%d\" autocomplete=\"new-password\">", HTTP_PASSWORD_MIN);
    else
        sbuf_adds(b, "autocomplete=\"current-password\">");
}

void web_role_select(const http_req *r, sbuf *b, const char *id, const char *label,
                     const char *selected)
{
    sbuf_printf(b, "<select id=\"%s\" name=\"role\" aria-label=\"", id);
    html_esc(b, label);
    sbuf_adds(b, "\">");
    for (size_t i = 0; i < sizeof http_roles / sizeof http_roles[0]; i++) {
        sbuf_printf(b, "<option value=\"%s\"%s>", http_roles[i],
                    selected && strcmp(selected, http_roles[i]) == 0 ? " selected" : "");
        html_esc(b, web_enum(r, "role", http_roles[i]));
        sbuf_adds(b, "</option>");
    }
    sbuf_adds(b, "</select>");
}

void web_table_head(const http_req *r, sbuf *b, const char *const *keys, size_t n)
{
    sbuf_adds(b, "<table><tr>");
    for (size_t i = 0; i < n; i++) {
        sbuf_adds(b, "<th>");
        html_esc(b, T(r, keys[i]));
        sbuf_adds(b, "</th>");
    }
    sbuf_adds(b, "</tr>");
}

void web_cell(sbuf *b, json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    sbuf_adds(b, "<td>");
    if (json_is_string(v))
        html_esc(b, json_string_value(v));
    else if (json_is_integer(v))
        sbuf_printf(b, "%lld", json_integer_value(v));
    sbuf_adds(b, "</td>");
}

void web_day_cell(sbuf *b, json_t *o, const char *key)
{
    const char *v = web_str(o, key);
    sbuf_adds(b, "<td class=\"day\">");
    html_esc(b, v ? v : "");
    sbuf_adds(b, "</td>");
}

void web_enum_cell(const http_req *r, sbuf *b, json_t *o, const char *key, const char *group)
{
    sbuf_adds(b, "<td>");
    html_esc(b, web_enum(r, group, web_str(o, key)));
    sbuf_adds(b, "</td>");
}

void web_csrf(const http_req *r, sbuf *b)
{
    sbuf_adds(b, "<input type=\"hidden\" name=\"csrf\" value=\"");
    html_esc(b, r->user.csrf);
    sbuf_adds(b, "\">");
}

void web_begin(const http_req *r, sbuf *b, const char *title_key)
{
    sbuf_printf(b, "<!doctype html><html lang=\"%s\"><head><meta charset=\"utf-8\">"
                   "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                   "<title>",
                strcmp(r->lang, "en") == 0 ? "en" : "es");
    html_esc(b, T(r, title_key));
    sbuf_adds(b, " — habeas</title><link rel=\"stylesheet\" href=\"/style.css\"></head><body>"
                 "<header><a class=\"brand\" href=\"/\">habeas</a><nav>");
    if (r->authed) {
        static const struct {
            const char *href, *key;
            http_perm perm;
        } nav[] = {{"/", "nav.search", PERM_TRACE},        {"/inquiries", "nav.inquiries", PERM_INQUIRY},
                   {"/review", "nav.review", PERM_DECIDE},    {"/sources", "nav.sources", PERM_SOURCES},
                   {"/import", "nav.import", PERM_IMPORT},    {"/users", "nav.users", PERM_USERS},
                   {"/password", "my_password", PERM_NONE}};
        for (size_t i = 0; i < sizeof nav / sizeof nav[0]; i++)
            if (http_role_may(r->user.role, nav[i].perm)) {
                bool here = strcmp(r->path, nav[i].href) == 0 ||
                            (strcmp(nav[i].href, "/") != 0 &&
                             strncmp(r->path, nav[i].href, strlen(nav[i].href)) == 0 &&
                             r->path[strlen(nav[i].href)] == '/');
                sbuf_printf(b, "<a href=\"%s\"%s>", nav[i].href,
                            here ? " aria-current=\"page\"" : "");
                html_esc(b, T(r, nav[i].key));
                sbuf_adds(b, "</a>");
            }
    }
    sbuf_printf(b, "<a href=\"/lang?to=%s\" lang=\"%s\">", strcmp(r->lang, "en") == 0 ? "es" : "en",
                strcmp(r->lang, "en") == 0 ? "es" : "en");
    html_esc(b, T(r, "language"));
    sbuf_adds(b, "</a>");
    sbuf_adds(b, "</nav>");
    if (r->authed) {
        sbuf_adds(b, "<form method=\"post\" action=\"/logout\" class=\"inline logout\">");
        web_csrf(r, b);
        sbuf_adds(b, "<button type=\"submit\">");
        html_esc(b, T(r, "logout"));
        sbuf_adds(b, " (");
        html_esc(b, r->user.name);
        sbuf_adds(b, ")</button></form>");
    }
    sbuf_adds(b, "</header><main><h1>");
    html_esc(b, T(r, title_key));
    sbuf_adds(b, "</h1>");
}

int web_end(http_resp *w, sbuf *b, int status)
{
    sbuf_adds(b, "</main></body></html>");
    sbuf_free(&w->body);
    w->body = *b;
    w->status = status;
    w->ctype = "text/html; charset=utf-8";
    return status;
}

int web_error(http_req *r, http_resp *w, int status, const char *key)
{
    sbuf b;
    sbuf_init(&b);
    web_begin(r, &b, "error");
    sbuf_adds(&b, "<p class=\"error\">");
    html_esc(&b, T(r, key));
    sbuf_adds(&b, "</p>");
    return web_end(w, &b, status);
}

/* ---- multipart/form-data ---- */

/* Finds part `name`: its body, and the filename if it is a file. */
static bool part(const http_req *r, const char *name, const char **data, size_t *len,
                 char *filename, size_t fsize)
{
    const char *ct = r->content_type;
    if (!ct || strncmp(ct, "multipart/form-data", 19) != 0 || !r->body)
        return false;
    const char *bd = strstr(ct, "boundary=");
    if (!bd)
        return false;
    char delim[128];
    snprintf(delim, sizeof delim, "--%.*s", (int)strcspn(bd + 9, "; \""), bd + 9 + (bd[9] == '"'));
    size_t dl = strlen(delim);
    const char *p = r->body, *end = r->body + r->body_len;
    char want[160];
    snprintf(want, sizeof want, "name=\"%s\"", name);
    while (p && p < end) {
        const char *start = memmem(p, (size_t)(end - p), delim, dl);
        if (!start)
            return false;
        const char *head = start + dl;
        if (head + 2 > end || (head[0] == '-' && head[1] == '-'))
            return false;
        const char *body = memmem(head, (size_t)(end - head), "\r\n\r\n", 4);
        if (!body)
            return false;
        body += 4;
        const char *next = memmem(body, (size_t)(end - body), delim, dl);
        if (!next)
            return false;
        size_t hl = (size_t)(body - head);
        char *h = xstrndup(head, hl);
        bool match = strstr(h, want) != NULL;
        if (match) {
            *data = body;
            *len = (size_t)(next - body) >= 2 ? (size_t)(next - body) - 2 : 0; /* the CRLF */
            if (filename) {
                const char *fn = strstr(h, "filename=\"");
                snprintf(filename, fsize, "%.*s", fn ? (int)strcspn(fn + 10, "\"") : 0,
                         fn ? fn + 10 : "");
            }
        }
        free(h);
        if (match)
            return true;
        p = next;
    }
    return false;
}

bool web_multipart_field(const http_req *r, const char *name, char *out, size_t size)
{
    const char *d;
    size_t n;
    if (!part(r, name, &d, &n, NULL, 0))
        return false;
    snprintf(out, size, "%.*s", (int)n, d);
    return true;
}

bool web_multipart_file(const http_req *r, const char *name, const char **data, size_t *len,
                        char *filename, size_t fsize)
{
    return part(r, name, data, len, filename, fsize);
}

/* ---- the stylesheet and the router ---- */

static const char css[] =
    "body{font:16px/1.45 system-ui,sans-serif;margin:0;color:#1b1b1b;background:#fafaf7}"
    "header{display:flex;flex-wrap:wrap;gap:.4em 1em;align-items:center;padding:.6em 1em;"
    "background:#203a43;color:#fff}header a,header button{color:#fff}"
    ".brand{font-weight:700;text-decoration:none;margin-right:1em}"
    "nav{display:flex;flex-wrap:wrap;gap:.4em 1em;align-items:center}"
    "nav a[aria-current]{font-weight:700;text-decoration-thickness:3px}"
    /* a phone: the name and the logout on the first row, the navigation below */
    "@media(max-width:40em){header{padding:.5em .8em;gap:.2em .8em}nav{gap:.3em .9em;order:2}"
    ".logout{order:1;margin-left:auto}}"
    "main{max-width:60em;margin:0 auto;padding:1em}"
    "form.inline{display:inline}button{font:inherit;cursor:pointer}"
    "header button{background:none;border:1px solid #fff;border-radius:4px;padding:.1em .5em}"
    "label{display:block;margin:.4em 0 .1em;font-weight:600}"
    "input,select,textarea{font:inherit;padding:.35em;width:100%;max-width:28em;box-sizing:border-box}"
    "input[type=checkbox]{width:auto}"
    "main button{margin-top:.8em;padding:.45em 1.2em;background:#203a43;color:#fff;border:0;"
    "border-radius:4px}"
    ".card{background:#fff;border:1px solid #ddd;border-radius:6px;padding:.8em 1em;margin:.8em 0}"
    ".p{float:right;font-weight:700}.muted{color:#666}.error{color:#a40000;font-weight:600}"
    ".ok{color:#1d6b2f;font-weight:600}.new{background:#ffe08a;padding:0 .3em;border-radius:3px}"
    ".status-dead{color:#a40000;font-weight:700}.status-held{color:#8a4b00;font-weight:700}"
    ".status-released{color:#1d6b2f;font-weight:700}"
    "table{border-collapse:collapse;width:100%;font-size:.92em}th,td{text-align:left;"
    "padding:.3em .4em;border-bottom:1px solid #e3e3e3;vertical-align:top}"
    ".pair{display:grid;grid-template-columns:1fr 1fr;gap:.6em}"
    "@media(max-width:40em){.pair{grid-template-columns:1fr}}"
    "ul.why{margin:.3em 0;padding-left:1.2em;font-size:.92em}"
    "form.row{display:flex;flex-wrap:wrap;gap:.3em;align-items:center;margin:0 0 .3em}"
    "form.row select{width:auto}form.row button{margin-top:0;padding:.3em .8em}"
    "tr.disabled td{color:#777}.wide{overflow-x:auto}.wide table{min-width:46em}"
    "td.raw{overflow-wrap:anywhere}"
    "td.day{white-space:nowrap}"
    ".state{min-width:5.5em}"
    /* the review's comparison: fixed columns that wrap long values, each
     * field's level on a line of its own under it */
    "table.cmp{table-layout:fixed;overflow-wrap:break-word}table.cmp th:first-child{width:24%}"
    /* a phone: the field's name on a line above its two values */
    "@media(max-width:40em){table.cmp,table.cmp tbody{display:block}"
    "table.cmp tr{display:grid;grid-template-columns:1fr 1fr 3.4em}"
    "table.cmp tr>th:first-child{grid-column:1/-1;border-bottom:0;padding-bottom:0;width:auto}"
    "table.cmp tr:first-child>th:first-child,table.cmp tr.level>td:first-child{display:none}"
    "table.cmp tr.level>td{grid-column:1/-1}}"
    "table.cmp th:last-child{width:3.4em}table.cmp td.w{white-space:nowrap;font-weight:600}"
    "table.cmp tr.has-level>*{border-bottom:0;padding-bottom:0}"
    "table.cmp tr.level td{font-size:.85em;color:#555;padding-top:.1em}"
    ".origin{background:#f4f6f7;border-radius:4px;padding:.4em .6em;font-size:.92em}";

static long id_after(const char *path, const char *prefix)
{
    size_t n = strlen(prefix);
    if (strncmp(path, prefix, n) != 0)
        return -1;
    char *end;
    long id = strtol(path + n, &end, 10);
    return (end != path + n && !*end && id > 0) ? id : -1;
}

static int need(http_req *r, http_resp *w, http_perm p)
{
    return http_role_may(r->user.role, p) ? 0 : web_error(r, w, 403, "forbidden");
}

int web_page(http_req *r, http_resp *w)
{
    const char *p = r->path;
    long id;
    if (strcmp(p, "/style.css") == 0) {
        sbuf_reset(&w->body);
        sbuf_add(&w->body, css, sizeof css - 1);
        w->status = 200;
        w->ctype = "text/css; charset=utf-8";
        return 200;
    }
    if (strcmp(p, "/lang") == 0) {
        const char *to = http_arg(r, "to");
        http_set_cookie(w, r, "lang", to && strcmp(to, "en") == 0 ? "en" : "es", 365L * 86400);
        http_redirect(w, "/");
        return 303;
    }
    if (strcmp(p, "/login") == 0)
        return page_login(r, w);
    if (strcmp(p, "/logout") == 0) {
        http_session_end(r->s, r->token);
        http_set_cookie(w, r, "habeas_session", "", 0);
        http_redirect(w, "/login");
        return 303;
    }
    if (strcmp(p, "/") == 0)
        return need(r, w, PERM_TRACE) ? w->status : page_search(r, w);
    if ((id = id_after(p, "/person/")) > 0)
        return need(r, w, PERM_TRACE) ? w->status : page_person(r, w, id);
    if (strcmp(p, "/inquiries") == 0)
        return need(r, w, PERM_INQUIRY) ? w->status : page_inquiries(r, w);
    if ((id = id_after(p, "/inquiries/")) > 0)
        return need(r, w, PERM_INQUIRY) ? w->status : page_inquiry(r, w, id);
    if (strcmp(p, "/review") == 0)
        return need(r, w, PERM_DECIDE) ? w->status : page_review(r, w);
    if (strcmp(p, "/sources") == 0)
        return need(r, w, PERM_SOURCES) ? w->status : page_sources(r, w, -1);
    if ((id = id_after(p, "/sources/")) > 0)
        return need(r, w, PERM_SOURCES) ? w->status : page_sources(r, w, id);
    if (strcmp(p, "/import") == 0)
        return need(r, w, PERM_IMPORT) ? w->status : page_import(r, w);
    if (strcmp(p, "/users") == 0)
        return need(r, w, PERM_USERS) ? w->status : page_users(r, w);
    if (strcmp(p, "/password") == 0)
        return page_password(r, w);
    return web_error(r, w, 404, "not_found");
}
