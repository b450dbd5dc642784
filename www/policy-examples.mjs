// The enterprise-policy examples of the install page, written from the
// extension's managed-settings schema (extension/schema.json) so they cannot
// drift from it: a Chrome/Chromium policy file for Linux, registry files for
// Chrome and for Edge on Windows, and Firefox's policies.json. www/build.mjs
// puts them into the page and next to it (build/www/policy/); the unit test
// tests/unit/policy-examples.test.js holds them to the schema.

/** What IT would typically set, one value per setting of the schema. */
export const EXAMPLE_VALUES = {
  locale: 'auto',
  disclaimer: { sv: 'Åsikterna är mina egna.', fi: 'Mielipiteet ovat omiani.', en: 'The views are my own.' },
  hashtags: ['#Kokkola2026'],
  hiddenCategories: [],
  disabledSites: [],
  reviewBeforePublish: true,
  organisationConfig: '{"confidential_terms": ["Projekt Merituuli"]}',
  sensitivity: { threat: 'strict' },
};

const ID = '<extension-id>';
const FIREFOX_ID = 'guidepost@kokkola.fi';
const CHROME_UPDATE = 'https://clients2.google.com/service/update2/crx';
const EDGE_UPDATE = 'https://edge.microsoft.com/extensionwebstorebase/v1/crx';
const FIREFOX_XPI = 'https://intranet.example/guidepost-firefox.xpi';

/** Problems of `values` against `schema` (a name and what is wrong), [] when none. */
export function checkValues(schema, values) {
  const problems = [];
  const check = (path, s, v) => {
    const kind = Array.isArray(v) ? 'array' : typeof v === 'object' && v !== null ? 'object' : typeof v;
    if (s.type && s.type !== kind) return problems.push(`${path}: ${kind}, the schema says ${s.type}`);
    if (s.enum && !s.enum.includes(v)) problems.push(`${path}: ${JSON.stringify(v)} is not one of ${s.enum.join(', ')}`);
    if (kind === 'array') v.forEach((x, i) => check(`${path}[${i}]`, s.items || {}, x));
    if (kind === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (!s.properties?.[k]) problems.push(`${path}.${k}: not in the schema`);
        else check(`${path}.${k}`, s.properties[k], x);
      }
    }
  };
  for (const key of Object.keys(schema.properties)) {
    if (!(key in values)) problems.push(`${key}: no example value`);
  }
  for (const [key, v] of Object.entries(values)) {
    if (!schema.properties[key]) problems.push(`${key}: not in the schema`);
    else check(key, schema.properties[key], v);
  }
  return problems;
}

/** A string as a .reg file writes it: in quotes, with \ and " escaped. */
const regString = (s) => `"${String(s).replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

/**
 * Writes one setting into `section` ({ key, lines }), the way Chrome and
 * Edge read an extension's policy: a string is a string value, a number or
 * a boolean a DWORD, a list a subkey with values "1", "2", …, an object a
 * subkey with a value (or subkey) per property; subkeys go into `sections`.
 */
function regWrite(section, name, value, sections) {
  if (typeof value === 'object' && value !== null) {
    const sub = { key: `${section.key}\\${name}`, lines: [] };
    sections.push(sub);
    const entries = Array.isArray(value) ? value.map((v, i) => [String(i + 1), v]) : Object.entries(value);
    for (const [k, v] of entries) regWrite(sub, k, v, sections);
  } else if (typeof value === 'boolean' || typeof value === 'number') {
    section.lines.push(`${regString(name)}=dword:${(Number(value) >>> 0).toString(16).padStart(8, '0')}`);
  } else {
    section.lines.push(`${regString(name)}=${regString(value)}`);
  }
}

/** A Windows registry file for `browser` ('Google\\Chrome' or 'Microsoft\\Edge'). */
export function registryFile(browser, updateUrl, values) {
  const root = `HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\${browser}`;
  const policy = { key: `${root}\\3rdparty\\extensions\\${ID}\\policy`, lines: [] };
  const sections = [{ key: `${root}\\ExtensionInstallForcelist`, lines: [`"1"=${regString(`${ID};${updateUrl}`)}`] }, policy];
  for (const [name, value] of Object.entries(values)) regWrite(policy, name, value, sections);
  const body = sections.filter((s) => s.lines.length || s === policy).map((s) => [`[${s.key}]`, ...s.lines].join('\r\n'));
  return ['Windows Registry Editor Version 5.00', ...body].join('\r\n\r\n') + '\r\n';
}

/** Chrome's (and Chromium's) managed policy file on Linux. */
export function chromePolicyFile(values) {
  return JSON.stringify({
    ExtensionSettings: { [ID]: { installation_mode: 'force_installed', update_url: CHROME_UPDATE } },
    '3rdparty': { extensions: { [ID]: values } },
  }, null, 2) + '\n';
}

/** Firefox's policies.json. */
export function firefoxPolicies(values) {
  return JSON.stringify({
    policies: {
      ExtensionSettings: { [FIREFOX_ID]: { installation_mode: 'force_installed', install_url: FIREFOX_XPI } },
      '3rdparty': { Extensions: { [FIREFOX_ID]: values } },
    },
  }, null, 2) + '\n';
}

/** Every example file by name; throws when the example values do not fit the schema. */
export function policyExamples(schema, values = EXAMPLE_VALUES) {
  const problems = checkValues(schema, values);
  if (problems.length) throw new Error(`the policy examples do not fit extension/schema.json: ${problems.join('; ')}`);
  return {
    'chrome-linux.json': chromePolicyFile(values),
    'chrome-windows.reg': registryFile('Google\\Chrome', CHROME_UPDATE, values),
    'edge-windows.reg': registryFile('Microsoft\\Edge', EDGE_UPDATE, values),
    'firefox-policies.json': firefoxPolicies(values),
  };
}
