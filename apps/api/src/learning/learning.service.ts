import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomBytes, randomInt } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import type { CourseDetail, ModuleView, QuizAttemptView, QuizResult, QuizSubmission } from '@dx/contract';
import {
  dssLabel,
  sortDssCodes,
  drawQuestions,
  randomCertificateSerial,
  SERIAL_RANDOM_BYTES,
  gradeQuiz,
  QuizAnswerError,
  quizAnswerRevealOf,
  quizFeedback,
  revealsCorrectChoices,
  seededRandom,
  shuffled,
  validateAnswers,
  validityEnd,
} from '@dx/domain';
import type { AuthUser } from '../common/auth-user';
import { Problem } from '../common/problem';
import { detectUploadType } from './uploaded-file';
import { EnrollmentRow, toSummary } from '../enrolments/enrolment-queries';
import { EnrolmentReadsRepository } from '../enrolments/enrolment-reads.repository';
import { LearningRepository, type ModuleRow, recordModuleDone } from './learning.repository';
import { renderLessonMarkdown } from './markdown';

/** An uploaded file as received; its type is judged from the bytes, never from what the browser said. */
export interface SubmittedFile {
  fileName: string;
  bytes: Buffer;
}

const str = (value: unknown): string | null => (typeof value === 'string' && value ? value : null);

