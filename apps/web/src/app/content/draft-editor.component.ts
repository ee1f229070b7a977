import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import type { ModuleAdminView, ModuleKindName } from '@dx/contract';
import { firstValueFrom } from 'rxjs';
import { MODULE_KINDS, MODULE_KIND_LABELS, versionLabel } from './content-labels';
import { ContentApi } from './content.api';
import { CourseEditorStore } from './course-editor.store';
import { DraftPublishComponent } from './draft-publish.component';
import { ModuleFormComponent } from './module-form.component';
import { QuestionEditorComponent } from './question-editor.component';

/**
 * The draft of a course (published version + 1): its modules in order, each edited, moved, deleted and (a quiz) given
 * its questions; a module added by kind; then publishing or discarding. Without a draft, the button that makes one.
 */
@Component({
  selector: 'dx-draft-editor',
  imports: [DraftPublishComponent, ModuleFormComponent, QuestionEditorComponent, ReactiveFormsModule],
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
  `,
  template: `
    @if (course(); as c) {
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
              <select id="new-kind" [formControl]="newKind">
                @for (kind of moduleKinds; track kind) {
                  <option [value]="kind">{{ kindLabels[kind] }}</option>
                }
              </select>
            </div>
            <button type="button" class="button" (click)="adding.set(newKind.value)">モジュールを追加</button>
          </div>
        }
        <h3>公開</h3>
        <dx-draft-publish [version]="draft.version" (published)="closeAllQuestions()" />
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
    }
  `,
})
export class DraftEditorComponent {
  private readonly api = inject(ContentApi);
  private readonly store = inject(CourseEditorStore);

  protected readonly kindLabels = MODULE_KIND_LABELS;
  protected readonly moduleKinds = MODULE_KINDS;
  protected readonly versionLabel = versionLabel;

  protected readonly course = this.store.course;
  protected readonly busy = this.store.busy;
  protected readonly editingId = signal<number | null>(null);
  protected readonly adding = signal<ModuleKindName | null>(null);
  /** The kind 「モジュールを追加」 adds. */
  protected readonly newKind = new FormControl<ModuleKindName>('lesson', { nonNullable: true });
  protected readonly openQuestions = signal<ReadonlySet<number>>(new Set());

  protected isConfirmingDelete(moduleId: number): boolean {
    return this.store.isConfirmingDelete(moduleId);
  }

  protected cancelConfirm(focusId: string): void {
    this.store.cancelConfirm(focusId);
  }

  protected refresh(): Promise<void> {
    return this.store.refresh();
  }

  protected async createDraft(): Promise<void> {
    const done = await this.store.run(
      async () => this.store.setCourse(await firstValueFrom(this.api.createDraft(this.store.code()))),
      '下書きを作成しました。',
    );
    if (done) this.store.focusLater('draft-heading');
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

  /** After publishing there is no draft left whose questions could be open. */
  protected closeAllQuestions(): void {
    this.openQuestions.set(new Set());
  }

  protected closeForm(focusId: string): void {
    this.editingId.set(null);
    this.adding.set(null);
    this.store.focusLater(focusId);
  }

  protected async moduleSaved(module: ModuleAdminView, added: boolean): Promise<void> {
    this.editingId.set(null);
    this.adding.set(null);
    await this.store.refresh();
    this.store.message.set(
      added ? `「${module.title}」を追加しました。` : `「${module.title}」を保存しました。`,
    );
    if (added && module.kind === 'quiz') this.openQuestions.update((open) => new Set(open).add(module.id));
    this.store.focusLater(`draft-module-${module.id}`);
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
    const done = await this.store.run(
      async () => {
        const draft = await firstValueFrom(this.api.reorder(c.code, ids));
        this.store.detail.update((current) => (current ? { ...current, draft } : current));
      },
      `「${moved.title}」を${target + 1}番目に移動しました。`,
    );
    if (!done) return;
    const atEnd = target === 0 || target === modules.length - 1;
    const button = delta < 0 ? (atEnd ? 'move-down-' : 'move-up-') : atEnd ? 'move-up-' : 'move-down-';
    this.store.focusLater(button + moved.id);
  }

  protected askDeleteModule(m: ModuleAdminView): void {
    this.store.confirming.set({ deleteModule: m.id });
    this.store.focusLater(`confirm-delete-${m.id}`);
  }

  protected async deleteModule(m: ModuleAdminView): Promise<void> {
    const code = this.store.code();
    const done = await this.store.run(async () => {
      await firstValueFrom(this.api.deleteModule(code, m.id));
      this.store.setCourse(await firstValueFrom(this.api.course(code)));
    }, `「${m.title}」を削除しました。`);
    if (done) {
      this.store.confirming.set(null);
      if (this.editingId() === m.id) this.editingId.set(null);
      this.store.focusLater('draft-heading');
    }
  }
}
