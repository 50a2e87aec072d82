/** Every command has help text and a README entry; every CSV column is documented (sqlite-utils' test_docs.py). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { kindNames, kinds } from '../research/csv/kinds/index';
import { commands } from '../scripts/cli/index';
import { root } from './helpers';

const readme = readFileSync(join(root, 'README.md'), 'utf8');

describe('documentation', () => {
  test.each(commands.map((c) => c.name))('drempel %s has help text and a README entry', (name) => {
    const command = commands.find((c) => c.name === name)!;
    expect(command.summary.length).toBeGreaterThan(10);
    expect(command.usage).toContain(`drempel ${name}`);
    expect(readme).toContain(`\`drempel ${name}`);
  });

  test("the README's command table and the registered commands match, both ways", () => {
    const rows = readme.split('\n').filter((l) => l.startsWith('| `drempel '));
    const inTable = new Set(rows.map((l) => /^\| `drempel ([a-z-]+)/.exec(l)?.[1]));
    const registered = new Set(commands.map((c) => c.name));
    expect(
      [...registered].filter((c) => !inTable.has(c)),
      'commands without a row in the table',
    ).toEqual([]);
    expect(
      [...inTable].filter((c) => c === undefined || !registered.has(c)),
      'rows for no command',
    ).toEqual([]);
  });

  test.each(kindNames)("every %s column is in the README, in the kind's own section, with its meaning", (kind) => {
    const section = readme.split(/^#### /m).find((s) => s.startsWith(`${kind}\n`));
    expect(section, `a "#### ${kind}" section`).toBeDefined();
    for (const c of kinds[kind].columns) {
      const row = `| \`${c.name}\` | ${c.required ? 'yes' : ''} | ${c.doc} |`;
      expect(section!.includes(row), `${kind}: the row ${row}`).toBe(true);
    }
  });

  test('the README gives the two commands for a fresh machine', () => {
    expect(readme).toContain('npm run demo');
    expect(readme).toContain('npm test');
  });

  test('.ci/run installs from the lock file and runs npm test', () => {
    const ci = readFileSync(join(root, '.ci/run'), 'utf8');
    expect(ci).toContain('npm ci');
    expect(ci).toMatch(/^npm test/m);
  });
});
