import { describe, expect, test } from 'vitest';
import { mapLayout, wrapText } from '../../site/src/charts/map';

const steps = [
  { slug: 'melden', title: 'Melden', department: 'Inwoner', next: [{ step: 'aanvraag', kind: 'next' }] },
  { slug: 'aanvraag', title: 'Aanvraag', department: 'Inwoner', next: [{ step: 'controle', kind: 'handoff' }] },
  { slug: 'controle', title: 'Controle', department: 'Inkomen', next: [{ step: 'aanvraag', kind: 'return' }] },
];

describe('mapLayout()', () => {
  test('mapLayout(steps) puts one lane per department and steps left to right', () => {
    const l = mapLayout(steps, { nodeWidth: 100, nodeHeight: 50, gap: 20, laneHeight: 80, laneLabel: 100 });
    expect(l.lanes).toEqual([
      { name: 'Inwoner', y: 0, height: 80 },
      { name: 'Inkomen', y: 80, height: 80 },
    ]);
    expect(l.nodes.map((n) => [n.slug, n.lane, n.x, n.y])).toEqual([
      ['melden', 0, 120, 15],
      ['aanvraag', 0, 240, 15],
      ['controle', 1, 360, 95],
    ]);
    expect(l.width).toBe(100 + 20 + 3 * 120);
    expect(l.height).toBe(160);
  });

  test('mapLayout(steps).edges marks hand-offs between departments and routes returns below', () => {
    const edges = mapLayout(steps).edges;
    expect(edges.map((e) => [e.from, e.to, e.handoff, e.kind])).toEqual([
      ['melden', 'aanvraag', false, 'next'],
      ['aanvraag', 'controle', true, 'handoff'],
      ['controle', 'aanvraag', true, 'return'],
    ]);
    expect(edges[0].path.replace(/\d+(\.\d+)?/g, (n) => String(Math.round(Number(n))))).toBe(
      'M348,56C362,56,362,56,376,56',
    );
    // The return runs below the lanes: it leaves controle's bottom edge, dips under both boxes and
    // comes back up into aanvraag's bottom edge (rounded to whole pixels).
    const ret = edges[2].path.replace(/\d+(\.\d+)?/g, (n) => String(Math.round(Number(n))));
    const points = [...ret.matchAll(/(\d+),(\d+)/g)].map((m) => [Number(m[1]), Number(m[2])]);
    const [start, end] = [points[0], points[points.length - 1]];
    expect(ret.startsWith('M')).toBe(true);
    expect(start[0]).toBeGreaterThan(end[0]); // from controle (right) back to aanvraag (left)
    expect(Math.max(...points.map((p) => p[1]))).toBeGreaterThan(Math.max(start[1], end[1])); // below both
  });

  test('wrapText() breaks at words and ellipsises past the last line', () => {
    expect(wrapText('Melden en inschrijven als werkzoekende', 20, 3)).toEqual([
      'Melden en',
      'inschrijven als',
      'werkzoekende',
    ]);
    expect(wrapText('een twee drie vier vijf zes zeven acht', 9, 2)).toEqual(['een twee', 'drie…']);
  });
});
