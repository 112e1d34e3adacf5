//! The projection's method and anchor descriptions (`method`, `anchor`, `year_effects` of the
//! projection table, each scenario's `method`) are written in English where they are made, with
//! their numbers; [`indonesian`] gives the Indonesian a planner reads, phrase by phrase, numbers
//! untouched. A phrase missing here stays English — the test below checks every description a
//! report makes.

/// English phrase → Indonesian, longest first where one contains another.
const PHRASES: &[(&str, &str)] = &[
    (
        "; scenarios as deviations from no change",
        "; skenario sebagai selisih dari tanpa perubahan",
    ),
    (
        "; moves by the change model's slope times the TPT change",
        "; bergerak sebesar kemiringan model perubahan dikali perubahan TPT",
    ),
    (
        "; change model with a drift of ",
        "; model perubahan dengan drift ",
    ),
    (
        "; average change of all regions",
        "; perubahan rata-rata semua wilayah",
    ),
    ("region's linear trend", "tren linear wilayah"),
    (
        "region's fitted level (last residual dropped)",
        "tingkat hasil model wilayah (residu terakhir diabaikan)",
    ),
    (
        " carried with AR(1) persistence rho = ",
        " dibawa dengan persistensi AR(1) rho = ",
    ),
    (": residual ", ": residu "),
    ("last observation ", "pengamatan terakhir "),
    ("trend of the last ", "tren "),
    (" observed years (", " tahun pengamatan terakhir ("),
    (" per year, extrapolated", " per tahun, diekstrapolasi"),
    ("; fitted from the ", "; dihitung dari puncak "),
    (" peak: a recovery, not a trend", ": pemulihan, bukan tren"),
    (
        "baseline plus a shock of ",
        "skenario dasar ditambah guncangan ",
    ),
    (" (the 2019→2020 change)", " (perubahan 2019→2020)"),
    ("straight line from ", "garis lurus dari "),
    (", constant after", ", tetap sesudahnya"),
    (
        " fewer unemployed a year from ",
        " penganggur lebih sedikit per tahun dari ",
    ),
    (", labour force ", ", angkatan kerja "),
    (" held constant", " tetap"),
    ("user-defined path", "jalur dari pengguna"),
    ("from file ", "dari berkas "),
    ("none in the model", "tidak ada dalam model"),
    (" a year", " per tahun"),
    (" in ", " pada "),
    (" to ", " ke "),
    (" and ", " dan "),
];

/// A description in Indonesian (see the module).
pub fn indonesian(text: &str) -> String {
    PHRASES
        .iter()
        .fold(text.to_string(), |t, (en, id)| t.replace(en, id))
}

/// A description in `lang`.
pub fn in_lang(text: &str, lang: crate::plot::Lang) -> String {
    match lang {
        crate::plot::Lang::En => text.to_string(),
        crate::plot::Lang::Id => indonesian(text),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn descriptions_read_in_indonesian() {
        let cases = [
            (
                "last observation 2025 (6.90); scenarios as deviations from no change",
                "pengamatan terakhir 2025 (6.90); skenario sebagai selisih dari tanpa perubahan",
            ),
            (
                "trend of the last 5 observed years (2021–2025), -0.567 per year, extrapolated; fitted from the 2021 peak: a recovery, not a trend",
                "tren 5 tahun pengamatan terakhir (2021–2025), -0.567 per tahun, diekstrapolasi; dihitung dari puncak 2021: pemulihan, bukan tren",
            ),
            (
                "baseline plus a shock of +3.68 in 2027 and +1.84 in 2028 (the 2019→2020 change)",
                "skenario dasar ditambah guncangan +3.68 pada 2027 dan +1.84 pada 2028 (perubahan 2019→2020)",
            ),
            (
                "straight line from 8.19 (2025) to 7.19 in 2029, constant after",
                "garis lurus dari 8.19 (2025) ke 7.19 pada 2029, tetap sesudahnya",
            ),
            (
                "2000 fewer unemployed a year from 14600 in 2025, labour force 178266 held constant",
                "2000 penganggur lebih sedikit per tahun dari 14600 pada 2025, angkatan kerja 178266 tetap",
            ),
        ];
        for (en, id) in cases {
            assert_eq!(super::indonesian(en), id);
        }
    }
}
