// What every write route does alike. Its answer's headers: the ETag (the record's version) and,
// for a record created, its Location. And the Idempotency-Key: the first request with a key runs
// and its answer is kept; a retry with the same key and the same request gets that answer again
// (Idempotent-Replayed: true) and records nothing. A secret in an answer (a token) is never
// kept, so its replay leaves it out.
import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import { type Observable, from, lastValueFrom, map } from 'rxjs';
import type { DataSource } from 'typeorm';
import { ValidationFailed } from '@casebook/domain';
import type { Principal } from '../auth/principal.js';
import { IdempotencyConflict } from './idempotency-errors.js';
import { WRITE_ROUTE, type WriteAnswerData, type WriteRouteOptions } from './write-route.js';
import { etagFor } from '../http/if-match.js';

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
export class WriteRouteInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const route = this.reflector.get<WriteRouteOptions | undefined>(WRITE_ROUTE, context.getHandler());
    if (!route) return next.handle();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    const answered = next.handle().pipe(map((body: WriteAnswerData) => withHeaders(route, reply, body)));
    const request = context.switchToHttp().getRequest<FastifyRequest & { principal?: Principal }>();
    const header = request.headers['idempotency-key'];
    if (header === undefined) return answered;
    return from(this.idempotently(route, request, reply, header, answered));
  }

  private async idempotently(
    route: WriteRouteOptions,
    request: FastifyRequest & { principal?: Principal },
    reply: FastifyReply,
    header: string | string[],
    answered: Observable<WriteAnswerData>,
  ) {
    const key = Array.isArray(header) ? header.join(',') : header;
    if (!/^[\x21-\x7e]{1,255}$/.test(key)) {
      throw new ValidationFailed([
        { field: 'Idempotency-Key', rule: 'token', message: 'Idempotency-Key must be 1 to 255 printable characters without spaces' },
      ]);
    }
    const accountId = request.principal?.accountId ?? 'anonymous';
    const fingerprint = createHash('sha256')
      .update(`${request.method} ${request.url}\n${JSON.stringify(request.body ?? null)}`)
      .digest('hex');

    const claimed: unknown[] = await this.dataSource.query(
      `INSERT INTO api.idempotency_keys (account_id, key, fingerprint, state) VALUES ($1, $2, $3, 'in-progress')
       ON CONFLICT (account_id, key) DO NOTHING RETURNING key`,
      [accountId, key, fingerprint],
    );
    if (claimed.length === 0) {
      const [stored]: Stored[] = await this.dataSource.query(
        `SELECT fingerprint, state, status, body, headers, updated_at < now() - make_interval(secs => $3) AS stale
           FROM api.idempotency_keys WHERE account_id = $1 AND key = $2`,
        [accountId, key, STALE_AFTER_MS / 1000],
      );
      if (stored.fingerprint !== fingerprint) {
        throw new IdempotencyConflict('mismatch', 'This Idempotency-Key was used for a different request; use a new key');
      }
      if (stored.state === 'done') {
        for (const [name, value] of Object.entries(stored.headers ?? {})) void reply.header(name, value);
        void reply.header('idempotent-replayed', 'true');
        return stored.body;
      }
      if (!stored.stale)
        throw new IdempotencyConflict('in-progress', 'A request with this Idempotency-Key is still being handled; retry shortly');
      // A claim left by a process that died: run again. Ids derived from the key make the
      // event store recognise whatever that run had already appended.
      await this.dataSource.query(`UPDATE api.idempotency_keys SET updated_at = now() WHERE account_id = $1 AND key = $2`, [
        accountId,
        key,
      ]);
    }

    try {
      const body: WriteAnswerData = await lastValueFrom(answered);
      const headers: Record<string, string> = {};
      for (const name of REPLAYED_HEADERS) {
        const value: unknown = reply.getHeader(name);
        if (typeof value === 'string') headers[name] = value;
      }
      await this.dataSource.query(
        `UPDATE api.idempotency_keys SET state = 'done', status = $3, body = $4, headers = $5, updated_at = now()
          WHERE account_id = $1 AND key = $2`,
        [
          accountId,
          key,
          reply.statusCode,
          JSON.stringify(route.secret ? { ...body, [route.secret]: null } : body),
          JSON.stringify(headers),
        ],
      );
      return body;
    } catch (error) {
      // Nothing was recorded, so the key is free for a corrected retry.
      await this.dataSource.query(`DELETE FROM api.idempotency_keys WHERE account_id = $1 AND key = $2`, [accountId, key]);
      throw error;
    }
  }
}

function withHeaders(route: WriteRouteOptions, reply: FastifyReply, body: WriteAnswerData): WriteAnswerData {
  void reply.header('etag', etagFor(body.version));
  if (route.location) void reply.header('location', route.location(body));
  return body;
}
