// The OpenAPI pieces every service's document is built from: TypeBox schemas as JSON Schema (no
// second set of DTOs), the shared problem body, paging, and the health and metrics paths.
import type { INestApplication } from '@nestjs/common';
import { SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import type { TSchema } from '@sinclair/typebox';

type Json = Record<string, unknown>;

/** A TypeBox value is JSON Schema (2020-12, which OpenAPI 3.1 speaks); its symbol keys drop out. */
export const fromTypeBox = (schema: TSchema): Json => JSON.parse(JSON.stringify(schema)) as Json;

/** The body of every 4xx/5xx: Nest's, plus `errors` naming each bad field. */
const Problem = {
  type: 'object',
  properties: {
    statusCode: { type: 'integer' },
    error: { type: 'string' },
    message: { description: 'what went wrong' },
    errors: { type: 'array', items: { type: 'object', properties: { field: { type: 'string' }, message: { type: 'string' } } } },
  },
};

export const json = (description: string, schema: Json = { type: 'object' }) => ({ description, content: { 'application/json': { schema } } });
export const problem = (description: string) => json(description, { $ref: '#/components/schemas/Problem' });
export const queryParameter = (name: string, description: string, schema: Json = { type: 'string' }) => ({ name, in: 'query', required: false, description, schema });
export const pathParameter = (name: string, description: string, schema: Json = { type: 'string' }) => ({ name, in: 'path', required: true, description, schema });

/** `limit` and `offset` as every list endpoint reads them (parseLimitOffset / parsePage). */
export const pageParameters = [
  queryParameter('limit', 'page size, oldest first', { type: 'integer', minimum: 1, maximum: 1000, default: 100 }),
  queryParameter('offset', 'rows to skip', { type: 'integer', minimum: 0, default: 0 }),
];

/** A read endpoint that lists: a page of rows, or 400 naming the bad parameter. */
export const listOperation = (summary: string, parameters: Json[]) => ({
  summary,
  parameters: [...parameters, ...pageParameters],
  responses: { 200: json('a page of rows, oldest first', { type: 'array', items: { type: 'object' } }), 400: problem('a bad query parameter, named') },
});

/** The operations endpoints every service serves (OpsModule). */
const opsPaths = {
  '/health/live': { get: { tags: ['operations'], summary: 'the process answers', responses: { 200: json('alive') } } },
  '/health/ready': { get: { tags: ['operations'], summary: 'broker and database reachable', responses: { 200: json('ready'), 503: json('not ready, naming what is down') } } },
  '/metrics': { get: { tags: ['operations'], summary: 'Prometheus metrics', responses: { 200: { description: 'text exposition format', content: { 'text/plain': { schema: { type: 'string' } } } } } } },
};

export function serviceDocument(service: string, description: string, paths: Json, schemas: Json = {}): OpenAPIObject {
  return {
    openapi: '3.1.0',
    info: { title: service, version: '1', description },
    paths: { ...paths, ...opsPaths },
    components: { schemas: { Problem, ...schemas } },
  } as OpenAPIObject;
}

/** `GET /docs`: the interactive page; `GET /openapi.json`: the document (committed as openapi.json). */
export function installOpenApi(app: INestApplication, document: OpenAPIObject): void {
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'openapi.json', yamlDocumentUrl: 'openapi.yaml', customSiteTitle: `${document.info.title} API` });
}
