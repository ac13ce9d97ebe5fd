/**
 * amplify-js's client-side `uploadData` hashes its options with CRC32 through the browser's
 * `FileReader` before every multipart upload (storage/src/client/utils/readFile.ts), and Node 20
 * has no `FileReader`: in Node, any upload over 5 MB fails with "FileReader is not defined" on
 * Amazon S3 as on Hearth. A Node app needs this much of FileReader, as it needs a WebSocket for
 * subscriptions; the tests install it the way such an app would.
 */

type Handler = (() => void) | null;

class NodeFileReader {
  result: ArrayBuffer | null = null;
  error: Error | null = null;
  onload: Handler = null;
  onerror: Handler = null;
  onabort: Handler = null;

  readAsArrayBuffer(blob: Blob): void {
    blob.arrayBuffer().then(
      (b) => {
        this.result = b;
        this.onload?.();
      },
      (e: Error) => {
        this.error = e;
        this.onerror?.();
      },
    );
  }
}

/** Installs the FileReader above where there is none (Node); a browser's own is kept. */
export function installFileReader(): void {
  const g = globalThis as { FileReader?: unknown };
  g.FileReader ??= NodeFileReader;
}
