/**
 * Build-time access to the publication gate's output. The site reads this JSON file and
 * nothing else: never the research database.
 */
import { readFileSync } from 'node:fs';
import type { SiteData, SiteProcedure } from '../../../scripts/app/gate/types';

let cached: SiteData | undefined;

export function siteData(): SiteData {
  if (cached) return cached;
  const file = process.env.DREMPEL_SITE_DATA;
  if (!file) throw new Error('DREMPEL_SITE_DATA is not set: build the site with `drempel site build`');
  cached = JSON.parse(readFileSync(file, 'utf8')) as SiteData;
  return cached;
}

export function procedureBySlug(slug: string): SiteProcedure {
  const p = siteData().procedures.find((x) => x.slug === slug);
  if (!p) throw new Error(`unknown procedure: ${slug}`);
  return p;
}
