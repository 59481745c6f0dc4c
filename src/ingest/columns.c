/*
 * columns.c — which canonical column a list's header means.
 *
 * Headers are compared by their folded key (names_fold with '_': case,
 * accents, spaces and punctuation ignored), so "Fecha de Nacimiento",
 * "FECHA_NACIMIENTO" and "fecha nacimiento" are one header.  The alias
 * table holds the Spanish and English names real lists use; a list with
 * its own words is imported with --map 'their=ours'.  Anything unknown is
 * kept as an extra attribute, never dropped.
 */
#include <stdlib.h>
#include <string.h>

#include "ingest.h"
#include "names/names.h"

static const char *const col_names[COL_COUNT] = {
    [COL_RECORD_ID] = "record_id",
    [COL_FULL_NAME] = "full_name",
    [COL_GIVEN_NAMES] = "given_names",
    [COL_SURNAME1] = "surname1",
    [COL_SURNAME2] = "surname2",
    [COL_SURNAMES] = "surnames",
    [COL_ALIAS] = "alias",
    [COL_SEX] = "sex",
    [COL_BIRTH_DATE] = "birth_date",
    [COL_AGE] = "age",
    [COL_DUI] = "dui",
    [COL_ID_NUMBER] = "id_number",
    [COL_ID_TYPE] = "id_type",
    [COL_RESIDENCE] = "residence",
    [COL_MOTHER_NAME] = "mother_name",
    [COL_FATHER_NAME] = "father_name",
    [COL_NATIONALITY] = "nationality",
    [COL_ARREST_DATE] = "arrest_date",
    [COL_ARREST_PLACE] = "arrest_place",
    [COL_AUTHORITY] = "authority",
    [COL_WARRANT] = "warrant",
    [COL_FACILITY] = "facility",
    [COL_PREVIOUS_FACILITY] = "previous_facility",
    [COL_TRANSFER_DATE] = "transfer_date",
    [COL_STATUS] = "status",
    [COL_STATUS_DATE] = "status_date",
    [COL_DEATH_DATE] = "death_date",
    [COL_COURT_ORDER] = "court_order",
    [COL_HEARING_DATE] = "hearing_date",
    [COL_VULNERABILITY] = "vulnerability",
    [COL_NOTES] = "notes",
    [COL_SOURCE_PERSON] = "source_person",
    [COL_SOURCE_RELATIONSHIP] = "source_relationship",
    [COL_FACILITY_SINCE] = "facility_since",
};

/* Folded keys (lowercase ASCII, words joined by '_').  The canonical
 * names themselves are matched first, so they need no entry here. */
