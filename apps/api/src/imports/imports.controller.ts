import { Controller, HttpCode, Post, Query, Req, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, Matches } from 'class-validator';
import type { FastifyRequest } from 'fastify';
import type {
  CompletionImportCounts,
  ImportResult,
  ImportResultWithChanges,
  OrgImportCounts,
  StaffImportCounts,
  UdemyImportCounts,
} from '@dx/contract';
import { parseDateInput, todayInTokyo } from '@dx/domain';
import type { AuthUser } from '../common/auth-user';
import { ISO_DATE, ISO_DATE_MESSAGE } from '../common/date-query';
import { Allow, CurrentUser } from '../common/decorators';
import { Problem } from '../common/problem';
import { CompletionImportService } from './completion-import.service';
import { ImportRunningRetryAfter } from './import-run';
import { OrgImportService } from './org-import.service';
import { StaffImportService } from './staff-import.service';
import { UdemyImportService } from './udemy-import.service';

export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

const booleanQuery = ({ value }: { value: unknown }) =>
  value === 'true' ? true : value === 'false' ? false : value;

class ImportQuery {
  @ApiPropertyOptional({ default: false, description: 'true: 反映せずに結果だけを返す' })
  @IsOptional()
  @Transform(booleanQuery)
  @IsBoolean({ message: 'dryRun は true または false で指定してください。' })
  dryRun = false;

  @ApiPropertyOptional({
    description: '基準日 YYYY-MM-DD（省略時は今日。2026/4/1 や全角数字も読み取ります）',
  })
  @IsOptional()
  // The same date forms as the files' date columns are read, then checked as YYYY-MM-DD.
  @Transform(({ value }) => (typeof value === 'string' ? (parseDateInput(value) ?? value) : value))
  @Matches(ISO_DATE, { message: ISO_DATE_MESSAGE })
  effectiveDate?: string;
}

class OrgImportQuery extends ImportQuery {
  @ApiPropertyOptional({
    default: false,
    description: '基準日に存在する所属の10%を超える廃止を伴う組織図を受け付ける',
  })
  @IsOptional()
  @Transform(booleanQuery)
  @IsBoolean({ message: 'allowMassClose は true または false で指定してください。' })
  allowMassClose = false;
}

class StaffImportQuery extends ImportQuery {
  @ApiPropertyOptional({ default: false, description: '在職者の10%を超える退職を伴う名簿を受け付ける' })
  @IsOptional()
  @Transform(booleanQuery)
  @IsBoolean({ message: 'allowMassLeave は true または false で指定してください。' })
  allowMassLeave = false;
}

const FILE_BODY = {
  schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } }, required: ['file'] },
};

@ApiTags('imports')
@ApiBearerAuth()
@Allow('imports.run')
@UseInterceptors(ImportRunningRetryAfter)
@Controller('imports')
export class ImportsController {
  constructor(
    private readonly orgImport: OrgImportService,
    private readonly staffImport: StaffImportService,
    private readonly completionImport: CompletionImportService,
    private readonly udemyImport: UdemyImportService,
  ) {}

  /** The Udemy Business user-course-activity CSV: completions of external modules; unmatched rows are kept. */
  @Post('udemy-business')
  @HttpCode(200)
  @ApiConsumes('multipart/form-data')
  @ApiBody(FILE_BODY)
  async udemyBusiness(
    @CurrentUser() actor: AuthUser,
    @Query() query: ImportQuery,
    @Req() request: FastifyRequest,
  ): Promise<ImportResult<UdemyImportCounts>> {
    const bytes = await readUploadedFile(request);
    return this.udemyImport.run({
      bytes,
      actor,
      dryRun: query.dryRun,
      effectiveDate: effectiveDateOf(query),
      ip: request.ip,
    });
  }

  @Post('completions')
  @HttpCode(200)
  @ApiConsumes('multipart/form-data')
  @ApiBody(FILE_BODY)
  async completions(
    @CurrentUser() actor: AuthUser,
    @Query() query: ImportQuery,
    @Req() request: FastifyRequest,
  ): Promise<ImportResult<CompletionImportCounts>> {
    const bytes = await readUploadedFile(request);
    return this.completionImport.run({
      bytes,
      actor,
      dryRun: query.dryRun,
      effectiveDate: effectiveDateOf(query),
      ip: request.ip,
    });
  }

