import 'reflect-metadata';
import { ConsoleLogger, Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadConfigOrExit } from '@casebook/config';
import { ApiModule } from './app.module.js';
import { HTTP_APP_OPTIONS, configureHttpApp, createFastifyAdapter } from './http/configure-http-app.js';

async function bootstrap(): Promise<void> {
  const config = loadConfigOrExit('api', ['database', 'redis']);
  const app = await NestFactory.create<NestFastifyApplication>(ApiModule.register(config), createFastifyAdapter(), {
    ...HTTP_APP_OPTIONS,
    logger: new ConsoleLogger({ prefix: 'casebook-api', json: process.env.NODE_ENV === 'production', logLevels: ['log', 'warn', 'error', 'fatal'] }),
  });
  await configureHttpApp(app);
  await app.listen(config.http.port, config.http.host);
  Logger.log(`API listening on ${await app.getUrl()}`, 'Bootstrap');
}

void bootstrap();
