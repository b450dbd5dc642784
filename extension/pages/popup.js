// The popup (and, opened from a card, the same page in a tab): a search over
// the guideline's sections with instant results, every section readable in
// full, and the on/off switch for the site in the current tab.

import { translator } from '../format.js';

const $ = (id) => document.getElementById(id);
const SUPPORTED = ['www.facebook.com', 'www.linkedin.com'];
let strings = {};
const t = translator((key) => strings[key]);

function ask(message) {
  return chrome.runtime.sendMessage(message);
}

/** "- a\n- b" bodies become a list; everything via textContent. */
function renderBody(text) {
  const list = document.createElement('ul');
  for (const line of text.split('\n')) {
    const item = line.replace(/^\s*[-•]\s*/, '').trim();
    if (!item) continue;
    const li = document.createElement('li');
    li.textContent = item;
    list.append(li);
  }
  return list;
}

function renderCard(card, open) {
  const li = document.createElement('li');
  li.className = 'card';
  li.id = `card-${card.id}`;
  const h2 = document.createElement('h2');
  h2.id = `title-${card.id}`;
  h2.textContent = card.title;
  const summary = document.createElement('p');
  summary.textContent = card.summary;
  const body = renderBody(card.body);
  body.id = `body-${card.id}`;
  body.hidden = !open;
  const toggle = document.createElement('button');
  toggle.type = 'button';
  toggle.id = `toggle-${card.id}`;
  toggle.setAttribute('aria-controls', body.id);
  // Named with its section ("Read the whole section Security"), so that
  // seventeen buttons do not all sound the same.
  toggle.setAttribute('aria-labelledby', `${toggle.id} ${h2.id}`);
  const sync = () => {
    toggle.textContent = body.hidden ? t('popupReadMore') : t('popupReadLess');
    toggle.setAttribute('aria-expanded', String(!body.hidden));
  };
  toggle.addEventListener('click', () => {
    body.hidden = !body.hidden;
    sync();
  });
  sync();
  li.append(h2, summary, body, toggle);
  return li;
}

let latest = 0;
let countTimer = 0;
/** How long typing must pause before the number of sections found is read out. */
const COUNT_PAUSE_MS = 700;

async function search(query, openId) {
  const n = ++latest;
  const cards = await ask({ type: 'search', query });
  if (n !== latest || !Array.isArray(cards)) return; // a newer query was typed meanwhile
  $('results').replaceChildren(...cards.map((c) => renderCard(c, c.id === openId)));
  $('empty').hidden = cards.length > 0;
  // A screen reader hears how many sections were found once typing pauses,
  // not the whole list at every keystroke.
  clearTimeout(countTimer);
  if (query.trim()) countTimer = setTimeout(() => { $('count').textContent = cards.length ? t('popupCount', cards.length) : t('popupNoResults'); }, COUNT_PAUSE_MS);
}

async function siteSwitch(status) {
  const [tab] = await chrome.tabs.query({ active: true, currentWindow: true });
  let host = '';
  try {
    host = new URL(tab?.url || '').hostname; // visible only for our two sites (host permissions)
  } catch {}
  if (!SUPPORTED.includes(host)) {
    $('site-unsupported').hidden = false;
    return;
  }
  const row = $('site-row');
  const box = $('site-switch');
  row.hidden = false;
  $('site-label').textContent = t('popupSiteSwitch', host);
  box.checked = !status.values.disabledSites.includes(host);
  box.disabled = status.locked.includes('disabledSites');
  box.addEventListener('change', async () => {
    const { disabledSites = [] } = await chrome.storage.sync.get('disabledSites');
    const next = disabledSites.filter((h) => h !== host);
    if (!box.checked) next.push(host);
    await chrome.storage.sync.set({ disabledSites: next });
  });
}

async function main() {
  const status = await ask({ type: 'status' });
  strings = status.strings;
  document.documentElement.lang = status.locale;
  const params = new URLSearchParams(location.search);
  if (params.get('tab')) document.body.classList.replace('popup', 'tab');
  $('title').textContent = t('popupTitle');
  document.title = t('popupTitle');
  $('query-label').textContent = t('popupSearchLabel');
  $('query').placeholder = t('popupSearchPlaceholder');
  $('query').setAttribute('aria-label', t('popupSearchLabel'));
  $('empty').textContent = t('popupNoResults');
  $('site-unsupported').textContent = t('popupSiteUnsupported');
  $('privacy').textContent = t('popupPrivacy');
  $('settings').textContent = t('popupSettings');
  $('query').addEventListener('input', (e) => search(e.target.value));
  const openId = decodeURIComponent(location.hash.slice(1));
  await search('', openId);
  const opened = openId && $(`card-${openId}`);
  if (opened) {
    // The section asked for, marked and with the focus, so it is the one read first.
    opened.classList.add('current');
    opened.setAttribute('aria-current', 'true');
    const heading = opened.querySelector('h2');
    heading.tabIndex = -1;
    heading.focus({ preventScroll: true });
    opened.scrollIntoView({ block: 'start' });
  } else $('query').focus();
  if (!params.get('tab')) await siteSwitch(status);
}

main();
