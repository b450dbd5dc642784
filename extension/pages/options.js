// The options page: interface language, the disclaimer per language, extra
// hashtags and which categories to show, kept in storage.sync. Whatever the
// organisation has set through policy (storage.managed) is shown locked.
// The background turns these into an organisation config for the checker; a
// choice it would reject is refused at its field before anything is saved,
// and a rejected policy is reported at the top.

import { CATEGORIES, LOCALES, RISK_CATEGORIES, parseHashtags } from '../settings.js';
import { categoryKey, translator } from '../format.js';

const $ = (id) => document.getElementById(id);
let strings = {};
const t = translator((key) => strings[key]);

function text(id, key) {
  $(id).textContent = t(key);
}

function label() {
  document.title = t('optTitle');
  text('title', 'optTitle');
  text('l-language', 'optLanguage');
  text('o-auto', 'optLangAuto');
  text('o-sv', 'optLangSv');
  text('o-fi', 'optLangFi');
  text('o-en', 'optLangEn');
  text('l-disclaimer', 'optDisclaimer');
  text('h-disclaimer', 'optDisclaimerHelp');
  text('l-disclaimer-sv', 'optLangNameSv');
  text('l-disclaimer-fi', 'optLangNameFi');
  text('l-disclaimer-en', 'optLangNameEn');
  text('l-hashtags', 'optHashtags');
  text('h-hashtags', 'optHashtagsHelp');
  text('l-categories', 'optCategories');
  text('h-categories', 'optCategoriesHelp');
  text('l-review', 'optReview');
  text('h-review', 'optReviewHelp');
  text('l-review-box', 'optReviewBox');
  text('l-org', 'optOrgConfig');
  text('h-org', 'optOrgConfigActive');
  text('l-keyboard', 'optKeyboard');
  text('h-keyboard', 'optKeyboardHelp');
  text('h-shortcuts', 'optShortcuts');
  listShortcuts();
  text('save', 'optSave');
  for (const p of document.querySelectorAll('.locked')) p.textContent = `🔒 ${t('optLocked')}`;
}

/** The manifest's shortcuts as the browser has them now (the user may have changed them). */
async function listShortcuts() {
  const commands = (await chrome.commands?.getAll?.()) || [];
  $('shortcuts').replaceChildren(...commands.filter((c) => c.name && !c.name.startsWith('_')).map((c) => {
    const li = document.createElement('li');
    const key = document.createElement('kbd');
    key.textContent = c.shortcut || t('optShortcutNone');
    li.append(key, ` ${c.description}`);
    return li;
  }));
}

/**
 * Says so when a risk category is switched off: the remarks go, the
 * guideline's rule does not (the user may not have meant to silence it).
 */
function warnRiskOff() {
  const off = [...$('categories').querySelectorAll('input')].filter((b) => !b.checked && RISK_CATEGORIES.includes(b.value));
  $('risk-off').hidden = !off.length;
  $('risk-off').textContent = off.length ? t('optRiskOff', off.map((b) => t(categoryKey(b.value))).join(', ')) : '';
}

