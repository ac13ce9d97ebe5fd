/**
 * Browsers: a presigned URL from `getUrl` is put into the page (`<img src>`, `StorageImage` from
 * `@aws-amplify/ui-react-storage`, a download link, `<video>`), where the browser fetches it
 * itself, past any fetch or XMLHttpRequest wrapper. So the `src`/`href` setters of img, a, video,
 * audio and source elements, and `setAttribute` for those attributes (React sets most attributes
 * that way), store the Hearth URL instead. The query, and with it the signature, is unchanged; the
 * server checks it against the S3 host the client signed for. Nothing happens outside a browser.
 */
import { hearthStorageUrl } from './storage-redirect.js';

const MARK = Symbol.for('hearth.storageDom');

/** The element classes and the URL property each one loads from. */
const URL_PROPERTIES: [string, string][] = [
  ['HTMLImageElement', 'src'],
  ['HTMLAnchorElement', 'href'],
  ['HTMLMediaElement', 'src'],
  ['HTMLSourceElement', 'src'],
];
const URL_ATTRIBUTES: Record<string, string> = { IMG: 'src', A: 'href', VIDEO: 'src', AUDIO: 'src', SOURCE: 'src' };

/** The little of the DOM's Element used here (hearth/client compiles without the DOM lib). */
interface DomElement {
  tagName: string;
  setAttribute(name: string, value: string): void;
}
type Marked = { [MARK]?: true };

/** Rewrites Hearth bucket URLs assigned to media and link elements (once; idempotent). */
export function redirectStorageDom(): void {
  const g = globalThis as unknown as Record<string, { prototype: object } | undefined>;
  const ElementClass = g.Element;
  if (!ElementClass?.prototype) return;
  const elementProto = ElementClass.prototype as DomElement & Marked;
  if (Object.hasOwn(elementProto, MARK)) return;
  Object.defineProperty(elementProto, MARK, { value: true });
  for (const [className, property] of URL_PROPERTIES) {
    const proto = g[className]?.prototype;
    if (proto) wrapSetter(proto, property);
  }
  wrapSetAttribute(elementProto);
}

function wrapSetter(proto: object, property: string): void {
  const d = Object.getOwnPropertyDescriptor(proto, property);
  if (!d?.set || !d.get) return;
  const set = d.set;
  Object.defineProperty(proto, property, {
    ...d,
    set(this: DomElement, value: unknown) {
      set.call(this, typeof value === 'string' ? (hearthStorageUrl(value) ?? value) : value);
    },
  });
}

function wrapSetAttribute(proto: DomElement): void {
  const setAttribute = proto.setAttribute;
  proto.setAttribute = function (this: DomElement, name: string, value: string) {
    const attribute = URL_ATTRIBUTES[this.tagName];
    const rewritten = attribute && name.toLowerCase() === attribute ? hearthStorageUrl(String(value)) : undefined;
    setAttribute.call(this, name, rewritten ?? value);
  };
}
