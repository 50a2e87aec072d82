// The drempel site: static HTML built from the publication gate's output (DREMPEL_SITE_DATA).
// Output goes where `drempel site build` says (DREMPEL_SITE_OUT). No native or CommonJS modules here.
import { fileURLToPath } from 'node:url';
import svelte from '@astrojs/svelte';
import { defineConfig } from 'astro/config';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  outDir: process.env.DREMPEL_SITE_OUT ?? fileURLToPath(new URL('./dist/public', import.meta.url)),
  output: 'static',
  trailingSlash: 'always',
  build: { format: 'directory', inlineStylesheets: 'never' },
  integrations: [svelte()],
  i18n: { locales: ['nl', 'en'], defaultLocale: 'nl', routing: { prefixDefaultLocale: false } },
  devToolbar: { enabled: false },
  // A Content-Security-Policy meta tag with hashes of every script and style Astro emits, so
  // no 'unsafe-inline' is needed for the island loader; everything else from this site only,
  // no plugins, no <base> tag, no form posting anywhere.
  experimental: {
    csp: {
      algorithm: 'SHA-256',
      directives: ["default-src 'self'", "object-src 'none'", "base-uri 'none'", "form-action 'none'"],
    },
  },
});
