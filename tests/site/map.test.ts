import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { onMainRoute } from '../../analysis/chain';
import { loadProcedures } from '../../procedures/load';
import {
  mapLayout,
  wrapText,
  type MapEdge,
  type MapLayout,
  type MapOrientation,
  type MapStepInput,
} from '../../site/src/charts/map';

type Point = [number, number];
interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * Whether the segment a–b passes through the interior of the box: clip it to the box shrunk by
 * `eps` on every side (Liang–Barsky); anything left is inside. A segment that only touches the
 * border (an arrow ending on it, a line running along it) is not inside.
 */
function crossesBox([ax, ay]: Point, [bx, by]: Point, box: Box, eps = 0.5): boolean {
  const [dx, dy] = [bx - ax, by - ay];
  const [left, right, top, bottom] = [box.x + eps, box.x + box.width - eps, box.y + eps, box.y + box.height - eps];
  let [t0, t1] = [0, 1];
  for (const [p, q] of [
    [-dx, ax - left],
    [dx, right - ax],
    [-dy, ay - top],
    [dy, bottom - ay],
  ]) {
    if (p === 0) {
      if (q < 0) return false; // parallel to this side and outside it
    } else {
      const t = q / p;
      if (p < 0) t0 = Math.max(t0, t);
      else t1 = Math.min(t1, t);
    }
  }
  return t0 <= t1;
}

const segments = (e: MapEdge) => e.points.slice(1).map((p, i) => [e.points[i], p] as [Point, Point]);
const name = (e: MapEdge) => `${e.from}>${e.to}`;

/** Every (edge, box) pair where a segment of the edge runs through the box. */
function linesThroughBoxes(l: MapLayout): string[] {
  return l.edges.flatMap((e) =>
    l.nodes.flatMap((n) => (segments(e).some(([a, b]) => crossesBox(a, b, n)) ? [`${name(e)} through ${n.slug}`] : [])),
  );
}

/** Pairs of edges with segments on the same line over more than a pixel: parallel lines not offset. */
function overlappingLines(l: MapLayout): string[] {
  const found: string[] = [];
  const along = ([a, b]: [Point, Point]) =>
    a[1] === b[1]
      ? { axis: 'h', at: a[1], lo: Math.min(a[0], b[0]), hi: Math.max(a[0], b[0]) }
      : { axis: 'v', at: a[0], lo: Math.min(a[1], b[1]), hi: Math.max(a[1], b[1]) };
  l.edges.forEach((e, i) =>
    l.edges.slice(i + 1).forEach((f) => {
      const on = segments(e)
        .map(along)
        .some((s) =>
          segments(f)
            .map(along)
            .some(
              (t) => s.axis === t.axis && Math.abs(s.at - t.at) < 1 && Math.min(s.hi, t.hi) - Math.max(s.lo, t.lo) > 1,
            ),
        );
      if (on) found.push(`${name(e)} on ${name(f)}`);
    }),
  );
  return found;
}

const onBorder = ([x, y]: Point, b: Box) =>
  x >= b.x - 0.01 &&
  x <= b.x + b.width + 0.01 &&
  y >= b.y - 0.01 &&
  y <= b.y + b.height + 0.01 &&
  [x - b.x, b.x + b.width - x, y - b.y, b.y + b.height - y].some((d) => Math.abs(d) < 0.01);

const boxesOverlap = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** The three shipped procedures, loaded the way the app loads them, as map inputs. */
function shipped(): { slug: string; steps: MapStepInput[] }[] {
  const { procedures, problems } = loadProcedures(join(import.meta.dirname, '../../procedures'));
  expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
  return procedures.map((p) => {
    const actors = new Map(p.actors.map((a) => [a.slug, a]));
    const slugs = new Set(p.steps.map((s) => s.slug));
    let position = 0;
    return {
      slug: p.slug,
      steps: p.steps.map((s) => ({
        slug: s.slug,
        title: s.title,
        department: actors.get(s.actor)!.department,
        actorName: actors.get(s.actor)!.name,
        position: onMainRoute(s) ? ++position : null,
        // Transitions to outcomes (not steps) are not drawn.
        next: p.transitions
          .filter((t) => t.from === s.slug && slugs.has(t.to))
          .map((t) => ({ step: t.to, kind: t.kind })),
      })),
    };
  });
}

