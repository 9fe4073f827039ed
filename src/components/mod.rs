pub mod auth_notice;
pub mod composer;
pub mod join_form;
pub mod language_select;
pub mod message_bubble;
pub mod session_header;
pub mod session_translator;
pub mod translation_notice;
