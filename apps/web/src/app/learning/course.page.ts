import {
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  inject,
  input,
  linkedSignal,
  signal,
} from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { Title } from '@angular/platform-browser';
import { RouterLink } from '@angular/router';
import type { CourseDetail } from '@dx/contract';
import { currentFiscalYear, formatFiscalYear, parseFiscalYear } from '../shared/dates';
import { JapaneseDatePipe } from '../shared/japanese-date.pipe';
import { toProblem } from '../shared/problem';
import { ProblemAlertComponent } from '../shared/problem-alert.component';
import { PRODUCT_NAME } from '../title.strategy';
import { AssignmentModuleComponent } from './assignment-module.component';
import { MODULE_KIND_LABELS } from './enrollment-status';
import { ExternalModuleComponent } from './external-module.component';
import { LearningApi } from './learning.api';
import { LessonModuleComponent } from './lesson-module.component';
import { LiveModuleComponent } from './live-module.component';
import { PackageModuleComponent } from './package-module.component';
import { ProgressBarComponent } from './progress-bar.component';
import { QuizModuleComponent } from './quiz-module.component';
import { StatusBadgeComponent } from './status-badge.component';

@Component({
  selector: 'dx-course-page',
  imports: [
    RouterLink,
    JapaneseDatePipe,
    ProblemAlertComponent,
    StatusBadgeComponent,
    ProgressBarComponent,
    LessonModuleComponent,
    QuizModuleComponent,
    ExternalModuleComponent,
    LiveModuleComponent,
    AssignmentModuleComponent,
    PackageModuleComponent,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <p class="back-link">
      <a routerLink="/my" [queryParams]="backParams()">マイ研修へ戻る</a>
    </p>
    <h1>{{ course()?.enrollment?.courseTitle ?? '研修の詳細' }}</h1>

    <div role="status" aria-live="polite" aria-atomic="true" class="live-region">
      @if (detail.isLoading() && !course()) {
        <p class="muted">読み込み中…</p>
      }
    </div>
    <div role="alert" aria-atomic="true" class="live-region">
      <dx-problem-alert [problem]="problem()" />
    </div>

    @if (course(); as c) {
      @if (c.enrollment.status === 'completed' && c.certificate; as cert) {
        <section class="card certificate-card" aria-labelledby="certificate-heading">
          <h2 id="certificate-heading">修了証</h2>
          <p>この研修を修了しました（{{ c.enrollment.completedAt | jaDate }}）。おつかれさまでした。</p>
          <p>
            <a class="button button-primary" [href]="certificateUrl()" download
              >修了証（PDF）をダウンロード</a
            >
          </p>
          <p class="muted">
            証書番号：{{ cert.serial }} ／
            <a [routerLink]="['/verify', cert.serial]">修了証の確認ページ</a
            >（修了証の真正性を第三者が確認できます）
          </p>
        </section>
      }

      <section class="card course-summary" aria-labelledby="course-summary-heading">
        <h2 id="course-summary-heading" class="visually-hidden">研修の概要</h2>
        @if (c.description) {
          <p class="pre-line">{{ c.description }}</p>
        }
        <dl class="summary-list">
          <div>
            <dt>年度</dt>
            <dd>{{ fiscalYearLabel(c.enrollment.fiscalYear) }}</dd>
          </div>
          <div>
            <dt>研修体系</dt>
            <dd>{{ c.enrollment.trackName }}</dd>
          </div>
          @if (c.skillArea) {
            <div>
              <dt>分野</dt>
              <dd>{{ c.skillArea }}</dd>
            </div>
          }
          <div>
            <dt>状態</dt>
            <dd><dx-status-badge [status]="c.enrollment.status" /></dd>
          </div>
          <div>
            <dt>期限</dt>
            <dd>{{ c.enrollment.dueDate | jaDate }}</dd>
          </div>
          @if (c.enrollment.completedAt) {
            <div>
              <dt>修了日</dt>
              <dd>{{ c.enrollment.completedAt | jaDate }}</dd>
            </div>
          }
          @if (c.enrollment.status === 'exempt') {
            <div>
              <dt>免除の理由</dt>
              <dd>{{ c.enrollment.exemptReason || '—' }}</dd>
            </div>
          }
          @if (c.enrollment.estimatedMinutes > 0) {
            <div>
              <dt>学習時間の目安</dt>
              <dd>約{{ c.enrollment.estimatedMinutes }}分</dd>
            </div>
          }
          <div>
            <dt>進捗</dt>
            <dd><dx-progress-bar [value]="c.enrollment.progress" label="この研修の進捗" /></dd>
          </div>
        </dl>
        <p class="muted">必須の項目：{{ requiredDone() }} ／ {{ requiredCount() }}件完了</p>
      </section>

      <h2>学習の項目</h2>
      @if (c.modules.length === 0) {
        <p class="notice">この研修には、まだ項目がありません。</p>
      }
      <ol class="module-list">
        @for (m of modules(); track m.id) {
          <li class="card module-card" [attr.data-completed]="m.completed">
            <h3 class="module-heading">
              <button
                type="button"
                class="module-toggle"
                [id]="'module-toggle-' + m.id"
                [attr.aria-expanded]="isOpen(m.id)"
                [attr.aria-controls]="'module-panel-' + m.id"
                (click)="toggle(m.id)"
              >
                <span class="module-chevron" aria-hidden="true">{{ isOpen(m.id) ? '▼' : '▶' }}</span>
                <span class="module-title">{{ m.position }}. {{ m.title }}</span
                >&ngsp;<span class="module-meta">
                  <span class="module-kind">{{ kindLabels[m.kind] }}</span>&ngsp;<span
                    class="module-required"
                    >{{ m.required ? '必須' : '任意' }}</span
                  >&ngsp;<span class="module-status" [attr.data-completed]="m.completed">{{
                    m.completed ? '完了' : '未完了'
                  }}</span>
                </span>
              </button>
            </h3>
            <div class="module-panel" [id]="'module-panel-' + m.id" [hidden]="!isOpen(m.id)">
              @switch (m.kind) {
                @case ('lesson') {
                  <dx-lesson-module
                    [module]="m"
                    [courseCode]="code()"
                    [fiscalYear]="year()"
                    (courseUpdated)="replaceCourse($event)"
                  />
                }
                @case ('quiz') {
                  <dx-quiz-module
                    [module]="m"
                    [courseCode]="code()"
                    [fiscalYear]="year()"
                    (changed)="reload()"
                  />
                }
                @case ('external') {
                  <dx-external-module [module]="m" />
                }
                @case ('live') {
                  <dx-live-module [module]="m" />
                }
                @case ('assignment') {
                  <dx-assignment-module
                    [module]="m"
                    [courseCode]="code()"
                    [fiscalYear]="year()"
                    (courseUpdated)="replaceCourse($event)"
                  />
                }
                @case ('package') {
                  <dx-package-module
                    [module]="m"
                    [courseCode]="code()"
                    [fiscalYear]="year()"
                    (changed)="reload()"
                  />
                }
              }
            </div>
          </li>
        }
      </ol>
    }
  `,
})
export class CoursePage {
  private readonly api = inject(LearningApi);
  private readonly title = inject(Title);

  /** :code (bound by withComponentInputBinding). */
  readonly code = input.required<string>();
  /** ?fiscalYear=…; the current fiscal year when absent. */
  readonly fiscalYear = input<string>();

  protected readonly year = computed(() => parseFiscalYear(this.fiscalYear()) ?? currentFiscalYear());
  protected readonly kindLabels = MODULE_KIND_LABELS;
  protected readonly fiscalYearLabel = formatFiscalYear;

  protected readonly detail = rxResource({
    params: () => ({ code: this.code(), fiscalYear: this.year() }),
    stream: ({ params }) => this.api.course(params.code, params.fiscalYear),
  });
  /** The course on screen; kept while it is loaded again after a quiz. */
  protected readonly course = linkedSignal<CourseDetail | undefined, CourseDetail | undefined>({
    source: () => (this.detail.hasValue() ? this.detail.value() : undefined),
    computation: (value, previous) => value ?? (this.detail.isLoading() ? previous?.value : undefined),
  });
  protected readonly modules = computed(() =>
    [...(this.course()?.modules ?? [])].sort((a, b) => a.position - b.position),
  );
  protected readonly requiredCount = computed(() => this.modules().filter((m) => m.required).length);
  protected readonly requiredDone = computed(
    () => this.modules().filter((m) => m.required && m.completed).length,
  );
  protected readonly problem = computed(() => (this.detail.error() ? toProblem(this.detail.error()) : null));
  protected readonly certificateUrl = computed(() => this.api.certificateUrl(this.code(), this.year()));
  protected readonly backParams = computed(() =>
    this.year() === currentFiscalYear() ? {} : { fiscalYear: this.year() },
  );

  /**
   * Panels the person opened or closed (or that were open when the course changed under them). The others
   * follow the course: the first module not yet completed is open, so the next step is always in view.
   */
  private readonly pinned = signal<ReadonlyMap<number, boolean>>(new Map());
  private readonly nextModuleId = computed(() => this.modules().find((m) => !m.completed)?.id ?? null);

  constructor() {
    effect(() => {
      const name = this.course()?.enrollment.courseTitle;
      if (name) this.title.setTitle(`${name} | ${PRODUCT_NAME}`);
    });
  }

  protected isOpen(id: number): boolean {
    return this.pinned().get(id) ?? this.nextModuleId() === id;
  }

  protected toggle(id: number): void {
    this.pinned.set(new Map(this.pinned()).set(id, !this.isOpen(id)));
  }

  protected replaceCourse(course: CourseDetail): void {
    this.pinOpenPanels();
    this.detail.set(course);
  }

  protected reload(): void {
    this.pinOpenPanels();
    this.detail.reload();
  }

  /** Keeps what is open now open (the person is reading it), whatever the completion of each module becomes. */
  private pinOpenPanels(): void {
    const next = new Map(this.pinned());
    for (const m of this.modules()) if (this.isOpen(m.id)) next.set(m.id, true);
    this.pinned.set(next);
  }
}
