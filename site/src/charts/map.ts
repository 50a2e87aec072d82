/**
 * Geometry of a procedure map. Time runs top to bottom, one row per step in procedure order, in
 * one of two orientations:
 *
 * - `'lanes'` (wide screens): one column per department that has a step, headed by its name;
 * - `'single'` (phones): one column, each box naming who acts, at most 300 units wide.
 *
 * Edges are orthogonal polylines routed through the empty space only: the gaps between rows and the
 * gutters beside the columns, so no line crosses a box. A step to the next row leaves the bottom of
 * its box and enters the top of the next; a skip forward or a way back leaves the side of its box
 * into a gutter, runs along it, crosses in a row gap to the gutter beside its target if needed, and
 * enters the target from the side. Parallel lines in a gutter or gap get their own track, a few
 * units apart. Pure: plain numbers and path strings out, unit-tested in tests/site/map.test.ts.
 */
import type { SiteFriction, SiteStep } from '../../../scripts/app/gate/types';

/** What the layout needs of a step: the gate's fields, nothing re-declared. */
export type MapStepInput = Pick<SiteStep, 'slug' | 'title' | 'department' | 'actorName' | 'position'> & {
  next: Pick<SiteStep['next'][number], 'step' | 'kind'>[];
};

/** A step as the map island draws it: the gate's fields plus what the page computed for it. */
export type MapStep = MapStepInput &
  Pick<SiteStep, 'channels'> & {
    level: SiteFriction['label'] | null;
    /** The level in words, in the page's language. */
    word: string;
    /** The friction figure as the page prints it, or null below the group size. */
    value: string | null;
    href: string;
  };

/** The map's words, in the page's language. */
export interface MapText {
  title: string;
  caption: string;
  toggle: string;
  /** The disclosure's label while the map is open ("Verberg de kaart"). */
  toggleClose: string;
  /** "Stap", before a main-route step's number in a step's label. */
  step: string;
  /** "Niet voor iedereen", in the label of a step off the main route. */
  offRoute: string;
  keyboard: string;
  filterDepartment: string;
  filterActor: string;
  filterChannel: string;
  all: string;
  friction: string;
  handoff: string;
  /** Heading of the legend ("Zo leest u de kaart"). */
  legendTitle: string;
  /** A box with a light band: a low barrier. */
  legendLow: string;
  /** A box with a hatched band: a medium barrier. */
  legendMedium: string;
  /** A box with a cross-hatched band: a high barrier. */
  legendHigh: string;
  /** A box without a band: too few residents followed to say. */
  legendTooFew: string;
  /** Heading of the arrows part of the legend. */
  legendArrows: string;
  /** A thin solid arrow: the next step. */
  legendNext: string;
  /** A thick arrow: a hand-off to another department. */
  legendHandoff: string;
  /** A dashed arrow: back to an earlier step. */
  legendReturn: string;
  /** A dashed box: a step only some residents meet (conditional, optional, objection). */
  legendOffRoute: string;
}

export type MapOrientation = 'lanes' | 'single';

/** A department's column ('lanes' only), with its name wrapped for the header. */
export interface MapLane {
  name: string;
  x: number;
  width: number;
  lines: string[];
}

export interface MapNode {
  slug: string;
  /** The step's row: its index in the steps given. */
  row: number;
  /** The column: the department's index in 'lanes', 0 in 'single'. */
  lane: number;
  x: number;
  y: number;
  width: number;
  height: number;
  /** Off the main route (position null: conditional, optional or objection): drawn with a dashed border. */
  offRoute: boolean;
  /** The title wrapped to the box. */
  lines: string[];
  /** Baseline of the first title line; the next lines follow `lineHeight` apart. */
  titleY: number;
  /** Who acts, as a small line above the title ('single', where there are no lanes); null in 'lanes'. */
  label: string | null;
  /** Baseline of the actor line (when there is one). */
  labelY: number;
  /** Baseline of the friction word-and-value line. */
  levelY: number;
  /** Top of the friction band (a strip along the bottom of the box, `band` high). */
  bandY: number;
}

export interface MapEdge {
  from: string;
  to: string;
  kind: string;
  /** Between two departments: a hand-off. */
  handoff: boolean;
  /** The corners of the orthogonal polyline, from the source box's border to the target's. */
  points: [number, number][];
  /** The SVG path of `points`. */
  path: string;
}

