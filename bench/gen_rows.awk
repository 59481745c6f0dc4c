# bench/gen_rows.awk — a deterministic NGO-style case list of n rows for
# the import benchmark: accented names, day-first dates, DUIs with valid
# check digits, quoted fields with commas, a few bad fields.  Fictional.
BEGIN {
    srand(seed ? seed : 1)
    split("José Luis,Juan Carlos,María José,Ana,Carlos,Luis,Jorge,Miguel,Óscar,Kevin,Wilfredo,Nelson,Rosa,Karla,Xiomara,Brayan,Josué,Marvin", given, ",")
    split("Hernández,López,Martínez,García,Rodríguez,Pérez,Ramírez,Flores,Cruz,Rivera,Argueta,Menjívar,Portillo,Guevara,Quintanilla,Henríquez,Orellana,Villalta", sur, ",")
    split("Mariona,CECOT,Izalco,La Esperanza,Apanteos,Quezaltepeque,Zacatecoluca,Ciudad Barrios", fac, ",")
    split("detenido,detenido,detenido,liberado,fallecido", st, ",")
    split("Soyapango, San Salvador|Mejicanos, San Salvador|Apopa, San Salvador|San Miguel, San Miguel|Santa Ana, Santa Ana", muni, "|")
    print "id_caso,nombres,primer_apellido,segundo_apellido,sexo,fecha_nacimiento,edad,dui,domicilio,fecha_captura,lugar_captura,autoridad,centro_penal,estado,fecha_estado,vulnerabilidad,observaciones,informante"
    for (i = 1; i <= n; i++) {
        dui = ""; s = 0
        for (k = 0; k < 8; k++) { d = int(rand() * 10); dui = dui d; s += d * (9 - k) }
        c = (10 - s % 10) % 10
        if (rand() < 0.01) c = (c + 1) % 10
        y = 1960 + int(rand() * 45)
        bd = sprintf("%02d/%02d/%d", 1 + int(rand() * 28), 1 + int(rand() * 12), y)
        if (rand() < 0.002) bd = "31/02/" y
        ad = sprintf("2022-%02d-%02d", 3 + int(rand() * 9), 1 + int(rand() * 28))
        m = muni[1 + int(rand() * 5)]
        split(m, mp, ",")
        obs = rand() < 0.2 ? "\"visto en audiencia, sin defensor\"" : ""
        printf "NGO-%07d,%s,%s,%s,M,%s,,%s-%d,\"%s\",%s,%s,PNC,%s,%s,,,%s,\n", i,
            given[1 + int(rand() * 18)], sur[1 + int(rand() * 18)], sur[1 + int(rand() * 18)],
            bd, dui, c, m, ad, mp[1], fac[1 + int(rand() * 8)], st[1 + int(rand() * 5)], obs
    }
}
