import 'reflect-metadata';
import { ConsoleLogger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadConfigOrExit } from '@casebook/config';
import { RemindersHealthModule } from './reminders-health.js';
import { RemindersModule } from './reminders.module.js';

async function bootstrap(): Promise<void> {
  const config = loadConfigOrExit('reminders', ['database', 'redis', 'smtp']);
  const app = await NestFactory.createApplicationContext(RemindersHealthModule.around(RemindersModule.register(config)), {
    logger: new ConsoleLogger({ prefix: 'casebook-reminders', json: process.env.NODE_ENV === 'production', logLevels: ['log', 'warn', 'error', 'fatal'] }),
  });
  app.enableShutdownHooks();
  await app.init();
}

void bootstrap();