export interface MapLayout {
  orientation: MapOrientation;
  width: number;
  height: number;
  /** Height of the column headers at the top ('lanes'), 0 in 'single'. */
  header: number;
  /** The departments' columns, in first-appearance order ('lanes'); empty in 'single'. */
  lanes: MapLane[];
  nodes: MapNode[];
  edges: MapEdge[];
  /** Distance between two title lines. */
  lineHeight: number;
  /** Height of the friction band. */
  band: number;
}

export interface MapOptions {
  orientation: MapOrientation;
  /** Box width in 'lanes' (default 164); in 'single' the box takes what the gutters leave of `width`. */
  nodeWidth?: number;
  /** The layout's width in 'single' (default 296). */
  width?: number;
  /** Least width of a gutter beside a column (default 28 in 'lanes', 22 in 'single'). */
  gutter?: number;
  /** Least height of the gap between two rows (default 20). */
  rowGap?: number;
  /** Distance between parallel lines in a gutter or gap (default 6). */
  spacing?: number;
  /** Least distance from a line's last corner to the box it enters: room for the arrowhead (default 10). */
  margin?: number;
  /** Least height of a box (default 56). */
  minHeight?: number;
  /** Characters per title line (default: what the box width holds at 13 px bold). */
  chars?: number;
  /** Most title lines (default 4). */
  maxLines?: number;
}

const lineHeight = 15;
const band = 8;
/** Room around the drawing for the focus outline (a 5-unit stroke on the box). */
const pad = 6;

type Point = [number, number];
type Side = 'left' | 'right';

/** One end of an edge on the side of a box. */
interface SideEnd {
  /** The row at the other end of the edge. */
  other: number;
  y?: number;
}

/** How an edge runs, before pixels: down into the next row, or out of a side through gutters. */
type Route =
  | { kind: 'down'; from: number; to: number; track?: number }
  | {
      kind: 'side';
      from: number;
      to: number;
      /** The gutter beside the source and the one beside the target (gutter g is left of column g). */
      gutters: [number, number];
      sides: [Side, Side];
      /** The row gap the edge crosses in when the gutters differ (gap r is below row r). */
      gap: number;
      ends: [SideEnd, SideEnd];
      gapTrack?: number;
      tracks?: [number, number];
    };

/**
 * Lay out steps top to bottom, in department columns ('lanes') or one column ('single').
 * @example mapLayout(steps, { orientation: 'lanes' }).nodes[0] // {slug: 'melden', row: 0, lane: 0, x: 14, y: 33, …}
 */