function fill(status) {
  const { values, locked } = status;
  $('locale').value = values.locale;
  for (const l of LOCALES) {
    // An empty field shows the text it falls back to (the organisation's or the city's standard).
    $(`disclaimer-${l}`).value = values.disclaimer?.[l] || '';
    $(`disclaimer-${l}`).placeholder = status.defaultDisclaimer?.[l] || '';
  }
  $('hashtags').value = (values.hashtags || []).join(' ');
  $('review').checked = values.reviewBeforePublish !== false;
  const checks = CATEGORIES.map((id) => {
    const row = document.createElement('label');
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.value = id;
    box.checked = !values.hiddenCategories.includes(id);
    row.append(box, ` ${t(categoryKey(id))}`);
    return row;
  });
  $('categories').replaceChildren(...checks);
  $('categories').onchange = () => warnRiskOff();
  warnRiskOff();
  const lock = (key, elements) => {
    if (!locked.includes(key)) return;
    for (const el of elements) el.disabled = true;
    document.querySelector(`.locked[data-for="${key}"]`).hidden = false;
  };
  lock('locale', [$('locale')]);
  lock('disclaimer', LOCALES.map((l) => $(`disclaimer-${l}`)));
  lock('hashtags', [$('hashtags')]);
  lock('hiddenCategories', $('categories').querySelectorAll('input'));
  lock('reviewBeforePublish', [$('review')]);
  // Set by policy only: shown, never editable.
  const levels = Object.entries(values.sensitivity || {});
  $('org-sensitivity').hidden = !levels.length;
  $('org-sensitivity').textContent = levels.length
    ? t('optSensitivity', levels.map(([id, level]) => `${t(categoryKey(id))}: ${t(`sens_${level}`)}`).join(', '))
    : '';
  $('h-org').hidden = !values.organisationConfig;
  document.querySelector('.locked[data-for="sensitivity"]').hidden = !levels.length;
  $('org').hidden = !values.organisationConfig && !levels.length;
  showProblems(status);
}

/** The organisation's problems, at the top: a rejected policy, ignored values. */
function showProblems(status) {
  const lines = [
    ...(status.policyError ? [t('optPolicyError', status.policyError)] : []),
    ...(status.policyProblems || []).map((p) => t('optPolicyProblem', p)),
  ];
  $('error').hidden = !lines.length;
  $('error').textContent = lines.join(' ');
  showFieldError(status.userError);
}

/** The setting a checker error is about (it opens with the field's path), by its options key. */
function fieldOf(error) {
  if (/^hashtags\b/.test(error)) return 'hashtags';
  if (/^disclaimer\b/.test(error)) return 'disclaimer';
  return 'hiddenCategories';
}

const FIELD_INPUTS = {
  hashtags: () => [$('hashtags')],
  disclaimer: () => LOCALES.map((l) => $(`disclaimer-${l}`)),
  hiddenCategories: () => [],
};

/** A rejected choice of the user's, shown at its field (null: none). */
function showFieldError(error) {
  const at = error ? fieldOf(error) : null;
  for (const key of Object.keys(FIELD_INPUTS)) {
    const p = $(`error-${key}`);
    p.hidden = key !== at;
    p.textContent = key === at ? t('optUserError', error) : '';
    for (const input of FIELD_INPUTS[key]()) {
      if (key === at) input.setAttribute('aria-invalid', 'true');
      else input.removeAttribute('aria-invalid');
    }
  }
}

async function status(fresh = false) {
  const s = await chrome.runtime.sendMessage({ type: 'status', fresh });
  strings = s.strings;
  document.documentElement.lang = s.locale;
  return s;
}

async function save(event) {
  event.preventDefault();
  const before = await status();
  const next = {};
  const free = (key) => !before.locked.includes(key);
  if (free('locale')) next.locale = $('locale').value;
  if (free('disclaimer')) next.disclaimer = Object.fromEntries(LOCALES.map((l) => [l, $(`disclaimer-${l}`).value.trim()]));
  if (free('hashtags')) next.hashtags = parseHashtags($('hashtags').value);
  if (free('reviewBeforePublish')) next.reviewBeforePublish = $('review').checked;
  if (free('hiddenCategories')) {
    next.hiddenCategories = [...$('categories').querySelectorAll('input')].filter((b) => !b.checked).map((b) => b.value);
  }
  // A choice the checker would refuse is not saved: it is shown at its
  // field, and what is in force (the organisation's policy above all) stays.
  const check = await chrome.runtime.sendMessage({ type: 'validate', values: next });
  $('saved').textContent = '';
  if (check.error) {
    showFieldError(check.error);
    return;
  }
  await chrome.storage.sync.set(next);
  // Have the background rebuild its checker with these settings, and say how that went.
  const after = await status(true);
  label();
  fill(after);
  $('saved').textContent = after.userError ? '' : t('optSaved');
}

async function main() {
  const s = await status();
  label();
  fill(s);
  $('form').addEventListener('submit', save);
}

main();
