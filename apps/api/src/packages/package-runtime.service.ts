import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { PackageCommit, PackageCommitResult, PackageLaunch, PackageScoView } from '@dx/contract';
import { packageDone, scoOutcome, scormDurationSeconds } from '@dx/domain';
import type { AuthUser } from '../common/auth-user';
import { Problem } from '../common/problem';
import { AppConfig } from '../config/app-config';
import { LearningService, recordModuleDone } from '../learning/learning.service';
import { Cmi5LaunchService } from '../xapi/cmi5-launch.service';
import { LaunchTokens, type LaunchGrant } from './launch-token';
import { PackageRuntimeRepository } from './package-runtime.repository';
import { type PackageRow, PackagesRepository } from './packages.repository';

/** What a SCO resumes with (also what the content origin writes into the player). */
export interface ScoState {
  lessonStatus: string | null;
  completionStatus: string | null;
  successStatus: string | null;
  scoreRaw: number | null;
  scoreScaled: number | null;
  suspendData: string | null;
  location: string | null;
  totalSeconds: number;
  exit: string | null;
}

interface PackageModule {
  id: number;
  packageId: number;
  package: PackageRow;
}

/** A learner's launches and run-time commits of package modules. Always scoped to the caller's own enrolment. */
@Injectable()
export class PackageRuntimeService {
  readonly tokens: LaunchTokens;

  constructor(
    private readonly repository: PackageRuntimeRepository,
    private readonly packages: PackagesRepository,
    private readonly learning: LearningService,
    private readonly config: AppConfig,
    private readonly cmi5: Cmi5LaunchService,
  ) {
    this.tokens = new LaunchTokens(config.JWT_SECRET);
  }

  async launch(
    user: AuthUser,
    courseCode: string,
    moduleId: number,
    fiscalYear: number,
    scoId: string | undefined,
    origins: { app: string; content: string },
  ): Promise<PackageLaunch> {
    const enrollment = await this.learning.enrollmentOf(user, courseCode, fiscalYear);
    const module = await this.packageModule(enrollment, moduleId);
    const scos = module.package.scos;
    const index =
      scoId === undefined
        ? await this.firstOpenSco(enrollment.id, module)
        : scos.findIndex((s) => s.id === scoId);
    if (index < 0) throw Problem.notFound('この教材にそのSCOはありません。');
    const expiresAt = Math.floor(Date.now() / 1000) + this.config.CONTENT_TOKEN_TTL_SECONDS;
    const token = this.tokens.sign({
      tenantId: user.tenantId,
      enrollmentId: enrollment.id,
      moduleId,
      packageId: module.packageId,
      appOrigin: origins.app,
      expiresAt,
    });
    // The manifest's href is a URL reference already: only spaces and non-ASCII characters (a Japanese file name) need
    // escaping.
    const launch = scos[index].launch.replace(/[^\x21-\x7e]/gu, (c) => encodeURIComponent(c));
    const url = /^https?:/i.test(launch) ? launch : `${origins.content}/p/${token}/s/${index}/${launch}`;
    if (module.package.standard === 'cmi5') {
      // cmi5: the AU's URL with the launch parameters; the LRS session, LaunchData and `launched` are written first.
      const au = scos[index];
      const ownWindow = au.launchMethod === 'OwnWindow';
      const learner = await this.repository.findLearner(user.staffId);
      const coursePage = `${origins.app}/my/courses/${encodeURIComponent(courseCode)}?fiscalYear=${fiscalYear}`;
      const cmi5 = await this.cmi5.launch({
        tenantId: user.tenantId,
        enrollmentId: enrollment.id,
        moduleId,
        au,
        course: {
          packageId: module.packageId,
          courseIri: module.package.course_iri ?? '',
          aus: scos,
        },
        learner: { id: learner.employee_no, name: learner.name },
        appOrigin: origins.app,
        // OwnWindow: the AU's window goes back to the course page on exit. In the course page's frame it goes to
        // the content origin's return page instead, which tells the player to close (the app cannot be framed).
        returnURL: ownWindow ? coursePage : `${origins.content}/p/${token}/__dx/return`,
        auUrl: url,
      });
      return {
        url: cmi5.url,
        contentOrigin: origins.content,
        scoId: au.id,
        expiresAt: new Date(Math.min(expiresAt * 1000, cmi5.expiresAt.getTime())).toISOString(),
        registration: cmi5.registration,
        launchMethod: ownWindow ? 'OwnWindow' : 'AnyWindow',
        launchMode: cmi5.launchMode,
      };
    }
    return {
      url,
      contentOrigin: origins.content,
      scoId: scos[index].id,
      expiresAt: new Date(expiresAt * 1000).toISOString(),
    };
  }

