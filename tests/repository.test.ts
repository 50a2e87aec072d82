/**
 * The repository stands on its own: a clone has nothing beside it. No tracked file may point at a
 * path outside the repository — a relative link that climbs out of it, a sibling workbench
 * folder, an absolute path of the machine it was written on.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, test } from 'vitest';
import { root } from './helpers';

/** Tracked files (git ls-files), or every file outside node_modules when there is no git. */
function trackedFiles(): string[] {
  if (existsSync(join(root, '.git')))
    return execFileSync('git', ['ls-files'], { cwd: root, encoding: 'utf8' }).split('\n').filter(Boolean);
  const walk = (d: string): string[] =>
    readdirSync(d).flatMap((n) =>
      ['node_modules', 'dist', '.git', 'data'].includes(n)
        ? []
        : statSync(join(d, n)).isDirectory()
          ? walk(join(d, n))
          : [relative(root, join(d, n))],
    );
  return walk(root);
}

const textFile = (f: string) => !/\.(db|png|jpe?g|gif|ico|woff2?|zip|qdpx|gz)$/.test(f) && f !== 'package-lock.json';

/** Relative paths written in a file that resolve outside the repository. */
function outsidePaths(file: string, text: string): string[] {
  const found: string[] = [];
  const base = dirname(join(root, file));
  for (const m of text.matchAll(/(?:\.\.\/)+[\w.-]+/g)) {
    const target = resolve(base, m[0]);
    if (target !== root && !target.startsWith(root + sep)) found.push(m[0]);
  }
  return found;
}

describe('the repository stands on its own', () => {
  test('no tracked file points outside the repository', () => {
    const bad: string[] = [];
    for (const file of trackedFiles().filter(textFile)) {
      const text = readFileSync(join(root, file), 'utf8');
      text.split('\n').forEach((line, i) => {
        const where = `${file}:${i + 1}`;
        if (/\bshared\/(docs|data|schemas|hooks)\b/.test(line)) bad.push(`${where}: ${line.trim()}`);
        if (/(^|[\s'"`(])\/(work|home|Users|tmp\/drempel)\//.test(line) && !file.startsWith('tests/'))
          bad.push(`${where}: ${line.trim()}`);
        for (const p of outsidePaths(file, line)) bad.push(`${where}: ${p}`);
      });
    }
    expect(bad).toEqual([]);
  });

  test('what the tests read from the standards and the process-mining world is in the repository, with its provenance', () => {
    for (const f of [
      'tests/fixtures/eventlogs/running-example.csv',
      'tests/fixtures/eventlogs/receipt.csv',
      'tests/fixtures/schemas/xes-ieee-1849-2016.xsd',
    ]) {
      expect(existsSync(join(root, f)), f).toBe(true);
    }
    const provenance = readFileSync(join(root, 'tests/fixtures/eventlogs/README.md'), 'utf8');
    expect(provenance).toContain('van der Aalst');
    expect(provenance).toContain('4TU.ResearchData terms of use');
    expect(readFileSync(join(root, 'tests/fixtures/schemas/README.md'), 'utf8')).toContain('IEEE 1849-2016');
  });
});
