import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { uploadData } from 'aws-amplify/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configureAmplify } from './index.js';
import { redirectStorage } from './storage.js';
import { hearthStorageUrl } from './storage-redirect.js';

/** A stand-in for Hearth's endpoint: records each request and answers 200 with an ETag. */
let server: Server;
let base: string;
const seen: { method?: string; url?: string; host?: string; authorization?: string }[] = [];

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res) => {
    seen.push({ method: req.method, url: req.url, host: req.headers.host, authorization: req.headers.authorization });
    req.resume();
    req.on('end', () => res.writeHead(200, { etag: '"abc"', 'content-type': 'text/plain' }).end('ok'));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  redirectStorage(`${base}/s3/`, {
    bucket: 'app-files-default',
    region: 'us-east-1',
    buckets: { second: { bucketName: 'app-second', region: 'eu-west-1' } },
  });
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('hearthStorageUrl', () => {
  it('maps virtual-hosted and path-style S3 URLs of Hearth buckets to the path-style endpoint', () => {
    expect(hearthStorageUrl('https://app-files-default.s3.us-east-1.amazonaws.com/public/a%20b.png?x-id=GetObject')).toBe(
      `${base}/s3/app-files-default/public/a%20b.png?x-id=GetObject`,
    );
    expect(hearthStorageUrl('https://app-second.s3.eu-west-1.amazonaws.com/?list-type=2&prefix=x%2F')).toBe(
      `${base}/s3/app-second/?list-type=2&prefix=x%2F`,
    );
    expect(hearthStorageUrl('https://s3.eu-west-1.amazonaws.com/app-second/k/1')).toBe(`${base}/s3/app-second/k/1`);
  });

  it('leaves other buckets, other regions and other hosts alone', () => {
    expect(hearthStorageUrl('https://someone-else.s3.us-east-1.amazonaws.com/a')).toBeUndefined();
    expect(hearthStorageUrl('https://app-second.s3.us-east-1.amazonaws.com/a')).toBeUndefined();
    expect(hearthStorageUrl('https://s3.us-east-1.amazonaws.com/other/a')).toBeUndefined();
    expect(hearthStorageUrl('https://example.com/app-files-default/a')).toBeUndefined();
    expect(hearthStorageUrl('not a url')).toBeUndefined();
  });
});

describe('the wrapped fetch', () => {
  it('sends a Hearth bucket request to the endpoint and passes other URLs through', async () => {
    seen.length = 0;
    const s3Url = new URL('https://app-files-default.s3.us-east-1.amazonaws.com/public/x.txt?x-id=PutObject');
    const res = await fetch(s3Url, { method: 'PUT', body: 'hello' });
    expect(res.status).toBe(200);
    await fetch(`${base}/elsewhere?q=1`);
    await fetch(new Request('https://app-second.s3.eu-west-1.amazonaws.com/k', { method: 'POST', body: 'x' }));
    expect(seen.map((s) => `${s.method} ${s.url}`)).toEqual([
      'PUT /s3/app-files-default/public/x.txt?x-id=PutObject',
      'GET /elsewhere?q=1',
      'POST /s3/app-second/k',
    ]);
  });

  it('stays a single wrapper when installed twice and wraps a fetch assigned later', async () => {
    const before = globalThis.fetch;
    redirectStorage(`${base}/s3`, { bucket: 'app-files-default', region: 'us-east-1' });
    expect(globalThis.fetch).toBe(before);
    const calls: string[] = [];
    const original = Object.getOwnPropertyDescriptor(globalThis, 'fetch');
    const inner = before;
    globalThis.fetch = ((input: string | URL | Request, init?: RequestInit) => {
      calls.push(String(input));
      return inner(input, init);
    }) as typeof fetch;
    await fetch('https://app-files-default.s3.us-east-1.amazonaws.com/a');
    expect(calls).toEqual([`${base}/s3/app-files-default/a`]);
    if (original) Object.defineProperty(globalThis, 'fetch', original);
    globalThis.fetch = inner;
  });
});

describe('XMLHttpRequest and DOM rewriting', () => {
  it('rewrites the URL given to XMLHttpRequest.prototype.open', async () => {
    const opened: string[] = [];
    class FakeXhr {
      open(method: string, url: string | URL) {
        opened.push(`${method} ${String(url)}`);
      }
    }
    const g = globalThis as { XMLHttpRequest?: unknown };
    g.XMLHttpRequest = FakeXhr;
    const { redirectStorageXhr } = await import('./storage-xhr.js');
    redirectStorageXhr();
    redirectStorageXhr();
    new FakeXhr().open('GET', 'https://app-files-default.s3.us-east-1.amazonaws.com/a?b=c');
    new FakeXhr().open('GET', 'https://other.s3.us-east-1.amazonaws.com/a');
    expect(opened).toEqual([`GET ${base}/s3/app-files-default/a?b=c`, 'GET https://other.s3.us-east-1.amazonaws.com/a']);
    delete g.XMLHttpRequest;
  });

  it('rewrites img src set as a property or an attribute, and nothing else', async () => {
    class FakeElement {
      tagName = 'DIV';
      attributes: Record<string, string> = {};
      setAttribute(name: string, value: string) {
        this.attributes[name] = value;
      }
    }
    class FakeImage extends FakeElement {
      override tagName = 'IMG';
      #src = '';
      get src() {
        return this.#src;
      }
      set src(v: string) {
        this.#src = v;
      }
    }
    const g = globalThis as Record<string, unknown>;
    g.Element = FakeElement;
    g.HTMLImageElement = FakeImage;
    const { redirectStorageDom } = await import('./storage-dom.js');
    redirectStorageDom();
    redirectStorageDom();
    const url = 'https://app-files-default.s3.us-east-1.amazonaws.com/p.png?X-Amz-Signature=1';
    const img = new FakeImage();
    img.src = url;
    expect(img.src).toBe(`${base}/s3/app-files-default/p.png?X-Amz-Signature=1`);
    img.setAttribute('src', url);
    img.setAttribute('alt', url);
    expect(img.attributes).toEqual({ src: `${base}/s3/app-files-default/p.png?X-Amz-Signature=1`, alt: url });
    const div = new FakeElement();
    div.setAttribute('src', url);
    expect(div.attributes.src).toBe(url);
    delete g.Element;
    delete g.HTMLImageElement;
  });
});

describe('configureAmplify with a storage section', () => {
  it("sends the real aws-amplify/storage uploadData to Hearth's endpoint, signed for S3", async () => {
    seen.length = 0;
    const outputs = {
      storage: { aws_region: 'us-east-1', bucket_name: 'unit-bucket', buckets: [] },
      custom: { hearth: { storageEndpoint: `${base}/s3` } },
      version: '1.4',
    };
    const credentials = { accessKeyId: 'AKIDUNIT', secretAccessKey: 'secret' };
    configureAmplify(outputs as Parameters<typeof configureAmplify>[0], {
      libraryOptions: {
        Auth: {
          credentialsProvider: {
            getCredentialsAndIdentityId: async () => ({ credentials, identityId: 'us-east-1:id' }),
            clearCredentialsAndIdentityId: () => {},
          },
        },
      },
    });
    const r = await uploadData({ path: 'public/hello.txt', data: 'hello' }).result;
    expect(r.path).toBe('public/hello.txt');
    expect(seen[0]?.method).toBe('PUT');
    expect(seen[0]?.url).toBe('/s3/unit-bucket/public/hello.txt?x-id=PutObject');
    expect(seen[0]?.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDUNIT\/\d{8}\/us-east-1\/s3\/aws4_request/);
  });
});
