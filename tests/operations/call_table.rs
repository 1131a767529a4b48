//! The table of calls in `docs/operations.md` is the crate's own table,
//! written out: a copy that cannot drift.

use amazon_pay_core::{Idempotency, Operation};

fn markdown() -> String {
    let mut table = String::from(
        "| Call | Family | Method and path | Idempotency key | Path versions |\n|---|---|---|---|---|\n",
    );
    for operation in Operation::ALL {
        let spec = operation.spec();
        let key = match spec.idempotency {
            Idempotency::Required => "required",
            Idempotency::Optional => "optional",
            _ => "—",
        };
        let versions = if spec.in_v1 { "v1, v2" } else { "v2" };
        table.push_str(&format!(
            "| {operation} | {:?} | `{} {}` | {key} | {versions} |\n",
            operation.family(),
            spec.method.as_str(),
            spec.path,
        ));
    }
    table
}

#[test]
fn the_docs_show_the_crates_table_of_calls() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/operations.md");
    let docs = std::fs::read_to_string(path).unwrap();
    let (_, rest) = docs
        .split_once("<!-- calls:begin -->\n")
        .expect("begin marker");
    let (shown, _) = rest.split_once("<!-- calls:end -->").expect("end marker");
    let expected = markdown();
    assert!(
        shown == expected,
        "docs/operations.md shows another table of calls; put this between the markers:\n{expected}"
    );
    assert_eq!(expected.lines().count(), 2 + 43);
}
