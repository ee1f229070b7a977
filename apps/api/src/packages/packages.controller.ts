import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Put, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsNumber, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import type { FastifyRequest } from 'fastify';
import type { PackageCommit, PackageCommitResult, PackageLaunch, PackageView } from '@dx/contract';
import type { AuthUser } from '../common/auth-user';
import { Allow, CurrentUser } from '../common/decorators';
import { FiscalYearQuery, fiscalYearFrom } from '../common/fiscal-year-query';
import { Problem } from '../common/problem';
import { textFieldErrors } from '../common/request-guard';
import { ContentServer } from './content-server';
import { PackageRuntimeService } from './package-runtime.service';
import { MAX_PACKAGE_BYTES, PackagesService } from './packages.service';

const FILE_BODY = {
  schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } }, required: ['file'] },
};

/** 研修管理: uploading an e-learning package (SCORM zip) before a module of kind `package` names it. */
@ApiTags('catalogue-admin')
@ApiBearerAuth()
@Allow('catalogue.edit')
@Controller('catalogue/packages')
export class PackagesAdminController {
  constructor(private readonly packages: PackagesService) {}

  /** Streams the zip to disk, checks it and its manifest, expands it: 201 with what the manifest says. */
  @Post()
  @HttpCode(201)
  @ApiConsumes('multipart/form-data')
  @ApiBody(FILE_BODY)
  async upload(@CurrentUser() user: AuthUser, @Req() request: FastifyRequest): Promise<PackageView> {
    if (!request.isMultipart()) {
      throw new Problem(
        415,
        'not-multipart',
        '形式が違います',
        '教材パッケージのZIPファイルを multipart/form-data の file 項目で送ってください。',
      );
    }
    const part = await request.file({ limits: { fileSize: MAX_PACKAGE_BYTES, files: 1 } });
    if (!part || part.fieldname !== 'file') {
      part?.file.resume();
      throw new Problem(400, 'no-file', 'ファイルがありません', 'file 項目でZIPファイルを送ってください。');
    }
    const refused = textFieldErrors({ file: part.filename });
    if (refused.length > 0) {
      part.file.resume();
      throw Problem.validation(refused);
    }
    return this.packages.upload(user, part.filename, part.file);
  }

  @Get(':id')
  find(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number): Promise<PackageView> {
    return this.packages.find(user.tenantId, id);
  }
}

class LaunchQuery extends FiscalYearQuery {
  @ApiPropertyOptional({ description: '起動するSCOの identifier（省略時は未完了の最初のSCO）' })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  sco?: string;
}

const STATUS_12 = ['passed', 'completed', 'failed', 'incomplete', 'browsed', 'not attempted'];
const COMPLETION = ['completed', 'incomplete', 'not attempted', 'unknown'];
const SUCCESS = ['passed', 'failed', 'unknown'];
const optionalNumber = ({ value }: { value: unknown }) => (value === null ? undefined : value);

/** What the app frame commits of a SCO's data model (PackageCommit). */
class PackageCommitDto implements PackageCommit {
  @IsOptional()
  @IsIn(STATUS_12, { message: 'lessonStatus は SCORM 1.2 の cmi.core.lesson_status の値です。' })
  lessonStatus?: string;

  @IsOptional()
  @IsIn(COMPLETION, { message: 'completionStatus は cmi.completion_status の値です。' })
  completionStatus?: string;

  @IsOptional()
  @IsIn(SUCCESS, { message: 'successStatus は cmi.success_status の値です。' })
  successStatus?: string;

  @IsOptional()
  @Transform(optionalNumber)
  @IsNumber({}, { message: 'scoreRaw は数値です。' })
  @Min(-1e6)
  @Max(1e6)
  scoreRaw?: number;

  @IsOptional()
  @Transform(optionalNumber)
  @IsNumber({}, { message: 'scoreScaled は −1〜1 の数値です。' })
  @Min(-1, { message: 'scoreScaled は −1〜1 の数値です。' })
  @Max(1, { message: 'scoreScaled は −1〜1 の数値です。' })
  scoreScaled?: number;

  @IsOptional()
  @IsString()
  @Matches(/^(\d{2,4}:\d{2}:\d{2}(\.\d{1,2})?|P[\dYMDTHS.]*)$/, { message: 'sessionTime の形式が違います。' })
  sessionTime?: string;

  @IsOptional()
  @IsString()
  @MaxLength(64000, { message: 'suspendData は64,000文字までです。' })
  suspendData?: string;

  @IsOptional()
  @IsString()
  @MaxLength(1000, { message: 'location は1,000文字までです。' })
  location?: string;

  @IsOptional()
  @IsString()
  @MaxLength(20)
  exit?: string;
}

/** A learner playing a package module of their own course: the launch address and the run-time commits. */
@ApiTags('learning')
@ApiBearerAuth()
@Allow('learning.own')
@Controller('me/courses/:courseCode/modules/:moduleId')
export class PackageRuntimeController {
  constructor(
    private readonly runtime: PackageRuntimeService,
    private readonly content: ContentServer,
  ) {}

  @Post('package-launch')
  @HttpCode(200)
  launch(
    @CurrentUser() user: AuthUser,
    @Param('courseCode') code: string,
    @Param('moduleId', ParseIntPipe) moduleId: number,
    @Query() query: LaunchQuery,
    @Req() request: FastifyRequest,
  ): Promise<PackageLaunch> {
    // The app's origin as this learner's browser reached it (the only frame that may embed and hear the content).
    const app = `${request.protocol}://${request.host}`;
    return this.runtime.launch(user, code, moduleId, fiscalYearFrom(query), query.sco, {
      app,
      content: this.content.originFor(app),
    });
  }

  @Put('package-runtime/:scoId')
  commit(
    @CurrentUser() user: AuthUser,
    @Param('courseCode') code: string,
    @Param('moduleId', ParseIntPipe) moduleId: number,
    @Param('scoId') scoId: string,
    @Query() query: FiscalYearQuery,
    @Body() body: PackageCommitDto,
  ): Promise<PackageCommitResult> {
    return this.runtime.commit(user, code, moduleId, fiscalYearFrom(query), scoId, body);
  }
}
