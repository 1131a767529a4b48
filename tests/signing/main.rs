//! Signing: canonical requests against spec §8.9, keys on both backends, the
//! shared vectors, the button, the host a Config signs for, the `http` crate
//! adapters, and properties of all of it.

mod config_host;
mod http_interop;
mod signing;
mod signing_properties;
mod two_step;
mod vectors;
