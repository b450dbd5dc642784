// The playground's glue. The checking is the wasm core, called directly in the
// page (the extension asks its background worker instead); the underlines,
// the card, the chip, the keys and the insertion of fixes are the extension's
// own controller and content modules (extension/content/, served unchanged
// as shared/ by build.mjs). The page adds the findings list beside the box.
// Nothing here leaves the page: the only requests are this site's own files.

import init, { Checker } from './pkg/guidepost.js';
import { categoryKey, translator } from './format.js';
import { Controller } from './shared/controller.js';
import { gpRangeFor, gpReadEditable } from './shared/text-map.js';
import { LOCALES, STRINGS } from './strings.js';
import { EXAMPLES } from './examples.js';
import { explainConfigError, lineColumn } from './json-locate.js';

const $ = (selector) => document.querySelector(selector);
const SEVERITIES = ['risk', 'caution', 'suggestion'];
const LOCALE_KEY = 'guidepost.playground.locale';
const CONFIG_KEY = 'guidepost.playground.config';

const state = {
  locale: 'sv',
  messages: {},       // the extension's _locales strings for the locale
  builtin: null,      // Checker with the built-in rules
  custom: null,       // Checker with the organisation's configuration, when it applies
  configError: null,  // the last configuration error, explained
};

const checker = () => state.custom || state.builtin;

// ---------------------------------------------------------------- texts

/** A text by key: the site's own strings first, then the extension's. */
const t = translator((key) => STRINGS[state.locale][key] ?? state.messages[key]?.message);

/** Sets an element's text; `code` in backticks becomes <code>. Never markup. */
function setRich(el, text) {
  const parts = text.split('`');
  el.replaceChildren(...parts.map((part, i) => {
    if (i % 2 === 0) return document.createTextNode(part);
    const code = document.createElement('code');
    code.textContent = part;
    return code;
  }));
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') node.className = v;
    else if (k === 'text') node.textContent = v;
    else if (k.startsWith('data-') || k.startsWith('aria-') || k === 'role' || k === 'href' || k === 'lang' || k === 'id' || k === 'tabindex') node.setAttribute(k, v);
    else node[k] = v;
  }
  node.append(...children.filter((c) => c !== null && c !== undefined));
  return node;
}

async function loadMessages(locale) {
  const response = await fetch(`_locales/${locale}/messages.json`);
  if (!response.ok) throw new Error(`_locales/${locale}/messages.json: HTTP ${response.status}`);
  return response.json();
}

function pickLocale() {
  const saved = localStorage.getItem(LOCALE_KEY);
  if (LOCALES.includes(saved)) return saved;
  for (const tag of navigator.languages || [navigator.language]) {
    const base = String(tag).toLowerCase().split(/[-_]/)[0];
    if (LOCALES.includes(base)) return base;
  }
  return 'sv';
}

async function setLocale(locale) {
  state.messages = await loadMessages(locale);
  state.locale = locale;
  localStorage.setItem(LOCALE_KEY, locale);
  document.documentElement.lang = locale;
  $('#lang-select').value = locale;
  for (const node of document.querySelectorAll('[data-i18n]')) setRich(node, t(node.dataset.i18n));
  for (const node of document.querySelectorAll('[data-i18n-label]')) node.setAttribute('aria-label', t(node.dataset.i18nLabel));
  $('#post').dataset.placeholder = t('postPlaceholder');
  $('#guide-search').placeholder = t('searchPlaceholder');
  document.title = t('siteTitle');
  // Everything the checker says is in the chosen language: ask again.
  controller.chip.signature = null;
  controller.card.close(false);
  guide.dirty = true;
  schedule();
  renderConfigState();
  route({ focus: false });
}

// ---------------------------------------------------------------- Try it

const post = $('#post');
// Browsers without "plaintext-only" get a plain editable box; the paste
// handler below keeps it plain text either way.
if (!post.isContentEditable) post.contentEditable = 'true';
let listSignature = '';

function analyze(text) {
  if (!checker() || !text.trim()) return { language: 'und', findings: [] };
  return JSON.parse(checker().analyze(text, state.locale));
}