static const struct {
    const char *key;
    ingest_col col;
} aliases[] = {
    {"id", COL_RECORD_ID}, {"id_caso", COL_RECORD_ID}, {"no_caso", COL_RECORD_ID},
    {"caso", COL_RECORD_ID}, {"numero", COL_RECORD_ID}, {"no", COL_RECORD_ID},
    {"n", COL_RECORD_ID}, {"num", COL_RECORD_ID}, {"case_id", COL_RECORD_ID},
    {"id_registro", COL_RECORD_ID}, {"correlativo", COL_RECORD_ID},
    {"nombre_completo", COL_FULL_NAME}, {"nombre", COL_FULL_NAME}, {"name", COL_FULL_NAME},
    {"nombre_y_apellidos", COL_FULL_NAME}, {"nombres_y_apellidos", COL_FULL_NAME},
    {"nombre_del_detenido", COL_FULL_NAME}, {"nombre_de_la_persona", COL_FULL_NAME},
    {"nombres", COL_GIVEN_NAMES}, {"first_name", COL_GIVEN_NAMES},
    {"first_names", COL_GIVEN_NAMES}, {"given_name", COL_GIVEN_NAMES},
    {"primer_apellido", COL_SURNAME1}, {"apellido_paterno", COL_SURNAME1},
    {"apellido1", COL_SURNAME1}, {"apellido_1", COL_SURNAME1}, {"first_surname", COL_SURNAME1},
    {"segundo_apellido", COL_SURNAME2}, {"apellido_materno", COL_SURNAME2},
    {"apellido2", COL_SURNAME2}, {"apellido_2", COL_SURNAME2}, {"second_surname", COL_SURNAME2},
    {"apellidos", COL_SURNAMES}, {"last_name", COL_SURNAMES}, {"last_names", COL_SURNAMES},
    {"family_name", COL_SURNAMES},
    {"apodo", COL_ALIAS}, {"nickname", COL_ALIAS}, {"sobrenombre", COL_ALIAS},
    {"conocido_como", COL_ALIAS},
    {"sexo", COL_SEX}, {"gender", COL_SEX}, {"genero", COL_SEX},
    {"fecha_nacimiento", COL_BIRTH_DATE}, {"fecha_de_nacimiento", COL_BIRTH_DATE},
    {"f_nacimiento", COL_BIRTH_DATE}, {"nacimiento", COL_BIRTH_DATE},
    {"date_of_birth", COL_BIRTH_DATE}, {"dob", COL_BIRTH_DATE}, {"birthdate", COL_BIRTH_DATE},
    {"edad", COL_AGE}, {"edad_al_capturar", COL_AGE}, {"age_at_arrest", COL_AGE},
    {"documento", COL_DUI}, {"numero_dui", COL_DUI}, {"no_dui", COL_DUI}, {"num_dui", COL_DUI},
    {"documento_unico_de_identidad", COL_DUI},
    {"pasaporte", COL_ID_NUMBER}, {"passport", COL_ID_NUMBER},
    {"numero_documento", COL_ID_NUMBER}, {"otro_documento", COL_ID_NUMBER},
    {"document_number", COL_ID_NUMBER},
    {"tipo_documento", COL_ID_TYPE}, {"tipo_de_documento", COL_ID_TYPE},
    {"document_type", COL_ID_TYPE},
    {"domicilio", COL_RESIDENCE}, {"residencia", COL_RESIDENCE}, {"direccion", COL_RESIDENCE},
    {"lugar_de_residencia", COL_RESIDENCE}, {"municipio", COL_RESIDENCE},
    {"address", COL_RESIDENCE}, {"home", COL_RESIDENCE},
    {"nombre_madre", COL_MOTHER_NAME}, {"nombre_de_la_madre", COL_MOTHER_NAME},
    {"madre", COL_MOTHER_NAME}, {"mother", COL_MOTHER_NAME},
    {"nombre_padre", COL_FATHER_NAME}, {"nombre_del_padre", COL_FATHER_NAME},
    {"padre", COL_FATHER_NAME}, {"father", COL_FATHER_NAME},
    {"nacionalidad", COL_NATIONALITY}, {"pais", COL_NATIONALITY}, {"country", COL_NATIONALITY},
    {"fecha_captura", COL_ARREST_DATE}, {"fecha_de_captura", COL_ARREST_DATE},
    {"fecha_detencion", COL_ARREST_DATE}, {"fecha_de_detencion", COL_ARREST_DATE},
    {"fecha_arresto", COL_ARREST_DATE}, {"date_of_arrest", COL_ARREST_DATE},
    {"arrested", COL_ARREST_DATE}, {"date_arrested", COL_ARREST_DATE},
    {"lugar_captura", COL_ARREST_PLACE}, {"lugar_de_captura", COL_ARREST_PLACE},
    {"lugar_detencion", COL_ARREST_PLACE}, {"lugar_de_detencion", COL_ARREST_PLACE},
    {"place_of_arrest", COL_ARREST_PLACE},
    {"autoridad", COL_AUTHORITY}, {"autoridad_captora", COL_AUTHORITY},
    {"arresting_authority", COL_AUTHORITY},
    {"orden_judicial", COL_WARRANT}, {"orden_de_captura", COL_WARRANT},
    {"con_orden", COL_WARRANT},
    {"centro_penal", COL_FACILITY}, {"penal", COL_FACILITY}, {"centro", COL_FACILITY},
    {"carcel", COL_FACILITY}, {"centro_de_detencion", COL_FACILITY},
    {"lugar_de_reclusion", COL_FACILITY}, {"prison", COL_FACILITY},
    {"place_of_detention", COL_FACILITY}, {"detention_centre", COL_FACILITY},
    {"detention_center", COL_FACILITY},
    {"centro_anterior", COL_PREVIOUS_FACILITY}, {"traslado_desde", COL_PREVIOUS_FACILITY},
    {"transferred_from", COL_PREVIOUS_FACILITY},
    {"fecha_traslado", COL_TRANSFER_DATE}, {"fecha_de_traslado", COL_TRANSFER_DATE},
    {"estado", COL_STATUS}, {"situacion", COL_STATUS}, {"situacion_actual", COL_STATUS},
    {"fecha_estado", COL_STATUS_DATE}, {"fecha_de_estado", COL_STATUS_DATE},
    {"fecha_situacion", COL_STATUS_DATE},
    {"fecha_fallecimiento", COL_DEATH_DATE}, {"fecha_de_fallecimiento", COL_DEATH_DATE},
    {"fecha_muerte", COL_DEATH_DATE}, {"fecha_de_muerte", COL_DEATH_DATE},
    {"date_of_death", COL_DEATH_DATE},
    {"resolucion", COL_COURT_ORDER}, {"medida", COL_COURT_ORDER},
    {"resolucion_judicial", COL_COURT_ORDER},
    {"fecha_audiencia", COL_HEARING_DATE}, {"fecha_de_audiencia", COL_HEARING_DATE},
    {"vulnerabilidad", COL_VULNERABILITY}, {"condicion", COL_VULNERABILITY},
    {"condicion_especial", COL_VULNERABILITY},
    {"notas", COL_NOTES}, {"observaciones", COL_NOTES}, {"comentarios", COL_NOTES},
    {"note", COL_NOTES}, {"comments", COL_NOTES},
    {"informante", COL_SOURCE_PERSON}, {"denunciante", COL_SOURCE_PERSON},
    {"reported_by", COL_SOURCE_PERSON}, {"informant", COL_SOURCE_PERSON},
    {"parentesco", COL_SOURCE_RELATIONSHIP}, {"parentesco_informante", COL_SOURCE_RELATIONSHIP},
    {"parentesco_del_informante", COL_SOURCE_RELATIONSHIP}, {"relacion", COL_SOURCE_RELATIONSHIP},
    {"relationship", COL_SOURCE_RELATIONSHIP}, {"informant_relationship", COL_SOURCE_RELATIONSHIP},
    {"fecha_ingreso", COL_FACILITY_SINCE}, {"fecha_de_ingreso", COL_FACILITY_SINCE},
    {"ingreso", COL_FACILITY_SINCE}, {"fecha_ingreso_centro", COL_FACILITY_SINCE},
    {"admission_date", COL_FACILITY_SINCE}, {"date_admitted", COL_FACILITY_SINCE},
};

