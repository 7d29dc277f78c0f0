import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { loadConfigOrExit } from '@casebook/config';
import { logSettingsOrExit } from '@casebook/logging';
import { ProjectorHealthModule } from './projector-health.js';
import { ProjectorModule } from './projector.module.js';

async function bootstrap(): Promise<void> {
  const config = loadConfigOrExit('projector', ['database']);
  const logs = logSettingsOrExit('projector', config);
  const app = await NestFactory.createApplicationContext(ProjectorHealthModule.around(ProjectorModule.register(config, logs)), {
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  await app.init();
}

void bootstrap();
