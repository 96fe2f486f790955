//! Quote extraction on any text: no panic, and every quote is the char-boundary slice of the
//! text it claims to be.
#![no_main]

use libfuzzer_sys::fuzz_target;
use parallax::align::quotes::quotes_in;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for q in quotes_in(text) {
        assert!(q.start <= q.end && q.end <= text.len());
        assert!(text.is_char_boundary(q.start) && text.is_char_boundary(q.end));
        assert_eq!(q.text, text[q.start..q.end]);
    }
});