// The extension's controller, with the wasm core as its checker and the
// site's own routes for the guideline; the list beside the box follows
// every check.
const controller = new Controller({
  analyze: async (text) => (checker() ? analyze(text) : null),
  t,
  openGuide: (finding) => {
    controller.card.close(false);
    location.hash = `#/guide/${finding.section_id}`;
  },
  chipShown: (box) => {
    const rect = post.getBoundingClientRect();
    return !$('#view-try').hidden && rect.bottom > 0 && rect.top < innerHeight && !!box.text.trim();
  },
  onShow: (box) => {
    post.dataset.checked = String(box.text.length); // for tests: which text the findings belong to
    renderFindings();
  },
});
controller.listen();
const editor = controller.box(post, 'plaintext');
controller.active = editor; // the one box: its chip shows whenever the box does
// The tests read the box as the checker does (the page's own debugging aid too).
globalThis.gpReadEditable = gpReadEditable;

/** Checks the box again (as soon as the current check is done). */
const schedule = () => editor.schedule();

function renderFindings() {
  const text = editor.text;
  const { findings, language } = editor;
  $('#detected').textContent = text.trim() ? t('detected', t(`lang_${language}`)) : '';
  const signature = JSON.stringify([state.locale, text.trim() === '', findings.map((f) => [f.rule, f.start, f.end, f.message, !!f.fix])]);
  if (signature === listSignature) return;
  listSignature = signature;
  const root = $('#findings');
  if (!text.trim()) return root.replaceChildren(el('p', { class: 'help', text: t('findingsEmpty') }));
  if (!findings.length) return root.replaceChildren(el('p', { class: 'clean', text: `✓ ${t('findingsClean')}` }));
  const parts = [];
  for (const severity of SEVERITIES) {
    const group = findings.filter((f) => f.severity === severity);
    if (!group.length) continue;
    const headingId = `group-${severity}`;
    parts.push(el('h3', { class: `group sev-text-${severity}`, id: headingId }, el('span', { class: `dot dot-${severity}`, 'aria-hidden': 'true' }), t(`group_${severity}`, group.length)));
    const list = el('ul', { class: 'finding-list', 'aria-labelledby': headingId, 'data-severity': severity });
    for (const f of group) list.append(renderFinding(f, text));
    parts.push(list);
  }
  root.replaceChildren(...parts);
}

function renderFinding(f, text) {
  const passage = f.end > f.start ? text.slice(f.start, f.end) : null;
  const category = t(categoryKey(f.category));
  const jump = el('button', { type: 'button', class: 'jump', 'aria-describedby': undefined },
    el('span', { class: 'cat', text: category }), ' ',
    passage ? el('q', { text: passage }) : el('span', { class: 'whole', text: `(${t('wholePost')})` }));
  jump.title = t('jumpHint');
  jump.addEventListener('click', () => jumpTo(f));
  const item = el('li', { class: `finding sev-${f.severity}`, 'data-rule': f.rule, 'data-category': f.category },
    jump,
    el('p', { class: 'msg', text: f.message }),
    el('p', { class: 'section' }, `${t('guideLink', '')}`, el('a', { href: `#/guide/${f.section_id}`, text: f.section })));
  if (f.fix) {
    const label = f.fix.text.trim().replace(/\s+/g, ' ');
    const apply = el('button', { type: 'button', class: 'fix primary', 'data-fix': f.category, text: t('applyFix', label.length > 48 ? `${label.slice(0, 47)}…` : label) });
    apply.addEventListener('click', () => {
      apply.disabled = true; // one click, one insertion
      editor.applySuggestion(f.category);
    });
    item.append(apply);
  }
  return item;
}

/** Selects the finding's passage in the box (or puts the caret at the end for a whole-post remark). */
function jumpTo(f) {
  const current = gpReadEditable(post);
  post.focus({ preventScroll: true });
  const range = f.end > f.start && current.text === editor.map?.text
    ? gpRangeFor(current, post, f.start, f.end)
    : (() => {
      const r = new Range();
      r.selectNodeContents(post);
      r.collapse(false);
      return r;
    })();
  const selection = document.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
  const rect = range.getBoundingClientRect();
  if (rect.top < 0 || rect.bottom > innerHeight) post.scrollIntoView({ block: 'center' });
}

