import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { CourseEditorView, CourseListItem, FieldError, VersionView } from '@dx/contract';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../common/auth-user';
import { Problem } from '../common/problem';
import type { CreateCourseDto, UpdateCourseDto } from './catalogue-admin.dto';
import { conflict, CourseVersionsRepository } from './course-versions.repository';
import { CourseRecurrenceRepository } from './course-recurrence.repository';
import { CoursesRepository } from './courses.repository';
import { toRecurrence } from './recurrence.dto';
import { TracksService } from './tracks.service';

/**
 * Courses in the catalogue editor: their fields (shared by every version), the draft's start and end, and
 * publishing, which makes the draft the version new assignments get. Every change is audited in its transaction.
 */
@Injectable()
export class CoursesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: CoursesRepository,
    private readonly audit: AuditService,
    private readonly versions: CourseVersionsRepository,
    private readonly tracks: TracksService,
    private readonly recurrence: CourseRecurrenceRepository,
  ) {}

  async listCourses(tenantId: number): Promise<CourseListItem[]> {
    const rows = await this.repository.findCourseList(tenantId);
    return rows.map((r) => ({
      code: r.code,
      title: r.title,
      trackCode: r.track_code,
      trackName: r.track_name,
      estimatedMinutes: r.estimated_minutes,
      publishedVersion: r.published_version,
      draftVersion: r.has_draft ? r.published_version + 1 : null,
      moduleCount: r.module_count,
      draftModuleCount: r.draft_module_count,
      ruleCount: r.rule_count,
    }));
  }

  /** A new course has nothing published (version 0); it starts with its first draft, version 1, still empty. */
  async createCourse(user: AuthUser, dto: CreateCourseDto): Promise<CourseEditorView> {
    return this.dataSource.transaction(async (manager) => {
      const trackId = await this.tracks.trackIdForInput(manager, user.tenantId, dto.trackCode);
      const created = await this.repository.insertCourse(manager, user.tenantId, dto.code, {
        trackId,
        title: dto.title,
        description: dto.description ?? '',
        estimatedMinutes: dto.estimatedMinutes,
      });
      if (created === null) {
        throw conflict(
          'duplicate-code',
          'コードが重複しています',
          `研修コード「${dto.code}」は既に使われています。`,
        );
      }
      await this.repository.replaceSkillCodes(manager, user.tenantId, created, dto.dssCodes ?? []);
      if (dto.recurrence)
        await this.recurrence.setRecurrence(manager, user.tenantId, dto.code, toRecurrence(dto.recurrence));
      await this.audit.record(
        {
          tenantId: user.tenantId,
          actor: user,
          action: 'course.created',
          target: dto.code,
          detail: { ...dto },
        },
        manager,
      );
      return this.versions.editorView(manager, user.tenantId, dto.code);
    });
  }

  async course(tenantId: number, code: string): Promise<CourseEditorView> {
    return this.versions.editorView(this.dataSource.manager, tenantId, code);
  }

  /** Course-level fields apply to every version at once (they are what lists and certificates show). */
  async updateCourse(user: AuthUser, code: string, dto: UpdateCourseDto): Promise<CourseEditorView> {
    return this.dataSource.transaction(async (manager) => {
      const course = await this.versions.lockCourse(manager, user.tenantId, code);
      const trackId = await this.tracks.trackIdForInput(manager, user.tenantId, dto.trackCode);
      await this.repository.updateCourseFields(manager, course.id, {
        trackId,
        title: dto.title,
        description: dto.description ?? '',
        estimatedMinutes: dto.estimatedMinutes,
      });
      if (dto.dssCodes)
        await this.repository.replaceSkillCodes(manager, user.tenantId, course.id, dto.dssCodes);
      if (dto.recurrence)
        await this.recurrence.setRecurrence(manager, user.tenantId, code, toRecurrence(dto.recurrence));
      await this.audit.record(
        { tenantId: user.tenantId, actor: user, action: 'course.updated', target: code, detail: { ...dto } },
        manager,
      );
      return this.versions.editorView(manager, user.tenantId, code);
    });
  }

  /** Starts the draft by copying the published version (nothing to copy for a course never published). */
  async createDraft(user: AuthUser, code: string): Promise<CourseEditorView> {
    return this.dataSource.transaction(async (manager) => {
      const course = await this.versions.lockCourse(manager, user.tenantId, code);
      await this.versions.ensureDraft(manager, user, course);
      return this.versions.editorView(manager, user.tenantId, code);
    });
  }

  /** Throws the draft away; nobody is ever assigned a draft version, so nothing else refers to it. */
  async discardDraft(user: AuthUser, code: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const course = await this.versions.lockCourse(manager, user.tenantId, code);
      const draftVersion = this.versions.requireDraftVersion(course);
      await this.versions.deleteModules(manager, course.id, draftVersion);
      await this.repository.endDraft(manager, course.id);
      await this.audit.record(
        {
          tenantId: user.tenantId,
          actor: user,
          action: 'course.draft_discarded',
          target: `${code}@v${draftVersion}`,
        },
        manager,
      );
    });
  }

  /**
   * The draft becomes the published version: assignments made from now on get it; everyone already assigned keeps
   * the version they had. Refused (422) while the draft is incomplete.
   */
  async publish(user: AuthUser, code: string): Promise<CourseEditorView> {
    return this.dataSource.transaction(async (manager) => {
      const course = await this.versions.lockCourse(manager, user.tenantId, code);
      const version = course.published_version + 1;
      const draft = course.has_draft
        ? (await this.versions.versionViews(manager, course.id, [version])).get(version)
        : undefined;
      if (!draft) {
        throw Problem.validation(
          [{ field: 'draft', message: '公開する下書きがありません。モジュールを追加してください。' }],
          '下書きにモジュールがないため公開できません。',
        );
      }
      const errors = publishErrors(draft);
      if (errors.length > 0) throw Problem.validation(errors, '下書きに不足があるため公開できません。');
      await this.repository.publishDraft(manager, course.id, version);
      await this.audit.record(
        {
          tenantId: user.tenantId,
          actor: user,
          action: 'course.published',
          target: code,
          detail: { from: course.published_version, to: version, modules: draft.modules.length },
        },
        manager,
      );
      return this.versions.editorView(manager, user.tenantId, code);
    });
  }
}

/** What keeps a draft from being published, one error per module at fault. */
export function publishErrors(draft: VersionView): FieldError[] {
  const errors: FieldError[] = [];
  draft.modules.forEach((m, i) => {
    if (m.kind !== 'quiz') return;
    const count = m.questions?.length ?? 0;
    const drawCount = typeof m.content['drawCount'] === 'number' ? (m.content['drawCount'] as number) : null;
    if (count === 0) {
      errors.push({
        field: `draft.modules.${i}`,
        message: `確認テスト「${m.title}」に問題がありません。問題を追加してください。`,
      });
    } else if (drawCount !== null && drawCount > count) {
      errors.push({
        field: `draft.modules.${i}`,
        message: `確認テスト「${m.title}」の出題数（${drawCount}問）が問題数（${count}問）を超えています。`,
      });
    }
  });
  return errors;
}
