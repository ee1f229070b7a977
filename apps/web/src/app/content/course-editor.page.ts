import {
  ChangeDetectionStrategy,
  Component,
  Injector,
  afterNextRender,
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
import type { CourseEditorView, ModuleAdminView, ModuleKindName, TrackView } from '@dx/contract';
import { firstValueFrom } from 'rxjs';
import { type Problem, toProblem } from '../shared/problem';
import { ProblemAlertComponent } from '../shared/problem-alert.component';
import { PRODUCT_NAME } from '../title.strategy';
import {
  MODULE_KINDS,
  MODULE_KIND_LABELS,
  draftBlockers,
  errorsByField,
  versionLabel,
} from './content-labels';
import { ContentApi, type CourseFields } from './content.api';
import { CourseFieldsComponent } from './course-fields.component';
import { ModuleFormComponent } from './module-form.component';
import { ModuleSummaryComponent } from './module-summary.component';
import { QuestionEditorComponent } from './question-editor.component';
import { RulesEditorComponent } from './rules-editor.component';

type Confirming = 'publish' | 'discard' | { deleteModule: number } | null;

/**
 * One course in 研修管理: its fields, the published version (read-only: people assigned to it keep it), the draft
 * (published version + 1) where modules and questions are edited, publishing, and the assignment rules.
 */
@Component({
  selector: 'dx-course-editor-page',
  imports: [
    CourseFieldsComponent,
    RouterLink,
    ProblemAlertComponent,
    ModuleFormComponent,
    ModuleSummaryComponent,
    QuestionEditorComponent,
    RulesEditorComponent,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    .draft-list {
      list-style: none;
      padding: 0;
      margin: 0 0 1rem;
    }
    .draft-row {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.5rem 1rem;
    }
    .draft-row .module-title {
      flex: 1 1 14rem;
    }
    .editor-section {
      margin-top: 2rem;
    }
  `,
  template: `
    <p class="back-link"><a routerLink="../..">研修一覧へ戻る</a></p>
    <h1>{{ course()?.title ?? '研修の編集' }}</h1>

    <div role="status" aria-live="polite" aria-atomic="true" class="live-region">
      @if (detail.isLoading() && !course()) {
        <p class="muted">読み込み中…</p>
      }
      @if (message(); as m) {
        <p class="alert alert-success">{{ m }}</p>
      }
    </div>
    <div role="alert" aria-atomic="true" class="live-region">
      <dx-problem-alert [problem]="problem()" [showFieldErrors]="true" />
    </div>

    @if (course(); as c) {
      <dl class="summary-list">
        <div>
          <dt>研修コード</dt>
          <dd>{{ c.code }}</dd>
        </div>
        <div>
          <dt>研修体系</dt>
          <dd>{{ c.trackName }}</dd>
        </div>
        <div>
          <dt>公開版</dt>
          <dd>{{ versionLabel(c.publishedVersion) }}</dd>
        </div>
        <div>
          <dt>下書き</dt>
          <dd>{{ c.draft ? versionLabel(c.draft.version) + 'を編集中' : 'なし' }}</dd>
        </div>
        <div>
          <dt>割当数（全年度）</dt>
          <dd>{{ c.enrollmentCount }}件</dd>
        </div>
      </dl>

      <!-- 基本情報 -->
      <section class="editor-section" aria-labelledby="fields-heading">
        <h2 id="fields-heading">基本情報</h2>
        <p class="hint">基本情報の変更は、公開中の版を含むすべての版にすぐ反映されます。</p>
        <form class="card" (submit)="saveFields($event)" novalidate>
          <dx-course-fields
            idPrefix="course"
            [value]="fields()"
            [tracks]="tracks()"
            [invalidFields]="fieldErrors()"
            (changed)="patchFields($event)"
          />
          <div class="button-row">
            <button type="submit" class="button button-primary" [disabled]="busy()">基本情報を保存</button>
          </div>
        </form>
      </section>

      <!-- 公開中の版 -->
      <section class="editor-section" aria-labelledby="published-heading">
        <h2 id="published-heading" tabindex="-1">公開中の版（{{ versionLabel(c.publishedVersion) }}）</h2>
        @if (c.published; as published) {
          <p class="hint">
            公開中の版は変更できません。割り当て済みの職員は、割り当てられたときの版を受講し続けます。
          </p>
          <ol class="module-list">
            @for (m of published.modules; track m.id) {
              <li class="card">
                <dx-module-summary [module]="m" />
              </li>
            }
          </ol>
        } @else {
          <p>この研修はまだ公開されていません。下書きを作成し、公開してください。</p>
        }
      </section>

      <!-- 下書き -->
      <section class="editor-section" aria-labelledby="draft-heading">
        <h2 id="draft-heading" tabindex="-1">下書き</h2>
        @if (c.draft; as draft) {
          <p class="hint">
            {{ versionLabel(draft.version) }}の下書きです。公開するまで、受講者には表示されません。
          </p>
          @if (draft.modules.length === 0) {
            <p id="draft-empty">
              まだモジュールがありません。「追加するモジュールの種類」を選んで「モジュールを追加」を押してください。
            </p>
          }
          <ol class="draft-list">
            @for (m of draft.modules; track m.id; let i = $index, first = $first, last = $last) {
              <li class="card" [id]="'draft-module-' + m.id" tabindex="-1">
                <div class="draft-row">
                  <span class="module-title">{{ i + 1 }}. {{ m.title }}</span>
                  <span class="module-meta">
                    <span class="module-kind">{{ kindLabels[m.kind] }}</span>
                    <span class="module-required">{{ m.required ? '必須' : '任意' }}</span>
                    @if (m.kind === 'quiz') {
                      <span class="tag">{{ m.questions?.length ?? 0 }}問</span>
                    }
                  </span>
                  <span class="button-row">
                    <button
                      type="button"
                      class="button"
                      [id]="'move-up-' + m.id"
                      [disabled]="first || busy()"
                      (click)="move(i, -1)"
                    >
                      上へ<span class="visually-hidden">（{{ m.title }}）</span>
                    </button>
                    <button
                      type="button"
                      class="button"
                      [id]="'move-down-' + m.id"
                      [disabled]="last || busy()"
                      (click)="move(i, 1)"
                    >
                      下へ<span class="visually-hidden">（{{ m.title }}）</span>
                    </button>
                    <button
                      type="button"
                      class="button"
                      [id]="'edit-' + m.id"
                      (click)="edit(m)"
                      [attr.aria-expanded]="editingId() === m.id"
                    >
                      編集<span class="visually-hidden">（{{ m.title }}）</span>
                    </button>
                    @if (m.kind === 'quiz') {
                      <button
                        type="button"
                        class="button"
                        (click)="toggleQuestions(m.id)"
                        [attr.aria-expanded]="openQuestions().has(m.id)"
                      >
                        問題<span class="visually-hidden">（{{ m.title }}）</span>
                      </button>
                    }
                    <button type="button" class="button" (click)="askDeleteModule(m)">
                      削除<span class="visually-hidden">（{{ m.title }}）</span>
                    </button>
                  </span>
                </div>
                @if (isConfirmingDelete(m.id)) {
                  <div class="alert alert-warning" role="group" aria-label="モジュールの削除の確認">
                    <p id="confirm-delete-{{ m.id }}" tabindex="-1">
                      「{{ m.title }}」を下書きから削除しますか？
                    </p>
                    <div class="button-row">
                      <button type="button" class="button" [disabled]="busy()" (click)="deleteModule(m)">
                        削除する
                      </button>
                      <button type="button" class="button" (click)="cancelConfirm('edit-' + m.id)">
                        やめる
                      </button>
                    </div>
                  </div>
                }
                @if (editingId() === m.id) {
                  <dx-module-form
                    [courseCode]="c.code"
                    [kind]="m.kind"
                    [module]="m"
                    (saved)="moduleSaved($event, false)"
                    (cancelled)="closeForm('edit-' + m.id)"
                  />
                }
                @if (m.kind === 'quiz' && openQuestions().has(m.id)) {
                  <dx-question-editor [courseCode]="c.code" [module]="m" (changed)="refresh()" />
                }
              </li>
            }
          </ol>

          @if (adding(); as kind) {
            <dx-module-form
              [courseCode]="c.code"
              [kind]="kind"
              (saved)="moduleSaved($event, true)"
              (cancelled)="closeForm('new-kind')"
            />
          } @else {
            <div class="toolbar">
              <div class="field">
                <label for="new-kind">追加するモジュールの種類</label>
                <select id="new-kind" [value]="newKind()" (change)="newKind.set(value($event))">
                  @for (kind of moduleKinds; track kind) {
                    <option [value]="kind" [selected]="kind === newKind()">{{ kindLabels[kind] }}</option>
                  }
                </select>
              </div>
              <button type="button" class="button" (click)="adding.set(newKind())">モジュールを追加</button>
            </div>
          }

          <h3>公開</h3>
          @if (confirming() === 'publish') {
            <div class="alert alert-warning" role="group" aria-labelledby="confirm-publish-title">
              <p id="confirm-publish-title" class="alert-title" tabindex="-1">
                この下書きを{{ versionLabel(draft.version) }}として公開しますか？
              </p>
              <p>
                公開すると、これから割り当てられる職員は{{ versionLabel(draft.version) }}を受講します。
                すでに割り当てられている職員は、割り当てられたときの版のまま受講します。
              </p>
              @if (blockers().length > 0) {
                <ul>
                  @for (b of blockers(); track $index) {
                    <li>{{ b }}</li>
                  }
                </ul>
              }
              <div class="button-row">
                <button
                  type="button"
                  class="button button-primary"
                  [disabled]="busy() || blockers().length > 0"
                  (click)="publish()"
                >
                  公開する
                </button>
                <button type="button" class="button" (click)="cancelConfirm('publish-button')">
                  キャンセル
                </button>
              </div>
            </div>
          } @else if (confirming() === 'discard') {
            <div class="alert alert-warning" role="group" aria-labelledby="confirm-discard-title">
              <p id="confirm-discard-title" class="alert-title" tabindex="-1">下書きを破棄しますか？</p>
              <p>下書きのモジュールと問題はすべて削除されます。公開中の版は変わりません。</p>
              <div class="button-row">
                <button type="button" class="button" [disabled]="busy()" (click)="discard()">破棄する</button>
                <button type="button" class="button" (click)="cancelConfirm('discard-button')">
                  キャンセル
                </button>
              </div>
            </div>
          } @else {
            <div class="button-row">
              <button
                type="button"
                id="publish-button"
                class="button button-primary"
                [disabled]="busy()"
                (click)="ask('publish', 'confirm-publish-title')"
              >
                この下書きを公開
              </button>
              <button
                type="button"
                id="discard-button"
                class="button"
                [disabled]="busy()"
                (click)="ask('discard', 'confirm-discard-title')"
              >
                下書きを破棄
              </button>
            </div>
          }
        } @else {
          <p>
            @if (c.published) {
              モジュールを変更するには、公開中の版をコピーした下書き（{{
                versionLabel(c.publishedVersion + 1)
              }}）を作成します。
            } @else {
              モジュールを登録するには、下書き（第1版）を作成します。
            }
          </p>
          <button
            type="button"
            id="create-draft"
            class="button button-primary"
            [disabled]="busy()"
            (click)="createDraft()"
          >
            下書きを作成して編集
          </button>
        }
      </section>

      <!-- 割当ルール -->
      <section class="editor-section" aria-labelledby="rules-heading">
        <h2 id="rules-heading">割当ルール</h2>
        <dx-rules-editor
          [courseCode]="c.code"
          [publishedVersion]="c.publishedVersion"
          (saved)="$event > 0 && detail.reload()"
        />
      </section>
    }
  `,
})
export class CourseEditorPage {
  private readonly api = inject(ContentApi);
  private readonly title = inject(Title);
  private readonly injector = inject(Injector);

  /** :code (bound by withComponentInputBinding). */
  readonly code = input.required<string>();

  protected readonly kindLabels = MODULE_KIND_LABELS;
  protected readonly moduleKinds = MODULE_KINDS;
  protected readonly versionLabel = versionLabel;

  protected readonly detail = rxResource({
    params: () => this.code(),
    stream: ({ params }) => this.api.course(params),
  });
  protected readonly course = computed(() => (this.detail.hasValue() ? this.detail.value() : undefined));
  private readonly trackList = rxResource({ stream: () => this.api.tracks() });
  protected readonly tracks = computed<TrackView[]>(() =>
    this.trackList.hasValue() ? this.trackList.value() : [],
  );

  protected readonly fields = linkedSignal<CourseFields>(() => {
    const c = this.course();
    return {
      trackCode: c?.trackCode ?? '',
      title: c?.title ?? '',
      description: c?.description ?? '',
      estimatedMinutes: c?.estimatedMinutes ?? 0,
      skillArea: c?.skillArea ?? null,
    };
  });

  protected readonly busy = signal(false);
  private readonly actionProblem = signal<Problem | null>(null);
  protected readonly problem = computed(
    () => this.actionProblem() ?? (this.detail.error() ? toProblem(this.detail.error()) : null),
  );
  protected readonly message = signal<string | null>(null);
  protected readonly confirming = signal<Confirming>(null);
  protected readonly editingId = signal<number | null>(null);
  protected readonly adding = signal<ModuleKindName | null>(null);
  protected readonly newKind = signal<ModuleKindName>('lesson');
  protected readonly openQuestions = signal<ReadonlySet<number>>(new Set());
  protected readonly blockers = computed(() => draftBlockers(this.course()?.draft?.modules ?? []));
  protected readonly fieldErrors = computed(() => errorsByField(this.actionProblem()?.errors));

  constructor() {
    effect(() => {
      const name = this.course()?.title;
      if (name) this.title.setTitle(`${name}（研修管理） | ${PRODUCT_NAME}`);
    });
  }

  protected value<T extends string>(event: Event): T {
    return (event.target as HTMLInputElement).value as T;
  }

  protected patchFields(change: Partial<CourseFields>): void {
    this.fields.update((f) => ({ ...f, ...change }));
  }

  protected isConfirmingDelete(moduleId: number): boolean {
    const c = this.confirming();
    return typeof c === 'object' && c !== null && c.deleteModule === moduleId;
  }

  /** Runs an action: one at a time, its problem shown, its success announced. */
  private async run(action: () => Promise<void>, success: string | null): Promise<boolean> {
    if (this.busy()) return false;
    this.busy.set(true);
    this.actionProblem.set(null);
    this.message.set(null);
    try {
      await action();
      this.message.set(success);
      return true;
    } catch (error) {
      this.actionProblem.set(toProblem(error));
      return false;
    } finally {
      this.busy.set(false);
    }
  }

  private setCourse(course: CourseEditorView): void {
    this.detail.set(course);
  }

  /** Reloads the course (after a module or question changed) and keeps what is open. */
  protected async refresh(): Promise<void> {
    try {
      this.setCourse(await firstValueFrom(this.api.course(this.code())));
    } catch (error) {
      this.actionProblem.set(toProblem(error));
    }
  }

  protected async saveFields(event: Event): Promise<void> {
    event.preventDefault();
    const f = this.fields();
    const body: CourseFields = { ...f, title: f.title.trim(), skillArea: f.skillArea?.trim() || null };
    await this.run(
      async () => this.setCourse(await firstValueFrom(this.api.updateCourse(this.code(), body))),
      '基本情報を保存しました。',
    );
  }

  protected async createDraft(): Promise<void> {
    const done = await this.run(
      async () => this.setCourse(await firstValueFrom(this.api.createDraft(this.code()))),
      '下書きを作成しました。',
    );
    if (done) this.focusLater('draft-heading');
  }

  protected edit(m: ModuleAdminView): void {
    this.adding.set(null);
    this.editingId.set(this.editingId() === m.id ? null : m.id);
  }

  protected toggleQuestions(moduleId: number): void {
    this.openQuestions.update((open) => {
      const next = new Set(open);
      if (next.has(moduleId)) next.delete(moduleId);
      else next.add(moduleId);
      return next;
    });
  }

  protected closeForm(focusId: string): void {
    this.editingId.set(null);
    this.adding.set(null);
    this.focusLater(focusId);
  }

  protected async moduleSaved(module: ModuleAdminView, added: boolean): Promise<void> {
    this.editingId.set(null);
    this.adding.set(null);
    await this.refresh();
    this.message.set(added ? `「${module.title}」を追加しました。` : `「${module.title}」を保存しました。`);
    if (added && module.kind === 'quiz') this.openQuestions.update((open) => new Set(open).add(module.id));
    this.focusLater(`draft-module-${module.id}`);
  }

  /** Moves a draft module one place up or down; the focus stays on the button pressed (or its neighbour at an end). */
  protected async move(index: number, delta: -1 | 1): Promise<void> {
    const c = this.course();
    const modules = c?.draft?.modules;
    if (!c || !modules) return;
    const target = index + delta;
    if (target < 0 || target >= modules.length) return;
    const ids = modules.map((m) => m.id);
    [ids[index], ids[target]] = [ids[target], ids[index]];
    const moved = modules[index];
    const done = await this.run(
      async () => {
        const draft = await firstValueFrom(this.api.reorder(c.code, ids));
        this.detail.update((current) => (current ? { ...current, draft } : current));
      },
      `「${moved.title}」を${target + 1}番目に移動しました。`,
    );
    if (!done) return;
    const atEnd = target === 0 || target === modules.length - 1;
    const button = delta < 0 ? (atEnd ? 'move-down-' : 'move-up-') : atEnd ? 'move-up-' : 'move-down-';
    this.focusLater(button + moved.id);
  }

  protected askDeleteModule(m: ModuleAdminView): void {
    this.confirming.set({ deleteModule: m.id });
    this.focusLater(`confirm-delete-${m.id}`);
  }

  protected async deleteModule(m: ModuleAdminView): Promise<void> {
    const done = await this.run(async () => {
      await firstValueFrom(this.api.deleteModule(this.code(), m.id));
      this.setCourse(await firstValueFrom(this.api.course(this.code())));
    }, `「${m.title}」を削除しました。`);
    if (done) {
      this.confirming.set(null);
      if (this.editingId() === m.id) this.editingId.set(null);
      this.focusLater('draft-heading');
    }
  }

  protected ask(what: 'publish' | 'discard', focusId: string): void {
    this.confirming.set(what);
    this.focusLater(focusId);
  }

  protected cancelConfirm(focusId: string): void {
    this.confirming.set(null);
    this.focusLater(focusId);
  }

  protected async publish(): Promise<void> {
    const version = this.course()?.draft?.version ?? 0;
    const done = await this.run(
      async () => this.setCourse(await firstValueFrom(this.api.publish(this.code()))),
      `${versionLabel(version)}を公開しました。これからの割当は${versionLabel(version)}になります。`,
    );
    this.confirming.set(null);
    if (done) {
      this.openQuestions.set(new Set());
      this.focusLater('published-heading');
    }
  }

  protected async discard(): Promise<void> {
    const done = await this.run(async () => {
      await firstValueFrom(this.api.discardDraft(this.code()));
      this.setCourse(await firstValueFrom(this.api.course(this.code())));
    }, '下書きを破棄しました。');
    this.confirming.set(null);
    if (done) this.focusLater('draft-heading');
  }

  private focusLater(id: string): void {
    afterNextRender(() => document.getElementById(id)?.focus(), { injector: this.injector });
  }
}
