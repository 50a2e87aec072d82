/**
 * Stable GUIDs for REFI-QDA: the same session, quote, code or participant gets the same GUID in
 * every export (RFC 4122 version 5: SHA-1 of a fixed namespace and a name), so another tool's
 * project and drempel's can be matched again, unlike tools that mint new GUIDs on every export.
 */
import { createHash } from 'node:crypto';

/** drempel's own namespace for REFI-QDA GUIDs (chosen once at random; never change it). */
const namespace = Buffer.from('b5b2580d300847b8b65ad4c102b6af81', 'hex');

/** What a GUID stands for: the kind is part of the name, so a code and a quote never share one. */
export type GuidKind =
  'project' | 'user' | 'code' | 'procedure' | 'step' | 'variable' | 'case' | 'source' | 'quote' | 'coding' | 'note';

/** The GUID of `kind` and `key` (upper-case hex with hyphens, as the REFI-QDA GUIDType pattern allows). */
export function guidOf(kind: GuidKind, key: string): string {
  const hash = createHash('sha1').update(namespace).update(`${kind}:${key}`, 'utf8').digest();
  hash[6] = (hash[6] & 0x0f) | 0x50; // version 5
  hash[8] = (hash[8] & 0x3f) | 0x80; // RFC 4122 variant
  const h = hash.subarray(0, 16).toString('hex').toUpperCase();
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** The XSD's GUIDType: 8-4-4-4-12 hex digits, optionally in braces. */
export const guidPattern =
  /^(\{[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

/** A GUID as compared: upper case, without braces (tools differ in both). */
export const guidKey = (guid: string): string =>
  guid
    .trim()
    .replace(/^\{|\}$/g, '')
    .toUpperCase();
