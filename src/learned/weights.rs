//! The learned layer's weights: the bytes `./build.sh train` writes to
//! `learned/weights.bin`, embedded in the binary and read in place (nothing
//! is parsed into a table at start-up).
//!
//! Layout, little-endian:
//!
//! ```text
//! "GPW2"                         magic
//! u8 heads, u8 bucket_bits, u16 0
//! per head (28 bytes): u8 category, 3 × u8 0, f32 bias, f32 scale,
//!                      f32 threshold (default), f32 strict, f32 relaxed,
//!                      f32 veto (−∞: the head never overrules a rule)
//! (2^bucket_bits + 1) × u32      where each bucket's entries start
//! n × u8                          the low bits of each entry's feature index
//! n × heads × i8                  each entry's weights, one per head
//! ```
//!
//! A feature index (20 bits) is split into its bucket (the high bits) and a
//! key (the low `20 - bucket_bits` bits, at most 8); a bucket holds a handful
//! of entries, sorted by key. A weight is `i8 × scale`; features whose
//! weights all round to zero are not stored at all.

use super::features::BITS;

pub const MAGIC: &[u8; 4] = b"GPW2";
const HEAD_BYTES: usize = 28;

/// One head's parameters.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HeadParams {
    /// Index of the category in `Category::ALL`.
    pub category: u8,
    pub bias: f32,
    pub scale: f32,
    /// Score (log-odds) at or above which the head reports, per sensitivity.
    pub threshold: f32,
    pub strict: f32,
    pub relaxed: f32,
    /// Score below which the head overrules its category's word rules on
    /// a sentence (heads with `veto = true` in `learned/heads.toml`): the
    /// rule saw a word, the head is sure the sentence is harmless.
    pub veto: f32,
}

/// The weights, borrowed from their bytes.
#[derive(Debug, Clone)]
pub struct Weights<'a> {
    pub heads: Vec<HeadParams>,
    bucket_bits: u32,
    offsets: &'a [u8],
    keys: &'a [u8],
    rows: &'a [u8],
}

fn u32_at(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
}

fn f32_at(b: &[u8], at: usize) -> f32 {
    f32::from_bits(u32_at(b, at))
}

impl<'a> Weights<'a> {
    /// Reads the layout; a file that does not have it is refused, never half-read.
    pub fn parse(bytes: &'a [u8]) -> Result<Weights<'a>, String> {
        if bytes.len() < 8 || &bytes[..4] != MAGIC {
            return Err("not a Guidepost weights file of this version (no GPW2 header)".into());
        }
        let n_heads = bytes[4] as usize;
        let bucket_bits = bytes[5] as u32;
        if n_heads == 0 || !(BITS - 8..=BITS).contains(&bucket_bits) {
            return Err(format!("bad header: {n_heads} heads, {bucket_bits} bucket bits"));
        }
        let mut at = 8;
        let mut heads = Vec::with_capacity(n_heads);
        if bytes.len() < at + n_heads * HEAD_BYTES {
            return Err("truncated head table".into());
        }
        for _ in 0..n_heads {
            heads.push(HeadParams {
                category: bytes[at],
                bias: f32_at(bytes, at + 4),
                scale: f32_at(bytes, at + 8),
                threshold: f32_at(bytes, at + 12),
                strict: f32_at(bytes, at + 16),
                relaxed: f32_at(bytes, at + 20),
                veto: f32_at(bytes, at + 24),
            });
            at += HEAD_BYTES;
        }
        let n_buckets = 1usize << bucket_bits;
        let offsets_len = (n_buckets + 1) * 4;
        if bytes.len() < at + offsets_len {
            return Err("truncated bucket table".into());
        }
        let offsets = &bytes[at..at + offsets_len];
        at += offsets_len;
        let n = u32_at(offsets, n_buckets * 4) as usize;
        if bytes.len() != at + n + n * n_heads {
            return Err(format!("expected {} bytes of entries, found {}", n + n * n_heads, bytes.len() - at));
        }
        let mut prev = 0;
        for b in 0..=n_buckets {
            let o = u32_at(offsets, b * 4) as usize;
            if o < prev || o > n {
                return Err(format!("bucket {b} is out of order"));
            }
            prev = o;
        }
        Ok(Weights { heads, bucket_bits, offsets, keys: &bytes[at..at + n], rows: &bytes[at + n..] })
    }

    /// How many features carry a weight.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// Adds `value` × the weights of feature `index` to `sums` (one per head):
    /// the one place a score is summed, for the engine and the trainer alike.
    #[inline]
    pub fn add_row(&self, index: u32, value: f32, sums: &mut [f32]) {
        if let Some(row) = self.row(index) {
            for (sum, &w) in sums.iter_mut().zip(row) {
                *sum += value * (w as i8) as f32;
            }
        }
    }

    /// The weights of feature `index`, one per head, or None.
    #[inline]
    pub fn row(&self, index: u32) -> Option<&'a [u8]> {
        let key_bits = BITS - self.bucket_bits;
        let bucket = (index >> key_bits) as usize;
        let key = (index & ((1 << key_bits) - 1)) as u8;
        // Both ends of the bucket in one read (offsets were checked in order
        // by `parse`); this runs for every feature of every sentence.
        let ends: &[u8; 8] = self.offsets[bucket * 4..bucket * 4 + 8].try_into().ok()?;
        let from = u32::from_le_bytes([ends[0], ends[1], ends[2], ends[3]]) as usize;
        let to = u32::from_le_bytes([ends[4], ends[5], ends[6], ends[7]]) as usize;
        let i = from + self.keys.get(from..to)?.iter().position(|&k| k == key)?;
        let h = self.heads.len();
        self.rows.get(i * h..(i + 1) * h)
    }
}