/** Twelve steps over six departments: forward skips (in a column and across), branches, two ways back. */
const twelve: MapStepInput[] = (
  [
    [
      'melden',
      'Inwoner',
      'Inwoner',
      1,
      [
        ['zoeken', 'branch'],
        ['aanvraag', 'branch'],
      ],
    ],
    ['zoeken', 'Inwoner', 'Inwoner', null, [['aanvraag', 'next']]],
    ['aanvraag', 'Inwoner', 'Inwoner', 2, [['controle', 'handoff']]],
    [
      'controle',
      'Inkomen',
      'Inkomensconsulent',
      3,
      [
        ['aanvraag', 'return'],
        ['gesprek', 'next'],
      ],
    ],
    [
      'gesprek',
      'Inkomen',
      'Inkomensconsulent',
      4,
      [
        ['huisbezoek', 'branch'],
        ['voorschot', 'branch'],
        ['besluit', 'next'],
      ],
    ],
    ['huisbezoek', 'Handhaving', 'Handhavingsmedewerker', null, [['besluit', 'handoff']]],
    ['voorschot', 'Financiën', 'Uitkeringsadministratie', null, [['besluit', 'handoff']]],
    [
      'besluit',
      'Inkomen',
      'Inkomensconsulent',
      5,
      [
        ['werk', 'handoff'],
        ['bezwaar', 'branch'],
        ['afgewezen', 'branch'],
      ],
    ],
    ['werk', 'Werk', 'Werkcoach', 6, [['evaluatie', 'next']]],
    [
      'evaluatie',
      'Werk',
      'Werkcoach',
      7,
      [
        ['beroep', 'branch'],
        ['gesprek', 'return'],
      ],
    ],
    ['bezwaar', 'Juridische Zaken', 'Jurist bezwaar', null, [['beroep', 'next']]],
    ['beroep', 'Juridische Zaken', 'Jurist bezwaar', null, []],
  ] as [string, string, string, number | null, [string, string][]][]
).map(([slug, department, actorName, position, next]) => ({
  slug,
  title: `${slug[0].toUpperCase()}${slug.slice(1)} van de aanvraag, met een titel die over regels loopt`,
  department,
  actorName,
  position,
  next: next.map(([step, kind]) => ({ step, kind })),
}));

const orientations: MapOrientation[] = ['lanes', 'single'];
const fixtures = () => [...shipped(), { slug: 'twelve steps, six departments', steps: twelve }];

describe('the checker', () => {
  const box = { x: 100, y: 100, width: 100, height: 50 };
  test('crossesBox() finds a segment through a box, not one touching or passing it', () => {
    expect(crossesBox([50, 50], [250, 250], box)).toBe(true); // a diagonal straight through
    expect(crossesBox([150, 0], [150, 300], box)).toBe(true); // a vertical straight through
    expect(crossesBox([150, 120], [150, 130], box)).toBe(true); // wholly inside
    expect(crossesBox([150, 150], [150, 140], box)).toBe(true); // from the border inwards
    expect(crossesBox([150, 200], [150, 150], box)).toBe(false); // ending on the border
    expect(crossesBox([80, 100], [220, 100], box)).toBe(false); // along the border
    expect(crossesBox([50, 90], [90, 150], box)).toBe(false); // beside it
    expect(crossesBox([180, 90], [210, 120], box)).toBe(true); // clipping a corner
    expect(crossesBox([195, 90], [215, 110], box)).toBe(false); // passing the corner outside
    expect(crossesBox([190, 90], [210, 110], box)).toBe(false); // touching the corner only
  });

  test.each(orientations)('naive routing (%s): straight lines from row to row cross boxes and are caught', (o) => {
    const l = mapLayout(twelve, { orientation: o });
    const at = new Map(l.nodes.map((n) => [n.slug, n]));
    const naive: MapLayout = {
      ...l,
      edges: l.edges.map((e) => {
        const [a, b] = [at.get(e.from)!, at.get(e.to)!];
        return {
          ...e,
          points: [
            [a.x + a.width / 2, a.y + a.height],
            [b.x + b.width / 2, b.y],
          ],
        };
      }),
    };
    // melden (row 0) to aanvraag (row 2) straight down runs through zoeken (row 1) in either orientation.
    expect(linesThroughBoxes(naive)).toContain('melden>aanvraag through zoeken');
    // A straight diagonal from row 0 to row 3 (another department) passes the boxes between.
    const [m, c] = [at.get('melden')!, at.get('controle')!];
    const diagonal = {
      ...naive.edges[0],
      from: 'melden',
      to: 'controle',
      points: [
        [m.x + m.width / 2, m.y + m.height],
        [c.x + c.width / 2, c.y],
      ] as Point[],
    };
    expect(linesThroughBoxes({ ...l, edges: [diagonal] }).length).toBeGreaterThan(0);
    // Parallel lines laid on one another are caught too.
    expect(overlappingLines({ ...l, edges: [l.edges[1], { ...l.edges[1], to: 'x' }] })).toHaveLength(1);
  });
});

