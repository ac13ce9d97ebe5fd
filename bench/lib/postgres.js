/** A throw-away schema per run on the benchmark PostgreSQL, reached through the pg package. */
import pg from 'pg';

export const DEFAULT_PG_URL = 'postgres://postgres@127.0.0.1:5432/test';

async function withClient(baseUrl, fn) {
  const client = new pg.Client({ connectionString: baseUrl, connectionTimeoutMillis: 3000, statement_timeout: 10_000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Creates the schema; returns the URL the sandbox gets, or throws with the reason PG is unusable. */
export async function createSchema(baseUrl, schema) {
  await withClient(baseUrl, (c) => c.query(`create schema "${schema}"`));
  const sep = baseUrl.includes('?') ? '&' : '?';
  return `${baseUrl}${sep}options=-c%20search_path%3D${schema}`;
}

export async function dropSchema(baseUrl, schema) {
  await withClient(baseUrl, (c) => c.query(`drop schema if exists "${schema}" cascade`));
}
