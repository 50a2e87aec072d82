/** A site build that Astro refuses ends in one readable line, not Astro's stack trace. */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { runAstro } from '../../scripts/app/site/build';
import { root } from '../helpers';

test('a page Astro cannot compile: one line with the message and the file, no stack trace', async () => {
  // Inside the repository, so the page resolves Astro from node_modules as the real site does.
  const broken = join(root, 'tests', 'output', `astro-broken-${process.pid}`);
  mkdirSync(join(broken, 'src', 'pages'), { recursive: true });
  try {
    writeFileSync(join(broken, 'src', 'pages', 'index.astro'), '---\nconst x = ;\n---\n<p>{x}</p>\n');
    const error = await runAstro(['build'], {}, broken, undefined, broken).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error).toBeInstanceOf(Error);
    expect(error!.message).toMatch(/^the site build failed: Unexpected ";" \(.*src\/pages\/index\.astro:2:\d+\)$/);
    expect(error!.message.split('\n')).toHaveLength(1);
    expect(error!.message).not.toMatch(/node_modules|at \w/);
  } finally {
    rmSync(broken, { recursive: true, force: true });
  }
}, 120_000);