  /**
   * Stores one SCO's run-time data and completes the module (once, through recordModuleDone) when every SCO is done.
   * Commits of one enrolment are serialised by a lock on the enrolment row, so concurrent commits complete it once.
   */
  async commit(
    user: AuthUser,
    courseCode: string,
    moduleId: number,
    fiscalYear: number,
    scoId: string,
    data: PackageCommit,
  ): Promise<PackageCommitResult> {
    return this.repository.transaction(async (manager) => {
      const enrollment = await this.learning.enrollmentOf(user, courseCode, fiscalYear, manager);
      const module = await this.packageModule(enrollment, moduleId, manager);
      const sco = module.package.scos.find((s) => s.id === scoId);
      if (!sco) throw Problem.notFound('この教材にそのSCOはありません。');
      if (module.package.standard === 'cmi5') {
        throw new Problem(
          422,
          'wrong-package-standard',
          '操作できません',
          'cmi5 の教材は学習記録（xAPI）で進捗を送ります。SCORM の記録は使えません。',
        );
      }
      const standard = module.package.standard;
      await this.repository.lockEnrollment(manager, enrollment.id);
      const outcome = scoOutcome(standard, data, sco.masteryScore);
      const seconds = scormDurationSeconds(data.sessionTime) ?? 0;
      const state = await this.repository.upsertScoState(manager, {
        tenantId: user.tenantId,
        enrollmentId: enrollment.id,
        moduleId,
        scoId,
        lessonStatus: data.lessonStatus ?? null,
        completionStatus: data.completionStatus ?? null,
        successStatus: data.successStatus ?? null,
        scoreRaw: data.scoreRaw ?? null,
        scoreScaled: data.scoreScaled ?? null,
        status: outcome.status,
        suspendData: data.suspendData ?? null,
        location: data.location ?? null,
        // Session time is added on the final commit of a session only (a SCO reports its session's total).
        addSeconds: data.exit !== undefined ? seconds : 0,
        addFailures: outcome.failed && data.exit !== undefined ? 1 : 0,
        done: outcome.done,
      });
      const done = await this.repository.findDoneScoIds(manager, user.tenantId, enrollment.id, moduleId);
      const allDone = packageDone(
        module.package.scos.map((s) => s.id),
        new Set(done),
      );
      let courseCompleted = false;
      if (allDone)
        courseCompleted = await recordModuleDone(manager, user.tenantId, enrollment.id, moduleId, 'package');
      return { scoDone: state.done_at !== null, moduleCompleted: allDone, courseCompleted };
    });
  }

  /** The package and the stored data of one SCO, for the content origin's player (a valid grant only). */
  async playerState(
    grant: LaunchGrant,
    scoIndex: number,
  ): Promise<{
    package: PackageRow;
    sco: PackageScoView;
    state: ScoState | null;
    learner: { id: string; name: string };
  } | null> {
    const pkg = await this.packages.findPackage(grant.tenantId, grant.packageId);
    const sco = pkg?.scos[scoIndex];
    if (!sco) return null;
    const row = await this.repository.findScoState(
      grant.tenantId,
      grant.enrollmentId,
      grant.moduleId,
      sco.id,
    );
    const learner = await this.repository.findLearnerOfEnrollment(grant.tenantId, grant.enrollmentId);
    if (!learner) return null;
    return {
      package: pkg,
      sco,
      learner: { id: learner.employee_no, name: learner.name },
      state: row
        ? {
            lessonStatus: row.lesson_status,
            completionStatus: row.completion_status,
            successStatus: row.success_status,
            scoreRaw: row.score_raw,
            scoreScaled: row.score_scaled,
            suspendData: row.suspend_data,
            location: row.location,
            totalSeconds: Number(row.total_seconds),
            exit: null,
          }
        : null,
    };
  }

  /** The storage folder key and the standard of a package (content origin). */
  async storageKey(grant: LaunchGrant): Promise<{ key: string; standard: PackageRow['standard'] } | null> {
    const row = await this.packages.findStorage(grant.tenantId, grant.packageId);
    return row ? { key: row.storage_key, standard: row.standard } : null;
  }

  private async packageModule(
    enrollment: { id: number; course_id: number; course_version: number },
    moduleId: number,
    manager?: EntityManager,
  ): Promise<PackageModule> {
    const row = await this.repository.findModuleOfCourseVersion(
      moduleId,
      enrollment.course_id,
      enrollment.course_version,
      manager,
    );
    if (!row) throw Problem.notFound('この研修にそのモジュールはありません。');
    if (row.kind !== 'package') {
      throw new Problem(
        422,
        'wrong-module-kind',
        '操作できません',
        `このモジュール（${row.title}）は教材パッケージではありません。`,
      );
    }
    const pkg = await this.packages.findPackageById(row.package_id, manager);
    if (!pkg) throw Problem.notFound('この教材パッケージは見つかりません。');
    return { id: row.id, packageId: pkg.id, package: pkg };
  }

  private async firstOpenSco(enrollmentId: number, module: PackageModule): Promise<number> {
    const doneIds = new Set(await this.repository.findDoneScoIdsOfEnrollment(enrollmentId, module.id));
    const open = module.package.scos.findIndex((s) => !doneIds.has(s.id));
    return open < 0 ? 0 : open;
  }
}
