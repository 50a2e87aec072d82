/**
 * XML for REFI-QDA: escaping for writing, and a small element tree for reading (on saxes, the
 * streaming parser the XES import uses). saxes expands no entities a document declares, so a
 * `.qde` cannot pull in files or grow a billion laughs.
 */
import { SaxesParser, type SaxesTagNS } from 'saxes';
import { DrempelError } from '../../../research/errors';

/** Characters XML 1.0 does not allow (controls other than tab and line breaks, lone surrogates, U+FFFE/U+FFFF). */
const notXml =
  // eslint-disable-next-line no-control-regex -- what is matched is control characters
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** The text without the characters XML 1.0 cannot carry: removed, so nothing invalid is ever written. */
export const xmlSafe = (s: string): string => s.replace(notXml, '');

/** Text content, escaped (`&`, `<`, `>`) after dropping what XML cannot carry. */
export function escapeText(s: string): string {
  return xmlSafe(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** An attribute value in double quotes: also `"`, and line breaks and tabs as references so they survive. */
export function escapeAttr(s: string): string {
  return escapeText(s).replace(/"/g, '&quot;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');
}

/** `<name a="1" b="2"` with the attributes that have a value, escaped. */
export function openTag(name: string, attrs: Record<string, string | number | boolean | undefined | null>): string {
  const parts = Object.entries(attrs)
    .filter(([, v]) => v !== undefined && v !== null)
    .map(([k, v]) => ` ${k}="${escapeAttr(String(v))}"`);
  return `<${name}${parts.join('')}`;
}

/** An element as read: local name, namespace, unprefixed attributes, children and its own text. */
export interface XmlElement {
  local: string;
  uri: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
  line: number;
}

/** Nesting deeper than this is no REFI-QDA project (codes nest, but not a thousand deep). */
const maxDepth = 500;

/** Parse a whole XML document into a tree; a well-formedness error is one DrempelError naming `where:line:column`. */
export function parseXml(text: string, where: string): XmlElement {
  const parser = new SaxesParser({ xmlns: true, position: true });
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let failure: DrempelError | undefined;
  const fail = (message: string) => {
    failure ??= new DrempelError(
      `${where}:${parser.line}:${parser.column}: invalid XML: ${message.replace(/^[^:]*:\d+:\d+: /, '')}`,
      'Export the project again from your tool; the database was not changed.',
    );
  };
  parser.on('opentag', (tag: SaxesTagNS) => {
    const attrs: Record<string, string> = {};
    for (const a of Object.values(tag.attributes)) if (!a.prefix) attrs[a.local] = a.value;
    const el: XmlElement = { local: tag.local, uri: tag.uri, attrs, children: [], text: '', line: parser.line };
    if (stack.length) stack[stack.length - 1].children.push(el);
    else root = el;
    stack.push(el);
    if (stack.length > maxDepth) fail(`elements nested more than ${maxDepth} deep`);
  });
  parser.on('closetag', () => void stack.pop());
  parser.on('text', (t) => {
    if (stack.length) stack[stack.length - 1].text += t;
  });
  parser.on('cdata', (t) => {
    if (stack.length) stack[stack.length - 1].text += t;
  });
  parser.on('error', (e) => fail(e.message));
  try {
    parser.write(text.replace(/^\ufeff/, '')).close();
  } catch (e) {
    if (!failure) fail(e instanceof Error ? e.message : String(e));
  }
  if (failure) throw failure;
  if (!root) throw new DrempelError(`${where}: invalid XML: no root element`);
  return root;
}