export function mapLayout(steps: MapStepInput[], options: MapOptions): MapLayout {
  const single = options.orientation === 'single';
  const spacing = options.spacing ?? 6;
  const margin = options.margin ?? 10;
  const minGutter = options.gutter ?? (single ? 22 : 28);
  const rowGap = options.rowGap ?? 20;
  const minHeight = options.minHeight ?? 56;
  const maxLines = options.maxLines ?? 4;
  const departments = [...new Set(steps.map((s) => s.department))];
  const columns = single ? 1 : departments.length;
  const column = (s: MapStepInput) => (single ? 0 : departments.indexOf(s.department));
  const rowOf = new Map(steps.map((s, i) => [s.slug, i]));

  // 1. Which way each edge runs: gutters, sides and gaps, still without pixels.
  const edges: { from: number; to: number; kind: string }[] = [];
  const seen = new Set<string>();
  steps.forEach((s, from) => {
    for (const t of s.next) {
      const to = rowOf.get(t.step);
      // Transitions to outcomes (not steps) and to the step itself are not drawn; nor is a duplicate.
      if (to === undefined || to === from || seen.has(`${from}>${to}`)) continue;
      seen.add(`${from}>${to}`);
      edges.push({ from, to, kind: t.kind });
    }
  });
  const sideEnds = new Map<string, SideEnd[]>(); // `${row}:${side}`
  const routes: Route[] = edges.map((e) => {
    if (e.to === e.from + 1) return { kind: 'down', from: e.from, to: e.to };
    const [cs, ct] = [column(steps[e.from]), column(steps[e.to])];
    const forward = e.to > e.from;
    // Same column: skips forward run on the right, ways back on the left. Otherwise the gutters face each other.
    const sides: [Side, Side] =
      cs === ct ? (forward ? ['right', 'right'] : ['left', 'left']) : cs < ct ? ['right', 'left'] : ['left', 'right'];
    const gutterOf = (c: number, side: Side) => (side === 'left' ? c : c + 1);
    const ends: [SideEnd, SideEnd] = [{ other: e.to }, { other: e.from }];
    for (const [row, side, end] of [
      [e.from, sides[0], ends[0]],
      [e.to, sides[1], ends[1]],
    ] as const) {
      const key = `${row}:${side}`;
      sideEnds.set(key, [...(sideEnds.get(key) ?? []), end]);
    }
    return {
      kind: 'side',
      from: e.from,
      to: e.to,
      gutters: [gutterOf(cs, sides[0]), gutterOf(ct, sides[1])],
      sides,
      // Cross next to the target: in the gap above it going forward, below it going back.
      gap: forward ? e.to - 1 : e.to,
      ends,
    };
  });

  // 2. Tracks in the row gaps, on an ordinal x scale (gutter g at 2g, column c's centre at 2c + 1).
  const gapSegments = new Map<number, { route: Route; lo: number; hi: number }[]>();
  for (const r of routes) {
    let gap: number, a: number, b: number;
    if (r.kind === 'down') {
      [a, b] = [2 * column(steps[r.from]) + 1, 2 * column(steps[r.to]) + 1];
      if (a === b) continue; // straight down: no horizontal run
      gap = r.from;
    } else {
      if (r.gutters[0] === r.gutters[1]) continue;
      [a, b] = [2 * r.gutters[0], 2 * r.gutters[1]];
      gap = r.gap;
    }
    gapSegments.set(gap, [...(gapSegments.get(gap) ?? []), { route: r, lo: Math.min(a, b), hi: Math.max(a, b) }]);
  }
  const gapTracks = new Map<number, number>();
  for (const [gap, segments] of gapSegments) {
    const tracks = assignTracks(segments, 0);
    segments.forEach((s, i) => {
      if (s.route.kind === 'down') s.route.track = tracks[i];
      else s.route.gapTrack = tracks[i];
    });
    gapTracks.set(gap, Math.max(...tracks) + 1);
  }

  // 3. Rows: box heights from the wrapped titles, gaps tall enough for their tracks. In 'single' the
  // box takes what the gutters leave, known only in step 5: wrap for the least gutters first, and
  // wrap again below if the gutters came out wider (the rows' order, and so the tracks, stay the same).
  const singleWidth = options.width ?? 296;
  const nodeWidth = single ? singleWidth - 2 * pad - 2 * minGutter : (options.nodeWidth ?? 164);
  const chars = options.chars ?? charsFor(nodeWidth);
  const laneLines = single ? [] : departments.map((d) => wrapText(d, chars, 2));
  const top = single ? pad : Math.max(1, ...laneLines.map((l) => l.length)) * lineHeight + 18;
  const texts = steps.map((s) => wrapText(s.title, chars, maxLines));
  const labels = steps.map((s) => (single ? wrapText(s.actorName, chars + 4, 1)[0] : null));
  // Inside a box: [actor line,] title lines, the friction line, the band.
  const labelSpace = single ? 14 : 0;
  const heights = texts.map((lines) =>
    Math.max(minHeight, labelSpace + 17 + (lines.length - 1) * lineHeight + 16 + 4 + band + 1),
  );
  const gapHeight = (gap: number) => {
    const k = gapTracks.get(gap) ?? 0;
    return Math.max(rowGap, 2 * margin + Math.max(0, k - 1) * spacing);
  };
  const ys: number[] = [];
  let y = top;
  steps.forEach((_, i) => {
    ys.push(y);
    y += heights[i] + gapHeight(i);
  });
  const bottom = steps.length ? ys[steps.length - 1] + heights[steps.length - 1] : top;
  const gapY = (gap: number, track: number) => {
    const k = gapTracks.get(gap) ?? 1;
    const start = ys[gap] + heights[gap];
    return start + gapHeight(gap) / 2 + (track - (k - 1) / 2) * spacing;
  };

  // 4. Where edges meet the sides of boxes: spread along the side, those from above higher up.
  for (const [key, ends] of sideEnds) {
    const row = Number(key.split(':')[0]);
    ends.sort((a, b) => {
      const [da, db] = [a.other - row, b.other - row];
      if (da < 0 !== db < 0) return da < 0 ? -1 : 1;
      return da < 0 ? -da - -db : db - da; // above: short spans higher; below: long spans higher
    });
    const usable = heights[row] - band - 4;
    ends.forEach((end, i) => (end.y = ys[row] + (usable * (i + 1)) / (ends.length + 1)));
  }

  // 5. Tracks in the gutters, on the real y scale, then the gutters' widths and the columns' x.
  const gutterSegments = new Map<number, { route: Route; which: 0 | 1; lo: number; hi: number }[]>();
  for (const r of routes) {
    if (r.kind !== 'side') continue;
    const [ya, yb] = [r.ends[0].y!, r.ends[1].y!];
    const add = (gutter: number, which: 0 | 1, a: number, b: number) =>
      gutterSegments.set(gutter, [
        ...(gutterSegments.get(gutter) ?? []),
        { route: r, which, lo: Math.min(a, b), hi: Math.max(a, b) },
      ]);
    if (r.gutters[0] === r.gutters[1]) add(r.gutters[0], 0, ya, yb);
    else {
      const gy = gapY(r.gap, r.gapTrack!);
      add(r.gutters[0], 0, ya, gy);
      add(r.gutters[1], 1, gy, yb);
    }
  }
  const gutterTracks = new Map<number, number>();
  for (const [gutter, segments] of gutterSegments) {
    const tracks = assignTracks(segments, 2 * spacing);
    segments.forEach((s, i) => {
      if (s.route.kind !== 'side') return;
      s.route.tracks ??= [0, 0];
      s.route.tracks[s.which] = tracks[i];
      if (s.route.gutters[0] === s.route.gutters[1]) s.route.tracks[1] = tracks[i];
    });
    gutterTracks.set(gutter, Math.max(...tracks) + 1);
  }
  const gutterWidths = Array.from({ length: columns + 1 }, (_, g) => {
    const k = gutterTracks.get(g) ?? 0;
    const tracks = Math.max(0, k - 1) * spacing;
    // An outer gutter holds its tracks beside the box, or is a narrow strip when no line runs in it
    // (six lanes then stay within 1,160 wide); an inner one has room for an arrowhead on either side.
    if (g === 0 || g === columns) return k ? Math.max(minGutter, margin + tracks + 4) : 8;
    return Math.max(minGutter, 2 * margin + tracks);
  });
  const boxWidth = single ? singleWidth - 2 * pad - gutterWidths[0] - gutterWidths[1] : nodeWidth;
  if (options.chars === undefined && charsFor(boxWidth) < chars)
    return mapLayout(steps, { ...options, chars: charsFor(boxWidth) });
  const xs: number[] = [];
  let x = pad + gutterWidths[0];
  for (let c = 0; c < columns; c++) {
    xs.push(x);
    x += boxWidth + gutterWidths[c + 1];
  }
  const right = x + pad;
  const gutterX = (g: number, track: number) => {
    const k = gutterTracks.get(g) ?? 1;
    if (g === 0) return xs[0] - margin - track * spacing;
    if (g === columns) return xs[columns - 1] + boxWidth + margin + track * spacing;
    const left = xs[g - 1] + boxWidth;
    return left + gutterWidths[g] / 2 + (track - (k - 1) / 2) * spacing;
  };

  // 6. Pixels.
  const nodes: MapNode[] = steps.map((s, i) => {
    const yTop = ys[i];
    const titleY = yTop + labelSpace + 17;
    return {
      slug: s.slug,
      row: i,
      lane: column(s),
      x: xs[column(s)],
      y: yTop,
      width: boxWidth,
      height: heights[i],
      offRoute: s.position === null,
      lines: texts[i],
      titleY,
      label: labels[i],
      labelY: yTop + 14,
      levelY: yTop + heights[i] - band - 5,
      bandY: yTop + heights[i] - band - 1,
    };
  });
  const mapEdges: MapEdge[] = routes.map((r, i) => {
    const [a, b] = [nodes[r.from], nodes[r.to]];
    let points: Point[];
    if (r.kind === 'down') {
      const [xa, xb] = [a.x + a.width / 2, b.x + b.width / 2];
      if (xa === xb)
        points = [
          [xa, a.y + a.height],
          [xb, b.y],
        ];
      else {
        const gy = gapY(r.from, r.track!);
        points = [
          [xa, a.y + a.height],
          [xa, gy],
          [xb, gy],
          [xb, b.y],
        ];
      }
    } else {
      const sideX = (n: MapNode, side: Side) => (side === 'left' ? n.x : n.x + n.width);
      const [ya, yb] = [r.ends[0].y!, r.ends[1].y!];
      const [ga, gb] = [gutterX(r.gutters[0], r.tracks![0]), gutterX(r.gutters[1], r.tracks![1])];
      points =
        r.gutters[0] === r.gutters[1]
          ? [
              [sideX(a, r.sides[0]), ya],
              [ga, ya],
              [ga, yb],
              [sideX(b, r.sides[1]), yb],
            ]
          : [
              [sideX(a, r.sides[0]), ya],
              [ga, ya],
              [ga, gapY(r.gap, r.gapTrack!)],
              [gb, gapY(r.gap, r.gapTrack!)],
              [gb, yb],
              [sideX(b, r.sides[1]), yb],
            ];
    }
    points = points.map(([px, py]) => [round(px), round(py)]);
    const e = edges[i];
    return {
      from: steps[e.from].slug,
      to: steps[e.to].slug,
      kind: e.kind,
      handoff: steps[e.from].department !== steps[e.to].department,
      points,
      path: points.map(([px, py], j) => `${j ? 'L' : 'M'}${px},${py}`).join(' '),
    };
  });

  return {
    orientation: options.orientation,
    width: single ? singleWidth : right,
    height: bottom + pad,
    header: single ? 0 : top,
    lanes: single ? [] : departments.map((name, c) => ({ name, x: xs[c], width: boxWidth, lines: laneLines[c] })),
    nodes,
    edges: mapEdges,
    lineHeight,
    band,
  };
}