/** A learner working through their own assigned courses. Every call is scoped to the caller's enrolment. */
@Injectable()
export class LearningService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: LearningRepository,
    private readonly reads: EnrolmentReadsRepository,
  ) {}

  async enrollmentOf(
    user: AuthUser,
    courseCode: string,
    fiscalYear: number,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<EnrollmentRow> {
    if (user.staffId === null) throw Problem.notFound('職員として登録されていないため、研修はありません。');
    const row = await this.reads.findAssignmentOfPersonByCourse(
      manager,
      user.staffId,
      courseCode,
      fiscalYear,
    );
    if (!row) throw Problem.notFound(`研修「${courseCode}」は${fiscalYear}年度に割り当てられていません。`);
    return row;
  }

  async courseDetail(user: AuthUser, courseCode: string, fiscalYear: number): Promise<CourseDetail> {
    const enrollment = await this.enrollmentOf(user, courseCode, fiscalYear);
    const modules = await this.repository.findModulesWithProgress(user.tenantId, enrollment);
    const views = await Promise.all(modules.map((m) => this.moduleView(user.tenantId, enrollment.id, m)));
    const serial = enrollment.completed_on ? await this.ensureCertificate(user.tenantId, enrollment) : null;
    const skills = sortDssCodes(
      await this.repository.findCourseSkillCodes(user.tenantId, enrollment.course_id),
    ).map(dssLabel);
    const query = `?fiscalYear=${fiscalYear}`;
    return {
      enrollment: toSummary(enrollment),
      description: enrollment.course_description,
      skillArea: skills.length > 0 ? skills.join('、') : null,
      modules: views,
      certificate: serial
        ? {
            serial,
            downloadPath: `/api/v1/me/courses/${encodeURIComponent(courseCode)}/certificate.pdf${query}`,
            verifyPath: `/verify/${serial}`,
          }
        : null,
    };
  }

  private async moduleView(tenantId: number, enrollmentId: number, m: ModuleRow): Promise<ModuleView> {
    const view: ModuleView = {
      id: m.id,
      position: m.position,
      kind: m.kind,
      title: m.title,
      required: m.required,
      completed: m.completed_at !== null,
      completedAt: m.completed_at ? new Date(m.completed_at).toISOString() : null,
    };
    const c = m.content;
    switch (m.kind) {
      case 'lesson':
        view.lesson = { html: renderLessonMarkdown(String(c.markdown ?? '')), videoUrl: str(c.videoUrl) };
        break;
      case 'quiz': {
        const stats = await this.repository.findQuizStats(tenantId, enrollmentId, m.id);
        const drawCount = typeof c.drawCount === 'number' ? c.drawCount : null;
        view.quiz = {
          questionCount:
            drawCount !== null ? Math.min(drawCount, stats.question_count) : stats.question_count,
          passMark: Number(c.passMark ?? 80),
          attemptLimit: Number(c.attemptLimit ?? 3),
          attemptsUsed: stats.used,
          bestScore: stats.best,
          passed: stats.passed ?? false,
          openAttemptId: stats.open_id,
        };
        break;
      }
      case 'external':
        view.external = {
          provider: String(c.provider ?? 'other'),
          url: String(c.url ?? ''),
          courseId: str(c.courseId),
          note: str(c.note),
        };
        break;
      case 'live':
        view.live = {
          format: String(c.format ?? '集合研修'),
          startsAt: String(c.startsAt ?? ''),
          endsAt: String(c.endsAt ?? ''),
          place: str(c.place),
          meetingUrl: str(c.meetingUrl),
          capacity: Number(c.capacity ?? 0),
        };
        break;
      case 'assignment': {
        const submission = await this.repository.findLatestSubmission(tenantId, enrollmentId, m.id);
        view.assignment = {
          instructions: String(c.instructions ?? ''),
          allowFile: Boolean(c.allowFile),
          allowedExtensions: (c.allowedExtensions as string[]) ?? [],
          maxFileBytes: Number(c.maxFileBytes ?? 0),
          submission: submission
            ? {
                status: submission.status,
                submittedAt: new Date(submission.submitted_at).toISOString(),
                comment: submission.evaluator_comment,
                fileName: submission.file_name,
              }
            : null,
        };
        break;
      }
      case 'package': {
        const pkg = await this.repository.findPackageState(tenantId, enrollmentId, m.id, Number(c.packageId));
        if (pkg) {
          const states = pkg.states;
          view.package = {
            title: pkg.title,
            standard: pkg.standard,
            scos: pkg.scos.map((sco) => ({
              id: sco.id,
              title: sco.title,
              status: states[sco.id]?.status ?? 'not attempted',
              done: states[sco.id]?.done ?? false,
            })),
          };
        }
        break;
      }
    }
    return view;
  }

  private async moduleOf(
    tenantId: number,
    enrollment: EnrollmentRow,
    moduleId: number,
    kind: ModuleView['kind'],
    manager: EntityManager,
  ): Promise<ModuleRow> {
    const module = await this.repository.findModuleOfEnrollment(manager, tenantId, enrollment, moduleId);
    if (!module) throw Problem.notFound('この研修にそのモジュールはありません。');
    if (module.kind !== kind) {
      throw new Problem(
        422,
        'wrong-module-kind',
        '操作できません',
        `このモジュール（${module.title}）はこの操作の対象ではありません。`,
      );
    }
    return module;
  }

  /** A lesson read to the end. Recording it twice records it once. */
  async completeLesson(
    user: AuthUser,
    courseCode: string,
    moduleId: number,
    fiscalYear: number,
  ): Promise<CourseDetail> {
    await this.dataSource.transaction(async (manager) => {
      const enrollment = await this.enrollmentOf(user, courseCode, fiscalYear, manager);
      await this.moduleOf(user.tenantId, enrollment, moduleId, 'lesson', manager);
      await recordModuleDone(manager, user.tenantId, enrollment.id, moduleId, 'learner');
    });
    return this.courseDetail(user, courseCode, fiscalYear);
  }

  async startQuiz(
    user: AuthUser,
    courseCode: string,
    moduleId: number,
    fiscalYear: number,
  ): Promise<QuizAttemptView> {
    const enrollment = await this.enrollmentOf(user, courseCode, fiscalYear);
    const module = await this.moduleOf(user.tenantId, enrollment, moduleId, 'quiz', this.dataSource.manager);
    const passMark = Number(module.content.passMark ?? 80);
    const attemptLimit = Number(module.content.attemptLimit ?? 3);
    const attempts = await this.repository.findAttempts(user.tenantId, enrollment.id, moduleId);
    const open = attempts.find((a) => a.submitted_at === null);
    if (open) return this.attemptView(user.tenantId, open.id, open.attempt_no, attemptLimit, passMark);
    if (attempts.some((a) => a.passed)) {
      throw new Problem(409, 'quiz-already-passed', '合格済みです', 'このテストには既に合格しています。');
    }
    if (attempts.length >= attemptLimit) {
      throw new Problem(
        422,
        'attempt-limit',
        '受験回数の上限です',
        `このテストの受験回数の上限（${attemptLimit}回）に達しています。研修担当にお問い合わせください。`,
      );
    }
    const bank = await this.repository.findQuestionBank(user.tenantId, moduleId);
    const random = seededRandom(randomInt(2 ** 31));
    const drawCount = typeof module.content.drawCount === 'number' ? module.content.drawCount : null;
    const drawn = drawQuestions(bank, drawCount, random).map((q) => ({
      questionId: q.id,
      choiceIds: shuffled(
        q.choices.map((c) => c.id),
        random,
      ),
    }));
    const attemptNo = attempts.length + 1;
    const attemptId = await this.repository.insertAttempt(
      user.tenantId,
      enrollment.id,
      moduleId,
      attemptNo,
      drawn,
    );
    if (attemptId === null) return this.startQuiz(user, courseCode, moduleId, fiscalYear); // a concurrent start won
    return this.attemptView(user.tenantId, attemptId, attemptNo, attemptLimit, passMark);
  }

  /** The questions of an attempt in their drawn order, without what is correct. */
  private async attemptView(
    tenantId: number,
    attemptId: number,
    attemptNo: number,
    attemptLimit: number,
    passMark: number,
  ): Promise<QuizAttemptView> {
    const drawn = await this.repository.findDrawnQuestions(tenantId, attemptId);
    const questions = await this.repository.findQuestionsById(
      tenantId,
      drawn.map((d) => d.questionId),
    );
    return {
      attemptId,
      attemptNo,
      attemptLimit,
      passMark,
      questions: drawn.map((d) => {
        const q = questions.get(d.questionId)!;
        const byId = new Map(q.choices.map((c) => [c.id, c.text]));
        return {
          id: q.id,
          kind: q.kind,
          text: q.text,
          choices: d.choiceIds.map((id) => ({ id, text: byId.get(id)! })),
        };
      }),
    };
  }

  /** Grades on the server; a submitted attempt is final, and a pass completes the module exactly once. */
  async submitQuiz(user: AuthUser, attemptId: number, submission: QuizSubmission): Promise<QuizResult> {
    return this.dataSource.transaction(async (manager) => {
      const attempt = await this.repository.lockOwnAttempt(
        manager,
        user.tenantId,
        attemptId,
        user.staffId ?? -1,
      );
      if (!attempt) throw Problem.notFound('この受験は見つかりません。');
      if (attempt.submitted_at)
        throw new Problem(409, 'attempt-submitted', '提出済みです', 'この受験は既に提出されています。');
      const drawn = attempt.drawn;
      const questions = await this.repository.findQuestionsById(
        user.tenantId,
        drawn.map((d) => d.questionId),
      );
      const keys = drawn.map((d) => {
        const q = questions.get(d.questionId)!;
        return {
          id: q.id,
          kind: q.kind,
          correctChoiceIds: q.choices.filter((c) => c.correct).map((c) => c.id),
        };
      });
      try {
        validateAnswers(keys, new Map(drawn.map((d) => [d.questionId, d.choiceIds])), submission.answers);
      } catch (error) {
        if (error instanceof QuizAnswerError)
          throw Problem.validation([{ field: 'answers', message: error.message }], error.message);
        throw error;
      }
      const passMark = Number(attempt.content.passMark ?? 80);
      const attemptLimit = Number(attempt.content.attemptLimit ?? 3);
      const grade = gradeQuiz(keys, submission.answers, passMark);
      await this.repository.recordGrade(manager, user.tenantId, attemptId, grade, submission.answers);
      let courseCompleted = false;
      if (grade.passed) {
        courseCompleted = await recordModuleDone(
          manager,
          user.tenantId,
          attempt.enrollment_id,
          attempt.module_id,
          'quiz',
        );
      }
      const used = await this.repository.countAttempts(
        manager,
        user.tenantId,
        attempt.enrollment_id,
        attempt.module_id,
      );
      const chosen = new Map(submission.answers.map((a) => [a.questionId, new Set(a.choiceIds)]));
      const attemptsLeft = grade.passed ? 0 : Math.max(0, attemptLimit - used);
      const correctChoicesShown = revealsCorrectChoices(
        quizAnswerRevealOf(attempt.content.revealCorrectAnswers),
        {
          passed: grade.passed,
          attemptsLeft,
        },
      );
      const graded = drawn.map((d, i) => {
        const q = questions.get(d.questionId)!;
        const byId = new Map(q.choices.map((c) => [c.id, c]));
        return {
          id: q.id,
          text: q.text,
          explanation: q.explanation,
          correct: grade.perQuestion[i].correct,
          choices: d.choiceIds.map((id) => ({
            id,
            text: byId.get(id)!.text,
            correct: byId.get(id)!.correct,
            chosen: chosen.get(q.id)?.has(id) ?? false,
          })),
        };
      });
      return {
        attemptId,
        score: grade.score,
        passed: grade.passed,
        passMark,
        attemptsLeft,
        courseCompleted,
        correctChoicesShown,
        questions: quizFeedback(graded, correctChoicesShown),
      };
    });
  }

  async submitAssignment(
    user: AuthUser,
    courseCode: string,
    moduleId: number,
    fiscalYear: number,
    text: string,
    file: SubmittedFile | null,
  ): Promise<CourseDetail> {
    // The type the bytes really are (the browser's Content-Type is never trusted).
    let storedType: string | null = null;
    await this.dataSource.transaction(async (manager) => {
      const enrollment = await this.enrollmentOf(user, courseCode, fiscalYear, manager);
      const module = await this.moduleOf(user.tenantId, enrollment, moduleId, 'assignment', manager);
      const allowed = (module.content.allowedExtensions as string[] | undefined) ?? [];
      const maxBytes = Number(module.content.maxFileBytes ?? 0);
      if (!text.trim() && !file)
        throw Problem.validation([
          { field: 'text', message: '提出内容を入力するか、ファイルを添付してください。' },
        ]);
      if (text.length > 20000)
        throw Problem.validation([{ field: 'text', message: '提出内容は20,000文字以内にしてください。' }]);
      if (file) {
        const extension = file.fileName.split('.').pop()?.toLowerCase() ?? '';
        if (!module.content.allowFile || !allowed.includes(extension)) {
          throw Problem.validation([
            {
              field: 'file',
              message: `添付できるファイルの種類は ${allowed.join('・') || 'ありません'} です。`,
            },
          ]);
        }
        if (file.bytes.length > maxBytes) {
          throw new Problem(
            413,
            'file-too-large',
            'ファイルが大きすぎます',
            `添付ファイルは${Math.floor(maxBytes / 1024 / 1024)}MB以下にしてください。`,
          );
        }
        storedType = await detectUploadType(file.fileName, file.bytes);
      }
      await this.repository.lockEnrollment(manager, user.tenantId, enrollment.id);
      const latest = await this.repository.findLatestSubmissionStatus(
        manager,
        user.tenantId,
        enrollment.id,
        moduleId,
      );
      if (latest && latest !== 'returned') {
        throw new Problem(
          409,
          'already-submitted',
          '提出済みです',
          latest === 'passed' ? 'この課題は合格しています。' : 'この課題は評価待ちです。',
        );
      }
      await this.repository.insertSubmission(manager, {
        tenantId: user.tenantId,
        enrollmentId: enrollment.id,
        moduleId,
        text: text || null,
        fileName: file?.fileName ?? null,
        fileType: storedType,
        fileData: file?.bytes ?? null,
      });
    });
    return this.courseDetail(user, courseCode, fiscalYear);
  }

  /** The certificate of a completed course: issued once, with a serial derived from the enrolment. */
  async issueCertificate(
    user: AuthUser,
    courseCode: string,
    fiscalYear: number,
  ): Promise<{ serial: string; enrollment: EnrollmentRow }> {
    const enrollment = await this.enrollmentOf(user, courseCode, fiscalYear);
    if (!enrollment.completed_on) {
      throw new Problem(
        409,
        'not-completed',
        'まだ修了していません',
        '修了証は研修を修了すると発行されます。',
      );
    }
    return { serial: await this.ensureCertificate(user.tenantId, enrollment), enrollment };
  }

  /**
   * Issues the certificate once. Its number is random rather than sequential: the verification page needs no
   * login, and sequential numbers would let anyone walk through everyone's certificates.
   */
  private async ensureCertificate(tenantId: number, enrollment: EnrollmentRow): Promise<string> {
    const existing = await this.repository.findCertificateSerial(tenantId, enrollment.id);
    if (existing) return existing;
    const tenantCode = await this.repository.findTenantCode(tenantId);
    for (;;) {
      const serial = randomCertificateSerial(
        tenantCode,
        enrollment.fiscal_year,
        randomBytes(SERIAL_RANDOM_BYTES),
      );
      await this.repository.insertCertificate(
        tenantId,
        enrollment.id,
        serial,
        certificateValidUntil(enrollment),
      );
      const issued = await this.repository.findCertificateSerial(tenantId, enrollment.id);
      if (issued) return issued; // ours, or a concurrent request's
    }
  }
}

/** 有効期限 a certificate of this completion states (recertification, @dx/domain); null when the course does not recur. */
function certificateValidUntil(enrollment: EnrollmentRow): string | null {
  return enrollment.completed_on
    ? validityEnd(enrollment.recurrence, {
        fiscalYear: enrollment.fiscal_year,
        completedOn: enrollment.completed_on,
      })
    : null;
}

/** Kept here too for the callers that import it from the service. */
export { recordModuleDone } from './learning.repository';
