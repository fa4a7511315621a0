/**
 * The schedule drawn as a timeline (spec §8), for the editor's plan view: one row per intent under
 * its wave, a bar from its start to its end coloured by method, the wave barriers, and each
 * deadline (red) and window end (amber) marked on its intent's row. Self-contained SVG (no
 * scripts); each intent's shapes carry `data-kind`, `data-name` and `data-offset` so the view can
 * reveal the `migrate` on click, as the topology does.
 */
import { formatDuration } from '../format.js';
import { horizon, missesDeadline } from './gantt.js';
import type { Plan, PlanIntent } from './plan.js';
import { escapeXml, METHOD_COLOURS } from './svg.js';

const WIDTH = 960;
const LEFT = 330;
const RIGHT = 930;
const TOP = 70;
const WAVE_ROW = 24;
const INTENT_ROW = 26;
const LATE = '#dc2626';
const WINDOW = '#d97706';

/** Tick steps, in seconds: the first that puts at most 8 ticks on the axis. */
const STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800, 604800];

const round = (n: number) => Math.round(n * 10) / 10;

export function timelineSvg(plan: Plan): string {
  const end = horizon(plan);
  const x = (t: number) => round(LEFT + (Math.min(t, end) / end) * (RIGHT - LEFT));
  const rows = plan.waves.reduce((n, w) => n + 1 + (Number.isFinite(w.start) ? w.intents.length : 0), 0);
  const height = TOP + rows * INTENT_ROW + 50;
  const title = `Schedule of ${plan.file}`;
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="system-ui, -apple-system, 'Segoe UI', sans-serif" font-size="12" role="img">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect data-kind="background" x="0" y="0" width="${WIDTH}" height="${height}" fill="#ffffff"/>`,
    `<text data-kind="title" x="20" y="28" font-size="16" font-weight="bold" fill="#111827">${escapeXml(title)}</text>`,
    `<text data-kind="note" x="20" y="46" font-size="11" fill="#4b5563">${escapeXml('Waves run one after another: a wave ends when its longest intent (bold) ends. Red: a deadline; amber: a window end.')}</text>`,
  ];
  // The axis: ticks from 0 to the horizon, and a line under them.
  const step = STEPS.find((s) => end / s <= 8) ?? Math.ceil(end / 8);
  const bottom = height - 40;
  for (let t = 0; t <= end + 1e-9; t += step) {
    out.push(
      `<line data-kind="tick" x1="${x(t)}" y1="${TOP - 8}" x2="${x(t)}" y2="${bottom}" stroke="#e5e7eb" stroke-width="1"/>`,
      `<text data-kind="tick" x="${x(t)}" y="${TOP - 12}" text-anchor="middle" font-size="10" fill="#6b7280">${escapeXml(formatDuration(t))}</text>`,
    );
  }
  let y = TOP;
  for (const w of plan.waves) {
    const started = Number.isFinite(w.start);
    const span = started ? `${formatDuration(w.start)} → ${Number.isFinite(w.end) ? formatDuration(w.end) : 'never ends'}` : 'never starts';
    out.push(
      `<g data-kind="wave" data-name="wave ${w.index}">`,
      `<rect x="0" y="${y}" width="${WIDTH}" height="${WAVE_ROW}" fill="#f3f4f6"/>`,
      `<text x="20" y="${y + 16}" font-weight="bold" fill="#111827">${escapeXml(`Wave ${w.index} · ${span}`)}</text>`,
      '</g>',
    );
    y += WAVE_ROW;
    if (!started) continue;
    for (const i of w.intents) {
      out.push(...intentRow(i, y, x, end, w.longest === i));
      y += INTENT_ROW;
    }
    // The barrier: the next wave starts when this one ends.
    if (Number.isFinite(w.end)) {
      out.push(
        `<line data-kind="barrier" data-name="wave ${w.index} ends" x1="${x(w.end)}" y1="${TOP}" x2="${x(w.end)}" y2="${bottom}" stroke="#6b7280" stroke-width="1" stroke-dasharray="3 3"/>`,
      );
    }
  }
  out.push('</svg>');
  return out.join('\n') + '\n';
}

function intentRow(i: PlanIntent, y: number, x: (t: number) => number, end: number, longest: boolean): string[] {
  const attributes = `data-kind="intent" data-name="${escapeXml(i.header)}" data-offset="${i.offset}"`;
  const finite = Number.isFinite(i.end);
  const late = missesDeadline(i);
  const from = x(i.start);
  const to = finite ? x(i.end) : x(end);
  const when = finite ? `${formatDuration(i.start)} → ${formatDuration(i.end)}` : `from ${formatDuration(i.start)}, never ends`;
  const limits = [
    i.deadline !== undefined ? `deadline ${formatDuration(i.deadline)}${late ? ' (missed)' : ''}` : '',
    i.window !== undefined ? `window ${formatDuration(i.window)}` : '',
  ].filter(Boolean);
  const tip = `${i.header} (line ${i.line}): ${i.method}, ${when}${limits.length ? `; ${limits.join(', ')}` : ''}${longest ? "; sets the wave's length" : ''}`;
  const label = i.header.length > 44 ? `${i.header.slice(0, 43)}…` : i.header;
  const out = [
    `<g ${attributes} data-status="${late ? 'late' : 'ok'}">`,
    `<title>${escapeXml(tip)}</title>`,
    `<text ${attributes} x="20" y="${y + 17}"${longest ? ' font-weight="bold"' : ''} fill="#111827">${escapeXml(`${label} (line ${i.line})`)}</text>`,
    `<rect ${attributes} x="${from}" y="${y + 5}" width="${round(Math.max(2, to - from))}" height="${INTENT_ROW - 10}" rx="3" fill="${METHOD_COLOURS[i.method]}"${finite ? '' : ' fill-opacity="0.45"'}${late ? ` stroke="${LATE}" stroke-width="2"` : ''}/>`,
  ];
  const text = finite ? formatDuration(i.end - i.start) : 'never ends';
  out.push(`<text ${attributes} x="${round(Math.min(to + 4, RIGHT - 40))}" y="${y + 17}" font-size="10" fill="#374151">${escapeXml(text)}</text>`);
  if (i.deadline !== undefined) out.push(...marker(attributes, x(i.deadline), y, LATE, `deadline ${formatDuration(i.deadline)}`, false));
  if (i.window !== undefined) out.push(...marker(attributes, x(i.start + i.window), y, WINDOW, `window ${formatDuration(i.window)}`, true));
  out.push('</g>');
  return out;
}

/** A vertical mark across one row, with its label above the bar. */
function marker(attributes: string, at: number, y: number, colour: string, label: string, dashed: boolean): string[] {
  const anchor = at > RIGHT - 80 ? 'end' : 'start';
  return [
    `<line ${attributes} data-mark="${escapeXml(label)}" x1="${at}" y1="${y + 1}" x2="${at}" y2="${y + INTENT_ROW - 1}" stroke="${colour}" stroke-width="2"${dashed ? ' stroke-dasharray="4 2"' : ''}/>`,
    `<text ${attributes} x="${round(anchor === 'end' ? at - 3 : at + 3)}" y="${y + 9}" text-anchor="${anchor}" font-size="9" fill="${colour}">${escapeXml(label)}</text>`,
  ];
}
