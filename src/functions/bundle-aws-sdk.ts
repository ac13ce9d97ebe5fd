import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Plugin } from 'esbuild';

/** `@aws-sdk/client-s3`, `@aws-sdk/lib-dynamodb/…`: the package part of an SDK import. */
const AWS_SDK = /^(@aws-sdk\/[^/]+)/;

/**
 * The AWS SDK for JavaScript v3, which Lambda's Node.js runtime provides without bundling
 * (https://docs.aws.amazon.com/lambda/latest/dg/lambda-nodejs.html#nodejs-sdk-included). A handler
 * importing `@aws-sdk/*` gets the app's copy when the app has one, else Hearth's own; when neither
 * has it, bundling fails with a message naming the package, instead of Node's
 * "Cannot find package" at the first invocation.
 */
export function awsSdkFromRuntime(o: { projectRoot: string; functionName: string }): Plugin {
  const hearth = createRequire(import.meta.url);
  return {
    name: 'hearth-aws-sdk',
    setup(b) {
      b.onResolve({ filter: AWS_SDK }, ({ path, importer }) => {
        const fromApp = createRequire(importer || join(o.projectRoot, 'package.json'));
        if (resolves(fromApp, path)) return { path, external: true };
        const own = resolves(hearth, path);
        if (own) return { path: pathToFileURL(own).href, external: true };
        const pkg = AWS_SDK.exec(path)?.[1] ?? path;
        return {
          errors: [
            {
              text: `function ${o.functionName} imports ${pkg}, which Lambda's runtime provides but neither your app nor Hearth has installed; run \`npm install ${pkg}\` in your app.`,
            },
          ],
        };
      });
    },
  };
}

function resolves(req: NodeJS.Require, path: string): string | undefined {
  try {
    return req.resolve(path);
  } catch {
    return undefined;
  }
}
