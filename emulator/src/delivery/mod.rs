//! Webhook delivery: what happened ([`Notice`]s, from Agent Chat and Configuration API actions
//! and the customer simulator), which registrations get it and in what envelope ([`route`]), and the
//! background sender with its settings and log ([`Deliveries`]).

mod agent_notices;
mod config_notices;
mod engine;
mod log;
mod notice;
mod route;
mod settings;

pub(crate) use agent_notices::{WATCHED, notices as agent_notices};
pub(crate) use config_notices::{Requester, notices as config_notices, watched as config_watched};
pub(crate) use engine::Deliveries;
pub(crate) use notice::{Body, Notice, Source};
pub use settings::DeliverySettings;

use crate::state::State;
use engine::Outgoing;
use std::sync::Arc;

impl Deliveries {
    /// Queues every notice for every registration that covers it. Called with the state
    /// locked, right after the change, so one chat's webhooks queue in the order of its
    /// changes; it only builds envelopes and queues them, nothing waits on the network.
    pub(crate) fn dispatch(self: &Arc<Self>, st: &State, notices: &[Notice]) {
        for notice in notices {
            for hook in st.webhooks().matching(notice.action) {
                if !route::covers(st, hook, notice) {
                    continue;
                }
                let envelope = route::envelope(st, hook, notice);
                self.enqueue(&Outgoing {
                    webhook_id: &hook.id,
                    url: &hook.url,
                    action: notice.action,
                    chat_id: notice.chat_id.as_deref(),
                    envelope: &envelope,
                });
            }
        }
    }
}
