//! Who signs: a key held in Rust (AWS-LC, the GIL released while it
//! signs), or any Python object with `sign(message: bytes) -> bytes`.

use amazon_pay_embed::{Algorithm, Entropy, Failure, KeySigner, Signature, Signer};
use pyo3::prelude::*;

/// An RSA private key held in Rust (PEM or DER, PKCS#8 or PKCS#1). Its
/// bytes never return to Python; `repr` does not show them.
#[pyclass(module = "amazon_pay._native", frozen)]
pub struct PrivateKey {
    pub(crate) signer: KeySigner,
}

#[pymethods]
impl PrivateKey {
    /// Reads a key.
    #[new]
    fn new(py: Python<'_>, key: &[u8]) -> PyResult<PrivateKey> {
        crate::convert::guard(py, || {
            let signer = KeySigner::parse(key).map_err(Failure::from)?;
            Ok(PrivateKey { signer })
        })
    }

    /// RSASSA-PSS (SHA-256, MGF1-SHA-256; salt 32 for
    /// `AMZN-PAY-RSASSA-PSS-V2`, 20 for `AMZN-PAY-RSASSA-PSS`) over
    /// `message`, with the GIL released.
    #[pyo3(signature = (message, algorithm="AMZN-PAY-RSASSA-PSS-V2"))]
    fn sign<'py>(
        &self,
        py: Python<'py>,
        message: &[u8],
        algorithm: &str,
    ) -> PyResult<Bound<'py, pyo3::types::PyBytes>> {
        let algorithm = crate::convert::guard(py, || Ok(Algorithm::parse(algorithm)?))?;
        let signed = py.detach(|| {
            self.signer
                .sign(algorithm, message, &mut os_entropy())
                .map_err(Failure::from)
        });
        match signed {
            Ok(signature) => Ok(crate::convert::bytes(py, signature.as_bytes())),
            Err(failure) => Err(crate::convert::raise(py, &failure)),
        }
    }

    /// The public half, DER (SubjectPublicKeyInfo).
    fn public_key_der<'py>(&self, py: Python<'py>) -> Bound<'py, pyo3::types::PyBytes> {
        crate::convert::bytes(py, self.signer.public_key().der())
    }

    fn __repr__(&self) -> String {
        format!(
            "PrivateKey(<RSA {} bits>)",
            self.signer.public_key().modulus_bits()
        )
    }
}

/// AWS-LC draws the PSS salt itself; the entropy asked of callers only
/// feeds retry jitter, which the caller gives per step.
fn os_entropy() -> impl FnMut(&mut [u8]) {
    |buf: &mut [u8]| buf.fill(0)
}

/// A Python object with `sign(message: bytes) -> bytes` (a KMS or HSM
/// client): called with the GIL held; what it raises becomes a signing
/// failure that names it.
pub(crate) struct PythonSigner<'a, 'py> {
    pub(crate) py: Python<'py>,
    pub(crate) object: &'a Bound<'py, PyAny>,
}

impl Signer for PythonSigner<'_, '_> {
    fn sign(
        &self,
        _: Algorithm,
        message: &[u8],
        _: &mut dyn Entropy,
    ) -> Result<Signature, amazon_pay_embed::SignError> {
        let answer = self
            .object
            .call_method1("sign", (crate::convert::bytes(self.py, message),))
            .and_then(|value| value.extract::<Vec<u8>>());
        match answer {
            Ok(signature) => Ok(Signature::from_bytes(signature)),
            Err(error) => Err(amazon_pay_embed::SignError::Signer(
                format!("the Python signer raised {error}").into(),
            )),
        }
    }
}

/// The signer a Python value stands for.
pub(crate) enum Either<'a, 'py> {
    /// A key held in Rust: sign without the GIL.
    Rust(&'a KeySigner),
    /// A Python object.
    Python(PythonSigner<'a, 'py>),
}

impl<'a, 'py> Either<'a, 'py> {
    pub(crate) fn of(py: Python<'py>, object: &'a Bound<'py, PyAny>) -> Either<'a, 'py> {
        match object.cast::<PrivateKey>() {
            Ok(key) => Either::Rust(&key.get().signer),
            Err(_) => Either::Python(PythonSigner { py, object }),
        }
    }
}

/// Entropy the caller gave (Python's `os.urandom`), cycled if more is asked.
pub(crate) struct GivenEntropy(pub(crate) Vec<u8>, pub(crate) usize);

impl Entropy for GivenEntropy {
    fn fill_bytes(&mut self, dest: &mut [u8]) {
        for byte in dest {
            *byte = self
                .0
                .get(self.1 % self.0.len().max(1))
                .copied()
                .unwrap_or(0);
            self.1 += 1;
        }
    }
}
