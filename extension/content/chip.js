// The status chip by the editor being written in: how many remarks of each
// severity, and the two one-click suggestions (the personal-opinion
// disclaimer, the city's hashtags) when the checker offers them.

import { GP_SEVERITIES } from './painter.js';
import { gpCreateUiHost, gpEl } from './ui-style.js';

const GP_CHIP_RULES = `
:host { position: fixed; z-index: 2147483645; }
.panel { display: flex; flex-wrap: wrap; max-width: calc(100vw - 8px); align-items: center; gap: 6px; padding: 4px 6px; border-radius: 16px; font-size: 13px; }
.name { font-weight: 600; color: var(--name); padding: 0 2px; }
.count { min-width: 22px; text-align: center; text-decoration-thickness: 1px; text-underline-offset: 2px; }
/* Each count carries its severity's underline style too, not its colour alone. */
.count.sev-risk { text-decoration-line: underline; text-decoration-style: wavy; }
.count.sev-caution { text-decoration-line: underline; text-decoration-style: dashed; }
.count.sev-suggestion { text-decoration-line: underline; text-decoration-style: dotted; }
/* A zero: an outline in the muted text colour (readable, 4.5:1), not a faded pill. */
.count[data-zero] { background: transparent; color: var(--muted); box-shadow: inset 0 0 0 1px var(--line); }
.clean { color: var(--ok); }
.notice { font-style: italic; }
button { border-radius: 12px; padding: 2px 10px; font-size: 13px; }
`;

export class GpChip {
  constructor() {
    this.ui = null;
    this.announced = '';
    this.announceTimer = 0;
  }

  contains(node) {
    return !!this.ui && node instanceof Node && (node === this.ui.host || this.ui.host.contains(node));
  }

  hide() {
    if (this.ui) this.ui.host.hidden = true;
  }

  /** Where the chip is on screen, or null when it is not shown. */
  rect() {
    return this.ui && !this.ui.host.hidden ? this.ui.host.getBoundingClientRect() : null;
  }

  /**
   * By the editor's right edge and inside the window: below the editor, else
   * above it, else just inside its bottom or top corner, whichever first
   * covers none of `avoid` (the site's controls around the editor); when
   * each would, below it.
   */
  place(anchor, avoid = []) {
    const { host } = this.ui;
    host.hidden = false;
    const size = host.getBoundingClientRect();
    const inWindow = (left, top) => ({
      left: Math.max(4, Math.min(left, window.innerWidth - size.width - 4)),
      top: Math.max(4, Math.min(top, window.innerHeight - size.height - 4)),
    });
    const right = anchor.right - size.width;
    const spots = [
      inWindow(right, anchor.bottom + 4),
      inWindow(right, anchor.top - size.height - 4),
      inWindow(right - 4, anchor.bottom - size.height - 4),
      inWindow(right - 4, anchor.top + 4),
    ];
    const covers = ({ left, top }) => avoid.some((r) => r.width > 0 && r.height > 0
      && left < r.right && left + size.width > r.left && top < r.bottom && top + size.height > r.top);
    const spot = spots.find((s) => !covers(s)) ?? spots[0];
    host.style.left = `${spot.left}px`;
    host.style.top = `${spot.top}px`;
  }

  /**
   * @param findings   the findings shown for the editor
   * @param anchor     the editor's DOMRect
   * @param suggest    { disclaimer?: () => void, hashtags?: () => void, busy: bool }
   * @param notice     { text, unchecked } a word for the user with this check's result (the checker
   *                   restarted; unchecked: the post was not checked, so it is not shown as clean), or null
   * @param avoid      DOMRects the chip must not cover (the site's controls)
   */
  show(findings, anchor, suggest, t, notice = null, avoid = []) {
    if (!this.ui) {
      this.ui = gpCreateUiHost(GP_CHIP_RULES);
      const panel = gpEl('div', 'panel');
      panel.setAttribute('role', 'group');
      this.panel = panel;
      this.live = gpEl('div', 'visually-hidden');
      this.live.setAttribute('aria-live', 'polite');
      this.ui.shadow.append(panel, this.live);
      // Keep the caret in the editor when a chip button is pressed.
      panel.addEventListener('mousedown', (e) => e.preventDefault());
    }
    const counts = { risk: 0, caution: 0, suggestion: 0 };
    for (const f of findings) counts[f.severity] += 1;
    const summary = t('chipSummary', counts.risk, counts.caution, counts.suggestion);
    this.suggest = suggest; // buttons call the current editor's actions
    const signature = JSON.stringify([summary, !!suggest.disclaimer, !!suggest.hashtags, !!suggest.busy, !!suggest.showFirst, t('chipLabel'), notice?.text, !!notice?.unchecked]);
    if (signature !== this.signature) {
      this.signature = signature;
      this.render(findings, counts, summary, suggest, t, notice);
    }
    this.place(anchor, avoid);
  }

  /** Rebuilds the chip's content (only when what it shows has changed). */
  render(findings, counts, summary, suggest, t, notice) {
    this.panel.setAttribute('aria-label', `${t('chipLabel')}: ${notice?.unchecked ? notice.text : summary}`);
    const parts = [gpEl('span', 'name', t('chipLabel'))];
    if (notice?.unchecked) {
      // nothing to count: the notice says why
    } else if (findings.length === 0) {
      parts.push(gpEl('span', 'clean', `✓ ${t('chipClean')}`));
    } else {
      for (const severity of GP_SEVERITIES) {
        const c = gpEl('span', `count sev sev-${severity}`, String(counts[severity]));
        c.title = t(`sev_${severity}`);
        if (!counts[severity]) c.dataset.zero = '';
        parts.push(c);
      }
    }
    for (const [kind, label] of [['disclaimer', 'chipAddDisclaimer'], ['hashtags', 'chipAddHashtags']]) {
      if (!suggest[kind]) continue;
      const b = gpEl('button', 'primary', suggest.busy ? t('chipInserting') : `+ ${t(label)}`);
      b.type = 'button';
      b.dataset.suggest = kind;
      b.disabled = !!suggest.busy;
      b.addEventListener('click', (e) => {
        if (!e.isTrusted || b.disabled) return; // the user's click only
        b.disabled = true; // a double click must not insert twice
        this.suggest[kind]?.();
      });
      parts.push(b);
    }
    if (notice) parts.push(gpEl('span', 'notice', notice.text));
    if (suggest.showFirst) {
      const b = gpEl('button', 'primary', t('chipShowFirst'));
      b.type = 'button';
      b.dataset.action = 'show-first';
      b.addEventListener('click', (e) => {
        if (e.isTrusted) this.suggest.showFirst?.();
      });
      parts.push(b);
    }
    this.panel.replaceChildren(...parts);
    if (notice) this.live.textContent = notice.text;
    // Read the counts out once typing pauses, not at every keystroke.
    clearTimeout(this.announceTimer);
    this.announceTimer = setTimeout(() => {
      if (summary !== this.announced) {
        this.announced = summary;
        this.live.textContent = notice?.unchecked ? notice.text : findings.length ? summary : t('chipClean');
      }
    }, 1500);
  }
}
