// Exports of a study's research data for R, SPSS and Stata: the data (CSV or NDJSON, streamed),
// its codebook and import scripts, at a level the account's role allows; and, for
// administrators, the audit of every export taken. Each export is recorded as an event before
// its first row is sent.
import { randomUUID } from 'node:crypto';
import { Param, Query, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyReply } from 'fastify';
import type { DataSource } from 'typeorm';
import {
  EXPORT_AUDIT_PAGE_SIZE,
  ExportAuditQuery,
  ExportLayoutQuery,
  ExportQuery,
  type ExportSelection,
  NotFound,
  ValidationFailed,
  assertMayExport,
  codebookOf,
  columnsAt,
  encodeExportAuditCursor,
  exportFileStem,
  includesFreeText,
  rImportScript,
  readBody,
  spssImportScript,
  stataImportScript,
} from '@casebook/domain';
import { formatPosition } from '@casebook/event-store';
import { Forbidden } from '../auth/auth-errors.js';
import { ApiController, ReadRoute } from '../http/api-routes.js';
import { nextPageLink } from '../http/next-page.js';
import type { PathParam } from '../http/path-ids.js';
import { Context, type RequestContext } from '../http/request-context.js';
import { StudyAccess } from '../studies/study-access.js';
import { WriteExport } from '@casebook/write-model';
import { CodebookResponse } from './codebook.response.dto.js';
import { GetExportAudit } from './export-audit/get-export-audit.query.js';
import { ExportAuditResponse } from './export-audit/export-audit.response.dto.js';
import { CONTENT_TYPES, exportBody } from './export-stream.js';
import type { ExportView } from './export-view.js';
import { EXPORT_VIEWS, EXPORT_VIEW_NAMES } from './export-views.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NOT_MEMBER = 'Not a member of the study, or the level asked for needs a higher role (the problem names the rule)';
const NO_STUDY = 'No study has this id';
const VIEW_PARAM: Record<string, PathParam> = {
  view: { description: 'The view to export; the codebook describes its columns', enum: EXPORT_VIEW_NAMES },
};

const codebookFor = (view: ExportView, studyId: string, selection: ExportSelection) =>
  codebookOf({ view: view.name, title: view.title, description: view.description, studyId, columns: view.exportedColumns }, selection);

const SCRIPTS = {
  r: { extension: 'R', build: rImportScript },
  spss: { extension: 'sps', build: spssImportScript },
  stata: { extension: 'do', build: stataImportScript },
} as const;