const char *ingest_col_name(ingest_col c)
{
    if (c < 0 || c >= COL_COUNT)
        return "extra";
    return col_names[c];
}

static ingest_col lookup_key(const char *key)
{
    for (int c = 0; c < COL_COUNT; c++)
        if (strcmp(key, col_names[c]) == 0)
            return (ingest_col)c;
    for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
        if (strcmp(key, aliases[i].key) == 0)
            return aliases[i].col;
    return COL_EXTRA;
}

ingest_col ingest_col_lookup(const char *header, size_t len)
{
    sbuf key;
    sbuf_init(&key);
    names_fold(header, len, '_', &key);
    ingest_col c = key.len ? lookup_key(key.data) : COL_EXTRA;
    sbuf_free(&key);
    return c;
}

struct ingest_map {
    size_t n;
    char **their; /* folded keys */
    ingest_col *ours;
};

void ingest_map_free(ingest_map *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->n; i++)
        free(m->their[i]);
    free(m->their);
    free(m->ours);
    free(m);
}

int ingest_map_parse(const char *spec, ingest_map **out, herr *e)
{
    ingest_map *m = xcalloc(1, sizeof *m);
    *out = NULL;
    const char *p = spec;
    while (*p) {
        const char *end = strchr(p, ',');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        const char *eq = memchr(p, '=', n);
        if (!eq) {
            herr_set(e, HERR_INPUT, "--map: '%.*s' is not their=ours", (int)n, p);
            ingest_map_free(m);
            return HERR_INPUT;
        }
        sbuf theirs, ours;
        sbuf_init(&theirs);
        sbuf_init(&ours);
        names_fold(p, (size_t)(eq - p), '_', &theirs);
        names_fold(eq + 1, n - (size_t)(eq - p) - 1, '_', &ours);
        ingest_col c = COL_EXTRA;
        bool known = false;
        for (int k = 0; k < COL_COUNT; k++)
            if (ours.len && strcmp(ours.data, col_names[k]) == 0) {
                c = (ingest_col)k;
                known = true;
            }
        if (ours.len && strcmp(ours.data, "extra") == 0)
            known = true;
        if (!theirs.len || !known) {
            herr_set(e, HERR_INPUT,
                     "--map: '%.*s': '%s' is not a habeas column (record_id, full_name, "
                     "given_names, surname1, surname2, surnames, alias, sex, birth_date, age, dui, "
                     "id_number, id_type, residence, mother_name, father_name, nationality, "
                     "arrest_date, arrest_place, authority, warrant, facility, previous_facility, "
                     "transfer_date, status, status_date, death_date, court_order, hearing_date, "
                     "vulnerability, notes, source_person, source_relationship, facility_since, or "
                     "extra)",
                     (int)n, p, ours.len ? ours.data : "");
            sbuf_free(&theirs);
            sbuf_free(&ours);
            ingest_map_free(m);
            return HERR_INPUT;
        }
        m->their = xrealloc(m->their, (m->n + 1) * sizeof *m->their);
        m->ours = xrealloc(m->ours, (m->n + 1) * sizeof *m->ours);
        m->their[m->n] = theirs.data ? theirs.data : xstrdup("");
        m->ours[m->n] = c;
        m->n++;
        sbuf_free(&ours);
        p = end ? end + 1 : p + n;
    }
    *out = m;
    return HERR_OK;
}

ingest_col ingest_map_lookup(const ingest_map *m, const char *header, size_t len)
{
    if (m) {
        sbuf key;
        sbuf_init(&key);
        names_fold(header, len, '_', &key);
        for (size_t i = 0; i < m->n; i++)
            if (key.len && strcmp(key.data, m->their[i]) == 0) {
                sbuf_free(&key);
                return m->ours[i];
            }
        sbuf_free(&key);
    }
    return ingest_col_lookup(header, len);
}