describe('mapLayout()', () => {
  for (const o of orientations)
    test(`${o}: no line through a box, no box over another, everything inside the drawing`, () => {
      for (const { slug, steps } of fixtures()) {
        const l = mapLayout(steps, { orientation: o });
        expect(linesThroughBoxes(l), slug).toEqual([]);
        expect(overlappingLines(l), slug).toEqual([]);
        l.nodes.forEach((a, i) =>
          l.nodes.slice(i + 1).forEach((b) => expect(boxesOverlap(a, b), `${slug}: ${a.slug} ${b.slug}`).toBe(false)),
        );
        for (const n of l.nodes) {
          expect(n.x >= 0 && n.y >= l.header && n.x + n.width <= l.width && n.y + n.height <= l.height, n.slug).toBe(
            true,
          );
        }
        for (const e of l.edges)
          for (const [x, y] of e.points)
            expect(x >= 0 && x <= l.width && y >= l.header && y <= l.height, name(e)).toBe(true);
      }
    });

  for (const o of orientations)
    test(`${o}: edges are orthogonal, leave and enter on a border, with room for the arrowhead`, () => {
      for (const { slug, steps } of fixtures()) {
        const l = mapLayout(steps, { orientation: o });
        const at = new Map(l.nodes.map((n) => [n.slug, n]));
        for (const e of l.edges) {
          const [a, b] = [at.get(e.from)!, at.get(e.to)!];
          for (const [p, q] of segments(e)) expect(p[0] === q[0] || p[1] === q[1], `${slug} ${name(e)}`).toBe(true);
          expect(onBorder(e.points[0], a), `${slug} ${name(e)} leaves ${a.slug}`).toBe(true);
          expect(onBorder(e.points.at(-1)!, b), `${slug} ${name(e)} enters ${b.slug}`).toBe(true);
          const [p, q] = segments(e).at(-1)!;
          expect(Math.hypot(q[0] - p[0], q[1] - p[1]), `${slug} ${name(e)}`).toBeGreaterThanOrEqual(8);
          expect(e.path).toBe(e.points.map(([x, y], i) => `${i ? 'L' : 'M'}${x},${y}`).join(' '));
        }
      }
    });

  test('a step to the next row runs bottom to top; a skip or a way back runs beside the boxes', () => {
    const l = mapLayout(twelve, { orientation: 'lanes' });
    const at = new Map(l.nodes.map((n) => [n.slug, n]));
    const edge = (from: string, to: string) => l.edges.find((e) => e.from === from && e.to === to)!;
    // aanvraag (Inwoner) to controle (Inkomen), the next row: down, across in the gap, down.
    const handoff = edge('aanvraag', 'controle');
    const [a, c] = [at.get('aanvraag')!, at.get('controle')!];
    expect(handoff.points[0]).toEqual([a.x + a.width / 2, a.y + a.height]);
    expect(handoff.points.at(-1)).toEqual([c.x + c.width / 2, c.y]);
    expect(handoff.points).toHaveLength(4);
    const gapY = handoff.points[1][1];
    expect(gapY > a.y + a.height && gapY < c.y).toBe(true);
    // melden to aanvraag skips zoeken: out of melden's side, into aanvraag's side, beside zoeken.
    const skip = edge('melden', 'aanvraag');
    const [m, z] = [at.get('melden')!, at.get('zoeken')!];
    expect(skip.points[0][0]).toBe(m.x + m.width);
    expect(skip.points.at(-1)![0]).toBe(a.x + a.width);
    expect(Math.max(...skip.points.map((p) => p[0]))).toBeGreaterThan(z.x + z.width);
    // The ways back: dashed in the drawing, kind 'return', leaving a side and ending higher up.
    for (const [from, to] of [
      ['controle', 'aanvraag'],
      ['evaluatie', 'gesprek'],
    ]) {
      const back = edge(from, to);
      expect(back.kind).toBe('return');
      const [f, t] = [at.get(from)!, at.get(to)!];
      expect([f.x, f.x + f.width]).toContain(back.points[0][0]);
      expect([t.x, t.x + t.width]).toContain(back.points.at(-1)![0]);
      expect(back.points.at(-1)![1]).toBeLessThan(back.points[0][1]);
    }
  });

  test('edges keep from, to, kind and hand-off; outcomes are not drawn', () => {
    const l = mapLayout(twelve, { orientation: 'single' });
    expect(l.edges.map((e) => [e.from, e.to, e.kind, e.handoff]).slice(0, 5)).toEqual([
      ['melden', 'zoeken', 'branch', false],
      ['melden', 'aanvraag', 'branch', false],
      ['zoeken', 'aanvraag', 'next', false],
      ['aanvraag', 'controle', 'handoff', true],
      ['controle', 'aanvraag', 'return', true],
    ]);
    expect(l.edges.some((e) => e.to === 'afgewezen')).toBe(false);
    expect(l.edges).toHaveLength(17);
  });

  test('lanes: one column per department that has a step, in order of appearance, within 1,216 wide for six', () => {
    const l = mapLayout(twelve, { orientation: 'lanes' });
    expect(l.lanes.map((x) => x.name)).toEqual([
      'Inwoner',
      'Inkomen',
      'Handhaving',
      'Financiën',
      'Werk',
      'Juridische Zaken',
    ]);
    expect(l.width).toBeLessThanOrEqual(1216);
    for (const n of l.nodes) expect(l.lanes[n.lane].name).toBe(twelve[n.row].department);
    for (const n of l.nodes) expect(n.x).toBe(l.lanes[n.lane].x);
    expect(l.header).toBeGreaterThan(0);
    expect(l.nodes[0].y).toBeGreaterThanOrEqual(l.header);
    // Rows top to bottom in the given order, compact.
    for (const [i, n] of l.nodes.entries()) {
      expect(n.row).toBe(i);
      if (i) expect(n.y).toBeGreaterThan(l.nodes[i - 1].y + l.nodes[i - 1].height);
    }
    for (const { slug, steps } of shipped()) {
      const lanes = mapLayout(steps, { orientation: 'lanes' });
      expect(
        lanes.lanes.map((x) => x.name),
        slug,
      ).toEqual([...new Set(steps.map((s) => s.department))]);
      expect(lanes.width, slug).toBeLessThanOrEqual(1216);
      expect(Math.max(...lanes.nodes.map((n) => n.height)), slug).toBeLessThanOrEqual(91);
    }
  });

  test('single: one column at most 300 wide, each box naming who acts', () => {
    for (const { slug, steps } of fixtures()) {
      const l = mapLayout(steps, { orientation: 'single' });
      expect(l.width, slug).toBeLessThanOrEqual(300);
      expect(l.lanes).toEqual([]);
      expect(new Set(l.nodes.map((n) => n.x)).size, slug).toBe(1);
      expect(l.nodes.map((n) => n.label)).toEqual(steps.map((s) => s.actorName));
      // The box is most of the width: text is not squeezed into a sliver.
      expect(l.nodes[0].width, slug).toBeGreaterThanOrEqual(220);
    }
    expect(mapLayout(twelve, { orientation: 'lanes' }).nodes.every((n) => n.label === null)).toBe(true);
  });

  test('off-route steps are flagged; titles are wrapped to the box', () => {
    const l = mapLayout(twelve, { orientation: 'lanes' });
    expect(l.nodes.filter((n) => n.offRoute).map((n) => n.slug)).toEqual([
      'zoeken',
      'huisbezoek',
      'voorschot',
      'bezwaar',
      'beroep',
    ]);
    for (const n of l.nodes) {
      expect(n.lines.join(' ').replace('…', '')).toBe(
        twelve[n.row].title.slice(0, n.lines.join(' ').replace('…', '').length),
      );
      expect(n.titleY + (n.lines.length - 1) * l.lineHeight).toBeLessThan(n.levelY);
      expect(n.levelY).toBeLessThan(n.bandY);
      expect(n.bandY + l.band).toBeLessThanOrEqual(n.y + n.height);
    }
  });
});

describe('wrapText()', () => {
  test('wrapText() breaks at words and ellipsises past the last line', () => {
    expect(wrapText('Melden en inschrijven als werkzoekende', 20, 3)).toEqual([
      'Melden en',
      'inschrijven als',
      'werkzoekende',
    ]);
    expect(wrapText('een twee drie vier vijf zes zeven acht', 9, 2)).toEqual(['een twee', 'drie…']);
    expect(wrapText('Verplichtingen tijdens de uitkering (re-integratie)', 19, 3)).toEqual([
      'Verplichtingen',
      'tijdens de',
      'uitkering…',
    ]);
  });
});
