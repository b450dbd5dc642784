// Finds where a field named by a configuration error ("rules[0].match[1]",
// "disclaimer.sv", "hashtags") sits in the JSON text, so the error can be
// shown at the field it concerns. The core reports the path and, for errors
// found while reading the JSON, also "at line L column C"; errors found later
// (an unknown section, a rule that misses its own example) come with the
// path only, and this parser turns the path into a place in the text.

/** Splits "rules[0].match[1]" into ["rules", 0, "match", 1]. */
export function parsePath(path) {
  const parts = [];
  const re = /([^.[\]]+)|\[(\d+)\]/g;
  let m;
  while ((m = re.exec(path))) parts.push(m[2] !== undefined ? Number(m[2]) : m[1]);
  return parts;
}

/**
 * Parses JSON text into nodes that remember where they are:
 * { start, end, kind, members?: Map<key, {keyStart, node}>, items?: node[] }.
 * Returns null when the text is not valid JSON.
 */
export function parsePositioned(text) {
  let i = 0;
  const ws = () => {
    while (i < text.length && /\s/.test(text[i])) i++;
  };
  const fail = () => {
    throw new SyntaxError(`unexpected at ${i}`);
  };
  const string = () => {
    if (text[i] !== '"') fail();
    const start = i++;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    if (text[i] !== '"') fail();
    i++;
    return { start, end: i, kind: 'string', value: JSON.parse(text.slice(start, i)) };
  };
  const value = () => {
    ws();
    const start = i;
    const c = text[i];
    if (c === '{') {
      i++;
      const members = new Map();
      ws();
      if (text[i] === '}') {
        i++;
        return { start, end: i, kind: 'object', members };
      }
      for (;;) {
        ws();
        const key = string();
        ws();
        if (text[i++] !== ':') fail();
        const node = value();
        members.set(key.value, { keyStart: key.start, node });
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') {
          i++;
          return { start, end: i, kind: 'object', members };
        } else fail();
      }
    }
    if (c === '[') {
      i++;
      const items = [];
      ws();
      if (text[i] === ']') {
        i++;
        return { start, end: i, kind: 'array', items };
      }
      for (;;) {
        items.push(value());
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') {
          i++;
          return { start, end: i, kind: 'array', items };
        } else fail();
      }
    }
    if (c === '"') return string();
    const m = /^(?:-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i));
    if (!m) fail();
    i += m[0].length;
    return { start, end: i, kind: 'scalar' };
  };
  try {
    const root = value();
    ws();
    if (i !== text.length) return null;
    return root;
  } catch {
    return null;
  }
}

/** [start, end) of the field at `path` in `text`, as far down as it exists; null if nothing matches. */
export function locatePath(text, path) {
  const root = parsePositioned(text);
  if (!root) return null;
  let node = root;
  let span = null;
  for (const part of parsePath(path)) {
    if (typeof part === 'number' && node.kind === 'array' && node.items[part]) {
      node = node.items[part];
      span = [node.start, node.end];
    } else if (typeof part === 'string' && node.kind === 'object' && node.members.has(part)) {
      const member = node.members.get(part);
      node = member.node;
      span = [member.keyStart, node.end];
    } else {
      break;
    }
  }
  return span;
}

/** 1-based line and column of a UTF-16 offset. */
export function lineColumn(text, offset) {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

/** UTF-16 offset of a 1-based line and column (serde counts columns in characters). */
export function offsetOf(text, line, column) {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const nl = text.indexOf('\n', offset);
    if (nl < 0) return text.length;
    offset = nl + 1;
  }
  // Columns are counted in Unicode scalar values: step over surrogate pairs.
  let col = 1;
  while (col < column && offset < text.length && text[offset] !== '\n') {
    offset += text.codePointAt(offset) > 0xffff ? 2 : 1;
    col++;
  }
  return offset;
}

/**
 * Splits a configuration error into its field, its problem and where it is:
 * { field, problem, start, end } (start/end: UTF-16 offsets into `text`, or null).
 */
export function explainConfigError(text, message) {
  let field = '';
  let problem = message;
  const m = /^([A-Za-z_][\w]*(?:\[\d+\]|\.[A-Za-z_][\w]*)*): ([\s\S]*)$/.exec(message);
  if (m) {
    field = m[1];
    problem = m[2];
  }
  let start = null;
  let end = null;
  const at = / at line (\d+) column (\d+)$/.exec(problem);
  if (at) {
    problem = problem.slice(0, at.index);
    // serde's column is the character where it stopped: the offending one.
    start = offsetOf(text, Number(at[1]), Math.max(1, Number(at[2])));
    end = Math.min(text.length, start + 1);
  }
  if (field) {
    const span = locatePath(text, field);
    if (span) [start, end] = span;
  }
  return { field, problem, start, end };
}
