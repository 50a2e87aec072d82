/**
 * Who may import whom (README, "The project"). Reads every import of every source file, so a
 * forbidden dependency fails here before it spreads; and no SQL outside research/.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, test } from 'vitest';
import { root } from './helpers';

interface Import {
  file: string;
  target: string;
  typeOnly: boolean;
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) return [];
    if (statSync(path).isDirectory()) return sources(path);
    return /\.(ts|mts|mjs|js|svelte|astro)$/.test(name) ? [path] : [];
  });
}

function imports(folder: string): Import[] {
  return sources(join(root, folder)).flatMap((path) => {
    const text = readFileSync(path, 'utf8');
    const found: Import[] = [];
    for (const m of text.matchAll(/^\s*(import|export)\s+(type\s+)?[^'";]*?from\s+['"]([^'"]+)['"]/gm)) {
      found.push({ file: relative(root, path), target: m[3], typeOnly: !!m[2] });
    }
    for (const m of text.matchAll(/(?:import|require)\(\s*['"]([^'"]+)['"]\s*\)/g))
      found.push({ file: relative(root, path), target: m[1], typeOnly: false });
    return found;
  });
}

/** Where a relative import lands, relative to the repository root (a package name as it is). */
function resolved(i: Import): string {
  return i.target.startsWith('.') ? relative(root, join(root, i.file, '..', i.target)) : i.target;
}

/** The top-level folder a relative import lands in, or the package name. */
function destination(i: Import): string {
  if (!i.target.startsWith('.'))
    return i.target.startsWith('node:')
      ? 'node:' + i.target.slice(5).split('/')[0]
      : i.target
          .split('/')
          .slice(0, i.target.startsWith('@') ? 2 : 1)
          .join('/');
  const abs = join(root, i.file, '..', i.target);
  return relative(root, abs).split('/')[0];
}

describe('module boundaries', () => {
  test("procedures/ imports only zod, yaml, node built-ins and pure analysis/ (the model's constants, graph search)", () => {
    const bad = imports('procedures').filter(
      (i) => !['procedures', 'analysis', 'zod', 'yaml'].includes(destination(i)) && !destination(i).startsWith('node:'),
    );
    expect(bad).toEqual([]);
  });

  test('analysis/ is pure: only types from procedures/ and d3 maths', () => {
    const bad = imports('analysis').filter((i) => {
      const d = destination(i);
      if (d === 'analysis') return false;
      if (d === 'procedures') return !i.typeOnly;
      return !/^d3-/.test(d);
    });
    expect(bad).toEqual([]);
  });

  test("research/ imports better-sqlite3, papaparse, saxes (XES), node built-ins, procedures/ (types and errors) the model's names (analysis/friction) and words (analysis/words) only", () => {
    const bad = imports('research').filter((i) => {
      const d = destination(i);
      if (['research', 'better-sqlite3', 'papaparse', 'saxes'].includes(d) || d.startsWith('node:')) return false;
      if (d === 'procedures') return !i.typeOnly && !i.target.endsWith('procedures/errors');
      // A finding names the score components that drive it: the store checks them against the
      // model; search compares words as the team site does.
      if (d === 'analysis') return !/analysis\/(friction|words)$/.test(i.target);
      return true;
    });
    expect(bad).toEqual([]);
  });

  test('site/ imports analysis/, procedures/ and the publication gate only, never research/ nor the database driver', () => {
    const bad = imports('site').filter((i) => {
      const d = destination(i);
      if (d === 'research' || d === 'better-sqlite3') return true;
      if (d === 'scripts') return !i.target.includes('scripts/app/gate/');
      return false;
    });
    expect(bad).toEqual([]);
  });

  test('islands import no native or server-only modules', () => {
    const bad = imports('site/src/islands').filter(
      (i) => /^(node:|better-sqlite3)/.test(i.target) || destination(i) === 'research',
    );
    expect(bad).toEqual([]);
  });

  test('scripts/ never imports site/ internals', () => {
    expect(imports('scripts').filter((i) => destination(i) === 'site')).toEqual([]);
  });

  test('the application layer (scripts/app/) never imports the command line or the tooling', () => {
    const bad = imports('scripts/app').filter((i) => /^scripts\/(cli|bench|sample)\//.test(resolved(i)));
    expect(bad).toEqual([]);
  });

  test("scripts/ opens no database itself: better-sqlite3 is research/'s", () => {
    expect(imports('scripts').filter((i) => i.target === 'better-sqlite3' && !i.typeOnly)).toEqual([]);
  });

  test('no SQL outside research/: no prepare(), pragma() or db.exec() anywhere else', () => {
    const bad = ['scripts', 'site/src', 'analysis', 'procedures'].flatMap((folder) =>
      sources(join(root, folder)).flatMap((path) => {
        const lines = readFileSync(path, 'utf8').split('\n');
        return lines.flatMap((line, i) =>
          /\.(prepare|pragma)\(|\bdb\.exec\(/.test(line) ? [`${relative(root, path)}:${i + 1}: ${line.trim()}`] : [],
        );
      }),
    );
    expect(bad).toEqual([]);
  });
});
