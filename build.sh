#!/usr/bin/env bash
# The one entry point of the project. Installs what a fresh machine lacks,
# skips what is there, and then:
#   ./build.sh            build everything (native command, wasm core, extension, site)
#   ./build.sh test       every test (the checks first)
#   ./build.sh check      the checks alone: formatting and lints
#   ./build.sh serve      build, then serve the playground on http://127.0.0.1:8080
#   ./build.sh bench      benchmarks (prints figures, writes BENCHMARKS.md)
#   ./build.sh package    store-ready extension archives
#   ./build.sh e2e        only the extension: build it, lint it, run its end-to-end tests
#   ./build.sh train      retrain the learned layer (rewrites learned/weights.bin, learned/golden.json)
#   ./build.sh check-js   only the JavaScript unit tests (node --test, no browser)
set -euo pipefail
cd "$(dirname "$0")"

WASM_BINDGEN_VERSION=0.2.130   # must equal the wasm-bindgen crate pinned in Cargo.toml
OUT=build                      # everything generated lives here (gitignored)

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

ensure_wasm_target() {
    if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
        say "installing the wasm32-unknown-unknown target"
        rustup target add wasm32-unknown-unknown
    fi
}

ensure_wasm_tools() {
    ensure_wasm_target
    if ! wasm-bindgen --version 2>/dev/null | grep -q " $WASM_BINDGEN_VERSION"; then
        say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (takes a few minutes, once)"
        # --locked fails today: a locked dependency is missing from the index.
        cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
    fi
}

build_native() {
    say "building the guidepost command"
    cargo build --release --locked
}

build_wasm() {
    ensure_wasm_tools
    say "building the wasm core"
    cargo build --release --locked --lib --target wasm32-unknown-unknown
    rm -rf "$OUT/pkg"
    # wasm-opt is left out on purpose: Debian's breaks wasm-bindgen output, and
    # stripping the name and producers sections alone gzips about as small.
    wasm-bindgen target/wasm32-unknown-unknown/release/guidepost.wasm \
        --target web --no-typescript --out-dir "$OUT/pkg" \
        --remove-name-section --remove-producers-section
}

ensure_node_modules() {
    # npm ci when node_modules is missing or was installed from another lock file.
    local stamp=node_modules/.guidepost-lock.sha256
    local want
    want=$(sha256sum package-lock.json | cut -d' ' -f1)
    if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
        say "installing npm packages (npm ci)"
        npm ci --no-audit --no-fund
        echo "$want" > "$stamp"
    fi
}

ensure_chromium() {
    if [ ! -x /usr/bin/chromium ]; then
        say "installing Chromium for the end-to-end tests"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -q
        apt-get install -y -q chromium chromium-driver
    fi
}

ensure_firefox() {
    # Debian's firefox-esr: bookworm's main archive has 140, which refuses the
    # extension (strict_min_version); the security archive has 153.
    if [ ! -x /usr/bin/firefox-esr ]; then
        say "installing Firefox ESR for the end-to-end tests"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -q
        apt-get install -y -q firefox-esr
    fi
    local have want
    have=$(/usr/bin/firefox-esr --version | grep -oE '[0-9]+(\.[0-9]+)+' | head -1)
    want=$(node -p 'require("./extension/manifest.json").browser_specific_settings.gecko.strict_min_version')
    if [ "$(printf '%s\n%s\n' "$want" "$have" | sort -V | head -1)" != "$want" ]; then
        echo "build.sh: Firefox ESR $have is older than the extension's strict_min_version $want;" >&2
        echo "          this machine's package sources offer no newer one (Debian bookworm: add the security archive)." >&2
        exit 1
    fi
}

bundle_content_script() {
    # The content script's ES modules (extension/content/*.js, entry main.js)
    # as the one classic script the manifest loads: readable, not minified.
    node_modules/.bin/esbuild extension/content/main.js --bundle --format=iife \
        --target=es2022 --charset=utf8 --log-level=warning --outfile="$1" \
        --banner:js="// Guidepost's content script, bundled by ./build.sh from extension/content/ (entry main.js). Edit those files, not this one."
}

build_extension() {
    # The unpacked extension exactly as shipped: the sources, the content
    # script bundled from its modules, and the wasm core.
    say "assembling the browser extension"
    [ -f "$OUT/pkg/guidepost_bg.wasm" ] || build_wasm
    ensure_node_modules
    rm -rf "$OUT/extension"
    mkdir -p "$OUT/extension/pkg"
    cp -R extension/. "$OUT/extension/"
    rm -f "$OUT/extension/README.md"   # for developers, not for the stores
    rm -f "$OUT/extension/content/"*.js   # shipped as the one bundle instead
    bundle_content_script "$OUT/extension/content/guidepost.js"
    cp "$OUT/pkg/guidepost.js" "$OUT/pkg/guidepost_bg.wasm" "$OUT/extension/pkg/"
}

