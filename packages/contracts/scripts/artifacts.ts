import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { TSchema } from '@sinclair/typebox';
import type { JsonSchema } from '../src/compat';
import { CreateOrderRequest } from '../src/http/create-order-request';
import { registeredVersions } from '../src/registry';
import { buildAsyncApi } from './asyncapi';

/** packages/contracts, where the committed artifacts live. */
export const packageRoot = resolve(__dirname, '..');

/** Folder of the committed JSON Schema files, relative to the package root. */
export const schemasDir = 'schemas';

/** Path of the committed AsyncAPI document, relative to the package root. */
export const asyncApiFile = 'asyncapi.json';

/** The plain JSON Schema of a TypeBox schema: the round trip drops TypeBox's symbol-keyed metadata. */
export function toJsonSchema(schema: TSchema): JsonSchema {
  return JSON.parse(JSON.stringify(schema)) as JsonSchema;
}

/** Every JSON Schema file that must be committed, by path relative to the package root. */
export function schemaDocuments(): Map<string, JsonSchema> {
  const documents = new Map<string, JsonSchema>();
  for (const { name, version, schema } of registeredVersions()) {
    documents.set(join(schemasDir, name, `v${version}.json`), withHeader(`urn:ecom:event:${name}:v${version}`, schema));
  }
  documents.set(join(schemasDir, 'http', 'create-order-request.json'), withHeader('urn:ecom:http:create-order-request', CreateOrderRequest));
  return documents;
}

/** Every generated file (schemas and the AsyncAPI document) with its exact text. */
export function expectedFiles(): Map<string, string> {
  const files = new Map<string, string>();
  for (const [path, document] of schemaDocuments()) files.set(path, render(document));
  const { version } = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version: string };
  files.set(asyncApiFile, render(buildAsyncApi(version)));
  return files;
}

/** Stable text form, so a regenerated file only shows up in a diff when its content changed. */
export function render(document: unknown): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}

function withHeader(id: string, schema: TSchema): JsonSchema {
  return { $schema: 'http://json-schema.org/draft-07/schema#', $id: id, ...toJsonSchema(schema) };
}
