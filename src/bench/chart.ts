/** @module Throughput and latency over a run, as one self-contained SVG (or an HTML page holding it): no script, no fetch. */
import type { ConnectionsReport } from './connections.js';
import type { CountryReport } from './country.js';
import type { CrowdReport } from './crowd.js';
import type { FloodReport } from './flood.js';
import type { Point } from './sampler.js';
import type { ThroughputReport } from './throughput.js';

interface Line { label: string; color: string; points: { t: number; v: number | null }[]; dashed?: boolean }
interface Panel { title: string; lines: Line[] }

const W = 900;
const PANEL_H = 250;
const M = { left: 70, right: 20, top: 34, bottom: 36 };

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** 1, 2 or 5 times a power of ten, at or above `v`: round numbers on the axis. */
function niceMax(v: number): number {
  if (v <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  return [1, 2, 5, 10].map((k) => k * p).find((x) => x >= v)!;
}

function panel(p: Panel, y0: number, tMax: number): string {
  const plotW = W - M.left - M.right;
  const plotH = PANEL_H - M.top - M.bottom;
  const vMax = niceMax(Math.max(0, ...p.lines.flatMap((l) => l.points.map((pt) => pt.v ?? 0))));
  const x = (t: number) => M.left + (t / tMax) * plotW;
  const y = (v: number) => y0 + M.top + plotH - (v / vMax) * plotH;
  const out: string[] = [`<text x="${M.left}" y="${y0 + 20}" font-weight="bold">${esc(p.title)}</text>`];
  for (let i = 0; i <= 5; i++) {
    const v = (vMax * i) / 5;
    out.push(`<line x1="${M.left}" x2="${W - M.right}" y1="${y(v)}" y2="${y(v)}" stroke="#ddd"/>`,
      `<text x="${M.left - 6}" y="${y(v) + 4}" text-anchor="end">${Number(v.toPrecision(3)).toLocaleString('en-US')}</text>`);
  }
  const tStep = niceMax(tMax / 8);
  for (let t = 0; t <= tMax + 1e-9; t += tStep) {
    out.push(`<text x="${x(t)}" y="${y0 + PANEL_H - M.bottom + 16}" text-anchor="middle">${Number(t.toPrecision(3))}</text>`);
  }
  out.push(`<text x="${W - M.right}" y="${y0 + PANEL_H - 4}" text-anchor="end">seconds</text>`);
  p.lines.forEach((l, k) => {
    // A missed sample (null) breaks the line instead of drawing a false slope across the gap.
    let seg: string[] = [];
    const flush = () => {
      if (seg.length) out.push(`<polyline fill="none" stroke="${l.color}" stroke-width="2"${l.dashed ? ' stroke-dasharray="6 4"' : ''} points="${seg.join(' ')}"/>`);
      seg = [];
    };
    for (const pt of l.points) {
      if (pt.v === null) flush();
      else seg.push(`${x(pt.t).toFixed(1)},${y(pt.v).toFixed(1)}`);
    }
    flush();
    const lx = W - M.right - 230;
    const ly = y0 + 16 + k * 16;
    out.push(`<line x1="${lx}" x2="${lx + 24}" y1="${ly - 4}" y2="${ly - 4}" stroke="${l.color}" stroke-width="2"${l.dashed ? ' stroke-dasharray="6 4"' : ''}/>`,
      `<text x="${lx + 30}" y="${ly}">${esc(l.label)}</text>`);
  });
  return out.join('\n');
}

export function svgChart(title: string, subtitle: string, panels: Panel[]): string {
  const tMax = Math.max(1, ...panels.flatMap((p) => p.lines.flatMap((l) => l.points.map((pt) => pt.t))));
  const h = 50 + panels.length * PANEL_H;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${h}" viewBox="0 0 ${W} ${h}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="${M.left}" y="20" font-size="15" font-weight="bold">${esc(title)}</text>`,
    `<text x="${M.left}" y="38" fill="#555">${esc(subtitle)}</text>`,
    ...panels.map((p, i) => panel(p, 44 + i * PANEL_H, tMax)),
    '</svg>',
  ].join('\n');
}

const rps = (s: Point[]) => s.map((p) => ({ t: p.t, v: p.rps }));
const lat = (s: Point[], k: 'p50Ms' | 'p99Ms') => s.map((p) => ({ t: p.t, v: p[k] }));

/** The chart of a report: answers per second of each server, and the node's own claim latency (p50, p99). */
export function chartFor(r: ThroughputReport | CountryReport | ConnectionsReport | FloodReport | CrowdReport, html: boolean): string {
  const m = r.machine;
  const sub = `${m.cores} cores, node ${m.node}, ${m.generator}; per-second samples of each server's own counters`;
  let svg: string;
  if (r.scenario === 'crowd') {
    svg = svgChart(`guichet bench crowd: ${r.served.toLocaleString('en-US')} of ${r.people.toLocaleString('en-US')} served in ${r.total_s ?? '-'} s, admit rate ${r.admit_rate ?? '-'}`,
      `${m.cores} cores, node ${m.node}; by second since the first arrival`, [
        { title: 'people served per second', lines: [{ label: 'served', color: '#c0392b', points: r.series.map((p) => ({ t: p.t, v: p.served })) }] },
        { title: 'wait of the people served that second, s', lines: [
          { label: 'real wait', color: '#c0392b', points: r.series.map((p) => ({ t: p.t, v: p.wait_s })) },
          { label: 'promised (eta_s)', color: '#2471a3', dashed: true, points: r.series.map((p) => ({ t: p.t, v: p.eta_s })) },
        ] },
      ]);
  } else if (r.scenario === 'throughput') {
    svg = svgChart(`guichet bench throughput: ratio ${r.ratio.toFixed(3)} (${Math.round(r.guichet.claims_per_s)} claims/s vs ${Math.round(r.baseline.per_s)} req/s)`, sub, [
      { title: 'answers per second', lines: [
        { label: 'baseline node:http', color: '#888', points: rps(r.baseline.series), dashed: true },
        { label: 'guichet claims', color: '#c0392b', points: rps(r.guichet.series) },
      ] },
      { title: 'guichet claim latency, ms (in the node)', lines: [
        { label: 'p50', color: '#2471a3', points: lat(r.guichet.series, 'p50Ms') },
        { label: 'p99', color: '#c0392b', points: lat(r.guichet.series, 'p99Ms') },
      ] },
    ]);
  } else {
    const [title, series] = r.scenario === 'country'
      ? [`guichet bench country: ${r.complete ? 'all ' : `NOT all (${(r.outcomes.issued ?? 0).toLocaleString('en-US')} of) `}` +
        `${r.beneficiaries.toLocaleString('en-US')} beneficiaries answered in ${r.total_s} s`, r.series]
      : [`guichet bench ${r.scenario}: ${r.generator.connections.toLocaleString('en-US')} keep-alive connections`, r.guichet.series];
    svg = svgChart(title, sub, [
      { title: 'claims answered per second', lines: [{ label: 'guichet claims', color: '#c0392b', points: rps(series) }] },
      { title: 'claim latency, ms (in the node)', lines: [
        { label: 'p50', color: '#2471a3', points: lat(series, 'p50Ms') },
        { label: 'p99', color: '#c0392b', points: lat(series, 'p99Ms') },
      ] },
    ]);
  }
  return html ? `<!doctype html>\n<html lang="en"><meta charset="utf-8"><title>guichet bench</title>\n<body>\n${svg}\n</body></html>\n` : `${svg}\n`;
}
