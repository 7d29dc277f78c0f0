import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadConfigOrExit } from '@casebook/config';
import { logSettingsOrExit } from '@casebook/logging';
import { ApiModule } from './app.module.js';
import { HTTP_APP_OPTIONS, configureHttpApp, createFastifyAdapter } from './http/configure-http-app.js';

async function bootstrap(): Promise<void> {
  const config = loadConfigOrExit('api', ['database', 'redis']);
  const logs = logSettingsOrExit('api', config);
  // Lines of the start-up wait for the pino logger (configureHttpApp installs it) rather than
  // going out in Nest's own format.
  const app = await NestFactory.create<NestFastifyApplication>(ApiModule.register(config, logs), createFastifyAdapter(), {
    ...HTTP_APP_OPTIONS,
    bufferLogs: true,
  });
  await configureHttpApp(app);
  await app.listen(config.http.port, config.http.host);
  Logger.log(`API listening on ${await app.getUrl()}`, 'Bootstrap');
}

void bootstrap();
