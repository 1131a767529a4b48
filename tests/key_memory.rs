//! Private-key bytes left in freed memory by the `rsa` backend.
//!
//! A global allocator scans every block as it is freed (and the old block of
//! every reallocation) for fragments of the test key's private values — the
//! 64-bit limbs of d, p, q, dp, dq and qinv as the big-integer code stores
//! them, and 8-byte windows of their DER encoding — and counts the blocks
//! that still hold one. The crate zeroizes what it owns (the decoded key
//! document, its PEM buffers, the RNG state); what remains comes from inside
//! the `rsa` crate's big-integer arithmetic (parsing, precomputation and the
//! CRT steps of each signature), which the crate cannot reach. The counts
//! are documented in docs/decisions.md and guarded here, so they can only go down.
#![cfg(feature = "rsa")]

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use amazon_pay_core::sign::{Algorithm, RustCryptoSigner, Signer};

struct Scanning;

static SCANNING: AtomicBool = AtomicBool::new(false);
static HITS: AtomicUsize = AtomicUsize::new(0);
static NEEDLES: OnceLock<Vec<[u8; 8]>> = OnceLock::new();

/// Whether `block` holds a fragment of the key.
fn holds_key(block: &[u8]) -> bool {
    let Some(needles) = NEEDLES.get() else {
        return false;
    };
    block
        .windows(8)
        .any(|window| needles.iter().any(|needle| window == needle))
}

fn scan(ptr: *mut u8, size: usize) {
    if SCANNING.load(Ordering::Relaxed) && size >= 8 {
        // SAFETY: `ptr` is a live block of `size` bytes, about to be freed.
        let block = unsafe { std::slice::from_raw_parts(ptr, size) };
        if holds_key(block) {
            HITS.fetch_add(1, Ordering::Relaxed);
        }
    }
}

// The allocator trait requires unsafe code; each method forwards to
// `System`, scanning blocks before they are freed.
unsafe impl GlobalAlloc for Scanning {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded unchanged.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        scan(ptr, layout.size());
        // SAFETY: forwarded unchanged.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // Always move, so that the old block is scanned as it is freed.
        // SAFETY: a valid layout for the new size (same alignment).
        let new_layout = unsafe { Layout::from_size_align_unchecked(new_size, layout.align()) };
        // SAFETY: forwarded to the system allocator.
        let new = unsafe { System.alloc(new_layout) };
        if !new.is_null() {
            // SAFETY: both blocks are live and at least this long.
            unsafe { std::ptr::copy_nonoverlapping(ptr, new, layout.size().min(new_size)) };
            scan(ptr, layout.size());
            // SAFETY: the old block, freed once.
            unsafe { System.dealloc(ptr, layout) };
        }
        new
    }
}

#[global_allocator]
static GLOBAL: Scanning = Scanning;

/// The INTEGERs of a PKCS#1 RSAPrivateKey, as big-endian magnitudes.
fn integers(der: &[u8]) -> Vec<Vec<u8>> {
    fn tlv(bytes: &[u8]) -> (u8, &[u8], &[u8]) {
        let tag = bytes[0];
        let (len, header) = match bytes[1] {
            n if n < 0x80 => (usize::from(n), 2),
            n => {
                let count = usize::from(n & 0x7f);
                let len = bytes[2..2 + count]
                    .iter()
                    .fold(0usize, |acc, b| acc << 8 | usize::from(*b));
                (len, 2 + count)
            }
        };
        (tag, &bytes[header..header + len], &bytes[header + len..])
    }
    let (tag, mut body, _) = tlv(der);
    assert_eq!(tag, 0x30, "a SEQUENCE");
    let mut out = Vec::new();
    while !body.is_empty() {
        let (tag, value, rest) = tlv(body);
        assert_eq!(tag, 0x02, "an INTEGER");
        let start = value.iter().position(|b| *b != 0).unwrap_or(value.len());
        out.push(value[start..].to_vec());
        body = rest;
    }
    out
}

fn needles() -> Vec<[u8; 8]> {
    let der = include_bytes!("vectors/keys/rsa2048.pkcs1.der");
    let values = integers(der);
    // version, n, e, then the private values d, p, q, dp, dq, qinv.
    assert_eq!(values.len(), 9);
    let mut needles = Vec::new();
    for value in &values[3..] {
        // Limbs as stored (u64, little-endian), from the least significant.
        for limb in value.rchunks_exact(8).skip(1).take(4) {
            let mut le: [u8; 8] = limb.try_into().unwrap();
            le.reverse();
            needles.push(le);
        }
        // The DER bytes themselves.
        for offset in [8, 40] {
            needles.push(value[offset..offset + 8].try_into().unwrap());
        }
    }
    needles
}

/// Runs `f` with scanning on; returns the blocks freed holding key bytes.
fn freed_with_key(f: impl FnOnce()) -> usize {
    HITS.store(0, Ordering::SeqCst);
    SCANNING.store(true, Ordering::SeqCst);
    f();
    SCANNING.store(false, Ordering::SeqCst);
    HITS.load(Ordering::SeqCst)
}

/// The most freed blocks holding key bytes after creating and dropping a
/// signer, and after one signature — all inside the `rsa` crate.
/// Measured: 35 before the crate stopped validating the key a second time.
const AFTER_CREATE: usize = 29;
const AFTER_SIGN: usize = 7;

#[test]
fn freed_memory_holds_no_more_key_bytes_than_documented() {
    NEEDLES.get_or_init(needles);
    let pem = include_str!("vectors/keys/rsa2048.pkcs8.pem");
    let created = freed_with_key(|| {
        let signer = RustCryptoSigner::from_pem(pem).unwrap();
        drop(signer);
    });
    let signer = RustCryptoSigner::from_pem(pem).unwrap();
    let mut entropy = |buf: &mut [u8]| buf.fill(9);
    let signed = freed_with_key(|| {
        let signature = signer
            .sign(Algorithm::RsassaPssV2, b"string to sign", &mut entropy)
            .unwrap();
        drop(signature);
    });
    drop(signer);
    println!(
        "freed blocks holding key bytes: {created} after create+drop, {signed} after one signature"
    );
    // The scanner sees key bytes where they are: a block holding the DER is
    // found before it is zeroized, but not after.
    let der = include_bytes!("vectors/keys/rsa2048.pkcs1.der").to_vec();
    assert_eq!(
        freed_with_key(|| drop(der)),
        1,
        "the scanner finds key bytes"
    );
    let zeroized = freed_with_key(|| {
        let der =
            zeroize::Zeroizing::new(include_bytes!("vectors/keys/rsa2048.pkcs1.der").to_vec());
        drop(der);
    });
    assert_eq!(zeroized, 0, "zeroized buffers leave nothing");
    assert!(
        created <= AFTER_CREATE,
        "{created} blocks after create+drop"
    );
    assert!(signed <= AFTER_SIGN, "{signed} blocks after one signature");
}