// The box takes plain text only, whatever is pasted (also the synthetic
// paste insert.js uses for multi-line fixes).
post.addEventListener('paste', (event) => {
  const text = event.clipboardData?.getData('text/plain');
  if (typeof text !== 'string') return;
  event.preventDefault();
  document.execCommand('insertText', false, text);
});
post.addEventListener('input', () => controller.noteInput(editor));

function loadPost(text) {
  editor.dismissed.clear();
  post.focus({ preventScroll: true });
  const range = new Range();
  range.selectNodeContents(post);
  const selection = document.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
  // Through the editing commands, so Ctrl+Z brings the previous post back.
  if (!document.execCommand('insertText', false, text) || gpReadEditable(post).text !== text) post.textContent = text;
  schedule();
}

for (const button of document.querySelectorAll('[data-example]')) {
  button.addEventListener('click', () => loadPost(EXAMPLES[button.dataset.example]));
}
$('#clear-post').addEventListener('click', () => {
  post.textContent = '';
  editor.dismissed.clear();
  post.focus();
  schedule();
});

// ---------------------------------------------------------------- The guideline

const guide = { dirty: true, query: null, section: null };

function renderBody(body) {
  const out = [];
  let list = null;
  for (const line of body.split('\n')) {
    if (!line.trim()) {
      list = null;
      continue;
    }
    const item = /^\s*[-*•]\s+(.*)$/.exec(line);
    if (item) {
      if (!list) out.push((list = el('ul')));
      list.append(el('li', { text: item[1] }));
    } else {
      list = null;
      out.push(el('p', { text: line }));
    }
  }
  return out;
}

function renderGuide() {
  if (!checker()) return;
  const query = $('#guide-search').value.trim();
  if (!guide.dirty && guide.query === query) return;
  const cards = JSON.parse(query ? checker().search(query, state.locale) : checker().cards(state.locale));
  guide.dirty = false;
  guide.query = query;
  const rules = JSON.parse(checker().rules(state.locale));
  const bySection = new Map();
  for (const r of rules) {
    if (!bySection.has(r.section)) bySection.set(r.section, []);
    bySection.get(r.section).push(r);
  }
  const list = $('#guide-list');
  $('#guide-count').textContent = cards.length ? t('searchCount', cards.length) : t('searchNone');
  list.replaceChildren(...cards.map((c) => {
    const enforced = bySection.get(c.id) || [];
    const rulesBox = el('details', { class: 'rules' },
      el('summary', { text: t('rulesHeading', enforced.length) }),
      enforced.length
        ? el('ul', {}, ...enforced.map((r) => el('li', { 'data-rule': r.id },
          el('span', { class: `badge sev-${r.severity}`, text: t(`sev_${r.severity}`) }), ' ',
          el('strong', { text: t(categoryKey(r.category)) }), ' ',
          r.builtin ? null : el('span', { class: 'badge org', text: t('orgRule') }),
          el('p', { text: r.message }),
          el('code', { text: r.id }))))
        : el('p', { class: 'help', text: t('rulesNone') }));
    return el('article', { class: 'card', id: `guide-${c.id}`, 'data-section': c.id, 'aria-labelledby': `guide-${c.id}-h` },
      el('h2', { id: `guide-${c.id}-h`, tabindex: '-1' },
        el('a', { href: `#/guide/${c.id}`, class: 'self', text: c.title, title: t('sectionLink') })),
      el('p', { class: 'summary', text: c.summary }),
      ...renderBody(c.body),
      rulesBox);
  }));
}

