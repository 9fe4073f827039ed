pub mod home;
pub mod session;
