//! The texts suggestions insert at the end of a post.

use super::Engine;
use crate::model::Locale;
use crate::pack::FixKind;
use crate::text::{fold_case, Token};
use std::collections::HashSet;

impl Engine {
    /// The text a suggestion inserts at the end of the post, or None when
    /// there is nothing to add (every hashtag already there).
    pub(super) fn fix_text(
        &self,
        text: &str,
        tokens: &[Token],
        folded: &str,
        kind: &FixKind,
        locale: Locale,
    ) -> Option<String> {
        // Nothing before the addition, or a blank line already there: no separator.
        let paragraph = if text.trim_end().is_empty() || text.ends_with("\n\n") {
            ""
        } else if text.ends_with('\n') {
            "\n"
        } else {
            "\n\n"
        };
        match kind {
            FixKind::Disclaimer => Some(format!("{paragraph}{}", self.disclaimer.get(locale))),
            FixKind::Text(t) => Some(format!("{paragraph}{}", t.get(locale))),
            FixKind::Hashtags => {
                let present = present_tags(text, tokens, folded);
                // Each missing tag once, in the configured order.
                let mut listed: HashSet<String> = HashSet::new();
                let mut missing: Vec<&str> = Vec::new();
                for tag in &self.hashtags {
                    let bare = fold_case(tag.trim_start_matches('#'));
                    if !present.contains(bare.as_str()) && listed.insert(bare) {
                        missing.push(tag);
                    }
                }
                if missing.is_empty() {
                    return None;
                }
                let ends_with_tag = tokens.last().is_some_and(|t| t.tagged && text[t.end..].trim().is_empty());
                let joiner = if !ends_with_tag {
                    paragraph
                } else if text.ends_with(char::is_whitespace) {
                    ""
                } else {
                    " "
                };
                Some(format!("{joiner}{}", missing.join(" ")))
            }
        }
    }
}

/// The hashtags a post carries, folded, without '#'.
pub(super) fn present_tags<'a>(text: &str, tokens: &[Token], folded: &'a str) -> HashSet<&'a str> {
    tokens.iter().filter(|t| t.tagged && text[..t.start].ends_with('#')).map(|t| &folded[t.start..t.end]).collect()
}
