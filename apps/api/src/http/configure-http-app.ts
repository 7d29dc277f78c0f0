// Everything about the HTTP surface that is not a route: error format, OpenAPI, correlation
// ids, graceful shutdown. main.ts and the e2e tests both call it, so tests exercise the same app.
import { randomUUID } from 'node:crypto';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { BODY_LIMIT_BYTES, readJsonBody } from './json-body.js';
import { ProblemDetailsFilter } from './problem-details.filter.js';

export function createFastifyAdapter(): FastifyAdapter {
  return new FastifyAdapter({
    genReqId: () => randomUUID(),
    bodyLimit: BODY_LIMIT_BYTES,
  });
}

export function configureHttpApp(app: NestFastifyApplication): void {
  app.enableShutdownHooks();
  app.useGlobalFilters(new ProblemDetailsFilter());
  app.useBodyParser('application/json', { bodyLimit: BODY_LIMIT_BYTES }, (_request, body, done) => {
    try {
      done(null, readJsonBody(body));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onSend', async (request, reply) => {
    reply.header('x-correlation-id', request.headers['x-correlation-id'] ?? request.id);
  });
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Casebook API')
      .setDescription(
        'Record the milestones of Public Service Mutuals followed as longitudinal case studies, and read their timelines. ' +
          'Writes return an ETag (the record version); send it back as If-Match to refuse lost updates (409). ' +
          'Errors are application/problem+json (RFC 9457); bad input names each field and rule.',
      )
      .setVersion('1')
      .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'A token issued to a staff account, or ADMIN_TOKEN' })
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
}
