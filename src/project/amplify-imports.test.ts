import { expect, it } from 'vitest';
import { importedNames, namespaceMembers, withOwnPaths } from './amplify-imports.js';

it('reads the names a file imports from a package, in ESM and CommonJS forms', () => {
  const src = `import { defineBackend, referenceAuth as ref, type Backend } from '@aws-amplify/backend';
import type { ClientSchema } from '@aws-amplify/backend';
const { defineFunction } = require('@aws-amplify/backend');
import { a } from '@aws-amplify/backend-data';`;
  expect(importedNames(src, '@aws-amplify/backend')).toEqual([
    'defineBackend',
    'referenceAuth',
    'Backend',
    'ClientSchema',
    'defineFunction',
  ]);
  expect(importedNames(src, '@aws-amplify/backend-data')).toEqual(['a']);
});

it('reads the members used through a namespace import or a required module', () => {
  const src = `import * as sns from 'aws-cdk-lib/aws-sns';
const cdk = require('aws-cdk-lib');
new sns.Topic(stack, 'T'); sns.Subscription; cdk.Stack.of(x); other.sns.Nope;`;
  expect(namespaceMembers(src, 'aws-cdk-lib/aws-sns')).toEqual(['Topic', 'Subscription']);
  expect(namespaceMembers(src, 'aws-cdk-lib')).toEqual(['Stack']);
});

it('gives a user file its own import.meta.url and __dirname, unless it declares __dirname itself', () => {
  const file = '/app/amplify/functions/f/resource.ts';
  expect(withOwnPaths('const dir = path.dirname(fileURLToPath(import.meta.url));', file)).toBe(
    'const dir = path.dirname(fileURLToPath("file:///app/amplify/functions/f/resource.ts"));',
  );
  expect(withOwnPaths("entry: path.join(__dirname, 'handler.ts'), file: __filename", file)).toBe(
    `entry: path.join("/app/amplify/functions/f", 'handler.ts'), file: "/app/amplify/functions/f/resource.ts"`,
  );
  const declares = 'const __dirname = path.dirname(fileURLToPath(import.meta.url));\nconst e = path.join(__dirname, "h.ts");';
  expect(withOwnPaths(declares, file)).toBe(
    'const __dirname = path.dirname(fileURLToPath("file:///app/amplify/functions/f/resource.ts"));\nconst e = path.join(__dirname, "h.ts");',
  );
  expect(withOwnPaths("log('__dirname'); x.__dirname;", file)).toBe("log('__dirname'); x.__dirname;");
});
