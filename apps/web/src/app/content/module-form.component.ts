import {
  ChangeDetectionStrategy,
  Component,
  Injector,
  afterNextRender,
  computed,
  inject,
  input,
  linkedSignal,
  output,
  signal,
} from '@angular/core';
import type {
  ModuleAdminView,
  ModuleContent,
  ModuleInput,
  ModuleKindName,
  PackageView,
  QuizAnswerReveal,
} from '@dx/contract';
import { firstValueFrom } from 'rxjs';
import { type Problem, toProblem } from '../shared/problem';
import { ProblemAlertComponent } from '../shared/problem-alert.component';
import { MEGABYTE, MODULE_KIND_LABELS, errorsByField, fromTokyoLocal, toTokyoLocal } from './content-labels';
import { ContentApi } from './content.api';
import { PackageUploadComponent } from './package-upload.component';

const MAX_MARKDOWN = 20_000;

/** The form's values, all as the inputs hold them (text), per field name. */
type Values = Record<string, string | boolean>;

function initialValues(kind: ModuleKindName, module: ModuleAdminView | null): Values {
  const c = module?.content ?? {};
  const s = (key: string, fallback = ''): string =>
    c[key] === undefined || c[key] === null ? fallback : String(c[key]);
  const common = { title: module?.title ?? '', required: module?.required ?? true };
  switch (kind) {
    case 'lesson':
      return { ...common, markdown: s('markdown'), videoUrl: s('videoUrl') };
    case 'quiz':
      return {
        ...common,
        passMark: s('passMark', '80'),
        attemptLimit: s('attemptLimit', '3'),
        drawCount: s('drawCount'),
        revealCorrectAnswers: s('revealCorrectAnswers', 'after_pass_or_last_attempt'),
      };
    case 'external':
      return {
        ...common,
        provider: s('provider', 'udemy_business'),
        url: s('url'),
        courseId: s('courseId'),
        note: s('note'),
      };
    case 'live':
      return {
        ...common,
        format: s('format', '集合研修'),
        startsAt: toTokyoLocal(c['startsAt'] as string | undefined),
        endsAt: toTokyoLocal(c['endsAt'] as string | undefined),
        place: s('place'),
        meetingUrl: s('meetingUrl'),
        capacity: s('capacity', '30'),
      };
    case 'assignment':
      return {
        ...common,
        instructions: s('instructions'),
        allowFile: c['allowFile'] === undefined ? true : c['allowFile'] === true,
        allowedExtensions: Array.isArray(c['allowedExtensions'])
          ? (c['allowedExtensions'] as string[]).join(', ')
          : 'pdf, docx, xlsx',
        maxFileMb:
          c['maxFileBytes'] === undefined
            ? '10'
            : String(Math.round(((c['maxFileBytes'] as number) / MEGABYTE) * 10) / 10),
      };
    case 'package':
      return { ...common, packageId: s('packageId') };
  }
}

/** A number as typed; empty becomes null so the API names the field instead of us guessing. */
function num(value: string | boolean): number | null {
  const text = String(value).trim();
  return text === '' ? null : Number(text);
}

function optional(value: string | boolean): string | undefined {
  const text = String(value).trim();
  return text === '' ? undefined : text;
}

function contentOf(kind: ModuleKindName, v: Values): ModuleContent {
  switch (kind) {
    case 'lesson':
      return { markdown: String(v['markdown']), videoUrl: optional(v['videoUrl']) };
    case 'quiz':
      return {
        passMark: num(v['passMark']) as number,
        attemptLimit: num(v['attemptLimit']) as number,
        drawCount: num(v['drawCount']),
        revealCorrectAnswers: v['revealCorrectAnswers'] as QuizAnswerReveal,
      };
    case 'external':
      return {
        provider: v['provider'] as 'udemy_business' | 'other',
        url: String(v['url']).trim(),
        courseId: optional(v['courseId']),
        note: optional(v['note']),
      };
    case 'live':
      return {
        format: v['format'] as '集合研修' | 'Web会議',
        startsAt: fromTokyoLocal(String(v['startsAt'])),
        endsAt: fromTokyoLocal(String(v['endsAt'])),
        place: optional(v['place']),
        meetingUrl: optional(v['meetingUrl']),
        capacity: num(v['capacity']) as number,
      };
    case 'assignment': {
      const mb = num(v['maxFileMb']);
      return {
        instructions: String(v['instructions']),
        allowFile: v['allowFile'] === true,
        allowedExtensions: String(v['allowedExtensions'])
          .split(/[,、\s]+/)
          .map((e) => e.trim())
          .filter((e) => e !== ''),
        maxFileBytes: mb === null ? (null as unknown as number) : Math.round(mb * MEGABYTE),
      };
    }
    case 'package':
      return { packageId: num(v['packageId']) as number };
  }
}

