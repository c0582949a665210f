import { type ZodType, z } from 'zod';
import { ErrorBody } from './errors';

export type RouteDoc = {
  method: 'get' | 'post' | 'put' | 'delete';
  path: string;
  summary: string;
  auth?: boolean;
  json?: ZodType;
  /** multipart/form-data fields, each described in words. */
  multipart?: Record<string, string>;
  responses: Record<number, { description: string; schema?: ZodType }>;
};

const jsonSchema = (schema: ZodType, io: 'input' | 'output') => z.toJSONSchema(schema, { io, unrepresentable: 'any' });

/** Builds an OpenAPI 3.1 document from the same zod schemas the routes validate with. */
export function buildOpenApi(info: { title: string; version: string }, routes: RouteDoc[]) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const responses: Record<string, unknown> = {};
    for (const [status, res] of Object.entries(r.responses)) {
      const schema = res.schema ?? (Number(status) >= 400 ? ErrorBody : undefined);
      responses[status] = {
        description: res.description,
        ...(schema && { content: { 'application/json': { schema: jsonSchema(schema, 'output') } } }),
      };
    }
    const requestBody = r.json
      ? { required: true, content: { 'application/json': { schema: jsonSchema(r.json, 'input') } } }
      : r.multipart && {
          required: true,
          content: {
            'multipart/form-data': {
              schema: {
                type: 'object',
                properties: Object.fromEntries(
                  Object.entries(r.multipart).map(([k, description]) => [k, { type: 'string', description }]),
                ),
              },
            },
          },
        };
    const openApiPath = r.path.replace(/:(\w+)/g, '{$1}');
    paths[openApiPath] ??= {};
    paths[openApiPath][r.method] = {
      summary: r.summary,
      ...(r.auth && { security: [{ bearer: [] }] }),
      ...(requestBody && { requestBody }),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info,
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
    paths,
  };
}
