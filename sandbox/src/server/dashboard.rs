//! `GET /__sandbox/`: the sandbox at a glance, as a page — every object
//! with its states over time, the last requests and their answers, the IPNs
//! sent, and the virtual clock with a form to advance it. Built from the
//! sandbox's journal; plain HTML, no script.

use std::fmt::Write as _;

use amazon_pay_core::Timestamp;
use amazon_pay_core::operation::Response;

use crate::Sandbox;
use crate::server::html::escape;

/// The kinds in the order the page lists them, with their headings.
const KINDS: [(&str, &str); 4] = [
    ("CHECKOUT_SESSION", "Checkout Session"),
    ("CHARGE_PERMISSION", "Charge Permission"),
    ("CHARGE", "Charge"),
    ("REFUND", "Refund"),
];

const STYLE: &str = "body{font-family:system-ui,sans-serif;margin:2rem;color:#111}\
table{border-collapse:collapse;margin-bottom:1.5rem;width:100%}\
th,td{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;font-size:.9rem}\
th{background:#f3f3f3}.refused{color:#a00}.state{font-weight:600}\
h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:1.5rem}";

/// The page for the sandbox as it is at `now` (real time).
pub(crate) fn page(sandbox: &Sandbox, now: Timestamp) -> Response {
    let journal = &sandbox.journal;
    let mut html = String::with_capacity(8192);
    let _ = write!(
        html,
        "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>Amazon Pay sandbox</title>\
         <link rel=\"icon\" href=\"data:,\"><style>{STYLE}</style></head>\n<body>\n<h1>Amazon Pay sandbox — {region}, {host}</h1>\n",
        region = sandbox.region().as_str(),
        host = escape(sandbox.host()),
    );
    let _ = write!(
        html,
        "<section id=\"clock\"><h2>Virtual clock</h2>\n<p>Now: <time id=\"now\">{clock}</time>, \
         <span id=\"offset\">{offset}</span> s ahead of real time.</p>\n\
         <form method=\"post\" action=\"/__sandbox/clock\">\
         <label>Advance by <input id=\"advance-seconds\" name=\"advanceSeconds\" type=\"number\" \
         min=\"0\" value=\"3600\"> seconds</label> <button id=\"advance\" type=\"submit\">Advance</button>\
         </form></section>\n",
        clock = sandbox.clock(now).extended(),
        offset = sandbox.offset().whole_seconds(),
    );
    html.push_str(
        "<section id=\"objects\"><h2>Objects</h2>\n<table><tr><th>Object</th><th>Id</th>\
         <th>State</th><th>Timeline</th></tr>\n",
    );
    for (kind, heading) in KINDS {
        for ((_, id), timeline) in journal.timelines.iter().filter(|((k, _), _)| *k == kind) {
            let state = timeline.last().map_or("", |(_, state)| state.as_str());
            let steps: Vec<String> = timeline
                .iter()
                .map(|(at, state)| format!("{} {}", escape(state), at.extended()))
                .collect();
            let _ = writeln!(
                html,
                "<tr class=\"object\" data-kind=\"{kind}\"><td>{heading}</td><td>{id}</td>\
                 <td class=\"state\">{state}</td><td>{steps}</td></tr>",
                id = escape(id),
                state = escape(state),
                steps = steps.join(" → "),
            );
        }
    }
    html.push_str("</table></section>\n");
    html.push_str(
        "<section id=\"requests\"><h2>Last requests</h2>\n<table><tr><th>At</th><th>Request</th>\
         <th>Operation</th><th>Status</th><th>reasonCode</th></tr>\n",
    );
    for entry in journal.requests.iter().rev() {
        let _ = writeln!(
            html,
            "<tr class=\"request{refused}\"><td>{at}</td><td>{method} {path}</td><td>{operation}</td>\
             <td>{status}</td><td>{reason}</td></tr>",
            refused = if entry.status >= 400 { " refused" } else { "" },
            at = entry.at.extended(),
            method = escape(&entry.method),
            path = escape(&entry.path),
            operation = entry.operation.unwrap_or("—"),
            status = entry.status,
            reason = escape(entry.reason_code.as_deref().unwrap_or("")),
        );
    }
    html.push_str("</table></section>\n");
    html.push_str(
        "<section id=\"ipns\"><h2>IPNs sent</h2>\n<table><tr><th>At</th><th>Object</th>\
         <th>Id</th><th>State</th></tr>\n",
    );
    if sandbox.ipn_signer().is_none() {
        html.push_str("<tr><td colspan=\"4\">IPNs are off in this sandbox.</td></tr>\n");
    }
    for entry in journal.ipns.iter().rev() {
        let _ = writeln!(
            html,
            "<tr class=\"ipn\"><td>{at}</td><td>{kind}</td><td>{id}</td><td>{state}</td></tr>",
            at = entry.at.extended(),
            kind = entry.object_type,
            id = escape(&entry.object_id),
            state = escape(&entry.state),
        );
    }
    html.push_str("</table></section>\n</body></html>\n");
    Response::new(200, html.into_bytes()).with_header("content-type", "text/html; charset=utf-8")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journal::IpnEntry;
    use amazon_pay_core::Region;

    #[test]
    fn the_page_lists_ipns_and_escapes_what_it_shows() {
        let now = Timestamp::parse("20261125T120000Z").unwrap();
        let mut sandbox = Sandbox::new(Region::Eu);
        sandbox.journal.ipn(IpnEntry {
            at: now,
            object_type: "CHARGE",
            object_id: "S02-1-C1<script>".into(),
            state: "Captured".into(),
        });
        sandbox
            .journal
            .state(("REFUND", "S02-1-R1".into()), "RefundInitiated", now);
        let page = page(&sandbox, now);
        let html = String::from_utf8(page.body().to_vec()).unwrap();
        assert!(html.contains("<tr class=\"ipn\"><td>2026-11-25T12:00:00Z</td><td>CHARGE</td>"));
        assert!(html.contains("S02-1-C1&lt;script&gt;") && !html.contains("C1<script>"));
        assert!(html.contains("data-kind=\"REFUND\""));
        assert!(
            html.contains("IPNs are off"),
            "this sandbox has no IPN signer"
        );
    }
}
