//! The merchant's private key, read from its file in one call, with an
//! error that names the file (the core reads no files).

use std::path::{Path, PathBuf};

use amazon_pay_core::sign::{DefaultSigner, KeyError};

/// Why the key file gave no signer. Both variants name the file.
#[derive(thiserror::Error)]
#[non_exhaustive]
pub enum KeyFileError {
    /// The file could not be read.
    #[error(
        "cannot read the private key file {path:?}: {source}; check the path (a relative \
         path starts at the working directory) and that the file is readable"
    )]
    Unreadable {
        /// The path as given.
        path: PathBuf,
        /// The operating system's reason.
        #[source]
        source: std::io::Error,
    },
    /// The file was read, but holds no usable private key.
    #[error("the private key file {path:?} is not usable: {source}")]
    Key {
        /// The path as given.
        path: PathBuf,
        /// What is wrong with its contents, and what to do.
        #[source]
        source: KeyError,
    },
}

crate::error::debug_as_message!(KeyFileError);

impl KeyFileError {
    /// The stable, machine-readable code: `"Unreadable"`, or the
    /// [`KeyError`]'s code (`"PublicKeyInsteadOfPrivate"`).
    pub fn code(&self) -> &'static str {
        match self {
            KeyFileError::Unreadable { .. } => "Unreadable",
            KeyFileError::Key { source, .. } => source.code(),
        }
    }
}

/// As data: `{"code", "path", "reason"}` (the operating system's words), and
/// for a key that is not usable, `"cause"`: the [`KeyError`]'s JSON.
impl serde::Serialize for KeyFileError {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("code", self.code())?;
        match self {
            KeyFileError::Unreadable { path, source } => {
                map.serialize_entry("path", &path.display().to_string())?;
                map.serialize_entry("reason", &source.to_string())?;
            }
            KeyFileError::Key { path, source } => {
                map.serialize_entry("path", &path.display().to_string())?;
                map.serialize_entry("reason", &source.to_string())?;
                map.serialize_entry("cause", source)?;
            }
        }
        map.end()
    }
}

/// Reads the private key Seller Central let you download (PEM or DER,
/// PKCS#8 or PKCS#1) from `path` into the fastest signer compiled in.
///
/// ```no_run
/// let signer = amazon_pay_client::signer_from_file("keys/AmazonPay_SANDBOX-AFVX7ULWSGBZ5535PCUQOY7B.pem")?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn signer_from_file(path: impl AsRef<Path>) -> Result<DefaultSigner, KeyFileError> {
    let path = path.as_ref();
    let bytes = std::fs::read(path).map_err(|source| KeyFileError::Unreadable {
        path: path.to_owned(),
        source,
    })?;
    DefaultSigner::parse(&bytes).map_err(|source| KeyFileError::Key {
        path: path.to_owned(),
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEYS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/vectors/keys/");

    #[test]
    fn a_key_file_in_one_call_and_errors_that_name_it() {
        assert!(signer_from_file(format!("{KEYS}rsa2048.pkcs8.pem")).is_ok());
        assert!(signer_from_file(format!("{KEYS}rsa2048.pkcs1.der")).is_ok());

        let missing = signer_from_file("no/such/key.pem").unwrap_err();
        let text = missing.to_string();
        assert!(text.contains("\"no/such/key.pem\""), "{text}");
        assert!(text.contains("check the path"), "{text}");
        assert!(matches!(missing, KeyFileError::Unreadable { .. }));

        let public = format!("{KEYS}rsa2048.spki.pem");
        let wrong = signer_from_file(&public).unwrap_err();
        assert!(wrong.to_string().contains("rsa2048.spki.pem"), "{wrong}");
        assert!(
            wrong.to_string().contains("this is a public key"),
            "{wrong}"
        );
        assert!(matches!(
            wrong,
            KeyFileError::Key {
                source: KeyError::PublicKeyInsteadOfPrivate,
                ..
            }
        ));
        // As data: the code, the path and the key error's own JSON.
        let json = serde_json::to_value(&missing).unwrap();
        assert_eq!(json["code"], "Unreadable");
        assert_eq!(json["path"], "no/such/key.pem");
        assert!(json["reason"].as_str().unwrap().len() > 3, "{json}");
        let json = serde_json::to_value(&wrong).unwrap();
        assert_eq!(wrong.code(), "PublicKeyInsteadOfPrivate");
        assert_eq!(json["code"], "PublicKeyInsteadOfPrivate");
        assert_eq!(json["cause"]["code"], "PublicKeyInsteadOfPrivate");
        assert!(json["path"].as_str().unwrap().ends_with("rsa2048.spki.pem"));
        // What a `main` returning Box<dyn Error> prints.
        let boxed: Box<dyn std::error::Error> = wrong.into();
        assert!(format!("{boxed:?}").starts_with("KeyFileError: the private key file"));
    }
}