/// Writes the layout. `entries` maps feature index to one i8 per head.
pub fn encode(heads: &[HeadParams], bucket_bits: u32, entries: &[(u32, Vec<i8>)]) -> Vec<u8> {
    let mut sorted: Vec<&(u32, Vec<i8>)> = entries.iter().collect();
    sorted.sort_by_key(|e| e.0);
    let key_bits = BITS - bucket_bits;
    let mut out = Vec::new();
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&[heads.len() as u8, bucket_bits as u8, 0, 0]);
    for h in heads {
        out.extend_from_slice(&[h.category, 0, 0, 0]);
        for v in [h.bias, h.scale, h.threshold, h.strict, h.relaxed, h.veto] {
            out.extend_from_slice(&v.to_le_bytes());
        }
    }
    let n_buckets = 1usize << bucket_bits;
    let mut i = 0;
    for b in 0..=n_buckets {
        while i < sorted.len() && ((sorted[i].0 >> key_bits) as usize) < b {
            i += 1;
        }
        out.extend_from_slice(&(i as u32).to_le_bytes());
    }
    for e in &sorted {
        out.push((e.0 & ((1 << key_bits) - 1)) as u8);
    }
    for e in &sorted {
        assert_eq!(e.1.len(), heads.len(), "one weight per head");
        out.extend(e.1.iter().map(|&w| w as u8));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn head(c: u8) -> HeadParams {
        HeadParams { category: c, bias: -2.0, scale: 0.01, threshold: 0.5, strict: 0.0, relaxed: 1.0, veto: -3.0 }
    }

    #[test]
    fn round_trip() {
        let heads = [head(3), head(4)];
        let entries =
            vec![(5u32, vec![1i8, -2]), ((1 << 20) - 1, vec![127, -128]), (300, vec![0, 9]), (301, vec![4, 4])];
        let bytes = encode(&heads, 12, &entries);
        let w = Weights::parse(&bytes).unwrap();
        assert_eq!(w.heads, heads);
        assert_eq!(w.len(), 4);
        for (i, row) in &entries {
            let got: Vec<i8> = w.row(*i).unwrap().iter().map(|&b| b as i8).collect();
            assert_eq!(&got, row);
        }
        assert!(w.row(6).is_none());
        assert!(w.row(302).is_none());
    }

    #[test]
    fn refuses_what_is_not_its_layout() {
        assert!(Weights::parse(b"nope").is_err());
        let mut bytes = encode(&[head(0)], 12, &[(1, vec![1])]);
        bytes.pop();
        assert!(Weights::parse(&bytes).is_err());
    }
}
