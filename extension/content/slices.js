// A long post is checked slice by slice: the worker never blocks on one
// long analysis, each slice is painted as its findings arrive, and a slice
// whose text has not changed is not checked again (the controller keeps the
// last check of each). So a slice ends where the text itself says, not at a
// fixed count: at a paragraph break whose paragraph end hashes to 0 (mod 4),
// between GP_SLICE_MIN and GP_SLICE_MAX characters in. An edit then moves
// the boundary of its own slice at most, and the slices after it are found
// again as they were. With no paragraph break in reach, a slice ends after
// the last sentence end, else the last space, else at GP_SLICE_MAX (never
// between the two halves of a surrogate pair).

export const GP_SLICE_MIN = 4_000;
export const GP_SLICE_MAX = 20_000;

/** The slices of `text`: [{ start, text }], in order, covering it exactly. */
export function gpSlices(text) {
  const slices = [];
  let start = 0;
  while (text.length - start > GP_SLICE_MAX) {
    const end = sliceEnd(text, start);
    slices.push({ start, text: text.slice(start, end) });
    start = end;
  }
  slices.push({ start, text: text.slice(start) });
  return slices;
}

function sliceEnd(text, start) {
  const from = start + GP_SLICE_MIN;
  const to = start + GP_SLICE_MAX;
  let last = -1;
  for (let i = text.indexOf('\n', from); i !== -1 && i < to; i = text.indexOf('\n', i + 1)) {
    last = i;
    if (tailHash(text, i) % 4 === 0) return i + 1;
  }
  if (last !== -1) return last + 1;
  const reach = text.slice(from, to);
  for (const re of [/[.!?…]\s/g, /\s/g]) {
    let at = -1;
    for (let m = re.exec(reach); m; m = re.exec(reach)) at = m.index + m[0].length;
    if (at > 0) return from + at;
  }
  const code = text.charCodeAt(to);
  return code >= 0xdc00 && code <= 0xdfff ? to - 1 : to;
}

/** A small hash of the 32 characters before `end`. */
function tailHash(text, end) {
  let h = 0;
  for (let i = Math.max(0, end - 32); i < end; i++) h = (Math.imul(h, 31) + text.charCodeAt(i)) | 0;
  return (h >>> 0) ^ ((h >>> 0) >>> 7);
}
