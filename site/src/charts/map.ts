/**
 * Geometry of a procedure map: one lane per department, steps left to right in procedure order,
 * edges for transitions. d3 computes the curves; templates render the SVG. Pure: plain numbers
 * and path strings out, unit-tested in tests/site/map.test.ts.
 */
import { linkHorizontal } from 'd3-shape';
import type { SiteFriction, SiteStep } from '../../../scripts/app/gate/types';

/** What the layout needs of a step: the gate's fields, nothing re-declared. */
export type MapStepInput = Pick<SiteStep, 'slug' | 'title' | 'department'> & {
  next: Pick<SiteStep['next'][number], 'step' | 'kind'>[];
};

/** A step as the map island draws it: the gate's fields plus what the page computed for it. */
export type MapStep = Pick<SiteStep, 'slug' | 'title' | 'department' | 'actorName' | 'channels'> & {
  /** The title wrapped to the box. */
  lines: string[];
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
  keyboard: string;
  filterDepartment: string;
  filterActor: string;
  filterChannel: string;
  all: string;
  friction: string;
  handoff: string;
}

export interface MapNode {
  slug: string;
  lane: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface MapEdge {
  from: string;
  to: string;
  kind: string;
  /** Between two departments: a hand-off. */
  handoff: boolean;
  path: string;
}

export interface MapLayout {
  width: number;
  height: number;
  lanes: { name: string; y: number; height: number }[];
  nodes: MapNode[];
  edges: MapEdge[];
}

export interface MapOptions {
  nodeWidth?: number;
  nodeHeight?: number;
  gap?: number;
  laneHeight?: number;
  laneLabel?: number;
}

const link = linkHorizontal<{ source: [number, number]; target: [number, number] }, [number, number]>();

/**
 * Lay out steps in lanes.
 * @example mapLayout(steps).nodes[0] // {slug: 'melden', lane: 0, x: 150, y: 20, …}
 */
export function mapLayout(
  steps: MapStepInput[],
  { nodeWidth = 170, nodeHeight = 84, gap = 28, laneHeight = 112, laneLabel = 150 }: MapOptions = {},
): MapLayout {
  const laneNames = [...new Set(steps.map((s) => s.department))];
  const lanes = laneNames.map((name, i) => ({ name, y: i * laneHeight, height: laneHeight }));
  const nodes: MapNode[] = steps.map((s, i) => {
    const lane = laneNames.indexOf(s.department);
    return {
      slug: s.slug,
      lane,
      x: laneLabel + gap + i * (nodeWidth + gap),
      y: lane * laneHeight + (laneHeight - nodeHeight) / 2,
      width: nodeWidth,
      height: nodeHeight,
    };
  });
  const at = new Map(nodes.map((n) => [n.slug, n]));
  const edges: MapEdge[] = steps.flatMap((s) =>
    s.next.flatMap((t) => {
      const a = at.get(s.slug);
      const b = at.get(t.step);
      if (!a || !b) return [];
      const handoff = a.lane !== b.lane;
      let path: string;
      if (b.x > a.x) path = link({ source: [a.x + a.width, a.y + a.height / 2], target: [b.x, b.y + b.height / 2] })!;
      else {
        // A way back (return): under the nodes, so it never crosses them.
        const below = Math.max(a.y, b.y) + a.height + 12;
        path = `M${a.x + a.width / 2},${a.y + a.height} C${a.x + a.width / 2},${below} ${b.x + b.width / 2},${below} ${b.x + b.width / 2},${b.y + b.height}`;
      }
      return [{ from: s.slug, to: t.step, kind: t.kind, handoff, path }];
    }),
  );
  return {
    width: laneLabel + gap + steps.length * (nodeWidth + gap),
    height: laneNames.length * laneHeight,
    lanes,
    nodes,
    edges,
  };
}

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
    kept[lines - 1] = kept[lines - 1].replace(/\s*\S*$/, '') + '…';
    return kept;
  }
  return out;
}
