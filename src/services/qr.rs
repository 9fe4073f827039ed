//! A QR code as SVG drawing data, made on the device (the `qrcodegen` crate): the join link on
//! the waiting screen (components/join_qr.rs, docs/features/transcript-and-qr.md). Pure, so it
//! runs in native unit tests.

use qrcodegen::{QrCode, QrCodeEcc};

/// Light modules around the code that scanners need to find it (the standard asks for four).
pub const QUIET_ZONE: i32 = 4;

/// The code's drawing in module units.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QrDrawing {
    /// Width and height of the whole square, quiet zone included.
    pub extent: i32,
    /// The dark modules as one SVG path: a rectangle per horizontal run.
    pub path: String,
}

/// `None` only if `text` is too long for any QR version (about 2 KB; a join link is ~40 bytes).
pub fn drawing(text: &str) -> Option<QrDrawing> {
    // Medium error correction (15 %) survives glare and a slightly soiled screen; the encoder
    // raises it further when that costs no extra size.
    let code = QrCode::encode_text(text, QrCodeEcc::Medium).ok()?;
    let size = code.size();
    let mut path = String::new();
    for y in 0..size {
        let mut x = 0;
        while x < size {
            if !code.get_module(x, y) {
                x += 1;
                continue;
            }
            let start = x;
            while x < size && code.get_module(x, y) {
                x += 1;
            }
            path.push_str(&format!("M{},{}h{}v1h-{}z", start + QUIET_ZONE, y + QUIET_ZONE, x - start, x - start));
        }
    }
    Some(QrDrawing { extent: size + 2 * QUIET_ZONE, path })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The dark modules the path paints, in code coordinates.
    fn painted(d: &QrDrawing) -> Vec<(i32, i32)> {
        let mut cells = Vec::new();
        for rect in d.path.split('z').filter(|r| !r.is_empty()) {
            let (start, rest) = rect.trim_start_matches('M').split_once('h').unwrap();
            let (x, y) = start.split_once(',').unwrap();
            let run: i32 = rest.split_once('v').unwrap().0.parse().unwrap();
            let (x, y): (i32, i32) = (x.parse().unwrap(), y.parse().unwrap());
            cells.extend((x..x + run).map(|x| (x - QUIET_ZONE, y - QUIET_ZONE)));
        }
        cells
    }

    #[test]
    fn paints_exactly_the_dark_modules_inside_a_quiet_zone() {
        let link = "https://translator.example/s/ABC234";
        let d = drawing(link).unwrap();
        let code = QrCode::encode_text(link, QrCodeEcc::Medium).unwrap();
        assert_eq!(d.extent, code.size() + 8);
        let cells = painted(&d);
        let expected: Vec<(i32, i32)> = (0..code.size())
            .flat_map(|y| (0..code.size()).map(move |x| (x, y)))
            .filter(|&(x, y)| code.get_module(x, y))
            .collect();
        assert_eq!(cells, expected);
        // The finder pattern's corner is dark; the quiet zone is never painted.
        assert!(cells.contains(&(0, 0)));
        assert!(cells.iter().all(|&(x, y)| (0..code.size()).contains(&x) && (0..code.size()).contains(&y)));
    }

    #[test]
    fn small_enough_to_scan_from_across_a_table() {
        // A join link fits in a version-4 code (33 modules): big modules at a given width.
        let d = drawing("https://session-translator.example.org/s/ABC234").unwrap();
        assert!(d.extent <= 33 + 8, "{}", d.extent);
        assert_eq!(drawing(&"x".repeat(3000)), None);
    }
}
