import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { loadConfigOrExit } from '@casebook/config';
import { logSettingsOrExit } from '@casebook/logging';
import { RemindersHealthModule } from './reminders-health.js';
import { RemindersModule } from './reminders.module.js';

async function bootstrap(): Promise<void> {
  const config = loadConfigOrExit('reminders', ['database', 'redis', 'smtp', 'unsubscribe']);
  const logs = logSettingsOrExit('reminders', config);
  const app = await NestFactory.createApplicationContext(RemindersHealthModule.around(RemindersModule.register(config, undefined, logs)), {
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  await app.init();
}

void bootstrap();
