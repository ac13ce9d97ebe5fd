/**
 * The little XML S3 speaks: answers are built as strings (escaped), and the two request bodies
 * Hearth reads (CompleteMultipartUpload, Delete) are flat enough to read element by element.
 */
import { HearthError } from '../../util/errors.js';

export const XML_DECL = '<?xml version="1.0" encoding="UTF-8"?>\n';
export const S3_NS = 'http://s3.amazonaws.com/doc/2006-03-01/';

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };
const SPECIAL = /[&<>]/;
/** escapes element text (quotes need no escaping there); most values have nothing to escape */
export const escapeXml = (s: string): string => (SPECIAL.test(s) ? s.replace(/[&<>]/g, (c) => ESC[c] ?? c) : s);

/** `<Tag>value</Tag>`, or '' when value is undefined */
export const el = (tag: string, value: string | number | boolean | undefined): string =>
  value === undefined ? '' : `<${tag}>${escapeXml(String(value))}</${tag}>`;

const ENTITY: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function unescapeXml(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_, e: string) =>
    e.startsWith('#x')
      ? String.fromCodePoint(parseInt(e.slice(2), 16))
      : e.startsWith('#')
        ? String.fromCodePoint(Number(e.slice(1)))
        : (ENTITY[e] ?? ''),
  );
}

export const malformedXml = () =>
  new HearthError('MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema');

/**
 * The inner texts of each `<tag>` block in `xml` (no nesting of the same tag). Throws MalformedXML
 * when the document's root is not `root` or a block is not closed.
 */
export function blocks(xml: string, root: string, tag: string): string[] {
  const body = xml.replace(/^\s*<\?xml[^>]*\?>/, '').trim();
  if (!new RegExp(`^<${root}(\\s[^>]*)?>[\\s\\S]*</${root}>$`).test(body)) throw malformedXml();
  const out: string[] = [];
  const re = new RegExp(`<${tag}(?:\\s[^>]*)?>([\\s\\S]*?)</${tag}>`, 'g');
  for (const m of body.matchAll(re)) out.push(m[1] ?? '');
  const opened = body.match(new RegExp(`<${tag}[\\s>]`, 'g'))?.length ?? 0;
  if (opened !== out.length) throw malformedXml();
  return out;
}

/** the text of the one `<tag>` inside `block`, unescaped; undefined when absent */
export function text(block: string, tag: string): string | undefined {
  const m = new RegExp(`<${tag}(?:\\s[^>]*)?>([\\s\\S]*?)</${tag}>`).exec(block);
  return m ? unescapeXml(m[1] ?? '') : undefined;
}
