//! Native benchmarks of the core: analysis of posts of 280, 2 000, 20 000
//! characters and 1 MB in each language, and building the engine.
//! Post texts are the labelled corpus's posts of that language, repeated.

use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use guidepost::{Engine, Locale, Memo};
use serde::Deserialize;

#[derive(Deserialize)]
struct Corpus {
    post: Vec<Post>,
}

#[derive(Deserialize)]
struct Post {
    text: String,
}

/// The corpus posts of `lang`, joined and cut to `chars` characters.
pub fn sample(lang: &str, chars: usize) -> String {
    let path = format!("{}/tests/corpus/{lang}.toml", env!("CARGO_MANIFEST_DIR"));
    let corpus: Corpus = toml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let mut text = String::new();
    'fill: loop {
        for p in &corpus.post {
            for c in p.text.chars().chain("\n\n".chars()) {
                if text.chars().count() >= chars {
                    break 'fill;
                }
                text.push(c);
            }
        }
    }
    text
}

const SIZES: [(&str, usize); 4] = [("280", 280), ("2000", 2_000), ("20000", 20_000), ("1MB", 1 << 20)];

fn analysis(c: &mut Criterion) {
    let engine = Engine::builtin();
    for lang in ["fi", "sv", "en"] {
        let mut group = c.benchmark_group(format!("analyze/{lang}"));
        for (name, size) in SIZES {
            let text = if size > 100_000 {
                // 1 MB in bytes rather than chars: build by bytes.
                let unit = sample(lang, 20_000);
                let mut t = String::new();
                while t.len() < size {
                    t.push_str(&unit);
                }
                t
            } else {
                sample(lang, size)
            };
            group.throughput(Throughput::Bytes(text.len() as u64));
            if size > 100_000 {
                group.sample_size(10);
            }
            group.bench_with_input(BenchmarkId::from_parameter(name), &text, |b, t| {
                b.iter(|| engine.analyze(black_box(t), Locale::Fi))
            });
        }
        group.finish();
    }
}

/// A re-check after one keystroke in the middle of the post, as the browser
/// makes them: the memo holds what the previous check worked out.
fn recheck(c: &mut Criterion) {
    let engine = Engine::builtin();
    for lang in ["fi", "sv", "en"] {
        let mut group = c.benchmark_group(format!("recheck/{lang}"));
        for (name, size) in &SIZES[..3] {
            let text = sample(lang, *size);
            let middle = text.char_indices().nth(text.chars().count() / 2).map_or(0, |(i, _)| i);
            let typed = format!("{}x{}", &text[..middle], &text[middle..]);
            let mut memo = Memo::default();
            let mut flip = false;
            group.bench_function(BenchmarkId::from_parameter(name), |b| {
                b.iter(|| {
                    flip = !flip;
                    engine.analyze_with(black_box(if flip { &typed } else { &text }), Locale::Fi, &mut memo)
                })
            });
        }
        group.finish();
    }
}

fn startup(c: &mut Criterion) {
    c.bench_function("engine/builtin", |b| b.iter(Engine::builtin));
}

criterion_group!(benches, analysis, recheck, startup);
criterion_main!(benches);
