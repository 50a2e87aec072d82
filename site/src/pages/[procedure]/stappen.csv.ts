/** The table behind each procedure map as CSV (semicolon-separated, UTF-8 with BOM, for Dutch Excel). */
import type { APIRoute } from 'astro';
import { siteData } from '../../lib/site-data';

export function getStaticPaths() {
  return siteData().procedures.map((p) => ({ params: { procedure: p.slug } }));
}

const field = (v: unknown) => {
  const s = v === null || v === undefined ? '' : String(v);
  return /[";\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

export const GET: APIRoute = ({ params }) => {
  const p = siteData().procedures.find((x) => x.slug === params.procedure)!;
  const header = ['stap', 'nummer', 'titel', 'wie', 'afdeling', 'kanaal', 'wachtnorm_dagen', 'frictie', 'frictie_laag', 'frictie_hoog', 'frictie_woord', 'inwoners'];
  const rows = p.steps.map((s) => [
    s.slug, s.position, s.title, s.actorName, s.department, s.channels.join(', '), s.waitNormDays,
    s.friction?.value.toFixed(3).replace('.', ',') ?? '', s.friction?.low.toFixed(3).replace('.', ',') ?? '', s.friction?.high.toFixed(3).replace('.', ',') ?? '',
    s.friction?.label ?? 'te weinig waarnemingen', s.friction?.residents ?? '',
  ]);
  const body = '\ufeff' + [header, ...rows].map((r) => r.map(field).join(';')).join('\r\n') + '\r\n';
  return new Response(body, { headers: { 'Content-Type': 'text/csv; charset=utf-8' } });
};
