//! A local, stateful LiveChat Agent Chat API server (placeholder; built by issue 3).
