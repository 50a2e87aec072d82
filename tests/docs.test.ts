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

  test.each(kindNames)('every %s column is in the README with its meaning', (kind) => {
    for (const c of kinds[kind].columns)
      expect(readme).toContain(`| \`${c.name}\` | ${c.required ? 'yes' : ''} | ${c.doc} |`);
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
