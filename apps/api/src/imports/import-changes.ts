import type {
  ImportChange,
  ImportChangeField,
  ImportChangeList,
  ImportFieldChange,
  ImportWarning,
  ImportWarningCode,
} from '@dx/contract';
import { charactersOutsideCp932 } from '@dx/codecs';
import { charactersIn, diffText, type DetectedEncoding } from '@dx/domain';

/**
 * Enough to read through in a browser and small enough to answer quickly for a 30,000-row roster; the counts
 * stay exact, and changes with a warning are always kept.
 */
export const MAX_LISTED_CHANGES = 2000;

/**
 * Fields whose characters are compared (and highlighted). The others name another thing altogether (another unit,
 * position or date) and are marked whole.
 */
const TEXT_FIELDS: ReadonlySet<ImportChangeField> = new Set(['name', 'nameKana', 'email']);
/** Fields a Shift_JIS file may have stripped of characters it cannot hold. */
const NAME_FIELDS: ReadonlySet<ImportChangeField> = new Set(['name', 'nameKana']);

/** Collects the changes of one import: what is listed, what is counted, and the warnings. */
export class ChangeCollector {
  private readonly all: ImportChange[] = [];
  private readonly warningCounts = new Map<ImportWarningCode, number>();
  private readonly lostCharacters = new Set<string>();

  constructor(private readonly encoding: DetectedEncoding) {}

  /** One field's before → after, or nothing when it did not change. */
  field(field: ImportChangeField, before: string | null, after: string | null): ImportFieldChange | null {
    if (before === after) return null;
    const change: ImportFieldChange = { field, before, after };
    if (before === null || after === null) return change;
    if (!TEXT_FIELDS.has(field)) {
      change.removed = before ? [[0, before.length]] : [];
      change.added = after ? [[0, after.length]] : [];
    } else {
      const diff = diffText(before, after);
      change.removed = diff.removed;
      change.added = diff.added;
      if (this.encoding === 'shift_jis' && NAME_FIELDS.has(field)) {
        const lost = charactersOutsideCp932(charactersIn(before, diff.removed).join(''));
        if (lost.length > 0) {
          change.lost = lost;
          lost.forEach((c) => this.lostCharacters.add(c));
        }
      }
    }
    return change;
  }

  add(change: Omit<ImportChange, 'fields' | 'warnings'>, fields: (ImportFieldChange | null)[]): void {
    const kept = fields.filter((f): f is ImportFieldChange => f !== null);
    const entry: ImportChange = { ...change, fields: kept };
    if (kept.some((f) => f.lost)) {
      entry.warnings = ['encoding-loss'];
      this.count('encoding-loss');
    }
    this.all.push(entry);
  }

  count(code: ImportWarningCode, n = 1): void {
    this.warningCounts.set(code, (this.warningCounts.get(code) ?? 0) + n);
  }

  result(extraWarnings: ImportWarning[] = []): ImportChangeList {
    const warnings: ImportWarning[] = [];
    const lossCount = this.warningCounts.get('encoding-loss') ?? 0;
    if (lossCount > 0) {
      warnings.push({
        code: 'encoding-loss',
        count: lossCount,
        message:
          `Shift_JIS のファイルでは表せない文字（${[...this.lostCharacters].slice(0, 10).join('・')}）が、${lossCount}件の名前で別の文字に置き換わっています。` +
          'このまま反映すると登録済みの正しい字が失われます。人事システムから UTF-8 で出力し直したファイルを送ってください。',
      });
    }
    warnings.push(...extraWarnings);
    if (this.all.length <= MAX_LISTED_CHANGES)
      return { changes: this.all, changesTruncated: false, warnings };
    const warned = this.all.filter((c) => c.warnings);
    let room = MAX_LISTED_CHANGES - Math.min(warned.length, MAX_LISTED_CHANGES);
    const listed = this.all.filter((c) => {
      if (c.warnings) return true;
      if (room <= 0) return false;
      room--;
      return true;
    });
    return { changes: listed.slice(0, Math.max(MAX_LISTED_CHANGES, 0)), changesTruncated: true, warnings };
  }
}
