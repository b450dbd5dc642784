// extension/settings.js: the user's and the organisation's settings turned
// into the configuration the checker runs with.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEFAULTS, LOCALES, parseHashtags, policyPart, readSettings, resolveLocale, toOrgConfig, withUserChoices,
} from '../../extension/settings.js';

const values = (over = {}) => ({ ...structuredClone(DEFAULTS), ...over });

test('resolveLocale: the user\'s choice, else the browser\'s when it is one of ours, else Swedish', () => {
  for (const l of LOCALES) assert.equal(resolveLocale(l, 'en-US'), l);
  assert.equal(resolveLocale('auto', 'fi-FI'), 'fi');
  assert.equal(resolveLocale('auto', 'EN_gb'), 'en');
  assert.equal(resolveLocale('auto', 'de-DE'), 'sv');
  assert.equal(resolveLocale('xx', undefined), 'sv');
});

test('parseHashtags: spaces, commas and semicolons separate; # is added', () => {
  assert.deepEqual(parseHashtags('#a #b, c;d  '), ['#a', '#b', '#c', '#d']);
  assert.deepEqual(parseHashtags(''), []);
});

test('toOrgConfig: the defaults change nothing (the built-in checker stays)', () => {
  assert.equal(toOrgConfig(values()), '');
  assert.equal(toOrgConfig(values({ disclaimer: { sv: '  ', fi: '', en: '' } })), '', 'blank disclaimers are the standard text');
});

test('toOrgConfig: disclaimers, hashtags and hidden categories', () => {
  const json = toOrgConfig(values({
    disclaimer: { sv: ' Mina egna åsikter. ', fi: '', en: 'My own views.' },
    hashtags: ['#Kokkola2026', '#Kokkola2026'],
    hiddenCategories: ['tone'],
  }));
  assert.deepEqual(JSON.parse(json), {
    disclaimer: { sv: 'Mina egna åsikter.', en: 'My own views.' },
    hashtags: ['#Kokkola2026'],
    disabled_categories: ['tone'],
  });
});

test('toOrgConfig: the organisation\'s JSON is the base; the user\'s settings add to it', () => {
  const organisationConfig = JSON.stringify({
    confidential_terms: ['Projekt Merituuli'],
    hashtags: ['#Karleby'],
    disclaimer: { fi: 'Omia näkemyksiäni.' },
    disabled_categories: ['feedback'],
    sensitivity: { tone: 'relaxed', threat: 'strict' },
  });
  const json = toOrgConfig(values({
    organisationConfig,
    hashtags: ['#Karleby', '#Extra'],
    hiddenCategories: ['tone', 'feedback'],
    disclaimer: { sv: 'Egna åsikter.', fi: '', en: '' },
    sensitivity: { tone: 'strict' },
  }));
  assert.deepEqual(JSON.parse(json), {
    confidential_terms: ['Projekt Merituuli'],
    hashtags: ['#Karleby', '#Extra'],
    disclaimer: { fi: 'Omia näkemyksiäni.', sv: 'Egna åsikter.' },
    disabled_categories: ['feedback', 'tone'],
    sensitivity: { tone: 'strict', threat: 'strict' },
  });
});

test('toOrgConfig: an unreadable or non-object organisationConfig is an error that names it', () => {
  assert.throws(() => toOrgConfig(values({ organisationConfig: '{ nope' })), /^Error: organisationConfig: /);
  for (const bad of ['[]', 'null', '3', '"text"']) {
    assert.throws(() => toOrgConfig(values({ organisationConfig: bad })), /organisationConfig: must be a JSON object/, bad);
  }
  assert.equal(toOrgConfig(values({ organisationConfig: '   ' })), '', 'blank is none');
});

function fakeChrome({ sync = {}, managed = {}, managedRejects = false } = {}) {
  const pick = (store, keys) => Object.fromEntries(Object.entries(store).filter(([k]) => !keys || keys.includes(k)));
  globalThis.chrome = {
    storage: {
      sync: { get: async (keys) => pick(sync, keys) },
      managed: { get: async () => (managedRejects ? Promise.reject(new Error('no policy')) : managed) },
    },
  };
}

test('readSettings: managed values win and are locked; managed-only keys are ignored from sync', async () => {
  fakeChrome({
    sync: { locale: 'fi', hashtags: ['#Mine'], organisationConfig: '{"hashtags":["#Sneaky"]}', sensitivity: { tone: 'strict' } },
    managed: { hashtags: ['#Policy'], sensitivity: { threat: 'relaxed' } },
  });
  const { values: v, locked } = await readSettings();
  assert.equal(v.locale, 'fi');
  assert.deepEqual(v.hashtags, ['#Policy']);
  assert.equal(v.organisationConfig, '', 'organisationConfig only from policy');
  assert.deepEqual(v.sensitivity, { threat: 'relaxed' });
  assert.deepEqual(locked.sort(), ['hashtags', 'sensitivity']);
  assert.deepEqual(DEFAULTS.hashtags, [], 'the defaults are not changed');
});

test('readSettings: no policy installed (Firefox rejects) is no managed values', async () => {
  fakeChrome({ sync: { disabledSites: ['www.linkedin.com'] }, managedRejects: true });
  const { values: v, locked } = await readSettings();
  assert.deepEqual(v.disabledSites, ['www.linkedin.com']);
  assert.deepEqual(locked, []);
});

test('readSettings: a policy value of the wrong kind is left out and named; the rest of the policy holds', async () => {
  fakeChrome({
    sync: { hashtags: ['#Mine'] },
    managed: { hashtags: '#NotAList', disclaimer: { en: 'Policy words.' }, organisationConfig: 42 },
  });
  const { values: v, locked, policyProblems } = await readSettings();
  assert.deepEqual(v.hashtags, ['#Mine'], 'the user\'s own value, since the policy\'s was unusable');
  assert.equal(v.disclaimer.en, 'Policy words.');
  assert.equal(v.organisationConfig, '');
  assert.deepEqual(locked, ['disclaimer']);
  assert.deepEqual(policyProblems, ['hashtags: array expected, string found', 'organisationConfig: string expected, number found']);
});

test('policyPart keeps only what the policy set; withUserChoices never overrides it', () => {
  const values = { ...structuredClone(DEFAULTS), hashtags: ['#Mine'], organisationConfig: '{"confidential_terms":["X"]}', disclaimer: { sv: '', fi: '', en: 'Policy.' } };
  const locked = ['organisationConfig', 'disclaimer'];
  const policy = policyPart(values, locked);
  assert.deepEqual(policy.hashtags, [], 'the user\'s hashtags are not the policy\'s');
  assert.equal(policy.organisationConfig, values.organisationConfig);
  assert.equal(policy.disclaimer.en, 'Policy.');
  const next = withUserChoices(values, locked, { hashtags: ['#New'], disclaimer: { en: 'Mine.' }, organisationConfig: '{}', nonsense: 1 });
  assert.deepEqual(next.hashtags, ['#New']);
  assert.equal(next.disclaimer.en, 'Policy.', 'a locked setting stays the policy\'s');
  assert.equal(next.organisationConfig, values.organisationConfig, 'managed-only stays the policy\'s');
  assert.ok(!('nonsense' in next));
});
