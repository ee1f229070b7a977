import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { ModuleAdminView } from '@dx/contract';
import { MEGABYTE, MODULE_KIND_LABELS, toTokyoLocal } from './content-labels';

/** A module shown read-only (the published version): its settings, and a quiz's questions with the answers. */
@Component({
  selector: 'dx-module-summary',
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    pre {
      white-space: pre-wrap;
      max-height: 20rem;
      overflow: auto;
      background: var(--color-bg-soft);
      padding: 0.75rem;
    }
  `,
  template: `
    @let m = module();
    <h3 class="module-heading">
      {{ m.position }}. {{ m.title }}
      <span class="module-meta">
        <span class="module-kind">{{ kindLabel() }}</span>
        <span class="module-required">{{ m.required ? '必須' : '任意' }}</span>
      </span>
    </h3>
    <details>
      <summary>
        内容を表示<span class="visually-hidden">（{{ m.title }}）</span>
      </summary>
      <dl class="enrollment-facts">
        @for (fact of facts(); track fact[0]) {
          <div>
            <dt>{{ fact[0] }}</dt>
            <dd>{{ fact[1] }}</dd>
          </div>
        }
      </dl>
      @if (m.kind === 'lesson') {
        <pre>{{ m.content['markdown'] }}</pre>
      }
      @if (m.questions; as questions) {
        <ol>
          @for (q of questions; track q.id) {
            <li>
              {{ q.text }}（{{ q.kind === 'single' ? '1つ選ぶ' : '複数選ぶ' }}）
              <ul>
                @for (choice of q.choices; track choice.id) {
                  <li>
                    {{ choice.text }}
                    @if (choice.correct) {
                      <span class="tag tag-correct">正解</span>
                    }
                  </li>
                }
              </ul>
            </li>
          }
        </ol>
      }
    </details>
  `,
})
export class ModuleSummaryComponent {
  readonly module = input.required<ModuleAdminView>();

  protected readonly kindLabel = computed(() => MODULE_KIND_LABELS[this.module().kind]);

  /** The kind's settings as label/value pairs. */
  protected readonly facts = computed<[string, string][]>(() => {
    const m = this.module();
    const c = m.content;
    const s = (key: string) =>
      c[key] === undefined || c[key] === null || c[key] === '' ? '—' : String(c[key]);
    switch (m.kind) {
      case 'lesson':
        return [['動画のURL', s('videoUrl')]];
      case 'quiz':
        return [
          ['合格点', `${s('passMark')}点`],
          ['受験回数の上限', `${s('attemptLimit')}回`],
          ['毎回の出題数', c['drawCount'] ? `${s('drawCount')}問` : 'すべて'],
          [
            '正答の表示',
            c['revealCorrectAnswers'] === 'after_each_attempt'
              ? '毎回の受験の後'
              : '合格後または最後の受験の後',
          ],
          ['問題数', `${m.questions?.length ?? 0}問`],
        ];
      case 'external':
        return [
          ['提供元', c['provider'] === 'udemy_business' ? 'Udemy Business' : 'その他'],
          ['講座のURL', s('url')],
          ['講座ID', s('courseId')],
          ['補足', s('note')],
        ];
      case 'live':
        return [
          ['形式', s('format')],
          ['開始日時', toTokyoLocal(c['startsAt'] as string).replace('T', ' ') || '—'],
          ['終了日時', toTokyoLocal(c['endsAt'] as string).replace('T', ' ') || '—'],
          ['会場', s('place')],
          ['会議のURL', s('meetingUrl')],
          ['定員', `${s('capacity')}人`],
        ];
      case 'assignment':
        return [
          ['課題の説明', s('instructions')],
          ['ファイルの添付', c['allowFile'] ? '受け付ける' : '受け付けない'],
          [
            '添付できる種類',
            Array.isArray(c['allowedExtensions']) ? (c['allowedExtensions'] as string[]).join(', ') : '—',
          ],
          [
            '上限サイズ',
            typeof c['maxFileBytes'] === 'number'
              ? `${Math.round((c['maxFileBytes'] / MEGABYTE) * 10) / 10}MB`
              : '—',
          ],
        ];
      case 'package':
        return [['教材パッケージ', `No. ${s('packageId')}`]];
    }
  });
}
