// Idempotency-Key on writes: the first request with a key runs and its answer is kept; a retry
// with the same key and the same request gets that answer again (Idempotent-Replayed: true)
// and records nothing. Routes opt in with @Idempotent(); token-issuing routes do not, so that
// no token is ever kept in plain text.
import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor, SetMetadata, applyDecorators } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import { Reflector } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import { type Observable, from, lastValueFrom } from 'rxjs';
import type { DataSource } from 'typeorm';
import { ValidationFailed } from '@casebook/domain';
import type { Principal } from '../auth/principal.js';
import { IdempotencyConflict } from './idempotency-errors.js';

const IDEMPOTENT = 'casebook:idempotent';
/** Opts a route in, and documents the header on it, so every idempotent route says so. */
export const Idempotent = () =>
  applyDecorators(
    SetMetadata(IDEMPOTENT, true),
    ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Retrying with the same key returns the first answer and records nothing twice' }),
  );

/** An in-progress claim older than this is taken over: its process is presumed dead. */
const STALE_AFTER_MS = 60_000;
const REPLAYED_HEADERS = ['etag', 'location'];

interface Stored {
  fingerprint: string;
  state: 'in-progress' | 'done';
  status: number | null;
  body: unknown;
  headers: Record<string, string> | null;
  stale: boolean;
}

@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<FastifyRequest & { principal?: Principal }>();
    const header = request.headers['idempotency-key'];
    if (header === undefined || !this.reflector.getAllAndOverride<boolean>(IDEMPOTENT, [context.getHandler(), context.getClass()])) {
      return next.handle();
    }
    return from(this.handle(context, request, header, next));
  }

  private async handle(context: ExecutionContext, request: FastifyRequest & { principal?: Principal }, header: string | string[], next: CallHandler) {
    const key = Array.isArray(header) ? header.join(',') : header;
    if (!/^[\x21-\x7e]{1,255}$/.test(key)) {
      throw new ValidationFailed([{ field: 'Idempotency-Key', rule: 'token', message: 'Idempotency-Key must be 1 to 255 printable characters without spaces' }]);
    }
    const accountId = request.principal?.accountId ?? 'anonymous';
    const fingerprint = createHash('sha256').update(`${request.method} ${request.url}\n${JSON.stringify(request.body ?? null)}`).digest('hex');
    const reply = context.switchToHttp().getResponse<FastifyReply>();

    const claimed = await this.dataSource.query(
      `INSERT INTO api.idempotency_keys (account_id, key, fingerprint, state) VALUES ($1, $2, $3, 'in-progress')
       ON CONFLICT (account_id, key) DO NOTHING RETURNING key`,
      [accountId, key, fingerprint],
    );
    if (claimed.length === 0) {
      const [stored] = (await this.dataSource.query(
        `SELECT fingerprint, state, status, body, headers, updated_at < now() - make_interval(secs => $3) AS stale
           FROM api.idempotency_keys WHERE account_id = $1 AND key = $2`,
        [accountId, key, STALE_AFTER_MS / 1000],
      )) as Stored[];
      if (stored.fingerprint !== fingerprint) {
        throw new IdempotencyConflict('mismatch', 'This Idempotency-Key was used for a different request; use a new key');
      }
      if (stored.state === 'done') {
        for (const [name, value] of Object.entries(stored.headers ?? {})) void reply.header(name, value);
        void reply.header('idempotent-replayed', 'true');
        return stored.body;
      }
      if (!stored.stale) throw new IdempotencyConflict('in-progress', 'A request with this Idempotency-Key is still being handled; retry shortly');
      // A claim left by a process that died: run again. Ids derived from the key make the
      // event store recognise whatever that run had already appended.
      await this.dataSource.query(`UPDATE api.idempotency_keys SET updated_at = now() WHERE account_id = $1 AND key = $2`, [accountId, key]);
    }

    try {
      const body = await lastValueFrom(next.handle(), { defaultValue: undefined });
      const headers = Object.fromEntries(
        REPLAYED_HEADERS.map((name) => [name, reply.getHeader(name)]).filter(([, value]) => typeof value === 'string'),
      );
      await this.dataSource.query(
        `UPDATE api.idempotency_keys SET state = 'done', status = $3, body = $4, headers = $5, updated_at = now()
          WHERE account_id = $1 AND key = $2`,
        [accountId, key, reply.statusCode, JSON.stringify(body ?? null), JSON.stringify(headers)],
      );
      return body;
    } catch (error) {
      // Nothing was recorded, so the key is free for a corrected retry.
      await this.dataSource.query(`DELETE FROM api.idempotency_keys WHERE account_id = $1 AND key = $2`, [accountId, key]);
      throw error;
    }
  }
}
