import type { INestApplication } from '@nestjs/common';
import express, { type NextFunction, type Request, type Response } from 'express';

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

function problem(res: Response, statusCode: number, error: string, message: string): void {
  res.status(statusCode).json({ statusCode, error, message });
}

/**
 * JSON bodies only, with clear errors: 415 for another content type, 413 above `limit`,
 * 400 for malformed JSON. Express's default would answer these with an HTML page.
 */
export function installJsonBody(app: INestApplication, limit: string): void {
  app.use((req: Request, res: Response, next: NextFunction) => {
    // A command without a body (POST /orders/:id/cancel) needs no content type.
    const empty = req.headers['transfer-encoding'] === undefined && Number(req.headers['content-length'] ?? 0) === 0;
    if (BODY_METHODS.has(req.method) && !(empty && req.path.endsWith('/cancel')) && !req.is('application/json')) {
      return problem(res, 415, 'Unsupported Media Type', 'Content-Type must be application/json');
    }
    next();
  });
  app.use(express.json({ limit }));
  app.use((error: { type?: string; message?: string }, _req: Request, res: Response, next: NextFunction) => {
    if (error.type === 'entity.too.large') return problem(res, 413, 'Payload Too Large', `request body exceeds ${limit}`);
    if (error.type === 'entity.parse.failed') return problem(res, 400, 'Bad Request', `request body is not valid JSON: ${error.message}`);
    if (error.type === 'encoding.unsupported' || error.type === 'charset.unsupported') {
      return problem(res, 415, 'Unsupported Media Type', error.message ?? 'unsupported encoding');
    }
    next(error);
  });
}
