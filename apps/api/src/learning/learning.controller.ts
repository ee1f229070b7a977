import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiConsumes, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsInt, ValidateNested } from 'class-validator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CourseDetail, QuizAttemptView, QuizResult } from '@dx/contract';
import { renderCertificatePdf } from '../certificates/certificate-pdf';
import type { AuthUser } from '../common/auth-user';
import { Allow, CurrentUser } from '../common/decorators';
import { FiscalYearQuery, fiscalYearFrom } from '../common/fiscal-year-query';
import { Problem } from '../common/problem';
import { textFieldErrors } from '../common/request-guard';
import { AppConfig } from '../config/app-config';
import { LearningService, SubmittedFile } from './learning.service';
import { CertificatesService } from './certificates.service';

class QuizAnswerDto {
  @IsInt()
  questionId: number;

  @IsArray()
  @ArrayMaxSize(20)
  @IsInt({ each: true })
  choiceIds: number[];
}

class QuizSubmissionDto {
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => QuizAnswerDto)
  answers: QuizAnswerDto[];
}

@ApiTags('learning')
@ApiBearerAuth()
@Allow('learning.own')
@Controller('me')
export class LearningController {
  constructor(
    private readonly learning: LearningService,
    private readonly certificates: CertificatesService,
    private readonly config: AppConfig,
  ) {}

  @Get('courses/:courseCode')
  course(
    @CurrentUser() user: AuthUser,
    @Param('courseCode') code: string,
    @Query() query: FiscalYearQuery,
  ): Promise<CourseDetail> {
    return this.learning.courseDetail(user, code, fiscalYearFrom(query));
  }

  @Post('courses/:courseCode/modules/:moduleId/complete')
  @HttpCode(200)
  complete(
    @CurrentUser() user: AuthUser,
    @Param('courseCode') code: string,
    @Param('moduleId', ParseIntPipe) moduleId: number,
    @Query() query: FiscalYearQuery,
  ): Promise<CourseDetail> {
    return this.learning.completeLesson(user, code, moduleId, fiscalYearFrom(query));
  }

  @Post('courses/:courseCode/modules/:moduleId/quiz-attempts')
  @HttpCode(200)
  startQuiz(
    @CurrentUser() user: AuthUser,
    @Param('courseCode') code: string,
    @Param('moduleId', ParseIntPipe) moduleId: number,
    @Query() query: FiscalYearQuery,
  ): Promise<QuizAttemptView> {
    return this.learning.startQuiz(user, code, moduleId, fiscalYearFrom(query));
  }

  @Post('quiz-attempts/:attemptId/submit')
  @HttpCode(200)
  submitQuiz(
    @CurrentUser() user: AuthUser,
    @Param('attemptId', ParseIntPipe) attemptId: number,
    @Body() body: QuizSubmissionDto,
  ): Promise<QuizResult> {
    return this.learning.submitQuiz(user, attemptId, body);
  }

  @Post('courses/:courseCode/modules/:moduleId/submission')
  @ApiConsumes('multipart/form-data')
  @HttpCode(200)
  async submitAssignment(
    @CurrentUser() user: AuthUser,
    @Param('courseCode') code: string,
    @Param('moduleId', ParseIntPipe) moduleId: number,
    @Query() query: FiscalYearQuery,
    @Req() request: FastifyRequest,
  ): Promise<CourseDetail> {
    if (!request.isMultipart()) {
      throw new Problem(
        415,
        'not-multipart',
        '形式が違います',
        '課題は multipart/form-data（text と file）で提出してください。',
      );
    }
    let text = '';
    let file: SubmittedFile | null = null;
    try {
      for await (const part of request.parts({ limits: { fileSize: 20 * 1024 * 1024, files: 1 } })) {
        if (part.type === 'file' && part.fieldname === 'file') {
          const bytes = await part.toBuffer();
          if (bytes.length > 0) file = { fileName: part.filename, bytes };
        } else if (part.type === 'field' && part.fieldname === 'text') {
          text = String(part.value ?? '');
        }
      }
    } catch (error) {
      if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
        throw new Problem(413, 'file-too-large', 'ファイルが大きすぎます', '添付ファイルが大きすぎます。');
      }
      throw error;
    }
    // Multipart fields never pass the JSON request guard: the same rule for their text here.
    const refused = textFieldErrors(file ? { text, file: file.fileName } : { text });
    if (refused.length > 0) throw Problem.validation(refused);
    return this.learning.submitAssignment(user, code, moduleId, fiscalYearFrom(query), text, file);
  }

  @Get('courses/:courseCode/certificate.pdf')
  async certificate(
    @CurrentUser() user: AuthUser,
    @Param('courseCode') code: string,
    @Query() query: FiscalYearQuery,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    // The verification link comes from the configuration, never from the request's Host header (which anyone sets).
    const content = await this.certificates.contentFor(
      user,
      code,
      fiscalYearFrom(query),
      this.config.PUBLIC_URL.replace(/\/+$/, ''),
    );
    const pdf = await renderCertificatePdf(content);
    const fileName = `修了証_${content.courseTitle}_${content.completedOn}.pdf`;
    void reply
      .header('content-type', 'application/pdf')
      .header('cache-control', 'no-store')
      .header(
        'content-disposition',
        `attachment; filename="certificate.pdf"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
      )
      .send(pdf);
  }
}
