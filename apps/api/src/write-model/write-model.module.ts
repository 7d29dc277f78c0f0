import { Module } from '@nestjs/common';
import { Clock, SystemClock } from './clock.js';
import { DeciderRunner } from './decider-runner.js';

@Module({
  providers: [{ provide: Clock, useClass: SystemClock }, DeciderRunner],
  exports: [DeciderRunner, Clock],
})
export class WriteModelModule {}
