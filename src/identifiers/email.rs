//! E-mail addresses.

use super::*;

/// E-mail addresses need no digits, so the digit-run starts go unused: this
/// scanner looks at every '@'.
pub(super) fn scan_emails(text: &str, _digit_runs: &[usize], out: &mut Vec<Candidate>) {
    // `match_indices` with a char uses memchr: fast on text without any '@'.
    for (at, _) in text.match_indices('@') {
        if let Some((start, end)) = email_at(text, at) {
            push(out, start, end, IdKind::Email, PRIO_EMAIL);
        }
    }
}

/// The e-mail address around the `@` at byte `at`, if any.
fn email_at(text: &str, at: usize) -> Option<(usize, usize)> {
    let start = email_local_start(text, at)?;
    let end = email_domain_end(text, at + 1)?;
    Some((start, end))
}

fn is_local_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_' | b'%' | b'+' | b'-')
}

/// Start of the local part before `at`. An empty local part means a mention
/// (`@kokkola`), not an address. Leading dots are punctuation, not address.
fn email_local_start(text: &str, at: usize) -> Option<usize> {
    let b = text.as_bytes();
    let mut s = at;
    while s > 0 && is_local_byte(b[s - 1]) {
        if at - s == 64 {
            return None; // longer than RFC 5321 allows: not an address
        }
        s -= 1;
    }
    while s < at && b[s] == b'.' {
        s += 1;
    }
    if s == at || prev_char(text, s).is_some_and(|c| c.is_alphanumeric() || c == '@') {
        return None;
    }
    Some(s)
}

/// Domain letters: ASCII letters, digits, hyphens, dots, and å ä ö because
/// Nordic internationalised domains (e.g. `kårkulla.fi`) are in real use.
fn is_domain_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | 'å' | 'ä' | 'ö' | 'Å' | 'Ä' | 'Ö')
}

/// End of a valid domain starting at `from`: at least two labels, the last (TLD)
/// two or more ASCII letters. Trailing dots are sentence punctuation and are not
/// part of the match; other punctuation (, ; : ! ?) already stops the scan.
fn email_domain_end(text: &str, from: usize) -> Option<usize> {
    let rest = text.get(from..)?;
    let mut end = from;
    for (off, c) in rest.char_indices() {
        if !is_domain_char(c) {
            if c.is_alphanumeric() || c == '@' || c == '_' {
                return None; // glued to something that cannot be in a domain
            }
            break;
        }
        if off >= 253 {
            return None;
        }
        end = from + off + c.len_utf8();
    }
    while end > from && text.as_bytes()[end - 1] == b'.' {
        end -= 1;
    }
    valid_domain(&text[from..end]).then_some(end)
}

fn valid_domain(domain: &str) -> bool {
    let mut labels = 0;
    let mut tld = "";
    for label in domain.split('.') {
        if label.is_empty() || label.starts_with('-') || label.ends_with('-') {
            return false;
        }
        labels += 1;
        tld = label;
    }
    labels >= 2 && tld.len() >= 2 && tld.bytes().all(|c| c.is_ascii_alphabetic())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails() {
        only("Mail: matti.meikalainen@kokkola.fi", "matti.meikalainen@kokkola.fi", IdKind::Email);
        only("Skriv till info@kårkulla.fi!", "info@kårkulla.fi", IdKind::Email);
        only("first_last+tag%1@sub.example.co.uk.", "first_last+tag%1@sub.example.co.uk", IdKind::Email);
        only("(Anna.Svensson@Example.SE)", "Anna.Svensson@Example.SE", IdKind::Email);
        for punct in [".", ",", ";", ":", "!", "?"] {
            only(&format!("x-y@mail.fi{punct} jee"), "x-y@mail.fi", IdKind::Email);
        }
    }

    #[test]
    fn not_emails() {
        for text in [
            "@kokkola",
            "Seuraa @kokkolankaupunki!",
            "@kokkola.fi",
            "x@y",
            "x@y.",
            "x@y.1",
            "x@.fi",
            "x@y..fi",
            "x@-y.fi",
            "x @y.fi",
            "https://mastodon.social/@kokkola",
            "a@b@c.fi",
        ] {
            none(text);
        }
    }

    #[test]
    fn email_beats_phone_digits_inside_it() {
        only("0401234567@sms.example.fi", "0401234567@sms.example.fi", IdKind::Email);
    }
}
