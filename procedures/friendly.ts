/**
 * Turn zod issues into lines a policy advisor can act on: `steps[3].actor: expected …, got …`.
 * Modelled on Starlight's `parseWithFriendlyErrors` (packages/starlight/utils/error-map.ts).
 */
import type { ZodIssue } from 'zod';

/** `['steps', 3, 'actor']` → `steps[3].actor`. */
export function formatPath(path: (string | number)[]): string {
  return path.map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? part : `.${part}`)).join('');
}

/** A value as a message shows it: at most about 80 characters. */
function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}

/** One readable message per zod issue, without the path. */
export function issueMessage(issue: ZodIssue, input: unknown): string {
  const value = valueAt(input, issue.path);
  switch (issue.code) {
    case 'invalid_type':
      return issue.received === 'undefined'
        ? `required field is missing (expected ${issue.expected})`
        : `expected ${issue.expected}, got ${issue.received} ${describe(value)}`;
    case 'unrecognized_keys':
      return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
    case 'invalid_enum_value':
      return `expected one of ${issue.options.join(', ')}, got ${describe(value)}`;
    case 'too_small':
      return issue.type === 'array'
        ? `expected at least ${issue.minimum} item${issue.minimum === 1 ? '' : 's'}`
        : issue.type === 'string'
          ? 'expected a non-empty text'
          : `expected a number ${issue.inclusive ? '≥' : '>'} ${issue.minimum}, got ${describe(value)}`;
    case 'too_big':
      return `expected a number ${issue.inclusive ? '≤' : '<'} ${issue.maximum}, got ${describe(value)}`;
    default: {
      const message = `${issue.message.charAt(0).toLowerCase()}${issue.message.slice(1)}`;
      // A rule across fields ("a legal term needs its legal_basis") names what is missing itself.
      return issue.code === 'custom' && value === undefined ? message : `${message}, got ${describe(value)}`;
    }
  }
}

function valueAt(input: unknown, path: (string | number)[]): unknown {
  let v: unknown = input;
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[p];
  }
  return v;
}
