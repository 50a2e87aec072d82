/**
 * The studio's browser code: its Svelte 5 components compiled by Svelte's own compiler and
 * bundled by esbuild, in memory, when the studio starts (about half a second; no build step, no
 * files written, nothing fetched). The CSS goes to its own file, so the page's Content Security
 * Policy allows no inline style or script.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { compile } from 'svelte/compiler';

const here = dirname(fileURLToPath(import.meta.url));

export interface Bundle {
  js: string;
  css: string;
}

/** esbuild → Svelte: each component compiled for the browser, its CSS handed back as a CSS module. */
function sveltePlugin(): Plugin {
  const styles = new Map<string, string>();
  return {
    name: 'svelte',
    setup(b) {
      b.onLoad({ filter: /\.svelte$/ }, async (args) => {
        const source = await readFile(args.path, 'utf8');
        const out = compile(source, { filename: args.path, generate: 'client', css: 'external', dev: false });
        let contents = out.js.code;
        if (out.css?.code) {
          const key = `${args.path}.css`;
          styles.set(key, out.css.code);
          contents += `\nimport ${JSON.stringify(key)};`;
        }
        return { contents, loader: 'js', resolveDir: dirname(args.path) };
      });
      b.onResolve({ filter: /\.svelte\.css$/ }, (args) => ({ path: args.path, namespace: 'svelte-css' }));
      b.onLoad({ filter: /.*/, namespace: 'svelte-css' }, (args) => ({
        contents: styles.get(args.path) ?? '',
        loader: 'css',
      }));
    },
  };
}

export async function bundle(): Promise<Bundle> {
  const result = await build({
    entryPoints: [join(here, 'ui', 'main.ts')],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    outdir: '/studio-assets',
    conditions: ['svelte', 'browser'],
    mainFields: ['svelte', 'browser', 'module', 'main'],
    plugins: [sveltePlugin()],
    logLevel: 'silent',
    legalComments: 'none',
  });
  const file = (ext: string) => result.outputFiles.find((f) => f.path.endsWith(ext))?.text ?? '';
  return { js: file('.js'), css: file('.css') };
}
