// The playground's JSON locator (www/json-locate.js): configuration errors
// shown at the field they concern.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { explainConfigError, lineColumn, locatePath, offsetOf, parsePath, parsePositioned } from '../../www/json-locate.js';

const CONFIG = '{\n  "rules": [\n    {\n      "id": "x",\n      "match": ["budgetutkast*", 3]\n    }\n  ],\n  "disclaimer": { "sv": "Egna åsikter" }\n}';

test('parsePath splits fields and indices', () => {
  assert.deepEqual(parsePath('rules[0].match[1]'), ['rules', 0, 'match', 1]);
  assert.deepEqual(parsePath('disclaimer.sv'), ['disclaimer', 'sv']);
  assert.deepEqual(parsePath('hashtags'), ['hashtags']);
});

test('parsePositioned: null for text that is not JSON; positions for every node', () => {
  assert.equal(parsePositioned('{ "a": '), null);
  assert.equal(parsePositioned('{"a": 1,}'), null);
  assert.equal(parsePositioned('[1] 2'), null);
  const root = parsePositioned(' {"a": [1, "two"]} ');
  assert.equal(root.kind, 'object');
  assert.deepEqual([root.start, root.end], [1, 18]);
  const a = root.members.get('a');
  assert.equal(a.keyStart, 2);
  assert.deepEqual(a.node.items.map((n) => n.kind), ['scalar', 'string']);
});

test('locatePath finds the value at a path, or as far down as it exists', () => {
  const at = (path) => {
    const span = locatePath(CONFIG, path);
    return span && CONFIG.slice(...span);
  };
  assert.equal(at('rules[0].match[1]'), '3');
  assert.equal(at('rules[0].match'), '"match": ["budgetutkast*", 3]');
  assert.equal(at('disclaimer.sv'), '"sv": "Egna åsikter"');
  assert.equal(at('rules[0].match[7]'), '"match": ["budgetutkast*", 3]', 'a missing index: its array');
  assert.equal(at('nothing'), null);
  assert.equal(locatePath('not json', 'a'), null);
});

test('lineColumn and offsetOf are inverse, columns counted in characters', () => {
  const text = 'ab\n😀c\nd';
  assert.deepEqual(lineColumn(text, 0), { line: 1, column: 1 });
  assert.deepEqual(lineColumn(text, 3), { line: 2, column: 1 });
  assert.equal(offsetOf(text, 2, 2), 5, 'the emoji is one column, two code units');
  assert.equal(offsetOf(text, 3, 1), 7);
  assert.equal(offsetOf(text, 9, 1), text.length, 'past the last line: the end');
  assert.equal(offsetOf(text, 1, 99), 2, 'past the end of a line: its end');
});

test('explainConfigError: field, problem and place from the path', () => {
  const e = explainConfigError(CONFIG, 'rules[0].match[1]: invalid type: integer `3`, expected a string');
  assert.equal(e.field, 'rules[0].match[1]');
  assert.equal(e.problem, 'invalid type: integer `3`, expected a string');
  assert.equal(CONFIG.slice(e.start, e.end), '3');
});

test('explainConfigError: serde\'s line and column when the path finds nothing', () => {
  const text = '{\n  "hashtags": [1x]\n}';
  const e = explainConfigError(text, 'expected `,` or `]` at line 2 column 17');
  assert.equal(e.field, '');
  assert.equal(e.problem, 'expected `,` or `]`');
  assert.equal(text.slice(e.start, e.end), 'x');
});

test('explainConfigError: a message without field or place is the problem alone', () => {
  assert.deepEqual(explainConfigError('{}', 'something went wrong'), { field: '', problem: 'something went wrong', start: null, end: null });
});
