import { Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import type { FastifyInstance } from 'fastify';
import { WriteModelModule } from '@casebook/write-model';
import { readFormsOn } from './form-body.js';
import { FailedUnsubscribeAttempts, UnsubscribeLinks } from './unsubscribe-link.js';
import { UnsubscribePageFilter } from './unsubscribe-page.filter.js';
import { UnsubscribeController } from './unsubscribe.http.controller.js';

/**
 * The unsubscribe page of reminder emails, the second public way in beside the calendar feeds:
 * its signed link is the credential. The reminders worker signs the links (libs/reminders).
 */
@Module({
  imports: [CqrsModule, WriteModelModule],
  controllers: [UnsubscribeController],
  providers: [UnsubscribeLinks, FailedUnsubscribeAttempts, UnsubscribePageFilter],
})
export class UnsubscribeModule implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  /** Before the server starts listening, when Fastify still takes content-type parsers. */
  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    if (fastify) readFormsOn(fastify, '/unsubscribe/');
  }
}
