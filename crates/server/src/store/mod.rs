//! Domain logic over SQLite: sessions, participants, messages and users, as plain functions
//! that take a connection, check the rules of design.md §3 and return rows and changes.
pub mod access;
