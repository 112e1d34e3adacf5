//! A cell's outputs as IOPub messages: streams, `clear_output`, `display_data`, and the displays
//! updated in place (`display_data` with a `display_id`, then `update_display_data`).

use serde_json::{Value, json};

use crate::script::Output;

/// The IOPub message type and content of one output.
pub(super) fn message(o: Output) -> (&'static str, Value) {
    match o {
        Output::Stdout(t) => ("stream", json!({"name": "stdout", "text": t})),
        Output::Stderr(t) => ("stream", json!({"name": "stderr", "text": t})),
        Output::Clear => ("clear_output", json!({"wait": false})),
        Output::Display(b) => (
            "display_data",
            json!({"data": b.to_json(), "metadata": {}, "transient": {}}),
        ),
        Output::Update {
            display_id,
            bundle,
            first,
        } => (
            if first {
                "display_data"
            } else {
                "update_display_data"
            },
            json!({"data": bundle.to_json(), "metadata": {},
                   "transient": {"display_id": display_id}}),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::display::MimeBundle;

    #[test]
    fn an_update_is_shown_once_then_replaced_under_its_id() {
        let up = |first| Output::Update {
            display_id: "p1".into(),
            bundle: MimeBundle::text("50%"),
            first,
        };
        let (t, c) = message(up(true));
        assert_eq!(t, "display_data");
        assert_eq!(c["transient"]["display_id"], "p1");
        let (t, c) = message(up(false));
        assert_eq!(t, "update_display_data");
        assert_eq!(c["data"]["text/plain"], "50%");
    }
}