  @Post('org-units')
  @HttpCode(200)
  @ApiConsumes('multipart/form-data')
  @ApiBody(FILE_BODY)
  async orgUnits(
    @CurrentUser() actor: AuthUser,
    @Query() query: OrgImportQuery,
    @Req() request: FastifyRequest,
  ): Promise<ImportResultWithChanges<OrgImportCounts>> {
    const bytes = await readUploadedFile(request);
    return this.orgImport.run({
      bytes,
      actor,
      dryRun: query.dryRun,
      effectiveDate: effectiveDateOf(query),
      allowMassClose: query.allowMassClose,
      ip: request.ip,
    });
  }

  @Post('staff')
  @HttpCode(200)
  @ApiConsumes('multipart/form-data')
  @ApiBody(FILE_BODY)
  async staff(
    @CurrentUser() actor: AuthUser,
    @Query() query: StaffImportQuery,
    @Req() request: FastifyRequest,
  ): Promise<ImportResultWithChanges<StaffImportCounts>> {
    const bytes = await readUploadedFile(request);
    return this.staffImport.run({
      bytes,
      actor,
      dryRun: query.dryRun,
      effectiveDate: effectiveDateOf(query),
      allowMassLeave: query.allowMassLeave,
      ip: request.ip,
    });
  }
}

function effectiveDateOf(query: ImportQuery): string {
  const date = query.effectiveDate ?? todayInTokyo();
  if (
    Number.isNaN(Date.parse(date + 'T00:00:00Z')) ||
    new Date(date + 'T00:00:00Z').toISOString().slice(0, 10) !== date
  ) {
    throw Problem.validation([
      { field: 'effectiveDate', message: `基準日「${date}」は存在しない日付です。` },
    ]);
  }
  return date;
}

/** The one `file` field of a multipart upload, at most 20 MB. */
export async function readUploadedFile(request: FastifyRequest): Promise<Uint8Array> {
  if (!request.isMultipart()) {
    throw new Problem(
      415,
      'not-multipart',
      '形式が違います',
      'CSVファイルを multipart/form-data の file 項目で送ってください。',
    );
  }
  const part = await request.file({ limits: { fileSize: MAX_IMPORT_BYTES, files: 1 } });
  if (!part || part.fieldname !== 'file') {
    throw new Problem(
      400,
      'file-missing',
      'ファイルがありません',
      'file 項目にCSVファイルを指定してください。',
    );
  }
  // Copied into one buffer of the request's size as it arrives, rather than kept in chunks and joined at the end
  // (twice the file in memory while six 20 MB uploads arrive at once).
  const declared = Number(request.headers['content-length']);
  let bytes = Buffer.allocUnsafe(
    Number.isSafeInteger(declared) && declared > 0 ? Math.min(declared, MAX_IMPORT_BYTES) : 1024 * 1024,
  );
  let length = 0;
  let tooLarge = false;
  for await (const chunk of part.file as AsyncIterable<Buffer>) {
    // The rest of a file over the limit is read to its end and dropped, so that the answer follows the whole request.
    tooLarge ||= part.file.truncated || length + chunk.length > MAX_IMPORT_BYTES;
    if (tooLarge) continue;
    if (length + chunk.length > bytes.length) {
      const grown = Buffer.allocUnsafe(
        Math.min(Math.max(bytes.length * 2, length + chunk.length), MAX_IMPORT_BYTES),
      );
      bytes.copy(grown, 0, 0, length);
      bytes = grown;
    }
    chunk.copy(bytes, length);
    length += chunk.length;
  }
  if (tooLarge || part.file.truncated) {
    throw new Problem(413, 'file-too-large', 'ファイルが大きすぎます', 'ファイルは20MB以下にしてください。');
  }
  return bytes.subarray(0, length);
}
