/** S3's error code as the SDK reports it, with the HTTP status: what a script author sees. */
export async function s3Error(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'no error';
  } catch (e) {
    const err = e as { name: string; $metadata?: { httpStatusCode?: number } };
    return `${err.$metadata?.httpStatusCode} ${err.name}`;
  }
}

/** The error's name (S3's code, as `aws-amplify/storage` reports it), or 'no error'. */
export async function errorName(p: PromiseLike<unknown>): Promise<string> {
  try {
    await p;
    return 'no error';
  } catch (e) {
    return (e as Error).name;
  }
}
