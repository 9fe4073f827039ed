//! Time per call of the JWT work every request does: verifying an access token (valid, and
//! signed with another secret), and signing one (each sign-up and refresh).
//!
//! `cargo run --release -p session-server --example jwt_bench [-- N]` (default N = 200,000).
//! Prints the mean per call over N calls, after N / 10 calls of warm-up.

use std::hint::black_box;
use std::time::{Duration, Instant};

use session_server::jwt::JwtKeys;
use uuid::Uuid;

const NOW: i64 = 1_800_000_000;

fn per_call(n: u32, mut call: impl FnMut()) -> Duration {
    for _ in 0..n / 10 {
        call();
    }
    let start = Instant::now();
    for _ in 0..n {
        call();
    }
    start.elapsed() / n
}

fn main() {
    let n: u32 = std::env::args().nth(1).map_or(200_000, |a| a.parse().expect("N is a number"));
    let keys = JwtKeys::new("jwt-bench-secret-jwt-bench-secret-0123", "http://localhost/auth/v1");
    let other = JwtKeys::new("another-secret-another-secret-another", "http://localhost/auth/v1");
    let (user, session) = (Uuid::from_u128(1), Uuid::from_u128(2));
    let token = keys.access_token(user, session, NOW, 3600);
    let forged = other.access_token(user, session, NOW, 3600);
    assert!(keys.verify(&token, NOW).is_ok() && keys.verify(&forged, NOW).is_err());

    let verify = per_call(n, || {
        black_box(keys.verify(black_box(&token), NOW)).ok();
    });
    let refuse = per_call(n, || {
        black_box(keys.verify(black_box(&forged), NOW)).ok();
    });
    let sign = per_call(n, || {
        black_box(keys.access_token(user, session, black_box(NOW), 3600));
    });
    println!("token of {} bytes, {n} calls each", token.len());
    println!("verify (valid):         {verify:>10.2?} per call");
    println!("verify (bad signature): {refuse:>10.2?} per call");
    println!("sign (access token):    {sign:>10.2?} per call");
}
