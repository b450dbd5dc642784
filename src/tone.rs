//! Detectors for how a post sounds rather than what it says: shouting in
//! capitals and piles of exclamation marks. Both return byte spans.

use crate::text::Token;

/// A run of at least three all-capital words, or two long ones (24 letters
/// between them), in one sentence: a two-word event title in capitals
/// ("KARLEBY SOMMARFEST") is a heading, not shouting. Acronyms (EU, YLE, HR) are too short to
/// make a run on their own; hashtags and mentions never count.
pub fn shouting(text: &str, tokens: &[Token]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut run: Option<(usize, usize, usize, usize, u32)> = None; // first, last, words, letters, sentence
    let flush = |run: &mut Option<(usize, usize, usize, usize, u32)>, out: &mut Vec<(usize, usize)>| {
        if let Some((first, last, words, letters, _)) = run.take() {
            if (words >= 3 && letters >= 9) || (words >= 2 && letters >= 24) {
                out.push((tokens[first].start, tokens[last].end));
            }
        }
    };
    for (i, tok) in tokens.iter().enumerate() {
        let word = &text[tok.start..tok.end];
        let letters = word.chars().filter(|c| c.is_alphabetic()).count();
        let caps = !tok.tagged && letters >= 2 && word.chars().all(|c| !c.is_alphabetic() || c.is_uppercase());
        match (&mut run, caps) {
            (Some(r), true) if r.4 == tok.sentence => {
                r.1 = i;
                r.2 += 1;
                r.3 += letters;
            }
            (_, true) => {
                flush(&mut run, &mut out);
                run = Some((i, i, 1, letters, tok.sentence));
            }
            (_, false) if tok.digits => {} // "HUOM 2 KERTAA" stays one run
            (_, false) => flush(&mut run, &mut out),
        }
    }
    flush(&mut run, &mut out);
    out
}

/// Three or more marks in a row of which at least two are '!' ("!!!", "?!!").
pub fn exclamations(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'!' || bytes[i] == b'?' {
            let start = i;
            let mut bangs = 0;
            while i < bytes.len() && (bytes[i] == b'!' || bytes[i] == b'?' || bytes[i] == b'1' && bangs > 0) {
                bangs += (bytes[i] == b'!') as usize;
                i += 1;
            }
            if i - start >= 3 && bangs >= 2 {
                out.push((start, i));
            }
        } else {
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::tokenize;

    fn shout(t: &str) -> Vec<&str> {
        shouting(t, &tokenize(t)).into_iter().map(|(a, b)| &t[a..b]).collect()
    }

    #[test]
    fn capital_runs() {
        assert_eq!(shout("Tämä on AIVAN KÄSITTÄMÄTÖNTÄ TOIMINTAA taas."), ["AIVAN KÄSITTÄMÄTÖNTÄ TOIMINTAA"]);
        assert_eq!(shout("DET HÄR ÄR SKANDAL"), ["DET HÄR ÄR SKANDAL"]);
        assert!(shout("EU ja YLE kertoivat HR-asiasta.").is_empty());
        assert!(shout("#KOKKOLAKARLEBY #BREDAREHORISONT").is_empty());
        assert!(shout("Kokkola 2026. I am OK.").is_empty());
        assert!(shout("Tervetuloa: KARLEBY SOMMARFEST lauantaina!").is_empty());
    }

    #[test]
    fn exclamation_piles() {
        let t = "Hienoa! Mahtavaa!! Uskomatonta!!! Vai?!? Mitä?!!1";
        let found: Vec<&str> = exclamations(t).into_iter().map(|(a, b)| &t[a..b]).collect();
        assert_eq!(found, ["!!!", "?!!1"]);
    }
}
