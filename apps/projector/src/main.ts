import 'reflect-metadata';
import { ConsoleLogger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadConfigOrExit } from '@casebook/config';
import { ProjectorHealthModule } from './projector-health.js';
import { ProjectorModule } from './projector.module.js';

async function bootstrap(): Promise<void> {
  const config = loadConfigOrExit('projector', ['database']);
  const app = await NestFactory.createApplicationContext(ProjectorHealthModule.around(ProjectorModule.register(config)), {
    logger: new ConsoleLogger({ prefix: 'casebook-projector', json: process.env.NODE_ENV === 'production', logLevels: ['log', 'warn', 'error', 'fatal'] }),
  });
  app.enableShutdownHooks();
  await app.init();
}

void bootstrap();
