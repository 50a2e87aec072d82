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
    expect(edges[2].path.startsWith('M')).toBe(true);
    expect(edges[2].path).toContain(' C');
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
