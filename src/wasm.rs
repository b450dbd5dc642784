//! The browser's door into the core (compiled only for wasm32). Results cross
//! as JSON strings: one `JSON.parse` on the JavaScript side is faster and
//! smaller than building JS objects field by field from Rust.

use crate::engine::{Engine, Memo};
use crate::model::{Category, Locale};
use std::cell::RefCell;
use wasm_bindgen::prelude::*;

/// Runs when the module is instantiated: panics report their message and
/// location on the console (the background then drops that checker).
#[wasm_bindgen(start)]
fn start() {
    console_error_panic_hook::set_once();
}

/// The checker's category ids, in its order (`["personal-data", …]`): what
/// the extension's settings, options page and locale files must follow
/// (tests/e2e/categories.test.js holds them to it).
#[wasm_bindgen]
pub fn categories() -> String {
    serde_json::to_string(&Category::ALL.map(Category::id)).unwrap_or_default()
}

fn locale(tag: &str) -> Locale {
    Locale::parse(tag).unwrap_or_default()
}

/// One compiled rule pack, kept for the life of the background worker.
#[wasm_bindgen]
pub struct Checker {
    engine: Engine,
    /// What the learned layer worked out for the last check's sentences: the
    /// next keystroke's check works out only the sentences it changed.
    memo: RefCell<Memo>,
}

#[wasm_bindgen]
impl Checker {
    /// The built-in rule pack.
    #[wasm_bindgen(constructor)]
    pub fn new() -> Checker {
        Checker { engine: Engine::builtin(), memo: RefCell::default() }
    }

    /// The built-in pack with an organisation's configuration (JSON). Throws
    /// an Error whose message names the field and the problem.
    #[wasm_bindgen(js_name = withConfig)]
    pub fn with_config(json: &str) -> Result<Checker, JsError> {
        Engine::with_config(json)
            .map(|engine| Checker { engine, memo: RefCell::default() })
            .map_err(|e| JsError::new(&e.to_string()))
    }

    /// `{"language": …, "findings": [...]}` with UTF-16 offsets.
    pub fn analyze(&self, text: &str, locale_tag: &str) -> String {
        let analysis = self.engine.analyze_with(text, locale(locale_tag), &mut self.memo.borrow_mut());
        serde_json::to_string(&analysis).unwrap_or_default()
    }

    /// Every learned head on `text`: `[{category, rule, score, threshold,
    /// words}]`, probabilities 0–1 (the Rule-authors page).
    pub fn heads(&self, text: &str) -> String {
        serde_json::to_string(&self.engine.head_report(text)).unwrap_or_default()
    }

    /// Guideline cards matching `query`, best first, in the given locale.
    pub fn search(&self, query: &str, locale_tag: &str) -> String {
        serde_json::to_string(&self.engine.guide().search(query, locale(locale_tag))).unwrap_or_default()
    }

    /// Every guideline card in the given locale, in guideline order.
    pub fn cards(&self, locale_tag: &str) -> String {
        serde_json::to_string(&self.engine.guide().all(locale(locale_tag))).unwrap_or_default()
    }

    /// The disclaimer a suggestion inserts in the given locale (the options
    /// page shows it in an empty field: what the user gets by default).
    pub fn disclaimer(&self, locale_tag: &str) -> String {
        self.engine.disclaimer().get(locale(locale_tag)).to_string()
    }

    /// Panics, on purpose: the tests' way to prove that a panic reaches the
    /// console with its message and that the background recovers from it.
    /// Only the extension's own pages can reach it (see background.js).
    #[wasm_bindgen(js_name = panicForTest)]
    pub fn panic_for_test(&self) {
        panic!("guidepost: a panic on purpose (Checker.panicForTest)");
    }

    /// The rules: id, category, severity, language, section, message.
    pub fn rules(&self, locale_tag: &str) -> String {
        let l = locale(locale_tag);
        let list: Vec<_> = self
            .engine
            .rules()
            .iter()
            .map(|r| {
                serde_json::json!({
                    "id": r.id, "category": r.category, "severity": r.category.severity(),
                    "section": r.section, "builtin": r.builtin, "message": r.message.get(l),
                })
            })
            .collect();
        serde_json::to_string(&list).unwrap_or_default()
    }
}

impl Default for Checker {
    fn default() -> Self {
        Checker::new()
    }
}
