import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { QueueBoard } from './queue-board.js';

/** Bull Board for administrators (queue-board.ts); mounted on Fastify by configureHttpApp. */
@Module({
  imports: [AuthModule],
  providers: [QueueBoard],
})
export class QueuesModule {}