package_extension() {
    # One build, two store archives: a zip for the Chrome Web Store and Edge
    # Add-ons, an .xpi for addons.mozilla.org or the city's own Firefox
    # deployment (unsigned: extension/README.md says how to sign it). The
    # manifest carries both background forms, so the two are the same bytes:
    # packed once, unpacked again and linted, so what is checked is what ships.
    build_wasm
    build_extension
    ensure_node_modules
    local zip="$OUT/guidepost-chrome.zip" xpi="$OUT/guidepost-firefox.xpi" unpacked
    rm -f "$zip" "$xpi"
    (cd "$OUT/extension" && python3 -m zipfile -c "../$(basename "$zip")" ./*)
    unpacked=$(mktemp -d)
    python3 -m zipfile -e "$zip" "$unpacked"
    say "linting the packed extension"
    node tests/e2e/lint-extension.mjs "$unpacked" || { rm -rf "$unpacked"; exit 1; }
    rm -rf "$unpacked"
    cp "$zip" "$xpi"
    say "wrote $zip and $xpi ($(stat -c %s "$zip") bytes each)"
}

build_www() {
    # The playground: www/ plus the wasm core and the extension's own
    # rendering scripts (shared, not copied into the repository).
    say "assembling the playground site"
    [ -f "$OUT/pkg/guidepost_bg.wasm" ] || build_wasm
    node www/build.mjs
}

lint_extension() {
    say "linting the extension (web-ext lint)"
    node tests/e2e/lint-extension.mjs "$OUT/extension"
}

test_e2e() {
    ensure_node_modules
    ensure_chromium
    ensure_firefox
    lint_extension
    say "end-to-end tests: the extension in Chromium and Firefox on Lexical, Quill, TipTap and a textarea"
    node --test --test-concurrency=1 tests/e2e/
}

check_js() {
    # The pure JavaScript (settings, the controller's logic, texts and their
    # keys, the playground's JSON locator) in Node: no browser, no build.
    say "JavaScript unit tests (node --test tests/unit/)"
    node --test tests/unit/
}

check_rust() {
    # rustfmt.toml holds the formatting; clippy's warnings are errors. The wasm
    # bindings (src/wasm.rs) compile for wasm32 only, so clippy looks there too.
    ensure_lint_tools
    say "checking the Rust formatting (cargo fmt --check)"
    cargo fmt --check
    say "linting the Rust code (cargo clippy, warnings are errors)"
    cargo clippy --locked --all-targets -- -D warnings
    ensure_wasm_target
    cargo clippy --locked --lib --target wasm32-unknown-unknown -- -D warnings
}

ensure_lint_tools() {
    local component
    for component in rustfmt clippy; do
        if ! rustup component list --installed 2>/dev/null | grep -q "^$component"; then
            say "installing the $component component"
            rustup component add "$component"
        fi
    done
}

check() {
    # What runs first in ./build.sh test and alone in ./build.sh check.
    check_js
    check_rust
}

test_all() {
    check
    say "native tests (core, rule examples, corpus, properties, command)"
    cargo test --release --locked
    build_wasm
    build_extension
    test_e2e
    build_www
    say "playground test: the served site in Chromium"
    node --test --test-concurrency=1 tests/www/
    say "all tests passed"
}

bench() {
    # Prints the figures and writes BENCHMARKS.md; reports targets, never fails on them.
    ensure_node_modules
    ensure_chromium
    say "benchmarks: native core, core in the extension's worker, JS baseline, sizes, typing end to end"
    node tests/bench/run.mjs
}

train() {
    # Same data, same seed, same bytes: tests/learned.rs checks the committed
    # weights against what this produces.
    say "training the learned layer from learned/data (calibrating on tests/corpus and tests/holdout)"
    cargo run --release --locked --bin guidepost-train
}

cmd=${1:-build}
case "$cmd" in
    build) build_native; build_wasm; build_extension; build_www ;;
    test) test_all ;;
    check) check ;;
    serve) build_native; build_wasm; build_extension; build_www; exec node www/serve.mjs "${@:2}" ;;
    package) package_extension ;;
    e2e) build_wasm; build_extension; test_e2e ;;
    bench) build_native; build_wasm; build_extension; bench ;;
    train) train ;;
    check-js) check_js ;;
    *) echo "usage: ./build.sh [build|test|check|check-js|serve|bench|package|e2e|train]" >&2; exit 2 ;;
esac
