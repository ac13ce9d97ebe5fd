import {
  AbortMultipartUploadCommand,
  type CompletedPart,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  PutObjectCommand,
  type S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';

const MiB = 1024 * 1024;

/**
 * The size of part `n` (0-based): 8 MiB for the first thousand parts, doubling every thousand after,
 * so memory stays at two parts for usual sizes while S3's 10,000-part limit still reaches terabytes.
 */
const partSize = (n: number) => 8 * MiB * 2 ** Math.floor(n / 1000);

/**
 * Writes one object of unknown length: what fits in one part goes up with a single PutObject; a
 * longer stream becomes a multipart upload, one part in flight while the next one fills.
 */
export class S3ObjectWriter {
  private buffered: Buffer[] = [];
  private bufferedBytes = 0;
  private uploadId: string | undefined;
  private readonly parts: CompletedPart[] = [];
  private inFlight: Promise<void> | undefined;

  constructor(
    private readonly client: S3Client,
    private readonly target: { Bucket: string; Key: string },
  ) {}

  async add(chunk: Buffer): Promise<void> {
    this.buffered.push(chunk);
    this.bufferedBytes += chunk.length;
    if (this.bufferedBytes >= partSize(this.parts.length)) await this.flushPart();
  }

  async finish(): Promise<void> {
    if (this.uploadId === undefined) {
      const body = this.take();
      await this.client.send(new PutObjectCommand({ ...this.target, Body: body, ContentLength: body.length }));
      return;
    }
    if (this.bufferedBytes > 0) await this.flushPart();
    await this.inFlight;
    const Parts = this.parts.slice().sort((a, b) => (a.PartNumber ?? 0) - (b.PartNumber ?? 0));
    await this.client.send(new CompleteMultipartUploadCommand({ ...this.target, UploadId: this.uploadId, MultipartUpload: { Parts } }));
  }

  /** after a failure: the store keeps no parts (S3 bills for parts of an upload left open) */
  async abort(): Promise<void> {
    await this.inFlight?.catch(() => {});
    if (this.uploadId === undefined) return;
    await this.client.send(new AbortMultipartUploadCommand({ ...this.target, UploadId: this.uploadId })).catch(() => {});
  }

  private async flushPart(): Promise<void> {
    await this.inFlight; // at most one part on the wire while the next fills
    this.uploadId ??= (await this.client.send(new CreateMultipartUploadCommand(this.target))).UploadId;
    const body = this.take();
    const entry: CompletedPart = { PartNumber: this.parts.length + 1 };
    this.parts.push(entry);
    this.inFlight = this.client
      .send(
        new UploadPartCommand({
          ...this.target,
          UploadId: this.uploadId,
          PartNumber: entry.PartNumber,
          Body: body,
          ContentLength: body.length,
        }),
      )
      .then((r) => {
        entry.ETag = r.ETag;
      });
    // a failed part must surface at the next await, not as an unhandled rejection
    this.inFlight.catch(() => {});
  }

  private take(): Buffer {
    const body = Buffer.concat(this.buffered, this.bufferedBytes);
    this.buffered = [];
    this.bufferedBytes = 0;
    return body;
  }
}
