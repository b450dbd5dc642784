// The install page's enterprise-policy examples (www/policy-examples.mjs)
// against the extension's managed-settings schema: every setting is shown,
// each value has the schema's type, and a value the schema does not know, or
// of the wrong kind, stops the site's build instead of reaching the page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { EXAMPLE_VALUES, checkValues, policyExamples } from '../../www/policy-examples.mjs';

const schema = JSON.parse(readFileSync(new URL('../../extension/schema.json', import.meta.url), 'utf8'));
const examples = policyExamples(schema);

test('the JSON examples carry every setting of the schema, with the example values', () => {
  const chrome = JSON.parse(examples['chrome-linux.json']);
  assert.deepEqual(chrome['3rdparty'].extensions['<extension-id>'], EXAMPLE_VALUES);
  assert.equal(chrome.ExtensionSettings['<extension-id>'].installation_mode, 'force_installed');
  const firefox = JSON.parse(examples['firefox-policies.json']);
  assert.deepEqual(firefox.policies['3rdparty'].Extensions['guidepost@kokkola.fi'], EXAMPLE_VALUES);
  assert.deepEqual(Object.keys(EXAMPLE_VALUES).sort(), Object.keys(schema.properties).sort());
});

test('the registry files: the policy key of each browser, strings escaped, lists and objects as subkeys', () => {
  for (const [name, browser] of [['chrome-windows.reg', 'Google\\Chrome'], ['edge-windows.reg', 'Microsoft\\Edge']]) {
    const reg = examples[name];
    assert.ok(reg.startsWith('Windows Registry Editor Version 5.00\r\n'), name);
    const policy = `[HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\${browser}\\3rdparty\\extensions\\<extension-id>\\policy]`;
    assert.ok(reg.includes(policy), `${name}: ${policy}`);
    assert.ok(reg.includes(`"organisationConfig"="{\\"confidential_terms\\": [\\"Projekt Merituuli\\"]}"`), `${name}: quotes escaped`);
    assert.ok(reg.includes(`${policy.slice(0, -1)}\\hashtags]\r\n"1"="#Kokkola2026"`), `${name}: a list as a subkey`);
    assert.ok(reg.includes(`${policy.slice(0, -1)}\\disclaimer]\r\n"sv"=`), `${name}: an object as a subkey`);
    for (const [key, value] of Object.entries(EXAMPLE_VALUES)) {
      const shown = typeof value === 'string' || (Array.isArray(value) ? value.length : Object.keys(value).length);
      if (shown) assert.ok(reg.includes(`"${key}"=`) || reg.includes(`\\policy\\${key}]`), `${name} sets ${key}`);
    }
  }
  assert.ok(examples['edge-windows.reg'].includes('https://edge.microsoft.com/extensionwebstorebase/v1/crx'));
});

test('values that do not fit the schema are refused, each named', () => {
  assert.deepEqual(checkValues(schema, EXAMPLE_VALUES), []);
  const bad = { ...EXAMPLE_VALUES, locale: 'de', hashtags: '#Kokkola', colour: 'blue', disclaimer: { se: 'x' } };
  const problems = checkValues(schema, bad);
  for (const needle of ['locale', 'hashtags', 'colour', 'disclaimer.se']) assert.ok(problems.some((p) => p.startsWith(needle)), `${needle} in ${problems}`);
  const { sensitivity, ...missing } = EXAMPLE_VALUES;
  assert.ok(checkValues(schema, missing).some((p) => p.startsWith('sensitivity')), 'a setting without an example');
  assert.throws(() => policyExamples(schema, bad), /schema\.json/);
});
