/** The table behind each procedure map as CSV, exactly as the publication gate wrote it. */
import type { APIRoute } from 'astro';
import { procedureBySlug, siteData } from '../../lib/site-data';

export function getStaticPaths() {
  return siteData().procedures.map((p) => ({ params: { procedure: p.slug } }));
}

export const GET: APIRoute = ({ params }) =>
  new Response(procedureBySlug(params.procedure!).stepsCsv, { headers: { 'Content-Type': 'text/csv; charset=utf-8' } });
