//! CLDR cardinal plural categories of whole numbers, for the interface languages (what a
//! `{ $count -> [one] … *[other] … }` selection in a message file picks). Counts in the
//! interface are whole numbers, so only the integer rules are here (operand `v` is 0).
//! Source: the CLDR plural rules (unicode.org/cldr/charts, "Language Plural Rules").

/// The category of `n` in `lang`: `zero`, `one`, `two`, `few`, `many` or `other`.
pub fn category(lang: &str, n: i64) -> &'static str {
    let n = n.unsigned_abs();
    let (n10, n100) = (n % 10, n % 100);
    match lang {
        "ja" | "zh" => "other",
        "fr" | "pt" if n <= 1 => "one",
        "fr" | "pt" => "other",
        "ar" => match (n, n100) {
            (0, _) => "zero",
            (1, _) => "one",
            (2, _) => "two",
            (_, 3..=10) => "few",
            (_, 11..=99) => "many",
            _ => "other",
        },
        "pl" => match (n, n10, n100) {
            (1, _, _) => "one",
            (_, 2..=4, _) if !(12..=14).contains(&n100) => "few",
            _ => "many",
        },
        "ru" | "uk" => match (n10, n100) {
            (1, _) if n100 != 11 => "one",
            (2..=4, _) if !(12..=14).contains(&n100) => "few",
            _ => "many",
        },
        "ro" => match (n, n100) {
            (1, _) => "one",
            (0, _) | (_, 1..=19) => "few",
            _ => "other",
        },
        // English, German, Dutch, Italian, Spanish, Catalan, Galician, Basque and whatever
        // else: one for 1.
        _ if n == 1 => "one",
        _ => "other",
    }
}

#[cfg(test)]
mod tests {
    use super::category;

    #[test]
    fn categories_beyond_the_first_hundred_follow_the_last_two_digits() {
        assert_eq!(category("ar", 103), "few");
        assert_eq!(category("ar", 111), "many");
        assert_eq!(category("ar", 100), "other");
        assert_eq!(category("ro", 101), "few");
        assert_eq!(category("ro", 120), "other");
        assert_eq!(category("ru", 121), "one");
        assert_eq!(category("ru", 111), "many");
        assert_eq!(category("uk", 22), "few");
        assert_eq!(category("pl", 112), "many");
        assert_eq!(category("pl", 122), "few");
        assert_eq!(category("fr", 0), "one");
        assert_eq!(category("en", 0), "other");
        assert_eq!(category("ja", 1), "other");
        assert_eq!(category("en", -1), "one");
    }
}