/** The choices of 正答の表示, the safe one first (it is the default). */
const QUIZ_REVEAL_OPTIONS: { value: QuizAnswerReveal; label: string }[] = [
  { value: 'after_pass_or_last_attempt', label: '合格した後、または最後の受験の後に表示する（推奨）' },
  { value: 'after_each_attempt', label: '毎回の受験の後に表示する' },
];

/** Which input shows the API's error for a field (the file size is typed in MB, stored in bytes). */
const FIELD_OF_ERROR: Record<string, string> = { 'content.maxFileBytes': 'maxFileMb' };

/** Adds or edits one module of the draft, with the settings of its kind. */
@Component({
  selector: 'dx-module-form',
  imports: [ProblemAlertComponent, PackageUploadComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <form class="card" (submit)="save($event)" novalidate>
      <h3 id="module-form-heading" tabindex="-1">{{ heading() }}</h3>

      <div class="field">
        <label for="module-title">モジュール名</label>
        <input
          id="module-title"
          type="text"
          [value]="text('title')"
          (input)="set('title', $event)"
          [attr.aria-invalid]="invalid('title')"
          [attr.aria-describedby]="describedBy('title')"
        />
        @if (invalid('title')) {
          <p id="module-title-error" class="field-error">{{ messages('title') }}</p>
        }
      </div>
      <div class="field">
        <label class="checkbox">
          <input
            type="checkbox"
            [checked]="values()['required'] === true"
            (change)="setChecked('required', $event)"
          />
          修了に必須のモジュールにする
        </label>
      </div>

      @switch (kind()) {
        @case ('lesson') {
          <div class="field">
            <label for="module-markdown">本文（Markdown）</label>
            <textarea
              id="module-markdown"
              rows="14"
              [value]="text('markdown')"
              (input)="set('markdown', $event)"
              [attr.aria-invalid]="invalid('markdown')"
              [attr.aria-describedby]="describedBy('markdown', 'module-markdown-hint')"
            ></textarea>
            <p id="module-markdown-hint" class="hint">
              見出しは「#」、箇条書きは「-」で書けます。{{ markdownLength() }} ／ {{ maxMarkdown }}文字
            </p>
            @if (invalid('markdown')) {
              <p id="module-markdown-error" class="field-error">{{ messages('markdown') }}</p>
            }
          </div>
          <div class="field">
            <label for="module-videoUrl">動画のURL（任意）</label>
            <input
              id="module-videoUrl"
              type="url"
              inputmode="url"
              [value]="text('videoUrl')"
              (input)="set('videoUrl', $event)"
              [attr.aria-invalid]="invalid('videoUrl')"
              [attr.aria-describedby]="describedBy('videoUrl', 'module-videoUrl-hint')"
            />
            <p id="module-videoUrl-hint" class="hint">https:// で始まる庁内の動画のURLです。</p>
            @if (invalid('videoUrl')) {
              <p id="module-videoUrl-error" class="field-error">{{ messages('videoUrl') }}</p>
            }
          </div>
        }
        @case ('quiz') {
          <div class="field field-inline">
            <label for="module-passMark">合格点（0〜100点）</label>
            <input
              id="module-passMark"
              type="number"
              min="0"
              max="100"
              [value]="text('passMark')"
              (input)="set('passMark', $event)"
              [attr.aria-invalid]="invalid('passMark')"
              [attr.aria-describedby]="describedBy('passMark')"
            />
            @if (invalid('passMark')) {
              <p id="module-passMark-error" class="field-error">{{ messages('passMark') }}</p>
            }
          </div>
          <div class="field field-inline">
            <label for="module-attemptLimit">受験回数の上限（1〜10回）</label>
            <input
              id="module-attemptLimit"
              type="number"
              min="1"
              max="10"
              [value]="text('attemptLimit')"
              (input)="set('attemptLimit', $event)"
              [attr.aria-invalid]="invalid('attemptLimit')"
              [attr.aria-describedby]="describedBy('attemptLimit')"
            />
            @if (invalid('attemptLimit')) {
              <p id="module-attemptLimit-error" class="field-error">{{ messages('attemptLimit') }}</p>
            }
          </div>
          <div class="field field-inline">
            <label for="module-drawCount">毎回の出題数（任意）</label>
            <input
              id="module-drawCount"
              type="number"
              min="1"
              [value]="text('drawCount')"
              (input)="set('drawCount', $event)"
              [attr.aria-invalid]="invalid('drawCount')"
              [attr.aria-describedby]="describedBy('drawCount', 'module-drawCount-hint')"
            />
            <p id="module-drawCount-hint" class="hint">空欄にすると、すべての問題を出題します。</p>
            @if (invalid('drawCount')) {
              <p id="module-drawCount-error" class="field-error">{{ messages('drawCount') }}</p>
            }
          </div>
          <div class="field">
            <label for="module-revealCorrectAnswers">正答の表示</label>
            <select
              id="module-revealCorrectAnswers"
              [value]="text('revealCorrectAnswers')"
              (change)="set('revealCorrectAnswers', $event)"
              [attr.aria-invalid]="invalid('revealCorrectAnswers')"
              [attr.aria-describedby]="
                describedBy('revealCorrectAnswers', 'module-revealCorrectAnswers-hint')
              "
            >
              @for (option of revealOptions; track option.value) {
                <option [value]="option.value">{{ option.label }}</option>
              }
            </select>
            <p id="module-revealCorrectAnswers-hint" class="hint">
              不合格の後は、どの問題が不正解だったかと解説を必ず表示します。正答の選択肢を示す時期をここで選びます。
            </p>
            @if (invalid('revealCorrectAnswers')) {
              <p id="module-revealCorrectAnswers-error" class="field-error">
                {{ messages('revealCorrectAnswers') }}
              </p>
            }
          </div>
          @if (module() === null) {
            <p class="hint">問題は、このモジュールを追加した後で登録します。</p>
          }
        }
        @case ('external') {
          <div class="field">
            <label for="module-provider">提供元</label>
            <select id="module-provider" [value]="text('provider')" (change)="set('provider', $event)">
              <option value="udemy_business">Udemy Business</option>
              <option value="other">その他</option>
            </select>
          </div>
          <div class="field">
            <label for="module-url">講座のURL</label>
            <input
              id="module-url"
              type="url"
              inputmode="url"
              [value]="text('url')"
              (input)="set('url', $event)"
              [attr.aria-invalid]="invalid('url')"
              [attr.aria-describedby]="describedBy('url')"
            />
            @if (invalid('url')) {
              <p id="module-url-error" class="field-error">{{ messages('url') }}</p>
            }
          </div>
          <div class="field">
            <label for="module-courseId">講座ID（任意）</label>
            <input
              id="module-courseId"
              type="text"
              [value]="text('courseId')"
              (input)="set('courseId', $event)"
              aria-describedby="module-courseId-hint"
            />
            <p id="module-courseId-hint" class="hint">修了実績の取込で、この講座と照合するIDです。</p>
          </div>
          <div class="field">
            <label for="module-note">補足（任意）</label>
            <textarea
              id="module-note"
              rows="3"
              [value]="text('note')"
              (input)="set('note', $event)"
            ></textarea>
          </div>
        }
        @case ('live') {
          <div class="field">
            <label for="module-format">形式</label>
            <select id="module-format" [value]="text('format')" (change)="set('format', $event)">
              <option value="集合研修">集合研修</option>
              <option value="Web会議">Web会議</option>
            </select>
          </div>
          <div class="field field-inline">
            <label for="module-startsAt">開始日時</label>
            <input
              id="module-startsAt"
              type="datetime-local"
              [value]="text('startsAt')"
              (input)="set('startsAt', $event)"
              [attr.aria-invalid]="invalid('startsAt')"
              [attr.aria-describedby]="describedBy('startsAt')"
            />
            @if (invalid('startsAt')) {
              <p id="module-startsAt-error" class="field-error">{{ messages('startsAt') }}</p>
            }
          </div>
          <div class="field field-inline">
            <label for="module-endsAt">終了日時</label>
            <input
              id="module-endsAt"
              type="datetime-local"
              [value]="text('endsAt')"
              (input)="set('endsAt', $event)"
              [attr.aria-invalid]="invalid('endsAt')"
              [attr.aria-describedby]="describedBy('endsAt')"
            />
            @if (invalid('endsAt')) {
              <p id="module-endsAt-error" class="field-error">{{ messages('endsAt') }}</p>
            }
          </div>
          <div class="field">
            <label for="module-place">会場（任意）</label>
            <input id="module-place" type="text" [value]="text('place')" (input)="set('place', $event)" />
          </div>
          <div class="field">
            <label for="module-meetingUrl">会議のURL（任意）</label>
            <input
              id="module-meetingUrl"
              type="url"
              inputmode="url"
              [value]="text('meetingUrl')"
              (input)="set('meetingUrl', $event)"
              [attr.aria-invalid]="invalid('meetingUrl')"
              [attr.aria-describedby]="describedBy('meetingUrl')"
            />
            @if (invalid('meetingUrl')) {
              <p id="module-meetingUrl-error" class="field-error">{{ messages('meetingUrl') }}</p>
            }
          </div>
          <div class="field field-inline">
            <label for="module-capacity">定員（人）</label>
            <input
              id="module-capacity"
              type="number"
              min="1"
              [value]="text('capacity')"
              (input)="set('capacity', $event)"
              [attr.aria-invalid]="invalid('capacity')"
              [attr.aria-describedby]="describedBy('capacity')"
            />
            @if (invalid('capacity')) {
              <p id="module-capacity-error" class="field-error">{{ messages('capacity') }}</p>
            }
          </div>
        }
        @case ('assignment') {
          <div class="field">
            <label for="module-instructions">課題の説明</label>
            <textarea
              id="module-instructions"
              rows="8"
              [value]="text('instructions')"
              (input)="set('instructions', $event)"
              [attr.aria-invalid]="invalid('instructions')"
              [attr.aria-describedby]="describedBy('instructions')"
            ></textarea>
            @if (invalid('instructions')) {
              <p id="module-instructions-error" class="field-error">{{ messages('instructions') }}</p>
            }
          </div>
          <div class="field">
            <label class="checkbox">
              <input
                type="checkbox"
                [checked]="values()['allowFile'] === true"
                (change)="setChecked('allowFile', $event)"
              />
              ファイルの添付を受け付ける
            </label>
          </div>
          <div class="field">
            <label for="module-allowedExtensions">添付できるファイルの種類</label>
            <input
              id="module-allowedExtensions"
              type="text"
              [value]="text('allowedExtensions')"
              (input)="set('allowedExtensions', $event)"
              [attr.aria-invalid]="invalid('allowedExtensions')"
              [attr.aria-describedby]="describedBy('allowedExtensions', 'module-allowedExtensions-hint')"
            />
            <p id="module-allowedExtensions-hint" class="hint">
              拡張子をカンマで区切って入力します（例：pdf, docx, xlsx）。
            </p>
            @if (invalid('allowedExtensions')) {
              <p id="module-allowedExtensions-error" class="field-error">
                {{ messages('allowedExtensions') }}
              </p>
            }
          </div>
          <div class="field field-inline">
            <label for="module-maxFileMb">ファイルの上限サイズ（MB、20MBまで）</label>
            <input
              id="module-maxFileMb"
              type="number"
              min="0.1"
              max="20"
              step="0.1"
              [value]="text('maxFileMb')"
              (input)="set('maxFileMb', $event)"
              [attr.aria-invalid]="invalid('maxFileMb')"
              [attr.aria-describedby]="describedBy('maxFileMb')"
            />
            @if (invalid('maxFileMb')) {
              <p id="module-maxFileMb-error" class="field-error">{{ messages('maxFileMb') }}</p>
            }
          </div>
        }
        @case ('package') {
          <dx-package-upload
            [packageId]="text('packageId')"
            [error]="messages('packageId')"
            (uploaded)="packageUploaded($event)"
          />
        }
      }

      <div role="alert" aria-atomic="true" class="live-region">
        <dx-problem-alert [problem]="problem()" [showFieldErrors]="unplacedErrors()" />
      </div>
      <div class="button-row">
        <button type="submit" class="button button-primary" [disabled]="busy()">
          {{ module() === null ? 'モジュールを追加する' : 'モジュールを保存する' }}
        </button>
        <button type="button" class="button" (click)="cancelled.emit()">キャンセル</button>
      </div>
    </form>
  `,
})
export class ModuleFormComponent {
  private readonly api = inject(ContentApi);

  readonly courseCode = input.required<string>();
  readonly kind = input.required<ModuleKindName>();
  /** The draft module to edit, or null to add one. */
  readonly module = input<ModuleAdminView | null>(null);
  readonly saved = output<ModuleAdminView>();
  readonly cancelled = output<void>();

  protected readonly maxMarkdown = MAX_MARKDOWN;
  protected readonly revealOptions = QUIZ_REVEAL_OPTIONS;
  protected readonly values = linkedSignal<Values>(() => initialValues(this.kind(), this.module()));
  protected readonly busy = signal(false);
  protected readonly problem = signal<Problem | null>(null);

  protected readonly heading = computed(() => {
    const module = this.module();
    const label = MODULE_KIND_LABELS[this.kind()];
    return module === null ? `${label}を追加` : `「${module.title}」を編集（${label}）`;
  });
  protected readonly markdownLength = computed(() => String(this.values()['markdown'] ?? '').length);

  /** Errors by input name: 'content.passMark' → 'passMark', 'title' → 'title'. */
  private readonly byInput = computed(() => {
    const byField = errorsByField(this.problem()?.errors);
    const byInput = new Map<string, string[]>();
    for (const [field, messages] of byField) {
      const name = FIELD_OF_ERROR[field] ?? field.replace(/^content\./, '');
      byInput.set(name, [...(byInput.get(name) ?? []), ...messages]);
    }
    return byInput;
  });
  /** Errors no input shows (a field this form has no control for): listed under the problem instead. */
  protected readonly unplacedErrors = computed(() => {
    const shown = new Set(Object.keys(this.values()));
    return [...this.byInput().keys()].some((name) => !shown.has(name));
  });

  constructor() {
    afterNextRender(() => document.getElementById('module-form-heading')?.focus(), {
      injector: inject(Injector),
    });
  }

  protected text(name: string): string {
    return String(this.values()[name] ?? '');
  }

  protected set(name: string, event: Event): void {
    const value = (event.target as HTMLInputElement).value;
    this.values.update((v) => ({ ...v, [name]: value }));
  }

  protected setChecked(name: string, event: Event): void {
    const checked = (event.target as HTMLInputElement).checked;
    this.values.update((v) => ({ ...v, [name]: checked }));
  }

  /** An uploaded package becomes this module's content; its title is the module's name unless one was typed. */
  protected packageUploaded(view: PackageView): void {
    this.values.update((v) => ({
      ...v,
      packageId: String(view.id),
      title: String(v['title']).trim() === '' ? view.title : v['title'],
    }));
  }

  protected invalid(name: string): boolean {
    return this.byInput().has(name);
  }

  protected messages(name: string): string {
    return (this.byInput().get(name) ?? []).join(' ');
  }

  protected describedBy(name: string, hintId?: string): string | null {
    const ids = [hintId, this.invalid(name) ? `module-${name}-error` : undefined].filter(Boolean);
    return ids.length > 0 ? ids.join(' ') : null;
  }

  protected async save(event: Event): Promise<void> {
    event.preventDefault();
    if (this.busy()) return;
    const v = this.values();
    const body: ModuleInput = {
      kind: this.kind(),
      title: String(v['title']).trim(),
      required: v['required'] === true,
      content: contentOf(this.kind(), v),
    };
    this.busy.set(true);
    this.problem.set(null);
    try {
      const module = this.module();
      const saved = await firstValueFrom(
        module === null
          ? this.api.addModule(this.courseCode(), body)
          : this.api.updateModule(this.courseCode(), module.id, body),
      );
      this.saved.emit(saved);
    } catch (error) {
      this.problem.set(toProblem(error));
    } finally {
      this.busy.set(false);
    }
  }
}
