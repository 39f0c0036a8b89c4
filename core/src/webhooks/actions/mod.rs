//! The typed payloads, one struct per shape (several actions share one: `agent_created` and
//! `agent_updated` both carry an agent). Every field is optional, because versions differ and the
//! platform may omit what the docs show, and unknown fields are kept in `extra`.

/// Declares a payload struct whose fields are all optional and whose unknown fields are kept.
macro_rules! payload_struct {
    ($(#[$meta:meta])* $name:ident { $( $(#[$fmeta:meta])* $field:ident : $ty:ty, )* }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
        #[non_exhaustive]
        pub struct $name {
            $(
                $(#[$fmeta])*
                #[serde(default, skip_serializing_if = "Option::is_none")]
                pub $field: Option<$ty>,
            )*
            /// Fields this library does not know, kept as sent.
            #[serde(flatten)]
            pub extra: crate::surfaces::agent_web::types::Extra,
        }

        impl super::UnknownFields for $name {
            fn unknown_fields(&self) -> Vec<String> {
                self.extra.keys().cloned().collect()
            }
        }
    };
}

/// The top-level payload fields a type kept in `extra` because it does not know them.
pub(crate) trait UnknownFields {
    /// Their names (`[i].name` for items of a list payload).
    fn unknown_fields(&self) -> Vec<String>;
}

impl<T: UnknownFields> UnknownFields for Vec<T> {
    fn unknown_fields(&self) -> Vec<String> {
        self.iter()
            .enumerate()
            .flat_map(|(i, item)| {
                item.unknown_fields()
                    .into_iter()
                    .map(move |f| format!("[{i}].{f}"))
            })
            .collect()
    }
}

mod chats;
mod configuration;
mod events;
mod other;

pub use chats::*;
pub use configuration::*;
pub use events::*;
pub use other::*;