function showSection(id, focus) {
  if ($('#guide-search').value) {
    $('#guide-search').value = '';
    guide.dirty = true;
  }
  renderGuide();
  for (const node of document.querySelectorAll('#guide-list .card.current')) node.classList.remove('current');
  const article = document.getElementById(`guide-${id}`);
  if (!article) return;
  article.classList.add('current');
  article.querySelector('details.rules').open = true;
  article.scrollIntoView({ block: 'start' });
  if (focus) article.querySelector('h2').focus({ preventScroll: true });
}

let searchTimer = 0;
$('#guide-search').addEventListener('input', () => {
  clearTimeout(searchTimer);
  searchTimer = setTimeout(renderGuide, 60);
});

// ---------------------------------------------------------------- Rule authors

const EXAMPLE_CONFIG = {
  hashtags: ['#Kokkola2026'],
  confidential_terms: ['Projekt Merituuli'],
  allowed_words: ['Hotelli Kaarlen Kievari'],
  rules: [{
    id: 'confidential/draft-budget',
    category: 'confidential',
    lang: 'any',
    section: 'fortroendevalda',
    message: {
      sv: 'Budgetutkastet är inte offentligt ännu. Vänta tills det har publicerats.',
      fi: 'Talousarvioluonnos ei ole vielä julkinen. Odota, kunnes se on julkaistu.',
      en: 'The draft budget is not public yet. Wait until it has been published.',
    },
    match: ['budgetutkast*', 'talousarvioluonno*', 'draft budget'],
    flag: ['Här är budgetutkastet för nästa år.', 'Talousarvioluonnos on valmis.', 'The draft budget is ready.'],
    clean: ['Budgeten antogs i fullmäktige i går.'],
  }],
};

const configBox = $('#config');
let configTimer = 0;

function applyConfig() {
  const text = configBox.value;
  localStorage.setItem(CONFIG_KEY, text);
  const previous = state.custom;
  state.custom = null;
  state.configError = null;
  if (text.trim()) {
    try {
      state.custom = Checker.withConfig(text);
    } catch (e) {
      state.configError = { message: String(e?.message || e), ...explainConfigError(text, String(e?.message || e)) };
    }
  }
  previous?.free();
  $('#org-active').hidden = !state.custom;
  guide.dirty = true;
  renderConfigState();
  renderHeads();
  schedule(); // the Try it box checks again with the new rules
}

function renderConfigState() {
  const out = $('#config-state');
  const orgRules = $('#org-rules');
  const error = state.configError;
  configBox.setAttribute('aria-invalid', error ? 'true' : 'false');
  if (error) {
    const text = configBox.value;
    const parts = [el('h2', { text: t('configErrorHeading') })];
    const where = el('p', { class: 'problem' });
    if (error.field) where.append(el('code', { class: 'field', text: error.field }), ': ');
    where.append(error.problem);
    parts.push(where);
    if (error.start !== null) {
      const { line, column } = lineColumn(text, error.start);
      const lineStart = text.lastIndexOf('\n', error.start - 1) + 1;
      const lineEnd = text.indexOf('\n', error.start) < 0 ? text.length : text.indexOf('\n', error.start);
      const lineText = text.slice(lineStart, lineEnd);
      const width = Math.max(1, Math.min(error.end, lineEnd) - error.start);
      const gutter = `${line} │ `;
      parts.push(el('p', { class: 'where', text: t('configWhere', line, column) }));
      parts.push(el('pre', { class: 'excerpt', 'aria-hidden': 'true' },
        `${gutter}${lineText}\n${' '.repeat(gutter.length - 2)}│ ${' '.repeat(column - 1)}${'^'.repeat(width)}`));
      const show = el('button', { type: 'button', text: t('configShow') });
      show.addEventListener('click', () => {
        configBox.focus();
        configBox.setSelectionRange(error.start, error.end);
      });
      parts.push(show);
    }
    out.replaceChildren(el('div', { class: 'error', role: 'alert', 'data-field': error.field }, ...parts));
    orgRules.replaceChildren();
    return;
  }
  if (!state.custom) {
    out.replaceChildren(el('p', { class: 'ok', text: t('configBuiltin') }));
    orgRules.replaceChildren();
    return;
  }
  const rules = JSON.parse(state.custom.rules(state.locale));
  const own = rules.filter((r) => !r.builtin);
  out.replaceChildren(el('p', { class: 'ok', role: 'status' }, `✓ ${t('configOk', rules.length, own.length)} `, el('a', { href: '#/try', text: t('configTry') })));
  orgRules.replaceChildren(...(own.length ? [
    el('h2', { text: t('orgRulesHeading') }),
    el('ul', { class: 'org-rules' }, ...own.map((r) => el('li', {},
      el('span', { class: `badge sev-${r.severity}`, text: t(`sev_${r.severity}`) }), ' ',
      el('code', { text: r.id }), ' → ',
      el('a', { href: `#/guide/${r.section}`, text: r.section }),
      el('p', { text: r.message })))),
  ] : []));
}