@ApiController('exports', 'api/v1')
export class ExportsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly access: StudyAccess,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  @ReadRoute({
    path: 'studies/:studyId/exports/:view',
    summary: "A view of the study's research data as one file: CSV (a header row of the codebook's column names) or NDJSON",
    description:
      'Streamed as a download. Levels: deidentified (default) for every member of the study; full for researchers and administrators; personal (contacts’ names and emails) for administrators. ' +
      'Each export is recorded (DataExported) before any row is sent, and listed in GET /api/v1/exports; the answer names it in `X-Export-Id`, and `X-Export-Position` says where the record sits in the event store. ' +
      'The codebook and import scripts of the same view and level describe the file.',
    answer: String,
    produces: {
      'text/csv': 'format=csv: UTF-8, a header row of column names',
      'application/x-ndjson': 'format=ndjson: one JSON object a line',
    },
    query: ExportQuery,
    pathParams: VIEW_PARAM,
    forbidden: NOT_MEMBER,
    notFound: NO_STUDY,
  })
  async exportStudyData(
    @Param() params: Record<string, string>,
    @Query() query: Record<string, unknown>,
    @Context() context: RequestContext,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const { format = 'csv', caseId, ...layout } = readBody(ExportQuery, { ...query });
    const { studyId, view } = this.target(params);
    const { accountId, ...selection } = await this.allowed(context, studyId, layout);
    // Set only once nothing can fail any more, so a problem is never answered as a download.
    const download = () =>
      reply
        .header('content-type', CONTENT_TYPES[format])
        .header('content-disposition', `attachment; filename="${exportFileStem(view.name, studyId, selection.level)}.${format}"`);
    // A HEAD request is answered the headers alone: it takes no data, so nothing is exported or recorded.
    if (reply.request.method === 'HEAD') {
      void download().send();
      return;
    }
    const columns = columnsAt(view.exportedColumns, selection);
    const exportId = randomUUID();
    const filters: Record<string, string> = caseId === undefined ? {} : { caseId };
    const recorded = await this.commands.execute(
      new WriteExport(
        exportId,
        {
          type: 'RecordExport',
          data: {
            exportId,
            studyId,
            view: view.name,
            format,
            level: selection.level,
            freeText: includesFreeText(selection),
            filters,
            accountId,
          },
          now: context.now,
        },
        { correlationId: context.correlationId, causationId: context.causationId, recordedBy: accountId },
      ),
    );
    const body = await exportBody(
      this.dataSource,
      view.source({ studyId, today: context.now.slice(0, 10), ...(caseId !== undefined && { caseId }) }, { queries: this.queries }),
      columns,
      format,
    );
    // Whatever the compression or framework does on a closed socket, the cursor stops with it.
    reply.raw.once('close', () => {
      if (!body.readableEnded) body.destroy();
    });
    void download()
      .header('x-export-id', exportId)
      .header('x-export-position', recorded.position ? formatPosition(recorded.position) : '')
      .send(body);
  }

  @ReadRoute({
    path: 'studies/:studyId/exports/:view/codebook',
    summary:
      'The codebook of an export: every column at the level asked for, its type, allowed values and labels, and the milestone catalogue',
    answer: CodebookResponse,
    query: ExportLayoutQuery,
    pathParams: VIEW_PARAM,
    forbidden: NOT_MEMBER,
    notFound: NO_STUDY,
  })
  async getExportCodebook(
    @Param() params: Record<string, string>,
    @Query() query: Record<string, unknown>,
    @Context() context: RequestContext,
  ): Promise<CodebookResponse> {
    const { studyId, view, selection } = await this.layout(params, query, context);
    return codebookFor(view, studyId, selection) as CodebookResponse;
  }

  @ReadRoute({
    path: 'studies/:studyId/exports/:view/import.R',
    summary:
      'An R script that reads the CSV export at the same level: column classes, factors with their labels, dates and variable labels',
    answer: String,
    produces: { 'text/plain': 'An R script' },
    query: ExportLayoutQuery,
    pathParams: VIEW_PARAM,
    forbidden: NOT_MEMBER,
    notFound: NO_STUDY,
  })
  getExportRScript(
    @Param() params: Record<string, string>,
    @Query() query: Record<string, unknown>,
    @Context() context: RequestContext,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    return this.script('r', params, query, context, reply);
  }

  @ReadRoute({
    path: 'studies/:studyId/exports/:view/import.sps',
    summary: 'SPSS syntax that reads the CSV export at the same level: GET DATA, variable labels and value labels',
    answer: String,
    produces: { 'text/plain': 'SPSS syntax' },
    query: ExportLayoutQuery,
    pathParams: VIEW_PARAM,
    forbidden: NOT_MEMBER,
    notFound: NO_STUDY,
  })
  getExportSpssScript(
    @Param() params: Record<string, string>,
    @Query() query: Record<string, unknown>,
    @Context() context: RequestContext,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    return this.script('spss', params, query, context, reply);
  }

  @ReadRoute({
    path: 'studies/:studyId/exports/:view/import.do',
    summary:
      'A Stata do-file that reads the CSV export at the same level: import delimited, encoded value labels, dates and variable labels',
    answer: String,
    produces: { 'text/plain': 'A Stata do-file' },
    query: ExportLayoutQuery,
    pathParams: VIEW_PARAM,
    forbidden: NOT_MEMBER,
    notFound: NO_STUDY,
  })
  getExportStataScript(
    @Param() params: Record<string, string>,
    @Query() query: Record<string, unknown>,
    @Context() context: RequestContext,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    return this.script('stata', params, query, context, reply);
  }

  @ReadRoute({
    path: 'exports',
    summary:
      'Every export of research data: who took which view of which study, at which level and with which filters, and when; newest first',
    description: 'Follow `next` until it is absent: each export comes once, in a stable order, even while others are taken.',
    answer: ExportAuditResponse,
    query: ExportAuditQuery,
    role: 'admin',
  })
  async listExports(@Query() query: Record<string, unknown>): Promise<ExportAuditResponse> {
    const { limit = EXPORT_AUDIT_PAGE_SIZE.default, cursor, studyId, accountId } = readBody(ExportAuditQuery, { ...query });
    const filter = { ...(studyId && { studyId }), ...(accountId && { accountId }) };
    const { exports, nextCursor } = await this.queries.execute(new GetExportAudit(filter, limit, cursor));
    if (!nextCursor) return { exports };
    const encoded = encodeExportAuditCursor(nextCursor);
    return { exports, next: nextPageLink('/api/v1/exports', query, limit, encoded), nextCursor: encoded };
  }

  /** The study and view a path names: an id that is no UUID names no study, a view not listed is bad input. */
  private target(params: Record<string, string>): { studyId: string; view: ExportView } {
    const studyId = params.studyId ?? '';
    const view = EXPORT_VIEWS.find((candidate) => candidate.name === params.view);
    if (!view) {
      throw new ValidationFailed([{ field: 'view', rule: 'one-of', message: `must be one of: ${EXPORT_VIEW_NAMES.join(', ')}` }]);
    }
    if (!UUID.test(studyId)) throw new NotFound('study', 'with that id');
    return { studyId, view };
  }

  /** Access to the study from its stream, then whether the role may export at the level asked. */
  private async allowed(
    context: RequestContext,
    studyId: string,
    { level = 'deidentified', freeText }: { level?: ExportSelection['level']; freeText?: 'include' | 'exclude' },
  ): Promise<ExportSelection & { accountId: string }> {
    await this.access.assertCanRead(context, studyId);
    if (!context.principal) throw new Forbidden('Exports need a signed-in account');
    assertMayExport(context.principal.role, level);
    return { level, freeText: freeText === 'include', accountId: context.principal.accountId };
  }

  private async layout(params: Record<string, string>, query: Record<string, unknown>, context: RequestContext) {
    const layout = readBody(ExportLayoutQuery, { ...query });
    const { studyId, view } = this.target(params);
    const { level, freeText } = await this.allowed(context, studyId, layout);
    return { studyId, view, selection: { level, freeText } };
  }

  private async script(
    language: keyof typeof SCRIPTS,
    params: Record<string, string>,
    query: Record<string, unknown>,
    context: RequestContext,
    reply: FastifyReply,
  ): Promise<void> {
    const { studyId, view, selection } = await this.layout(params, query, context);
    const { extension, build } = SCRIPTS[language];
    const text = build(codebookFor(view, studyId, selection));
    void reply
      .header('content-type', 'text/plain; charset=utf-8')
      .header('content-disposition', `attachment; filename="${exportFileStem(view.name, studyId, selection.level)}.${extension}"`)
      .send(text);
  }
}