/**
 * Characters of a 13 px bold title that fit on a line of a box `width` wide (7 units padding each side),
 * for wide fonts too (DejaVu Sans Bold runs about 8 units a character).
 */
const charsFor = (width: number) => Math.max(8, Math.floor((width - 14) / 7.8));

/**
 * Give overlapping intervals different tracks (0, 1, …): shortest first, each the lowest track free
 * along its length, so long runs lie outside short ones. Intervals closer than `near` count as
 * overlapping, so that two runs in line do not read as one.
 */
function assignTracks(intervals: { lo: number; hi: number }[], near: number): number[] {
  const order = intervals
    .map((_, i) => i)
    .sort((a, b) => {
      const [x, y] = [intervals[a], intervals[b]];
      return x.hi - x.lo - (y.hi - y.lo) || x.lo - y.lo;
    });
  const tracks: number[] = new Array<number>(intervals.length);
  for (const i of order) {
    const taken = new Set(
      order
        .filter(
          (j) =>
            tracks[j] !== undefined &&
            intervals[j].lo <= intervals[i].hi + near &&
            intervals[i].lo <= intervals[j].hi + near,
        )
        .map((j) => tracks[j]),
    );
    let t = 0;
    while (taken.has(t)) t++;
    tracks[i] = t;
  }
  return tracks;
}

const round = (n: number) => Math.round(n * 10) / 10;

/** Break a title into at most `lines` lines of about `chars` characters, for SVG text. */
export function wrapText(text: string, chars = 20, lines = 3): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if ((line + ' ' + word).trim().length > chars && line) {
      out.push(line);
      line = word;
    } else line = (line + ' ' + word).trim();
  }
  if (line) out.push(line);
  if (out.length > lines) {
    const kept = out.slice(0, lines);
    // Drop the last line's last word for the ellipsis, unless it is the only one.
    kept[lines - 1] = (kept[lines - 1].replace(/\s*\S*$/, '') || kept[lines - 1]) + '…';
    return kept;
  }
  return out;
}