// The learned heads on a text of the author's: each head's sureness for its
// best sentence, its line (after the configuration's sensitivity) and the
// words that weighed most. Everything shown is text, never markup.
function renderHeads() {
  const text = $('#heads-text').value;
  if (!text.trim()) {
    $('#heads').replaceChildren();
    return;
  }
  const heads = JSON.parse(checker().heads(text));
  const pct = (p) => `${Math.round(p * 100)} %`;
  $('#heads').replaceChildren(el('table', { class: 'heads' },
    el('thead', {}, el('tr', {}, ...['headsCategory', 'headsScore', 'headsThreshold', 'headsWords'].map((k) => el('th', { text: t(k) })))),
    el('tbody', {}, ...heads.map((h) => el('tr', { 'data-category': h.category, class: h.score >= h.threshold ? 'over' : '' },
      el('td', { text: t(categoryKey(h.category)) }),
      el('td', { text: h.score >= h.threshold ? `${pct(h.score)} (${t('headsOver')})` : pct(h.score) }),
      el('td', { text: pct(h.threshold) }),
      el('td', { text: h.words.join(', ') }))))));
}
$('#heads-text').addEventListener('input', renderHeads);

configBox.addEventListener('input', () => {
  clearTimeout(configTimer);
  configTimer = setTimeout(applyConfig, 250);
});
$('#config-example').addEventListener('click', () => {
  configBox.value = JSON.stringify(EXAMPLE_CONFIG, null, 2);
  applyConfig();
});
$('#config-clear').addEventListener('click', () => {
  configBox.value = '';
  applyConfig();
  configBox.focus();
});

// ---------------------------------------------------------------- routing

const VIEWS = ['try', 'guide', 'authors', 'install'];
let firstRoute = true;

function route({ focus = true } = {}) {
  const [, view = 'try', section] = /^#\/?([a-z]+)?(?:\/([a-z0-9-]+))?/.exec(location.hash) || [];
  const name = VIEWS.includes(view) ? view : 'try';
  for (const v of VIEWS) $(`#view-${v}`).hidden = v !== name;
  for (const link of document.querySelectorAll('nav a[data-route]')) {
    if (link.dataset.route === name) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  if (name !== 'try') controller.hideUi();
  else editor.showChip();
  if (name === 'guide') {
    if (section) showSection(section, focus && !firstRoute);
    else renderGuide();
  }
  if (focus && !firstRoute && !(name === 'guide' && section)) $(`#${name}-h`).focus({ preventScroll: false });
  firstRoute = false;
}

addEventListener('hashchange', () => route());

// ---------------------------------------------------------------- start

$('#lang-select').addEventListener('change', (event) => setLocale(event.target.value));

async function start() {
  const status = $('#status');
  try {
    await init({ module_or_path: 'pkg/guidepost_bg.wasm' });
    state.builtin = new Checker();
    configBox.value = localStorage.getItem(CONFIG_KEY) || '';
    if (configBox.value.trim()) applyConfig();
    await setLocale(pickLocale());
    status.hidden = true;
    document.body.dataset.ready = 'true';
  } catch (e) {
    status.textContent = t('loadFailed', String(e?.message || e));
    status.classList.add('error');
    document.body.dataset.ready = 'error';
    throw e;
  }
}

start();
