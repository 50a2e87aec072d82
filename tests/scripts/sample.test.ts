import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { generateSample } from '../../scripts/sample/generate';
import { sampleDir, tempDir } from '../helpers';

describe('generateSample()', () => {
  test('the seeded generator reproduces the bundled sample study byte for byte', async () => {
    const out = tempDir();
    await generateSample({ out, seed: 2026 });
    const files = readdirSync(sampleDir).sort();
    expect(readdirSync(out).sort()).toEqual(files);
    for (const f of files) expect(readFileSync(join(out, f), 'utf8'), f).toBe(readFileSync(join(sampleDir, f), 'utf8'));
  });

  test('the sample has two rounds, at least 24 walkthroughs, interviews and one staff role-play', () => {
    const sessions = readFileSync(join(sampleDir, 'sessions.csv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(','));
    expect(new Set(sessions.map((s) => s[1]))).toEqual(new Set(['bijstand-2026-r1', 'bijstand-2026-r2']));
    expect(sessions.filter((s) => s[3] === 'walkthrough').length).toBeGreaterThanOrEqual(24);
    expect(sessions.filter((s) => s[3] === 'interview').length).toBeGreaterThan(0);
    const roleplays = sessions.filter((s) => s[3] === 'roleplay');
    expect(roleplays).toHaveLength(1);
    expect(roleplays[0][2]).toBe('');
  });

  test('a large study has the requested number of observation rows', async () => {
    const out = tempDir();
    const counts = await generateSample({ out, observations: 5000 });
    expect(counts.observations).toBe(5000);
    expect(readFileSync(join(out, 'observations.csv'), 'utf8').trim().split('\n')).toHaveLength(5001);
  });
});
