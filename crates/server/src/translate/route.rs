//! Which installed directions carry a translation from one language to another: the direct
//! one when it is installed, else one pivot language between two installed directions
//! (docs/features/translation.md, "Routes"). Pure: fed the installed directions.

/// Pivot languages in order of preference. Spanish and Catalan first: they have the most
/// installed pairs, and the benchmark's best-scoring directions are between them and their
/// neighbours (es↔ca chrF above 80, against about 55 for English's pairs); English last among
/// the big three, because a romance-to-romance hop loses less than a hop through English.
pub const PIVOTS: [&str; 7] = ["es", "ca", "en", "pt", "fr", "it", "gl"];

/// The languages a translation passes through, `source` first and `target` last: two for a
/// direct direction, three through a pivot; `None` when no route exists.
pub fn plan(direct: &[(String, String)], source: &str, target: &str) -> Option<Vec<String>> {
    let has = |s: &str, t: &str| direct.iter().any(|(a, b)| a == s && b == t);
    if source == target {
        return None;
    }
    if has(source, target) {
        return Some(vec![source.to_owned(), target.to_owned()]);
    }
    let mut pivots: Vec<&str> = direct.iter().map(|(_, b)| b.as_str()).collect();
    pivots.sort_by_key(|p| (PIVOTS.iter().position(|q| q == p).unwrap_or(PIVOTS.len()), *p));
    pivots.dedup();
    pivots
        .into_iter()
        .find(|p| *p != source && *p != target && has(source, p) && has(p, target))
        .map(|p| vec![source.to_owned(), p.to_owned(), target.to_owned()])
}

/// Every direction with a route, direct or through a pivot, sorted.
pub fn reachable(direct: &[(String, String)]) -> Vec<(String, String)> {
    let mut languages: Vec<&str> = direct.iter().flat_map(|(a, b)| [a.as_str(), b.as_str()]).collect();
    languages.sort_unstable();
    languages.dedup();
    let mut pairs = Vec::new();
    for s in &languages {
        for t in &languages {
            if plan(direct, s, t).is_some() {
                pairs.push(((*s).to_owned(), (*t).to_owned()));
            }
        }
    }
    pairs
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
    }

    #[test]
    fn direct_first_then_the_preferred_pivot() {
        let installed = pairs(&[("fr", "es"), ("es", "en"), ("fr", "ca"), ("ca", "en"), ("en", "es")]);
        assert_eq!(plan(&installed, "en", "es"), Some(vec!["en".into(), "es".into()]));
        assert_eq!(plan(&installed, "fr", "en"), Some(vec!["fr".into(), "es".into(), "en".into()]));
        assert_eq!(plan(&installed, "en", "fr"), None, "no en→x→fr");
        assert_eq!(plan(&installed, "en", "en"), None);
        let without_spanish = pairs(&[("fr", "ca"), ("ca", "en")]);
        assert_eq!(plan(&without_spanish, "fr", "en"), Some(vec!["fr".into(), "ca".into(), "en".into()]));
    }

    #[test]
    fn reachable_lists_direct_and_pivot_directions() {
        let installed = pairs(&[("fr", "es"), ("es", "en")]);
        assert_eq!(reachable(&installed), pairs(&[("es", "en"), ("fr", "en"), ("fr", "es")]));
    }

    proptest! {
        /// Every planned route is made of installed directions, starts and ends where asked,
        /// never visits a language twice, and is direct whenever a direct one exists.
        #[test]
        fn routes_are_made_of_installed_directions(
            installed in proptest::collection::vec((0usize..6, 0usize..6), 0..20),
            s in 0usize..6,
            t in 0usize..6,
        ) {
            const L: [&str; 6] = ["en", "es", "fr", "ca", "pt", "it"];
            let installed: Vec<(String, String)> =
                installed.into_iter().filter(|(a, b)| a != b).map(|(a, b)| (L[a].to_owned(), L[b].to_owned())).collect();
            if let Some(route) = plan(&installed, L[s], L[t]) {
                prop_assert_eq!(route.first().map(String::as_str), Some(L[s]));
                prop_assert_eq!(route.last().map(String::as_str), Some(L[t]));
                prop_assert!(route.len() == 2 || route.len() == 3);
                for hop in route.windows(2) {
                    prop_assert!(installed.contains(&(hop[0].clone(), hop[1].clone())));
                }
                let direct = installed.contains(&(L[s].to_owned(), L[t].to_owned()));
                prop_assert_eq!(route.len() == 2, direct);
                prop_assert!(route.len() < 3 || route[1] != route[0] && route[1] != route[2]);
            }
        }
    }
}
